"""Generating a filing from the case view: rendered off the GUI thread, previewed."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox
from reportlab.pdfgen import canvas

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import filing_preview
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


def test_generate_a_draft_status_report_and_preview_it(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    facts = json.loads(DEMO.read_text(encoding="utf-8"))[0]
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
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

    # Printing paints every page onto the printer (a PDF printer here, no dialog) from the
    # GUI thread, a band at a time (see filing_preview.PagePrinter).
    as_a_printer(monkeypatch)
    printed = tmp_path / "printed.pdf"
    threads: list[threading.Thread] = []
    real_print_pages = filing_preview.print_pages

    def spy(pdf: bytes, printer: QPrinter, parent, **callbacks):
        threads.append(threading.current_thread())
        return real_print_pages(pdf, printer, parent, **callbacks)

    monkeypatch.setattr(filing_preview, "print_pages", spy)
    with qtbot.waitSignal(dialog.printed, timeout=60_000) as done:
        dialog._print_to(pdf_printer(printed))
        assert not dialog.print_button.isEnabled() and dialog.cancel_button.isEnabled()
    assert done.args[0] == rendered.args[0]
    assert threads == [threading.main_thread()]
    assert len(PdfReader(str(printed)).pages) == rendered.args[0]
    assert dialog.print_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert "Printed" in dialog.status.text()
    dialog.close()


def as_a_printer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF printer stands in for a real one (there is none headless): sent the page
    images, not the filing's own file, as "Print to File (PDF)" is
    (tests/ui/test_print_to_file.py)."""
    monkeypatch.setattr(filing_preview, "pdf_file_of", lambda _printer: None)


def ready_to_print(qtbot, runner: TaskRunner, admin: Actor, monkeypatch: pytest.MonkeyPatch,
                   pages: int) -> FilingDialog:
    """A shown preview holding a `pages`-page PDF, printing as to a PDF printer."""
    as_a_printer(monkeypatch)
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pdf = many_pages(pages)
    return dialog


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def many_pages(count: int) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(count):
        pdf.drawString(72, 720, f"Page {page + 1}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def print_now(qtbot, pdf: bytes, printer: QPrinter, *,
              on_progress=None) -> tuple[int | BaseException, list[tuple[int, str]]]:
    """`filing_preview.print_pages` run to its end: the pages printed (or the failure),
    and its progress reports."""
    seen: list[tuple[int, str]] = []
    outcome: list[int | BaseException] = []

    def progressed(percent: int, message: str) -> None:
        seen.append((percent, message))
        if on_progress is not None:
            on_progress(job, percent, message)

    job = filing_preview.print_pages(pdf, printer, None, progressed=progressed,
                                     finished=outcome.append, failed=outcome.append)
    qtbot.waitUntil(lambda: bool(outcome) or job.cancelled, timeout=60_000)
    return (outcome[0] if outcome else -1), seen


def test_print_pages_reports_each_page_while_the_window_answers(qtbot,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "twenty.pdf"
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))  # the GUI thread's event loop runs
    timer.start(5)
    pages, seen = print_now(qtbot, many_pages(20), pdf_printer(out))
    timer.stop()
    assert pages == 20
    assert len(PdfReader(str(out)).pages) == 20
    # What was printed is the page: dark text on white (not a black or empty sheet).
    printed = QPdfDocument()
    printed.load(str(out))
    size = printed.pagePointSize(0).toSize()  # A4, the printer's paper
    image = filing_preview._on_white(printed.render(0, size)).convertToFormat(
        QImage.Format.Format_Grayscale8)
    printed.close()
    greys = [image.pixelColor(x, y).value()
             for x in range(0, size.width(), 8) for y in range(0, size.height(), 8)]
    assert sum(g > 240 for g in greys) > 0.9 * len(greys)  # mostly white paper
    text = min(image.pixelColor(x, y).value() for x in range(60, 200) for y in range(90, 160))
    assert text < 100  # "Page 1", printed about an inch from the top left
    assert [m for _p, m in seen if m.startswith("Printing page")] == [
        f"Printing page {n} of 20…" for n in range(1, 21)]
    assert seen[-1][0] == 100
    # The event loop kept turning while the pages were painted (at least once a page;
    # painted in one go, it would not have turned at all).
    assert len(ticks) >= 20


