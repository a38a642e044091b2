"""Closing, reopening and discarding cases (services.case_lifecycle): what each does, what
each refuses (changing nothing), the audit trail it leaves, optimistic locking, the
read-only guard every changing service makes, and where closed cases no longer appear."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import delete, select

from approvals.domain.errors import (
    ConflictError,
    InputError,
    PermissionDenied,
    TransitionRefused,
)
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import case_lifecycle as lc
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import create_case, get_case, list_cases, status_text
from approvals.services.demo import demo_facts
from approvals.services.drafts import finish_draft, load_draft, save_draft
from approvals.services.filings import set_filing_particulars
from approvals.services.particulars import load_particulars, save_particulars
from approvals.services.screening import (
    accept_rescreen,
    open_tracks,
    rescreen_open_cases,
    screen_case,
)
from approvals.services.workflow import (
    complete_case,
    completion_blockers,
    set_obligation_status,
    transition,
)
from approvals.services.workspace import (
    add_comment,
    case_bundle,
    expected_notifications,
    open_deadlines,
)
from approvals.store.audit import Actor, verify_chain
from approvals.store.db import Database
from approvals.store.models import Case, Event, FilingTrack, Obligation, Screening
from tests.pdf_support import pdf_words, status_report_pdf

BOSS = Actor("adam", ("approver",))
PREP = Actor("pat", ("preparer",))
ALL = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
TODAY = date(2026, 11, 2)


def new_case(db: Database, which: int = 1, **changes: Any) -> tuple[int, str]:
    """A case from a demo deal (1: CN-FISR, CN-TECH-EXPORT, CN-SAMR and US-OISP tracks)."""
    data = json.loads(json.dumps(demo_facts()[which]))
    for key, value in changes.items():
        data["deal"][key] = value
    with db.session() as s:
        case = create_case(s, facts=parse_facts(data), actor=ALL, today=TODAY)
    return case.id, case.reference


def version(db: Database, case_id: int) -> int:
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case.version


def everything(db: Database) -> dict[str, list[tuple]]:
    """Every row of the tables a case touches (plain SQL): a refusal must leave them be."""
    with db.read_session() as s:
        return {t: [tuple(r) for r in s.connection().execute(text(f"SELECT * FROM {t}"))]
                for t in ("cases", "filing_tracks", "obligations", "events", "screenings",
                          "comments", "settings", "documents")}


def close(db: Database, case_id: int, actor: Actor = BOSS, reason: str = "deal abandoned",
          expected: int | None = None) -> lc.LifecycleResult:
    with db.session() as s:
        return lc.close_case(session=s, case_id=case_id, actor=actor, reason=reason,
                             expected_version=version(db, case_id) if expected is None
                             else expected, today=TODAY)


def reopen(db: Database, case_id: int, reason: str = "the deal is back") -> lc.LifecycleResult:
    with db.session() as s:
        return lc.reopen_case(session=s, case_id=case_id, actor=BOSS, reason=reason,
                              expected_version=version(db, case_id))


def tracks(db: Database, case_id: int) -> list[FilingTrack]:
    with db.read_session() as s:
        return [FilingTrack(**t.model_dump()) for t in s.exec(
            select(FilingTrack).where(FilingTrack.case_id == case_id).order_by(FilingTrack.id))]


def events(db: Database, case_id: int, action: str) -> list[Event]:
    with db.read_session() as s:
        return [Event(**e.model_dump()) for e in s.exec(
            select(Event).where(Event.case_id == case_id, Event.action == action)
            .order_by(Event.id))]


def set_track(db: Database, track_id: int, **fields: Any) -> None:
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        for key, value in fields.items():
            setattr(track, key, value)
        s.add(track)


def cleared_with_conditions(db: Database, conditions: list[str]) -> tuple[int, str, int]:
    """A new case whose CN-FISR track was cleared with `conditions` on TODAY: the case's id
    and reference, and the track's id."""
    case_id, ref = new_case(db)
    fisr = next(t for t in tracks(db, case_id) if t.regime == "CN-FISR")
    assert fisr.id is not None
    set_track(db, fisr.id, state="general_review")
    with db.session() as s:
        transition(session=s, track_id=fisr.id, transition_name="clear_with_conditions",
                   actor=ALL, reason="decided", expected_version=fisr.version, today=TODAY,
                   conditions=conditions)
    return case_id, ref, fisr.id


