"""A facts file is held to what the wizard takes: wrong types said as an officer says them
("answer yes or no", not "expected boolean or null"), a currency that is no ISO 4217 code
refused at its field (the schema's pattern let "CYN" through), and texts no longer than
the wizard's fields take (an import took a pasted megabyte as a name)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from approvals.domain.errors import InputError
from approvals.domain.facts import TEXT_LIMITS, TEXT_LISTS, facts_schema, parse_facts
from approvals.domain.typed_input import ISO_4217_CODES, ITEM_CHARS, LIST_ITEMS
from tests.conftest import EXAMPLES_DIR


def _example() -> dict[str, Any]:
    return json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))


def _said(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_facts(data)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(("path", "value", "said"), [
    (("investor", "us_person"), "yes",
     'investor.us_person: answer yes or no: true or false, or null when not known (got "yes")'),
    (("deal", "board_seats"), 1.5,
     "deal.board_seats: must be a whole number, or null when not known (got 1.5)"),
    (("deal", "stake_after_pct"), "6.5",
     "deal.stake_after_pct: must be a number written without quotes, or null when not known "
     '(got "6.5")'),
    (("deal", "lp_commitment_usd"), "six million",
     'deal.lp_commitment_usd: must be a number, or null when not known (got "six million")'),
    (("target", "name_en"), ["X"], "target.name_en: must be text in quotes (got a list)"),
    (("investor", "turnover_cny"), [1],
     "investor.turnover_cny: must be a group of fields in braces {…}, or null when not known "
     "(got a list)"),
    (("target", "activities"), "other",
     'target.activities: must be a list in brackets […] (got "other")'),
])
def test_a_value_of_the_wrong_kind_is_said_in_words(
        path: tuple[str, ...], value: Any, said: str) -> None:
    assert _said(_set(_example(), path, value)) == [said]


def _typed_leaves(node: dict[str, Any], at: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, child in node.get("properties", {}).items():
        if "properties" in child:
            found += _typed_leaves(child, (*at, name))
        if "type" in child:
            found.append((*at, name))
    return found


def test_no_wrong_type_anywhere_is_said_in_json_schema_words() -> None:
    """Every typed field of the schema given a value of another kind: no "expected
    boolean", "integer", "null" ... (JSON words an officer does not read)."""
    json_words = re.compile(r"\b(expected|boolean|integer|string|object|array)\b")
    for path in _typed_leaves(facts_schema()):
        if path == ("schema_version",):
            continue
        wrong = {"a": 1} if "deal" not in path or path[-1] != "amount" else "1"
        for value in (wrong, [1], "x", True):
            data = _set(_example(), path, value)
            try:
                parse_facts(data)
            except InputError as exc:
                for problem in exc.problems:
                    assert not json_words.search(problem.message), (path, value, problem)


def test_a_currency_that_is_no_iso_code_is_refused_at_its_field() -> None:
    data = _set(_example(), ("deal", "amount", "currency"), "CYN")
    assert _said(data) == ['deal.amount.currency: "CYN" is not an ISO 4217 currency code: '
                           "did you mean CNY?"]
    data["deal"]["amount"]["currency"] = "ZZZ"
    assert "ZZZ" in _said(data)[0] and "ISO 4217" in _said(data)[0]


def test_a_real_currency_is_taken_and_the_examples_still_are() -> None:
    for example in sorted(Path(EXAMPLES_DIR).glob("*.json")):
        parse_facts(json.loads(example.read_text(encoding="utf-8")))
    for code in ("PKR", "CNY", "HKD", "XOF", "SGD"):  # PKR was missing from the list
        parse_facts(_set(_example(), ("deal", "amount", "currency"), code))


def test_the_currency_list_has_every_currency_in_use() -> None:
    """The codes taken are CLDR's currencies in use somewhere today (babel, pinned in the
    test dependencies), plus ones withdrawn recently that old documents still name: the
    Pakistani rupee (PKR) was missing, and refused in the wizard as a typing mistake."""
    from babel.core import get_global
    from babel.numbers import list_currencies

    in_use = {code for currencies in get_global("territory_currencies").values()
              for code, _start, end, tender in currencies if end is None and tender}
    assert in_use - ISO_4217_CODES == set()
    assert ISO_4217_CODES - list_currencies() == set()  # no made-up code


@pytest.mark.parametrize("path", list(TEXT_LIMITS))
def test_a_text_longer_than_the_wizard_takes_is_refused_at_import(path: tuple[str, ...]) -> None:
    most, what = TEXT_LIMITS[path]
    base = _example()
    if path[-1] in ("jurisdiction", "headquarters"):
        fits, too_long = "C" * most, "C" * (most + 1)
    else:
        fits, too_long = "名" * most, "名" * (most + 1)
    parse_facts(_set(copy.deepcopy(base), path, fits))
    assert _said(_set(base, path, too_long)) == [
        f"{'.'.join(path)}: is {most + 1:,} characters long; {what} takes at most {most:,}: "
        "shorten it"]


@pytest.mark.parametrize("path", TEXT_LISTS)
def test_a_list_longer_than_the_wizard_takes_is_refused_at_import(path: tuple[str, ...]) -> None:
    where = ".".join(path)
    data = _set(_example(), path, [f"item {i}" for i in range(LIST_ITEMS)])
    parse_facts(data)
    data = _set(data, path, [f"item {i}" for i in range(LIST_ITEMS + 1)])
    assert _said(data) == [f"{where}: has {LIST_ITEMS + 1} items; the list takes at most "
                           f"{LIST_ITEMS}: shorten it"]
    data = _set(data, path, ["short", "x" * (ITEM_CHARS + 1)])
    assert _said(data) == [f"{where}[1]: is {ITEM_CHARS + 1} characters long; an item takes "
                           f"at most {ITEM_CHARS}: shorten it"]
