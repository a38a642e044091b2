"""No Qt object is made on a worker while a filing is generated, printed or written out.

PySide holds Python's lock through each QtPdf call, and a QObject made off the GUI thread
takes locks of Qt's that the GUI thread may hold while it waits for Python's: the user
guide hung the suite that way (ui.help). Printing used to load a QPdfDocument (and a
QBuffer) of its own on a worker; a hang of that kind cannot be forced from a test (it
needs the GUI thread to be inside Qt, holding the lock, at that very moment), so these
tests check where the objects are made instead.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QBuffer
from PySide6.QtPdf import QPdfDocument, QPdfPageRenderer

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import filing_preview
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_preview import (
    DEMO,
    as_a_printer,
    many_pages,
    pdf_printer,
    ready_to_print,
)


@pytest.fixture
def made_on(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, threading.Thread]]:
    """The QtPdf documents, renderers and buffers the preview makes, and where."""
    made: list[tuple[str, threading.Thread]] = []

    def tracked(qt_class: type) -> type:
        class Tracked(qt_class):  # type: ignore[misc, valid-type]
            def __init__(self, *args: object) -> None:
                made.append((qt_class.__name__, threading.current_thread()))
                super().__init__(*args)

        return Tracked

    for qt_class in (QPdfDocument, QBuffer, QPdfPageRenderer):
        monkeypatch.setattr(filing_preview, qt_class.__name__, tracked(qt_class))
    return made


def test_generating_printing_and_writing_make_no_qt_object_on_a_worker(
        qtbot, db: Database, runner: TaskRunner, admin: Actor, tmp_path: Path,
        made_on: list[tuple[str, threading.Thread]], monkeypatch: pytest.MonkeyPatch) -> None:
    facts = json.loads(DEMO.read_text(encoding="utf-8"))[0]
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("status-report"))
    with qtbot.waitSignal(dialog.rendered, timeout=60_000) as rendered:
        dialog.generate_button.click()
    as_a_printer(monkeypatch)
    paper = tmp_path / "paper.pdf"
    with qtbot.waitSignal(dialog.printed, timeout=60_000) as printed:
        dialog._print_to(pdf_printer(paper))
    assert printed.args == rendered.args
    assert len(PdfReader(str(paper)).pages) == rendered.args[0]
    # Bytes not from the filings service are written (and their pages counted) on a
    # worker, without QtPdf.
    monkeypatch.undo()
    dialog.pdf = many_pages(3)
    with qtbot.waitSignal(dialog.printed, timeout=60_000) as written:
        dialog._print_to(pdf_printer(tmp_path / "written.pdf"))
    assert written.args == [3]
    made = {name for name, _thread in made_on}
    assert made == {"QPdfDocument", "QBuffer", "QPdfPageRenderer"}
    assert {thread for _name, thread in made_on} == {threading.main_thread()}
    dialog.close()


def test_closing_the_dialog_mid_print_aborts_the_job(
        qtbot, runner: TaskRunner, admin: Actor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ready_to_print(qtbot, runner, admin, monkeypatch, 30)
    printer = pdf_printer(tmp_path / "closed.pdf")
    aborted: list[bool] = []
    real_abort = printer.abort
    printer.abort = lambda: aborted.append(True) or real_abort()  # type: ignore[method-assign]
    printed: list[int] = []
    dialog.printed.connect(printed.append)
    dialog._print_to(printer)
    job = dialog._printing
    assert job is not None
    qtbot.waitUntil(lambda: job.active, timeout=10_000)
    dialog.close()
    assert aborted == [True] and dialog._printing is None and not job.active
    assert dialog.generate_button.isEnabled() and not dialog.cancel_button.isEnabled()
    qtbot.wait(50)  # pages rendered meanwhile by Qt's thread are dropped, not painted
    assert printed == [] and dialog.status.text() == "Printing cancelled."


def test_a_cancel_before_the_job_starts_sends_nothing(qtbot, tmp_path: Path) -> None:
    out = tmp_path / "never.pdf"
    outcome: list[object] = []
    job = filing_preview.print_pages(many_pages(2), pdf_printer(out), None,
                                     progressed=lambda *_: None, finished=outcome.append,
                                     failed=outcome.append)
    job.cancel()  # before the event loop started it
    qtbot.wait(50)
    assert outcome == [] and not job.active and not out.exists()


def test_a_dialog_deleted_mid_print_aborts_the_job(qtbot, runner: TaskRunner, admin: Actor,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # The app quitting deletes the case window and this dialog with it, without a close.
    as_a_printer(monkeypatch)
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    dialog.show()
    dialog.pdf = many_pages(30)
    printer = pdf_printer(tmp_path / "deleted.pdf")
    aborted: list[bool] = []
    real_abort = printer.abort
    printer.abort = lambda: aborted.append(True) or real_abort()  # type: ignore[method-assign]
    dialog._print_to(printer)
    job = dialog._printing
    assert job is not None
    qtbot.waitUntil(lambda: job.active, timeout=10_000)
    painter = job._painter
    shiboken6.delete(dialog)
    assert aborted == [True] and not painter.isActive()
    del printer  # a printer still painted on would take the app down here
