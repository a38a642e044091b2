"""The Comments tab at 200 % on a laptop screen: the box a comment is typed in (four lines
high) and the Add comment button's row under it took most of the tab, and about two
comments were in view. On a short tab the box is two lines high, beside the button."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from approvals.paths import DataDir
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.scaling_support import LAPTOPS_AT_200, wholly_shown

COMMENTS = 8


def comments_in_view(view: CaseView) -> int:
    """The comments wholly in view in the Comments tab's list (one paragraph each)."""
    browser = view.comments
    layout = browser.document().documentLayout()
    top = browser.verticalScrollBar().value()
    bottom = top + browser.viewport().height()
    block, shown = browser.document().begin(), 0
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        if block.text().strip() and rect.top() >= top and rect.bottom() <= bottom:
            shown += 1
        block = block.next()
    return shown  # a paragraph each: who and when, then what they wrote


def open_comments(
    qtbot, demo: Database, admin: Actor, data_dir: DataDir, size: tuple[int, int]
) -> CaseView:
    with demo.session() as session:
        for n in range(COMMENTS):
            add_comment(
                session,
                actor=admin,
                reference="AP-2026-0002",
                body=f"Comment {n}: the data-export assessment needs annex {n}.",
            )
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0002")
    view.resize(*size)
    view.tabs.setCurrentIndex(view.tabs.count() - 1)
    QApplication.processEvents()
    QApplication.processEvents()
    return view


@pytest.mark.parametrize("size", LAPTOPS_AT_200)
def test_a_short_tab_shows_more_comments_than_the_box_takes(
    qtbot, demo: Database, admin: Actor, data_dir: DataDir, size: tuple[int, int]
) -> None:
    view = open_comments(qtbot, demo, admin, data_dir, size)
    line = view.comment_edit.fontMetrics().lineSpacing()
    assert comments_in_view(view) >= 4  # two or three with the four-line box
    assert view.comment_edit.height() < line * 3 + 12  # two lines, not four
    # The button beside the box, at its foot, in view: nothing scrolls in the tab.
    button = view.add_comment_button
    assert wholly_shown(button)
    assert abs(button.geometry().bottom() - view.comment_edit.geometry().bottom()) < line
    assert view.findChild(QScrollArea, "commentsPage").verticalScrollBar().maximum() == 0
    view.close()


def test_a_roomy_tab_keeps_a_four_line_box(
    qtbot, demo: Database, admin: Actor, data_dir: DataDir
) -> None:
    view = open_comments(qtbot, demo, admin, data_dir, (1280, 800))
    line = view.comment_edit.fontMetrics().lineSpacing()
    assert view.comment_edit.height() >= line * 4
    assert comments_in_view(view) >= 5
    view.close()
