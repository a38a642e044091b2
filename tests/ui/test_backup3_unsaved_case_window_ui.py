"""File → Restore… with a comment typed, not added, in an open case window: the
confirmation says that the case windows close and names what is discarded (Cancel keeps
it, to save first); Restore then closes the window without a second question. Before, the
window asked "discard?" after the restore had begun and stayed open meanwhile, on data
the restore had replaced: its Add comment then wrote to the restored data."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.services.cases import create_case
from approvals.store.db import Database
from approvals.ui.backup import install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.unit.test_backup import ROOT

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


def test_restore_says_the_unsaved_comment_goes_and_closes_the_window_without_asking(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    with db.session() as s:
        facts = json.loads(DEMO.read_text(encoding="utf-8"))[0]
        reference = create_case(s, facts=parse_facts(facts), actor=ROOT).reference
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    window.show()
    window.open_case(reference)
    view = window.case_views[reference]
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    view.tabs.setCurrentWidget(view.comments_page)
    view.comment_edit.setPlainText("Call SAMR counsel first")
    features = install_backup_features(window, runner, ROOT)
    box = features.confirm_restore(path)
    qtbot.waitUntil(box.button(QMessageBox.StandardButton.Yes).isEnabled, timeout=10_000)
    assert box.informativeText().startswith(
        "Restoring closes the open case windows. Not saved yet, and discarded: the comment "
        f"typed on the Comments tab of {reference} (Add comment). Cancel, and save it first.")
    with qtbot.waitSignal(features.restored, timeout=20_000):
        box.done(QMessageBox.StandardButton.Yes)
        assert not view.isVisible()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    asked = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
             and w.objectName() == "closeCaseWithUnsavedInput" and w.isVisible()]
    assert asked == []
