"""The collector pause around the big loads ends without leaving its objects to the
next collection: a large pause freezes what it made (the first collection after it
walked them all, holding the GUI thread for half a second or more with 100,000 cases),
and the cycles frozen with them do not pile up across reloads."""

from __future__ import annotations

import gc
import weakref

import pytest

from approvals.store.db import Database
from approvals.ui import main_window
from approvals.ui.dashboard import PreparedDashboard, load_prepared
from approvals.ui.workers import gc_paused

pytestmark = pytest.mark.usefixtures("automatic_collector")


def _tracked_ids() -> set[int]:
    """The objects the collector walks (every generation; frozen ones are not among them)."""
    return {id(o) for o in gc.get_objects()}


def test_a_large_pause_leaves_nothing_for_the_next_collection() -> None:
    with gc_paused():
        rows = [[str(i)] for i in range(gc_paused.FREEZE_ABOVE + 1_000)]
    # The young generation is empty and the rows are out of every generation: frozen.
    assert gc.get_count()[0] < 100
    tracked = _tracked_ids()
    assert id(rows) not in tracked and id(rows[-1]) not in tracked
    frozen = gc.get_freeze_count()
    del rows  # still freed by reference counting
    assert gc.get_freeze_count() <= frozen - gc_paused.FREEZE_ABOVE


def test_a_small_pause_is_left_to_an_ordinary_collection() -> None:
    frozen = gc.get_freeze_count()
    with gc_paused():
        rows = [[str(i)] for i in range(100)]
    # Nothing more frozen (a frozen object freed meanwhile, by another test's thread still
    # ending, lowers the count)
    assert gc.get_freeze_count() <= frozen
    assert id(rows) in _tracked_ids()


def test_a_nested_pause_freezes_only_when_the_outermost_ends() -> None:
    with gc_paused():
        with gc_paused():
            rows = [[str(i)] for i in range(gc_paused.FREEZE_ABOVE + 1_000)]
        assert id(rows) in _tracked_ids() and not gc.isenabled()
    assert id(rows) not in _tracked_ids() and gc.isenabled()


class _Node:
    """One half of a reference cycle."""

    other: _Node


def test_every_so_many_large_pauses_the_frozen_cycles_are_collected(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gc_paused, "FREEZE_ABOVE", -1)  # every pause counts as large
    monkeypatch.setattr(gc_paused, "RECLAIM_EVERY", 3)
    monkeypatch.setattr(gc_paused, "_large_pauses", 0)
    with gc_paused():
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        cycle = weakref.ref(a)
        del a, b
    gc.collect()
    assert cycle() is not None  # frozen: no collection reaches it
    with gc_paused():
        pass
    assert cycle() is not None
    with gc_paused():  # the third: a full collection before freezing again
        pass
    assert cycle() is None


def test_the_loaded_list_and_dashboard_are_frozen_and_reloads_do_not_pile_up(
        demo: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's cases are few: every pause counts as large here. Reloads of the list and
    the dashboard replace the last as the windows do; the cycles the SQL layer leaves
    (about ten objects a reload) are frozen with the rows, and collected every
    `RECLAIM_EVERY` large pauses (here the second reload's dashboard), so they do not pile up."""
    monkeypatch.setattr(gc_paused, "FREEZE_ABOVE", -1)
    monkeypatch.setattr(gc_paused, "RECLAIM_EVERY", 3)
    monkeypatch.setattr(gc_paused, "_large_pauses", 0)
    loaded: tuple[main_window.LoadedList, PreparedDashboard] | None = None
    for _ in range(2):
        with demo.read_session() as session:
            loaded = (main_window.load_list(session), load_prepared(session))
    assert loaded is not None
    tracked = _tracked_ids()
    assert id(loaded[0].prepared) not in tracked and id(loaded[1].tracks) not in tracked
    # What a full collection of everything would find now: the cycles frozen since the
    # last reclaim (the last dashboard's). Without it: two reloads' worth, and whatever
    # garbage the test run had pending when the first pause froze it (about 6,000).
    gc.unfreeze()
    left = gc.collect()
    gc.freeze()  # as the test run had them (conftest's pytest_collection)
    assert left < 50
