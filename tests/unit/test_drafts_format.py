"""The draft's stored form: the wizard's state beside the facts (cases.draft_state), never
in them; drafts saved by the previous version (no state, every unticked list `[]`) open."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.domain.facts import STATED_LISTS
from approvals.services.drafts import finish_draft, load_draft, save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Event
from tests.conftest import EXAMPLES_DIR

HELD = {"deal.lp_commitment_usd": "2,000,000", "target.ai.us_models_used": ["GPT-4o"],
        "deal.technology_transfer.prohibited_catalogue_items": []}


def example() -> dict:
    return json.loads((EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8"))


def raw(db: Database, reference: str) -> tuple[str, str | None]:
    """The row's facts JSON and draft state JSON as stored."""
    with db.read_session() as s:
        row = s.exec(select(Case.facts, Case.draft_state).where(Case.reference == reference)
                     ).one()
    return row[0], row[1]


def set_raw(db: Database, reference: str, facts: str, state: str | None = None) -> None:
    """The row as the previous version left it (no state) or as damaged by hand."""
    with db.session() as s:
        row = s.exec(select(Case).where(Case.reference == reference)).one()
        row.facts, row.draft_state = facts, state
        s.add(row)


def test_held_values_are_kept_beside_the_facts_and_come_back(db: Database, admin: Actor) -> None:
    data = {"target": {"name_en": "X", "activities": [], "security_sectors": []}}
    with db.session() as s:
        saved = save_draft(s, actor=admin, data=data, held=HELD)
    assert saved.data == data and saved.held == HELD
    facts, state = raw(db, saved.reference)
    assert json.loads(facts) == data  # the facts column holds the facts only
    assert state is not None and json.loads(state) == {"format": 2, "held": HELD}
    with db.read_session() as s:
        info = load_draft(s, actor=admin, reference=saved.reference)
    # A draft of this version keeps its empty lists: they were the officer's answer.
    assert info.data == data and info.held == HELD
    assert info.format == 2 and info.lists_reset == ()
    # A later save without held values drops them.
    with db.session() as s:
        again = save_draft(s, actor=admin, data=data, reference=saved.reference,
                           expected_version=info.version)
    assert again.held == {}


def test_finishing_a_draft_never_puts_its_held_values_into_the_case(
    db: Database, admin: Actor
) -> None:
    data = example()
    with db.session() as s:
        ref = save_draft(s, actor=admin, data=data, held=HELD).reference
    with db.session() as s:
        finish_draft(s, actor=admin, reference=ref)  # from the stored draft itself
    facts, state = raw(db, ref)
    assert state is None and "GPT-4o" not in facts and "2,000,000" not in facts
    with db.read_session() as s:
        created = s.exec(select(Event.new_value).where(Event.action == "case.created")).one()
    assert created and "GPT-4o" not in created and "held" not in created


def test_a_draft_of_the_previous_version_opens_with_its_empty_lists_not_stated(
    db: Database, admin: Actor
) -> None:
    previous = {
        "schema_version": 1,
        "target": {"name_en": "Old", "activities": ["cloud_idc"], "security_sectors": [],
                   "ai": {"end_uses": [], "us_models_used": [], "develops_ai_system": False}},
        "investor": {"name": "Y", "turnover_cny": {"china": "6,5"}},
        "deal": {"instrument": "equity",
                 "technology_transfer": {"transfers": None, "restricted_catalogue_items": [],
                                         "prohibited_catalogue_items": ["B"]}},
    }
    with db.session() as s:
        ref = save_draft(s, actor=admin, data={}).reference
    set_raw(db, ref, json.dumps(previous, sort_keys=True))
    with db.read_session() as s:
        info = load_draft(s, actor=admin, reference=ref)
    assert info.format == 1 and info.held == {}
    assert set(info.lists_reset) == {"target.security_sectors", "target.ai.end_uses",
                                     "target.ai.us_models_used",
                                     "deal.technology_transfer.restricted_catalogue_items"}
    expected = json.loads(json.dumps(previous))
    del expected["target"]["security_sectors"]
    del expected["target"]["ai"]["end_uses"]
    del expected["target"]["ai"]["us_models_used"]
    del expected["deal"]["technology_transfer"]["restricted_catalogue_items"]
    assert info.data == expected  # everything else exactly as stored, typos included


@pytest.mark.parametrize("stored", ["null", "[]", '"text"', '{"target": "x", "deal": []}'])
def test_a_previous_draft_of_odd_shape_still_opens(
    db: Database, admin: Actor, stored: str
) -> None:
    with db.session() as s:
        ref = save_draft(s, actor=admin, data={}).reference
    set_raw(db, ref, stored)
    with db.read_session() as s:
        info = load_draft(s, actor=admin, reference=ref)
    assert info.format == 1 and info.lists_reset == ()
    assert isinstance(info.data, dict)


def test_a_damaged_draft_is_named_not_a_traceback(db: Database, admin: Actor) -> None:
    with db.session() as s:
        ref = save_draft(s, actor=admin, data={}).reference
    set_raw(db, ref, '{"target": ')
    with db.read_session() as s, pytest.raises(InputError, match=f"{ref} is damaged"):
        load_draft(s, actor=admin, reference=ref)
    # A damaged state loses only the held values: the facts open as saved.
    set_raw(db, ref, '{"target": {"activities": []}}', '{"held": ')
    with db.read_session() as s:
        info = load_draft(s, actor=admin, reference=ref)
    assert info.data == {"target": {"activities": []}} and info.held == {}


def test_held_values_must_be_an_object(db: Database, admin: Actor) -> None:
    with db.session() as s, pytest.raises(InputError, match="held"):
        save_draft(s, actor=admin, data={}, held=["not", "a", "dict"])  # type: ignore[arg-type]


def test_the_stated_lists_are_the_schemas_arrays() -> None:
    """Every array of the facts schema is one of the lists whose `[]` means none."""
    from approvals.domain.facts import facts_schema

    def arrays(node: dict, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
        out: set[tuple[str, ...]] = set()
        for name, sub in node.get("properties", {}).items():
            path = (*prefix, name)
            if sub.get("type") == "array":
                out.add(path)
            out |= arrays(sub, path)
        return out

    assert arrays(facts_schema()) == set(STATED_LISTS)
