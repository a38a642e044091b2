"""A window's size and place, saved with the display scale they were saved at, and
restored only at that scale.

Qt's restoreGeometry, given a geometry saved at another scale (100 % then 200 %, with
QT_SCALE_FACTOR or a laptop's screen), made the main window a 200 × 100 box in the middle
of the screen. A window whose geometry was saved at another scale opens at its first size
instead.

At the same scale a window comes back exactly where it was left: Qt's restoreGeometry
moves a window whose top is at the screen's top down by a title bar's height (it
supposes one above it), so after Sign out the main window came back 25 px lower (50 px at
200 %) without a window manager, and 5 px (30 px at 200 %) lower with openbox.

keep_geometry does both for a window of the main window (the rulebook, the holiday
calendars, the audit trail…): it opens where the officer left it, or at its first size, and
its size and place are kept each time it is closed."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from approvals.ui.widgets import resize_to_screen

SCALE_SUFFIX = "_scale"  # "main_window/geometry" → "main_window/geometry_scale"
# The window's own rectangle and its frame's, as they were: restored when the frame still
# fits a screen (Qt's moves are for a window that would otherwise be lost off-screen).
RECT_SUFFIX = "_rect"
FRAME_SUFFIX = "_frame"

_ENLARGED = Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen


def _scale(window: QWidget) -> float:
    screen = window.screen()
    return screen.devicePixelRatio() if screen is not None else 1.0


def save_geometry(window: QWidget, settings: QSettings, key: str) -> None:
    settings.setValue(key, window.saveGeometry())
    settings.setValue(key + SCALE_SUFFIX, _scale(window))
    if window.windowState() & _ENLARGED:  # Qt's own keeps the size to go back to
        settings.remove(key + RECT_SUFFIX)
        settings.remove(key + FRAME_SUFFIX)
    else:
        settings.setValue(key + RECT_SUFFIX, window.geometry())
        settings.setValue(key + FRAME_SUFFIX, window.frameGeometry())


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
    if not window.restoreGeometry(geometry):
        return False
    rect, frame = settings.value(key + RECT_SUFFIX), settings.value(key + FRAME_SUFFIX)
    if (isinstance(rect, QRect) and isinstance(frame, QRect) and rect.isValid()
            and not window.windowState() & _ENLARGED
            and any(screen.availableGeometry().contains(frame)
                    for screen in QGuiApplication.screens())):
        window.setGeometry(rect)  # where it was, not where Qt's guess of a title bar puts it
    return True


class _KeptOnClose(QObject):
    """Saves its window's geometry under `key` each time the window is closed or hidden by
    the app (not when it is minimised: that hide is the window system's)."""

    def __init__(self, window: QWidget, settings: QSettings, key: str) -> None:
        super().__init__(window)
        self.settings, self.key = settings, key
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Hide and not event.spontaneous()
                and isinstance(watched, QWidget)):
            save_geometry(watched, self.settings, self.key)
        return False


def keep_geometry(window: QWidget, settings: object, key: str, width: int, height: int) -> None:
    """`window` where the officer left it (saved under `key` in `settings`, the data folder's
    settings the main window keeps), else at its first size, `width` × `height` fitted to the
    screen; its size and place saved again each time it is closed. Without settings (a window
    made on its own, as in a test) it only opens at its first size."""
    kept = settings if isinstance(settings, QSettings) else None
    if kept is None or not restore_geometry(window, kept, key):
        resize_to_screen(window, width, height)
    if kept is not None:
        _KeptOnClose(window, kept, key)
