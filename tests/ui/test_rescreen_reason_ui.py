"""Accepting a re-screening asks why, in the Screening tab and in Check open cases…: a
confirmation that says what accepting does, with a reason field its Accept waits for;
Cancel or Escape records nothing, Accept records the reason as the event's."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlmodel import select

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, Screening
from approvals.ui.case_screening_tab import rescreen_question
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import (
    fisr_case,  # noqa: F401 (fixture)
    pretend_fisr_was_not_required,
)


def _recorded(db: Database) -> tuple[list[str], int]:
    """The reasons of the accepted re-screenings, and how many screenings are stored."""
    with db.read_session() as session:
        reasons = [e.reason for e in session.exec(
            select(Event).where(Event.action == "case.rescreen_accepted"))]
        return reasons, len(session.exec(select(Screening)).all())


def test_the_question_says_what_is_stored_changed_and_opened() -> None:
    text = rescreen_question("AP-2026-0001", "2026.12", date(2026, 12, 1),
                             ["CN-FISR from not required to approval required"], ["CN-FISR"])
    assert text.startswith("Store the screening of AP-2026-0001 with rulebook 2026.12 as of "
                           "1 Dec 2026 as its current screening?")
    assert "It changes CN-FISR from not required to approval required." in text
    assert "It opens a new filing track for CN-FISR." in text
    none = rescreen_question("AP-2026-0001", "2026.12", date(2026, 12, 1), [], [])
    assert "No determination changes." in none and "It opens no filing track." in none


def test_the_screening_tab_asks_why_and_cancel_records_nothing(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str) -> None:  # noqa: F811
    pretend_fisr_was_not_required(db)
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentIndex(1)
    qtbot.mouseClick(view.rescreen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.accept_button.isVisibleTo(view), timeout=10_000)
    before = _recorded(db)
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    dialog = view.rescreen_confirm
    assert dialog is not None and dialog.isVisible() and dialog.reason is not None
    said = dialog.message.text()
    assert f"Store the screening of {fisr_case}" in said
    assert "CN-FISR from not required to approval required" in said
    assert dialog.focusWidget() is dialog.reason  # ready to type the reason
    assert not dialog.action.isEnabled()  # no reason yet
    dialog.reason.setText("   ")
    assert not dialog.action.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    runner.wait_for_done()
    assert _recorded(db) == before  # nothing stored
    assert view.accept_button.isVisibleTo(view)  # still there to accept

    again = view.accept_rescreen()
    assert again is not None and again.reason is not None
    again.reason.setText("FISR guidance now covers chip design")
    assert again.action.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(again.action, Qt.MouseButton.LeftButton)
    assert _recorded(db)[0] == ["FISR guidance now covers chip design"]
    assert view.determinations.outcomes()["CN-FISR"] == "approval_required"
    # The case's Timeline shows it in the accepted screening's row.
    view.tabs.setCurrentWidget(view.timeline_page)
    table = view.timeline
    rows = [[table.item(r, c).text() for c in range(table.model().columnCount())]
            for r in range(table.rowCount())]
    [accepted] = [row for row in rows if row[2] == "New screening accepted"]
    assert accepted[-1] == "FISR guidance now covers chip design"  # Reason
    # Change: the outcome in words, not the stored {"as_of": …} JSON.
    assert accepted[4].startswith("CN-FISR not required → approval required (rulebook "), rows
    runner.wait_for_done()


def test_check_open_cases_asks_one_reason_for_the_selected_cases(
        qtbot: Any, db: Database, data_dir: DataDir, admin: Actor,
        fisr_case: str) -> None:  # noqa: F811
    pretend_fisr_was_not_required(db)
    main = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(main)
    main.open_cases_check_action.trigger()
    window = main.open_cases_check_window
    qtbot.waitUntil(lambda: window.check is not None, timeout=10_000)
    try:
        window.table.selectRow(0)
        before = _recorded(db)
        qtbot.mouseClick(window.accept_button, Qt.MouseButton.LeftButton)
        dialog = window.accept_confirm
        assert dialog is not None and dialog.isVisible() and dialog.reason is not None
        assert fisr_case in dialog.message.text()
        assert not dialog.action.isEnabled()
        dialog.reason.setText("typed, then thought better of it")
        cancel = next(b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == "Cancel")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        # The reason typed is not dropped unasked; Discard closes without accepting.
        assert dialog.isVisible() and dialog.discard_box is not None
        dialog.discard_box.button(QMessageBox.StandardButton.Discard).click()
        assert not dialog.isVisible()
        main.runner.wait_for_done()
        assert _recorded(db) == before
        assert window.check is not None and len(window.check.changes) == 1  # still listed

        qtbot.mouseClick(window.accept_button, Qt.MouseButton.LeftButton)
        again = window.accept_confirm
        assert again is not None and again is not dialog and again.reason is not None
        again.reason.setText("CN-FISR rule in force")
        qtbot.mouseClick(again.action, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.summary.text().startswith("Accepted"), timeout=10_000)
        assert _recorded(db)[0] == ["CN-FISR rule in force"]
    finally:
        window.close()
        main.runner.wait_for_done()
