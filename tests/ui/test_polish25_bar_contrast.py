"""The dashboard's chart bars stand out from the window at least 3:1 (WCAG 1.4.11, a
graphical object) whatever the system's highlight: a dark one (#15539e) on a dark window
was drawn as it came, 2.1:1 on #202020. A highlight that stands out already is drawn as it is."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from approvals.ui.dashboard import BAR_CONTRAST, StateChart, bar_colour
from approvals.ui.style import blend, contrast_ratio
from tests.ui.conftest import dark_palette
from tests.ui.ux_checks import contrast

COUNTS = [("CN-FISR", "draft", 12), ("CN-SAMR", "phase_1_review", 7), ("US-OISP", "closed", 1)]


def _palette(window: str, text: str, highlight: str) -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, window),
                         (QPalette.ColorRole.WindowText, text),
                         (QPalette.ColorRole.Highlight, highlight)):
        palette.setColor(role, QColor(colour))  # every colour group
    return palette


def _bar_pixels(chart: StateChart) -> list[QColor]:
    """The colour drawn at the start of each bar, from the chart as grabbed."""
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    x = chart._label_width(chart.width()) + 1
    text_h = chart.fontMetrics().height()
    y = chart._title_height(chart.width())
    pixels = []
    for lines in chart._label_lines(chart.width()):
        middle = y + chart._line() // 2
        pixels.append(QColor(image.pixel(int(x * ratio), int(middle * ratio))))
        y += len(lines) * text_h + 6
    return pixels


@pytest.mark.parametrize(("window", "text", "highlight"), [
    ("#202020", "#e8e8e8", "#15539e"),  # a dark system highlight on a dark window
    ("#353535", "#ffffff", "#15539e"),
    ("#ffffff", "#000000", "#9ccaff"),  # a pale highlight on a light window
])
def test_a_bar_stands_out_from_the_window(qtbot, window: str, text: str,
                                          highlight: str) -> None:
    palette = _palette(window, text, highlight)
    assert contrast_ratio(QColor(highlight), QColor(window)) < BAR_CONTRAST  # the case
    chart = StateChart()
    qtbot.addWidget(chart)
    chart.setPalette(palette)
    chart.set_counts(COUNTS)
    chart.resize(360, chart.heightForWidth(360))
    pixels = _bar_pixels(chart)
    assert len(pixels) == 3
    for pixel in pixels:
        assert contrast_ratio(pixel, QColor(window)) >= BAR_CONTRAST, pixel.name()
        # Still the highlight's hue, not the text colour: blue over red.
        assert pixel.blue() > pixel.red(), pixel.name()


def test_a_highlight_that_stands_out_is_drawn_as_it_is(qtbot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for palette in (app.palette(), _palette("#202020", "#e8e8e8", "#2f6fc0")):
        accent = palette.color(QPalette.ColorRole.Highlight)
        window = palette.color(QPalette.ColorRole.Window)
        assert contrast_ratio(accent, window) >= BAR_CONTRAST
        assert bar_colour(palette) == accent
    with dark_palette():
        palette = app.palette()
        assert bar_colour(palette) == palette.color(QPalette.ColorRole.Highlight)


def test_the_contrast_ratio_is_wcags() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#15539e"), QColor("#202020")) == pytest.approx(
        contrast_ratio(QColor("#202020"), QColor("#15539e")))


@pytest.mark.parametrize(("one", "other"), [
    ("#2f6fc0", "#202020"), ("#e8e8e8", "#1e1e1e"), ("#9ccaff", "#ffffff"), ("#808080", "#0a0a0a"),
])
def test_the_apps_contrast_agrees_with_the_tests_own(one: str, other: str) -> None:
    """The app's one contrast function (approvals.ui.style) against the tests' independent
    copy (tests/ui/ux_checks.py). Their sRGB thresholds (0.04045, and WCAG 2.1's 0.03928)
    part no 8-bit channel: 10/255 falls below both, 11/255 above."""
    assert contrast_ratio(QColor(one), QColor(other)) == pytest.approx(
        contrast(QColor(one), QColor(other)), abs=1e-6)


def test_blend_moves_a_share_of_the_way() -> None:
    start, end = QColor("#000000"), QColor("#ffffff")
    assert blend(start, end, 0) == start
    assert blend(start, end, 1) == end
    assert blend(QColor("#204060"), QColor("#6080a0"), 0.5).name() == "#406080"
