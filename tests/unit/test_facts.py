"""The facts model mirrors the schema contract: examples pass, bad files fail with paths."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from approvals.domain.errors import InputError
from approvals.domain.facts import (
    STATED_LISTS,
    Facts,
    facts_schema,
    parse_facts,
    parse_facts_text,
    schema_problems,
)
from approvals.services.demo import demo_facts
from tests.conftest import EXAMPLES_DIR, SHARED

EXAMPLES = sorted(EXAMPLES_DIR.glob("*.json"))


def test_shipped_schema_is_the_contract() -> None:
    contract = SHARED / "spec" / "facts.schema.json"
    if not contract.exists():
        pytest.skip("../shared is not next to this checkout")
    assert json.loads(contract.read_text()) == facts_schema()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_is_valid_against_schema_and_model(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator(facts_schema()).validate(data)
    facts = parse_facts(data)
    assert isinstance(facts, Facts)
    # Round trip: what the model writes back is still valid and means the same.
    again = parse_facts(json.loads(facts.to_json()))
    assert again == facts


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 3


def test_demo_facts_are_valid() -> None:
    cases = demo_facts()
    assert len(cases) >= 12
    for data in cases:
        parse_facts(data)


def _example() -> dict:
    return json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))


BAD_CASES = [
    ("unknown top-level field", lambda d: d.update(extra=1), "extra", "unknown field"),
    ("unknown nested field", lambda d: d["target"]["ai"].update(flops=1), "target.ai.flops", "unknown field"),
    ("string for number", lambda d: d["deal"].update(stake_after_pct="6.5"), "deal.stake_after_pct", "must be a number written without quotes"),
    ("float for integer", lambda d: d["deal"].update(board_seats=1.5), "deal.board_seats", "must be a whole number"),
    ("string for boolean", lambda d: d["investor"].update(us_person="yes"), "investor.us_person", "answer yes or no"),
    ("enum", lambda d: d["deal"].update(instrument="bond"), "deal.instrument", "is not one of"),
    ("list item enum", lambda d: d["target"]["activities"].append("mining"), "target.activities[1]", "is not one of"),
    ("negative compute", lambda d: d["target"]["ai"].update(max_training_compute_ops=-1), "target.ai.max_training_compute_ops", "at least 0"),
    ("stake over 100", lambda d: d["deal"].update(stake_after_pct=101), "deal.stake_after_pct", "at most 100"),
    ("zero amount", lambda d: d["deal"]["amount"].update(value=0), "deal.amount.value", "more than 0"),
    ("currency pattern", lambda d: d["deal"]["amount"].update(currency="usd"), "deal.amount.currency", "is not a currency code"),
    ("bad date", lambda d: d["deal"].update(signing_date="2026-02-30"), "deal.signing_date", "not a valid date"),
    ("missing required", lambda d: d["target"].pop("name_en"), "target.name_en", "required"),
    ("schema version", lambda d: d.update(schema_version=2), "schema_version", "must be 1"),
    ("bad USCC", lambda d: d["target"].update(uscc="91110000600037341X"), "target.uscc", "expected 'L'"),
    ("bad LEI", lambda d: d["investor"].update(lei="5493001KJTIIGC8Y1R13"), "investor.lei", "expected '12'"),
]


@pytest.mark.parametrize(("name", "mutate", "path", "words"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_facts_are_rejected_with_the_field_path(name, mutate, path, words) -> None:
    data = copy.deepcopy(_example())
    mutate(data)
    with pytest.raises(InputError) as caught:
        parse_facts(data)
    messages = [str(p) for p in caught.value.problems]
    assert any(p.path == path and words in p.message for p in caught.value.problems), messages


def test_every_problem_is_reported_not_just_the_first() -> None:
    data = _example()
    data["deal"]["board_seats"] = "two"
    data["target"]["uscc"] = "91110000600037341X"
    data["investor"]["bogus"] = True
    with pytest.raises(InputError) as caught:
        parse_facts(data)
    paths = {p.path for p in caught.value.problems}
    assert {"deal.board_seats", "target.uscc", "investor.bogus"} <= paths


def test_not_json_names_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        parse_facts_text('{\n  "schema_version": 1,\n  oops\n}', source="case.json")
    assert caught.value.problems[0].path == "case.json:3:3"


def test_model_rejects_what_bypasses_the_schema() -> None:
    # The typed model is strict on its own too (used by code that builds facts directly).
    with pytest.raises(ValueError):
        Facts.model_validate({**_example(), "unknown": 1})
    with pytest.raises(ValueError):
        Facts.model_validate({**_example(), "schema_version": True})


def test_infinity_and_nan_are_not_numbers() -> None:
    text = (EXAMPLES_DIR / "frontier-lab.json").read_text().replace("3.1e25", "Infinity")
    with pytest.raises(InputError) as caught:
        parse_facts_text(text, source="lab.json")
    assert "Infinity" in str(caught.value)
    data = _example()
    data["target"]["ai"]["max_training_compute_ops"] = float("nan")
    with pytest.raises(InputError):
        parse_facts(data)

    # JSON reads 1e400 as infinity; the schema lets it pass: refused once, as too large.
def test_an_overflowing_number_is_one_problem_at_its_own_path() -> None:
    # JSON reads 1e400 as infinity; the schema lets it pass, the model refuses it once.
    text = (EXAMPLES_DIR / "frontier-lab.json").read_text().replace("3.1e25", "1e400")
    with pytest.raises(InputError) as caught:
        parse_facts_text(text, source="lab.json")
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("target.ai.max_training_compute_ops", "is too large to be a real figure (it reads as infinity)")
    ]


LIST_PATHS = STATED_LISTS  # every array of the schema (tests/unit/test_drafts_format.py)


def _minimal(**lists: list[str]) -> dict:
    data = {"schema_version": 1, "reference": "L", "target": {"name_en": "T", "ai": {}},
            "investor": {"name": "I"}, "deal": {"instrument": "equity", "technology_transfer": {}}}
    for path in LIST_PATHS:
        if path[-1] in lists:
            node = data
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = lists[path[-1]]
    return data


def _get(model: object, path: tuple[str, ...]) -> object:
    for part in path:
        model = getattr(model, part)
    return model


def test_an_absent_list_is_unknown_and_an_empty_one_is_none() -> None:
    absent = parse_facts(_minimal())
    empty = parse_facts(_minimal(**{p[-1]: [] for p in LIST_PATHS}))
    for path in LIST_PATHS:
        assert _get(absent, path) is None, path
        assert _get(empty, path) == [], path
    # Written back, an unknown list is left out (the schema allows no null for arrays)
    # and reads back unknown; an empty one stays empty.
    written = absent.to_json_dict()
    assert "activities" not in written["target"] and "end_uses" not in written["target"]["ai"]
    assert written["deal"]["technology_transfer"] == {"transfers": None}
    assert parse_facts(json.loads(absent.to_json())) == absent
    assert parse_facts(json.loads(empty.to_json())) == empty
    assert Facts.model_validate_json(absent.to_json(), strict=False) == absent


@pytest.mark.parametrize("path", LIST_PATHS, ids=lambda p: ".".join(p))
def test_a_null_list_is_refused_by_the_schema(path: tuple[str, ...]) -> None:
    with pytest.raises(InputError) as caught:
        parse_facts(_minimal(**{path[-1]: None}))  # type: ignore[arg-type]
    assert [p.path for p in caught.value.problems] == [".".join(path)]


def test_facts_without_a_reference_read_back() -> None:
    data = _example()
    del data["reference"]
    facts = parse_facts(data)
    written = json.loads(facts.to_json())
    assert "reference" not in written  # the schema allows a string there, never null
    assert parse_facts(written) == facts


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


_DELETE = object()
# Values of every JSON type, plus the integral float and the date-like non-dates where a
# lax model and the schema used to disagree.
_PROBES: tuple[Any, ...] = (
    "x", "", 0, -1, 1.5, 2.0, 1e30, True, [], ["x"], [1], {}, {"a": 1},
    "2026-01-01", "2026-02-30", "2026-01-01T00:00:00", 1767225600,
)


@pytest.mark.parametrize("path", sorted(EXAMPLES_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_model_and_schema_agree_on_every_value_at_every_path(path: Path) -> None:
    # The model mirrors the contract exactly: whatever the schema accepts the model
    # accepts, and whatever it refuses the model refuses too. (An explicit null where the
    # schema allows none is the model's own spelling of "unknown", so it is not probed.)
    base = json.loads(path.read_text(encoding="utf-8"))
    disagreements = []
    for field_path in _paths(base):
        for probe in (_DELETE, *_PROBES):
            data = copy.deepcopy(base)
            parent = data
            for key in field_path[:-1]:
                parent = parent[key]
            if probe is _DELETE:
                del parent[field_path[-1]]
            else:
                parent[field_path[-1]] = probe
            by_schema = not schema_problems(data)
            try:
                Facts.model_validate(data)
                by_model = True
            except ValueError:
                by_model = False
            if by_schema != by_model:
                disagreements.append((field_path, probe, by_schema, by_model))
    assert disagreements == []

