"""Ctrl+D on a dashboard closed after an export showed last time's "Exported 37 rows to …"
under the lists, as if it were this visit's."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner


def test_the_last_visits_outcome_is_not_shown_again(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.show_dashboard()
    board = window.dashboard
    assert board is not None
    board.report_progress.finish("Exported 37 rows to /tmp/deadlines.csv")
    window.show_dashboard()  # still open: what it says stays
    assert board.report_progress.label.text().startswith("Exported 37 rows")
    board.close()
    window.show_dashboard()
    assert board.report_progress.label.text() == "" and board.report_progress.isHidden()
    board.close()
    runner.wait_for_done()
