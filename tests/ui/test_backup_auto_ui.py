"""The automatic backup while the app stays open: due again each day (checked on a
timer), a failure logged each time and shown once; a busy database postpones it without
a box (the status bar says so) and it is made once the other writer is done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget
from shiboken6 import isValid

from approvals.domain.errors import CheckFailed
from approvals.services import backup as svc
from approvals.store import db as db_module
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.ui import backup as ui_backup
from approvals.ui.workers import TaskRunner
from tests.locking_support import write_lock_held


def test_an_app_left_open_makes_the_next_days_backup(qtbot, runner, data_dir, db, monkeypatch):
    """Started on day one; the app is still open on day two: the timer's check makes
    day two's backup, and day one's is still there (keep is 7)."""
    days = [datetime(2026, 12, 1, 9, 0, tzinfo=UTC)]
    real = svc.auto_backup_if_due
    made: list[Path | None] = []

    def on_the_day(data_dir, db, *, now=None, **_kwargs):
        made.append(real(data_dir, db, now=days[-1]))
        return made[-1]

    monkeypatch.setattr(svc, "auto_backup_if_due", on_the_day)
    monkeypatch.setattr(ui_backup, "AUTO_CHECK_MS", 50)
    timer = ui_backup.start_auto_backup(runner, data_dir)
    try:
        qtbot.waitUntil(lambda: len(made) >= 2, timeout=5000)
        assert made[0] is not None and made[1:] == [None] * (len(made) - 1)  # once a day
        days.append(days[0] + timedelta(days=1))
        qtbot.waitUntil(lambda: any(p is not None for p in made[2:]), timeout=5000)
    finally:
        timer.stop()
    runner.wait_for_done()
    assert [p.name for _, p in svc.auto_backups(data_dir)] == [
        "auto-20261201T090000Z.zip", "auto-20261202T090000Z.zip"]


def test_a_failing_automatic_backup_is_shown_once(qtbot, runner, data_dir, monkeypatch, caplog):
    calls: list[int] = []

    def full_disk(*_args, **_kwargs):
        calls.append(1)
        raise CheckFailed("No space left on the backup drive.")

    monkeypatch.setattr(svc, "auto_backup_if_due", full_disk)
    monkeypatch.setattr(ui_backup, "AUTO_CHECK_MS", 30)
    parent = QWidget()
    qtbot.addWidget(parent)
    timer = ui_backup.start_auto_backup(runner, data_dir, parent)
    try:
        qtbot.waitUntil(lambda: len(calls) >= 4, timeout=5000)
    finally:
        timer.stop()
    runner.wait_for_done()
    qtbot.wait(50)  # the last failure's signal
    boxes = [b for b in parent.findChildren(QMessageBox) if b.objectName() == "errorDialog"]
    assert len(boxes) == 1 and "No space left" in boxes[0].informativeText()
    assert sum("automatic backup failed" in r.message for r in caplog.records) >= 4



# -- a busy database is no failure; a real one is told once per run of failures ---------------


@pytest.fixture
def quick_db(data_dir, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """A database that waits 0.2 s for another connection's lock rather than 10 s."""
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    database = open_database(data_dir)
    yield database
    database.dispose()


@pytest.fixture
def window(qtbot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def error_boxes(window: QWidget) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.objectName() == "errorDialog"]


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The automatic backup's tries, counted as they end; each one is the real service."""
    real, tries = svc.auto_backup_if_due, []

    def counted(data_dir, db, *, now=None, **_kwargs):
        try:
            return real(data_dir, db, now=now)
        finally:
            tries.append(1)

    monkeypatch.setattr(svc, "auto_backup_if_due", counted)
    return tries


