"""View → Verify audit trail: the check `approvals audit verify` makes (SQLite's check of
the whole database file, then the hash chain and its end against the anchor, then every
stored document against its recorded SHA-256), run off the GUI thread with progress and
Cancel, its result in the same words. A damaged file stops there, as in the CLI: the
records under the chain cannot be vouched for, and the way back is restoring a backup.

The file is checked here even when the start-up check (ui.integrity) passed a minute ago:
this check vouches for the records as they are now, and damage from a failing disk changes
neither the file's date nor its size, so "unchanged since" cannot be told. It costs little
then: both run on the one background thread, so this one starts after the start-up check
has ended and finds the file in the disk cache."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)
from shiboken6 import isValid

from approvals.paths import DataDir
from approvals.services.audit import VerifyReport, verify
from approvals.store.migrate import integrity_problem
from approvals.ui.audit_trail import open_audit_trail
from approvals.ui.errors import refusal
from approvals.ui.progress import ProgressDialog, service_callbacks
from approvals.ui.widgets import put_long_report
from approvals.ui.workers import Progress

VERIFY_CANCELLED = "Audit check cancelled; nothing was changed."
# Bad documents named in the box itself; all of them are in its details.
SHOWN_BAD_DOCUMENTS = 10
# The box's width with bad documents listed: Qt's narrow default broke each one (a file
# name, its case, what is wrong) over three or four lines.
LIST_WIDTH = 600
FILE_INTACT = "Database file: SQLite's whole-file check (quick_check) passed."
CHECKING_FILE = "Checking the database file (SQLite's whole-file check)…"
# SQLite may list many damaged pages; the box names the start, its details all of it.
SHOWN_PROBLEM_CHARS = 300


@dataclass(frozen=True)
class InAppVerify:
    """The in-app check's outcome: the file's problem (None when it passed), and the chain's
    and documents' report (None when the damaged file stopped the check before them)."""

    file_problem: str | None
    report: VerifyReport | None


def check_all(session: Any, database: Path, progress: Progress) -> InAppVerify:
    """The file, then (if it is sound) the chain and the documents; on the worker thread.
    The same two functions `approvals audit verify` runs, in the same order."""
    report, cancelled = service_callbacks(progress)
    report(0.0, CHECKING_FILE)
    problem = integrity_problem(database, cancelled=cancelled)
    if problem:  # the chain's own walk would stop on the first damaged page anyway
        return InAppVerify(problem, None)
    report(0.0, "Checking the hash chain of events…")
    return InAppVerify(None, verify(session, progress=report, cancelled=cancelled))


def restore_advice(data_dir: DataDir, actor: object) -> str:
    """The way back from a damaged file, for the signed-in user (File → Restore… is for an
    administrator)."""
    where = f"the automatic backups are in {data_dir.backups}"
    if refusal(actor, "backup.restore"):
        return f"Ask an administrator to restore a backup ({where})."
    return f"Restore a backup: File → Restore… ({where})."


def show_damaged(window: QMainWindow, problem: str, parent: QWidget | None = None) -> QMessageBox:
    """The damaged file's result, over `parent` (the window Verify was started from) or
    the main window."""
    box = QMessageBox(parent or window)
    box.setObjectName("auditVerifyResult")
    box.setWindowTitle("Audit trail")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setText("The database file is damaged: its records cannot be vouched for.")
    shown = problem if len(problem) <= SHOWN_PROBLEM_CHARS else (
        problem[:SHOWN_PROBLEM_CHARS] + "… (Show Details…)")
    data_dir: DataDir = window.data_dir  # type: ignore[attr-defined]
    box.setInformativeText("\n".join([
        f"Database file: SQLite's whole-file check (quick_check) failed: {shown}",
        "Audit chain and documents: not checked, as the file under them is damaged.",
        "",
        restore_advice(data_dir, window.actor),  # type: ignore[attr-defined]
    ]))
    box.setDetailedText(problem)
    box.open()
    window.audit_verify_box = box  # type: ignore[attr-defined]
    # The main window's damage warning too, with its Restore button, if the start-up check
    # has not put it up already.
    banner = getattr(window, "damage_banner", None)
    if banner is not None and not banner.problem:
        banner.show_problem(problem)
    return box


