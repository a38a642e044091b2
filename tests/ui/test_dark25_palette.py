"""The dark palette the tests run in is a whole dark desktop theme (every colour role, in
the Active, Inactive and Disabled groups), so a widget that keeps a light-palette colour
shows up; and what it caught: check boxes, radio buttons and fields whose edge Fusion
draws in the window colour a shade darker, invisible on a dark window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from tests.ui.conftest import lasting_style
from tests.ui.ux_checks import AA, contrast

Role, Group = QPalette.ColorRole, QPalette.ColorGroup
# What is drawn on what: text roles on their backgrounds.
PAIRS = [(Role.WindowText, Role.Window), (Role.Text, Role.Base), (Role.Text, Role.AlternateBase),
         (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight),
         (Role.ToolTipText, Role.ToolTipBase), (Role.PlaceholderText, Role.Base),
         (Role.Link, Role.Base), (Role.LinkVisited, Role.Base), (Role.BrightText, Role.Dark)]
BACKGROUNDS = [Role.Window, Role.Base, Role.AlternateBase, Role.Button, Role.ToolTipBase]
NON_TEXT = 3.0  # WCAG 2.1 1.4.11: a control's boundary against what is next to it


def dark() -> QPalette:
    from tests.ui.conftest import dark_palette
    with dark_palette():
        return QPalette(QApplication.palette())


@pytest.mark.parametrize("group", [Group.Active, Group.Inactive])
def test_the_dark_palettes_text_reads_on_its_backgrounds(qapp, group: QPalette.ColorGroup) -> None:
    palette = dark()
    for role in BACKGROUNDS:
        assert palette.color(group, role).lightness() < 100, role
    low = [f"{fg.name} on {bg.name}: {contrast(palette.color(group, fg), palette.color(group, bg)):.1f}"
           for fg, bg in PAIRS
           if contrast(palette.color(group, fg), palette.color(group, bg)) < AA]
    assert low == []


def test_the_dark_palettes_greyed_out_text_is_dimmer_yet_legible(qapp) -> None:
    palette = dark()
    for fg, bg in PAIRS[:4]:
        greyed = contrast(palette.color(Group.Disabled, fg), palette.color(Group.Disabled, bg))
        active = contrast(palette.color(Group.Active, fg), palette.color(Group.Active, bg))
        assert 3.0 <= greyed < active, (fg, bg)
    # The 3-D shades of a dark theme: lighter above the button colour, darker below.
    shades = [palette.color(role).lightness() for role in
              (Role.Light, Role.Midlight, Role.Button, Role.Mid, Role.Dark, Role.Shadow)]
    assert shades == sorted(shades, reverse=True) and len(set(shades)) == len(shades)


def _rim_contrast(image: QImage, x0: int, y0: int, x1: int, y1: int, behind: QColor) -> float:
    return max(contrast(image.pixelColor(x, y), behind)
               for x in range(x0, x1 + 1) for y in range(y0, y1 + 1))


@pytest.mark.parametrize("button_type", [QCheckBox, QRadioButton])
@pytest.mark.parametrize("shade", ["light", "dark"])
def test_an_unticked_box_shows_its_rim(qtbot, button_type: type[QAbstractButton],
                                       shade: str) -> None:
    """An unticked Final (stored with the case) or Oldest first: its rim 3:1 against the
    window (Fusion's was 1.1:1 on a dark one, and 1.7:1 on a light one)."""
    from contextlib import nullcontext

    from tests.ui.conftest import dark_palette
    with dark_palette() if shade == "dark" else nullcontext():
        style = lasting_style()
        button = button_type("Oldest first")
        qtbot.addWidget(button)
        button.setStyle(style)
        button.resize(button.sizeHint())
        option = QStyleOptionButton()
        button.initStyleOption(option)
        element = (QStyle.SubElement.SE_CheckBoxIndicator if button_type is QCheckBox
                   else QStyle.SubElement.SE_RadioButtonIndicator)
        box = style.subElementRect(element, option, button)
        window = button.palette().color(Role.Window)
        ratio = _rim_contrast(button.grab().toImage(), box.left(), box.top(), box.right(),
                              box.bottom(), window)
    assert ratio >= NON_TEXT


@pytest.mark.parametrize("shade", ["light", "dark"])
def test_an_unticked_row_in_a_list_shows_its_box(qtbot, shade: str) -> None:
    """The export dialog's cases are ticked in a list: an unticked row's box shows too."""
    from contextlib import nullcontext

    from tests.ui.conftest import dark_palette
    with dark_palette() if shade == "dark" else nullcontext():
        style = lasting_style()
        model = QStandardItemModel()
        item = QStandardItem("")  # no text: every pixel that stands out is the box
        item.setCheckable(True)
        item.setCheckState(Qt.CheckState.Unchecked)
        model.appendRow(item)
        view = QListView()
        qtbot.addWidget(view)
        for widget in (view, view.viewport()):
            widget.setStyle(style)
        view.setModel(model)
        view.resize(120, 60)
        view.show()
        qtbot.waitExposed(view)
        row = view.visualRect(model.index(0, 0))
        viewport: QWidget = view.viewport()
        base = view.palette().color(Role.Base)
        ratio = _rim_contrast(viewport.grab().toImage(), row.left(), row.top(),
                              min(row.right(), row.left() + 30), row.bottom(), base)
    assert ratio >= NON_TEXT


@pytest.mark.parametrize("field_type", [QLineEdit, QSpinBox, QComboBox, QPlainTextEdit])
@pytest.mark.parametrize("shade", ["light", "dark"])
def test_an_empty_field_shows_its_edge(qtbot, field_type: type[QWidget], shade: str) -> None:
    """An empty Reason, a number box, a box to type in or pick from, a text pane: an edge
    3:1 against the window (Fusion's was 1.1:1 on a dark one, and 2:1 on a light one)."""
    from contextlib import nullcontext

    from tests.ui.conftest import dark_palette
    with dark_palette() if shade == "dark" else nullcontext():
        style = lasting_style()
        field = field_type()
        qtbot.addWidget(field)
        for widget in (field, *field.findChildren(QWidget)):
            widget.setStyle(style)
        if isinstance(field, QComboBox):
            field.setEditable(True)
            field.lineEdit().setStyle(style)
        field.resize(160, 60)
        field.show()
        qtbot.waitExposed(field)
        image = field.grab().toImage()
        window = field.palette().color(Role.Window)
        edge = max(contrast(image.pixelColor(x, image.height() // 2), window) for x in (0, 1))
    assert edge >= NON_TEXT


def test_the_dark_theme_sets_every_colour_role() -> None:
    from tests.ui.palettes import DARK
    roles = {role.name for role in Role} - {"NoRole", "NColorRoles"}
    assert set(DARK) == roles


def test_the_screenshots_draw_in_the_tests_dark_theme() -> None:
    """scripts/screenshots.py's dark screens (case-tracks-dark.png, --dark) use the theme
    the tests measure, not a palette of their own missing Light, Mid, Link, the Inactive
    group and the rest."""
    import importlib.util
    from pathlib import Path

    from tests.ui import palettes
    path = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"
    spec = importlib.util.spec_from_file_location("screenshots_under_test", path)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.dark_theme_palette is palettes.dark_theme_palette
    assert not hasattr(script, "dark_palette")


def test_the_dark_theme_needs_no_pytest() -> None:
    """The screenshots script imports it outside a test run: pytest unimportable, it still
    builds the theme."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; sys.modules['pytest'] = None\n"
            "from tests.ui.palettes import dark_theme_palette\n"
            "from PySide6.QtGui import QPalette\n"
            "print(dark_theme_palette().color(QPalette.ColorRole.Mid).name())\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "#262626"
