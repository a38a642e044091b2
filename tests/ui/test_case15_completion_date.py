"""'Mark the deal completed' with a day still to come (2027 typed for 2026) marked the case
completed months early. The service refuses it, nothing changed, and the dialog opens
again at the date with the reason kept. A US-OISP completion date still to come started
the notification clock on that day: the step dialog refuses it at the field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from approvals.domain.errors import InputError
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case, get_case
from approvals.services.demo import demo_facts
from approvals.services.workflow import NOT_COMPLETED_YET, complete_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_dialogs import ActionDialog
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_step_dates import action_of
from tests.ui.test_step_dialog_fields import said_at

NO_FILING = "DEMO-13"  # a deal that needs no filing: nothing blocks its completion


def _case(db: Database, admin: Actor) -> str:
    facts = next(f for f in demo_facts() if f["reference"] == NO_FILING)
    with db.session() as s:
        return create_case(s, facts=parse_facts(facts), actor=admin).reference


def test_a_completion_after_today_is_refused(db: Database, admin: Actor) -> None:
    reference = _case(db, admin)
    later = date.today() + timedelta(days=200)
    with db.session() as s, pytest.raises(InputError) as refused:
        case = get_case(s, reference)
        complete_case(
            session=s,
            case_id=case.id or 0,
            actor=admin,
            expected_version=case.version,
            completed_on=later,
        )
    assert str(refused.value.problems[0]).startswith(
        f"completed_on: {later.isoformat()} is after today"
    )
    with db.session() as s:
        case = get_case(s, reference)
        assert case.status == "open"
        complete_case(
            session=s,
            case_id=case.id or 0,
            actor=admin,
            expected_version=case.version,
            completed_on=date.today(),
        )
    with db.session() as s:
        assert get_case(s, reference).status == "completed"


def test_the_dialog_opens_again_at_the_date(
    qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir
) -> None:
    reference = _case(db, admin)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    assert view.complete_button.isEnabled()
    dialog = view.ask_complete()
    dialog.reason.setText("SPA signed and closed")
    later = (date.today() + timedelta(days=200)).isoformat()
    dialog.on.setText(later)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.isVisible() and bool(said_at(dialog, "on")), timeout=10_000)
    # The service's refusal of the date, under the date field (not on the line for all).
    assert said_at(dialog, "on").startswith(f"{later} is after today")
    assert not dialog.problem.text()
    assert dialog.reason.text() == "SPA signed and closed"
    assert dialog.on.text() == later and dialog.focusWidget() is dialog.on
    with db.session() as s:
        assert get_case(s, reference).status == "open"


def test_a_completion_date_after_today_is_refused_at_its_field(qtbot) -> None:
    dialog = ActionDialog(action_of("US-OISP", "record_completion"))
    qtbot.addWidget(dialog)
    dialog.show()
    later = (date.today() + timedelta(days=200)).isoformat()
    dialog.inputs["completion_date"].setText(later)
    dialog._check_and_accept()
    assert dialog.isVisible()
    assert said_at(dialog, "completion_date") == NOT_COMPLETED_YET.format(day=later)
    assert dialog.focusWidget() is dialog.inputs["completion_date"]
    dialog.inputs["completion_date"].setText(date.today().isoformat())  # today is fine
    dialog._check_and_accept()
    assert not dialog.isVisible()


def test_a_step_dated_after_today_is_asked_about_once(qtbot) -> None:
    dialog = ActionDialog(action_of("CN-FISR", "file"))
    qtbot.addWidget(dialog)
    dialog.show()
    later = (date.today() + timedelta(days=30)).isoformat()
    dialog.inputs["filing_reference"].setText("FISR-2026-0233")
    dialog.on.setText(later)
    dialog._check_and_accept()
    assert dialog.isVisible() and dialog.focusWidget() is dialog.on
    assert said_at(dialog, "on") == (
        f"{later} is after today: a step is recorded once it has happened. If "
        "the date is right, click Record filing again to record it"
    )
    dialog._check_and_accept()  # confirmed: taken as typed
    assert not dialog.isVisible()
    assert dialog.params()["on"] == later


def test_today_is_not_asked_about(qtbot) -> None:
    dialog = ActionDialog(action_of("CN-FISR", "file"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.inputs["filing_reference"].setText("FISR-2026-0233")
    dialog.on.setText(date.today().isoformat())
    dialog._check_and_accept()
    assert not dialog.isVisible()
