"""A condition's stored text carries "(due date estimated: …)" when its due date was counted
through a year without an official holiday schedule. Saved again (copied into a new
decision, sent back by a script), the text got a second note beside the first."""

from __future__ import annotations

from datetime import date

from approvals.domain.event_text import condition_words
from approvals.services import workflow as workflow_service
from approvals.services.workflow import calendar_for
from approvals.store.db import Database

DECIDED = date(2027, 1, 20)  # counted into 2028: no official schedule for either year
NOTE = " (due date estimated: no official CN holiday schedule is held for 2027, 2028)"


def _stored(db: Database, text: str, **due: object) -> tuple[str, str | None]:
    with db.read_session() as session:
        calendar = calendar_for(session, "CN")
    [new] = workflow_service._conditions([{"text": text, **due}], DECIDED, calendar)
    return new.text, new.template


def test_a_condition_saved_again_has_one_note(db: Database) -> None:
    first, template = _stored(db, "Annual compliance report", due_days=365)
    assert first == "Annual compliance report" + NOTE
    again, again_template = _stored(db, first, due_days=365)
    assert again == first and again_template == template
    twice, _ = _stored(db, first + NOTE, due_days=365)  # as stored before the fix
    assert twice == first


def test_a_typed_due_date_drops_a_note_that_no_longer_applies(db: Database) -> None:
    text, _ = _stored(db, "Annual compliance report" + NOTE, due_date="2027-06-30")
    assert text == "Annual compliance report"


def test_only_the_apps_note_is_taken_out() -> None:
    assert condition_words("Report (due date to be agreed)") == "Report (due date to be agreed)"
    assert condition_words("  Report" + NOTE + NOTE) == "Report"


def test_a_follow_ups_note_inside_its_own_brackets_goes_too() -> None:
    """A data-export renewal's text carries the note as its template's {note}, inside the
    brackets of its rule: it was shown and printed whole beside "(estimated)"."""
    text = ("Renew the security assessment by 1 Mar 2029 (window opens 1 Jan 2029; CAC "
            "Order 16 art. 14; estimated: no official CN holiday schedule is held for 2029)")
    assert condition_words(text) == ("Renew the security assessment by 1 Mar 2029 (window "
                                     "opens 1 Jan 2029; CAC Order 16 art. 14)")
    # A condition that merely mentions the word keeps it.
    assert condition_words("Report (estimated figures; audited ones by June)") == \
        "Report (estimated figures; audited ones by June)"
