"""`approvals screen --json` for regimes not in force on the date, key by key against
spec/cli.md: the `status` is the standing of the rule named (the contract pins
CN-US-CAPITAL's as `reported` whenever it is included), the reason cites that rule, and
`missing` is empty."""

from __future__ import annotations

import json

import pytest

from approvals.cli import main
from approvals.domain.rulebook import default_rulebook
from tests.conftest import EXAMPLES_DIR

CONTRACT_KEYS = ["as_of", "rulebook", "determinations"]
DETERMINATION_KEYS = ["regime", "outcome", "status", "reasons", "missing"]
REASON_KEYS = ["rule", "citation", "text"]


def _screen(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["screen", str(EXAMPLES_DIR / "consumer-app.json"), *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_not_in_force_determinations_match_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    book = default_rulebook()
    doc = _screen(capsys, "--as-of", "2020-01-01", "--include-proposed", "--json")
    assert list(doc) == CONTRACT_KEYS
    assert doc["as_of"] == "2020-01-01" and doc["rulebook"] == book.version
    found = {d["regime"]: d for d in doc["determinations"]}
    assert list(found) == list(book.regimes)  # one per regime, CN-US-CAPITAL included
    not_in_force = {r: d for r, d in found.items() if d["outcome"] == "not_in_force"}
    assert set(not_in_force) == {"CN-US-CAPITAL", "CN-FISR", "CN-NEGATIVE-LIST", "CN-TECH-EXPORT",
                                 "CN-DATA-EXPORT", "US-OISP"}
    for regime, d in not_in_force.items():
        assert list(d) == DETERMINATION_KEYS
        assert d["missing"] == []
        (reason,) = d["reasons"]
        assert list(reason) == REASON_KEYS
        first = book.first_rule(regime, include_proposed=True)
        assert first is not None
        assert (reason["rule"], reason["citation"], d["status"]) == (first.id, first.citation, first.status)
    assert not_in_force["CN-US-CAPITAL"]["status"] == "reported"  # pinned by the contract
    assert not_in_force["CN-FISR"]["status"] == "in_force"
    assert found["CN-SAMR"] == {**found["CN-SAMR"], "outcome": "not_required", "status": "in_force"}


def test_without_proposed_measures_cn_us_capital_is_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _screen(capsys, "--as-of", "2020-01-01", "--json")
    assert "CN-US-CAPITAL" not in {d["regime"] for d in doc["determinations"]}
    # The text's Measure column shows no standing for a regime not in force on the date.
    assert main(["screen", str(EXAMPLES_DIR / "consumer-app.json"), "--as-of", "2020-01-01"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("CN-FISR ")]
    assert rows == [["CN-FISR", "not", "in", "force", "—"]]
