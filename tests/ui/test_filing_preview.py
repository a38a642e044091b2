"""Generating a filing from the case view: rendered off the GUI thread, previewed."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.workers import TaskRunner

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


def test_generate_a_draft_status_report_and_preview_it(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database, tmp_path: Path
) -> None:
    facts = json.loads(DEMO.read_text(encoding="utf-8"))[0]
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    view = CaseView(runner, admin, data_dir, reference)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    view.filing_button.click()
    dialog = view.preview
    assert isinstance(dialog, FilingDialog) and dialog.isVisible()
    # Before the first Generate the preview area holds a hint, not an empty grey pane.
    assert dialog.hint.isVisible() and not dialog.view.isVisible()
    assert "press Generate" in dialog.hint.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("status-report"))
    progress: list[int] = []
    runner_progress = dialog._progress

    def record(percent: int, message: str) -> None:
        progress.append(percent)
        runner_progress(percent, message)

    dialog._progress = record  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.rendered, timeout=60_000) as rendered:
        dialog.generate_button.click()
    assert rendered.args[0] >= 1
    assert dialog.document.pageCount() == rendered.args[0]
    assert dialog.pdf.startswith(b"%PDF")
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.view.isVisible() and not dialog.hint.isVisible()
    assert progress and max(progress) == 100

    # Printing renders every page to the printer (a PDF printer here, no dialog).
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    dialog._print_to(printer)
    assert len(PdfReader(str(printed)).pages) == rendered.args[0]
    dialog.close()
