"""The Timeline fills from a model: a long audit trail (5,000 events filled in 0.8 s when
every cell was an item with its tooltip, and every event's sentence was made up front)
makes its sentences, tooltips and what the filter searches only when they are needed,
and finds the same events."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.timeline_table import TimelineModel
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view_wording import case_ref  # noqa: F401  (fixture)

WHAT, CHANGE = 2, 4


def refill_long(view: CaseView, events: int) -> None:
    """The window's Timeline filled with `events` copies of the case's own events."""
    assert view.data is not None
    base = view.data.bundle.events
    many = [dataclasses.replace(base[i % len(base)], id=i + 1, reason=f"reason {i}")
            for i in range(events)]
    view.tabs.setCurrentWidget(view.timeline_page)
    view._show_timeline(dataclasses.replace(view.data.bundle, events=many), view.data.tracks)


def test_filling_makes_no_sentence_or_tooltip_until_asked(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    made: list[int] = []
    sentence = view._sentence
    monkeypatch.setattr(view, "_sentence", lambda e, *a: made.append(e.id) or sentence(e, *a))
    view.tabs.setCurrentWidget(view.timeline_page)
    view._timeline_search_timer.setInterval(10_000)  # no idle pass during the test
    refill_long(view, 300)
    model = view.timeline.model()
    assert isinstance(model, TimelineModel) and model.rowCount() == 300
    assert len(made) <= 1  # the selected event's, for the details pane, at most
    assert not model._tips
    # Asked for, a tooltip is made (the What cell's: the event's sentence) and kept.
    item = view.timeline.item(5, WHAT)
    assert item is not None and item.toolTip() == view._timeline_sentence(5)
    assert model.cell(5, WHAT, Qt.ItemDataRole.ToolTipRole) == item.toolTip()
    assert (5, WHAT) in model._tips


def test_the_filter_searches_every_event_before_the_idle_passes_end(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.timeline_page)
    view._timeline_search_timer.setInterval(10_000)
    refill_long(view, 300)
    assert len(view._timeline_haystacks) < 300  # not made yet
    view.timeline_filter.setText("reason 299")  # the oldest event: the last row
    assert view.visible_timeline_rows() == 1 and not view.timeline.isRowHidden(0)
    assert len(view._timeline_haystacks) == 300
    view.timeline_filter.clear()
    assert view.visible_timeline_rows() == 300


def test_idle_passes_make_the_events_searchable_a_slice_at_a_time(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    monkeypatch.setattr(CaseView, "TIMELINE_SLICE", 40)
    refill_long(view, 300)
    qtbot.waitUntil(lambda: len(view._timeline_haystacks) == 300, timeout=5_000)
    assert not view._timeline_search_timer.isActive()
    # The cells, the action's code and the sentence are all searched.
    action = view.timeline.item(7, WHAT).data(Qt.ItemDataRole.UserRole)
    assert action in view._timeline_haystacks[7]
    assert view._timeline_sentence(7).casefold() in view._timeline_haystacks[7]
