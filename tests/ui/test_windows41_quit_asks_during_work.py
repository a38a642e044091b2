"""Quit (and Sign out) while work that writes runs in a progress window asks first, naming
it: a review pack half-written was thrown away on Quit without a word. A check that only
reads is not asked about."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from approvals.store.db import Database
from approvals.ui.progress import ProgressDialog
from approvals.ui.workers import Task, TaskRunner
from tests.users_support import root_main_window


def test_quit_and_sign_out_name_the_work_under_way(qtbot, runner: TaskRunner, db: Database,
                                                   data_dir) -> None:
    window, features = root_main_window(qtbot, runner, db, data_dir)
    export = ProgressDialog(window, "Export review pack", what="export")
    check = ProgressDialog(window, "Verify audit trail", what="audit check")
    try:
        for dialog, text in ((export, "Writing pack1.zip…"), (check, "Checking the chain…")):
            dialog.start(Task(lambda _progress: None, with_progress=True), text)
            dialog.show()
        window.close()
        box = window.quit_box
        assert window.isVisible() and box is not None
        assert "• Writing pack1.zip… (still under way), in Export review pack" in box.text()
        assert box.text().count("Writing pack1.zip") == 1  # not again under the main window
        assert "Quitting stops the work under way; nothing of it is kept." in box.text()
        assert "Checking the chain" not in box.text()  # it only reads
        box.button(QMessageBox.StandardButton.Cancel).click()
        assert window.isVisible() and export.isVisible()
        asked = features.request_sign_out()
        assert asked is not None and "Writing pack1.zip…" in asked.text()
        assert "Signing out stops the work under way; nothing of it is kept." in asked.text()
        asked.button(QMessageBox.StandardButton.Cancel).click()
        assert not features.signed_out
        assert export.panel.task is not None and not export.panel.task.progress.cancelled
        export.succeeded()  # the work ended: nothing left to ask about
        window.close()
        assert not window.isVisible()
    finally:
        features.idle_lock.stop()
        for dialog in (export, check):
            dialog.panel.stop()
            dialog.close()


def test_quitting_from_the_question_stops_the_work_it_named(
        qtbot, runner: TaskRunner, db: Database, data_dir) -> None:
    """It ran on to the end while the app waited for it: a review pack the question said
    would be discarded was written all the same."""
    window, features = root_main_window(qtbot, runner, db, data_dir)
    export = ProgressDialog(window, "Export review pack", what="export")
    task = Task(lambda _progress: None, with_progress=True)
    try:
        export.start(task, "Writing pack1.zip…")
        export.show()
        window.close()
        box = window.quit_box
        assert box is not None and not task.progress.cancelled
        box.button(QMessageBox.StandardButton.Discard).click()
        assert task.progress.cancelled and not window.isVisible()
    finally:
        features.idle_lock.stop()
        export.panel.stop()
        export.close()



def test_work_not_shown_yet_or_past_cancelling_is_said_as_it_is(
        qtbot, runner: TaskRunner, db: Database, data_dir) -> None:
    """A progress window waits a moment before it shows: a quit just after the start was
    asked nothing and stopped nothing. And a restore past its point of no return was said
    to stop, though it finishes."""
    from approvals.ui.widgets import work_lines

    window, features = root_main_window(qtbot, runner, db, data_dir)
    restore = ProgressDialog(window, "Restore", what="restore")
    task = Task(lambda _progress: None, with_progress=True)
    try:
        restore.start(task, "Keeping a copy of the database…")
        assert not restore.isVisible()  # not shown yet
        assert work_lines([window, restore]) == [
            "• Keeping a copy of the database… (still under way), in Restore"]
        restore.panel.no_cancel_from = 90
        restore.panel.update_progress(92, "Replacing the data folder…")
        assert work_lines([window, restore]) == [
            "• Replacing the data folder… (can no longer be stopped: it will finish), in "
            "Restore"]
        window.close()
        box = window.quit_box
        assert box is not None
        # Not "nothing of it is kept" of a restore that finishes and replaces the data.
        assert "nothing of it is kept" not in box.text()
        assert "Work that can no longer be stopped finishes first." in box.text()
        box.button(QMessageBox.StandardButton.Discard).click()
        assert not task.progress.cancelled  # past cancelling: it finishes
    finally:
        features.idle_lock.stop()
        restore.panel.stop()
        restore.close()