# -- closing ------------------------------------------------------------------------------
def test_closing_withdraws_every_open_track_each_audited_then_closes(db: Database) -> None:
    case_id, ref = new_case(db)
    before = tracks(db, case_id)
    assert len(before) == 4 and all(t.state == "draft" for t in before)
    result = close(db, case_id, reason="deal abandoned: the SPA lapsed")
    assert result.status == "closed" and result.previous == "open"
    assert result.withdrawn == tuple(t.regime for t in before)
    assert {t.state for t in tracks(db, case_id)} == {"withdrawn"}
    steps = events(db, case_id, "track.transition")
    assert len(steps) == 4  # one event per withdrawal, each with the reason
    assert all(e.reason == "deal abandoned: the SPA lapsed" and e.actor == "adam"
               and json.loads(e.details)["transition"] == "withdraw" for e in steps)
    (closed,) = events(db, case_id, "case.closed")
    assert (closed.field, json.loads(closed.old_value), json.loads(closed.new_value)) == (
        "status", "open", "closed")
    assert closed.reason == "deal abandoned: the SPA lapsed" and closed.id > steps[-1].id
    with db.read_session() as s:
        assert get_case(s, ref).status == "closed"
        assert verify_chain(s)[0]


def test_a_completed_case_whose_tracks_ended_closes_without_withdrawing(db: Database) -> None:
    case_id, _ = new_case(db, 2)  # one data-export contract filing
    (track,) = tracks(db, case_id)
    set_track(db, track.id, state="registered", completed_on="2026-10-01")
    with db.session() as s:
        transition(session=s, track_id=track.id, transition_name="close", actor=ALL,
                   expected_version=track.version, today=TODAY)
        complete_case(session=s, case_id=case_id, actor=ALL, expected_version=1)
    result = close(db, case_id, reason="filed and done")
    assert (result.previous, result.withdrawn) == ("completed", ())
    assert [t.state for t in tracks(db, case_id)] == ["closed"]
    assert not [e for e in events(db, case_id, "track.transition")
                if json.loads(e.details)["transition"] == "withdraw"]
    # Reopening brings back "completed", not "open".
    assert reopen(db, case_id).status == "completed"


def test_the_status_report_gives_the_day_the_deal_completed(db: Database) -> None:
    case_id, _ = new_case(db, 2)
    (track,) = tracks(db, case_id)
    set_track(db, track.id, state="registered", completed_on="2026-10-01")
    assert "Deal completed on" not in pdf_words(status_report_pdf(db, case_id, ALL))
    with db.session() as s:
        transition(session=s, track_id=track.id, transition_name="close", actor=ALL,
                   expected_version=track.version, today=TODAY)
        # Recorded a week after the day it completed: the report gives that day.
        complete_case(session=s, case_id=case_id, actor=ALL, expected_version=1,
                      completed_on=date(2026, 10, 20))
    assert "Deal completed on 2026-10-20" in pdf_words(status_report_pdf(db, case_id, ALL))
    # Closing and reopening do not undo a completion.
    close(db, case_id, reason="filed and done")
    reopen(db, case_id)
    assert "Deal completed on 2026-10-20" in pdf_words(status_report_pdf(db, case_id, ALL))


@pytest.mark.parametrize("setup, words", [
    ("decided", "CN-FISR is Cleared: record its Close step first"),
    ("condition", "condition “Keep the data in China” is open: mark it fulfilled or waived"),
    ("completed", "is still open (Draft) on a completed deal"),
])
def test_refusals_list_what_must_be_dealt_with_and_change_nothing(
        db: Database, setup: str, words: str) -> None:
    case_id, ref = new_case(db)
    fisr = next(t for t in tracks(db, case_id) if t.regime == "CN-FISR")
    if setup in ("decided", "condition"):
        set_track(db, fisr.id, state="general_review")
        with db.session() as s:
            transition(session=s, track_id=fisr.id, transition_name="clear_with_conditions"
                       if setup == "condition" else "clear", actor=ALL, reason="decided",
                       expected_version=fisr.version, today=TODAY,
                       **({"conditions": ["Keep the data in China"]}
                          if setup == "condition" else {}))
        if setup == "condition":  # the track is closed; its condition still runs
            with db.session() as s:
                track = s.get(FilingTrack, fisr.id)
                transition(session=s, track_id=fisr.id, transition_name="close", actor=ALL,
                           expected_version=track.version, today=TODAY)
    else:
        with db.session() as s:
            s.get(Case, case_id).status = "completed"
    before = everything(db)
    with pytest.raises(TransitionRefused) as refused:
        close(db, case_id)
    assert str(refused.value).startswith(f"Case {ref} cannot be closed yet: ")
    assert words in str(refused.value)
    assert everything(db) == before


