"""field_labels.fact_value_text: a fact's value as the officer reads it in the Timeline."""

from __future__ import annotations

import pytest

from approvals.domain.field_labels import fact_change_text, fact_value_text


@pytest.mark.parametrize(("path", "value", "words"), [
    ("target.activities", ["ai_model_development", "robots"], "AI model development, robots"),
    ("target.ai.end_uses", [], "none"),
    ("target.leading_tech_enterprise", True, "Yes"),
    ("deal.veto_rights", None, "not stated"),
    ("investor.kind", "venture_fund", "Venture capital fund"),
    ("target.jurisdiction", "KY", "KY (Cayman Islands)"),
    ("deal.lp_commitment_usd", 2_000_000, "2,000,000"),
    ("deal.stake_after_pct", 12.5, "12.5"),
    ("deal.amount", {"value": 500_000_000, "currency": "CNY"}, "CNY 500,000,000"),
    ("target.ai.max_training_compute_ops", 2.4e25, "2.4 × 10²⁵"),
    ("target.name_en", "", '""'),
])
def test_a_value_in_words(path: str, value: object, words: str) -> None:
    assert fact_value_text(path, value) == words


def test_a_change_in_words() -> None:
    assert fact_change_text("target.security_sectors", None, ["key_technologies"]) == (
        "not stated → Key technologies")
