"""A window's size and place, saved with the display scale they were saved at, and
restored only at that scale.

Qt's restoreGeometry, given a geometry saved at another scale (100 % then 200 %, with
QT_SCALE_FACTOR or a laptop's screen), made the main window a 200 × 100 box in the middle
of the screen. A window whose geometry was saved at another scale opens at its first size
instead."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

SCALE_SUFFIX = "_scale"  # "main_window/geometry" → "main_window/geometry_scale"


def _scale(window: QWidget) -> float:
    screen = window.screen()
    return screen.devicePixelRatio() if screen is not None else 1.0


def save_geometry(window: QWidget, settings: QSettings, key: str) -> None:
    settings.setValue(key, window.saveGeometry())
    settings.setValue(key + SCALE_SUFFIX, _scale(window))


def restore_geometry(window: QWidget, settings: QSettings, key: str) -> bool:
    """The window's size and place as saved under `key`; False, leaving the window as it
    is, when none was saved or it was saved at another display scale. A geometry saved
    before the scale was kept with it is restored."""
    geometry = settings.value(key)
    if not isinstance(geometry, QByteArray) or geometry.isEmpty():
        return False
    saved = settings.value(key + SCALE_SUFFIX)
    try:
        if saved is not None and abs(float(saved) - _scale(window)) > 0.01:
            return False
    except (TypeError, ValueError):  # an unreadable value: as if none was kept
        pass
    return window.restoreGeometry(geometry)