def test_closing_checks_reason_permission_version_and_status(db: Database) -> None:
    case_id, ref = new_case(db)
    before = everything(db)
    with pytest.raises(InputError, match="reason: say why the case is closed"):
        close(db, case_id, reason="  ")
    with pytest.raises(PermissionDenied, match=r"close or reopen cases.*approver or administrator"):
        close(db, case_id, actor=PREP)
    with pytest.raises(ConflictError, match=f"Case {ref} was saved by someone else"):
        close(db, case_id, expected=version(db, case_id) - 1 if version(db, case_id) > 1 else 99)
    assert everything(db) == before
    close(db, case_id)
    with pytest.raises(TransitionRefused, match="already closed"):
        close(db, case_id)
    with db.session() as s:
        draft = save_draft(s, actor=ALL, data={"target": {"name_en": "X"}})
        draft_id = s.exec(select(Case.id).where(Case.reference == draft.reference)).one()
    with pytest.raises(TransitionRefused, match="intake draft, not a case: discard it"):
        close(db, draft_id)


def test_a_second_window_closing_a_stale_case_gets_a_conflict(db: Database) -> None:
    case_id, _ = new_case(db, 2)
    seen = version(db, case_id)
    with db.session() as s:  # someone else saves the case meanwhile
        update_case_facts(session=s, case_id=case_id, expected_version=seen,
                          new_facts=changed_facts(2),
                          actor=ALL, reason="edit")
    before = everything(db)
    with pytest.raises(ConflictError):
        close(db, case_id, expected=seen)
    assert everything(db) == before


# -- reopening ----------------------------------------------------------------------------
def test_reopening_restores_the_status_and_leaves_tracks_withdrawn(db: Database) -> None:
    case_id, ref = new_case(db)
    close(db, case_id)
    result = reopen(db, case_id, reason="buyer came back")
    assert (result.status, result.previous) == ("open", "closed")
    assert {t.state for t in tracks(db, case_id)} == {"withdrawn"}
    (event,) = events(db, case_id, "case.reopened")
    assert (json.loads(event.old_value), json.loads(event.new_value), event.reason) == (
        "closed", "open", "buyer came back")
    # Accepting a re-screening opens new tracks beside the withdrawn ones.
    with db.session() as s:
        accepted = accept_rescreen(session=s, case_id=case_id, actor=ALL, as_of=TODAY,
                                   reason="reopened")
    assert {t.regime for t in accepted.opened} == {t.regime for t in tracks(db, case_id)}
    states = sorted(t.state for t in tracks(db, case_id))
    assert states == ["draft"] * 4 + ["withdrawn"] * 4
    # And the case can be closed again.
    assert close(db, case_id, reason="dead again").withdrawn
    with pytest.raises(InputError, match="say why the case is reopened"):
        reopen(db, case_id, reason="")
    with db.read_session() as s:
        assert get_case(s, ref).status == "closed"


def test_a_withdrawn_filing_does_not_lift_the_clearance_the_deal_needs(db: Database) -> None:
    case_id, _ = new_case(db)  # CN-FISR, CN-TECH-EXPORT and CN-SAMR need clearance
    close(db, case_id)
    reopen(db, case_id)  # every track withdrawn, the deal back on
    before = everything(db)
    with db.session() as s, pytest.raises(TransitionRefused) as err:
        complete_case(session=s, case_id=case_id, actor=ALL, expected_version=version(db, case_id))
    assert everything(db) == before
    for regime in ("CN-FISR", "CN-TECH-EXPORT", "CN-SAMR"):
        assert f"{regime}: clearance is needed before completion and its filing was withdrawn" \
            in str(err.value)
    assert "US-OISP" not in str(err.value)  # a notification after completion gates nothing
    # What the case needs now is its current screening's: a stake without control needs
    # neither the security review nor merger control, and their withdrawn tracks stop blocking.
    data = json.loads(json.dumps(demo_facts()[1]))
    data["deal"].update(stake_after_pct=10, acquires_control=False)
    with db.session() as s:
        update_case_facts(session=s, case_id=case_id, expected_version=version(db, case_id),
                          new_facts=parse_facts(data), actor=ALL, reason="minority stake now")
    with db.session() as s:
        accept_rescreen(session=s, case_id=case_id, actor=ALL, as_of=TODAY, reason="restructured")
    with db.read_session() as s:
        blockers = completion_blockers(session=s, case_id=case_id)
    assert [b.split(":")[0] for b in blockers] == ["CN-TECH-EXPORT"]
    assert "now: Draft" in blockers[0]  # the licence track the re-screening opened beside it


