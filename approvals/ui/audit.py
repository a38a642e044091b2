"""View → Verify audit trail…: the check `approvals audit verify` makes (the hash chain,
then its end against the anchor, then every stored document against its recorded
SHA-256), run off the GUI thread with progress and Cancel, its result in the same words."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGridLayout, QMainWindow, QMessageBox, QSizePolicy, QSpacerItem

from approvals.services.audit import VerifyReport, verify
from approvals.ui.progress import ProgressDialog, service_callbacks
from approvals.ui.workers import Progress

VERIFY_CANCELLED = "Audit check cancelled; nothing was changed."
# Bad documents named in the box itself; all of them are in its details.
SHOWN_BAD_DOCUMENTS = 10
# The box's width with bad documents listed: Qt's narrow default broke each one (a file
# name, its case, what is wrong) over three or four lines.
LIST_WIDTH = 600


def show_report(window: QMainWindow, report: VerifyReport) -> QMessageBox:
    box = QMessageBox(window)
    box.setObjectName("auditVerifyResult")
    box.setWindowTitle("Audit trail")
    box.setIcon(QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Critical)
    text = report.summary if report.chain_ok else report.summary[:1].upper() + report.summary[1:]
    documents = report.documents
    if documents is not None and not documents.ok:
        text += "\n" + documents.headline.rstrip(":") + "."
    box.setText(text)
    lines = [report.anchor_line] if report.anchor_line else []
    if documents is not None and documents.ok:
        lines.append(documents.headline)
    elif documents is not None:
        if lines:  # the anchor apart from the list of documents
            lines.append("")
        lines += [f"• {bad.line}" for bad in documents.bad[:SHOWN_BAD_DOCUMENTS]]
        more = len(documents.bad) - SHOWN_BAD_DOCUMENTS
        if more > 0:
            lines.append(f"… and {more} more (Show Details…).")
        box.setDetailedText("\n".join(bad.line for bad in documents.bad))
    if lines:
        box.setInformativeText("\n".join(lines))
    layout = box.layout()
    if documents is not None and not documents.ok and isinstance(layout, QGridLayout):
        layout.addItem(QSpacerItem(LIST_WIDTH, 0, QSizePolicy.Policy.Minimum,
                                   QSizePolicy.Policy.Expanding),
                       layout.rowCount(), 0, 1, layout.columnCount())
    box.open()  # never exec(): nothing waits on it
    window.audit_verify_box = box  # type: ignore[attr-defined]  # kept for tests and to stay alive
    return box


def add_audit_verify_action(window: QMainWindow) -> QAction:
    """View → Verify audit trail… on the main window (which has `tasks` and `view_menu`)."""
    action = QAction("&Verify audit trail…", window)
    action.setObjectName("auditVerifyAction")

    def run() -> None:
        # One check at a time: the action comes back when this one has ended.
        action.setEnabled(False)
        dialog = ProgressDialog(window, "Verify audit trail", what="audit check")
        dialog.setObjectName("auditVerifyProgress")
        window.audit_verify_progress = dialog  # type: ignore[attr-defined]  # for tests

        def job(session: Any, progress: Progress) -> VerifyReport:
            report, cancelled = service_callbacks(progress)
            return verify(session, progress=report, cancelled=cancelled)

        def done(report: VerifyReport) -> None:
            action.setEnabled(True)
            dialog.succeeded()
            window.statusBar().clearMessage()
            show_report(window, report)

        def failed(exc: BaseException) -> None:
            action.setEnabled(True)
            window.statusBar().clearMessage()
            dialog.failed(exc, cancelled_text=VERIFY_CANCELLED,
                          error_title="The audit trail could not be checked",
                          on_cancelled=lambda: window.statusBar().showMessage(
                              VERIFY_CANCELLED, 8000))

        window.statusBar().showMessage("Verifying the audit trail…")
        # A read session: the files are hashed in its snapshot, never under the write lock;
        # on the background thread, as hashing every document takes long on a large folder.
        # It waits there for a backup already running (the first progress replaces the text).
        waits = window.runner.background_busy  # type: ignore[attr-defined]
        task = window.tasks.session_task(  # type: ignore[attr-defined]
            job, done, failed, dialog.panel.update_progress, background=True)
        dialog.start(task, "Waiting for the backup already running to finish…" if waits
                     else "Checking the hash chain of events…")

    action.triggered.connect(lambda _checked=False: run())
    window.view_menu.addAction(action)  # type: ignore[attr-defined]
    return action
