"""services.particulars: the form, one scope's values beside the defaults, a save that
refuses to overwrite a newer one, and the checks set_filing_particulars now makes."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from approvals.domain.errors import ConflictError, InputError
from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.filings import PARTICULARS_FIELDS, set_filing_particulars
from approvals.services.particulars import load_particulars, particulars_form, save_particulars
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))


@pytest.fixture
def reference(db: Database) -> str:
    facts = next(f for f in demo_facts() if f["reference"] == "DEMO-02")  # CN and US tracks
    with db.session() as session:
        return create_case(session, facts=parse_facts(facts), actor=ADMIN).reference


def events(db: Database, action: str) -> int:
    with db.read_session() as session:
        return session.exec(select(func.count()).select_from(Event)
                            .where(Event.action == action)).one()


def test_form_covers_every_field_with_labels_and_the_filings_that_need_it() -> None:
    form = particulars_form()
    assert [s.name for s in form] == ["applicant", "foreign_investor", "representative",
                                      "us_person"]
    assert {(f.section, f.name) for s in form for f in s.fields} == {
        (s, n) for s, names in PARTICULARS_FIELDS.items() for n in names}
    fields = {f.path: f for s in form for f in s.fields}
    legal = fields["particulars.applicant.legal_representative"]
    assert (legal.label_en, legal.label_zh, legal.required_by) == (
        "Legal representative", "法定代表人", ("cn-application",))
    assert fields["particulars.applicant.contact_email"].required_by == ()
    assert fields["particulars.representative.email"].kind == "email"
    assert fields["particulars.us_person.website"].label_zh == ""
    assert {s.name: s.used_by for s in form}["us_person"] == ("us-notification",)


def test_load_shows_own_values_defaults_and_filings(db: Database, reference: str) -> None:
    with db.session() as session:
        set_filing_particulars(session=session, actor=ADMIN,
                               values={"applicant": {"contact_name": "王芳"}})
        set_filing_particulars(session=session, actor=ADMIN, reference=reference,
                               values={"applicant": {"legal_representative": "张伟"}})
    with db.read_session() as session:
        view = load_particulars(session, actor=ADMIN, reference=reference)
    assert view.values["applicant"]["legal_representative"] == "张伟"
    assert view.values["applicant"]["contact_name"] == ""
    assert view.defaults["applicant"]["contact_name"] == "王芳"
    assert view.effective("applicant", "contact_name") == "王芳"
    assert view.filings == ("cn-application", "us-notification")
    assert view.changed_by == "alice" and view.changed_at


def test_save_conflict_unchanged_and_bad_values(db: Database, reference: str) -> None:
    with db.read_session() as session:
        version = load_particulars(session, actor=ADMIN, reference=reference).version
    with db.session() as session:  # nothing changed: no audit event
        save_particulars(session, actor=ADMIN, reference=reference, expected_version=version,
                         values={"applicant": {"legal_representative": ""}})
    assert events(db, "case.particulars_changed") == 0
    with db.session() as session:
        saved = save_particulars(session, actor=ADMIN, reference=reference,
                                 expected_version=version,
                                 values={"applicant": {"legal_representative": " 张伟 "}})
    assert saved.values["applicant"]["legal_representative"] == "张伟"
    assert saved.version != version
    assert events(db, "case.particulars_changed") == 1
    with db.session() as session, pytest.raises(ConflictError) as conflict:  # stale version
        save_particulars(session, actor=ADMIN, reference=reference, expected_version=version,
                         values={"applicant": {"legal_representative": "李明"}})
    assert "changed by alice" in str(conflict.value)
    # What the other save changed, by name (it was said only after Reload).
    assert ("(Applicant (the target company) — Legal representative or authorised "
            "signatory) after you opened them") in str(conflict.value), str(conflict.value)
    with db.session() as session, pytest.raises(InputError) as bad:
        save_particulars(session, actor=ADMIN, reference=reference,
                         expected_version=saved.version,
                         values={"representative": {"email": "dana at allegheny",
                                                    "phone": "call me"},
                                 "us_person": {"website": "allegheny"},
                                 "applicant": {"nickname": "x"}})
    assert {p.path for p in bad.value.problems} == {
        "particulars.representative.email", "particulars.representative.phone",
        "particulars.us_person.website", "particulars.applicant.nickname"}
    assert events(db, "case.particulars_changed") == 1
