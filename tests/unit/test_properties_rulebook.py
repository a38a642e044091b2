"""Properties of the rule data (domain.rulebook, the clocks in domain.workflow): thresholds
and time limits are data officers edit by hand, so any edit of a shipped file gives either
a rulebook that screens, or RulebookError / InputError naming the file and entry, never a
traceback."""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from approvals.domain.errors import InputError
from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import default_rulebook_dir, load_rulebook
from approvals.domain.screening import screen
from approvals.domain.workflow import parse_clock_specs, parse_follow_ups
from approvals.resources import resource_path
from tests.unit.test_properties_facts import json_values

RULEBOOK = default_rulebook_dir()
FILES = sorted(p.name for p in RULEBOOK.glob("*.json"))
CLOCKS = json.loads(resource_path("rulebook", "workflow", "clocks.json").read_text(encoding="utf-8"))
FACTS = parse_facts({
    "schema_version": 1,
    "target": {"name_en": "Example AI", "jurisdiction": "CN", "headquarters": "CN",
               "activities": ["ai_model_development"], "security_sectors": ["it_internet"],
               "ai": {"develops_ai_system": True, "max_training_compute_ops": 3.1e25}},
    "investor": {"name": "Example Fund", "us_person": True, "jurisdiction": "US"},
    "deal": {"instrument": "equity", "stake_after_pct": 51},
})
# What a hand edit puts in: other JSON, and values of the kinds the files hold.
edits = json_values | st.sampled_from([0, -1, 0.5, 10**30, "2026-13-01", "2026-01-01", "CN",
                                       ["CN"], "in_force", "reported", [], {}, None, True])


def paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    found: list[tuple[Any, ...]] = []
    for key, value in items:
        found += [(*prefix, key), *paths(value, (*prefix, key))]
    return found


def edited(doc: Any, choice: int, value: Any, delete: bool) -> Any:
    """`doc` with the value at one of its paths replaced (or its key removed)."""
    doc = copy.deepcopy(doc)
    where = paths(doc)[choice % len(paths(doc))]
    node = doc
    for key in where[:-1]:
        node = node[key]
    if delete and isinstance(node, dict):
        del node[where[-1]]
    else:
        node[where[-1]] = value
    return doc


def problems_name_where(exc: InputError) -> bool:
    return bool(exc.problems) and all(p.path and p.message for p in exc.problems)


@given(st.sampled_from(FILES), st.integers(0, 10**6), edits, st.booleans(),
       st.dates(date(2020, 1, 1), date(2028, 12, 31)), st.booleans())
@example("cn-data-export.json", 0, [], False, date(2026, 1, 1), False)  # "regime": [] was a TypeError
@example("rulebook.json", 4, [], False, date(2026, 1, 1), False)  # "regimes": [[], ...] likewise
def test_an_edited_rule_file_loads_and_screens_or_is_reported_where_it_is_wrong(
    name: str, choice: int, value: Any, delete: bool, as_of: date, include_proposed: bool,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "rulebook"
        shutil.copytree(RULEBOOK, folder)
        doc = json.loads((folder / name).read_text(encoding="utf-8"))
        (folder / name).write_text(json.dumps(edited(doc, choice, value, delete)), encoding="utf-8")
        try:
            book = load_rulebook(folder)
        except InputError as exc:
            assert problems_name_where(exc), exc.problems
            return
        try:
            screen(FACTS, as_of, include_proposed, rulebook=book)
        except InputError as exc:  # a provision the regime needs is missing on that date
            assert problems_name_where(exc), exc.problems


@given(st.integers(0, 10**6), edits, st.booleans())
def test_edited_clock_data_parses_or_is_reported_where_it_is_wrong(choice: int, value: Any, delete: bool) -> None:
    data = edited(CLOCKS, choice, value, delete)
    for parse in (parse_clock_specs, parse_follow_ups):
        try:
            parse(data)
        except InputError as exc:
            assert problems_name_where(exc), exc.problems
