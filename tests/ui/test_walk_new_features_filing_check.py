"""Check a filing, walked as an auditor: typing starts in the PDF field; a status report
draft whose case did not change (only the audit head it prints moved on) is said as such,
amber; a paper copy checked under the wrong kind names the kind it matches."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services.filings import render_filing
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.filing_check import AMBER, FilingCheckDialog
from approvals.ui.workers import TaskRunner

READER = Actor("rita", ("reviewer",))


def open_dialog(qtbot, runner: TaskRunner, data_dir: DataDir) -> FilingCheckDialog:
    dialog = FilingCheckDialog(runner, lambda: READER, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_typing_starts_in_the_pdf_field_and_an_empty_one_is_named(
        qtbot, runner: TaskRunner, data_dir: DataDir) -> None:
    dialog = open_dialog(qtbot, runner, data_dir)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.path_edit, timeout=2_000)
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text().startswith("PDF file: choose the PDF to check")


def test_a_status_report_whose_case_did_not_change_is_said_as_such(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    # Generation times are to the second, and a draft counts events in its own second as
    # possibly after it: generated a second after the demo's events.
    time.sleep(1.05)
    with demo.read_session() as s:
        rendered = render_filing(session=s, reference="AP-2026-0003", kind="status-report",
                                 actor=admin)
    pdf = tmp_path / "status.pdf"
    pdf.write_bytes(rendered.pdf)
    with demo.session() as s:  # an event on another case moves the audit chain's head
        add_comment(s, actor=admin, reference="AP-2026-0004", body="Closing moved to April.")
    dialog = open_dialog(qtbot, runner, data_dir)
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        dialog.check_file(pdf)
    result = dialog.check_result
    assert result is not None and result.verdict == "changed" and not result.changes
    assert result.headline.startswith(
        "Not current, though nothing on case AP-2026-0003 changed since this was generated")
    assert "Generate it again for a current copy." in result.headline
    assert dialog.verdict_colour() == AMBER
    assert "Case unchanged, audit trail moved on" in dialog.badge_label.text()

    # An event on the case itself: changed since, red, with the event listed.
    with demo.session() as s:
        add_comment(s, actor=admin, reference="AP-2026-0003", body="Receipt filed.")
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        dialog.run_check()
    assert dialog.check_result is not None and dialog.check_result.changes
    assert "Not current" in dialog.badge_label.text()
    assert dialog.headline_label.text().startswith("Case AP-2026-0003 has changed since")


def test_a_paper_copy_under_the_wrong_kind_names_the_kind_it_matches(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    with demo.read_session() as s:
        rendered = render_filing(session=s, reference="AP-2026-0003", kind="us-notification",
                                 actor=admin)
    dialog = open_dialog(qtbot, runner, data_dir)
    dialog.source_tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.reference_edit, "ap-2026-0003")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("cn-application"))
    printed = " ".join(rendered.fingerprint[i:i + 4] for i in range(0, 20, 4))
    qtbot.keyClicks(dialog.fingerprint_edit, printed)  # spaced, as read off the page
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        qtbot.keyClick(dialog.fingerprint_edit, Qt.Key.Key_Return)
    result = dialog.check_result
    assert result is not None and not result.matches
    assert ("The fingerprint is that of the case's US notification, not its Chinese "
            "application: choose the kind US notification and check again.") in result.headline
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("us-notification"))
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        dialog.run_check()
    assert dialog.check_result is not None and dialog.check_result.matches
    assert "choose the kind" not in dialog.check_result.headline


def test_a_paper_copys_bad_input_is_named_by_the_labels_and_focused(
        qtbot, runner: TaskRunner, data_dir: DataDir) -> None:
    dialog = open_dialog(qtbot, runner, data_dir)
    dialog.source_tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.reference_edit, "AP-2026-0099")
    qtbot.keyClicks(dialog.fingerprint_edit, "51ef 3ec")
    qtbot.keyClicks(dialog.generated_edit, "yesterday")
    dialog.activateWindow()
    dialog.generated_edit.setFocus()
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        qtbot.keyClick(dialog.generated_edit, Qt.Key.Key_Return)
    lines = dialog.error_label.text().splitlines()
    assert lines[0].startswith("Fingerprint: has 7 hex digits; type at least its first 16")
    assert lines[1].startswith("Generated: 'yesterday' is no time")
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.fingerprint_edit, timeout=2_000)


def test_an_unknown_case_reference_is_named_and_focused(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir) -> None:
    dialog = open_dialog(qtbot, runner, data_dir)
    dialog.source_tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.reference_edit, "AP-2026-0099")
    qtbot.keyClicks(dialog.fingerprint_edit, "51ef 3ec2 3967 23e4")
    dialog.activateWindow()
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        dialog.run_check()
    assert dialog.error_label.text().startswith("Case reference: There is no case AP-2026-0099.")
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.reference_edit, timeout=2_000)


def test_the_dialog_opens_no_larger_than_the_screen(qtbot, runner: TaskRunner,
                                                    data_dir: DataDir, monkeypatch) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    # 1366×768 at 200 %: 683×384 to lay out in (the test platform's screen is 800×800).
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 683, 384))
    dialog = FilingCheckDialog(runner, lambda: READER, data_dir)
    qtbot.addWidget(dialog)
    assert dialog.height() <= int(384 * 0.9) and dialog.width() <= int(683 * 0.95)
