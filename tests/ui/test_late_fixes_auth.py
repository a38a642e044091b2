"""The account dialogs drop a worker's result that arrives after they were closed and
deleted, instead of calling back into their deleted table (a flaky error in a full run)."""

from __future__ import annotations

import threading
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent

from approvals.services import auth, users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root


def _seed(db: Database) -> None:
    make_root(db)


def _delete(widget: Any) -> None:
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(widget)


def test_users_read_finishing_after_the_dialog_was_deleted_is_dropped(
        qtbot, runner: TaskRunner, db: Database, monkeypatch) -> None:
    _seed(db)
    started, release = threading.Event(), threading.Event()
    list_users = users.list_users
    calls: list[int] = []

    def held(session: Any) -> list[users.UserInfo]:
        calls.append(1)
        started.set()
        assert release.wait(10)
        return list_users(session)

    monkeypatch.setattr(ui_auth.users, "list_users", held)
    dialog = ui_auth.UserManagementDialog(runner, ROOT)  # its read starts at once
    assert started.wait(10)
    _delete(dialog)
    release.set()
    # Without the guard, _show ran on the deleted table: "Internal C++ object already
    # deleted", which pytest-qt reports as an error in this test.
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    QCoreApplication.processEvents()
    assert calls


def test_security_settings_read_finishing_after_the_dialog_was_deleted_is_dropped(
        qtbot, runner: TaskRunner, db: Database, monkeypatch) -> None:
    _seed(db)
    started, release = threading.Event(), threading.Event()
    get = auth.get_security_settings

    def held(session: Any) -> auth.SecuritySettings:
        started.set()
        assert release.wait(10)
        return get(session)

    monkeypatch.setattr(ui_auth.auth, "get_security_settings", held)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    dialog.show()
    assert started.wait(10)
    _delete(dialog)
    release.set()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    QCoreApplication.processEvents()
