"""A draft keeps the wizard page it was saved on beside its held values."""

from __future__ import annotations

from approvals.services.drafts import load_draft, save_draft
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.store.models import Case


def test_the_page_is_kept_and_a_move_alone_is_a_save(db: Database, admin: Actor) -> None:
    data = {"target": {"name_en": "Lingxi AI"}}
    with db.session() as s:
        first = save_draft(s, actor=admin, data=data, page="targetPage")
    with db.session() as s:
        moved = save_draft(s, actor=admin, data=data, reference=first.reference,
                           page="transferPage")
    assert moved.version == first.version + 1
    with db.read_session() as s:
        info = load_draft(s, actor=admin, reference=first.reference)
    assert info.page == "transferPage"
    assert info.data == data  # the page is state, never part of the facts


def test_a_draft_without_a_page_opens_without_one(db: Database, admin: Actor) -> None:
    with db.session() as s:
        info = save_draft(s, actor=admin, data={})
        case: Case = case_by_reference(s, info.reference)
        case.draft_state = '{"format": 2, "held": {}, "page": 7}'  # damaged
        s.add(case)
    with db.read_session() as s:
        assert load_draft(s, actor=admin, reference=info.reference).page == ""
    assert info.page == ""
