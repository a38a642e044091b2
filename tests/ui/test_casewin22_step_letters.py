"""A track step's Alt key was handed out among the steps of the track's state only:
Withdraw was Alt+B in Draft, but once Approved for filing, Record filing took Alt+B and
Withdraw moved to Alt+J. The letters are handed out once per workflow kind, in the order
of its transition table, so a step keeps its letter in every state of its workflow."""

from __future__ import annotations

from dataclasses import replace

from approvals.domain import workflow as wf
from approvals.paths import DataDir
from approvals.services.workflow import ActionView
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.widgets import access_key
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view


def _actions(kind: str, state: str) -> list[ActionView]:
    return [ActionView(t.name, t.label, t.label_zh, True, None, False, t.params)
            for t in wf.transitions_from(kind, state)]


def test_every_step_keeps_its_letter_in_every_state_of_every_workflow(
        qtbot, runner: TaskRunner, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0004", track="US-OISP")
    track = view.current_track()
    assert track is not None
    for kind in wf.TRACK_KINDS:
        letters: dict[str, dict[str, str]] = {}  # step -> {state: letter}
        for state in wf.workflow(kind).states:
            actions = _actions(kind, state.name)
            if not actions:
                continue
            # Through the window, as a track of this kind in this state shows its steps.
            view._set_actions(actions, replace(track, kind=kind, state=state.name))
            keys = {a.name: access_key(view.track_buttons[a.name].text()) for a in actions}
            assert "" not in keys.values(), (kind, state.name, keys)
            assert len(set(keys.values())) == len(keys), (kind, state.name, keys)
            for name, key in keys.items():
                letters.setdefault(name, {})[state.name] = key
        for name, by_state in letters.items():
            assert len(set(by_state.values())) == 1, (kind, name, by_state)


def test_withdraw_is_the_same_key_in_draft_and_approved_for_filing(
        qtbot, runner: TaskRunner, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0004", track="US-OISP")
    track = view.current_track()
    assert track is not None
    seen = []
    for state in ("draft", "approved_for_filing"):
        view._set_actions(_actions("US-OISP", state), replace(track, state=state))
        seen.append(access_key(view.track_buttons["withdraw"].text()))
    assert seen[0] == seen[1], seen
