"""The audit trail's actors in words: each event records a login; the audit window shows
the user's current full name beside it ("Zhuang Qiaoyun (zq)"), read once a page (never
once an event), and finds the events by that name too. cli:…, system and logins no longer
listed stay as they are."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from approvals.services import audit_view
from approvals.services.audit_view import AuditFilter, audit_count, audit_page, person_text
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.models import User

ADMIN = Actor("alice", ("admin",))
NAME = "Zhuang Qiaoyun"


def _trail(db: Database) -> None:
    with db.session() as s:
        s.add(User(username="zq", display_name=NAME))
        s.add(User(username="same", display_name="same"))  # a name that says the login
        s.add(User(username="alice", display_name="", roles='["admin"]'))
        for n in range(3):
            append_event(s, actor=Actor("zq", ("approver",)), action="user.sign_in",
                         entity="user", entity_id="zq", reason=f"morning {n}")
        append_event(s, actor=Actor("cli:root"), action="user.sign_in", entity="user",
                     entity_id="x")
        append_event(s, actor=Actor("system"), action="user.sign_in", entity="user",
                     entity_id="y")
        append_event(s, actor=Actor("same"), action="user.sign_in", entity="user",
                     entity_id="z")
        append_event(s, actor=Actor("gone"), action="user.sign_in", entity="user",
                     entity_id="w")


def test_person_text() -> None:
    assert person_text("li.wei", "Li Wei") == "Li Wei (li.wei)"
    assert person_text("li.wei") == "li.wei"
    assert person_text("same", "same") == "same"


def test_entries_carry_the_current_full_name(db: Database) -> None:
    _trail(db)
    with db.read_session() as s:
        entries = audit_page(s, actor=ADMIN).entries
    people = {e.actor: e.person for e in entries}
    assert people["zq"] == f"{NAME} (zq)"
    for login in ("cli:root", "system", "same", "gone"):
        assert people[login] == login
    assert all(e.actor_name == "" for e in entries if e.actor != "zq")


def test_names_are_read_once_a_page(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _trail(db)
    calls: list[int] = []
    read = audit_view.user_names

    def counted(session: Session) -> dict[str, str]:
        calls.append(1)
        return read(session)

    monkeypatch.setattr(audit_view, "user_names", counted)
    with db.read_session() as s:
        page = audit_page(s, actor=ADMIN, where=AuditFilter(text="morning"))
    assert len(page.entries) == 3 and len(calls) == 1


@pytest.mark.parametrize("typed", ["qiaoyun", "ZHUANG", "zhuang qiaoyun", "Zhuang morning"])
def test_the_text_filter_finds_a_person_by_name(db: Database, typed: str) -> None:
    _trail(db)
    with db.read_session() as s:
        where = AuditFilter(text=typed)
        entries = audit_page(s, actor=ADMIN, where=where).entries
        assert {e.actor for e in entries} == {"zq"} and len(entries) == 3
        assert audit_count(s, actor=ADMIN, where=where) == 3
        # The export's rows are the same events.
        ids = list(audit_view.matching_event_ids(s, where, everything=True))
        assert sorted(ids) == sorted(e.id for e in entries)


@pytest.mark.parametrize("typed", ["zq", "ZQ", NAME, NAME.lower()])
def test_the_user_filter_takes_a_login_or_a_full_name(db: Database, typed: str) -> None:
    _trail(db)
    with db.read_session() as s:
        where = AuditFilter(user=typed)
        entries = audit_page(s, actor=ADMIN, where=where).entries
        assert {e.actor for e in entries} == {"zq"} and len(entries) == 3
        assert audit_count(s, actor=ADMIN, where=where) == 3


def test_a_part_of_a_name_in_the_user_filter_finds_nobody(db: Database) -> None:
    """The User filter is one person: "Zhuang" (part of a name) is not a login."""
    _trail(db)
    with db.read_session() as s:
        assert audit_count(s, actor=ADMIN, where=AuditFilter(user="Zhuang")) == 0
