"""The deadlines dashboard's chart at 100,000 tracks: a state with a handful of tracks
beside one with 100,000 still shows a bar (it showed only its number), in the light
palette and a dark one."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from approvals.ui.dashboard import StateChart
from tests.ui.conftest import dark_palette

COUNTS = [("CN-FISR", "draft", 107_143), ("CN-SAMR", "phase_1_review", 7_143),
          ("CN-FISR", "filed", 5), ("US-OISP", "closed", 1)]


def _bar_rows_drawn(chart: StateChart) -> list[bool]:
    """For each bar, whether the bar colour is drawn at the start of its row."""
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    accent = chart.palette().color(QPalette.ColorRole.Highlight)
    x = chart._label_width(chart.width()) + 1
    text_h = chart.fontMetrics().height()
    y = chart._title_height(chart.width())
    drawn = []
    for lines in chart._label_lines(chart.width()):
        height = len(lines) * text_h + 6
        middle = y + chart._line() // 2
        pixel = QColor(image.pixel(int(x * ratio), int(middle * ratio)))
        drawn.append(pixel == accent)
        y += height
    return drawn


def _chart(qtbot) -> StateChart:
    chart = StateChart()
    qtbot.addWidget(chart)
    chart.set_counts(COUNTS)
    chart.resize(360, chart.heightForWidth(360))
    return chart


def test_every_state_with_tracks_shows_a_bar(qtbot) -> None:
    chart = _chart(qtbot)
    assert [b.count for b in chart.bars] == [107_143, 7_143, 5, 1]
    assert _bar_rows_drawn(chart) == [True] * 4


def test_every_state_with_tracks_shows_a_bar_in_a_dark_palette(qtbot) -> None:
    with dark_palette():
        chart = _chart(qtbot)
        assert _bar_rows_drawn(chart) == [True] * 4
