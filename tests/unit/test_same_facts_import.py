"""A facts file imported twice: cases_with_same_facts finds the case that already holds those
facts (by value, drafts included, discarded drafts and other deals not)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.services.case_lifecycle import discard_draft
from approvals.services.cases import SameFacts, cases_with_same_facts, import_case
from approvals.services.drafts import save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case
from tests.conftest import EXAMPLES_DIR


def _facts(name: str = "frontier-lab.json") -> dict[str, Any]:
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def test_the_case_holding_the_same_facts_is_found_and_another_deal_is_not(
        db: Database, admin: Actor) -> None:
    with db.session() as s:
        first = import_case(s, data=_facts(), actor=admin).reference
        import_case(s, data=_facts("consumer-app.json"), actor=admin)
        assert cases_with_same_facts(s, parse_facts(_facts())) == [SameFacts(first, "open")]
        changed = _facts()
        changed["deal"]["amount"]["value"] += 1  # same parties, another deal
        assert cases_with_same_facts(s, parse_facts(changed)) == []


def test_facts_compare_as_values_not_as_the_stored_text(db: Database, admin: Actor) -> None:
    with db.session() as s:
        first = import_case(s, data=_facts(), actor=admin).reference
        case = s.exec(select(Case).where(Case.reference == first)).one()
        # As an older version might have written them: other key order and spacing.
        case.facts = json.dumps(json.loads(case.facts), indent=2, sort_keys=False)
        s.add(case)
        s.flush()
        assert [c.reference for c in cases_with_same_facts(s, parse_facts(_facts()))] == [first]


def test_a_draft_counts_and_a_discarded_one_does_not(db: Database, admin: Actor) -> None:
    with db.session() as s:
        draft = save_draft(s, reference=None, data=_facts(), actor=admin).reference
        found = cases_with_same_facts(s, parse_facts(_facts()))
        assert found == [SameFacts(draft, "draft")]
        assert found[0].words == f"{draft} (intake not finished)"
        discard_draft(session=s, reference=draft, actor=admin, reason="typed twice")
        assert cases_with_same_facts(s, parse_facts(_facts())) == []


def test_the_check_writes_nothing(db: Database, admin: Actor) -> None:
    with db.session() as s:
        import_case(s, data=_facts(), actor=admin)

    def dump() -> list[str]:
        with sqlite3.connect(db.data_dir.database) as reader:  # the WAL's pages too
            return list(reader.iterdump())

    before = dump()
    with db.session() as s:
        assert cases_with_same_facts(s, parse_facts(_facts()))
    assert dump() == before
