"""Review mode from the keyboard: Comment (Alt+M) and Propose change (Alt+P) are the only
Alt keys of their rows, so a reviewer reaches for them before typing. Comment on an empty
comment field did nothing at all (no word, the focus on the button); Propose change on an
empty value field said to type the value but left the focus on the button. Both say what
is missing and put the cursor where it is typed."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from approvals.ui.review import COMMENTS_TAB, DOCUMENTS_TAB, FACTS_TAB
from tests.ui.test_review_unsaved_ui import _open, _two_cases_in_review_mode


@pytest.fixture
def on_board_seats(qtbot, tmp_path, data_dir, db, admin, installation_b) -> Any:
    """A review-mode window on its Facts tab, Board seats selected."""
    rw, _refs, _facts = _two_cases_in_review_mode(qtbot, tmp_path, data_dir, db, admin,
                                                  installation_b)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.tabs.setCurrentIndex(FACTS_TAB)
    rw.select_field("deal.board_seats")
    return rw


def test_comment_on_an_empty_field_says_so_and_puts_the_cursor_there(on_board_seats) -> None:
    rw = on_board_seats
    rw.field_comment_button.setFocus()
    rw.field_comment_button.click()
    assert rw.status.text() == "Type the comment first, then press Comment. Nothing was saved."
    assert rw.focusWidget() is rw.field_comment_edit

    rw.tabs.setCurrentIndex(COMMENTS_TAB)
    rw.case_comment_button.setFocus()
    rw.case_comment_button.click()
    assert rw.status.text().startswith("Type the comment first")
    assert rw.focusWidget() is rw.case_comment_edit


def test_comment_on_a_document_with_nothing_typed_says_so(
        qtbot, tmp_path, data_dir, db, admin, installation_b) -> None:
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.tabs.setCurrentIndex(DOCUMENTS_TAB)
    assert rw.doc_list.count()
    rw.doc_list.setCurrentRow(0)
    rw.doc_comment_button.setFocus()
    rw.doc_comment_button.click()
    assert rw.status.text().startswith("Type the comment first")
    assert rw.focusWidget() is rw.doc_comment_edit


def test_propose_change_with_no_value_puts_the_cursor_in_the_value_field(
        on_board_seats) -> None:
    rw = on_board_seats
    rw.propose_button.setFocus()
    rw.propose_button.click()
    assert rw.status.text() == "Type the new value first, or use Clear value to empty the field."
    assert rw.focusWidget() is rw.propose_edit
