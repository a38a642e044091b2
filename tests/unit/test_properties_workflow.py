"""Properties of the filing workflows (domain.workflow) walked at random, with their
statutory clocks run by domain.clocks as the workflow service runs them: no step leaves a
final state or lands outside the table, a decided track only ends, "materials supplied"
returns to the phase the clock stopped in, and a clock never counts below zero, never
counts while stopped and always adds up to its period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from approvals.domain import workflow as wf
from approvals.domain.calendars import build_calendar
from approvals.domain.clocks import Pause, clock_status, describe
from approvals.domain.errors import TransitionRefused

CALENDARS = {"CN": build_calendar("CN"), "US": build_calendar("US")}


@dataclass
class Clock:
    """A track's clock fields, changed as services.workflow._apply_clock changes them."""

    phase: str | None = None
    start: date | None = None
    days: int | None = None
    unit: str = "working"
    calendar: str = "CN"
    roll: bool = False
    pauses: list[Pause] = field(default_factory=list)
    base_days: int | None = None

    def apply(self, kind: str, op: wf.ClockOp, on: date, extension: int) -> None:
        if op.op == "start":
            assert op.phase is not None
            spec = wf.clock_spec(kind, op.phase, on)
            self.__init__(op.phase, on, spec.days, spec.unit, spec.calendar, spec.roll, [], spec.days)  # type: ignore[misc]
        elif op.op == "stop":
            assert self.phase is not None, "a clock is stopped that was never started"
            self.pauses.append(Pause(on))
        elif op.op == "resume":
            assert self.pauses and self.pauses[-1].resume is None, "resumed a clock that is not stopped"
            self.pauses[-1] = Pause(self.pauses[-1].stop, on)
        elif op.op == "extend":
            assert self.phase is not None and op.phase == self.phase, (op.phase, self.phase)
            spec = wf.clock_spec(kind, op.phase, self.start or on)
            if self.days is not None and spec.extension_days is not None and self.base_days is not None:
                self.days += min(extension, spec.extension_days - (self.days - self.base_days))
        elif op.op == "end":
            self.__init__()  # type: ignore[misc]
        else:
            raise AssertionError(f"unknown clock op {op.op!r}")


@settings(max_examples=3 * settings.default.max_examples)  # eight kinds of track to walk
@given(st.sampled_from(wf.TRACK_KINDS), st.data())
def test_random_walks_stay_in_the_table_and_never_leave_a_final_state(kind: str, data: st.DataObject) -> None:
    flow = wf.workflow(kind)
    names = {s.name for s in flow.states}
    review_phases = {s.name for s in flow.states if s.review_phase}
    state, back_to = "draft", None
    clock, on, stopped_elapsed = Clock(), date(2026, 1, 5), None
    for _ in range(data.draw(st.integers(1, 40), label="steps")):
        steps = wf.transitions_from(kind, state)
        if wf.is_final(kind, state):
            assert steps == []  # nothing leaves a final state
            for t in flow.transitions:
                with pytest.raises(TransitionRefused, match="final state"):
                    wf.get_transition(kind, state, t.name)
            break
        assert steps, f"{kind}: {state} is a dead end"
        step = data.draw(st.sampled_from(steps), label="step")
        assert wf.get_transition(kind, state, step.name) == step
        target = step.target_for(state, back_to)
        assert target in names
        if wf.is_decided(kind, state):
            assert wf.is_final(kind, target), (kind, state, step.name, target)
        if step.target == wf.RETURN:
            assert target == back_to and target in review_phases, (kind, back_to)
        if target == "materials_requested":
            assert state in review_phases
            back_to = state
        on += timedelta(days=data.draw(st.integers(0, 20), label="days until the step"))
        if step.clock is not None:
            clock.apply(kind, step.clock, on, data.draw(st.integers(1, 90), label="extension"))
        state = target
        if clock.start is not None and clock.days is not None:
            status = clock_status(CALENDARS[clock.calendar], clock.start, clock.days, clock.unit, on,
                                  roll=clock.roll, pauses=clock.pauses)
            assert 0 <= status.elapsed <= clock.days and 0 <= status.remaining <= clock.days
            assert status.elapsed + status.remaining == clock.days
            assert status.stopped == (state == "materials_requested")
            if status.stopped:  # a stopped clock stands still
                assert status.deadline.due is None or status.deadline.due < clock.pauses[-1].stop
                assert stopped_elapsed in (None, status.elapsed)
                stopped_elapsed = status.elapsed
            else:
                stopped_elapsed = None
                assert status.deadline.due is not None and status.deadline.due > clock.start
            describe(status)


@given(st.sampled_from(wf.TRACK_KINDS), st.sampled_from(wf.STATE_ORDER))
def test_a_step_not_in_the_table_is_refused_with_a_reason(kind: str, state: str) -> None:
    flow = wf.workflow(kind)
    if state not in {s.name for s in flow.states}:
        return
    allowed = {t.name for t in wf.transitions_from(kind, state)}
    for t in flow.transitions:
        if t.name in allowed:
            assert wf.get_transition(kind, state, t.name).name == t.name
        else:
            with pytest.raises(TransitionRefused, match="not possible"):
                wf.get_transition(kind, state, t.name)
    # The diagram shows exactly the steps the table allows from this state.
    edges = {e["transition"] for e in wf.diagram(kind)["edges"] if e["from"] == state}
    assert edges == allowed


@given(st.lists(st.sampled_from([(k, s.name) for k in wf.TRACK_KINDS for s in wf.workflow(k).states]),
                min_size=1, max_size=6))
def test_a_cases_status_is_its_least_advanced_open_track(tracks: list[tuple[str, str]]) -> None:
    worst = wf.worst_state(tracks)
    open_states = [s for k, s in tracks if wf.is_open(k, s)]
    pool = open_states or [s for _, s in tracks]
    assert worst in pool
    assert all(wf.state_rank(worst) <= wf.state_rank(s) for s in pool)
