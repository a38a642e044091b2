"""A Chinese officer's journey on the Tracks tab: a security review stopped for materials
over National Day 2026 and extended into 2027, a SAMR phase 2 extended to its statutory
limit, a conditional clearance with a condition due in an estimated year. What the tab
says at each point: due dates (estimated or not), why a date moved, what an extension
takes, and which buttons the officer may press."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.workflow import transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.cn_journey_facts import FACTS
from tests.ui.case_window import open_view, select_track
from tests.ui.test_step_dialog_fields import said_at
from tests.workflow_support import complete_for_filing

BOB = Actor(username="zhangmin", roles=("approver",))

PREPARATION = (("submit_for_review", "admin", {"on": "2026-07-20"}),
               ("approve_for_filing", "bob", {"on": "2026-07-22"}),
               ("file", "admin", {"filing_reference": "REF-1", "on": "2026-07-27"}))


def _steps(db: Database, admin: Actor, track_id: int,
           steps: tuple[tuple[str, str, dict[str, Any]], ...]) -> None:
    for name, who, params in steps:
        with db.session() as session:
            version = session.get(FilingTrack, track_id).version
            transition(session=session, track_id=track_id, transition_name=name,
                       actor=BOB if who == "bob" else admin, reason="test",
                       expected_version=version, **params)


@pytest.fixture
def journey(db: Database, admin: Actor) -> tuple[str, dict[str, int]]:
    """The case, its FISR track in special review after a materials stop over National
    Day, and its SAMR track in phase 2."""
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(FACTS), actor=admin).reference
        complete_for_filing(session, reference, admin)
        tracks = {t.regime: t.id for t in session.exec(select(FilingTrack)).all()}
    _steps(db, admin, tracks["CN-FISR"], (
        *PREPARATION,
        ("accept", "admin", {"on": "2026-07-30"}),
        ("start_preliminary_review", "admin", {"on": "2026-07-30"}),
        ("start_general_review", "admin", {"on": "2026-08-20"}),
        ("start_special_review", "admin", {"on": "2026-09-10"}),
        ("request_materials", "admin", {"on": "2026-09-28"}),
        ("supply_materials", "admin", {"on": "2026-10-12"})))
    _steps(db, admin, tracks["CN-SAMR"], (
        *PREPARATION,
        ("accept", "admin", {"on": "2026-09-01"}),
        ("start_phase_2", "admin", {"on": "2026-10-08"})))
    return reference, tracks


def list_text(view: CaseView, regime: str) -> str:
    return next(view.track_list.item(r).text() for r in range(view.track_list.count())
                if view.track_list.item(r).text().startswith(regime + " "))


def click(qtbot, button: QPushButton) -> None:
    qtbot.waitUntil(lambda: button.isVisible() and button.height() > 0, timeout=2_000)
    assert button.isEnabled(), button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_clock_line_says_why_the_due_date_moved(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        journey: tuple[str, dict[str, int]]) -> None:
    reference, _tracks = journey
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    # By hand: day 12 on Mon 28 Sep; Tue 29 Sep to Mon 12 Oct are not counted (Sep 29,
    # 30, Oct 8, 9, Sat 10 Oct (make-up day), Oct 12: six working days); day 60 is
    # Thu 17 Dec 2026 (Wed 9 Dec without the stop).
    clock = view.track_clock.text()
    assert "due 17 Dec 2026" in clock
    assert "6 working days not counted while the clock was stopped" in clock
    # "CN-FISR — Foreign investment security review — state: …", and SAMR's label, which
    # has its own brackets, is not put in a second pair.
    select_track(view, "CN-SAMR")
    assert "((" not in view.track_state.text() and "))" not in view.track_state.text()
    assert "Merger control notification (SAMR) — state:" in view.track_state.text()
    # The state in the authority's words beside the English: 进一步审查 (phase 2 review).
    # (Word joiners between its characters keep the word on one line.)
    assert "<b>Phase 2 review</b> 进一步审查 · opened for" in \
        view.track_state.text().replace("\u2060", "")


def test_a_due_date_in_an_estimated_year_says_so_in_the_track_list(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        journey: tuple[str, dict[str, int]]) -> None:
    reference, _tracks = journey
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-SAMR")
    # Phase 2 from Thu 8 Oct 2026: 90 calendar days end on Wed 6 Jan 2027, a year whose
    # official schedule is not held.
    assert "due 6 Jan 2027 (estimated)" in view.track_clock.text()
    assert list_text(view, "CN-SAMR").endswith("\ndue 6 Jan 2027 (estimated)")
    # A due date in 2026 (official) does not say it.
    assert list_text(view, "CN-FISR").endswith("\ndue 17 Dec 2026")


def test_an_extension_without_a_statutory_length_asks_for_the_days_in_the_dialog(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        journey: tuple[str, dict[str, int]]) -> None:
    reference, _tracks = journey
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    click(qtbot, view.track_buttons["extend_review"])
    dialog = view.action_dialog
    assert dialog is not None and dialog.isVisible()
    days = dialog.inputs["days"]
    # Order 37 art. 9 sets no length: the authority's notice does, in working days.
    assert days.placeholderText() == "working days, as the authority's notice says"
    dialog.reason.setText("特别审查延长通知")  # keyClicks types Latin keys only
    qtbot.keyClicks(dialog.on, "2026-11-20")
    click(qtbot, dialog.ok_button)
    # Refused in the open dialog, what was typed kept (it used to close and say so after).
    assert dialog.isVisible()
    assert "notice" in said_at(dialog, "days")
    assert dialog.reason.text() == "特别审查延长通知"
    qtbot.keyClicks(days, "30")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    # 30 more working days from Thu 17 Dec 2026: Fri 29 Jan 2027, with 1 Jan 2027 a
    # (statutory, estimated) holiday.
    qtbot.waitUntil(lambda: "due 29 Jan 2027" in view.track_clock.text(), timeout=5_000)
    assert "(estimated)" in view.track_clock.text()
    last = view.history.rowCount() - 1
    assert view.history.item(last, 4).text() == "特别审查延长通知; extended by 30 working days"
    # The Timeline says it in the same words ("extension days 30 recorded" read as a date).
    view.tabs.setCurrentWidget(view.timeline_page)
    timeline = view.timeline
    changes = [timeline.item(r, 4).text() for r in range(timeline.rowCount())]
    assert "extended by 30 working days (stays Special review)" in changes


def test_samr_phase_2_extension_offers_what_is_left_and_is_greyed_out_when_used_up(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        journey: tuple[str, dict[str, int]]) -> None:
    reference, tracks = journey
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-SAMR")
    click(qtbot, view.track_buttons["extend_review"])
    dialog = view.action_dialog
    assert dialog is not None
    assert dialog.inputs["days"].placeholderText() == (
        "calendar days; empty: 60, what is left of the extension")
    dialog.reject()
    _steps(db, admin, tracks["CN-SAMR"], (("extend_review", "admin",
                                          {"on": "2026-11-20", "days": 20}),))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    select_track(view, "CN-SAMR")
    click(qtbot, view.track_buttons["extend_review"])
    dialog = view.action_dialog
    assert dialog.inputs["days"].placeholderText() == (
        "calendar days; empty: 40, what is left of 60 of the extension")
    dialog.reject()
    # Left empty, the service takes what is left (it used to take 60 and refuse it).
    _steps(db, admin, tracks["CN-SAMR"], (("extend_review", "admin", {"on": "2026-11-23"}),))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    select_track(view, "CN-SAMR")
    # 150 calendar days from 8 Oct 2026: Sun 7 Mar 2027, so Mon 8 Mar 2027 (estimated).
    clock = view.track_clock.text()
    assert "due 8 Mar 2027" in clock and "day 150 is 7 Mar 2027, not a working day" in clock
    button = view.track_buttons["extend_review"]
    assert not button.isEnabled()
    assert button.toolTip() == ("The extension is at most 60 calendar days in all, and all "
                                "of it has been granted.")


def test_a_second_condition_due_in_an_estimated_year_is_shown_whole(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        journey: tuple[str, dict[str, int]]) -> None:
    reference, _tracks = journey
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    click(qtbot, view.track_buttons["clear_with_conditions"])
    dialog = view.action_dialog
    editor = dialog.conditions
    qtbot.waitUntil(lambda: editor.calendar is not None, timeout=10_000)
    qtbot.keyClicks(dialog.on, "2026-11-27")
    editor.rows[0].text.setText("语音合成源代码保留在境内")
    qtbot.keyClicks(editor.rows[0].due_date, "2026-12-31")
    click(qtbot, editor.add_button)
    second = editor.rows[1]
    second.text.setText("提交数据本地化合规报告")
    qtbot.keyClicks(second.due_days, "90")
    # 90 calendar days after 27 Nov 2026: Thu 25 Feb 2027, in an estimated year.
    assert second.due.text() == ("Due 25 Feb 2027\n"
                                 "Estimated: no official CN holiday schedule is held for 2027")
    # The dialog has the room: both rows and both lines of the second's due date are in
    # view without scrolling (the estimated line was hidden under the scroll area's edge).
    scroll = editor.rows_scroll
    qtbot.wait(200)  # the layout pass after the typing; not a wait for the fix to happen
    assert scroll.verticalScrollBar().maximum() == 0


def test_a_plain_clearance_lists_its_follow_ups_not_conditions(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        journey: tuple[str, dict[str, int]]) -> None:
    reference, tracks = journey
    _steps(db, admin, tracks["CN-DATA-EXPORT"], (
        *PREPARATION, ("accept", "admin", {"on": "2026-10-30"}),
        ("start_assessment", "admin", {"on": "2026-10-30"}),
        ("clear", "admin", {"on": "2026-12-21"})))
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-DATA-EXPORT")
    assert view.obligations_heading.text() == "<b>Follow-ups</b>"
    header = view.obligations_table.horizontalHeaderItem(0)
    assert header is not None and header.text() == "Follow-up"
    assert view.track_clock.text().startswith(
        "Assessment passed on 21 Dec 2026; 1 open follow-up")


def test_while_materials_are_requested_the_diagram_leads_back_to_the_phase_only(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        journey: tuple[str, dict[str, int]]) -> None:
    reference, tracks = journey
    _steps(db, admin, tracks["CN-FISR"], (("request_materials", "admin",
                                           {"on": "2026-11-23"}),))
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    said = view.diagram.accessibleDescription()
    # Materials supplied returns to special review, where the clock stopped; not to the
    # preliminary or general review the table allows from other phases.
    assert "Materials supplied (resume clock) → Special review" in said
    assert "→ General review" not in said and "→ Preliminary review" not in said
    assert "(since 23 Nov 2026)" in view.track_clock.text()
