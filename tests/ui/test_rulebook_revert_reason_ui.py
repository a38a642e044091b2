"""Reverting the rulebook may say why (the reason goes into the audit trail with
`rulebook.reverted`, as installing an older update must); without one it reverts as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from approvals.paths import DataDir
from approvals.services.rulebook_updates import install_rulebook_update
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.trail_support import event_rows
from tests.ui.test_polish_rulebook import ADMIN, opened, signed


def revert_events(db: Database) -> list[tuple[Any, ...]]:
    return event_rows(db, "entity_id, reason", "rulebook.reverted")


def test_the_revert_confirmation_takes_a_reason(qtbot, runner: TaskRunner, db: Database,
                                                data_dir: DataDir, tmp_path: Path) -> None:
    update = signed(tmp_path, db, "2099.1.1")
    with db.session() as s:
        version = install_rulebook_update(s, data_dir=data_dir, path=update,
                                          actor=ADMIN).after.version
    window = opened(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.revert_update()
    confirm = window.confirm_dialog
    assert confirm is not None and confirm.reason is not None
    assert confirm.action.isEnabled()  # the reason is optional
    assert "optional" in confirm.reason.placeholderText()
    qtbot.keyClicks(confirm.reason, "2099.1.1 screens the frontier lab wrongly")
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        confirm.action.click()
    runner.wait_for_done()
    assert revert_events(db) == [(version, "2099.1.1 screens the frontier lab wrongly")]
