"""The database's whole-file check after the window shows (approvals.ui.integrity): damage
is said in a banner in the main window with Restore a backup, never a box; an intact
database shows none; the automatic backup waits for the check and is not made of a damaged
file; a start that migrated (and so checked already) does not check again."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.domain.errors import Cancelled
from approvals.paths import DataDir
from approvals.services import backup as svc
from approvals.store import migrate
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import application
from approvals.ui import integrity as ui_integrity
from approvals.ui.auth import SignedIn
from approvals.ui.backup import BackupFeatures, install_backup_features, start_auto_backup
from approvals.ui.integrity import ASK_ADMIN, IntegrityWatch
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.damage_support import add_events, damage_middle

ADMIN = Actor("root", ("admin",), "Root")
REVIEWER = Actor("rita", ("reviewer",), "Rita")


@pytest.fixture
def damaged(db: Database, data_dir: DataDir) -> DataDir:
    add_events(db)
    db.dispose()
    damage_middle(data_dir.database)
    return data_dir


def _visible_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def _run_app(qtbot, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch,
             in_window: Any, signing_in: Any = None) -> int:
    """run_gui signed in as ADMIN; `in_window(window)` runs in place of the event loop,
    then the window closes (the app quits). `signing_in(runner)` runs while the sign-in
    dialog would be up."""
    queue: list[Actor | None] = [ADMIN, None]

    def sign_in(_db: Any, runner: TaskRunner, _notice: str = "") -> SignedIn | None:
        if signing_in is not None:
            signing_in(runner)
        actor = queue.pop(0)
        return SignedIn(actor) if actor else None

    monkeypatch.setattr(application, "sign_in", sign_in)

    def fake_exec(_app: Any = None) -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        in_window(window)
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return application.run_gui(["--data-dir", str(data_dir.root)])


def test_damage_found_after_the_window_opens_is_a_banner_with_restore(
        qtbot, damaged: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def in_window(window: MainWindow) -> None:
        banner = window.damage_banner
        seen["at_first"] = banner.isVisible()  # the window shows before the check ends
        qtbot.waitUntil(banner.isVisible, timeout=30_000)
        qtbot.waitUntil(lambda: window.runner.idle, timeout=30_000)
        seen["text"] = banner.label.text()
        seen["restore"] = banner.restore_button.isEnabled()
        seen["boxes"] = _visible_boxes()  # nothing interrupts the officer's typing
        seen["table"] = window.stack.isVisible()  # the cases stay in sight below it

    assert _run_app(qtbot, damaged, monkeypatch, in_window) == 0
    assert seen["at_first"] is False
    assert "The database is damaged" in seen["text"] and "malformed" in seen["text"]
    assert "Restore a backup" in seen["text"] and str(damaged.backups) in seen["text"]
    assert seen["restore"] is True and seen["boxes"] == [] and seen["table"] is True
    # The automatic backup queued behind the check was not made of the damaged file.
    assert svc.auto_backups(damaged) == []
    log = "".join(p.read_text(encoding="utf-8") for p in damaged.logs.glob("*.log*"))
    assert "database integrity check FAILED" in log


def test_damage_found_while_signing_in_shows_in_the_first_window_at_once(
        qtbot, damaged: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def signing_in(runner: TaskRunner) -> None:  # the check runs while the officer types
        qtbot.waitUntil(lambda: runner.idle and not runner.background_busy, timeout=30_000)

    def in_window(window: MainWindow) -> None:
        seen["banner"] = window.damage_banner.isVisible()
        qtbot.wait(50)
        seen["boxes"] = _visible_boxes()

    assert _run_app(qtbot, damaged, monkeypatch, in_window, signing_in) == 0
    assert seen == {"banner": True, "boxes": []}
    assert svc.auto_backups(damaged) == []  # not even started for a damaged file


def test_an_intact_database_shows_no_banner_and_is_backed_up_after_the_check(
        qtbot, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    db.dispose()
    order: list[str] = []
    real_check, real_backup = ui_integrity.integrity_problem, svc.auto_backup_if_due

    def check(path: Path, **kwargs: Any) -> str | None:
        order.append("check begins")
        try:
            return real_check(path, **kwargs)
        finally:
            order.append("check ends")

    def backup(*args: Any, **kwargs: Any) -> Path | None:
        order.append("backup")
        return real_backup(*args, **kwargs)

    monkeypatch.setattr(ui_integrity, "integrity_problem", check)
    monkeypatch.setattr(svc, "auto_backup_if_due", backup)
    seen: dict[str, Any] = {}

    def in_window(window: MainWindow) -> None:
        qtbot.waitUntil(lambda: "backup" in order and window.runner.idle, timeout=30_000)
        seen["banner"] = window.damage_banner.isVisible()

    assert _run_app(qtbot, data_dir, monkeypatch, in_window) == 0
    assert seen["banner"] is False
    assert order == ["check begins", "check ends", "backup"]  # one read at a time
    assert len(svc.auto_backups(data_dir)) == 1


def test_a_start_that_migrated_does_not_check_again(
        qtbot, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    db.dispose()
    head = migrate.head_revision()
    earlier = migrate.ScriptDirectory.from_config(migrate.alembic_config()).get_revision(
        head).down_revision
    con = sqlite3.connect(data_dir.database)
    with con:
        con.execute("UPDATE alembic_version SET version_num = ?", (earlier,))
    con.close()
    # The earlier revision's upgrade has run on this file already: only the record moves.
    monkeypatch.setattr(migrate, "_migrate", lambda conn, target: _stamp(conn))
    background: list[Path] = []
    monkeypatch.setattr(ui_integrity, "integrity_problem",
                        lambda path, **_k: background.append(path))

    notices: list[str] = []

    def in_window(window: MainWindow) -> None:
        qtbot.waitUntil(lambda: window.runner.idle, timeout=30_000)
        from PySide6.QtWidgets import QMessageBox

        # The upgrade said once, naming the copy it kept.
        for box in window.findChildren(QMessageBox, "upgradeNotice"):
            notices.append(box.informativeText())
            box.done(0)

    assert _run_app(qtbot, data_dir, monkeypatch, in_window) == 0
    assert background == []
    copies = [p for p in data_dir.backups.iterdir() if p.suffix == ".db"]  # it did migrate
    assert copies and len(notices) == 1 and str(copies[0]) in notices[0]


def _stamp(conn: Any) -> None:
    conn.exec_driver_sql("UPDATE alembic_version SET version_num = ?", (migrate.head_revision(),))


def _window(qtbot, runner: TaskRunner, data_dir: DataDir, actor: Actor) -> MainWindow:
    window = MainWindow(runner, data_dir, actor)
    qtbot.addWidget(window)
    install_backup_features(window, runner, actor)
    window.show()
    return window


def test_the_banner_offers_restore_and_goes_once_a_backup_is_restored(
        qtbot, damaged: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    db = migrate.open_database(damaged)
    runner = TaskRunner(db)
    try:
        window = _window(qtbot, runner, damaged, ADMIN)
        watch = IntegrityWatch(runner, damaged)
        banner = watch.attach(window, ADMIN)
        assert not banner.isVisible()
        chosen: list[bool] = []
        monkeypatch.setattr(BackupFeatures, "choose_restore_file",
                            lambda _self: chosen.append(True))
        watch.start()
        qtbot.waitUntil(banner.isVisible, timeout=30_000)
        banner.restore_button.click()
        assert chosen == [True]  # File → Restore…: the backup is checked, then confirmed

        # A later sign-in's window shows what was found at once; a reviewer is told to ask.
        later = _window(qtbot, runner, damaged, REVIEWER)
        second = watch.attach(later, REVIEWER)
        assert second.isVisible()
        assert not second.restore_button.isEnabled()
        assert ASK_ADMIN in second.restore_button.toolTip()
        assert "Ask an administrator to restore a backup now" in second.label.text()

        window.backup_features.restored.emit(object())  # a vetted backup replaced the data
        assert not banner.isVisible() and not second.isVisible() and watch.problem is None
        runner.wait_for_done()
    finally:
        runner.wait_for_done()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        db.dispose()


def test_the_automatic_backup_queued_behind_the_check_is_not_made_of_damage(
        qtbot, damaged: DataDir) -> None:
    db = migrate.open_database(damaged)
    runner = TaskRunner(db)
    try:
        window = _window(qtbot, runner, damaged, ADMIN)
        watch = IntegrityWatch(runner, damaged)
        watch.attach(window, ADMIN)
        watch.start()
        timer = start_auto_backup(runner, damaged, window)
        watch.problem_found.connect(lambda _p: timer.stop())
        qtbot.waitUntil(lambda: watch.problem is not None and runner.idle, timeout=30_000)
        assert svc.auto_backups(damaged) == [] and not timer.isActive()
        assert _visible_boxes() == []  # no "automatic backup failed" box over the banner
        timer.stop()
    finally:
        runner.wait_for_done()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        db.dispose()


def _long_check(begun: list[str], endings: list[str]) -> Any:
    """A whole-file check that runs until it is cancelled (a large file's takes half a
    minute): each run says it has begun, and how it ended: "stopped" when cancelled, "ran
    out" when nothing stopped it for 20 s (what a quit that waited for it would see)."""

    def long_check(_path: Path, *, cancelled: Any = None, **_kwargs: Any) -> str | None:
        begun.append("begun")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if cancelled():
                endings.append("stopped")
                raise Cancelled("The database check was stopped.")
            time.sleep(0.01)
        endings.append("ran out")
        raise AssertionError("the check was not stopped")

    return long_check


