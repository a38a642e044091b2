"""The app's font doubled for a while, as at 200 % display scaling (the scale factor
itself is fixed when the application starts, so tests double the font instead)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication, QWidget


@contextmanager
def doubled_app_font() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = app.font()
    doubled = app.font()
    doubled.setPointSizeF(normal.pointSizeF() * 2)
    app.setFont(doubled)
    try:
        yield
    finally:
        app.setFont(normal)


# Windows at QT_SCALE_FACTOR=2, in the pixels Qt lays them out in (the app's own font):
# 1366×768 and 1280×800 laptop screens less the taskbar and the title bar, and the size
# resize_to_screen opens a window at on a 1366×768 screen (95 % × 90 % of what is left).
LAPTOPS_AT_200 = ((683, 354), (640, 370))
OPENED_AT_200 = (648, 318)


def wholly_shown(widget: QWidget) -> bool:
    """Shown, and no part of it cut by its parents (a scroll area's edge, the window's)."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()
