"""One step of a filing track taken through the workflow service, as tests set a track up:
the track's current version read in the same unit of work (no conflict to provoke)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from approvals.domain.facts import parse_facts
from approvals.domain.particulars import field_kind
from approvals.filings import KINDS, tracks_for_kind
from approvals.filings.common import missing_fields
from approvals.filings.status_report import KIND as STATUS_REPORT
from approvals.services.case_edit import update_case_facts
from approvals.services.documents import attach_document
from approvals.services.filings import load_filing_data
from approvals.services.particulars import load_particulars, save_particulars
from approvals.services.workflow import NOT_ENTERED, transition
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database, session_data_dir
from approvals.store.models import Case, FilingTrack, Screening


def take_step(db: Database, track_id: int, name: str, actor: Actor, **params: Any) -> Any:
    """`transition` with the track's version as it is now; `params` as the service takes
    them (on=..., reason=..., today=..., conditions=...)."""
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        return transition(session=s, track_id=track_id, transition_name=name, actor=actor,
                          expected_version=track.version, **params)


def edit_deal(db: Database, case_id: int, actor: Actor, reason: str, **deal: Any) -> None:
    """Save case `case_id`'s facts with `deal`'s values set in its deal (case-edit service,
    as the wizard saves an edit): one field.changed event per value that changed."""
    with db.session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        data = json.loads(case.facts)
        data["deal"].update(deal)
        update_case_facts(session=s, case_id=case_id, expected_version=case.version,
                          new_facts=parse_facts(data), actor=actor, reason=reason)


# What a test case's filings get where they lack it (complete_for_filing): values every
# check takes, in the kind of each field (particulars) or fact.
_PARTICULAR_VALUES = {"email": "filer@example.com", "phone": "+1 202 555 0100",
                      "url": "https://example.com"}
_FACT_VALUES: dict[str, Any] = {
    "investor.ultimate_parent": "Example Holdings LLC",
    "investor.jurisdiction": "US",
    "target.jurisdiction": "CN",
    "target.headquarters": "CN",
    "deal.commercial_rationale": "Growth investment in the target's business.",
    "deal.amount": {"value": 10000000, "currency": "USD"},
    "deal.stake_after_pct": 10,
    "deal.acquires_control": False,
    "deal.signing_date": "2026-09-01",
    "deal.expected_completion_date": "2026-12-31",
}


def filing_lacks(session: Session, reference: str) -> list[str]:
    """The paths the filings of case `reference`'s open tracks lack for their finals, as
    Approve for filing (filing_complete guard) finds them: what the officer enters."""
    data = load_filing_data(session, reference)
    paths: list[str] = []
    for kind in KINDS:
        tracks = tracks_for_kind(data, kind)
        if kind != STATUS_REPORT and tracks:
            paths += [p for p, _ in missing_fields(kind, data, tracks)
                      if p not in paths and p not in NOT_ENTERED]
    return paths


def complete_for_filing(session: Session, reference: str, actor: Actor, *,
                        attach: bool = True, fill_facts: bool = True) -> None:
    """Give case `reference` what its tracks' filings lack, so Approve for filing lets them
    through as it would a real case's: the filing particulars (particulars service), the
    facts (case-edit service), an organisation chart where the US notification needs one
    (documents service; not with `attach` False). `fill_facts` False leaves the facts as
    the test made them (one that leaves a fact out on purpose). Call it where the case is
    built, before its tracks are submitted for review, or as their preparer: a change
    after the submission is the changer's own work to the four-eyes rule."""
    lacks = filing_lacks(session, reference)
    particulars: dict[str, dict[str, str]] = {}
    facts: dict[str, Any] = {}
    documents: list[str] = []
    for path in lacks:
        head, _, rest = path.partition(".")
        if head == "particulars":
            section, _, name = rest.partition(".")
            particulars.setdefault(section, {})[name] = _PARTICULAR_VALUES.get(
                field_kind(section, name), f"Test {name.replace('_', ' ')}")
        elif head == "documents":
            documents += [rest] if attach else []
        elif not fill_facts:
            continue
        elif path in _FACT_VALUES:
            facts[path] = _FACT_VALUES[path]
        else:  # a screening fact, or one this helper has no value for: said, not guessed
            raise AssertionError(f"complete_for_filing has no value for {path} ({reference})")
    if particulars:
        view = load_particulars(session, actor=actor, reference=reference)
        save_particulars(session, actor=actor, reference=reference, values=particulars,
                         expected_version=view.version)
    case = case_by_reference(session, reference)
    if facts:
        stored = json.loads(case.facts)
        for path, value in facts.items():
            *parents, leaf = path.split(".")
            node = stored
            for part in parents:
                if not isinstance(node.get(part), dict):
                    node[part] = {}
                node = node[part]
            node[leaf] = value
        update_case_facts(session=session, case_id=case.id or 0,
                          expected_version=case.version, new_facts=parse_facts(stored),
                          actor=actor, reason="complete for filing (test)")
    for doc_type in documents:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / f"{doc_type}.txt"
            source.write_text(f"{doc_type} of {reference} (test)\n", encoding="utf-8")
            attach_document(session, actor=actor, data_dir=session_data_dir(session),
                            case_id=case.id or 0, source=source, doc_type=doc_type)
    session.flush()


def open_case_of(db: Database, track_id: int) -> None:
    """The track's case out of draft, as the wizard's Finish leaves it: the deadlines
    dashboard and the case list's deadlines leave a draft's tracks out."""
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        case = s.get(Case, track.case_id)
        assert case is not None
        case.status = "open"
        s.add(case)


def set_screened_outcome(db: Database, regime: str, outcome: str,
                         case_id: int | None = None) -> None:
    """As if the current screening (of `case_id`, or the only case) had found `outcome`
    for `regime`: the stored result changed in place, its tracks left as they are."""
    with db.session() as session:
        query = select(Screening).where(Screening.current == True)  # noqa: E712
        if case_id is not None:
            query = query.where(Screening.case_id == case_id)
        stored = session.exec(query).one()
        result = json.loads(stored.result)
        for det in result["determinations"]:
            if det["regime"] == regime:
                det["outcome"] = outcome
        stored.result = json.dumps(result)
        session.add(stored)
