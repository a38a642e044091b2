"""In Review → Installation key and trusted keys…, Enter in the fingerprint field trusts
the key (Qt otherwise pressed the dialog's first button, Copy public key)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from approvals.services import review
from approvals.store.audit import Actor
from approvals.ui.review import KeysDialog

OTHER_KEY = "approvals-ed25519 h2dyldgrDgi2upzRJbeQd2iOA0ZJ+UEldRDiBabDsLw="


def test_enter_in_the_fingerprint_field_trusts_the_key(qtbot, runner, data_dir, db,
                                                       admin: Actor) -> None:
    keys = KeysDialog(runner, admin, data_dir)
    qtbot.addWidget(keys)
    keys.show()
    qtbot.waitUntil(lambda: keys.identity is not None, timeout=10_000)
    QGuiApplication.clipboard().setText("untouched")
    _raw, fingerprint, _label = review.check_key_to_trust(OTHER_KEY, "Compliance desk")
    keys.key_edit.setPlainText(OTHER_KEY)
    keys.label_edit.setText("Compliance desk")
    keys.expected_edit.setText(fingerprint)
    keys.expected_edit.setFocus()
    with qtbot.waitSignal(keys.changed, timeout=10_000):
        qtbot.keyClick(keys.expected_edit, Qt.Key.Key_Return)
    with db.read_session() as s:
        assert [k.fingerprint for k in review.list_trusted_keys(s)] == [fingerprint]
    assert QGuiApplication.clipboard().text() == "untouched"  # not Copy public key
    assert keys.isVisible()
    qtbot.waitUntil(lambda: keys.table.rowCount() == 1, timeout=10_000)
    assert keys.table.verticalHeader().isHidden()  # a bare "1" named nothing
