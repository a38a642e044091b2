"""Catalogue items listed beside "no technology transferred": the CN-TECH-EXPORT
determination's only reason was that no technology is transferred, and the restricted
item went unmentioned (the AI facts' like contradiction was already said)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from tests.conftest import EXAMPLES_DIR


def _tech(transfer: dict) -> tuple[str, list[str]]:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    data["deal"]["technology_transfer"] = transfer
    result = screen(parse_facts(data), date(2026, 12, 1))
    det = next(d for d in result.determinations if d.regime == "CN-TECH-EXPORT")
    return det.outcome, [r.text for r in det.reasons if r.advice]


def test_items_listed_with_no_transfer_are_named_to_check() -> None:
    outcome, advice = _tech({"transfers": False, "restricted_catalogue_items": ["speech synthesis"],
                             "prohibited_catalogue_items": ["语音合成技术"]})
    assert outcome == "not_required"
    assert advice == ["catalogue items are listed (speech synthesis; 语音合成技术), although the deal "
                      "is marked as transferring no technology: if technology is transferred or "
                      "licensed, correct the answer"]


@pytest.mark.parametrize("transfer", [
    {"transfers": False}, {"transfers": False, "restricted_catalogue_items": []},
    {"transfers": None, "restricted_catalogue_items": ["speech synthesis"]}])
def test_nothing_to_check_without_a_contradiction(transfer: dict) -> None:
    assert _tech(transfer)[1] == []
