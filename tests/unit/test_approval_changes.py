"""Facts edited after a track was approved for filing: listed (which paths, by whom, when)
until the track is approved again or filed; nothing before the approval."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pypdf
import pytest

from approvals.domain import workflow as wf
from approvals.domain.approval_changes import awaiting_filing_states, describe
from approvals.domain.facts import parse_facts
from approvals.services.approval_changes import (
    case_changes_after_approval,
    track_changes_after_approval,
)
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.filings import render_filing
from approvals.services.workflow import track_view, transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack
from tests.workflow_support import complete_for_filing, edit_deal

PREP = Actor("pat", ("preparer",))
EDITOR = Actor("paula", ("preparer",))
APPR = Actor("adam", ("approver",))
TODAY = date(2026, 11, 2)


def _case(db: Database, kind: str = "CN-FISR") -> tuple[int, int]:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=PREP, status="draft",
                           today=TODAY)
        regime = {"CN-DATA-EXPORT-CONTRACT": "CN-DATA-EXPORT",
                  "CN-TECH-EXPORT-REGISTRATION": "CN-TECH-EXPORT"}.get(kind, kind)
        track = FilingTrack(case_id=case.id, regime=regime, kind=kind,
                            outcome="approval_required")
        s.add(track)
        s.flush()
        complete_for_filing(s, case.reference, PREP)
        assert track.id is not None
        return case.id, track.id


def _step(db: Database, track_id: int, name: str, actor: Actor, **params: Any) -> None:
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        transition(session=s, track_id=track_id, transition_name=name, actor=actor,
                   expected_version=track.version, today=TODAY,
                   reason="needs changes" if name == "return_to_preparer" else "", **params)


def _approve(db: Database, track_id: int) -> None:
    _step(db, track_id, "submit_for_review", PREP)
    _step(db, track_id, "approve_for_filing", APPR, on="2026-11-03")


def _edit(db: Database, case_id: int, **deal: Any) -> None:
    edit_deal(db, case_id, EDITOR, "correction", **deal)


def _changes(db: Database, track_id: int) -> Any:
    with db.read_session() as s:
        return track_changes_after_approval(session=s, track_id=track_id)


def test_every_kind_awaits_filing_in_approved_for_filing_only() -> None:
    # Read from the tables: the one state between the sign-off and the filing.
    for kind in wf.TRACK_KINDS:
        assert awaiting_filing_states(kind) == {"approved_for_filing"}, kind


def test_an_edit_after_approval_is_listed_with_who_and_when(db: Database) -> None:
    case_id, track_id = _case(db)
    _approve(db, track_id)
    assert _changes(db, track_id) is None  # approved, nothing edited since
    _edit(db, case_id, amount={"value": 175000000, "currency": "USD"})
    _edit(db, case_id, stake_after_pct=9.5)
    changed = _changes(db, track_id)
    assert changed is not None
    assert [c.path for c in changed.changes] == ["deal.amount.value", "deal.stake_after_pct"]
    assert {c.actor for c in changed.changes} == {"paula"}
    assert changed.approved_by == "adam" and changed.approved_on == "2026-11-03"
    assert all(c.at >= changed.approved_at for c in changed.changes)
    text = describe(changed)
    assert text.startswith("The facts changed after this track was approved for filing on "
                           "3 Nov 2026 by adam: deal.amount.value, deal.stake_after_pct — "
                           "changed by paula on ")
    assert text.endswith("Consider returning it for a new internal review.")
    with db.read_session() as s:
        assert track_view(session=s, track_id=track_id, today=TODAY).changed_after_approval \
            == changed
        assert case_changes_after_approval(session=s, case_id=case_id) == {track_id: changed}


def test_particulars_documents_and_screening_after_approval_are_listed(
        db: Database, data_dir: Any, tmp_path: Any) -> None:
    """What the approval covered besides the facts: the final printed "Approved" beside
    particulars the approver never saw, and nothing said so."""
    from approvals.domain.document_types import signed_copy_type
    from approvals.services.documents import attach_document
    from approvals.services.filings import set_filing_particulars

    case_id, track_id = _case(db)
    with db.session() as s:
        other = FilingTrack(case_id=case_id, regime="US-OISP", kind="US-OISP",
                            outcome="notification_required")
        s.add(other)
        s.flush()
        other_id = other.id
    _approve(db, track_id)
    source = tmp_path / "memo.pdf"
    source.write_bytes(b"%PDF-1.4 memo")
    with db.session() as s:  # another track's own document is not this filing's
        attach_document(s, actor=EDITOR, data_dir=data_dir, case_id=case_id, source=source,
                        track_id=other_id)
        # Nor the signed scan of the approved final, the step between approval and filing.
        attach_document(s, actor=EDITOR, data_dir=data_dir, case_id=case_id, source=source,
                        track_id=track_id, doc_type=signed_copy_type("cn-application"),
                        file_name="signed.pdf")
    assert _changes(db, track_id) is None
    with db.session() as s:
        reference = s.get(Case, case_id).reference  # type: ignore[union-attr]
        set_filing_particulars(session=s, actor=EDITOR, reference=reference,
                               values={"applicant": {"legal_representative": "张三"}})
        attach_document(s, actor=EDITOR, data_dir=data_dir, case_id=case_id, source=source,
                        file_name="memo 2.pdf")
    changed = _changes(db, track_id)
    assert changed is not None
    assert [c.path for c in changed.changes] == ["case.particulars_changed",
                                                 "document.attached"]
    assert describe(changed).startswith(
        "The case changed after this track was approved for filing on 3 Nov 2026 by adam: "
        "the case's filing particulars, a document attached — changed by paula on ")


def test_an_edit_before_approval_is_not_listed(db: Database) -> None:
    case_id, track_id = _case(db)
    _edit(db, case_id, stake_after_pct=9.5)
    assert _changes(db, track_id) is None  # draft: nothing approved yet
    _step(db, track_id, "submit_for_review", PREP)
    _edit(db, case_id, board_seats=2)
    assert _changes(db, track_id) is None  # internal review: the approver sees these facts
    _step(db, track_id, "approve_for_filing", APPR)
    assert _changes(db, track_id) is None


def test_re_approval_clears_the_warning(db: Database) -> None:
    case_id, track_id = _case(db)
    _approve(db, track_id)
    _edit(db, case_id, stake_after_pct=9.5)
    _step(db, track_id, "return_to_preparer", APPR)
    assert _changes(db, track_id) is None  # returned: no approval stands
    _approve(db, track_id)
    assert _changes(db, track_id) is None
    _edit(db, case_id, board_seats=2)  # after the new approval: listed again, alone
    changed = _changes(db, track_id)
    assert changed is not None and [c.path for c in changed.changes] == ["deal.board_seats"]


def test_filing_clears_the_warning(db: Database) -> None:
    case_id, track_id = _case(db)
    _approve(db, track_id)
    _edit(db, case_id, stake_after_pct=9.5)
    assert _changes(db, track_id) is not None
    _step(db, track_id, "file", PREP, filing_reference="R-1")
    assert _changes(db, track_id) is None


@pytest.mark.parametrize("kind", ["US-OISP"])
def test_recording_completion_is_not_a_new_approval(db: Database, kind: str) -> None:
    # US-OISP's completion date is recorded in approved_for_filing and stays there.
    case_id, track_id = _case(db, kind)
    _approve(db, track_id)
    _edit(db, case_id, stake_after_pct=9.5)
    _step(db, track_id, "record_completion", PREP, completion_date="2026-11-01")
    changed = _changes(db, track_id)
    assert changed is not None and [c.path for c in changed.changes] == ["deal.stake_after_pct"]


def _status_report_text(db: Database, case_id: int) -> str:
    with db.read_session() as s:
        reference = s.get(Case, case_id).reference  # type: ignore[union-attr]
        rendered = render_filing(session=s, reference=reference, kind="status-report",
                                 actor=Actor("alice", ("preparer", "approver", "admin")))
    text = "".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(rendered.pdf)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_status_report_lists_the_changes_under_the_track(db: Database) -> None:
    case_id, track_id = _case(db)
    _approve(db, track_id)
    warning = "The facts changed after this track was approved for filing"
    assert warning not in _status_report_text(db, case_id)
    _edit(db, case_id, stake_after_pct=9.5)
    text = _status_report_text(db, case_id)
    # Under the track's history, before the documents: said where the track is shown.
    history = text.index("History of the CN-FISR track")
    at = text.index(warning)
    assert history < at < text.index("Documents", at)
    # The warning names the field; the line beneath gives its path, as the timeline does.
    # Its days YYYY-MM-DD, as every date of the report (content format 8).
    assert "approved for filing on 2026-11-03 by adam: Stake after the deal (%) (Deal) — " \
        "changed by paula on " in text
    assert "Changed since the approval: deal.stake_after_pct (last by paula at " in text
    _step(db, track_id, "file", PREP, filing_reference="R-1")
    assert warning not in _status_report_text(db, case_id)
