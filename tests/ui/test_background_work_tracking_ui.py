"""TaskRunner.background keeps the cancel switch of work not yet finished only: a job that
ends before its switch is registered (a fast job on an idle thread) is not kept for ever."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QThreadPool

from approvals.ui.workers import Task, TaskRunner


def test_work_that_ends_before_it_is_registered_is_not_kept(
        qtbot, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    real = runner._submit

    def submit_then_finish(pool: QThreadPool, *args: Any, **kwargs: Any) -> Task:
        task = real(pool, *args, **kwargs)
        assert pool.waitForDone(5_000)  # the job has ended before background() goes on
        return task

    monkeypatch.setattr(runner, "_submit", submit_then_finish)
    for _ in range(3):
        runner.background(lambda _progress: None)
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    assert runner._background_work == set()
