"""The Tracks tab names people as the Timeline does: the step history's Who column and a
settled condition's Status say "Alice Wong (alice)", not the login alone, and who
fulfilled or waived a condition is in the table, not only in a tooltip."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtGui import QKeySequence
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services.workflow import set_obligation_status
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Obligation, User
from approvals.ui.case_steps import step_effect
from approvals.ui.timeline_table import NAME_NOTE
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track
from tests.ui.test_conditions_ui import BOB, cleared, under_review  # noqa: F401  (fixtures)
from tests.ui.test_step_dialog_fields import said_at
from tests.ui.ux_checks import mnemonic_clashes


def _named(db: Database, **names: str) -> None:
    with db.session() as session:
        for login, name in names.items():
            session.add(User(username=login, display_name=name, roles=json.dumps(["admin"])))


def test_the_step_history_and_settled_conditions_name_people(
    qtbot,
    runner: TaskRunner,
    admin: Actor,
    data_dir: DataDir,
    db: Database,
    cleared: tuple[str, int],  # noqa: F811
) -> None:
    reference, track_id = cleared
    _named(db, **{admin.username: "Alice Wong", BOB.username: "Bob Li"})
    with db.session() as session:
        first = min(
            session.exec(select(Obligation.id).where(Obligation.track_id == track_id)).all()
        )
        set_obligation_status(
            session=session,
            obligation_id=first,
            status="waived",
            actor=admin,
            reason="lifted by letter",
        )
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    who = [view.history.item(row, 1).text() for row in range(view.history.rowCount())]
    assert who[:2] == ["Alice Wong (alice)", f"Bob Li ({BOB.username})"]
    assert view.history.item(0, 1).toolTip().endswith(NAME_NOTE.format(login="alice"))
    assert view.history.item(0, 0).toolTip().endswith(" UTC by Alice Wong (alice)")
    status = view.obligations_table.item(0, 2)
    assert status.text() == "Waived by Alice Wong (alice)"
    assert status.toolTip().startswith("Waived by Alice Wong (alice) at ")
    assert status.toolTip().endswith(": lifted by letter")
    assert view.obligations_table.item(1, 2).text() == "Open"
    runner.wait_for_done()


def test_an_empty_reason_is_asked_for_in_the_steps_own_words(
    qtbot,
    runner: TaskRunner,
    admin: Actor,
    data_dir: DataDir,
    under_review: tuple[str, int],  # noqa: F811
) -> None:
    """OK with no reason said "Give the reason for this step." whatever the step; the
    workflow says what each one's reason is to record."""
    reference, _track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    view.track_buttons["withdraw"].click()
    dialog = view.action_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.reason.placeholderText() == "say why the track is withdrawn"
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert said_at(dialog, "reason") == "Say why the track is withdrawn."
    dialog.reject()
    view.track_buttons["request_materials"].click()
    dialog = view.action_dialog
    dialog.ok_button.click()
    assert said_at(dialog, "reason") == "Record what the authority asked for."
    dialog.reject()
    runner.wait_for_done()


def test_a_step_says_it_ends_a_clock_only_when_one_runs(
    qtbot,
    runner: TaskRunner,
    admin: Actor,
    data_dir: DataDir,
    under_review: tuple[str, int],  # noqa: F811
) -> None:
    """Withdrawing a draft said "…; ends the clock." though no clock had started."""
    assert step_effect("CN-FISR", "draft", "withdraw", timed=False) == (
        "Moves this track to Withdrawn (nothing leaves it)."
    )
    assert step_effect("CN-FISR", "general_review", "withdraw") == (
        "Moves this track to Withdrawn (nothing leaves it); ends the clock."
    )
    # Materials asked for once the period has run out stop nothing: said on the button.
    assert step_effect("CN-FISR", "general_review", "request_materials") == (
        "Moves this track to Materials requested; stops the clock.")
    assert step_effect("CN-FISR", "general_review", "request_materials",
                       last_day=date(2026, 11, 9)) == (
        "Moves this track to Materials requested; stops the clock if dated "
        "before 9 Nov 2026, the period's last day (dated that day or later, it stops "
        "nothing: the due date stands).")
    # Acceptance starts the period; the review step carries it on (or, on a track accepted
    # before acceptance started one, starts it from the acceptance date).
    assert step_effect("CN-FISR", "filed", "accept", timed=False) == (
        "Moves this track to Accepted by the authority; starts the clock.")
    assert step_effect("CN-FISR", "accepted", "start_preliminary_review") == (
        "Moves this track to Preliminary review (decision whether to review); the clock "
        "started at the acceptance runs on.")
    assert step_effect("CN-FISR", "accepted", "start_preliminary_review", timed=False) == (
        "Moves this track to Preliminary review (decision whether to review); starts the "
        "clock from the acceptance date.")
    reference, _track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    assert (
        view.track_buttons["withdraw"]
        .toolTip()
        .startswith("Moves this track to Withdrawn (nothing leaves it); ends the clock.")
    )
    select_track(view, "CN-SAMR")  # still a draft
    assert view.track_buttons["withdraw"].toolTip() == (
        "Moves this track to Withdrawn (nothing leaves it). 撤回"
    )
    runner.wait_for_done()


def test_alt_a_adds_a_condition_row_in_the_clearance_dialog(
    qtbot,
    runner: TaskRunner,
    admin: Actor,
    data_dir: DataDir,
    under_review: tuple[str, int],  # noqa: F811
) -> None:
    """Add condition had no Alt key: from the keyboard the officer tabbed past every
    field of every row to reach it. (Offscreen, a window-modal dialog does not become the
    active window, so its key is read, not pressed.)"""
    reference, _track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    view.track_buttons["clear_with_conditions"].click()
    dialog = view.action_dialog
    assert dialog is not None and dialog.conditions is not None
    add = dialog.conditions.add_button
    assert add.shortcut() == QKeySequence("Alt+A")
    assert mnemonic_clashes(dialog) == []
    dialog.reject()
    runner.wait_for_done()


def test_an_overdue_reviews_request_materials_says_a_late_stop_stops_nothing(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db,
        under_review: tuple[str, int]) -> None:  # noqa: F811
    """The button of a review past its last day said "stops the clock", which a request
    dated then no longer does (the due date stands and the track stays overdue)."""
    from approvals.store.models import FilingTrack

    reference, track_id = under_review  # general review from 20 Oct 2026: 30 working days
    with db.read_session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None and track.due_date is not None
        due = date.fromisoformat(track.due_date)
    assert due < date.today()
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    tip = view.track_buttons["request_materials"].toolTip()
    assert tip.startswith(
        f"Moves this track to Materials requested; stops the clock if dated "
        f"before {due.day} {due:%b %Y}, the period's last day (dated that day or later, it "
        "stops nothing: the due date stands)."), tip
    runner.wait_for_done()
