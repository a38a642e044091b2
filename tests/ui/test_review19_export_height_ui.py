"""Review mode at 200 % on a 1366×768 screen: while Export response pack… writes, its
progress panel takes room in the window, and a window at its smallest grew to make it;
once written the window stayed that much taller, its foot below the screen's edge. It
goes back to its height when the panel goes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_review18_refusals_ui import _open_here, _window


def test_the_window_keeps_its_height_after_writing_a_response(qtbot, tmp_path: Path,
                                                              data_dir: DataDir,
                                                              db: Database,
                                                              runner: TaskRunner,
                                                              admin: Actor) -> None:
    ref, pack_id = _open_here(data_dir, db, admin)
    review.propose_change(data_dir=data_dir, pack_id=pack_id, reference=ref,
                          field_path="deal.board_seats", value=2, actor=admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    rw.resize(648, 345)  # 1296×690 at 200 %: the room the app gives it on that screen
    rw.tabs.setCurrentIndex(4)
    QApplication.processEvents()
    height, notices = rw.height(), rw.notices_area.height()
    # Written, and the window read again (it says a response was sent from the pack).
    with qtbot.waitSignals([rw.response_exported, rw.loaded], timeout=20_000):
        rw.export_response(tmp_path / "response.zip")
    assert not rw.response_progress.isVisible()
    QApplication.processEvents()
    QApplication.processEvents()
    assert (tmp_path / "response.zip").exists()
    assert rw.status.text().startswith("Wrote the response pack response.zip")
    # As tall as before, but for the room the notices above take to say it.
    assert rw.height() - height <= rw.notices_area.height() - notices
    # Nor is the Recommendation tab squeezed: Save recommendation stays below the reasons.
    assert rw.recommend_button.geometry().top() > rw.reasons_edit.geometry().bottom()
    heading = rw.rec_heading
    assert heading.height() >= heading.heightForWidth(heading.width())
    rw.close()
