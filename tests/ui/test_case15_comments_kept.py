"""The Comments tab says that a comment is kept as written (no Edit or Delete to look for
afterwards, the Timeline records it), before one is written: in the empty list, on the
box it is typed in (tooltip and what a screen reader says) and on Add comment."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.case_comments_tab import COMMENTS_KEPT
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case

__all__ = ["fisr_case"]  # the fixture


def test_the_comments_tab_says_comments_are_kept_as_written(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    assert "cannot be edited or deleted" in COMMENTS_KEPT
    view.tabs.setCurrentWidget(view.comments_page)
    assert view.comments.toPlainText() == f"No comments yet. {COMMENTS_KEPT}"
    assert view.comment_edit.accessibleDescription() == COMMENTS_KEPT
    assert view.comment_edit.toolTip() == COMMENTS_KEPT
    view.comment_edit.setPlainText("Checked the SPA with counsel.")
    assert view.add_comment_button.isEnabled()
    assert view.add_comment_button.toolTip().endswith(COMMENTS_KEPT)
