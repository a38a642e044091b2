"""A rulebook update that brings an in-force version of the reported CN-US-CAPITAL measure
(the measure becoming law on a date): the regime is screened from that date without
"include reported / proposed measures", and not before it."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import load_rulebook
from approvals.domain.screening import screen
from approvals.services.rulebook import rulebook_overview
from tests.conftest import REPO_ROOT

IN_FORCE = date(2031, 3, 1)


def _book(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "resources" / "rulebook", folder)
    path = folder / "cn-us-capital.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    law = {**data["rules"][0], "id": "CN-US-CAPITAL.approval.2031-03", "status": "in_force",
           "effective_from": IN_FORCE.isoformat(), "verified": True}
    data["rules"].append(law)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def _lab():
    cases = json.loads((REPO_ROOT / "resources" / "demo" / "cases.json").read_text("utf-8"))
    return parse_facts(cases[0])  # a leading AI lab taking US equity


def _regimes(result) -> dict[str, str]:
    return {d.regime: d.outcome for d in result.determinations}


def test_an_in_force_version_is_screened_from_its_date(tmp_path: Path) -> None:
    book = load_rulebook(_book(tmp_path))
    facts = _lab()
    before = _regimes(screen(facts, date(2031, 2, 28), rulebook=book))
    after = _regimes(screen(facts, IN_FORCE, rulebook=book))
    assert "CN-US-CAPITAL" not in before  # still only the reported measure
    assert after["CN-US-CAPITAL"] == "approval_required"
    status = {d.regime: d.status for d in screen(facts, IN_FORCE, rulebook=book).determinations}
    assert status["CN-US-CAPITAL"] == "in_force"


def test_the_shipped_reported_measure_still_needs_include_proposed() -> None:
    facts = _lab()
    assert "CN-US-CAPITAL" not in _regimes(screen(facts, IN_FORCE))
    assert "CN-US-CAPITAL" in _regimes(screen(facts, IN_FORCE, True))


def test_the_rulebook_window_says_the_regime_is_screened_once_in_force(tmp_path: Path) -> None:
    folder = _book(tmp_path)
    screened = {r.code: r.screened for r in
                rulebook_overview(IN_FORCE, False, directory=folder).regimes}
    earlier = {r.code: r.screened for r in
               rulebook_overview(date(2031, 2, 1), False, directory=folder).regimes}
    assert screened["CN-US-CAPITAL"] is True
    assert earlier["CN-US-CAPITAL"] is False
