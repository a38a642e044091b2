"""The Tracks tab says when the facts changed after a track was approved for filing, and
stops saying it once the track is approved again."""

from __future__ import annotations

import json
from functools import partial

from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.case_edit import update_case_facts
from approvals.services.screening import accept_rescreen
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track
from tests.ui.test_case_view import BOB, fisr_case
from tests.workflow_support import take_step

__all__ = ["fisr_case"]  # the fixture, shared with the case view's tests


_step = partial(take_step, reason="test")


def _fisr(db: Database) -> int:
    with db.session() as s:
        track = s.exec(select(FilingTrack).where(FilingTrack.regime == "CN-FISR")).one()
        assert track.id is not None
        return track.id


def _edit(db: Database, reference: str, actor: Actor) -> None:
    with db.session() as s:
        case = s.exec(select(Case).where(Case.reference == reference)).one()
        data = json.loads(case.facts)
        data["deal"]["stake_after_pct"] = 61
        data["deal"]["board_seats"] = 5
        update_case_facts(session=s, case_id=case.id or 0, expected_version=case.version,
                          new_facts=parse_facts(data), actor=actor, reason="new term sheet")


def test_the_tracks_tab_warns_of_facts_changed_after_approval(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    track_id = _fisr(db)
    _step(db, track_id, "submit_for_review", admin)
    _step(db, track_id, "approve_for_filing", BOB, on="2026-11-03")
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    assert not view.approval_note.isVisibleTo(view)  # approved, nothing changed since

    _edit(db, fisr_case, admin)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    select_track(view, "CN-FISR")
    note = view.approval_note
    assert note.isVisibleTo(view)
    text = note.text()
    assert text.startswith("The facts changed after this track was approved for filing on "
                           "3 Nov 2026 by bob: ")
    # The wizard's names of the fields, not the paths.
    assert "Board seats (Deal)" in text and "Stake after the deal (%) (Deal)" in text
    assert "deal.board_seats" not in text
    assert f"changed by {admin.username} on " in text
    assert text.endswith("Consider returning it for a new internal review.")
    assert note.styleSheet()  # set apart (amber), not plain text among the others
    item = view.track_list.currentItem()
    assert item.text().endswith("\nfacts changed since the approval")

    # Returned and approved again: the approver has seen these facts, once the screening
    # has: its reasons quoted the stake of 55 %.
    _step(db, track_id, "return_to_preparer", BOB)
    _step(db, track_id, "submit_for_review", admin)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    select_track(view, "CN-FISR")
    approve = view.track_buttons["approve_for_filing"]
    assert not approve.isEnabled()
    assert ("The facts changed since the case was screened (Board seats (Deal), Stake after "
            "the deal (%) (Deal)): re-screen it") in approve.toolTip()
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == fisr_case)).one()
        accept_rescreen(session=s, case_id=case_id, actor=admin, reason="new term sheet")
    _step(db, track_id, "approve_for_filing", BOB)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    select_track(view, "CN-FISR")
    assert not view.approval_note.isVisibleTo(view)
    assert "facts changed" not in view.track_list.currentItem().text()
