"""The Comments tab says that a comment is kept as written (no Edit or Delete to look for
afterwards, the Timeline records it), before one is written: in the empty list, on the
box it is typed in (tooltip and what a screen reader says) and on Add comment."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from sqlmodel import select

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Comment
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


def _stored_comments(db: Database, reference: str) -> list[str]:
    with db.read_session() as s:
        case = s.exec(select(Case).where(Case.reference == reference)).one()
        return [c.body for c in s.exec(select(Comment).where(Comment.case_id == case.id))]


def test_text_typed_while_a_comment_is_stored_stays_in_the_box(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    """The box stays open while the comment is stored (a database busy for seconds): a
    second point typed meanwhile was cleared with the first, without a word."""
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.comments_page)
    view.comment_edit.setPlainText("SAMR called: first point")
    view.add_comment()
    # Typed before the store's answer is handled (it comes through the event loop).
    view.comment_edit.moveCursor(QTextCursor.MoveOperation.End)
    view.comment_edit.insertPlainText("\nsecond point typed while saving")
    qtbot.waitUntil(lambda: "first point" in view.comments.toPlainText(), timeout=10_000)
    assert view.comment_edit.toPlainText() == "second point typed while saving"
    assert _stored_comments(db, fisr_case) == ["SAMR called: first point"]


def test_a_comment_is_shown_with_its_spaces_tabs_and_indent(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    """A pasted table lost its columns on screen ("表格 列2"), and the first line's indent
    was cut when it was stored; blank lines around the comment still go."""
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.comments_page)
    written = "  indented line\n表格\t列2\n多个   空格"
    view.comment_edit.setPlainText(f"\n\n{written}  \n\n")
    view.add_comment()
    qtbot.waitUntil(lambda: "indented line" in view.comments.toPlainText(), timeout=10_000)
    assert _stored_comments(db, fisr_case) == [written]
    shown = view.comments.toPlainText()
    assert "表格\t列2" in shown and "多个   空格" in shown and "  indented line" in shown
