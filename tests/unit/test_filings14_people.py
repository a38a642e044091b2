"""Filings name people, not logins (content format 8): the status report's audit timeline,
track histories, conditions and changes since approval, and every kind's screening note and
self-approval say "Li Wei (li.wei)" where the user list holds a full name, and the login
alone where it holds none (`cli:root`, a user without one), as the app's windows do
(services.audit_view.person_named). The events keep the logins."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import select

from approvals.domain.approval_changes import ChangedAfterApproval, FactChange
from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.data import Condition, FilingData, Transition
from approvals.services.documents import set_restriction
from approvals.services.filing_check import check_filing
from approvals.services.filings import load_filing_data, render_filing
from approvals.services.users import create_user
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.store.models import Document
from tests.unit.test_filing_content_version import NOW, synthetic_case

CASE = "AP-2026-0009"  # the demo's US-OISP track, taken by li.wei and sarah.chen to filed
PEOPLE = {"li.wei": "Li Wei (li.wei)", "bob": "Bob Okafor (bob)"}


def _name_the_demo_users(db: Database, admin: Actor) -> None:
    with db.session() as s:
        for login, name, roles in (
            ("li.wei", "Li Wei", ["preparer"]),
            ("sarah.chen", "Sarah Chen", ["approver", "reviewer"]),
        ):
            create_user(
                s,
                actor=admin,
                username=login,
                password="correct horse battery",
                roles=roles,
                display_name=name,
            )


def _tables(document: c.FilingDocument, first_header: str) -> list[c.Table]:
    return [b for b in document.blocks if isinstance(b, c.Table) and b.headers[0] == first_header]


def _texts(document: c.FilingDocument) -> str:
    """Every word the content holds, one string (paragraphs and table cells)."""
    parts: list[str] = []
    for b in document.blocks:
        if isinstance(b, c.Para):
            parts += [b.en, b.zh or ""]
        elif isinstance(b, c.Table):
            parts += [cell for row in b.rows for cell in row]
    return "\n".join(parts)


def _status_report(db: Database, reference: str = CASE) -> c.FilingDocument:
    with db.read_session() as s:
        data = load_filing_data(s, reference)
    return compose(data, "status-report", final=False, now=NOW)[0]


def test_the_status_report_names_who_acted(demo: Database, admin: Actor, fast_hash: None) -> None:
    _name_the_demo_users(demo, admin)
    document = _status_report(demo)
    who = {row[2] for table in _tables(document, "#") for row in table.rows}
    assert "Li Wei (li.wei) [preparer]" in who
    assert "Sarah Chen (sarah.chen) [approver]" in who
    assert not any(cell.startswith(("li.wei", "sarah.chen")) for cell in who)
    # The track's history: who took each step, then when it was recorded.
    by = [row[2].split("\n")[0] for table in _tables(document, "Effective") for row in table.rows]
    assert "Li Wei (li.wei) [preparer]" in by and "Sarah Chen (sarah.chen) [approver]" in by


def test_a_login_without_a_name_prints_as_the_login(demo: Database) -> None:
    # No user list entry for the demo's actors: the login alone, as the windows show it.
    document = _status_report(demo)
    who = {row[2] for table in _tables(document, "#") for row in table.rows}
    assert "li.wei [preparer]" in who and not any("(li.wei)" in cell for cell in who)


def test_whom_a_document_is_restricted_to_is_named_in_the_timeline(
    demo: Database, admin: Actor, fast_hash: None
) -> None:
    _name_the_demo_users(demo, admin)
    with demo.session() as s:
        create_user(
            s, actor=admin, username="carol", password="correct horse battery", roles=["preparer"]
        )  # no full name: her login
        case = case_by_reference(s, CASE)
        document = s.exec(
            select(Document).where(Document.case_id == case.id, Document.is_rendering == False)  # noqa: E712
        ).first()
        assert document is not None and document.id is not None
        set_restriction(
            s,
            actor=Actor("li.wei", ("preparer",)),
            document_id=document.id,
            restricted=True,
            allowed_users=["li.wei", "carol"],
        )
    details = [row[4] for table in _tables(_status_report(demo), "#") for row in table.rows]
    assert any("restricted to Li Wei (li.wei) and carol" in d for d in details), details


def test_every_kind_names_who_screened_and_who_approved_their_own_work() -> None:
    data = synthetic_case()
    assert data.screening is not None
    screening = replace(data.screening, created_by="bob")
    track = data.tracks[0]  # US-OISP
    approved_self = replace(track.history[0], actor="li.wei", self_approval=True)
    tracks = (
        replace(track, history=(approved_self,)),
        replace(
            data.tracks[1],
            history=(replace(data.tracks[1].history[0], actor="li.wei", self_approval=True),),
        ),
    )
    data = replace(data, screening=screening, tracks=tracks, people=PEOPLE)
    for kind in ("cn-application", "us-notification", "status-report"):
        text = _texts(compose(data, kind, final=False, now=NOW)[0])
        assert "UTC by Bob Okafor (bob))." in text, kind
        assert "UTC Li Wei (li.wei) approved their own work" in text, kind
        if kind == "cn-application":  # the Chinese lines name them the same way
            assert "由 Bob Okafor (bob) 于" in text
            assert "（UTC），Li Wei (li.wei) 批准了本人" in text


def test_conditions_and_changes_since_approval_name_who() -> None:
    data = synthetic_case()
    track = data.tracks[1]  # CN-FISR
    condition = Condition(
        id=2,
        text="Keep design data in China.",
        due_date="2027-06-30",
        status="waived",
        set_by="bob",
        set_role="approver",
        set_at="2026-11-21T10:00:00Z",
        reason="NDRC letter lifts it",
    )
    changed = ChangedAfterApproval(
        track_id=track.id,
        approved_by="bob",
        approved_at="2026-11-20T10:00:00Z",
        approved_on=None,
        changes=(FactChange("deal.stake_after_pct", "li.wei", "2026-11-22T10:00:00Z"),),
    )
    data = replace(
        data,
        people=PEOPLE,
        tracks=(
            data.tracks[0],
            replace(track, conditions=(condition,), changed_after_approval=changed),
        ),
    )
    text = _texts(compose(data, "status-report", final=False, now=NOW)[0])
    # Who set the condition's status, and when, on lines of their own.
    assert "by Bob Okafor (bob) [approver]\nat 2026-11-21 10:00:00 UTC" in text
    assert "deal.stake_after_pct (last by Li Wei (li.wei) at 2026-11-22 10:00:00 UTC)" in text
    # The warning above it names them too, its days YYYY-MM-DD as the report's every date.
    assert "approved for filing on 2026-11-20 by Bob Okafor (bob):" in text
    assert "— changed by Li Wei (li.wei) on 2026-11-22." in text


def test_a_step_by_someone_unnamed_keeps_their_login() -> None:
    data: FilingData = synthetic_case()
    step = Transition(
        occurred_at="2026-11-21T10:00:00Z",
        actor="cli:root",
        role="admin",
        from_state="approved_for_filing",
        to_state="filed",
        transition="file",
        reason="",
        self_approval=False,
    )
    track = replace(data.tracks[1], history=(*data.tracks[1].history, step))
    data = replace(data, people=PEOPLE, tracks=(data.tracks[0], track))
    document = compose(data, "status-report", final=False, now=NOW)[0]
    by = [row[2].split("\n")[0] for table in _tables(document, "Effective") for row in table.rows]
    assert "cli:root [admin]" in by and "Li Wei (li.wei) [approver]" in by


def test_a_final_printed_with_logins_still_verifies_once_people_are_named(
    demo: Database, admin: Actor, fast_hash: None
) -> None:
    # The final stored before the users had names (as content format 7 worded it, logins)
    # is still the record: the check finds its bytes stored with the case.
    with demo.session() as s:
        pdf = render_filing(
            session=s, reference=CASE, kind="status-report", actor=admin, final=True
        ).pdf
    assert b"Li Wei (li.wei)" not in pdf
    _name_the_demo_users(demo, admin)
    with demo.read_session() as s:
        result = check_filing(s, actor=admin, source=pdf)
    assert result.verdict == "identical" and result.matches and result.passed