def test_cancelled_print_is_aborted(qtbot, tmp_path: Path) -> None:
    out = tmp_path / "aborted.pdf"
    printer = pdf_printer(out)
    aborted: list[bool] = []
    real_abort = printer.abort
    printer.abort = lambda: aborted.append(True) or real_abort()  # type: ignore[method-assign]

    def cancel_at_the_fourth_page(job, _percent: int, message: str) -> None:
        if message.startswith("Printing page 4 "):  # as the user would, while it runs
            job.cancel()

    outcome, seen = print_now(qtbot, many_pages(20), printer,
                              on_progress=cancel_at_the_fourth_page)
    assert outcome == -1  # neither printed nor failed
    assert aborted == [True]
    assert seen[-1][1] == "Printing page 4 of 20…"
    # A real printer drops the aborted job; the PDF engine cannot abort, so its file shows
    # where the job stopped: no page after the cancel.
    assert len(PdfReader(str(out)).pages) == 3


def test_cancel_printing_from_the_dialog(qtbot, runner: TaskRunner, admin: Actor,
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ready_to_print(qtbot, runner, admin, monkeypatch, 40)
    dialog.print_button.setEnabled(True)
    printed: list[int] = []
    dialog.printed.connect(printed.append)
    dialog._print_to(pdf_printer(tmp_path / "cancelled.pdf"))
    assert dialog.cancel_button.isEnabled() and dialog.cancel_button.text() == "&Cancel printing"
    assert not dialog.print_button.isEnabled() and not dialog.generate_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Printing cancelled."
    assert dialog.print_button.isEnabled() and dialog.generate_button.isEnabled()
    assert not dialog.cancel_button.isEnabled()
    assert dialog.cancel_button.text() == "&Cancel rendering"
    qtbot.waitUntil(lambda: runner.idle, timeout=60_000)
    assert printed == []  # the job stopped: no "Printed" message after the cancel
    assert dialog.status.text() == "Printing cancelled."


def test_a_printer_that_cannot_start_is_a_plain_message(
        qtbot, runner: TaskRunner, admin: Actor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ready_to_print(qtbot, runner, admin, monkeypatch, 2)
    shown: list[str] = []
    real_show_error = filing_preview.show_error

    def record(parent, title, exc):
        shown.append(f"{title}: {exc}")
        return real_show_error(parent, title, exc)

    monkeypatch.setattr(filing_preview, "show_error", record)
    dialog._print_to(pdf_printer(tmp_path / "no such folder" / "out.pdf"))
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown == ["The filing could not be printed: The printer could not be started: check "
                     "the printer, or the output file's folder, in the print dialog."]
    box = dialog.findChild(QMessageBox, "errorDialog")
    assert box is not None and not box.detailedText()  # no traceback for this one
    assert dialog.print_button.isEnabled() and not dialog.cancel_button.isEnabled()
    box.done(0)


def test_the_kinds_this_case_calls_for_come_first(qtbot, runner: TaskRunner, db: Database,
                                                  admin: Actor) -> None:
    from tests.conftest import EXAMPLES_DIR

    facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    with db.session() as session:  # a US-OISP track only: no Chinese application is due
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.applicable is not None, timeout=10_000)
    assert dialog.applicable == ("us-notification", "status-report")
    assert dialog.kind.currentData() == "us-notification"
    texts = [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    assert texts[0] == "Chinese application (bilingual) — no track of this case calls for it"
    assert texts[1:] == ["US notification (31 CFR 850)", "Status report"]
    assert "draft can still be generated" in dialog.kind.itemData(0, Qt.ItemDataRole.ToolTipRole)
    # A kind the user picked before the answer came is kept.
    chosen = FilingDialog(runner, admin, reference)
    qtbot.addWidget(chosen)
    chosen.kind.setCurrentIndex(2)
    qtbot.waitUntil(lambda: chosen.applicable is not None, timeout=10_000)
    assert chosen.kind.currentData() == "status-report"
