"""The app's font doubled for a while, as at 200 % display scaling (the scale factor
itself is fixed when the application starts, so tests double the font instead)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication


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
