"""A reason holding a control character or a text-direction control: typed into a step's
dialog it is refused at its field; recorded otherwise (the app's own words around a file
name, an older reviewer's pack) it keeps the character as its code point. Refusing every
such reason in append_event refused "new version of invoice<U+202E>fdp.txt" outright."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from approvals.domain.errors import InputError
from approvals.domain.typed_input import controls_shown
from approvals.store.audit import Actor, append_event, verify_chain
from approvals.store.db import Database
from approvals.store.models import Event
from tests.unit.test_workflow import PREP, make_track, step

ROOT = Actor("root", ("admin",))


def test_a_recorded_reason_shows_its_controls_as_code_points(db: Database) -> None:
    with db.session() as s:
        append_event(s, actor=ROOT, action="document.attached", entity="document",
                     reason="new version of invoice\u202efdp.txt\x01; line\nkept\tas is")
    with db.read_session() as s:
        event = s.exec(select(Event).order_by(col(Event.id).desc())).first()
        assert event is not None
        assert event.reason == "new version of invoice⟨U+202E⟩fdp.txt⟨U+0001⟩; line\nkept\tas is"
        assert verify_chain(s)[1] is None


def test_a_reason_typed_into_a_step_is_refused_at_its_field(db: Database) -> None:
    tid = make_track(db, "CN-FISR")
    with pytest.raises(InputError) as err:
        step(db, tid, "submit_for_review", PREP, reason="ready\u202e for review")
    assert err.value.problems[0].path == "reason"
    assert "text-direction control (U+202E)" in err.value.problems[0].message
    assert step(db, tid, "submit_for_review", PREP, reason="ready for review").state \
        == "internal_review"


def test_controls_shown_keeps_ordinary_text() -> None:
    assert controls_shown("审查通过 — ok\r\n") == "审查通过 — ok\r\n"
    assert controls_shown("a\u2028b\u2066c") == "a⟨U+2028⟩b⟨U+2066⟩c"
