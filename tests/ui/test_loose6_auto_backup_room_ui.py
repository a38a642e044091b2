"""No room on the data folder's disk for the automatic backup: the app says so plainly,
names what to do, and keeps saying it in the status bar until a backup is made (the
disk is simulated, as in tests/unit/test_loose6_backup_room.py)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from approvals.paths import DataDir
from approvals.services import backup as svc
from approvals.ui import backup as ui_backup
from approvals.ui.workers import TaskRunner
from tests.ui.test_backup_auto_ui import error_boxes
from tests.unit.test_loose6_backup_room import SmallDisk


def test_a_full_disk_is_told_with_what_to_do_until_a_backup_is_made(
        qtbot, runner: TaskRunner, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    disk = SmallDisk(data_dir, monkeypatch)
    disk.leave_free(0)
    timer = ui_backup.start_auto_backup(runner, data_dir, window)
    try:
        qtbot.waitUntil(lambda: len(error_boxes(window)) == 1, timeout=5_000)
        [box] = error_boxes(window)
        assert box.text() == "No room for the automatic backup"
        told = box.informativeText()
        assert "Today's automatic backup needs up to" in told
        assert "free some space on that disk" in told and "File → Back up…" in told
        assert box.detailedText() == ""  # said in words, not a crash's traceback
        assert window.statusBar().currentMessage() == (
            "The automatic backup failed; there is no room on the data folder's disk "
            "(free some space there); it is tried again within the hour.")

        disk.capacity = None  # the officer frees some room; the next try makes it
        timer.timeout.emit()
        made = "Today's automatic backup was made."
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == made, timeout=10_000)
    finally:
        timer.stop()
    runner.wait_for_done()
    assert len(svc.auto_backups(data_dir)) == 1
