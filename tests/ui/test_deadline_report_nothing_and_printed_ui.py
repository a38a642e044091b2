"""The dashboard's and the case list's exports when nothing is shown, and a printed
deadlines report in the audit trail, pressed as the officer does.

- Export CSV… with a filter that keeps no row says "Nothing to export" and why, instead
  of a file dialog for a file of column titles alone; so does File → Export case list.
- Print… records `deadlines.exported` (format "print") once the pages have gone out, as
  Save as PDF… does; a record that fails is said beside "Printed N pages", not as a
  failed print.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from sqlmodel import select

from approvals.domain.errors import ApprovalsError
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.dashboard import DeadlinesDashboard
from approvals.ui.main_window import MainWindow
from tests.ui.test_deadline_report_ui import dashboard  # noqa: F401 - the fixture
from tests.ui.test_exports_ui import window  # noqa: F401 - the fixture


def _last_event(db: Database) -> tuple[str, str, dict]:
    with db.read_session() as s:
        row = s.exec(select(Event.action, Event.entity_id, Event.details)
                     .order_by(Event.id.desc())).first()  # type: ignore[union-attr]
    assert row is not None
    return row[0], row[1], json.loads(row[2] or "{}")


def test_export_with_a_filter_that_keeps_nothing_says_so(
        qtbot, dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    qtbot.keyClicks(dashboard.filter_edit, "zzzz")
    qtbot.mouseClick(dashboard.export_button, Qt.MouseButton.LeftButton)
    box = dashboard.export_message
    assert box.isVisible() and box.windowTitle() == "Nothing to export"
    assert box.text() == "Nothing to export"
    assert box.informativeText().startswith("The filter “zzzz” keeps none of the dashboard's ")
    assert "Clear the filter (Esc)" in box.informativeText()
    assert getattr(dashboard, "file_dialog", None) is None  # no file to choose
    box.close()
    # With the filter cleared the rows are there to export again: the file dialog opens.
    dashboard.filter_edit.clear()
    qtbot.mouseClick(dashboard.export_button, Qt.MouseButton.LeftButton)
    assert dashboard.file_dialog.isVisible()
    dashboard.file_dialog.reject()


def test_the_case_list_export_with_nothing_shown_says_so(qtbot, window: MainWindow) -> None:  # noqa: F811
    qtbot.keyClicks(window.filter_edit, "zzzz")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=2_000)
    window.case_list_export.action.trigger()
    box = window.export_message
    assert box.isVisible() and box.windowTitle() == "Nothing to export"
    assert f"none of the {window.model.total} cases" in box.informativeText()
    assert getattr(window, "file_dialog", None) is None
    box.close()


def test_printing_to_a_file_is_recorded(qtbot, dashboard: DeadlinesDashboard,  # noqa: F811
                                        db: Database, tmp_path: Path) -> None:
    qtbot.mouseClick(dashboard.print_button, Qt.MouseButton.LeftButton)
    printing = dashboard.print_dialog
    assert printing is not None
    printer = printing.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    with qtbot.waitSignal(dashboard.printed, timeout=60_000) as printed:
        QDialog.accept(printing)
    action, entity_id, details = _last_event(db)
    assert (action, entity_id) == ("deadlines.printed", "printed.pdf")
    assert (details["format"], details["file"], details["pages"]) == (
        "print", "printed.pdf", printed.args[0])


def test_printing_on_a_printer_is_recorded_and_a_failed_record_is_said(
        qtbot, dashboard: DeadlinesDashboard, db: Database,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals.ui import dashboard as dashboard_module
    from approvals.ui import filing_preview

    # A printer, not "Print to File": the pages are counted, not painted, here.
    monkeypatch.setattr(filing_preview, "pdf_file_of", lambda _printer: None)

    def four_pages(_pdf, _printer, parent, *, finished, **_callbacks) -> QObject:
        QTimer.singleShot(0, lambda: finished(4))
        job = QObject(parent)
        job.cancel = lambda: None  # type: ignore[attr-defined]
        return job

    monkeypatch.setattr(filing_preview, "print_pages", four_pages)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    with qtbot.waitSignal(dashboard.printed, timeout=60_000):
        dashboard.print_to(printer)
    action, entity_id, details = _last_event(db)
    assert action == "deadlines.printed" and details["format"] == "print"
    assert entity_id == details["printer"] == (printer.printerName() or "default printer")
    assert details["pages"] == 4 and "file" not in details

    def busy(*_args, **_kwargs):
        raise ApprovalsError("The database is busy.")

    monkeypatch.setattr(dashboard_module, "record_deadlines_printed", busy)
    with qtbot.waitSignal(dashboard.printed, timeout=60_000):
        dashboard.print_to(printer)
    assert dashboard.report_progress.label.text() == (
        "Printed 4 pages. The audit trail could not record the print: The database is busy.")
