"""A case window reads its case again after every change stored from it and when the case
list says it changed; two read threads may answer out of order. An older read answering
last must not put back the case as it was before the change (with the older version, the
next step would be refused as a conflict)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from approvals.paths import DataDir
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import case_view as case_view_module
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view


def test_an_older_read_answering_last_does_not_bring_back_the_case_before_a_change(
        qtbot, runner: TaskRunner, demo: Database, admin: Actor, data_dir: DataDir,
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0002")
    assert view.data is not None
    comments_before = len(view.data.bundle.comments)

    real = case_view_module.load_case_data
    older_may_answer = threading.Event()
    reads: list[int] = []

    def first_read_answers_last(session: Any, **kwargs: Any) -> Any:
        data = real(session, **kwargs)  # the case as it is now
        reads.append(len(data.bundle.comments))
        if len(reads) == 1:
            older_may_answer.wait(10)  # until the newer read has been shown
        return data

    monkeypatch.setattr(case_view_module, "load_case_data", first_read_answers_last)
    view.reload()  # reads the case before the comment, answers last
    qtbot.waitUntil(lambda: len(reads) == 1, timeout=10_000)
    with demo.session() as s:
        add_comment(s, actor=admin, reference="AP-2026-0002", body="Checked the cap table.")
    view.reload()
    qtbot.waitUntil(lambda: view.data is not None
                    and len(view.data.bundle.comments) == comments_before + 1, timeout=10_000)
    older_may_answer.set()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    qtbot.wait(50)  # the older answer's callback, had it been taken
    assert reads == [comments_before, comments_before + 1]
    assert len(view.data.bundle.comments) == comments_before + 1
