"""CN-SAMR under joint control: the facts hold one investor, so where others may acquire
control with it (a joint venture, control without a majority stake) the reasons say that
their turnover counts too, rather than clearing the deal on two parties' figures."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from tests.unit.test_screening import AS_OF, facts_with

JOINTLY = "where others acquire control jointly with it"
SMALL = {"target.turnover_cny": {"china": 100_000_000, "worldwide": 100_000_000},
         "investor.turnover_cny": {"china": 900_000_000, "worldwide": 2_000_000_000}}
LARGE = {"target.turnover_cny": {"china": 900_000_000, "worldwide": 1_000_000_000},
         "investor.turnover_cny": {"china": 900_000_000, "worldwide": 20_000_000_000}}

# (id, changes, outcome, whether the joint-control line is there)
ROWS: list[tuple[str, dict[str, Any], str, bool]] = [
    ("joint-venture-below", {**SMALL, "deal.instrument": "joint_venture", "deal.stake_after_pct": 50}, "not_required",
     True),
    ("joint-venture-turnover-unknown", {**LARGE, "deal.instrument": "joint_venture", "deal.stake_after_pct": 50,
                                        "investor.turnover_cny": None}, "needs_info", True),
    ("joint-venture-over", {**LARGE, "deal.instrument": "joint_venture", "deal.stake_after_pct": 50},
     "approval_required", False),
    ("control-without-majority", {**SMALL, "deal.stake_after_pct": 30, "deal.acquires_control": True},
     "not_required", True),
    ("control-at-49.99", {**SMALL, "deal.stake_after_pct": 49.99, "deal.acquires_control": True}, "not_required",
     True),
    # Sole control by a majority, or no control at all: nobody else to count.
    ("majority-sole-control", {**SMALL, "deal.stake_after_pct": 50, "deal.acquires_control": True}, "not_required",
     False),
    ("no-control", {**SMALL, "deal.stake_after_pct": 30, "deal.acquires_control": False}, "not_required", False),
    ("joint-venture-no-control", {**SMALL, "deal.instrument": "joint_venture", "deal.stake_after_pct": 20,
                                  "deal.acquires_control": False}, "not_required", False),
]


@pytest.mark.parametrize(("changes", "outcome", "line"), [pytest.param(*row[1:], id=row[0]) for row in ROWS])
def test_joint_control_names_the_other_parties(changes: dict[str, Any], outcome: str, line: bool) -> None:
    found = screen(parse_facts(facts_with(changes)), AS_OF).determination("CN-SAMR")
    assert found is not None and found.outcome == outcome
    lines = [r for r in found.reasons if JOINTLY in r.text]
    assert len(lines) == int(line)
    if line:
        assert lines[0].text_zh == ("上述营业额仅计算目标公司和本投资者；与本投资者共同取得控制权的其他经营者"
                                    "（如合营企业的其他母公司、享有否决权的共同投资者）的营业额亦应计入：请核查")
