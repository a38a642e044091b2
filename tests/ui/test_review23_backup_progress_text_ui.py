"""File → Back up…'s progress window is sized for its first line ("Backing up to
bk1.zip…"); the line then names each document ("Backing up Post-closing structure chart -
Kowloon Deep Reasoning Labs.pdf (AP-2026-0009), document 7 of 7"), which wraps to two
lines, and the window stayed one line tall: both lines were cut through the middle. The
window grows to show the whole text."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.ui.progress import ProgressDialog
from approvals.ui.workers import Task

LONG = ("Backing up Post-closing structure chart - Kowloon Deep Reasoning Labs.pdf "
        "(AP-2026-0009), document 7 of 7")


def test_a_longer_progress_line_is_shown_whole(qtbot) -> None:
    dialog = ProgressDialog(None, "Back up", what="backup")
    qtbot.addWidget(dialog)
    task = Task(lambda: None)  # never run: the dialog only reads its progress
    dialog.start(task, "Backing up to bk1.zip…")
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    label = dialog.panel.label
    dialog.panel.update_progress(99, LONG)
    QApplication.processEvents()  # the layout request, then the resize it brings
    QApplication.processEvents()
    assert label.heightForWidth(label.width()) > label.fontMetrics().height() * 1.5  # wraps
    assert label.height() >= label.heightForWidth(label.width())
    assert label.geometry().bottom() < dialog.panel.bar.geometry().top()
    dialog.succeeded()  # the work "ends": a running one refuses to close
