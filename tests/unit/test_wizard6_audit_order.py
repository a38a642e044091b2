"""services.audit_view.audit_page oldest first: the trail in the order it happened, a page
at a time (`above` continues after the last event listed), with the same filter."""

from __future__ import annotations

from approvals.services.audit_view import AuditFilter, audit_page
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database


def test_pages_oldest_first(db: Database, admin: Actor) -> None:
    with db.session() as s:
        for n in range(7):
            append_event(s, actor=Actor("li.wei"), action="user.sign_in_failed",
                         entity="user", entity_id="li.wei", reason=f"try {n}")
    with db.read_session() as s:
        newest = audit_page(s, actor=admin, limit=3)
        first = audit_page(s, actor=admin, limit=3, oldest_first=True)
        second = audit_page(s, actor=admin, limit=3, oldest_first=True,
                            above=first.entries[-1].id)
        tried = audit_page(s, actor=admin, limit=50, oldest_first=True,
                           where=AuditFilter(text="try"))
    ids = [e.id for e in first.entries + second.entries]
    assert ids == sorted(ids) and len(set(ids)) == 6 and first.more
    assert newest.entries[0].id > newest.entries[-1].id  # newest first, as before
    assert [e.reason for e in tried.entries] == [f"try {n}" for n in range(7)]
    assert not tried.more
