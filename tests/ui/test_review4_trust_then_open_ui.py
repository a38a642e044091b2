"""Trusting the signer of a refused pack goes on with it: the pack opens (or the
response is imported) once its key is trusted, instead of asking for the file again.
The keys dialog's status line stays in sight, outside its scrolling area."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QScrollArea

from approvals.services import review
from approvals.store.keys import format_fingerprint
from approvals.ui.review import KeysDialog, ReviewModeWindow
from tests.ui.test_review_trust_offer_ui import ADMIN_REVIEWER, _refused_pack, _trust_button
from tests.ui.test_review_ui import _click


def _keys_from_refusal(qtbot, tmp_path, data_dir, db, admin, installation_b):
    """Installation B's window and the keys dialog its refusal's Trust button opened, with
    the pack's key loaded."""
    window_b, box, _pack = _refused_pack(qtbot, tmp_path, data_dir, db, admin, installation_b,
                                         ADMIN_REVIEWER)
    _click(qtbot, _trust_button(box))
    qtbot.waitUntil(lambda: bool(window_b.findChildren(KeysDialog)), timeout=10_000)
    keys = window_b.findChildren(KeysDialog)[-1]
    qtbot.waitUntil(lambda: keys.key_from_pack is not None, timeout=10_000)
    return window_b, keys


def test_trusting_the_packs_key_from_the_refusal_opens_the_pack(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    window_b, keys = _keys_from_refusal(qtbot, tmp_path, data_dir, db, admin, installation_b)
    # The note on the loaded key is outside the area that scrolls: never below the fold.
    scroll = keys.findChild(QScrollArea, "keysDialogContent")
    assert scroll is not None and not scroll.isAncestorOf(keys.status)
    assert keys.status.isVisible() and "is loaded" in keys.status.text()

    keys.label_edit.setText("Preparer desk")
    keys.expected_edit.setText(format_fingerprint(review.installation_identity(data_dir).fingerprint))
    _click(qtbot, keys.trust_button)
    # Trusted, the keys dialog goes and the pack opens in review mode.
    windows = window_b.review_features.review_windows
    qtbot.waitUntil(lambda: len(windows) == 1, timeout=10_000)
    assert not window_b.findChildren(KeysDialog)  # closed (and gone)
    rw = next(iter(windows.values()))
    assert isinstance(rw, ReviewModeWindow)
    qtbot.addWidget(rw)
    qtbot.waitUntil(lambda: rw.view is not None, timeout=10_000)


def test_trusting_another_key_leaves_the_pack_unopened(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    window_b, keys = _keys_from_refusal(qtbot, tmp_path, data_dir, db, admin, installation_b)
    # The administrator pastes another installation's key instead.
    keys.key_edit.setPlainText("approvals-ed25519 " + "A" * 43 + "=")
    keys.label_edit.setText("Someone else")
    with qtbot.waitSignal(keys.trusted, timeout=10_000):
        _click(qtbot, keys.trust_button)
    assert keys.isVisible()  # still here: the pack's signer is not trusted
    assert not window_b.review_features.review_windows
    assert not [w for w in window_b.findChildren(QMessageBox) if w.isVisible()
                and w.objectName() == "untrustedPackBox"]
    _click(qtbot, keys.findChild(QPushButton, "closeKeysButton"))


def test_a_reviewer_who_may_not_trust_keys_is_told_who_can(qtbot, tmp_path, data_dir, db,
                                                           admin, installation_b):
    from tests.ui.test_review_ui import REVIEWER

    _window_b, box, _pack = _refused_pack(qtbot, tmp_path, data_dir, db, admin, installation_b,
                                          REVIEWER)
    assert not _trust_button(box).isEnabled()
    assert box.informativeText().endswith(
        "ask an administrator of this installation to do it (Review → Installation key and "
        "trusted keys…), then open the pack again.")
    _click(qtbot, box.button(QMessageBox.StandardButton.Close))
