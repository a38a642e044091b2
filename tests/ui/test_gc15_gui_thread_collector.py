"""With a QApplication the cyclic collector runs on the GUI thread only. Left to itself
it ran on whichever thread allocated, often a worker, and a cycle it freed there could
destroy a Qt object off its thread: the UI tests crashed at random in the event loop."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from approvals.ui import workers
from approvals.ui.application import make_application
from approvals.ui.workers import collect_on_gui_thread, gc_paused


class _Node:
    """One half of a reference cycle."""

    other: _Node


def _cycle() -> weakref.ref[_Node]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def _on_a_worker(work: Callable[[], None]) -> None:
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def test_the_app_collects_on_its_gui_thread_only(qapp: QApplication) -> None:
    assert make_application() is qapp
    timer = qapp.findChild(QTimer, "guiThreadCollector")
    assert isinstance(timer, QTimer) and timer.isActive()
    assert not gc.isenabled() and gc_paused.gui_collects


def test_a_worker_that_allocates_much_never_frees_a_cycle(qapp: QApplication) -> None:
    made: list[weakref.ref[_Node]] = []

    def work() -> None:
        made.append(_cycle())
        # Far more than the young generation's threshold: the automatic collector
        # would have run here, on this worker thread.
        junk = [[i] for i in range(gc.get_threshold()[0] * 20)]
        del junk

    _on_a_worker(work)
    assert made[0]() is not None  # garbage, but the worker's allocations freed nothing
    gc.collect()
    assert made[0]() is None


def test_the_gui_thread_collects_by_the_thresholds(qapp: QApplication) -> None:
    gc.collect()
    cycle = _cycle()
    collect_on_gui_thread()  # the young generation holds too little yet
    assert cycle() is not None
    junk = [[i] for i in range(gc.get_threshold()[0] + 10)]
    collect_on_gui_thread()
    assert cycle() is None
    del junk


def test_a_checker_on_a_worker_does_nothing(qapp: QApplication) -> None:
    gc.collect()
    cycle = _cycle()
    junk = [[i] for i in range(gc.get_threshold()[0] + 10)]
    _on_a_worker(collect_on_gui_thread)
    assert cycle() is not None
    del junk
    gc.collect()


def test_a_reclaim_due_on_a_worker_waits_for_the_gui_thread(
        qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gc_paused, "FREEZE_ABOVE", -1)  # every pause counts as large
    monkeypatch.setattr(gc_paused, "RECLAIM_EVERY", 1)  # and ends with a reclaim
    made: list[weakref.ref[_Node]] = []

    def work() -> None:
        with gc_paused():
            made.append(_cycle())

    _on_a_worker(work)
    assert gc_paused.reclaim_due and made[0]() is not None
    assert not gc.isenabled()  # the pause left the collector off
    monkeypatch.setattr(workers.gc_paused, "FREEZE_ABOVE", 10**9)
    collect_on_gui_thread()
    assert not gc_paused.reclaim_due and made[0]() is None
