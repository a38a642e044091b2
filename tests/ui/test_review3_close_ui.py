"""Closing review mode (or quitting the app) with review input typed or chosen but not
saved asks Save / Discard / Cancel: it used to close and drop it without a word."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.services import review
from tests.ui.test_review_ui import _case_with_documents, _click, open_in_review_mode

Button = QMessageBox.StandardButton


def _open(qtbot, tmp_path, data_dir, db, admin, installation_b):
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b, ref)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it again
    return rw, ref, features


def _stored(rw, b_dir, ref: str) -> review.ReviewCase:
    return next(c for c in review.get_review(b_dir, rw.pack_id).cases if c.reference == ref)


def _type_all(rw) -> None:
    """A proposal, a field comment, a case comment and a return with reasons, none saved."""
    rw.select_field("deal.board_seats")
    rw.propose_edit.setText("2")
    rw.field_comment_edit.setText("Two seats per the SPA")
    rw.case_comment_edit.setText("Check the SPA")
    rw.return_radio.setChecked(True)
    rw.reasons_edit.setPlainText("Board seats understated")


def test_closing_with_unsaved_input_asks_and_cancel_keeps_it(qtbot, tmp_path, data_dir, db,
                                                            admin, installation_b):
    rw, ref, _features = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    _type_all(rw)
    rw.close()
    box = rw.close_box
    assert box is not None and box.isVisible() and rw.isVisible()
    assert box.objectName() == "closeWithUnsavedReviewInput"
    assert box.defaultButton() is box.button(Button.Save)
    text = box.informativeText()
    for item in (f"the recommendation for {ref}",
                 "the new value typed on the Facts tab, for Board seats (Deal)",
                 "the comment typed on the Facts tab, for Board seats (Deal)",
                 "the comment typed on the Comments tab"):
        assert item in text
    _click(qtbot, box.button(Button.Cancel))
    assert rw.isVisible() and rw.case_comment_edit.text() == "Check the SPA"
    assert rw.return_radio.isChecked()
    # Discard: closed, nothing stored.
    rw.close()
    _click(qtbot, rw.close_box.button(Button.Discard))
    assert not rw.isVisible()
    stored = _stored(rw, installation_b[0], ref)
    assert stored.recommendation is None and not stored.proposals
    assert [c for c in stored.comments if c.origin == "review"] == []


def test_save_stores_every_piece_then_closes(qtbot, tmp_path, data_dir, db, admin,
                                             installation_b):
    rw, ref, _features = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    _type_all(rw)
    rw.close()
    with qtbot.waitSignal(rw.closed, timeout=10_000):
        _click(qtbot, rw.close_box.button(Button.Save))
    assert not rw.isVisible()
    stored = _stored(rw, installation_b[0], ref)
    assert (stored.recommendation, stored.reasons) == ("return", "Board seats understated")
    assert [(p.field_path, p.proposed_value) for p in stored.proposals] == [("deal.board_seats", 2)]
    assert sorted((c.field_path or "", c.body) for c in stored.comments if c.origin == "review") \
        == [("", "Check the SPA"), ("deal.board_seats", "Two seats per the SPA")]


def test_save_of_a_return_without_reasons_stays_open_and_says_where(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    rw, ref, _features = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.case_comment_edit.setText("Check the SPA")
    rw.return_radio.setChecked(True)
    rw.tabs.setCurrentIndex(0)
    rw.close()
    _click(qtbot, rw.close_box.button(Button.Save))
    # Nothing stored (not even the comment), the window open on the reasons.
    assert rw.isVisible() and rw.tabs.currentIndex() == 4
    assert rw.status.text().startswith("Type your reasons first")
    assert rw.case_comment_edit.text() == "Check the SPA"
    assert [c for c in _stored(rw, installation_b[0], ref).comments if c.origin == "review"] == []
    rw.close()
    _click(qtbot, rw.close_box.button(Button.Discard))


def test_quit_waits_for_the_answer_and_cancel_keeps_the_app_open(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    rw, ref, features = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    main = features.window
    main.show()
    rw.case_comment_edit.setText("Check the SPA")
    main.close()
    assert main.isVisible() and rw.isVisible() and rw.close_box.isVisible()
    _click(qtbot, rw.close_box.button(Button.Cancel))
    assert main.isVisible() and rw.case_comment_edit.text() == "Check the SPA"
    # Quit again; saved this time, the review window goes and Quit goes on.
    main.close()
    with qtbot.waitSignal(rw.closed, timeout=10_000):
        _click(qtbot, rw.close_box.button(Button.Save))
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=10_000)
    assert [c.body for c in _stored(rw, installation_b[0], ref).comments
            if c.origin == "review"] == ["Check the SPA"]


def test_a_recommendation_stored_elsewhere_meanwhile_is_shown_not_unsaved(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    """Stored from the command line while the window was open: the blank form did not
    count as an unsaved change that would overwrite it."""
    rw, ref, _features = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    review.set_recommendation(data_dir=installation_b[0], pack_id=rw.pack_id, reference=ref,
                              recommendation="approve", reasons="", actor=rw.actor)
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        rw.reload()
    assert rw.approve_radio.isChecked()
    assert rw.unsaved_input() == []


def test_a_piece_the_service_refuses_keeps_the_window_open_with_the_rest(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    """A stake of 150 % reads as a number, so only the service refuses it: what was stored
    before it stays stored, the refused value and what follows stay typed, and it is said."""
    rw, ref, _features = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.select_field("deal.stake_after_pct")
    rw.propose_edit.setText("150")
    rw.case_comment_edit.setText("Check the SPA")
    rw.close()
    with qtbot.waitSignal(rw.close_kept, timeout=10_000):
        _click(qtbot, rw.close_box.button(Button.Save))
    assert rw.isVisible()
    assert rw.status.text().startswith("Could not propose the change to ")
    assert "Nothing saved: your input is still here" in rw.status.text()
    assert rw.propose_edit.text() == "150" and rw.case_comment_edit.text() == "Check the SPA"
    stored = _stored(rw, installation_b[0], ref)
    assert not stored.proposals and not [c for c in stored.comments if c.origin == "review"]
    for box in QApplication.topLevelWidgets():  # the error box naming the field
        if box.isVisible() and box.objectName() == "errorDialog":
            box.close()
    rw.close()
    _click(qtbot, rw.close_box.button(Button.Discard))
