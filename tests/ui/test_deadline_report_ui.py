"""The deadlines dashboard's Export CSV…, Print… and Save as PDF…, pressed as the officer
does: the real buttons, the (non-blocking) file and print dialogs answered, the work off
the GUI thread, the filter honoured, the result said as the other exports say it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QPushButton

from approvals.services.deadline_report import ALL_OPEN, CSV_HEADER
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.dashboard import DeadlinesDashboard
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.ui.test_exports_ui import choose, read_csv
from tests.ui.ux_checks import problems

NOBODY = Actor("nobody", ())


@pytest.fixture
def dashboard(folder_templates: FolderTemplates, qtbot, runner: TaskRunner, db: Database,
              admin: Actor) -> DeadlinesDashboard:
    load_demo_from_template(folder_templates, db, admin)
    board = DeadlinesDashboard(runner, actor=admin)
    qtbot.addWidget(board)
    with qtbot.waitSignal(board.loaded, timeout=20_000):
        board.reload()
        board.show()
    return board


def shown_rows(board: DeadlinesDashboard) -> int:
    return sum(len(v) for tree in (board.tree, board.expected_tree)
               for v in tree.model().visible)


def wait_for_message(qtbot, board: DeadlinesDashboard, *, timeout: int) -> None:
    """Until the export's message is shown: the work is done and the file in place."""
    qtbot.waitUntil(lambda: getattr(board, "export_message", None) is not None
                    and board.export_message.isVisible(), timeout=timeout)


def test_export_csv_writes_the_rows_shown_through_the_button(
        qtbot, dashboard: DeadlinesDashboard, tmp_path: Path) -> None:
    button = dashboard.export_button
    assert button.isEnabled() and button.accessibleName() == "Export the deadlines shown as CSV"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    out = tmp_path / "deadlines.csv"
    choose(qtbot, dashboard.file_dialog, out)
    wait_for_message(qtbot, dashboard, timeout=20_000)
    rows = read_csv(out)
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) - 1 == shown_rows(dashboard) > 20
    assert dashboard.export_message.text() == f"Exported {len(rows) - 1} rows to {out}"
    assert {r[CSV_HEADER.index("Included")] for r in rows[1:]} == {ALL_OPEN}
    assert dashboard.report_progress.label.text() == dashboard.export_message.text()
    assert all(b.isEnabled() for b in dashboard.report_buttons)  # ready for the next
    dashboard.export_message.close()


def test_the_filter_decides_what_is_exported(qtbot, dashboard: DeadlinesDashboard,
                                             tmp_path: Path) -> None:
    # The company's Chinese name, as an input method enters it (QTest types Latin keys only).
    dashboard.filter_edit.setText("深圳机械")
    dashboard.apply_filter()
    shown = shown_rows(dashboard)
    assert 0 < shown < 10
    out = tmp_path / "shenzhen.csv"
    dashboard.export_csv_to(out)
    # The message, not the file: check_writable's probe creates and removes an empty `out`
    # before the work starts, and a read in that moment found no rows.
    wait_for_message(qtbot, dashboard, timeout=20_000)
    rows = read_csv(out)[1:]
    assert len(rows) == shown
    assert {r[CSV_HEADER.index("Case")] for r in rows} == {"AP-2026-0002"}
    assert {r[CSV_HEADER.index("Included")] for r in rows} == {
        f"Only the rows matching the filter “深圳机械” ({shown} of "
        f"{_all_rows(dashboard)} rows)"}


def _all_rows(board: DeadlinesDashboard) -> int:
    prepared = board._prepared
    assert prepared is not None
    return len(prepared.data.tracks) + len(prepared.data.expected)