def test_only_a_closed_case_reopens(db: Database) -> None:
    case_id, _ = new_case(db, 2)
    before = everything(db)
    with pytest.raises(TransitionRefused, match="is not closed"):
        reopen(db, case_id)
    assert everything(db) == before


# -- discarding drafts ----------------------------------------------------------------------
def test_discarding_a_draft_keeps_the_row_and_its_reference(db: Database) -> None:
    with db.session() as s:
        draft = save_draft(s, actor=PREP, data={"target": {"name_en": "Lapsed Co"}},
                           today=TODAY)
    with db.session() as s, pytest.raises(InputError, match="say why the draft is discarded"):
        lc.discard_draft(session=s, reference=draft.reference, actor=PREP, reason="")
    with db.session() as s, pytest.raises(ConflictError):
        lc.discard_draft(session=s, reference=draft.reference, actor=PREP,
                         reason="x", expected_version=draft.version + 1)
    with db.session() as s:
        result = lc.discard_draft(session=s, reference=draft.reference, actor=PREP,
                                  reason="entered twice", expected_version=draft.version)
    assert (result.status, result.previous) == ("discarded", "draft")
    with db.read_session() as s:
        row = s.exec(select(Case).where(Case.reference == draft.reference)).one()
        assert row.status == "discarded" and json.loads(row.facts)["target"]["name_en"] == "Lapsed Co"
        (event,) = s.exec(select(Event).where(Event.action == "case.discarded")).all()
        assert (event.reason, json.loads(event.new_value)) == ("entered twice", "discarded")
        # Hidden from the list by default, on request shown as such; never from the CLI's.
        assert draft.reference not in [r.reference for r in list_cases(s)]
        assert draft.reference not in [r.reference for r in list_cases(s, include_drafts=False)]
        (shown,) = [r for r in list_cases(s, include_discarded=True)
                    if r.reference == draft.reference]
        assert status_text(shown.status, shown.worst_state, shown.blocked) == "Intake discarded"
    with db.session() as s:  # its number is never given out again
        assert save_draft(s, actor=PREP, data={}, today=TODAY).reference != draft.reference
    for call in (lambda s: load_draft(s, actor=PREP, reference=draft.reference),
                 lambda s: finish_draft(s, actor=PREP, reference=draft.reference),
                 lambda s: save_draft(s, actor=PREP, reference=draft.reference, data={})):
        with db.session() as s, pytest.raises(InputError, match="is not a draft"):
            call(s)
    with db.session() as s, pytest.raises(TransitionRefused, match="discarded intake draft"):
        lc.discard_draft(session=s, reference=draft.reference, actor=PREP, reason="again")


def test_only_a_draft_is_discarded_and_only_by_who_keeps_drafts(db: Database) -> None:
    _case_id, ref = new_case(db, 2)
    with db.session() as s, pytest.raises(TransitionRefused, match="not an intake draft"):
        lc.discard_draft(session=s, reference=ref, actor=PREP, reason="x")
    with db.session() as s:
        draft = save_draft(s, actor=PREP, data={})
    with db.session() as s, pytest.raises(PermissionDenied):
        lc.discard_draft(session=s, reference=draft.reference, actor=BOSS, reason="x")


# -- closed cases are read-only -------------------------------------------------------------
def _closed_case(db: Database, data_dir: DataDir | None = None) -> tuple[int, str, Any]:
    case_id, ref = new_case(db)
    fisr = next(t for t in tracks(db, case_id) if t.regime == "CN-FISR")
    close(db, case_id, reason="investor walked away")
    return case_id, ref, fisr


def changed_facts(which: int) -> Any:
    data = json.loads(json.dumps(demo_facts()[which]))
    data["deal"]["board_seats"] = 7
    return parse_facts(data)


