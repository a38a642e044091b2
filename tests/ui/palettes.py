"""The dark desktop theme the UI tests run in (tests/ui/conftest.py: dark_palette(), the
`palette` fixture) and scripts/screenshots.py draws its dark screens in: one definition, so
a screenshot shows what the tests measured. Importable without pytest; the app itself
follows the system palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

# A whole dark desktop theme (after adwaita-qt's Adwaita-dark): every role in every group,
# so a widget that keeps a light-palette colour (dark text, a light fill) shows up in the
# dark tests. Window and Base stay the values earlier tests measured against.
DARK = {
    "Window": "#202020", "WindowText": "#e8e8e8", "Base": "#1e1e1e",
    "AlternateBase": "#282828", "Text": "#e8e8e8", "Button": "#2d2d2d",
    "ButtonText": "#e8e8e8", "BrightText": "#ffffff", "Highlight": "#2f6fc0",
    "HighlightedText": "#ffffff", "ToolTipBase": "#2d2d2d", "ToolTipText": "#e8e8e8",
    "PlaceholderText": "#9a9a9a", "Link": "#8ab4f8", "LinkVisited": "#c58af9",
    "Light": "#4a4a4a", "Midlight": "#3a3a3a", "Mid": "#262626", "Dark": "#141414",
    "Shadow": "#000000", "Accent": "#2f6fc0",
}
DARK_INACTIVE = {"Highlight": "#2b4b73"}
DARK_DISABLED = {
    "WindowText": "#7c7c7c", "Text": "#7c7c7c", "ButtonText": "#7c7c7c",
    "Button": "#262626", "Base": "#1b1b1b", "Highlight": "#3a3a3a",
    "HighlightedText": "#9a9a9a", "PlaceholderText": "#5e5e5e", "Link": "#5a7aa8",
    "LinkVisited": "#7e5a9e", "BrightText": "#9a9a9a", "ToolTipText": "#9a9a9a",
}


def dark_theme_palette() -> QPalette:
    """The dark palette, complete: Active, Inactive and Disabled, every colour role."""
    dark = QPalette()
    groups = {QPalette.ColorGroup.Active: DARK,
              QPalette.ColorGroup.Inactive: {**DARK, **DARK_INACTIVE},
              QPalette.ColorGroup.Disabled: {**DARK, **DARK_DISABLED}}
    for group, colours in groups.items():
        for role, colour in colours.items():
            dark.setColor(group, getattr(QPalette.ColorRole, role), QColor(colour))
    return dark
