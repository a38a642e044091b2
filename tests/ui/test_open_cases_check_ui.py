"""View → Check open cases…: the open cases screened again on a date, what changes and why,
opening a case at its Screening tab, accepting several re-screenings at once."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services import screening as screening_service
from approvals.services.screening import current_screening
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import open_cases_check as module
from approvals.ui.main_window import MainWindow
from approvals.ui.open_cases_check import OpenCasesCheckWindow
from approvals.ui.workers import TaskRunner
from tests.ui.test_case_view import (
    fisr_case,  # noqa: F401 (fixture)
    pretend_fisr_was_not_required,
)

REVIEWER = Actor("rita", ("reviewer",), "Rita Reviewer")


def _open(qtbot: Any, db: Database, data_dir: DataDir, actor: Actor) -> OpenCasesCheckWindow:
    main = MainWindow(TaskRunner(db), data_dir, actor)
    qtbot.addWidget(main)
    main.open_cases_check_action.trigger()
    window = main.open_cases_check_window
    qtbot.waitUntil(lambda: window.check is not None, timeout=10_000)
    return window


@pytest.fixture
def window(qtbot: Any, db: Database, data_dir: DataDir, admin: Actor,
           fisr_case: str) -> Any:  # noqa: F811
    pretend_fisr_was_not_required(db)
    win = _open(qtbot, db, data_dir, admin)
    main = win.main
    yield win
    if shiboken6.isValid(win):
        win.close()
    main.runner.wait_for_done()


def test_lists_what_changes_and_why(window: OpenCasesCheckWindow, fisr_case: str) -> None:  # noqa: F811
    assert window.check is not None and window.check.open_cases == 1
    assert "1 of 1 open case would screen differently" in window.summary.text()
    [change] = window.model.changes
    assert (change.reference, change.regime, change.old_outcome) == (
        fisr_case, "CN-FISR", "not_required")
    cells = [window.model.data(window.model.index(0, c)) for c in range(len(module.COLUMNS))]
    assert cells[0] == fisr_case and cells[2] == "CN-FISR"
    assert cells[3] == "Not required" and cells[4] == module.outcome_words(change.new_outcome)
    assert cells[6].startswith("CN-FISR.")  # the rule that applies now
    # The first row is selected: its reasons in full below the list.
    details = window.details.toPlainText()
    assert f"{fisr_case}" in details and "Why, now:" in details
    assert change.why and change.why[0] in details
    assert window.accept_button.isEnabled()


def test_another_date_lists_but_accepting_waits_for_today(
        qtbot: Any, window: OpenCasesCheckWindow) -> None:
    window.date_edit.setText("1 January 2027")
    qtbot.keyClick(window.date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.check is not None and window.check.as_of.year == 2027,
                    timeout=10_000)
    assert window.date_edit.text() == "2027-01-01"  # as read
    assert window.summary.text().startswith("On 2027-01-01")
    window.table.selectRow(0)
    assert not window.accept_button.isEnabled()
    assert "check with today's rules first" in window.accept_button.toolTip()


def test_a_date_that_cannot_be_read_is_said_at_the_field(
        qtbot: Any, window: OpenCasesCheckWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(module, "check_open_cases", lambda **kw: calls.append(kw))
    window.date_edit.setText("31 February 2027")
    window.run_check()
    assert window.problem.isVisible() and window.problem.text()
    assert calls == []  # nothing ran


def test_accepting_stores_the_new_screening_and_the_list_empties(
        qtbot: Any, window: OpenCasesCheckWindow, db: Database,
        fisr_case: str) -> None:  # noqa: F811
    window.table.selectRow(0)
    qtbot.mouseClick(window.accept_button, Qt.MouseButton.LeftButton)
    dialog = window.accept_confirm  # asks why first
    assert dialog is not None and dialog.reason is not None
    assert fisr_case in dialog.message.text()
    dialog.reason.setText("CN-FISR rule in force")
    qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.check is not None and window.check.changes == ()
                    and window.summary.text().startswith("Accepted"), timeout=10_000)
    assert f"Accepted the re-screening of 1 case ({fisr_case})" in window.summary.text()
    assert "no open case's outcome would change" in window.summary.text()
    with db.read_session() as session:
        [event] = session.exec(select(Event).where(
            Event.action == "case.rescreen_accepted")).all()
        assert json.loads(event.details)["changes"][0]["regime"] == "CN-FISR"
        stored = current_screening(session, event.case_id)
        assert stored is not None and stored.result.outcomes()["CN-FISR"] != "not_required"


def test_a_reviewer_reads_the_list_but_may_not_accept(
        qtbot: Any, db: Database, data_dir: DataDir, fisr_case: str) -> None:  # noqa: F811
    pretend_fisr_was_not_required(db)
    window = _open(qtbot, db, data_dir, REVIEWER)
    try:
        assert len(window.model.changes) == 1
        window.table.selectRow(0)
        assert not window.accept_button.isEnabled()
        assert window.accept_button.toolTip() == (
            "rita may not accept a re-screening: that needs the preparer, approver or "
            "administrator role.")
    finally:
        window.close()
        window.main.runner.wait_for_done()


def test_the_check_runs_off_the_gui_thread_and_opens_the_case_at_screening(
        qtbot: Any, db: Database, data_dir: DataDir, admin: Actor, fisr_case: str,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    pretend_fisr_was_not_required(db)
    threads: list[threading.Thread] = []
    real = screening_service.check_open_cases

    def spy(**kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(**kwargs)

    monkeypatch.setattr(module, "check_open_cases", spy)
    window = _open(qtbot, db, data_dir, admin)
    try:
        assert threads and threading.main_thread() not in threads
        window.table.selectRow(0)
        qtbot.mouseClick(window.open_button, Qt.MouseButton.LeftButton)
        view = window.main.case_views[fisr_case]
        qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
        assert view.tabs.tabText(view.tabs.currentIndex()).replace("&", "") == "Screening"
        view.close()
    finally:
        window.close()
        window.main.runner.wait_for_done()


def test_the_window_passes_the_ux_checks_in_both_palettes(
        qtbot: Any, window: OpenCasesCheckWindow, palette: str) -> None:
    from tests.ui.ux_checks import problems

    window.table.selectRow(0)
    qtbot.waitExposed(window)
    assert problems(f"check open cases ({palette})", window) == []


def test_closing_the_window_stops_a_check_still_running(
        qtbot: Any, db: Database, data_dir: DataDir, admin: Actor, fisr_case: str,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    started, stopped = threading.Event(), threading.Event()

    def slow(**kwargs: Any) -> Any:
        started.set()
        for _ in range(500):  # a long check (at most 5 s here), until cancelled
            if kwargs["cancelled"]():
                stopped.set()
                break
            time.sleep(0.01)
        raise screening_service.Cancelled("cancelled")

    main = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(main)
    monkeypatch.setattr(module, "check_open_cases", slow)
    main.open_cases_check_action.trigger()
    window = main.open_cases_check_window
    assert started.wait(5)
    window.close()
    assert stopped.wait(5)  # the worker saw the cancel
    main.runner.wait_for_done()
