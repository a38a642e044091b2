"""Every message a bad facts file gets is said in words, field path first: no JSON-schema
pattern ("does not match ^[A-Z]{3}$"), a date's fault named (no such month, no such day,
or the day meant written as the file must write it), the item a list repeats named, a
figure JSON reads as infinity called too large once (not "Infinity must be at most 100");
and a typed place is quoted as the rest of the app quotes typed text (`quoted`: cut
short, control characters shown)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from approvals.domain.errors import InputError
from approvals.domain.facts import PATTERN_WORDS, facts_schema, parse_facts, parse_facts_text
from approvals.domain.places import read_place
from approvals.domain.typed_input import Unreadable
from tests.conftest import EXAMPLES_DIR

FRONTIER = EXAMPLES_DIR / "frontier-lab.json"


def _example() -> dict[str, Any]:
    return json.loads(FRONTIER.read_text(encoding="utf-8"))


def _setter(*path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def set_it(data: dict[str, Any]) -> None:
        section = data
        for name in path[:-1]:
            section = section.setdefault(name, {})
        section[path[-1]] = value
    return set_it


def _said(change: Callable[[dict[str, Any]], None]) -> list[str]:
    data = _example()
    change(data)
    with pytest.raises(InputError) as caught:
        parse_facts(data)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


WORDED = [
    (_setter("deal", "amount", "currency", value="usd"),
     'deal.amount.currency: "usd" is not a currency code: its three capital letters, '
     "e.g. USD or CNY"),
    (_setter("schema_version", value="1"), 'schema_version: must be 1, got "1"'),
    (_setter("target", "activities", value=["other", "cloud_idc", "other"]),
     'target.activities: items must not repeat: "other" is listed more than once'),
    (_setter("deal", "signing_date", value="2026-13-01"),
     'deal.signing_date: "2026-13-01" is not a valid date: there is no month 13'),
    (_setter("deal", "signing_date", value="2026-02-30"),
     'deal.signing_date: "2026-02-30" is not a valid date: 2026-02 has no day 30'),
    (_setter("deal", "signing_date", value="0000-01-01"),
     'deal.signing_date: "0000-01-01" is not a valid date: there is no year 0'),
    (_setter("deal", "signing_date", value="2026/1/2"),
     'deal.signing_date: "2026/1/2" is not a valid date: write it YYYY-MM-DD: "2026-01-02"'),
    (_setter("deal", "expected_completion_date", value="２０２６-01-02"),
     'deal.expected_completion_date: "２０２６-01-02" is not a valid date: write it '
     'YYYY-MM-DD: "2026-01-02"'),
    (_setter("deal", "signing_date", value="10/12/2026"),
     'deal.signing_date: "10/12/2026" is not a valid date: it could be 10 December or '
     "12 October: write it YYYY-MM-DD (2026-12-10 or 2026-10-12)"),
    (_setter("deal", "signing_date", value="31.12.26"),
     'deal.signing_date: "31.12.26" is not a valid date: write it YYYY-MM-DD, '
     'e.g. "2026-10-22"'),
    (_setter("deal", "signing_date", value="2026-01-02T00:00:00"),
     'deal.signing_date: "2026-01-02T00:00:00" is not a valid date: write it YYYY-MM-DD, '
     'e.g. "2026-10-22"'),
]


@pytest.mark.parametrize(("change", "message"), WORDED)
def test_a_bad_value_is_said_in_words(change: Callable[[dict[str, Any]], None],
                                      message: str) -> None:
    assert _said(change) == [message]


def test_every_pattern_of_the_schema_has_its_words() -> None:
    patterns: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.append(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(facts_schema())
    assert patterns and set(patterns) <= set(PATTERN_WORDS)


# A bad file of every kind the schema refuses: none of its messages quotes a pattern, a
# Python or pydantic phrase, or says a figure twice.
SWEEP = {
    "wrong type": _setter("deal", "board_seats", value="2"),
    "not whole": _setter("deal", "data_export", "pi_subjects_processed", value=1.5),
    "enum": _setter("deal", "instrument", value="shares"),
    "list enum": _setter("target", "security_sectors", value=["mining"]),
    "repeated": _setter("target", "activities", value=["other", "other"]),
    "negative": _setter("target", "turnover_cny", "china", value=-1),
    "over 100": _setter("deal", "stake_after_pct", value=150),
    "zero amount": _setter("deal", "amount", "value", value=0),
    "pattern": _setter("deal", "amount", "currency", value="US dollars"),
    "date": _setter("deal", "signing_date", value="31.12.2026"),
    "schema version": _setter("schema_version", value=2),
    "empty name": _setter("target", "name_en", value=""),
    "unknown": _setter("target", "flops", value=1),
}
_UNREADABLE = re.compile(r"\^|\$|\[A-Z\]|\{3\}|Input should|Value error|format|Infinity")


def test_no_message_of_a_bad_file_is_raw() -> None:
    data = _example()
    for change in SWEEP.values():
        change(data)
    with pytest.raises(InputError) as caught:
        parse_facts(data)
    problems = caught.value.problems
    assert len(problems) == len(SWEEP)  # one message per problem
    for problem in problems:
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+|\[\d+\])*", problem.path), problem
        assert not _UNREADABLE.search(problem.message), problem


@pytest.mark.parametrize("written", ["1e400", "-1e400"])
def test_a_figure_read_as_infinity_is_one_problem_said_once(written: str) -> None:
    text = json.dumps(_example()).replace('"stake_after_pct": 6.5', f'"stake_after_pct": {written}')
    assert written in text
    with pytest.raises(InputError) as caught:
        parse_facts_text(text)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("deal.stake_after_pct", "is too large to be a real figure (it reads as infinity)")]


@pytest.mark.parametrize(("typed", "start"), [
    ("Atlantis " * 40, "'Atlantis Atlantis Atlantis Atlantis Atl…' (359 characters) is not a place"),
    ("Korea\u200b", "'Korea\\u200b' could be"),
    ("Beijing, China, " + "x" * 200 + ", USA", "'Beijing, China, xxxxxxxxxxxxxxxxxxxxxxx…' (221 characters) names"),
])
def test_a_typed_place_is_quoted_as_typed_text_is(typed: str, start: str) -> None:
    with pytest.raises(Unreadable) as caught:
        read_place(typed)
    assert str(caught.value).startswith(start), str(caught.value)
