"""Review mode: Enter in a one-line comment field adds the comment, and so does Ctrl+Enter
(the case window's key for its Comments tab); the Comment buttons' tooltips say so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.ui.review import ReviewModeWindow
from tests.review_support import RITA, open_review_pair


@pytest.fixture
def rw(qtbot, runner, data_dir, db, tmp_path) -> Iterator[ReviewModeWindow]:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        window = ReviewModeWindow(runner, RITA, pair.b_dir, pair.pack_id)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
        yield window
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    finally:
        pair.b_db.dispose()


def _comments(window: ReviewModeWindow) -> list[str]:
    return [window.comment_list.item(i).text() for i in range(window.comment_list.count())]


def _type_and_press(qtbot, window: ReviewModeWindow, text: str,
                    modifier: Qt.KeyboardModifier, key: Qt.Key = Qt.Key.Key_Return) -> None:
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.case_comment_edit.parentWidget()))
    window.activateWindow()
    window.case_comment_edit.setFocus()
    QApplication.processEvents()
    qtbot.keyClicks(window.case_comment_edit, text)
    before = len(_comments(window))
    qtbot.keyClick(window.case_comment_edit, key, modifier)
    qtbot.waitUntil(lambda: len(_comments(window)) > before, timeout=10_000)
    qtbot.wait(200)  # a second, doubled save would have shown by now
    assert sum(text in line for line in _comments(window)) == 1
    assert window.case_comment_edit.text() == ""
    assert window.status.text() == "Comment on the case saved."


def test_enter_in_the_comment_field_adds_the_comment(qtbot, rw: ReviewModeWindow) -> None:
    _type_and_press(qtbot, rw, "Matches the SPA", Qt.KeyboardModifier.NoModifier)


def test_ctrl_enter_adds_the_comment_once(qtbot, rw: ReviewModeWindow) -> None:
    _type_and_press(qtbot, rw, "Check the board seat", Qt.KeyboardModifier.ControlModifier)


def test_keypad_enter_adds_the_comment(qtbot, rw: ReviewModeWindow) -> None:
    _type_and_press(qtbot, rw, "Keypad", Qt.KeyboardModifier.KeypadModifier, Qt.Key.Key_Enter)


def test_enter_in_an_empty_field_adds_nothing(qtbot, rw: ReviewModeWindow) -> None:
    before = _comments(rw)
    rw.case_comment_edit.setFocus()
    qtbot.keyClick(rw.case_comment_edit, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert _comments(rw) == before


def test_the_comment_buttons_tooltips_name_the_keys(rw: ReviewModeWindow) -> None:
    for button in (rw.field_comment_button, rw.doc_comment_button, rw.case_comment_button):
        assert button.isEnabled()
        assert button.toolTip() == "Add the comment (Enter or Ctrl+Enter)"


def test_help_lists_the_comment_keys_by_field(rw: ReviewModeWindow) -> None:
    from approvals.ui.help import collect_shortcuts

    entries = {(e.keys, e.does) for e in collect_shortcuts(rw, "Review mode")}
    described = {does for _keys, does in entries}
    for field in ("Comment on the selected field", "Comment on the selected document",
                  "Comment on the case"):
        assert f"Add the comment (in “{field}”)" in described
    assert not any(does.startswith("Works in") or does == "(not described)"
                   for does in described)