def test_a_busy_database_postpones_the_automatic_backup_without_a_box(
        qtbot, quick_db: Database, data_dir, window: QMainWindow,
        monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    tries = counting(monkeypatch)
    monkeypatch.setattr(ui_backup, "AUTO_RETRY_MS", 150)
    runner = TaskRunner(quick_db)
    try:
        with write_lock_held(data_dir.database):  # another window writing, at start-up
            timer = ui_backup.start_auto_backup(runner, data_dir, window)
            qtbot.waitUntil(lambda: len(tries) >= 2 and "busy" in  # tried again by itself
                            window.statusBar().currentMessage(), timeout=10_000)
            message = window.statusBar().currentMessage()
            assert message.startswith("Today's automatic backup waits: the database is busy")
            assert message.endswith("It tries again in 1 minute.")
            assert error_boxes(window) == []
            assert svc.auto_backups(data_dir) == []
            assert not any(p.name.startswith("auto-") for p in data_dir.backups.iterdir())
        # The writer done, a later try makes the backup: no box, the status bar says so.
        qtbot.waitUntil(lambda: len(svc.auto_backups(data_dir)) == 1, timeout=10_000)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                        == "Today's automatic backup was made.", timeout=5_000)
        assert not timer.findChild(QTimer, "autoBackupRetryTimer").isActive()
        timer.stop()
    finally:
        runner.wait_for_done()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert error_boxes(window) == []
    assert "automatic backup postponed" in caplog.text
    assert "automatic backup failed" not in caplog.text


