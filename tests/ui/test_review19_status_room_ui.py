"""Review mode at 200 % on a 1366×768 screen: after Export response pack… the status line
said where the pack was written and what happens next in five lines beside the button;
the window grew past the screen's foot to make room, and the heading of the
Recommendation tab was cut through. The status line is at most a few lines tall, and
scrolls for the rest."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_review18_refusals_ui import _open_here, _window

WRITTEN = ("Wrote the response pack AP-2026-0002-review-response-2026-12-02.zip in "
           "/media/rita/USB STICK/reviews/2026: 2 comments, 2 proposed changes, 1 "
           "recommendation. Send it to Preparer desk, who imports it with Review → Import "
           "response… You can go on reviewing: a later response sends all your input again, "
           "and the preparer's side adds only what is new.")


def test_a_long_status_line_keeps_the_window_on_the_screen(qtbot, tmp_path: Path,
                                                            data_dir: DataDir, db: Database,
                                                            runner: TaskRunner,
                                                            admin: Actor) -> None:
    _ref, pack_id = _open_here(data_dir, db, admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    rw.resize(648, 345)  # 1296×690 at 200 %: the room the app gives it on that screen
    rw.tabs.setCurrentIndex(4)
    QApplication.processEvents()
    assert rw.height() == 345  # the window's minimum fits it
    rw.status.setText(WRITTEN)
    QApplication.processEvents()
    QApplication.processEvents()
    assert rw.height() == 345  # not grown past the screen's foot
    assert rw.tabs.height() >= rw.tabs.minimumSizeHint().height()  # nor the tabs squeezed
    heading = rw.rec_heading
    assert heading.height() >= heading.heightForWidth(heading.width())  # not cut through
    # The whole sentence is there to read, by scrolling the status line (a Tab stop).
    assert rw.status.text() == WRITTEN
    scroll = rw.status_scroll
    assert scroll.objectName() == "reviewStatusScroll" and scroll.widget() is rw.status
    assert scroll.verticalScrollBar().maximum() > 0
    assert scroll.focusPolicy() == Qt.FocusPolicy.StrongFocus
    # Whole lines in sight, none cut through.
    assert scroll.viewport().height() % scroll.fontMetrics().lineSpacing() == 0
    # With room, three lines of it show, as soon as it is said.
    rw.resize(648, 600)
    rw.status.setText("Comment saved.")
    QApplication.processEvents()
    QApplication.processEvents()
    assert scroll.height() < 2 * scroll.fontMetrics().lineSpacing()
    rw.status.setText(WRITTEN)
    QApplication.processEvents()
    QApplication.processEvents()
    assert scroll.height() >= 3 * scroll.fontMetrics().lineSpacing()
    rw.close()
