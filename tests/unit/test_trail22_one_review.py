"""The workflows of one review ending in three decisions (CN-DATA-EXPORT, CN-US-CAPITAL)
are made by one function (domain.workflow._one_review): the same steps, guards and clocks,
each decision and the state it reaches in the same words."""

from __future__ import annotations

import pytest

from approvals.domain import workflow as wf


@pytest.mark.parametrize(("kind", "review"), [("CN-DATA-EXPORT", "assessment"),
                                              ("CN-US-CAPITAL", "under_review")])
def test_one_review_then_three_decisions_said_as_their_states(kind: str, review: str) -> None:
    flow = wf.WORKFLOWS[kind]
    steps = {t.name: t for t in flow.transitions}
    states = {s.name: s for s in flow.states}
    start = next(t for t in flow.transitions if t.target == review)  # its clock starts
    assert start.sources == ("accepted",) and start.clock is not None
    assert start.clock.op == "start"
    # After the four preparation steps, in the order the Tracks tab offers them.
    assert [t.name for t in flow.transitions][4:9] == [
        "accept", start.name, "clear", "clear_with_conditions", "prohibit"]
    assert states[review].review_phase
    for step, state in (("clear", "cleared"), ("clear_with_conditions", "cleared_with_conditions"),
                        ("prohibit", "prohibited")):
        decision = steps[step]
        assert decision.sources == (review,) and decision.target == state
        assert (decision.label, decision.label_zh) == (states[state].label, states[state].label_zh)
        assert states[state].decided and decision.clock == wf.ClockOp("end")
    assert steps["clear_with_conditions"].params == ("conditions",)
    assert {t.name for t in flow.transitions if t.sources == (review,)} >= {"request_materials"}
