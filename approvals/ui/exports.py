"""CSV exports in the desktop app (services.exports): the case window's Timeline tab
"Export CSV…" writes exactly the events its filter shows; File → "Export case list
(CSV)…" writes the rows the case list shows, filters and sort order applied.

The file is chosen in the app's non-blocking file dialog (ui.files), the export runs
as a task with its own unit of work (the file written outside the write lock, only
the record of the export in the trail takes it), and the outcome is
said in a non-modal message: "Exported 42 events to …", or why nothing was written.
An export (the timeline's, the audit window's, the case list's) shows its progress with
a Cancel button in a small window when it takes longer than a moment (ui.progress); a
cancelled one leaves no file, and a file of that name already there as it was. Closing
the window cancels its export too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QPushButton, QWidget

from approvals.domain.numbers import counted
from approvals.services.cases import CaseRow
from approvals.services.exports import (
    NOTHING,
    ExportResult,
    export_audit_csv,
    export_case_list_csv,
)
from approvals.services.progress import CancelCheck
from approvals.services.progress import Progress as ServiceProgress
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.errors import refusal
from approvals.ui.files import CSV_EXPORTS, ask_save_file, suggested_name
from approvals.ui.progress import ProgressDialog, service_callbacks
from approvals.ui.widgets import second_key
from approvals.ui.workers import BoundRunner, Progress, TaskRunner, gc_paused, own_unit_of_work

if TYPE_CHECKING:
    from approvals.ui.case_view import CaseView

# In the case window only: on the main window Ctrl+Shift+E exports a review pack.
SHORTCUT = "Ctrl+Shift+E"
# In a proposed file name when a filter left rows out: a file sent on as "the audit trail
# of AP-2026-0002" must not pass for the whole of it ("AP-2026-0002-audit-trail-filtered-
# 2026-11-30.csv"; the file itself does not say what was left out).
FILTERED = "filtered"


def show_exported(parent: QWidget, result: ExportResult, noun: str) -> QMessageBox:
    """The non-modal success message, kept on `parent.export_message`. An export that
    matched nothing says so in the file's words ("Exported 0 events" read as a failure)."""
    box = QMessageBox(parent)
    box.setObjectName("exportDone")
    box.setIcon(QMessageBox.Icon.Information)
    if not result.rows and result.note:
        box.setWindowTitle(NOTHING)
        box.setText(result.note)
        box.setInformativeText(f"{result.path} was written with the column titles and a "
                               "line that says so.")
    else:
        box.setWindowTitle("Exported")
        box.setText(f"Exported {counted(result.rows, noun)} to {result.path}")
        box.setInformativeText(
            "UTF-8 CSV for a spreadsheet. Text that a spreadsheet would take for a formula"
            + (", and a hash or a text value it would take for a number,"
               if noun == "event" else "")
            + " begins with an apostrophe.")
    box.open()
    parent.export_message = box  # type: ignore[attr-defined]
    return box


def show_nothing_to_export(parent: QWidget, why: str) -> QMessageBox:
    """Said instead of the file dialog when the list shows no row: a file of column titles
    alone told nothing, not even why it was empty. Non-modal, kept on `parent.export_message`
    as the success message is."""
    box = QMessageBox(parent)
    box.setObjectName("nothingToExport")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(NOTHING)
    box.setText(NOTHING)
    box.setInformativeText(why)
    box.open()
    parent.export_message = box  # type: ignore[attr-defined]
    return box


# -- an export with progress and Cancel (audit trail, case list) -------------------------------

# The service's work: (session, progress, cancelled) -> the result.
AuditExport = Callable[[Any, ServiceProgress, CancelCheck], ExportResult]


def export_cancelled_text(out: Path) -> str:
    """The progress window's closing word after a cancel."""
    return (f"Export cancelled: nothing was written to {out.name} (a file of that name "
            "already there is unchanged).")


def start_audit_export(parent: QWidget, tasks: BoundRunner, db: Database, out: Path,
                       export: AuditExport, *, done: Callable[[ExportResult], object],
                       error_title: str,
                       ended: Callable[[], object] = lambda: None) -> ProgressDialog:
    """Run `export` off the GUI thread in a unit of work of its own (the file is written
    outside the write lock), with its progress and a Cancel button in a non-modal window
    over `parent` (kept on `parent.export_progress`), shown only when it takes longer than
    a moment. `ended` is called first however it ends; then `done` with the result, or the
    window says that a cancel wrote nothing, or `error_title` and the error are shown.
    Closing `parent` cancels the export."""
    old = getattr(parent, "export_progress", None)
    if isinstance(old, ProgressDialog) and not old.panel.running:
        old.deleteLater()
    dialog = ProgressDialog(parent, "Export CSV", what="export")
    dialog.setObjectName("csvExportProgress")
    parent.export_progress = dialog  # type: ignore[attr-defined]

    def work(session: Any, progress: Progress) -> ExportResult:
        report, cancelled = service_callbacks(progress)
        return export(session, report, cancelled)

    def succeeded(result: ExportResult) -> None:
        ended()
        dialog.succeeded()
        done(result)

    def failed(exc: BaseException) -> None:
        ended()
        dialog.failed(exc, cancelled_text=export_cancelled_text(out), error_title=error_title,
                      on_cancelled=lambda: None)

    task = tasks.run(own_unit_of_work(db, work), succeeded, failed, dialog.panel.update_progress)
    # Closing the window (which deletes it, its progress window with it) stops its export:
    # the file would otherwise turn up later with no word of it.
    parent.destroyed.connect(lambda _gone=None, progress=task.progress: progress.cancel())
    dialog.start(task, f"Exporting to {out.name}…")
    return dialog