def _slow_check(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, list[str]]:
    """The long check in place of the real one; the event is set once it has begun."""
    begun_event = threading.Event()
    endings: list[str] = []
    check = _long_check([], endings)

    def long_check(path: Path, **kwargs: Any) -> str | None:
        begun_event.set()
        return check(path, **kwargs)

    monkeypatch.setattr(ui_integrity, "integrity_problem", long_check)
    return begun_event, endings


def _stopped(qtbot, endings: list[str], runs: int) -> bool:
    """Every run of the check ended because it was cancelled, not because it ran out."""
    qtbot.waitUntil(lambda: len(endings) == runs, timeout=30_000)
    return endings == ["stopped"] * runs


def test_quitting_during_the_check_stops_it(
        qtbot, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large file's check takes half a minute: quitting does not wait for it."""
    db.dispose()
    begun, endings = _slow_check(monkeypatch)
    assert _run_app(qtbot, data_dir, monkeypatch, lambda _w: begun.wait(10)) == 0
    assert _stopped(qtbot, endings, 1)
    log = "".join(p.read_text(encoding="utf-8") for p in data_dir.logs.glob("*.log*"))
    assert "database integrity check stopped" in log
    assert svc.auto_backups(data_dir) == []  # the backup queued behind it stopped too


def test_quitting_at_the_sign_in_stops_the_check(
        qtbot, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    db.dispose()
    begun, endings = _slow_check(monkeypatch)
    monkeypatch.setattr(application, "sign_in", lambda *_a: begun.wait(10) and None)
    assert application.run_gui(["--data-dir", str(data_dir.root)]) == 0
    assert begun.is_set() and _stopped(qtbot, endings, 1)


def test_signing_out_does_not_wait_for_the_check_which_starts_again(
        qtbot, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    db.dispose()
    begun: list[str] = []
    endings: list[str] = []
    monkeypatch.setattr(ui_integrity, "integrity_problem", _long_check(begun, endings))
    sign_ins: list[str] = []

    def signing_in(_runner: TaskRunner) -> None:
        sign_ins.append("signing in")
        # The check runs while the officer types: the first, and again after a sign-out.
        qtbot.waitUntil(lambda: len(begun) == len(sign_ins), timeout=10_000)

    def in_window(window: MainWindow) -> None:
        window.user_features.sign_out_action.trigger()

    assert _run_app(qtbot, data_dir, monkeypatch, in_window, signing_in) == 0
    assert len(sign_ins) == 2 and len(begun) == 2
    assert _stopped(qtbot, endings, 2)  # neither the sign-out nor the exit waited for one

