"""Ctrl+Enter went round the greyed-out Add comment: a comment over the limit reached the
service, and an error box said "body: at most 10,000 characters" (its column's name)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.paths import DataDir
from approvals.services.workspace import MAX_COMMENT, add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Comment
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case

__all__ = ["fisr_case"]  # the fixture


def test_ctrl_enter_over_the_limit_adds_nothing_and_asks_for_nothing(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.comments_page)
    boxes: list[object] = []
    monkeypatch.setattr(view, "_refused", lambda title: lambda exc: boxes.append((title, exc)))
    view.comment_edit.setPlainText("x" * (MAX_COMMENT + 1))
    assert not view.add_comment_button.isEnabled()
    view.add_comment()  # what Ctrl+Enter calls
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    assert boxes == [] and not view._adding_comment
    assert view.comment_edit.toPlainText() == "x" * (MAX_COMMENT + 1)  # kept to shorten
    with db.read_session() as s:
        assert s.exec(select(Comment)).all() == []


def test_the_service_names_the_comment_not_its_column(db: Database, admin: Actor,
                                                      fisr_case: str) -> None:
    with db.session() as s, pytest.raises(InputError) as refused:
        add_comment(s, actor=admin, reference=fisr_case, body="x" * (MAX_COMMENT + 1))
    assert str(refused.value) == f"Comment: at most {MAX_COMMENT:,} characters"
    with db.session() as s, pytest.raises(InputError) as refused:
        add_comment(s, actor=admin, reference=fisr_case, body="a\u202eb")
    assert str(refused.value).startswith("Comment: contains a text-direction control")
