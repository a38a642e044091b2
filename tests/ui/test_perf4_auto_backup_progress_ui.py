"""The automatic backup says how far it is in the status bar (it showed only "Working…"
for minutes on a 2 GB data folder), clears that when done, and, after one was stopped
(the app was closed during it), says so while the next is made."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow

from approvals.paths import DataDir
from approvals.services import backup as svc
from approvals.ui import backup as ui_backup
from approvals.ui.workers import TaskRunner


def _held_backup(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The real backup, held after its first document until released."""
    reached, release = threading.Event(), threading.Event()
    real = svc.create_backup

    def held(folder: DataDir, **kwargs: Any) -> svc.BackupResult:
        report = kwargs["progress"]

        def progress(fraction: float, message: str) -> None:
            report(fraction, message)
            if "document" in message and not reached.is_set():
                reached.set()
                release.wait(10)

        return real(folder, **{**kwargs, "progress": progress})

    monkeypatch.setattr(svc, "create_backup", held)
    return reached, release


@pytest.mark.parametrize("stopped_before", [False, True])
def test_the_status_bar_follows_the_automatic_backup(qtbot, runner: TaskRunner, data_dir: DataDir,
                                                     db, monkeypatch: pytest.MonkeyPatch,
                                                     stopped_before: bool) -> None:
    (data_dir.documents / "ab").mkdir(parents=True, exist_ok=True)
    for n in range(3):
        (data_dir.documents / "ab" / f"{n}.pdf").write_bytes(b"%PDF-1.4 small")
    if stopped_before:
        svc._note_auto_backup_stopped(data_dir, "2026-11-29T17:30:00Z")
    window = QMainWindow()
    qtbot.addWidget(window)
    reached, release = _held_backup(monkeypatch)
    timer = ui_backup.start_auto_backup(runner, data_dir, window)
    try:
        assert reached.wait(10)
        bar = window.statusBar()
        qtbot.waitUntil(lambda: "document" in bar.currentMessage(), timeout=5_000)
        text = bar.currentMessage()
        assert text.startswith("Automatic backup ") and " %: Backing up " in text
        stopped_words = "was stopped before it was finished"
        assert (stopped_words in text) == stopped_before
        release.set()
        qtbot.waitUntil(lambda: bar.currentMessage().startswith("Today's automatic backup was made"),
                        timeout=10_000)
        assert (stopped_words in bar.currentMessage()) == stopped_before
        assert svc.stopped_auto_backup(data_dir) is None
    finally:
        release.set()
        timer.stop()
        runner.wait_for_done(10_000)


def test_quitting_during_the_automatic_backup_is_noted_for_the_next_start(
        qtbot, runner: TaskRunner, data_dir: DataDir, db, monkeypatch: pytest.MonkeyPatch) -> None:
    (data_dir.documents / "ab").mkdir(parents=True, exist_ok=True)
    (data_dir.documents / "ab" / "0.pdf").write_bytes(b"%PDF-1.4 small")
    window = QMainWindow()
    qtbot.addWidget(window)
    reached, release = _held_backup(monkeypatch)
    timer = ui_backup.start_auto_backup(runner, data_dir, window)
    try:
        assert reached.wait(10)
        runner.cancel_background()  # what run_gui does when the app quits
        release.set()
        assert runner.wait_for_done(10_000)
    finally:
        release.set()
        timer.stop()
    assert list(data_dir.backups.iterdir()) == []
    assert svc.stopped_auto_backup(data_dir) is not None
