"""Backups and the document check run on the TaskRunner's background thread: while one
runs (held at a known point), two reads still run at once, so the case list, case views
and dashboard keep both read threads right after start-up; the backup still ends and is
reported, and closing the window meanwhile leaves the app to wait for it as before."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.paths import DataDir
from approvals.services import backup as svc
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import backup as ui_backup
from approvals.ui.backup import install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

WAIT_S = 5  # how long one read waits for the other before the test calls them serialised


class HeldBackup:
    """The automatic backup, held before it starts until the test releases it."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.released = threading.Event()
        self.made: list[Path | None] = []


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldBackup]:
    hold = HeldBackup()
    real = svc.auto_backup_if_due

    def slow(data_dir: DataDir, db: Database, **kwargs: object) -> Path | None:
        hold.started.set()
        assert hold.released.wait(10), "the test never released the backup"
        hold.made.append(real(data_dir, db))
        return hold.made[-1]

    monkeypatch.setattr(svc, "auto_backup_if_due", slow)
    yield hold
    hold.released.set()  # never leave a worker waiting


def _two_reads_at_once(qtbot, submit) -> list[str]:
    """Submit two reads that each wait for the other: both succeed only when they run at
    the same time. `submit(fn, on_done, on_error)` is a runner's (or bound runner's) read."""
    both = threading.Barrier(2, timeout=WAIT_S)
    results: list[str] = []

    def read(_session: object) -> str:
        both.wait()
        return "ran alongside the other"

    for _ in range(2):
        submit(read, results.append, lambda exc: results.append(f"failed: {exc!r}"))
    qtbot.waitUntil(lambda: len(results) == 2, timeout=(WAIT_S + 5) * 1000)
    return results


def _window(qtbot, runner: TaskRunner, data_dir: DataDir, actor: Actor) -> MainWindow:
    window = MainWindow(runner, data_dir, actor)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return window


def test_reads_keep_both_threads_while_the_automatic_backup_runs(qtbot, runner, data_dir, db,
                                                                 held, caplog):
    caplog.set_level(logging.INFO, logger=ui_backup.__name__)
    timer = ui_backup.start_auto_backup(runner, data_dir)
    try:
        assert held.started.wait(10)
        assert _two_reads_at_once(qtbot, runner.read) == ["ran alongside the other"] * 2
        assert not runner.idle  # the backup is still running meanwhile
        held.released.set()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    finally:
        timer.stop()
    made = held.made[0]
    assert made is not None and made.is_file()
    assert [p for _when, p in svc.auto_backups(data_dir)] == [made]
    assert any(f"automatic backup written to {made}" in r.getMessage() for r in caplog.records)


def test_closing_the_window_during_the_automatic_backup_waits_for_it(qtbot, runner, data_dir,
                                                                     db, admin, held):
    window = _window(qtbot, runner, data_dir, admin)
    timer = ui_backup.start_auto_backup(runner, data_dir, window)
    try:
        assert held.started.wait(10)
        # The window's own reads (its case list) are not queued behind the backup.
        assert _two_reads_at_once(qtbot, window.tasks.read) == ["ran alongside the other"] * 2
        window.close()
        qtbot.wait(20)
        assert not runner.idle  # closing does not cut the backup short
        threading.Timer(0.2, held.released.set).start()
        assert runner.wait_for_done(10_000)  # what run_gui does on exit: waits for it
        assert held.made and held.made[0] is not None and held.made[0].is_file()
        qtbot.waitUntil(lambda: runner.idle, timeout=5_000)  # its result delivered
    finally:
        timer.stop()
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]  # no error box came up


def test_a_manual_backup_leaves_the_read_threads_free(qtbot, tmp_path, data_dir, db, runner,
                                                      admin, gate):
    window = _window(qtbot, runner, data_dir, admin)
    features = install_backup_features(window, runner, admin)
    gate.when = lambda _meter, _message: True  # held at its first progress report
    with qtbot.waitSignal(features.backed_up, timeout=20_000):
        features.backup_to(tmp_path / "b.zip")
        assert gate.reached.wait(10)
        assert _two_reads_at_once(qtbot, runner.read) == ["ran alongside the other"] * 2
        gate.open()
    assert (tmp_path / "b.zip").is_file()