def test_save_as_pdf_writes_a_numbered_report(qtbot, dashboard: DeadlinesDashboard,
                                              tmp_path: Path) -> None:
    qtbot.keyClick(dashboard, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    out = tmp_path / "deadlines.pdf"
    choose(qtbot, dashboard.file_dialog, out)
    wait_for_message(qtbot, dashboard, timeout=60_000)
    reader = PdfReader(str(out))
    pages = len(reader.pages)
    assert pages >= 2
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {pages}" in page.extract_text()
    first = reader.pages[0]
    assert first.mediabox.width > first.mediabox.height  # A4 landscape
    assert "Deadlines as of" in first.extract_text()
    box = dashboard.export_message
    assert box.text() == f"Exported {shown_rows(dashboard)} rows to {out}"
    assert box.informativeText() == f"A PDF report of {pages} pages, A4 landscape."
    box.close()


def test_print_to_a_pdf_file_through_the_print_dialog(qtbot, dashboard: DeadlinesDashboard,
                                                      tmp_path: Path) -> None:
    qtbot.mouseClick(dashboard.print_button, Qt.MouseButton.LeftButton)
    printing = dashboard.print_dialog
    assert printing is not None and printing.isVisible()
    printer = printing.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    with qtbot.waitSignal(dashboard.printed, timeout=60_000) as printed:
        QDialog.accept(printing)
    pages = printed.args[0]
    reader = PdfReader(str(out))
    assert len(reader.pages) == pages >= 2
    assert "深圳机械视觉机器人有限公司" in "".join(p.extract_text() for p in reader.pages)
    assert dashboard.report_progress.label.text() == f"Printed {pages} pages to {out}."


def test_cancel_leaves_nothing_written(qtbot, dashboard: DeadlinesDashboard,
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals.services import deadline_report

    real = deadline_report.build_pdf
    pressed = threading.Event()

    def held(report, *, progress=None, **kw):  # the layout waits for the officer's Cancel
        progress(0.0, "Preparing the report…")
        assert pressed.wait(20)
        return real(report, progress=progress, **kw)

    monkeypatch.setattr(deadline_report, "build_pdf", held)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "deadlines.pdf"
    dashboard.save_pdf_to(out)
    panel = dashboard.report_progress
    assert panel.isVisible() and panel.running
    assert not any(b.isEnabled() for b in dashboard.report_buttons)  # one report at a time
    assert "Wait for the report" in dashboard.print_button.toolTip()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    pressed.set()
    qtbot.waitUntil(lambda: not panel.running, timeout=20_000)
    assert panel.label.text() == "Cancelled; nothing was written or printed."
    assert list(folder.iterdir()) == []
    assert all(b.isEnabled() for b in dashboard.report_buttons)


def test_buttons_have_alt_keys_names_and_follow_the_permission(
        qtbot, dashboard: DeadlinesDashboard) -> None:
    assert [b.text() for b in dashboard.report_buttons] == [
        "E&xport CSV…", "&Print…", "Save as PD&F…"]
    assert problems("Deadlines dashboard", dashboard) == []
    dashboard.set_actor(NOBODY)
    for button in dashboard.report_buttons:
        assert not button.isEnabled()
        assert "export" in button.toolTip().lower()  # says why, in the service's words
    dashboard.set_actor(Actor("rita", ("reviewer",)))
    assert all(b.isEnabled() for b in dashboard.report_buttons)
    names = [b.accessibleName() for b in dashboard.findChildren(QPushButton)
             if b.accessibleName()]
    assert len(names) == len(set(names))


def test_a_printer_gets_every_page_painted_with_progress(
        qtbot, dashboard: DeadlinesDashboard, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A printer, not "Print to File": the filing preview's print_pages paints each page.
    # Its output is caught in a PDF file here (the pages as pictures, no text).
    from approvals.ui import filing_preview

    monkeypatch.setattr(filing_preview, "pdf_file_of", lambda _printer: None)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "paper.pdf"
    printer.setOutputFileName(str(out))
    messages: list[tuple[int, str]] = []
    dashboard.report_progress.bar.valueChanged.connect(
        lambda value: messages.append((value, dashboard.report_progress.label.text())))
    with qtbot.waitSignal(dashboard.printed, timeout=120_000) as printed:
        dashboard.print_to(printer)
    pages = printed.args[0]
    assert len(PdfReader(str(out)).pages) == pages >= 2
    assert dashboard.report_progress.label.text() == f"Printed {pages} pages."
    # The layout fills the first half of the bar, the printing the second.
    assert any(value >= 50 and text.startswith("Printing page") for value, text in messages)
    assert [v for v, _ in messages] == sorted(v for v, _ in messages)


def test_the_report_buttons_keep_their_alt_keys_beside_ctrl(dashboard: DeadlinesDashboard) -> None:
    from tests.ui.ux_checks import alt_keys_taken_away

    assert alt_keys_taken_away(dashboard) == []
    assert dashboard.export_button.shortcut().toString() == "Alt+X"
