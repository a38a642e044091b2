"""The colours the app sets itself (error red, secondary grey, overdue red, due-soon amber,
the user guide's links) read at least 4.5:1 on the window, a field's base and a list's
alternate rows of whatever palette the system gives, and a dark palette is told from a
light one by whether light text reads better on its window than dark text (WCAG's
luminance), not by Qt's HSL lightness."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from approvals.ui.help import link_colour
from approvals.ui.style import app_style
from approvals.ui.widgets import (
    due_soon_colour,
    error_colour,
    is_dark,
    overdue_colour,
    secondary_text_colour,
)
from tests.ui.palettes import dark_theme_palette
from tests.ui.ux_checks import AA, contrast


def _palette(window: str, text: str, base: str | None = None) -> QPalette:
    palette = QPalette()
    for role, colour in (("Window", window), ("WindowText", text), ("Base", base or window),
                         ("AlternateBase", base or window), ("Text", text)):
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))  # every group
    return palette


PALETTES: dict[str, Callable[[], QPalette]] = {
    "fusion-light": lambda: QPalette(app_style().standardPalette()),
    "tests-dark": dark_theme_palette,
    # Qt's gtk3 theme with GTK_THEME=Adwaita:dark and Adwaita, as measured on the app.
    "adwaita-dark": lambda: _palette("#323232", "#ffffff"),
    "adwaita-light": lambda: _palette("#f6f5f4", "#000000", "#ffffff"),
    # Mid-grey themes whose own text reads 4.5:1 or a little more: neither colour of a
    # fixed light/dark pair does.
    "mid-grey-white-text": lambda: _palette("#767676", "#ffffff"),
    "mid-grey-black-text": lambda: _palette("#7a7a7a", "#000000"),
    "amber-black-text": lambda: _palette("#c8a000", "#000000"),
    # A dark window whose text colour was left black (a palette half switched).
    "half-switched": lambda: _palette("#202020", "#000000"),
}
COLOURS: dict[str, Callable[[], QColor]] = {
    "error": lambda: QColor(error_colour()),
    "secondary": lambda: QColor(secondary_text_colour()),
    "overdue": overdue_colour,
    "due soon": due_soon_colour,
    "guide's links": link_colour,
}


@pytest.fixture
def system_palette(qapp: QApplication) -> Iterator[Callable[[QPalette], None]]:
    before = qapp.palette()
    yield qapp.setPalette
    qapp.setPalette(before)


@pytest.mark.parametrize("colour", sorted(COLOURS))
@pytest.mark.parametrize("name", sorted(PALETTES))
def test_the_apps_own_colours_read_on_the_palette(system_palette, name: str,
                                                  colour: str) -> None:
    palette = PALETTES[name]()
    system_palette(palette)
    shown = COLOURS[colour]()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base,
                 QPalette.ColorRole.AlternateBase):
        ratio = contrast(shown, palette.color(role))
        assert ratio >= AA, (shown.name(), role.name, round(ratio, 2))


@pytest.mark.parametrize(("name", "colours"), [
    ("fusion-light", ("#b71c1c", "#616161", "#c62828", "#995c00", "#0b57d0")),
    ("adwaita-light", ("#b71c1c", "#616161", "#c62828", "#995c00", "#0b57d0")),
    ("tests-dark", ("#ef9a9a", "#b0b0b0", "#ef9a9a", "#ffcc80", "#8ab4f8")),
    ("adwaita-dark", ("#ef9a9a", "#b0b0b0", "#ef9a9a", "#ffcc80", "#8ab4f8")),
])
def test_usual_palettes_keep_the_chosen_colours(system_palette, name: str,
                                                colours: tuple[str, ...]) -> None:
    system_palette(PALETTES[name]())
    shown = tuple(COLOURS[c]().name()
                  for c in ("error", "secondary", "overdue", "due soon", "guide's links"))
    assert shown == colours


@pytest.mark.parametrize(("window", "text", "dark"), [
    ("#c8a000", "#000000", False),  # a saturated amber window: HSL lightness 100
    ("#7a7a7a", "#000000", False),  # a mid grey with black text: lightness 122
    ("#5a5a5a", "#ffffff", True),
    ("#202020", "#e8e8e8", True),
    ("#202020", "#000000", True),  # a palette half switched: its text left black
    ("#efefef", "#000000", False),
])
def test_dark_means_light_text_reads_better_on_the_window(system_palette, window: str,
                                                          text: str, dark: bool) -> None:
    system_palette(_palette(window, text))
    assert is_dark() is dark


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_a_sign_in_step_said_plainly_reads_on_the_palette(system_palette, name: str) -> None:
    """The sign-in's plain guidance ("Enter your user name.") is the palette's text colour,
    or a grey that reads where that text does not (a palette half switched)."""
    from approvals.ui.auth import guidance_colour

    palette = PALETTES[name]()
    system_palette(palette)
    window = palette.color(QPalette.ColorRole.Window)
    ratio = contrast(QColor(guidance_colour()), window)
    assert ratio >= AA, (guidance_colour(), round(ratio, 2))
