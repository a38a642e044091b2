"""The GUI thread's collector walks the oldest generation about as CPython's own does:
once the heap has grown by a quarter since the last full collection, not at every tenth
collection of the middle generation."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from approvals.ui import workers
from approvals.ui.workers import collect_on_gui_thread


@pytest.fixture
def generations_collected(qapp: QApplication, monkeypatch: pytest.MonkeyPatch
                          ) -> Iterator[list[int]]:
    """The generation of each collection from now on; the counts say the oldest
    generation's threshold is reached."""
    young, middle, old = gc.get_threshold()
    monkeypatch.setattr(gc, "get_count", lambda: (young + 1, middle, old))
    collected: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collected.append(info["generation"])

    gc.callbacks.append(record)
    yield collected
    gc.callbacks.remove(record)


def test_a_full_collection_waits_until_the_oldest_generation_grew_by_a_quarter(
        generations_collected: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    gc.collect()
    generations_collected.clear()
    held = sys.getallocatedblocks()
    monkeypatch.setattr(workers._oldest, "after_last_full", held)
    collect_on_gui_thread()
    assert generations_collected == [1]  # grown by less than a quarter: not the oldest
    monkeypatch.setattr(workers._oldest, "after_last_full", held * 3 // 4)
    collect_on_gui_thread()
    assert generations_collected == [1, 2]
    collect_on_gui_thread()  # measured after that one: no growth since
    assert generations_collected == [1, 2, 1]


def test_a_freeze_makes_the_next_full_collection_due(
        generations_collected: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers._oldest, "after_last_full", 10**9)
    monkeypatch.setattr(workers.gc_paused, "FREEZE_ABOVE", -1)  # as after a large pause
    workers.gc_paused.settle()
    try:
        assert workers._oldest.after_last_full == 0
        monkeypatch.setattr(workers.gc_paused, "FREEZE_ABOVE", 10**9)
        collect_on_gui_thread()
        assert generations_collected[-1] == 2
    finally:
        gc.unfreeze()
