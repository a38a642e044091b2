"""Where the keyboard focus is shows in a dark desktop theme too: a field, a list, a button
and a check box with the focus have an edge at least 3:1 against the window (WCAG 1.4.11). In
Adwaita-dark (Qt's gtk3 theme: window #323232, highlight #15539e) Fusion drew that edge in
the highlight as it came, 1.7:1, fainter than the 3:1 edge of a field without the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from approvals.ui.style import FOCUS_EDGE_CONTRAST, app_style, focus_edge_colour
from tests.ui.conftest import lasting_style
from tests.ui.palettes import dark_theme_palette
from tests.ui.ux_checks import contrast

# Qt's gtk3 platform theme with GTK_THEME=Adwaita:dark, as measured on the app.
ADWAITA_DARK = {"Window": "#323232", "WindowText": "#ffffff", "Base": "#323232",
                "Text": "#ffffff", "Button": "#323232", "ButtonText": "#ffffff",
                "Highlight": "#15539e", "HighlightedText": "#ffffff"}


def _adwaita_dark() -> QPalette:
    palette = QPalette()
    for role, colour in ADWAITA_DARK.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))  # every group
    return palette


PALETTES = {"adwaita-dark": _adwaita_dark, "tests-dark": dark_theme_palette,
            "light": lambda: QPalette(app_style().standardPalette())}


def _strongest_edge(image_colours: list[QColor], window: QColor) -> float:
    return max(contrast(colour, window) for colour in image_colours)


def _edge_pixels(widget: QWidget, y: int) -> list[QColor]:
    """The colours of the widget's first three columns of pixels on row `y`, as grabbed
    (Fusion draws a field's edge there, and its softer inner line)."""
    image = widget.grab().toImage()
    ratio = image.devicePixelRatio()
    return [QColor(image.pixel(int(x * ratio), int(y * ratio))) for x in range(3)]


@pytest.fixture
def focused_window(qtbot):
    style = lasting_style()  # kept alive for the test's widgets, as are its windows
    windows: list[QWidget] = []

    def make(palette: QPalette) -> tuple[QWidget, QLineEdit, QListWidget, QCheckBox]:
        window = QWidget()
        windows.append(window)
        window.setStyle(style)
        window.setPalette(palette)
        layout = QVBoxLayout(window)
        line, listing, box = QLineEdit(), QListWidget(), QCheckBox("Final")
        listing.addItems(["CN-FISR", "CN-SAMR"])
        for widget in (line, listing, box):
            widget.setStyle(style)
            layout.addWidget(widget)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window, line, listing, box
    return make


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_the_focus_edge_colour_stands_out_from_the_window(qapp, name: str) -> None:
    palette = PALETTES[name]()
    window = palette.color(QPalette.ColorRole.Window)
    assert contrast(focus_edge_colour(palette), window) >= FOCUS_EDGE_CONTRAST


def test_adwaita_dark_highlight_is_the_case(qapp) -> None:
    assert contrast(QColor(ADWAITA_DARK["Highlight"]), QColor(ADWAITA_DARK["Window"])) < 2


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_a_focused_field_and_list_show_their_edge(focused_window, qtbot, name: str) -> None:
    palette = PALETTES[name]()
    window_colour = palette.color(QPalette.ColorRole.Window)
    _, line, listing, _ = focused_window(palette)
    for widget in (line, listing):
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        edge = _strongest_edge(_edge_pixels(widget, widget.height() // 2), window_colour)
        assert edge >= FOCUS_EDGE_CONTRAST, (type(widget).__name__, round(edge, 2))


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_a_check_box_with_the_keyboard_focus_shows_its_rim(focused_window, qtbot,
                                                           name: str) -> None:
    palette = PALETTES[name]()
    window_colour = palette.color(QPalette.ColorRole.Window)
    _, _, listing, box = focused_window(palette)
    listing.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(listing.hasFocus)
    qtbot.keyClick(listing, Qt.Key.Key_Tab)  # the keyboard takes the focus on to the box
    qtbot.waitUntil(box.hasFocus)
    option = QStyleOptionButton()
    box.initStyleOption(option)
    assert option.state & QStyle.StateFlag.State_KeyboardFocusChange  # the case
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option,
                                           box)
    image = box.grab().toImage()
    ratio = image.devicePixelRatio()
    middle = indicator.center().y()
    rim = [QColor(image.pixel(int(x * ratio), int(middle * ratio)))
           for x in range(indicator.left(), indicator.left() + 3)]
    edge = _strongest_edge(rim, window_colour)
    assert edge >= FOCUS_EDGE_CONTRAST, round(edge, 2)


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_a_button_with_the_focus_shows_its_outline(focused_window, qtbot, name: str) -> None:
    palette = PALETTES[name]()
    window_colour = palette.color(QPalette.ColorRole.Window)
    window, line, _, box = focused_window(palette)
    button = QPushButton("&Quit")
    button.setStyle(line.style())
    window.layout().addWidget(button)
    qtbot.waitUntil(button.isVisible)
    box.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Tab)  # the keyboard takes the focus on to the button
    qtbot.waitUntil(button.hasFocus)
    edge = _strongest_edge(_edge_pixels(button, button.height() // 2), window_colour)
    assert edge >= FOCUS_EDGE_CONTRAST, round(edge, 2)


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_the_default_button_shows_its_outline(focused_window, qtbot, name: str) -> None:
    """The button Enter presses is outlined in the highlight too (as Fusion does), and
    as visibly."""
    palette = PALETTES[name]()
    window_colour = palette.color(QPalette.ColorRole.Window)
    window, line, _, _ = focused_window(palette)
    button = QPushButton("Choose and &sign in")
    button.setStyle(line.style())
    button.setDefault(True)
    window.layout().addWidget(button)
    qtbot.waitUntil(button.isVisible)
    edge = _strongest_edge(_edge_pixels(button, button.height() // 2), window_colour)
    assert edge >= FOCUS_EDGE_CONTRAST, round(edge, 2)