GUARDED = ("transition", "fact edit", "reviewer's change accepted", "screening",
           "opening tracks", "accepting a re-screening", "condition status", "completion",
           "particulars", "particulars (command line)")


def guarded_calls(case_id: int, ref: str, track: FilingTrack, obligation_id: int) -> dict[str, Any]:
    facts = changed_facts(1)
    return {
        "transition": lambda s: transition(session=s, track_id=track.id,
                                           transition_name="close", actor=ALL,
                                           expected_version=track.version + 1),
        "fact edit": lambda s: update_case_facts(session=s, case_id=case_id,
                                                 expected_version=2, new_facts=facts,
                                                 actor=ALL),
        "reviewer's change accepted": lambda s: update_case_facts(
            session=s, case_id=case_id, expected_version=2, new_facts=facts, actor=ALL,
            permission="review.decide"),
        "screening": lambda s: screen_case(session=s, case_id=case_id, actor=ALL),
        "opening tracks": lambda s: open_tracks(session=s, case_id=case_id, actor=ALL),
        "accepting a re-screening": lambda s: accept_rescreen(session=s, case_id=case_id,
                                                              actor=ALL, reason="new rules"),
        "condition status": lambda s: set_obligation_status(
            session=s, obligation_id=obligation_id, status="open", actor=ALL),
        "completion": lambda s: complete_case(session=s, case_id=case_id, actor=ALL,
                                              expected_version=2),
        "particulars": lambda s: save_particulars(
            s, actor=ALL, reference=ref, values={"applicant": {"legal_representative": "王"}},
            expected_version=load_particulars(s, actor=ALL, reference=ref).version),
        "particulars (command line)": lambda s: set_filing_particulars(
            session=s, actor=ALL, reference=ref,
            values={"applicant": {"legal_representative": "王"}}),
    }


@pytest.mark.parametrize("what", GUARDED)
def test_every_changing_service_refuses_a_closed_case(db: Database, what: str) -> None:
    case_id, ref, fisr = _closed_case(db)
    with db.session() as s:  # a condition left from before (waived), to re-open
        s.add(Obligation(track_id=fisr.id, text="old condition", status="waived"))
    with db.read_session() as s:
        obligation_id = s.exec(select(Obligation.id)).one()
        track = FilingTrack(**s.get(FilingTrack, fisr.id).model_dump())
    before = everything(db)
    calls = guarded_calls(case_id, ref, track, obligation_id)
    assert set(calls) == set(GUARDED)
    call = calls[what]
    with db.session() as s, pytest.raises(TransitionRefused) as refused:
        call(s)
    assert str(refused.value) == (f"Case {ref} is closed (investor walked away); "
                                  "reopen it first.")
    assert everything(db) == before


def test_attaching_a_document_to_a_closed_case_is_refused_and_stores_nothing(
        db: Database, data_dir: DataDir, tmp_path) -> None:
    from approvals.services.documents import attach_document

    case_id, ref, _ = _closed_case(db)
    letter = tmp_path / "late letter.pdf"
    letter.write_bytes(b"%PDF-1.4 a letter that came after the deal lapsed")
    before = everything(db)
    stored_before = sorted(p.name for p in data_dir.documents.rglob("*"))
    with db.session() as s, pytest.raises(TransitionRefused) as refused:
        attach_document(s, actor=ALL, data_dir=data_dir, case_id=case_id, source=letter,
                        doc_type="authority-decision")
    assert str(refused.value) == (f"Case {ref} is closed (investor walked away); "
                                  "reopen it first.")
    assert everything(db) == before
    assert sorted(p.name for p in data_dir.documents.rglob("*")) == stored_before


def test_reading_commenting_and_exporting_a_closed_case_still_work(db: Database,
                                                                    tmp_path) -> None:
    from approvals.services.exports import export_audit_csv, export_case_list_csv

    case_id, ref, _ = _closed_case(db)
    with db.session() as s:
        comment = add_comment(s, actor=ALL, reference=ref, body="Lapsed on 1 Nov; files kept.")
        export_audit_csv(s, actor=ALL, out=tmp_path / "trail.csv", case_reference=ref)
        export_case_list_csv(s, actor=ALL, out=tmp_path / "cases.csv")
    assert comment.body.startswith("Lapsed")
    assert "Closed" in (tmp_path / "cases.csv").read_text(encoding="utf-8")
    with db.read_session() as s:
        bundle = case_bundle(s, reference=ref)
        assert bundle.case.status == "closed"
        ending = lc.ending_of(s, case_id)
        assert ending is not None and (ending.by, ending.reason, ending.previous) == (
            "adam", "investor walked away", "open")


