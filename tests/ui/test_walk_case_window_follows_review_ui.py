"""An open case window follows what Review → Import response… and Proposed changes do to
its case. It went on showing the facts and the Timeline as they were before (a proposal
accepted from the main window's Proposed changes still read the old value in the case's
Overview) until the officer pressed Refresh."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.review import ProposalsDialog, install_review_features
from approvals.ui.workers import TaskRunner
from tests.review_support import ROOT, open_review_pair, proposal_response


def test_the_case_window_follows_the_import_and_a_decision(
        qtbot, tmp_path: Path, runner: TaskRunner, db: Database, data_dir: DataDir) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    response = proposal_response(pair, tmp_path / "response.zip", field_path="deal.board_seats",
                                 value=2)

    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_review_features(window, runner, ROOT)
    window.open_case(pair.reference)
    view = window.case_views[pair.reference]
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    before = view.data
    assert before is not None
    assert before.bundle.facts.get("deal", {}).get("board_seats") != 2
    events_before = len(before.bundle.events)

    with qtbot.waitSignal(features.imported, timeout=20_000):
        features.import_file(response)
    # The import's events are in the case window's Timeline without Refresh.
    qtbot.waitUntil(lambda: view.data is not None
                    and len(view.data.bundle.events) > events_before, timeout=10_000)

    dialog = next(d for d in window.findChildren(ProposalsDialog) if d.isVisible())
    qtbot.waitUntil(lambda: bool(dialog.rows), timeout=10_000)
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        dialog.decide(True)
    # The accepted value is what the case window's Overview reads.
    qtbot.waitUntil(lambda: view.data is not None
                    and view.data.bundle.facts.get("deal", {}).get("board_seats") == 2,
                    timeout=10_000)
    for box in window.findChildren(QMessageBox):
        box.close()
    dialog.close()
    view.close()