# -- the case window's timeline --------------------------------------------------------------


def shown_event_ids(view: CaseView) -> list[int]:
    """The ids of the events the timeline shows now (its rows are the loaded events,
    newest first; a filtered-out row is hidden)."""
    if view.data is None:
        return []
    events = list(reversed(view.data.bundle.events))
    if len(events) != view.timeline.rowCount():
        return []
    return [events[r].id for r in range(len(events)) if not view.timeline.isRowHidden(r)]


def add_timeline_export(view: CaseView) -> QPushButton:
    """The Timeline tab's "Export CSV…" button (the caller lays it out)."""
    button = QPushButton("E&xport CSV…")
    button.setObjectName("timelineExportButton")
    button.setAccessibleName("Export the events shown as CSV")
    second_key(button, SHORTCUT)
    button.setProperty("exporting", False)
    apply_timeline_export_roles(view, button)
    # Each reading of the case re-reads the roles (an administrator may have changed them).
    view.loaded.connect(lambda _reference: apply_timeline_export_roles(view, button))
    button.clicked.connect(lambda _checked=False: choose_timeline_file(view))
    return button


def apply_timeline_export_roles(view: CaseView, button: QPushButton) -> None:
    """Available as the viewer's roles allow (greyed out while its export runs)."""
    if button.property("exporting"):
        return  # the end of the export applies them
    why = refusal(view.actor, "audit.export")
    button.setEnabled(not why)
    button.setToolTip(why or f"Write the events shown (the filter applied) to a CSV file "
                             f"for a spreadsheet ({SHORTCUT})")


def timeline_nothing_shown(view: CaseView) -> str:
    """Why the timeline has nothing to export ('' when it shows an event)."""
    total = view.timeline.rowCount()
    if shown_event_ids(view):
        return ""
    if not total or view.data is None or len(view.data.bundle.events) != total:
        return "The timeline has not been read yet. Try again in a moment."
    return (f"The filter shows none of the {counted(total, 'event')}. Clear the filter "
            "and choose All events to export the case's whole trail.")


def choose_timeline_file(view: CaseView) -> QFileDialog | QMessageBox:
    """The file dialog for the events shown; "Nothing to export" and why when the filter
    hides every event (the file would have held column titles alone)."""
    why = timeline_nothing_shown(view)
    if why:
        return show_nothing_to_export(view, why)
    filtered = len(shown_event_ids(view)) < view.timeline.rowCount()
    return ask_save_file(view, CSV_EXPORTS, title="Export the timeline as CSV",
                         name=suggested_name(CSV_EXPORTS, view.reference, "audit-trail",
                                             FILTERED if filtered else ""),
                         data_dir=view.data_dir, chosen=lambda path: export_timeline(view, path))


def export_timeline(view: CaseView, out: Path) -> ProgressDialog:
    """Export the events the timeline shows to `out`, off the GUI thread, with progress
    and Cancel; the button is greyed out meanwhile (a second click wrote it twice)."""
    ids, actor, reference = shown_event_ids(view), view.actor, view.reference
    button = view.timeline_export_button
    button.setProperty("exporting", True)
    button.setEnabled(False)
    button.setToolTip(f"Exporting to {out.name}… A message says when the file is written.")

    def export(session: Any, report: ServiceProgress, cancelled: CancelCheck) -> ExportResult:
        return export_audit_csv(session, actor=actor, out=out, case_reference=reference,
                                event_ids=ids, progress=report, cancelled=cancelled)

    def ended() -> None:
        button.setProperty("exporting", False)
        apply_timeline_export_roles(view, button)

    def done(result: ExportResult) -> None:
        show_exported(view, result, "event")
        view.reload()  # the timeline shows the export's own event

    # Its own unit of work off the serial write pool: the file is written outside the write
    # lock (services.exports), so the officer's own saves don't queue behind it either.
    return start_audit_export(view, view.tasks, view.runner.db, out, export, done=done,
                              error_title="The timeline could not be exported", ended=ended)


