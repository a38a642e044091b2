"""Review input typed but not saved is kept beside the pack while the reviewer types: a
sign-out (which closes review mode without asking) or a crash does not lose it, and the
next review of the pack fills it in again and says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from approvals.services import review
from approvals.ui.review import ReviewModeWindow
from tests.ui.test_review_ui import _case_with_documents, _click, open_in_review_mode


def _open(qtbot, tmp_path, data_dir, db, admin, installation_b):
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b, ref)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it again
    return rw, ref, features


def _idle(qtbot, installation_b) -> None:
    qtbot.waitUntil(lambda: installation_b[2].idle, timeout=10_000)


def test_typed_input_outlives_a_sign_out_and_is_filled_in_again(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    b_dir = installation_b[0]
    rw, ref, _features = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    pack_id, user = rw.pack_id, rw.actor.username
    rw.select_field("deal.board_seats")
    rw.propose_edit.setText("2")
    rw.case_comment_edit.setText("Check the SPA")
    rw.return_radio.setChecked(True)
    rw.reasons_edit.setPlainText("Board seats understated")
    assert rw.typed_timer.isActive()  # kept a moment after the typing stops
    # Signing out hides the window, then closes it: nobody to ask, so it is kept.
    rw.hide()
    with qtbot.waitSignal(rw.closed, timeout=10_000):
        rw.close()
    _idle(qtbot, installation_b)
    kept = review.typed_input(b_dir, pack_id, user)
    assert kept["propose"] == "2" and kept["case_comment"] == "Check the SPA"
    assert kept["field"] == "deal.board_seats"
    assert kept["recommendations"] == {ref: ["return", "Board seats understated"]}
    assert review.typed_input(b_dir, pack_id, "someone-else") == {}
    # Nothing of it is review input (a response holds none of it).
    stored = next(c for c in review.get_review(b_dir, pack_id).cases)
    assert stored.recommendation is None and not stored.proposals

    # The next time the pack is reviewed (the window closed above is gone by then).
    again = ReviewModeWindow(installation_b[2], rw.actor, b_dir, pack_id)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.case_comment_edit.text() == "Check the SPA", timeout=10_000)
    assert again.propose_edit.text() == "2" and again.selected_field() == "deal.board_seats"
    assert again.return_radio.isChecked()
    assert again.reasons_edit.toPlainText() == "Board seats understated"
    assert again.status.text().startswith("Filled in again from when review mode last closed")
    assert f"the recommendation for {ref}" in again.status.text()
    # Discarded on closing: nothing is kept any more.
    again.close()
    _click(qtbot, again.close_box.button(QMessageBox.StandardButton.Discard))
    _idle(qtbot, installation_b)
    assert review.typed_input(b_dir, pack_id, user) == {}


def test_what_was_saved_is_no_longer_kept_as_typed(qtbot, tmp_path, data_dir, db, admin,
                                                   installation_b):
    b_dir = installation_b[0]
    rw, _ref, _features = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.case_comment_edit.setText("Check the SPA")
    rw._keep_typed()  # as the timer does
    _idle(qtbot, installation_b)
    assert review.typed_input(b_dir, rw.pack_id, rw.actor.username) == {
        "case_comment": "Check the SPA", "reference": rw.current_case().reference,
        "field": None, "document": None}
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        _click(qtbot, rw.case_comment_button)
    rw._keep_typed()
    _idle(qtbot, installation_b)
    assert review.typed_input(b_dir, rw.pack_id, rw.actor.username) == {}


def test_the_idle_lock_keeps_typing_and_its_sign_out_keeps_it_for_next_time(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    """Locked, review mode is covered and its typing stays as it was; signed out from the
    lock screen (someone else at the desk), the window closes without asking anyone, and
    the typing is kept beside the pack rather than lost."""
    from approvals.ui.auth import install_user_features

    b_dir = installation_b[0]
    rw, ref, features = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    main = features.window
    main.show()
    users = install_user_features(main, installation_b[2], rw.actor, timeout_ms=10**8)
    rw.case_comment_edit.setText("Check the SPA")
    rw.return_radio.setChecked(True)
    rw.reasons_edit.setPlainText("Board seats understated")
    users.idle_lock.lock()
    assert any(o.parentWidget() is rw for o in users.idle_lock.overlays)  # covered too
    users.idle_lock.unlock()  # as after the password: nothing was touched
    assert rw.case_comment_edit.text() == "Check the SPA" and rw.return_radio.isChecked()

    users.idle_lock.lock()
    [cover] = [o for o in users.idle_lock.overlays if o.parentWidget() is main]
    _click(qtbot, cover.sign_out_button)
    _idle(qtbot, installation_b)
    assert users.signed_out and not rw.isVisible() and rw.close_box is None  # nobody asked
    kept = review.typed_input(b_dir, rw.pack_id, rw.actor.username)
    assert kept["case_comment"] == "Check the SPA"
    assert kept["recommendations"] == {ref: ["return", "Board seats understated"]}


def test_typing_discarded_at_users_sign_out_is_not_kept(qtbot, tmp_path, data_dir, db, admin,
                                                        installation_b):
    """Users ▸ Sign out asks first (ui.auth); answered Discard, the typing is not filled in
    again at the next review, as the lock screen's Sign out (nobody asked) would have it."""
    from approvals.ui.auth import install_user_features

    b_dir = installation_b[0]
    rw, _ref, features = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    main = features.window
    main.show()
    users = install_user_features(main, installation_b[2], rw.actor, timeout_ms=10**8)
    users.session_timer.stop()
    rw.case_comment_edit.setText("Check the SPA")
    rw._keep_typed()  # as the timer does
    _idle(qtbot, installation_b)
    assert review.typed_input(b_dir, rw.pack_id, rw.actor.username) != {}
    box = users.request_sign_out()
    assert box is not None
    _click(qtbot, box.button(QMessageBox.StandardButton.Discard))
    _idle(qtbot, installation_b)
    assert users.signed_out and not rw.isVisible()
    assert review.typed_input(b_dir, rw.pack_id, rw.actor.username) == {}
    users.idle_lock.stop()
