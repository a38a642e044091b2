"""Boxes of a number of lines hold those lines whole under GNOME's Sans 10, whose
lineSpacing() rounds down (15) what labels and text boxes lay a line out in (16): the case
window's comment box and the wizard's long-text and list boxes (four lines typed in a
four-line box showed a scroll bar and scrolled the first line away), and the rulebook
window's install outcome (its last line in sight lost its foot). Each is sized by
widgets.laid_out_line, as the checklist and the review windows are."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QFont, QFontMetrics, QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import rulebook as rulebook_ui
from approvals.ui.rulebook import RulebookWindow
from approvals.ui.widgets import laid_out_line
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

GNOME = QFont("Sans", 10)


def _the_font_rounds_down() -> None:
    metrics = QFontMetrics(GNOME)
    assert metrics.lineSpacing() < laid_out_line(metrics), "a font where the two differ"


def _lines_fit(qtbot, edit: QPlainTextEdit, lines: int) -> None:
    """`lines` lines typed: no scroll bar, and with the cursor at the end the first line
    is still in sight."""
    edit.setPlainText("\n".join(f"Line {n}: reviewing" for n in range(1, lines + 1)))
    edit.moveCursor(QTextCursor.MoveOperation.End)
    edit.ensureCursorVisible()
    QApplication.processEvents()
    assert edit.verticalScrollBar().maximum() == 0, "the box scrolls its own lines"
    assert edit.firstVisibleBlock().blockNumber() == 0


@contextmanager
def _app_font(font: QFont) -> Iterator[None]:
    before = QApplication.font()
    QApplication.setFont(font)
    try:
        yield
    finally:
        QApplication.setFont(before)


def test_the_comment_box_holds_its_four_lines_without_scrolling(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    _the_font_rounds_down()
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0001")
    view.tabs.setCurrentWidget(view.comments_page)
    view.tabs.setCurrentIndex(next(i for i in range(view.tabs.count())
                                   if view.tabs.widget(i).isAncestorOf(view.comment_edit)))
    QApplication.processEvents()
    assert view.comment_edit.isVisible()
    view.comment_edit.setFont(GNOME)
    for lines in (view.COMMENT_BOX_LINES, view.SHORT_COMMENT_BOX_LINES):
        view._set_comment_box_lines(lines)
        _lines_fit(qtbot, view.comment_edit, lines)
    view.comment_edit.clear()
    runner.wait_for_done()


def test_the_wizards_long_boxes_hold_their_four_lines_without_scrolling(qtbot) -> None:
    from approvals.ui.wizard import ListField, LongTextField

    _the_font_rounds_down()
    with _app_font(GNOME):
        fields = [LongTextField(("deal", "commercial_rationale")),
                  ListField(("target", "ai", "us_models_used"))]
    for field in fields:
        edit = field.widget
        assert isinstance(edit, QPlainTextEdit)
        qtbot.addWidget(field.container)
        edit.setFont(GNOME)
        field.container.resize(500, field.container.sizeHint().height())
        field.container.show()
        assert edit.isVisible()
        _lines_fit(qtbot, edit, 4)


def test_the_rulebook_outcome_shows_its_fifth_line_whole(qtbot, runner: TaskRunner) -> None:
    _the_font_rounds_down()
    window = RulebookWindow(runner)
    qtbot.addWidget(window)
    window.resize(1100, 720)  # tall: five lines before it scrolls
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    assert not window.is_short()
    label = window.update_label
    label.setFont(GNOME)
    window.update_area.setVisible(True)
    lines = rulebook_ui.OUTCOME_LINES
    window._set_outcome("<br>".join(f"Case {n}: reviewing" for n in range(lines)))
    QApplication.processEvents()
    five = label.heightForWidth(window.update_area.viewport().width())
    window._set_outcome("<br>".join(f"Case {n}: reviewing" for n in range(20)))
    QApplication.processEvents()
    shown = window.update_area.height()
    assert five <= shown < label.heightForWidth(window.update_area.viewport().width())
    assert window.update_area.verticalScrollBar().maximum() > 0  # the rest scrolls
    runner.wait_for_done()