def test_the_retry_waits_longer_after_each_busy_try_up_to_the_hourly_check(
        qtbot, runner, data_dir, window: QMainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals.domain.errors import DatabaseBusy

    tries: list[int] = []

    def busy(*_args, **_kwargs):
        tries.append(1)
        raise DatabaseBusy("The database is busy")

    monkeypatch.setattr(svc, "auto_backup_if_due", busy)
    monkeypatch.setattr(ui_backup, "AUTO_CHECK_MS", 60_000_000)  # the hourly check never comes
    monkeypatch.setattr(ui_backup, "AUTO_RETRY_MS", 100_000)
    timer = ui_backup.start_auto_backup(runner, data_dir, window)
    retry = timer.findChild(QTimer, "autoBackupRetryTimer")
    intervals: list[int] = []
    notes: list[str] = []
    try:
        for n in range(1, 4):
            qtbot.waitUntil(retry.isActive, timeout=5_000)  # set again by the failed try
            assert len(tries) == n
            intervals.append(retry.interval())
            notes.append(window.statusBar().currentMessage())
            if n < 3:
                retry.stop()  # its time has come: a single shot is stopped when it fires
                retry.timeout.emit()
        assert intervals == [100_000, 200_000, 400_000]
        assert [note.split(". ")[-1] for note in notes] == [
            "It tries again in 2 minutes.", "It tries again in 3 minutes.",
            "It tries again in 7 minutes."]
    finally:
        timer.stop()
        retry.stop()
    runner.wait_for_done()
    assert error_boxes(window) == []


def test_a_real_failure_is_told_plainly_once_and_again_after_a_backup_was_made(
        qtbot, runner, data_dir, window: QMainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The backups folder cannot be written (here a file stands in its place): one box
    naming the folder, not one an hour; made again later, a new failure is news again."""
    tries = counting(monkeypatch)
    monkeypatch.setattr(ui_backup, "AUTO_CHECK_MS", 30)
    data_dir.backups.rmdir()
    data_dir.backups.write_bytes(b"not a folder")
    timer = ui_backup.start_auto_backup(runner, data_dir, window)
    try:
        qtbot.waitUntil(lambda: len(tries) >= 4, timeout=10_000)
        qtbot.waitUntil(lambda: len(error_boxes(window)) == 1, timeout=5_000)
        [box] = error_boxes(window)
        assert box.text() == "The automatic backup failed"
        assert box.informativeText().startswith(
            f"The automatic backup could not be written to {data_dir.backups} (")
        assert box.detailedText() == ""  # said in words, not a crash's traceback
        assert window.statusBar().currentMessage() == (
            "The automatic backup failed; it is tried again within the hour.")

        data_dir.backups.unlink()  # the officer fixes it; the next try makes the backup
        qtbot.waitUntil(lambda: len(svc.auto_backups(data_dir)) == 1, timeout=10_000)
        assert len(error_boxes(window)) == 1

        def full_disk(*_args, **_kwargs):
            raise CheckFailed("No space left on the backup drive.")

        monkeypatch.setattr(svc, "auto_backup_if_due", full_disk)
        qtbot.waitUntil(lambda: len(error_boxes(window)) == 2, timeout=5_000)
        qtbot.wait(200)  # more tries, no more boxes
        assert len(error_boxes(window)) == 2
        assert "No space left" in error_boxes(window)[-1].informativeText()
    finally:
        timer.stop()
    runner.wait_for_done()
    qtbot.wait(50)  # the last failure's signal


def test_after_a_new_sign_in_the_notes_go_to_the_new_users_window(
        qtbot, runner, data_dir, window: QMainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """run_gui hands over the window of the moment: the first user's window is gone after
    a sign-out, and the next user's status bar hears about the postponed backup."""
    from approvals.domain.errors import DatabaseBusy

    tries: list[int] = []

    def busy(*_args, **_kwargs):
        tries.append(1)
        raise DatabaseBusy("The database is busy")

    monkeypatch.setattr(svc, "auto_backup_if_due", busy)
    monkeypatch.setattr(ui_backup, "AUTO_CHECK_MS", 60_000_000)
    monkeypatch.setattr(ui_backup, "AUTO_RETRY_MS", 100_000)
    first_window = QMainWindow()  # the first user's, closed at their sign-out
    first_window.show()
    current = [first_window]
    timer = ui_backup.start_auto_backup(runner, data_dir, lambda: current[0])
    retry = timer.findChild(QTimer, "autoBackupRetryTimer")
    try:
        qtbot.waitUntil(lambda: len(tries) == 1 and retry.isActive(), timeout=5_000)
        assert "busy" in first_window.statusBar().currentMessage()
        first_window.close()
        first_window.deleteLater()  # signed out
        qtbot.waitUntil(lambda: not isValid(first_window), timeout=5_000)
        next_window = window
        current[0] = next_window  # signed in again
        retry.stop()
        retry.timeout.emit()
        qtbot.waitUntil(lambda: len(tries) == 2 and retry.isActive(), timeout=5_000)
        assert "busy" in next_window.statusBar().currentMessage()
    finally:
        timer.stop()
        retry.stop()
    runner.wait_for_done()


def test_the_failed_note_is_not_left_standing_once_a_backup_is_made(
        qtbot, runner, data_dir, window: QMainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure, then the officer frees the disk: the status bar says the backup was
    made, rather than still saying it failed."""
    tries = counting(monkeypatch)
    monkeypatch.setattr(ui_backup, "AUTO_CHECK_MS", 30)
    data_dir.backups.rmdir()
    data_dir.backups.write_bytes(b"not a folder")
    timer = ui_backup.start_auto_backup(runner, data_dir, window)
    try:
        qtbot.waitUntil(lambda: len(tries) >= 1, timeout=10_000)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(
            "The automatic backup failed;"), timeout=5_000)
        for box in error_boxes(window):
            box.close()
        data_dir.backups.unlink()
        qtbot.waitUntil(lambda: len(svc.auto_backups(data_dir)) == 1, timeout=10_000)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                        == "Today's automatic backup was made.", timeout=5_000)
    finally:
        timer.stop()
    runner.wait_for_done()


def test_a_backup_made_by_another_window_clears_the_failed_note(
        qtbot, runner, data_dir, window: QMainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found made (by another window of the data folder): the failure note goes."""
    outcomes: list[object] = [OSError(28, "No space left on device"), None]

    def scripted(*_args, **_kwargs):
        outcome = outcomes.pop(0) if len(outcomes) > 1 else outcomes[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome  # None: today's backup exists already

    notes: list[str] = []
    window.statusBar().messageChanged.connect(notes.append)
    monkeypatch.setattr(svc, "auto_backup_if_due", scripted)
    monkeypatch.setattr(ui_backup, "AUTO_CHECK_MS", 30)
    timer = ui_backup.start_auto_backup(runner, data_dir, window)
    try:
        qtbot.waitUntil(lambda: len(notes) >= 2, timeout=10_000)
        assert notes[0] == "The automatic backup failed; it is tried again within the hour."
        assert notes[1] == ""
        qtbot.wait(100)  # later tries find it made: nothing more said
        assert window.statusBar().currentMessage() == ""
        for box in error_boxes(window):
            box.close()
    finally:
        timer.stop()
    runner.wait_for_done()
