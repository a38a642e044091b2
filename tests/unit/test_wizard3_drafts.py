"""A draft saved again with nothing changed is not written: its version and time stay."""

from __future__ import annotations

from approvals.services.drafts import load_draft, save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database


def test_saving_the_same_facts_and_held_values_again_changes_nothing(
    db: Database, admin: Actor
) -> None:
    data = {"target": {"name_en": "Zhiyuan AI"}}
    held = {"deal.lp_commitment": 5}
    with db.session() as s:
        first = save_draft(s, actor=admin, data=data, held=held)
    with db.session() as s:
        again = save_draft(s, actor=admin, data=dict(data), reference=first.reference,
                           expected_version=first.version, held=dict(held))
    assert (again.version, again.updated_at) == (first.version, first.updated_at)
    with db.session() as s:  # a real change still saves, from the version it had
        changed = save_draft(s, actor=admin, data=data, reference=first.reference,
                             expected_version=first.version, held={})
    assert changed.version == first.version + 1
    with db.read_session() as s:
        assert load_draft(s, actor=admin, reference=first.reference).held == {}