def test_a_manual_backup_started_during_the_automatic_one_says_it_waits(
        qtbot, tmp_path, data_dir, db, runner, admin, held):
    window = _window(qtbot, runner, data_dir, admin)
    features = install_backup_features(window, runner, admin)
    timer = ui_backup.start_auto_backup(runner, data_dir, window)
    try:
        assert held.started.wait(10)
        with qtbot.waitSignal(features.backed_up, timeout=20_000):
            dialog = features.backup_to(tmp_path / "b.zip")
            assert dialog.panel.label.text().startswith("Waiting for the backup or database check already running")
            held.released.set()
        assert (tmp_path / "b.zip").is_file() and held.made[0] is not None
    finally:
        timer.stop()


def test_the_audit_check_leaves_the_read_threads_free(qtbot, data_dir, db, runner, admin,
                                                      monkeypatch):
    from approvals.ui import audit as ui_audit

    started, released = threading.Event(), threading.Event()
    real = ui_audit.verify

    def slow(session, **kwargs):
        started.set()
        assert released.wait(10), "the test never released the check"
        return real(session, **kwargs)

    monkeypatch.setattr(ui_audit, "verify", slow)
    window = _window(qtbot, runner, data_dir, admin)
    action = next(a for a in window.view_menu.actions() if a.objectName() == "auditVerifyAction")
    window.audit_verify_box = None
    try:
        action.trigger()
        assert started.wait(10)
        assert _two_reads_at_once(qtbot, runner.read) == ["ran alongside the other"] * 2
    finally:
        released.set()
    qtbot.waitUntil(lambda: window.audit_verify_box is not None, timeout=10_000)
    window.audit_verify_box.close()


def test_the_audit_check_started_during_the_automatic_backup_says_it_waits(
        qtbot, data_dir, db, runner, admin, held):
    window = _window(qtbot, runner, data_dir, admin)
    timer = ui_backup.start_auto_backup(runner, data_dir, window)
    action = next(a for a in window.view_menu.actions() if a.objectName() == "auditVerifyAction")
    window.audit_verify_box = None
    try:
        assert held.started.wait(10)
        action.trigger()
        label = window.audit_verify_progress.panel.label
        assert label.text() == "Waiting for the backup or database check already running to finish…"
        held.released.set()
        qtbot.waitUntil(lambda: window.audit_verify_box is not None, timeout=10_000)
        assert held.made[0] is not None
    finally:
        timer.stop()
    window.audit_verify_box.close()


def test_quitting_cancels_background_work_running_or_waiting(qtbot, runner: TaskRunner,
                                                              tmp_path: Path) -> None:
    """When the app quits (cancel_background, then wait_for_done) a long backup stops
    rather than outlive the window, and one still waiting for the thread never starts;
    neither is reported as an error. The real backup then removes its partial file."""
    started = threading.Event()
    steps: list[int] = []
    second_ran: list[bool] = []
    errors: list[BaseException] = []

    def long_job(progress) -> None:
        started.set()
        for step in range(10_000):  # about 100 s unless cancelled
            progress.report(step // 100, "copying")
            steps.append(step)
            threading.Event().wait(0.01)

    runner.background(long_job, on_error=errors.append)
    runner.background(lambda _progress: second_ran.append(True), on_error=errors.append)
    assert started.wait(5)
    runner.cancel_background()
    assert runner.wait_for_done(10_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    assert len(steps) < 1_000 and second_ran == [] and errors == []


def test_a_cancelled_backup_leaves_no_partial_file(qtbot, runner: TaskRunner, data_dir: DataDir,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "backups"
    out.mkdir()
    reported, cancel_sent = threading.Event(), threading.Event()

    def work(progress) -> Path:
        def report(fraction: float, message: str) -> None:
            reported.set()
            assert cancel_sent.wait(10)  # caught mid-copy, whatever the machine's load
            progress.report(round(fraction * 100), message)

        return svc.create_backup(data_dir, out=out / "b.zip", progress=report).path

    failures: list[BaseException] = []
    runner.background(work, on_error=failures.append)
    assert reported.wait(10)
    runner.cancel_background()
    cancel_sent.set()
    assert runner.wait_for_done(10_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    assert failures == [] and list(out.iterdir()) == []
