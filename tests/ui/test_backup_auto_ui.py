"""The automatic backup while the app stays open: due again each day (checked on a
timer), a failure logged each time and shown once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from approvals.domain.errors import CheckFailed
from approvals.services import backup as svc
from approvals.ui import backup as ui_backup


def test_an_app_left_open_makes_the_next_days_backup(qtbot, runner, data_dir, db, monkeypatch):
    """Started on day one; the app is still open on day two: the timer's check makes
    day two's backup, and day one's is still there (keep is 7)."""
    days = [datetime(2026, 12, 1, 9, 0, tzinfo=UTC)]
    real = svc.auto_backup_if_due
    made: list[Path | None] = []

    def on_the_day(data_dir, db, *, now=None):
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

