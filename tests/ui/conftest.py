"""UI test helpers: no test may block on a modal dialog or a native file dialog."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

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
