"""The workflow's clock data (resources/rulebook/workflow/clocks.json) agrees with the time
limits the rulebook states, so the two cannot drift apart unnoticed."""

from __future__ import annotations

from datetime import date

import pytest

from approvals.domain import workflow as wf
from approvals.domain.rulebook import default_rulebook

ON = date(2026, 11, 2)

# (track kind, clock phase, field of the clock entry) -> (regime, provision, parameter)
SAME_NUMBER = {
    ("CN-FISR", "preliminary_review", "days"): ("CN-FISR", "clock", "decision_working_days"),
    ("CN-FISR", "general_review", "days"): ("CN-FISR", "clock", "general_review_working_days"),
    ("CN-FISR", "special_review", "days"): ("CN-FISR", "clock", "special_review_working_days"),
    ("CN-SAMR", "phase_1_review", "days"): ("CN-SAMR", "clock", "phase1_calendar_days"),
    ("CN-SAMR", "phase_2_review", "days"): ("CN-SAMR", "clock", "phase2_calendar_days"),
    ("CN-SAMR", "phase_2_review", "extension_days"): ("CN-SAMR", "clock", "extension_calendar_days"),
    ("CN-DATA-EXPORT", "assessment", "days"): ("CN-DATA-EXPORT", "clock", "assessment_working_days"),
    ("CN-TECH-EXPORT", "application_review", "days"):
        ("CN-TECH-EXPORT", "catalogue", "licence_decision_working_days"),
    ("US-OISP", "notification", "days"):
        ("US-OISP", "notification", "due_calendar_days_after_completion"),
}


@pytest.mark.parametrize("key", list(SAME_NUMBER))
def test_clock_matches_the_rulebook(key: tuple[str, str, str]) -> None:
    kind, phase, attribute = key
    regime, provision, parameter = SAME_NUMBER[key]
    rule = default_rulebook().rules_on(ON).get(regime, provision)
    if rule is None or parameter not in rule.parameters:
        pytest.fail(f"the rulebook no longer states {regime} {provision}.{parameter}")
    assert getattr(wf.clock_spec(kind, phase, ON), attribute) == rule[parameter]


def test_renewal_follow_up_matches_the_rulebook() -> None:
    rule = default_rulebook().rules_on(ON).get("CN-DATA-EXPORT", "clock")
    assert rule is not None
    (renewal,) = wf.follow_ups_for("CN-DATA-EXPORT", "clear", ON)
    assert renewal.valid_years == rule["validity_years"]
    assert renewal.working_days_before_expiry == rule["renewal_working_days_before_expiry"]


def test_every_clock_and_follow_up_has_a_citation() -> None:
    assert all(s.citation for s in wf.clock_specs())
    assert all(f.citation for f in wf.follow_ups())