# -- the case list ---------------------------------------------------------------------------


class CaseListExport:
    """File → Export case list (CSV)… on the main window."""

    def __init__(self, window: QMainWindow, runner: TaskRunner, actor: Actor) -> None:
        self.window, self.runner, self.actor = window, runner, actor
        self.tasks = runner.bound_to(window)
        self.exporting = False  # greyed out while its file is written (a second one wrote it twice)
        self.action = QAction("E&xport case list (CSV)…", window)
        self.action.setObjectName("exportCaseListAction")
        self.action.triggered.connect(lambda _checked=False: self.choose_file())
        self.apply_roles(actor)
        roles_changed = getattr(window, "roles_changed", None)
        if roles_changed is not None:
            roles_changed.connect(self.apply_roles)
        file_menu = getattr(window, "file_menu", None) or window.menuBar().addMenu("&File")
        quit_action = next((a for a in file_menu.actions() if a.objectName() == "quitAction"),
                           None)
        if quit_action is not None:  # with the other file work, above the separator and Quit
            actions = file_menu.actions()
            index = actions.index(quit_action)
            file_menu.insertAction(actions[index - 1] if index else quit_action, self.action)
        else:
            file_menu.addAction(self.action)

    def apply_roles(self, actor: Actor) -> None:
        self.actor = actor
        if self.exporting:
            return  # the end of the export applies them
        why = refusal(actor, "audit.export")
        self.action.setEnabled(not why)
        self.action.setToolTip(why or "Write the cases the list shows (filters applied) to a "
                                      "CSV file for a spreadsheet")
        self.action.setStatusTip(why)

    def nothing_shown(self) -> str:
        """Why there is nothing to export ('' when the list shows a case)."""
        model = self.window.model  # type: ignore[attr-defined]
        if model.rowCount():
            return ""
        if not model.total:
            return "The case list has no cases yet."
        return (f"The filters show none of the {counted(model.total, 'case')}. Clear the "
                "filter and choose All statuses and All regimes to export every case.")

    def choose_file(self) -> QFileDialog | QMessageBox:
        why = self.nothing_shown()
        if why:
            return show_nothing_to_export(self.window, why)
        model = self.window.model  # type: ignore[attr-defined]
        filtered = model.rowCount() < model.total
        return ask_save_file(self.window, CSV_EXPORTS, title="Export the case list as CSV",
                             name=suggested_name(CSV_EXPORTS, "case-list",
                                                 FILTERED if filtered else ""),
                             data_dir=self.runner.db.data_dir, chosen=self.export_to)

    def export_to(self, out: Path, rows: Sequence[CaseRow] | None = None) -> ProgressDialog:
        """Export `rows` (the rows the list shows) to `out`, off the GUI thread, with its
        progress and Cancel in a small window when it takes longer than a moment (100,000
        cases take seconds); a cancelled export leaves no file. The menu item is greyed
        out meanwhile."""
        actor = self.actor
        if rows is None:  # picked out on the worker: 100,000 rows took 50 ms here
            every, positions = self.window.model.shown()  # type: ignore[attr-defined]
            count = len(positions)
        else:
            every, positions, count = list(rows), None, len(rows)
        status = self.window.statusBar()
        status.showMessage(f"Exporting {counted(count, 'case')}…")
        self.exporting = True
        self.action.setEnabled(False)
        self.action.setToolTip(f"Exporting to {out.name}… A message says when the file is "
                               "written.")

        def export(session: Any, report: ServiceProgress, cancelled: CancelCheck) -> ExportResult:
            # The collector held off while 100,000 rows' cells are made: a full collection
            # walked every case the window holds and stalled it for half a second.
            with gc_paused():
                shown = every if positions is None else [every[i] for i in positions]
                return export_case_list_csv(session, actor=actor, out=out, rows=shown,
                                            progress=report, cancelled=cancelled)

        def ended() -> None:
            self.exporting = False
            status.clearMessage()
            self.apply_roles(self.actor)

        def done(result: ExportResult) -> None:
            box = show_exported(self.window, result, "case")
            status.showMessage(box.text(), 10_000)

        # Its own unit of work: the file is written outside the write lock (services.
        # exports), so the officer's saves don't queue behind a long export.
        return start_audit_export(self.window, self.tasks, self.runner.db, out, export,
                                  done=done, error_title="The case list could not be exported",
                                  ended=ended)


def install_export_features(window: QMainWindow, runner: TaskRunner,
                            actor: Actor) -> CaseListExport:
    """File → Export case list (CSV)…; the case windows' timelines have their own button."""
    features = CaseListExport(window, runner, actor)
    window.case_list_export = features  # type: ignore[attr-defined]
    return features
