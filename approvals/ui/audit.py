"""View → Verify audit trail…: the check `approvals audit verify` makes (the hash chain,
then its end against the anchor), run off the GUI thread, its result in the same words."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox

from approvals.services.audit import VerifyReport, verify
from approvals.ui.errors import show_error


def show_report(window: QMainWindow, report: VerifyReport) -> QMessageBox:
    box = QMessageBox(window)
    box.setObjectName("auditVerifyResult")
    box.setWindowTitle("Audit trail")
    box.setIcon(QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Critical)
    text = report.summary if report.ok else report.summary[:1].upper() + report.summary[1:]
    box.setText(text)
    if report.anchor_line:
        box.setInformativeText(report.anchor_line)
    box.open()  # never exec(): nothing waits on it
    window.audit_verify_box = box  # type: ignore[attr-defined]  # kept for tests and to stay alive
    return box


def add_audit_verify_action(window: QMainWindow) -> QAction:
    """View → Verify audit trail… on the main window (which has `tasks` and `view_menu`)."""
    action = QAction("&Verify audit trail…", window)
    action.setObjectName("auditVerifyAction")

    def done(report: VerifyReport) -> None:
        window.statusBar().clearMessage()
        show_report(window, report)

    def run() -> None:
        window.statusBar().showMessage("Verifying the audit trail…")
        window.tasks.read(  # type: ignore[attr-defined]
            verify, done, lambda exc: show_error(window, "The audit trail could not be checked", exc))

    action.triggered.connect(lambda _checked=False: run())
    window.view_menu.addAction(action)  # type: ignore[attr-defined]
    return action
