"""UI test helpers: no test may block on a modal dialog or a native file dialog."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from approvals.store.db import Database
from approvals.ui.workers import TaskRunner


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("a test opened a blocking dialog")


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocking dialogs fail the test instead of hanging it (the app uses open())."""
    monkeypatch.setattr(QMessageBox, "exec", _refuse)
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(_refuse))
    for name in ("getText", "getItem", "getInt", "getDouble", "getMultiLineText"):
        monkeypatch.setattr(QInputDialog, name, staticmethod(_refuse))
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(_refuse))


@pytest.fixture
def runner(qtbot, db: Database) -> Iterator[TaskRunner]:
    runner = TaskRunner(db)
    yield runner
    runner.wait_for_done()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    # Deliver finished tasks' signals and deferred deletions before the runner goes away;
    # left for the next test, they touch freed objects.
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@contextmanager
def dark_palette() -> Iterator[None]:
    """The application in a dark palette inside the block, the original one restored after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    app.setPalette(dark)
    try:
        yield
    finally:
        app.setPalette(original)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A test that leaves a window open or work running on the thread pool fails here, after
    its fixtures (qtbot's widgets included) are torn down, instead of disturbing the next."""
    result = yield
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return result
    QCoreApplication.processEvents()
    pool = QThreadPool.globalInstance()
    busy = not pool.waitForDone(5_000)
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for window in windows:
        window.close()
    QCoreApplication.processEvents()
    problems = []
    if windows:
        problems.append("windows left open: " + ", ".join(
            f"{type(w).__name__} {w.objectName()!r}" for w in windows))
    if busy:
        problems.append(f"{pool.activeThreadCount()} task(s) still running on the thread pool")
    if problems:
        raise AssertionError(f"{item.nodeid} leaked " + "; ".join(problems))
    return result
