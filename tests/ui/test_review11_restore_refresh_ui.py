"""File → Restore… under open Review windows: Proposed changes, the keys and Export review
pack read the restored data again. They showed what the restore undid: a proposal
accepted since the backup still read as accepted (Accept greyed out) though pending
again, a case made since was still offered for export."""

from __future__ import annotations

from pathlib import Path

from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.services import review
from approvals.store.db import Database
from approvals.ui.backup import install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.review import install_review_features
from approvals.ui.workers import TaskRunner
from tests.review_support import ROOT, open_review_pair, proposal_response
from tests.unit.test_backup import _add_case


def test_restore_reloads_the_open_review_dialogs(qtbot, tmp_path: Path, runner: TaskRunner,
                                                 db: Database, data_dir: DataDir) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    response = proposal_response(pair, tmp_path / "response.zip")
    with db.session() as s:
        review.import_response(s, data_dir=data_dir, path=response, actor=ROOT)
    backup = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT,
                                          db=db).path
    with db.session() as s:  # after the backup: undone by the restore
        (proposal,) = review.list_proposals(s, reference=pair.reference)
        review.decide_proposal(s, proposal_id=proposal.id, accept=True, actor=ROOT)
    made_since = _add_case(db)

    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    reviews = install_review_features(window, runner, ROOT)
    backups = install_backup_features(window, runner, ROOT)
    proposals = reviews.show_proposals(pair.reference)
    export = reviews.export_pack()
    qtbot.waitUntil(lambda: bool(proposals.rows) and export.case_model.total == 2,
                    timeout=10_000)
    assert proposals.rows[0].status == "accepted"
    export.set_checked([pair.reference, made_since])

    with qtbot.waitSignal(backups.restored, timeout=30_000):
        backups.restore_from(backup)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    qtbot.waitUntil(lambda: bool(proposals.rows) and proposals.rows[0].status == "pending"
                    and export.case_model.total == 1, timeout=10_000)
    proposals.table.selectRow(0)
    assert proposals.accept_button.isEnabled()  # it can be decided again
    assert export.checked() == [pair.reference]  # the case made since is gone, not ticked