# -- where closed cases go ------------------------------------------------------------------
def test_closed_cases_leave_rescreening_and_the_dashboard_but_stay_listed(db: Database) -> None:
    closed_id, closed_ref = new_case(db, expected_completion_date="2026-12-01")
    _open_id, open_ref = new_case(db, expected_completion_date="2026-12-01")
    close(db, closed_id)
    with db.session() as s:  # no stored screening: a re-screening would change every outcome
        s.exec(delete(Screening))
    with db.session() as s:  # a stray open condition (left by hand): still not listed
        track = s.exec(select(FilingTrack).where(FilingTrack.case_id == closed_id)).first()
        s.add(Obligation(track_id=track.id, text="stray", due_date="2026-12-24"))
    with db.read_session() as s:
        rows = {r.reference: r for r in list_cases(s)}
        deadlines = {d.reference for d in open_deadlines(s)}
        expected = {e.reference for e in expected_notifications(s, today=TODAY)}
    with db.session() as s:
        rescreen = {c.reference for c in rescreen_open_cases(session=s, as_of=TODAY)}
    assert closed_ref in rows and open_ref in rows
    row = rows[closed_ref]
    assert status_text(row.status, row.worst_state, row.blocked) == "Closed"
    assert (row.worst_state, row.blocked) == ("", ())  # the CLI's JSON status is "closed"
    assert closed_ref not in deadlines and open_ref in deadlines
    assert closed_ref not in expected and open_ref in expected
    assert closed_ref not in rescreen and open_ref in rescreen


def test_a_reopened_case_returns_to_the_lists(db: Database) -> None:
    case_id, ref = new_case(db, expected_completion_date="2026-12-01")
    close(db, case_id)
    reopen(db, case_id)
    with db.session() as s:
        accept_rescreen(session=s, case_id=case_id, actor=ALL, as_of=TODAY, reason="reopened")
    with db.read_session() as s:
        assert ref in {d.reference for d in open_deadlines(s)}


def test_availability_says_why_each_action_cannot_be_taken(db: Database) -> None:
    case_id, ref = new_case(db)
    with db.read_session() as s:
        now = lc.lifecycle_availability(s, reference=ref)
    assert (now.close, now.discard) == ("", "Only an intake draft can be discarded; close a "
                                            "case instead.")
    assert now.reopen.startswith("Only a closed case can be reopened")
    close(db, case_id)
    with db.read_session() as s:
        now = lc.lifecycle_availability(s, reference=ref)
    assert now.reopen == "" and "already closed" in now.close
    assert now.ending is not None and now.ending.reason == "deal abandoned"


def test_the_demo_closes_a_deal_it_is_done_with(folder_templates, db: Database) -> None:
    from tests.conftest import load_demo_from_template

    load_demo_from_template(folder_templates, db, ALL)
    with db.read_session() as s:
        case = next(c for c in s.exec(select(Case)) if json.loads(c.facts)["reference"]
                    == "DEMO-13")
        ending = lc.ending_of(s, case.id)
        assert case.status == "closed" and ending is not None
        assert (ending.by, ending.previous) == ("sarah.chen", "completed")
        assert case.reference in {r.reference for r in list_cases(s)}


def test_a_filing_for_a_regime_of_a_reopened_case_covers_its_new_track_only(db: Database) -> None:
    """After reopen + re-screening a regime has a withdrawn track and a new one: the
    Generate action of the new track (a filing for that regime) must not list the
    withdrawn one beside it; the status report still shows both."""
    from approvals.filings import status_report, tracks_for_kind
    from approvals.services.filings import load_filing_data

    case_id, ref = new_case(db)
    close(db, case_id)
    reopen(db, case_id)
    with db.session() as s:
        accept_rescreen(session=s, case_id=case_id, actor=ALL, as_of=TODAY, reason="reopened")
    with db.read_session() as s:
        data = load_filing_data(s, ref)
    chosen = tracks_for_kind(data, "cn-application", "CN-FISR")
    assert [t.state for t in chosen] == ["draft"]
    every = tracks_for_kind(data, status_report.KIND)
    assert sorted(t.state for t in every if t.regime == "CN-FISR") == ["draft", "withdrawn"]
