"""A rulebook update's preview compares the open cases in one pass (services.screening.
compare_open_cases): each case's facts read once, only the regimes whose rules differ
screened, with progress and a clean cancel; what it lists is what screening every case
with both rulebooks in full and comparing the outcomes lists."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from approvals.domain.errors import Cancelled
from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import (
    Rulebook,
    default_rulebook,
    default_rulebook_dir,
    load_rulebook,
)
from approvals.domain.screening import regimes_that_may_differ, screen
from approvals.services.cases import create_case
from approvals.services.screening import compare_open_cases, screen_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.unit.test_screening import facts_with

DAY = date(2026, 12, 1)
LATER = date(2031, 6, 1)
VARIANTS: list[dict[str, Any]] = [
    {},
    {"target.ai.max_training_compute_ops": 3e22},
    {"target.ai.max_training_compute_ops": 3e24},
    {"target.security_sectors": ["key_technologies"], "deal.stake_after_pct": 40,
     "investor.us_person": False},
    {"target.security_sectors": ["key_technologies"], "deal.stake_after_pct": 60,
     "investor.us_person": False},
    {"target.ai.max_training_compute_ops": None},
]


def edited_book(tmp_path: Path) -> Rulebook:
    """The OISP notifiable compute threshold lowered to 10²², the FISR control stake to 30 %."""
    folder = tmp_path / "rules"
    shutil.copytree(default_rulebook_dir(), folder)
    for name, key, value in (("us-oisp.json", "ai_compute_more_than_ops", 1e22),
                             ("cn-fisr.json", "control_stake_pct_at_least", 30)):
        path = folder / name
        data = json.loads(path.read_text(encoding="utf-8"))
        for rule in data["rules"]:
            params = rule.get("parameters", {})
            if key in params and (name != "us-oisp.json" or params[key] == 1e23):
                params[key] = value
        path.write_text(json.dumps(data), encoding="utf-8")
    return load_rulebook(folder)


@pytest.fixture
def cases(db: Database, admin: Actor) -> list[tuple[int, str, Any]]:
    made = []
    with db.session() as s:
        for i, changes in enumerate(VARIANTS):
            facts = parse_facts(facts_with({**changes, "reference": f"R8-{i}"}))
            case = create_case(s, facts=facts, actor=admin, today=DAY)
            if i % 2:  # some screened with proposed measures included, some never screened
                screen_case(session=s, case_id=case.id, actor=admin, as_of=DAY,
                            include_proposed=True)
            made.append((case.id, case.reference, facts))
    return made


def _in_full(cases: list[tuple[int, str, Any]], include: dict[int, bool], day: date,
             old: Rulebook, new: Rulebook) -> list[tuple[str, str, str | None, str | None]]:
    found = []
    for case_id, reference, facts in sorted(cases, key=lambda c: c[1]):
        was = screen(facts, day, include[case_id], rulebook=old).outcomes()
        will = screen(facts, day, include[case_id], rulebook=new).outcomes()
        found += [(reference, regime, was.get(regime), will.get(regime))
                  for regime in sorted(was.keys() | will.keys()) if was.get(regime) != will.get(regime)]
    return found


def test_the_comparison_lists_what_screening_in_full_lists(db: Database, cases: Any,
                                                           tmp_path: Path) -> None:
    old, new = default_rulebook(), edited_book(tmp_path)
    include = {case_id: bool(i % 2) for i, (case_id, _r, _f) in enumerate(cases)}
    seen: list[float] = []
    with db.read_session() as s:
        today, later = compare_open_cases(session=s, current=old, new=new, days=[DAY, LATER],
                                          progress=lambda f, _m: seen.append(f))
    for day, listed in ((DAY, today), (LATER, later)):
        got = [(c.reference, c.regime, c.old_outcome, c.new_outcome) for c in listed]
        assert got == _in_full(cases, include, day, old, new)
    assert today  # the lowered thresholds change some outcome
    change = today[0]
    assert change.old_rulebook == old.version and change.new_rulebook == new.version
    assert change.why and change.rules
    assert seen and seen[-1] == 1.0


def test_only_the_regimes_whose_rules_differ_are_screened(tmp_path: Path) -> None:
    old, new = default_rulebook(), edited_book(tmp_path)
    assert regimes_that_may_differ(old, old, DAY) == ()
    assert set(regimes_that_may_differ(old, new, DAY)) == {"US-OISP", "CN-FISR"}
    # Before the OISP existed, only FISR's rules differ.
    assert regimes_that_may_differ(old, new, date(2024, 6, 1)) == ("CN-FISR",)


def test_the_same_rulebook_screens_nothing(db: Database, cases: Any, monkeypatch: Any) -> None:
    from approvals.services import screening as service

    def never(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("screened although no rule differs")

    monkeypatch.setattr(service, "determine", never)
    with db.read_session() as s:
        assert compare_open_cases(session=s, current=default_rulebook(), new=default_rulebook(),
                                  days=[DAY, LATER]) == ((), ())


def test_a_cancel_stops_the_comparison(db: Database, cases: Any, tmp_path: Path) -> None:
    with db.read_session() as s, pytest.raises(Cancelled):
        compare_open_cases(session=s, current=default_rulebook(), new=edited_book(tmp_path),
                           days=[DAY], cancelled=lambda: True)


def test_a_later_date_with_the_same_rules_reuses_the_determinations(
        db: Database, cases: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from approvals.services import screening as service

    calls: list[date] = []
    real = service.determine

    def counted(regime: str, facts: Any, day: date, *args: Any, **kwargs: Any) -> Any:
        calls.append(day)
        return real(regime, facts, day, *args, **kwargs)

    monkeypatch.setattr(service, "determine", counted)
    old, new = default_rulebook(), edited_book(tmp_path)
    with db.read_session() as s:
        one, again = compare_open_cases(session=s, current=old, new=new,
                                        days=[DAY, DAY + timedelta(days=1)])
    # Two regimes differ, screened with each rulebook once per case: not again the next day.
    assert len(calls) == len(cases) * 2 * 2 and set(calls) == {DAY}
    assert [(c.reference, c.regime) for c in again] == [(c.reference, c.regime) for c in one]
