"""File → Check a filing…: the dialog through its real widgets — a PDF picked in the file
dialog, a paper copy typed in, the badge's colour, the details and the copy button; the
check runs off the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from approvals.paths import DataDir
from approvals.services import filing_check as service
from approvals.services.filings import render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import filing_check as ui
from approvals.ui.filing_check import GREEN, RED, FilingCheckDialog
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.ux_checks import problems

READER = Actor("rita", ("reviewer",))  # reads only: may check all the same
CASE = "AP-2026-0003"
KIND = "us-notification"


def draft(db: Database, actor: Actor, out: Path) -> str:
    with db.read_session() as s:
        rendered = render_filing(session=s, reference=CASE, kind=KIND, actor=actor)
    out.write_bytes(rendered.pdf)
    return rendered.fingerprint


def open_dialog(qtbot, runner: TaskRunner, data_dir: DataDir) -> FilingCheckDialog:
    dialog = FilingCheckDialog(runner, lambda: READER, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_pdf_chosen_in_the_file_dialog_is_checked_off_the_gui_thread(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "handed-over.pdf"
    fingerprint = draft(demo, admin, pdf)
    threads: list[bool] = []
    real = service.check_filing

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(ui, "check_filing", spy)
    dialog = open_dialog(qtbot, runner, data_dir)
    assert problems("filing check", dialog) == []
    assert not dialog.copy_button.isEnabled() and dialog.copy_button.toolTip()
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        chooser.selectFile(str(pdf))
        chooser.accept()
    assert threads == [False]
    assert dialog.check_result is not None and dialog.check_result.verdict == "current"
    assert dialog.verdict_colour() == GREEN and "Current" in dialog.badge_label.text()
    # The badge says the verdict; the sentence under it what it means, not "Current:" again.
    assert dialog.headline_label.text().startswith("The content is what case")
    assert dialog.advice_label.text().startswith("<b>What to do:</b> A draft")
    assert fingerprint in dialog.details.toPlainText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert copied.startswith("Current draft: The content") and fingerprint in copied
    assert problems("filing check with a verdict", dialog) == []


def test_a_stored_document_is_shown_by_its_name_and_checked_by_its_stored_file(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    # As the case window's Check PDF… gives it: the stored file, and its Documents tab name.
    stored = tmp_path / "documents" / "7f3a9c-stored.pdf"
    stored.parent.mkdir()
    fingerprint = draft(demo, admin, stored)
    dialog = open_dialog(qtbot, runner, data_dir)
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        dialog.check_file(stored, name="Notification draft.pdf")
    assert dialog.path_edit.text() == "Notification draft.pdf"
    assert str(stored.parent) not in dialog.path_edit.text()
    result = dialog.check_result
    assert result is not None and result.verdict == "current" and result.fingerprint == fingerprint
    # Enter again checks the same stored file (the field shows only its name).
    dialog.check_result = None
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.check_result is not None and dialog.check_result.verdict == "current"
    # A path typed over the name is checked as typed.
    dialog.path_edit.setText(str(tmp_path / "elsewhere.pdf"))
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.check_result is None and "elsewhere.pdf" in dialog.error_label.text()


def test_paper_copy_typed_in_and_bad_input_said_in_the_dialog(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    fingerprint = draft(demo, admin, tmp_path / "draft.pdf")
    dialog = open_dialog(qtbot, runner, data_dir)
    dialog.source_tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.reference_edit, CASE)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(KIND))
    qtbot.keyClicks(dialog.fingerprint_edit, "abc")
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible()
    assert "Fingerprint: has 3 hex digits" in dialog.error_label.text()
    assert dialog.check_result is None and not dialog.copy_button.isEnabled()

    dialog.fingerprint_edit.clear()
    qtbot.keyClicks(dialog.fingerprint_edit, "0000 1111 2222 3333")  # printed by no filing
    qtbot.keyClicks(dialog.generated_edit, "2099-01-01 00:00:00 UTC")
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        qtbot.keyClick(dialog.fingerprint_edit, Qt.Key.Key_Return)
    assert not dialog.error_label.isVisible()
    assert dialog.check_result is not None and not dialog.check_result.matches
    assert dialog.verdict_colour() == RED

    dialog.fingerprint_edit.clear()
    qtbot.keyClicks(dialog.fingerprint_edit, " ".join(fingerprint[i:i + 4] for i in range(0, 20, 4)))
    dialog.generated_edit.clear()
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.check_result is not None and dialog.check_result.verdict == "current"
    assert dialog.verdict_colour() == GREEN


def test_file_menu_opens_one_dialog(qtbot, runner: TaskRunner, data_dir: DataDir) -> None:
    window = MainWindow(runner, data_dir, READER)
    qtbot.addWidget(window)
    action = next(a for a in window.file_menu.actions() if a.objectName() == "filingCheckAction")
    assert action.isEnabled() and action.text() == "Check a &filing…"
    action.trigger()
    dialog = window.filing_check_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, FilingCheckDialog) and dialog.isVisible()
    action.trigger()
    assert window.filing_check_dialog is dialog  # type: ignore[attr-defined]
    assert dialog.actor_of() is window.actor
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_a_filing_of_another_app_version_is_amber_not_red() -> None:
    def result(verdict: str, **kw: object) -> service.FilingCheck:
        return service.FilingCheck(verdict=verdict, headline="Made by another version of the "
                                   "app: nothing on case X changed since.", details=(),
                                   source="pdf", reference="X", kind=KIND, fingerprint="0" * 64,
                                   **kw)  # type: ignore[arg-type]

    change = service.Change(1, "2099-01-01T00:00:00Z", "li.wei", "case.facts_updated", "Edited")
    assert ui.badge(result("other_version", other_version=True)) == (
        "Other app version, case unchanged", ui.AMBER)
    assert ui.badge(result("other_version", other_version=True, changes=(change,))) == (
        "Other app version, case changed", ui.AMBER)
    # A stored final worded by an earlier version, on a case unchanged since: still the record.
    assert ui.badge(result("identical", other_version=True, current=None)) == (
        "Stored final, case unchanged", GREEN)
    assert ui.badge(result("identical", other_version=True, current=False,
                           changes=(change,)))[0] == "Stored final, no longer current"
