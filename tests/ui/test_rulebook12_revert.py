"""Revert's confirmation names the rule versions it takes back, as the install preview
lists them: it named only the rulebook versions, not which rules would change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services.rulebook_updates import install_rulebook_update, plan_revert
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_rulebook_updates_ui import ADMIN, _open, _update


def test_the_revert_confirmation_names_the_rule_versions(qtbot, runner: TaskRunner,
                                                          db: Database, data_dir: DataDir,
                                                          tmp_path: Path) -> None:
    update = _update(tmp_path, db)  # every US-OISP scope version says other countries
    with db.session() as s:
        install_rulebook_update(s, data_dir=data_dir, path=update, actor=ADMIN)
    with db.read_session() as s:
        plan = plan_revert(s, data_dir=data_dir)
    changed = [c.rule.id for c in plan.rule_changes if c.kind == "changed"]
    assert changed and all(i.startswith("US-OISP.scope.") for i in changed)
    assert {c.kind for c in plan.rule_changes} == {"changed"}

    window = _open(qtbot, runner, ADMIN)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.mouseClick(window.revert_button, Qt.MouseButton.LeftButton)
    dialog = window.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.message.text()
    line = f"Rule versions: {len(changed)} changed ({', '.join(changed)})."
    assert f"to the shipped rulebook {plan.after.version}? {line} As of " in text
    dialog.reject()
    runner.wait_for_done()
