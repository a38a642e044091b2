"""The same deal entered again with a change (a name corrected, an amount rounded) is not
"the same facts", but an open case of the same target company (its USCC) and investor
(its LEI, else its name): the wizard and File → Import case facts… ask before making a
second case, and `approvals case import` makes it and says so on stderr."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.services.case_lifecycle import CLOSED
from approvals.services.cases import (
    SAME_PARTIES,
    SameFacts,
    cases_of_the_same_deal,
    cases_with_same_facts,
    create_case,
)
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case
from tests.cli.helpers import run_many


def deal(demo: str = "DEMO-02", **changes: Any) -> dict[str, Any]:
    """A demo deal's facts, with `changes` as {"target.name_en": …} paths."""
    facts = copy.deepcopy(next(f for f in demo_facts() if f["reference"] == demo))
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = facts
        for part in parents:
            node = node[part]
        node[last] = value
    return facts


def _create(db: Database, actor: Actor, facts: dict[str, Any]) -> str:
    with db.session() as s:
        return create_case(s, facts=parse_facts(facts), actor=actor).reference


def _same(db: Database, facts: dict[str, Any]) -> list[SameFacts]:
    with db.read_session() as s:
        return cases_of_the_same_deal(s, parse_facts(facts))


def test_the_same_target_and_investor_under_another_name_is_the_same_deal(
        db: Database, admin: Actor) -> None:
    first = _create(db, admin, deal())
    renamed = deal(**{"target.name_en": "Journey Test Robotics Co., Ltd."})
    assert _same(db, renamed) == [SameFacts(first, "open", whole=False)]
    # The exact facts are still said as such, and before the parties.
    assert _same(db, deal()) == [SameFacts(first, "open")]
    with db.read_session() as s:
        assert cases_with_same_facts(s, parse_facts(renamed)) == []


def test_another_investor_or_target_or_an_ended_case_is_not(db: Database, admin: Actor) -> None:
    first = _create(db, admin, deal())
    # Another investor in the same company (a co-investor of the round): its own deal.
    assert _same(db, deal(**{"investor.name": "Other Fund LP", "investor.lei": None})) == []
    assert _same(db, deal(**{"investor.lei": "5493001KJTIIGC8Y1R12"})) == []  # another LEI
    # The same investor named a little differently, matched by its LEI.
    assert _same(db, deal(**{"investor.name": "ALLEGHENY STRATEGIC HOLDINGS I"})) != []
    # A target without a USCC is matched by nothing but its exact facts.
    assert _same(db, deal("DEMO-09", **{"target.name_en": "Changed"})) == []
    with db.session() as s:
        case = s.exec(select(Case).where(Case.reference == first)).one()
        case.status = CLOSED  # a closed case: a later round is a deal of its own
        s.add(case)
    assert _same(db, deal(**{"target.name_en": "Renamed"})) == []


def test_case_import_of_the_same_deal_makes_the_case_and_warns(tmp_path: Path) -> None:
    files = {}
    for name, facts in (("first", deal()), ("renamed", deal(**{"target.name_en": "Renamed Co."}))):
        files[name] = tmp_path / f"{name}.json"
        files[name].write_text(json.dumps(facts), encoding="utf-8")
    data = tmp_path / "data"
    first, second = run_many(("case", "import", files["first"], "--data-dir", data),
                             ("case", "import", files["renamed"], "--data-dir", data))
    assert (first.code, first.stderr) == (0, "") and second.code == 0
    made, again = first.stdout.strip(), second.stdout.strip()
    assert again != made
    assert second.stderr.splitlines() == [
        f"warning: the same target company (by its USCC) and investor are already in {made} (open); {again} is another case "
        "of them (if that was not meant, close it in the app: Case → Close case…)"]
    assert SAME_PARTIES.startswith("The same target company")
