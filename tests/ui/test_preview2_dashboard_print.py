"""The deadlines dashboard prints as the filing preview does (ui.filing_preview's
PagePrinter, from the GUI thread): its Cancel aborts the job mid-print."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from approvals.ui.dashboard import DeadlinesDashboard
from tests.ui.test_deadline_report_ui import dashboard  # noqa: F401  (the fixture)


def test_cancel_mid_print_aborts_the_job(qtbot, dashboard: DeadlinesDashboard,  # noqa: F811
                                         tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals.ui import filing_preview

    monkeypatch.setattr(filing_preview, "pdf_file_of", lambda _printer: None)  # a printer
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "paper.pdf"))
    aborted: list[bool] = []
    real_abort = printer.abort
    printer.abort = lambda: aborted.append(True) or real_abort()  # type: ignore[method-assign]
    printed: list[int] = []
    dashboard.printed.connect(printed.append)
    panel = dashboard.report_progress
    dashboard.print_to(printer)
    qtbot.waitUntil(lambda: panel.label.text().startswith("Printing page"), timeout=60_000)
    assert panel.bar.value() >= 50  # the layout was the first half
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert aborted == [True] and not panel.running
    assert panel.label.text() == "Cancelled; nothing was written or printed."
    assert all(b.isEnabled() for b in dashboard.report_buttons)
    qtbot.wait(50)  # nothing more is painted or said after the cancel
    assert printed == [] and panel.label.text() == "Cancelled; nothing was written or printed."
