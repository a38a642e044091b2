"""Quitting the app during the automatic backup stops it (cancel_background): the partial
file is removed, and the cancel is neither logged nor shown as a failed backup."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from approvals.paths import DataDir
from approvals.services import backup as svc
from approvals.ui import backup as ui_backup
from approvals.ui.workers import TaskRunner


def test_quitting_cancels_the_automatic_backup(qtbot, runner: TaskRunner, data_dir: DataDir,
                                               db, monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=ui_backup.__name__)
    reported, cancel_sent = threading.Event(), threading.Event()
    real = svc.create_backup

    def held(folder: DataDir, **kwargs: Any) -> svc.BackupResult:
        def report(_fraction: float, _message: str) -> None:
            reported.set()
            cancel_sent.wait(10)  # caught mid-copy, whatever the machine's load

        return real(folder, **{**kwargs, "progress": report})  # in place of the status bar's

    monkeypatch.setattr(svc, "create_backup", held)
    timer = ui_backup.start_auto_backup(runner, data_dir)
    try:
        assert reported.wait(10)
        runner.cancel_background()  # what run_gui does when the app quits
        cancel_sent.set()
        assert runner.wait_for_done(10_000)
        qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    finally:
        timer.stop()
    left: list[Path] = list(data_dir.backups.iterdir()) if data_dir.backups.is_dir() else []
    assert left == []  # neither today's backup nor its partial file
    assert not [r for r in caplog.records if "automatic backup failed" in r.getMessage()]
