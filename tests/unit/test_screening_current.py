"""Facts edited after the case was screened so that its reasons no longer hold (they quote
the old values): Approve for filing waits for a new screening, a draft filing says so on
page 1 and a final is refused, until the officer re-screens and accepts (even a screening
that changes no determination). An edit the screening does not turn on asks for none."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import pypdf
import pytest
from sqlmodel import select

from approvals.domain.approval_changes import changed_since_screening
from approvals.domain.errors import InputError, TransitionRefused
from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.filings import load_filing_data, render_filing
from approvals.services.screening import accept_rescreen
from approvals.services.workflow import track_view
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from tests.workflow_support import complete_for_filing, edit_deal, take_step

PREP = Actor("pat", ("preparer",))
APPR = Actor("adam", ("approver",))


@dataclass(frozen=True)
class _Event:
    id: int
    action: str
    field: str | None = None
    actor: str = "pat"
    occurred_at: str = "2026-11-02T10:00:00Z"


def test_only_the_facts_changed_after_the_latest_screening_count() -> None:
    events = [
        _Event(1, "case.created"), _Event(2, "field.changed", "deal.board_seats"),
        _Event(3, "case.screened"), _Event(4, "field.changed", "deal.amount.value"),
        _Event(5, "field.changed", "deal.stake_after_pct", actor="paula"),
        _Event(6, "field.changed", "deal.amount.value", actor="paula",
               occurred_at="2026-11-03T09:00:00Z"),
    ]
    changed = changed_since_screening(reversed(events))  # ordered by id, not as given
    assert [(c.path, c.actor, c.at[:10]) for c in changed] == [
        ("deal.amount.value", "paula", "2026-11-03"), ("deal.stake_after_pct", "paula",
                                                       "2026-11-02")]
    assert changed_since_screening([*events, _Event(7, "case.rescreen_accepted")]) == ()
    assert changed_since_screening(events[:2]) == ()  # never screened: nothing to outrun


def _screened_case(db: Database, regime: str = "CN-FISR") -> tuple[int, str, int]:
    """A demo deal that needs CN-FISR and CN-SAMR approval and a US-OISP notification,
    every fact given: its case id, reference and the track of `regime`."""
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[3]), actor=PREP,
                           today=date.today())
        complete_for_filing(s, case.reference, PREP)
        track = s.exec(select(FilingTrack).where(
            FilingTrack.case_id == case.id, FilingTrack.regime == regime)).one()
        return case.id, case.reference, track.id


def _step(db: Database, track_id: int, name: str, actor: Actor) -> None:
    take_step(db, track_id, name, actor)


def _edit(db: Database, case_id: int, **deal: Any) -> None:
    edit_deal(db, case_id, PREP, "term sheet v2", **deal)


def test_approval_waits_for_a_screening_of_the_facts_as_edited(db: Database) -> None:
    case_id, reference, track_id = _screened_case(db)
    _edit(db, case_id, board_seats=3, stake_after_pct=60)  # the reasons quote 55 %
    _step(db, track_id, "submit_for_review", PREP)
    with db.read_session() as s:
        view = track_view(session=s, track_id=track_id)
    (approve,) = [a for a in view.actions if a.name == "approve_for_filing"]
    assert not approve.allowed and "deal.stake_after_pct" in (approve.why_not or "")
    with pytest.raises(TransitionRefused) as refused:
        _step(db, track_id, "approve_for_filing", APPR)
    assert ("The facts changed since the case was screened (deal.board_seats, "
            "deal.stake_after_pct): re-screen it" in str(refused.value))

    with db.read_session() as s:  # the draft says so on page 1; a final is refused
        data = load_filing_data(s, reference)
        assert data.unscreened.regimes == {"CN-FISR", "CN-SAMR"}  # US-OISP's quote no stake
        assert data.unscreened.paths_for("CN-") == ("deal.board_seats", "deal.stake_after_pct")
        assert data.unscreened.paths_for("US-OISP") == ()
        with pytest.raises(InputError) as final:
            render_filing(session=s, reference=reference, kind="cn-application",
                          actor=APPR, final=True)
    # Named as the application's own row names it (the wizard says "Stake after the deal").
    assert any(p.path == "screening" and "Shareholding after the transaction" in p.message
               for p in final.value.problems)
    report = _status_report_text(db, reference)  # the auditor reads it under the screening
    assert ("Facts changed since this screening: Board seats (Deal); Stake after the deal "
            "(%) (Deal). The reasons for CN-FISR and CN-SAMR quote values that changed"
            in report), report
    assert "Changed since the screening: deal.board_seats (last by pat at " in report

    with db.session() as s:  # the same determinations, now made on these facts
        accept_rescreen(session=s, case_id=case_id, actor=PREP, reason="facts edited")
    _step(db, track_id, "approve_for_filing", APPR)
    with db.read_session() as s:
        assert s.get(FilingTrack, track_id).state == "approved_for_filing"  # type: ignore[union-attr]
        assert load_filing_data(s, reference).unscreened.regimes == frozenset()


def test_an_edit_that_changes_another_regimes_reasons_leaves_this_approval_alone(
        db: Database) -> None:
    """The stake is quoted by the CN-FISR and CN-SAMR reasons, not by US-OISP's: the US
    notification prints determinations made on the facts as they are."""
    case_id, reference, track_id = _screened_case(db, "US-OISP")
    _edit(db, case_id, stake_after_pct=60)
    _step(db, track_id, "submit_for_review", PREP)
    _step(db, track_id, "approve_for_filing", APPR)
    with db.read_session() as s:
        assert s.get(FilingTrack, track_id).state == "approved_for_filing"  # type: ignore[union-attr]
    # The Chinese application prints the CN determinations, which quote the old stake.
    assert any(p.path == "screening" for p in _final_refusal(db, reference, "cn-application"))
    assert not any(p.path == "screening"
                   for p in _final_refusal(db, reference, "us-notification"))


def _final_refusal(db: Database, reference: str, kind: str) -> list[Any]:
    """The problems a final rendering of `kind` is refused with (none: it was rendered)."""
    with db.session() as s:
        try:
            render_filing(session=s, reference=reference, kind=kind, actor=APPR, final=True)
        except InputError as refused:
            return list(refused.problems)
    return []


def _status_report_text(db: Database, reference: str) -> str:
    with db.session() as s:
        rendered = render_filing(session=s, reference=reference, kind="status-report",
                                 actor=APPR, final=False)
    pages = pypdf.PdfReader(io.BytesIO(rendered.pdf)).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


def test_an_edit_the_screening_does_not_quote_asks_for_no_new_one(db: Database) -> None:
    """Screening the facts as edited, on the screening's date under its rulebook, gives
    its reasons word for word: the determinations cover these facts as they are."""
    case_id, reference, track_id = _screened_case(db)
    _edit(db, case_id, board_seats=3, commercial_rationale="Majority stake, new terms.")
    _step(db, track_id, "submit_for_review", PREP)
    _step(db, track_id, "approve_for_filing", APPR)
    with db.read_session() as s:
        assert s.get(FilingTrack, track_id).state == "approved_for_filing"  # type: ignore[union-attr]
        assert load_filing_data(s, reference).unscreened.regimes == frozenset()
    assert ("Facts changed since this screening: Board seats (Deal); Commercial "
            "rationale (Deal). Screened again as of the same date with the same rulebook, "
            "they give these determinations and reasons word for word."
            in _status_report_text(db, reference))
