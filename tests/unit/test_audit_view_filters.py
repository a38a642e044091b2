"""services.audit_view: the whole trail a page at a time, filtered in SQL, with the
whole-trail export's permission rule; and the export writing exactly what it matches."""

from __future__ import annotations

import csv
from datetime import UTC, date, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from approvals.services.audit_view import (
    AuditFilter,
    audit_choices,
    audit_count,
    audit_page,
    day_range_utc,
)
from approvals.services.exports import export_audit_csv
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database

REVIEWER = Actor("rita", ("reviewer",))


@pytest.fixture
def trail(demo: Database, admin: Actor) -> Database:
    """The demo, plus an administrator's business (about no case): a failed sign-in and a
    user created, dated last week."""
    with demo.session() as s:
        append_event(s, actor=Actor("li.wei"), action="user.sign_in_failed", entity="user",
                     entity_id="li.wei", reason="wrong password")
        append_event(s, actor=admin, action="user.created", entity="user", entity_id="bob")
    with demo.session() as s:  # their time a week back (the hash chain is not checked here)
        s.connection().execute(text(
            "UPDATE events SET occurred_at = '2026-11-02T09:00:00Z' "
            "WHERE action IN ('user.sign_in_failed', 'user.created')"))
    return demo


def page(db: Database, actor: Actor, **where: object) -> list[str]:
    with db.read_session() as s:
        return [e.action for e in audit_page(s, actor=actor, where=AuditFilter(**where),
                                             limit=10_000).entries]


def test_a_reviewer_sees_no_sign_ins_or_user_events_an_administrator_does(
        trail: Database, admin: Actor) -> None:
    assert "user.sign_in_failed" in page(trail, admin)
    assert "user.created" in page(trail, admin)
    seen = page(trail, REVIEWER)
    assert seen and not [a for a in seen if a.startswith("user.")]
    with trail.read_session() as s:
        assert "user.sign_in_failed" not in audit_choices(s, actor=REVIEWER).actions
        assert "user.sign_in_failed" in audit_choices(s, actor=admin).actions


def test_pages_are_newest_first_and_counted(trail: Database, admin: Actor) -> None:
    with trail.read_session() as s:
        first = audit_page(s, actor=admin, limit=5)
        rest = audit_page(s, actor=admin, below=first.entries[-1].id, limit=10_000)
        everything = s.connection().execute(text("SELECT count(*) FROM events")).scalar_one()
        counted = audit_count(s, actor=admin)
    ids = [e.id for e in first.entries + rest.entries]
    assert ids == sorted(ids, reverse=True) and len(ids) == everything == counted
    assert first.more and not rest.more


def test_each_filter_narrows(trail: Database, admin: Actor) -> None:
    assert set(page(trail, admin, user="LI.WEI")) >= {"user.sign_in_failed", "track.transition"}
    with trail.read_session() as s:
        entries = audit_page(s, actor=admin, where=AuditFilter(user="sarah.chen"),
                             limit=10_000).entries
    assert entries and {e.actor for e in entries} == {"sarah.chen"}
    assert page(trail, admin, actions=("user.sign_in_failed",)) == ["user.sign_in_failed"]
    # Last week's events only; the demo's are today.
    start, end = day_range_utc(date(2026, 11, 2), date(2026, 11, 8), UTC)
    assert sorted(page(trail, admin, start=start, end=end)) == ["user.created",
                                                               "user.sign_in_failed"]
    with trail.read_session() as s:
        ap2 = audit_page(s, actor=admin, where=AuditFilter(case_reference="AP-2026-0002",
                                                           text="cn-fisr approved"),
                         limit=10_000).entries
    assert ap2 and {e.case_reference for e in ap2} == {"AP-2026-0002"}
    assert {e.regime for e in ap2} == {"CN-FISR"}
    assert any("→ Approved for filing" in e.sentence and e.actor == "sarah.chen" for e in ap2)
    # A word of an action's label ("Sign-in failed"), the reason, an event number.
    assert page(trail, admin, text="sign-in failed") == ["user.sign_in_failed"]
    assert page(trail, admin, text="wrong password") == ["user.sign_in_failed"]
    assert page(trail, admin, text="#1")[-1:] == [page(trail, admin)[-1]]
    # "#N" is event N; N alone is only a word (a case's "0002" is not event 2).
    with trail.session() as s:
        failed = audit_page(s, actor=admin, where=AuditFilter(actions=("user.sign_in_failed",)))
        number = failed.entries[0].id
        s.connection().execute(text("UPDATE events SET hash = :h WHERE id = :i"),
                               {"h": "f" * 64, "i": number})  # no digits to match by chance
    assert page(trail, admin, text=f"#{number}", actions=("user.sign_in_failed",))
    assert not page(trail, admin, text=str(number), actions=("user.sign_in_failed",))
    assert page(trail, admin, text="ffffffff", actions=("user.sign_in_failed",))  # updated
    assert page(trail, admin, text="no-such-word-anywhere") == []
    assert page(trail, admin, text="100%_") == []  # LIKE's wildcards are taken literally


def test_day_range_is_the_local_days_in_utc() -> None:
    plus8 = timezone(timedelta(hours=8))
    assert day_range_utc(date(2026, 11, 23), date(2026, 11, 29), plus8) == (
        "2026-11-22T16:00:00Z", "2026-11-29T16:00:00Z")
    assert day_range_utc(None, None) == (None, None)
    # The calendar's first and last days (9999-12-31 for "no end"): no bound, not an
    # "Unexpected error" box (OverflowError) or "year 0 is out of range".
    assert day_range_utc(date.min, date.max, plus8) == (None, None)
    assert day_range_utc(date.min, date.max) == (
        day_range_utc(date.min, None)[0], None)
    assert day_range_utc(date(2026, 11, 23), date.max, plus8) == ("2026-11-22T16:00:00Z", None)


def test_export_writes_exactly_the_filtered_rows(trail: Database, admin: Actor,
                                                 tmp_path: Path) -> None:
    where = AuditFilter(user="li.wei", case_reference="0002")
    with trail.read_session() as s:
        shown = [e.id for e in audit_page(s, actor=admin, where=where, limit=10_000).entries]
    out = tmp_path / "trail.csv"
    with trail.session() as s:
        result = export_audit_csv(s, actor=admin, out=out, where=where)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert result.rows == len(shown) == len(rows) > 0
    assert sorted(int(r[0]) for r in rows) == sorted(shown)
    with trail.read_session() as s:
        recorded = audit_page(s, actor=admin, where=AuditFilter(actions=("audit.exported",)),
                              limit=1).entries[0]
    assert recorded.actor == admin.username
    with trail.read_session() as s:
        details = s.connection().execute(text(
            "SELECT details FROM events WHERE id = :i"), {"i": recorded.id}).scalar_one()
    assert '"filter": {"case": "0002", "user": "li.wei"}' in details


def test_a_reviewers_export_leaves_out_what_they_may_not_see(trail: Database,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "trail.csv"
    with trail.session() as s:
        export_audit_csv(s, actor=REVIEWER, out=out, where=AuditFilter(user="li.wei"))
    text_ = out.read_text(encoding="utf-8-sig")
    assert "track.transition" in text_ and "user.sign_in_failed" not in text_
