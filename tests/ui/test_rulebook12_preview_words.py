"""The install preview's count of the open cases: those changing only from a later date
are said as later, not as today's ("9 open cases would change" above a list that began
"As of 2026-12-01: no open case's outcome would change")."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from approvals.services.screening import OutcomeChange
from approvals.ui.rulebook import preview_cases_words


def _change(reference: str) -> OutcomeChange:
    return OutcomeChange(1, reference, "US-OISP", "prohibited", "not_required", "a", "b")


def _plan(today: list[str], later: list[tuple[date, list[str]]]) -> SimpleNamespace:
    return SimpleNamespace(
        references=tuple(today),
        later=tuple((day, ("US-OISP.scope.2027 takes effect",),
                     tuple(_change(r) for r in refs)) for day, refs in later))


KEEPS = "(listed below); each keeps its screening until a re-screening is accepted."


def test_cases_changing_only_later_are_said_with_their_date() -> None:
    plan = _plan([], [(date(2027, 1, 1), [f"AP-{i}" for i in range(9)])])
    assert preview_cases_words(plan) == (  # type: ignore[arg-type]
        f"No open case's outcome would change today; 9 open cases would from 2027-01-01 {KEEPS}")


def test_today_and_later_are_counted_apart() -> None:
    plan = _plan(["AP-1"], [(date(2027, 1, 1), ["AP-1", "AP-2"]),
                            (date(2028, 1, 1), ["AP-3"])])
    assert preview_cases_words(plan) == (  # type: ignore[arg-type]
        f"1 open case would change and 2 more from 2027-01-01 on {KEEPS}")
    assert preview_cases_words(_plan(["AP-1", "AP-2"], [])) == (  # type: ignore[arg-type]
        f"2 open cases would change {KEEPS}")
    assert preview_cases_words(_plan([], [])) == (  # type: ignore[arg-type]
        "No open case's outcome would change.")
