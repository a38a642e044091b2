"""The review page of an edit lists each change in words, as the summary below it writes
the facts: activities by name, a fact not given before as "not stated", a place with its
name (it listed ["ai_model_development"] → [...] and ∅ → ["key_technologies"])."""

from __future__ import annotations

from approvals.ui.wizard import changes_text


def test_codes_lists_absences_and_places_are_written_in_words() -> None:
    text = changes_text([
        ("target.activities", ["ai_model_development"],
         ["ai_model_development", "semiconductor_design"]),
        ("target.security_sectors", None, ["key_technologies"]),
        ("deal.amount.value", 25_000_000, 30_000_000),
        ("deal.instrument", "equity", "lp_interest"),
        ("deal.veto_rights", None, False),
        ("target.headquarters", "HK", "CN"),
        ("deal.technology_transfer.restricted_catalogue_items", [], ["184301X"]),
    ])
    assert "Changes to be recorded (7)" in text
    assert ("Activities (Target company): AI model development → AI model development, "
            "Semiconductor design") in text
    assert "Security-review fields (Target company): <i>not stated</i> → Key technologies" in text
    assert "25,000,000 → 30,000,000" in text
    assert "Equity → LP interest in a fund" in text
    assert "<i>not stated</i> → No" in text
    assert "HK (Hong Kong, China) → CN (China)" in text
    assert "none → 184301X" in text
    for raw in ("ai_model_development", "∅", "[", "key_technologies", "lp_interest"):
        assert raw not in text, raw
