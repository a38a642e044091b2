"""File → Restore… given a review pack picked by mistake: the error's heading said "This
backup cannot be restored" over "pack.zip cannot be restored: it is an offline review pack,
not a backup". The heading names the file instead, true of any file refused."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.backup import install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR


def test_a_review_pack_given_to_restore_is_not_called_a_backup(
        qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner,
        admin: Actor) -> None:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=facts, actor=admin).reference
    pack = tmp_path / "pack1.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[reference], out=pack,
                                  actor=admin, drafts=False)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, admin)

    def errors() -> list[QMessageBox]:
        return [b for b in window.findChildren(QMessageBox)
                if b.objectName() == "errorDialog" and b.isVisible()]

    features.confirm_restore(pack)
    qtbot.waitUntil(lambda: bool(errors()), timeout=20_000)
    (error,) = errors()
    assert error.text() == "pack1.zip was not restored"
    assert error.informativeText().startswith(
        "pack1.zip cannot be restored: it is an offline review pack, not a backup")
    for box in window.findChildren(QMessageBox):
        box.close()
