"""Veto rights recorded with a minority stake are weighed, not passed over: actual control
(Order 37 art. 4, regulatory-reference.md) includes "less than 50 %, but voting rights that
can significantly affect board or shareholder resolutions". The officer's assessment still
decides the outcome; the reasons name the recorded right, in English and Chinese, wherever
control is tested (CN-FISR Art. 4(2) fields, CN-SAMR)."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Determination, screen
from tests.unit.test_screening import AS_OF, facts_with

VETO = "veto rights over board or shareholder resolutions"
VETO_ZH = "对董事会或股东会决议的否决权"

# An Art. 4(2) field, so that CN-FISR turns on control; SAMR turnover over its thresholds,
# so that CN-SAMR turns on control too.
IN_FIELD_AND_OVER_THRESHOLDS: dict[str, Any] = {
    "target.security_sectors": ["key_technologies"],
    "target.turnover_cny": {"china": 1_000_000_000, "worldwide": 2_000_000_000},
    "investor.turnover_cny": {"china": 5_000_000_000, "worldwide": 20_000_000_000},
}


def _determinations(changes: dict[str, Any]) -> dict[str, Determination]:
    facts = parse_facts(facts_with({**IN_FIELD_AND_OVER_THRESHOLDS, **changes}))
    result = screen(facts, AS_OF)
    return {d.regime: d for d in result.determinations}


# (stake, veto rights, board seats, officer's control assessment) ->
#   (outcome of CN-FISR and CN-SAMR, the veto line's ending or None when no line is due)
CASES = [
    # Minority, veto, assessed no control: outcome stays, the veto line asks for a check.
    (10, True, 2, False, "not_required", "and 2 board seats", "check the officer's assessment against them"),
    (10, True, 1, False, "not_required", "and 1 board seat", "check the officer's assessment against them"),
    (10, True, None, False, "not_required", "", "check the officer's assessment against them"),
    (49.99, True, 0, False, "not_required", "", "check the officer's assessment against them"),
    # Minority, veto, control not assessed: needs_info as before, the veto line says what to weigh.
    (10, True, 2, None, "needs_info", "and 2 board seats", "weigh them in the control assessment"),
    # No veto rights (or not recorded): no line.
    (10, False, 2, False, "not_required", None, None),
    (10, None, 2, False, "not_required", None, None),
    # Control settled otherwise: the veto right decides nothing, no line.
    (50, True, 2, False, "approval_required", None, None),
    (10, True, 2, True, "approval_required", None, None),
]


@pytest.mark.parametrize(("stake", "veto", "seats", "assessed", "outcome", "seats_words", "ending"), CASES)
def test_veto_rights_with_a_minority_stake_are_named_where_control_is_tested(
    stake: float, veto: bool | None, seats: int | None, assessed: bool | None,
    outcome: str, seats_words: str | None, ending: str | None,
) -> None:
    found = _determinations({"deal.stake_after_pct": stake, "deal.veto_rights": veto,
                             "deal.board_seats": seats, "deal.acquires_control": assessed})
    for regime in ("CN-FISR", "CN-SAMR"):
        d = found[regime]
        assert d.outcome == outcome, (regime, d)
        lines = [r for r in d.reasons if VETO in r.text]
        if ending is None:
            assert lines == [], (regime, lines)
            assert not any(VETO_ZH in r.text_zh for r in d.reasons)
            continue
        assert len(lines) == 1, (regime, d.reasons)
        line = lines[0]
        assert line.rule == d.reasons[0].rule  # cited under the regime's own rule
        assert line.text.startswith(f"the investor has {VETO}{' ' + seats_words if seats_words else ''}:")
        assert "with less than 50 % of the equity" in line.text
        assert line.text.endswith(ending)
        # A point for the officer to check, not a ground: a filing to the authority lists it
        # in a draft's "To check before filing" box only, never among its grounds.
        assert line.advice
        assert VETO_ZH in line.text_zh and "不足50%" in line.text_zh
        assert (f"{seats}个董事席位" in line.text_zh) == bool(seats)


def test_no_veto_line_where_control_is_not_what_decides() -> None:
    # No Art. 4(2) field: CN-FISR is settled without control, so the veto right is not raised.
    found = _determinations({"target.security_sectors": [], "deal.veto_rights": True,
                             "deal.stake_after_pct": 10, "deal.acquires_control": False})
    assert found["CN-FISR"].outcome == "not_required"
    assert not any(VETO in r.text for r in found["CN-FISR"].reasons)
