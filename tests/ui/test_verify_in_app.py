"""View → Verify audit trail… checks what `approvals audit verify` checks, in its order:
SQLite's whole-file check of the database, then the hash chain, then the documents, each
with its result; a damaged file stops there and is reported with the way back (restore a
backup), for an administrator and for a user who must ask one."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.store import migrate
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.ui import audit as ui_audit
from approvals.ui.audit import CHECKING_FILE, FILE_INTACT, VERIFY_CANCELLED
from approvals.ui.integrity import IntegrityWatch
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.damage_support import add_events, damage_middle

REVIEWER = Actor("rita", ("reviewer",), "Rita")


@pytest.fixture
def events(db: Database) -> int:
    add_events(db, 300)
    return 300


def _window(qtbot, db: Database, data_dir: DataDir, actor: Actor) -> MainWindow:
    runner = TaskRunner(db)
    win = MainWindow(runner, data_dir, actor)
    IntegrityWatch(runner, data_dir).attach(win, actor)  # the banner, its check not started
    qtbot.addWidget(win)
    return win


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The file checks and chain walks the in-app check makes (the real ones run)."""
    made: list[Any] = []
    real_check, real_verify = ui_audit.integrity_problem, ui_audit.verify

    def check(path: Path, **kwargs: Any) -> str | None:
        made.append(("file", path))
        return real_check(path, **kwargs)

    def verify(session: Any, **kwargs: Any) -> Any:
        made.append(("chain",))
        return real_verify(session, **kwargs)

    monkeypatch.setattr(ui_audit, "integrity_problem", check)
    monkeypatch.setattr(ui_audit, "verify", verify)
    return made


def _verify(qtbot, window: MainWindow) -> QMessageBox:
    action = window.audit_verify_action
    assert action.isEnabled()
    window.audit_verify_box = None
    action.trigger()
    qtbot.waitUntil(lambda: getattr(window, "audit_verify_box", None) is not None,
                    timeout=20_000)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    assert action.isEnabled()  # ready for another check
    return window.audit_verify_box


def test_the_cli_and_the_app_share_the_file_check() -> None:
    assert ui_audit.integrity_problem is migrate.integrity_problem


def test_an_intact_database_says_file_chain_and_documents_in_order(
        qtbot, db: Database, data_dir: DataDir, admin: Actor, events: int,
        calls: list[Any]) -> None:
    window = _window(qtbot, db, data_dir, admin)
    box = _verify(qtbot, window)
    assert calls == [("file", data_dir.database), ("chain",)]  # the file first
    assert box.icon() == QMessageBox.Icon.Information
    assert box.text() == f"Audit trail intact: {events} events checked."
    lines = box.informativeText().split("\n")
    assert lines[0] == FILE_INTACT
    assert lines[1].startswith("Anchor: ")
    assert lines[2] == "Documents: 0 stored files match their recorded SHA-256."
    assert window.damage_banner.isHidden()
    box.close()
    window.runner.wait_for_done()


def _damage(db: Database, data_dir: DataDir) -> Database:
    db.dispose()
    damage_middle(data_dir.database)
    return open_database(data_dir)  # the cheap checks of an ordinary open pass


def test_a_damaged_file_is_reported_with_restore_advice_and_stops_the_check(
        qtbot, db: Database, data_dir: DataDir, admin: Actor, events: int,
        calls: list[Any]) -> None:
    damaged = _damage(db, data_dir)
    try:
        window = _window(qtbot, damaged, data_dir, admin)
        box = _verify(qtbot, window)
        assert calls == [("file", data_dir.database)]  # neither chain nor documents after
        assert box.icon() == QMessageBox.Icon.Critical
        assert box.text() == "The database file is damaged: its records cannot be vouched for."
        lines = box.informativeText().split("\n")
        assert lines[0].startswith("Database file: SQLite's whole-file check (quick_check) "
                                   "failed: ")
        assert lines[1] == ("Audit chain and documents: not checked, as the file under them "
                            "is damaged.")
        assert lines[-1] == (f"Restore a backup: File → Restore… (the automatic backups are "
                             f"in {data_dir.backups}).")
        # All SQLite said is in the details; the banner with its Restore button is up too.
        problem = box.detailedText()
        assert problem and problem[:50] in lines[0]
        assert not window.damage_banner.isHidden()
        assert window.damage_banner.restore_button.isEnabled()
        box.close()
        window.runner.wait_for_done()
    finally:
        damaged.dispose()


def test_a_user_who_may_not_restore_is_told_to_ask_an_administrator(
        qtbot, db: Database, data_dir: DataDir, events: int) -> None:
    damaged = _damage(db, data_dir)
    try:
        window = _window(qtbot, damaged, data_dir, REVIEWER)
        box = _verify(qtbot, window)
        assert box.icon() == QMessageBox.Icon.Critical
        assert box.informativeText().split("\n")[-1] == (
            f"Ask an administrator to restore a backup (the automatic backups are in "
            f"{data_dir.backups}).")
        assert "File → Restore" not in box.informativeText()
        box.close()
        window.runner.wait_for_done()
    finally:
        damaged.dispose()


def test_the_file_check_shows_progress_and_cancel_stops_it(
        qtbot, db: Database, data_dir: DataDir, admin: Actor, events: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The file check is said in the progress window; Cancel stops it (the real check,
    told to stop, raises Cancelled) and no result is shown."""
    started = threading.Event()
    real_check = ui_audit.integrity_problem

    def slow_check(path: Path, *, cancelled: Any = None, **kwargs: Any) -> str | None:
        started.set()
        while not cancelled():  # a large file not in the disk cache: the officer cancels
            threading.Event().wait(0.02)
        return real_check(path, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(ui_audit, "integrity_problem", slow_check)
    window = _window(qtbot, db, data_dir, admin)
    window.audit_verify_box = None
    window.audit_verify_action.trigger()
    dialog = window.audit_verify_progress
    qtbot.waitUntil(started.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.panel.label.text() == CHECKING_FILE, timeout=10_000)
    dialog.panel.cancel()
    qtbot.waitUntil(lambda: dialog.panel.label.text() == VERIFY_CANCELLED, timeout=10_000)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    assert window.audit_verify_box is None
    assert window.audit_verify_action.isEnabled()
    dialog.close()
