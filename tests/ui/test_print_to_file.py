"""Print → "Print to File (PDF)" writes the filing's own PDF (text, fonts, vector pages):
the file Save as… writes, not a picture of each page painted through the PDF printer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.store import files
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import filing_preview
from approvals.ui.filing_preview import FilingDialog, pdf_file_of
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_preview import many_pages, pdf_printer, print_now
from tests.ui.test_journeys import demo_facts


def no_page_images(monkeypatch: pytest.MonkeyPatch) -> None:
    def painted(*_args: object, **_callbacks: object) -> int:
        raise AssertionError("the pages were painted onto the PDF printer")

    monkeypatch.setattr(filing_preview, "print_pages", painted)


def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, BaseException]]:
    shown: list[tuple[str, BaseException]] = []
    real_show_error = filing_preview.show_error

    def record(parent, title, exc):
        shown.append((title, exc))
        return real_show_error(parent, title, exc)

    monkeypatch.setattr(filing_preview, "show_error", record)
    return shown


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_print_to_file_writes_the_rendered_pdf(
        qtbot, db: Database, runner: TaskRunner, admin: Actor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(demo_facts("DEMO-04")),
                                actor=admin).reference
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("status-report"))
    with qtbot.waitSignal(dialog.rendered, timeout=60_000) as rendered:
        dialog.generate_button.click()
    no_page_images(monkeypatch)
    # Through the print dialog (open, not exec: nothing blocks), as "Print to File (PDF)"
    # leaves its printer.
    dialog.print_button.click()
    printing = dialog.print_dialog
    assert printing is not None and printing.isVisible()
    printer = printing.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    with qtbot.waitSignal(dialog.printed, timeout=60_000) as printed:
        QDialog.accept(printing)  # as OK, without the dialog re-reading its printer choice
    assert printed.args == [rendered.args[0]]
    # Byte for byte the rendered PDF: the text is there to search and copy.
    assert out.read_bytes() == dialog.pdf
    text = text_of(out)
    assert reference in text and "Case status report" in text
    assert "/Font" in PdfReader(str(out)).pages[0]["/Resources"]
    assert dialog.status.text() == (f"Printed to {out}: the filing's PDF as generated, "
                                    f"{rendered.args[0]} pages.")
    assert not list(tmp_path.glob(".*part"))  # no half-written file left beside it
    # The same file Save as… writes.
    saved = tmp_path / "saved.pdf"
    dialog.save_pdf_to(saved)
    # The status, not the file: the save's check_writable probe creates and removes an
    # empty `saved` before the write.
    qtbot.waitUntil(lambda: dialog.status.text() == f"Saved to {saved}", timeout=10_000)
    assert saved.read_bytes() == out.read_bytes()
    dialog.close()


def test_the_rasterised_print_had_no_text(qtbot, tmp_path: Path) -> None:
    # What "Print to File" wrote before: page images, nothing pypdf can read back.
    out = tmp_path / "pictures.pdf"
    pdf = many_pages(2)
    assert print_now(qtbot, pdf, pdf_printer(out))[0] == 2
    assert "Page 1" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert text_of(out).strip() == ""


def test_an_existing_file_stays_whole_when_the_write_fails(
        qtbot, runner: TaskRunner, admin: Actor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pdf = many_pages(3)
    # The preview's status line, which a failed print left blank (a failed Save as… kept it).
    dialog.shown_status = "Status report · 3 pages · draft"
    no_page_images(monkeypatch)
    shown = errors_shown(monkeypatch)
    folder = tmp_path / "prints"
    folder.mkdir()
    out = folder / "filing.pdf"
    out.write_bytes(b"%PDF-1.4 the earlier print")

    def disk_full(_self: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files._StagedOutput, "place", disk_full)
    printed: list[int] = []
    dialog.printed.connect(printed.append)
    dialog._print_to(pdf_printer(out))
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    title, exc = shown[0]
    assert title == "The filing could not be printed to a file"
    assert f"{out}: cannot be written (No space left on device)" in str(exc)
    assert out.read_bytes() == b"%PDF-1.4 the earlier print"
    assert sorted(p.name for p in folder.iterdir()) == ["filing.pdf"]  # no part left
    assert printed == [] and dialog.status.text() == "Status report · 3 pages · draft"
    box = dialog.findChild(QMessageBox, "errorDialog")
    assert box is not None and not box.detailedText()  # a plain message, no traceback
    box.done(0)
    # Written again once there is room: replaced whole.
    monkeypatch.undo()
    no_page_images(monkeypatch)
    with qtbot.waitSignal(dialog.printed, timeout=30_000):
        dialog._print_to(pdf_printer(out))
    assert out.read_bytes() == dialog.pdf
    assert [page.extract_text().strip() for page in PdfReader(str(out)).pages] == \
        ["Page 1", "Page 2", "Page 3"]


def test_a_missing_folder_is_said_plainly(
        qtbot, runner: TaskRunner, admin: Actor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pdf = many_pages(1)
    no_page_images(monkeypatch)
    shown = errors_shown(monkeypatch)
    folder = tmp_path / "no such folder"
    dialog._print_to(pdf_printer(folder / "out.pdf"))
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert [(t, str(e)) for t, e in shown] == [
        ("The filing could not be printed to a file",
         f"Output file: the folder {folder} does not exist")]
    assert not folder.exists()
    box = dialog.findChild(QMessageBox, "errorDialog")
    assert box is not None and not box.detailedText()
    box.done(0)


def test_which_print_jobs_go_to_a_pdf_file(qtbot, tmp_path: Path) -> None:
    assert pdf_file_of(pdf_printer(tmp_path / "a.pdf")) == tmp_path / "a.pdf"
    native = QPrinter()
    native.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    assert pdf_file_of(native) is None  # to the printer
    native.setOutputFileName(str(tmp_path / "job.PDF"))
    # A native printer writing a .pdf file: the filing's own PDF too (NativeFormat with a
    # name can turn into PdfFormat where no printer is installed; either way a PDF file).
    assert pdf_file_of(native) == tmp_path / "job.PDF"