def show_report(window: QMainWindow, report: VerifyReport,
                parent: QWidget | None = None) -> QMessageBox:
    """The check's result, over `parent` (the window Verify was started from) or the main
    window."""
    box = QMessageBox(parent or window)
    box.setObjectName("auditVerifyResult")
    box.setWindowTitle("Audit trail")
    box.setIcon(QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Critical)
    text = report.summary if report.chain_ok else report.summary[:1].upper() + report.summary[1:]
    documents, records = report.documents, report.records
    # The documents' and the records' problems, a line each (documents first, as checked).
    bad = ([d.line for d in documents.bad] if documents is not None else []) + (
        list(records.bad) if records is not None else [])
    for check in (documents, records):
        if check is not None and not check.ok:
            text += "\n" + check.headline.rstrip(":") + "."
    box.setText(text)
    # The file first (it passed, or the check would have stopped there), then the chain's
    # anchor, then the documents and the records: the order they are checked in.
    lines = [FILE_INTACT]
    if report.anchor_line:
        lines.append(report.anchor_line)
    lines += [check.headline for check in (documents, records)
              if check is not None and check.ok]
    if not bad:
        box.setInformativeText("\n".join(lines))
    else:
        # The file and the anchor apart from the list of problems; the list cut short
        # as every long report is (one wording of "… and N more", widgets.put_long_report).
        put_long_report(box, [f"• {line}" for line in bad],
                        limit=SHOWN_BAD_DOCUMENTS, before="\n".join(lines) + "\n\n")
        # Under Show Details… even when all are shown: the list to copy into a report.
        box.setDetailedText("\n".join(bad))
    layout = box.layout()
    if bad and isinstance(layout, QGridLayout):
        layout.addItem(QSpacerItem(LIST_WIDTH, 0, QSizePolicy.Policy.Minimum,
                                   QSizePolicy.Policy.Expanding),
                       layout.rowCount(), 0, 1, layout.columnCount())
    broken_at = report.first_bad_event if not report.chain_ok and not report.cut else None
    if broken_at is not None:
        # Straight to the event the chain breaks at, selected and shown in full in the audit
        # trail window: the officer had to find it there by hand among thousands.
        show = box.addButton(f"&Show event #{broken_at}", QMessageBox.ButtonRole.ActionRole)
        show.setObjectName("auditShowBrokenEvent")
        show.setToolTip("Open the audit trail at this event, selected, with its details")
        show.clicked.connect(lambda _checked=False: open_audit_trail(window).go_to_event(broken_at))
        box.addButton(QMessageBox.StandardButton.Close)
    box.open()  # never exec(): nothing waits on it
    window.audit_verify_box = box  # type: ignore[attr-defined]  # kept for tests and to stay alive
    return box


def run_verify(window: QMainWindow, action: QAction, parent: QWidget | None = None) -> None:
    """Run the check for the main window `window` (which has `tasks`, `runner` and the
    status bar), its progress and its result over `parent`, the window it was started from
    (the audit trail window's Verify: over the main window they could open behind it); the
    main window's once `parent` has closed. `action` is greyed out until it has ended."""
    owner = parent or window

    def here() -> QWidget:  # the window that asked, while it is still open
        return owner if isValid(owner) and owner.isVisible() else window

    # One check at a time: the action comes back when this one has ended.
    action.setEnabled(False)
    dialog = ProgressDialog(owner, "Verify audit trail", what="audit check")
    dialog.setObjectName("auditVerifyProgress")
    window.audit_verify_progress = dialog  # type: ignore[attr-defined]  # for tests

    database = window.data_dir.database  # type: ignore[attr-defined]

    def job(session: Any, progress: Progress) -> InAppVerify:
        return check_all(session, database, progress)

    def done(result: InAppVerify) -> None:
        action.setEnabled(True)
        if isValid(dialog):  # gone with the window it was over
            dialog.succeeded()
        window.statusBar().clearMessage()
        if result.report is None:
            show_damaged(window, result.file_problem or "", here())
        else:
            show_report(window, result.report, here())

    def failed(exc: BaseException) -> None:
        action.setEnabled(True)
        window.statusBar().clearMessage()
        if not isValid(dialog):
            return
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
        job, done, failed, lambda *a: dialog.panel.update_progress(*a) if isValid(dialog)
        else None, background=True)
    dialog.start(task, "Waiting for the backup or database check already running to finish…" if waits
                 else CHECKING_FILE)


def add_audit_verify_action(window: QMainWindow) -> QAction:
    """View → Verify audit trail on the main window (which has `tasks` and `view_menu`)."""
    action = QAction("&Verify audit trail", window)
    action.setObjectName("auditVerifyAction")
    action.triggered.connect(lambda _checked=False: run_verify(window, action))
    window.view_menu.addAction(action)  # type: ignore[attr-defined]
    return action


def add_audit_trail_action(window: QMainWindow) -> QAction:
    """View → Audit trail on the main window: the whole trail, filtered (ui.audit_trail)."""
    action = QAction("Audit &trail", window)
    action.setObjectName("auditTrailAction")
    action.setStatusTip("Every event you may see, newest first, with filters and CSV export")

    action.triggered.connect(lambda _checked=False: open_audit_trail(window))
    window.view_menu.addAction(action)  # type: ignore[attr-defined]
    return action
