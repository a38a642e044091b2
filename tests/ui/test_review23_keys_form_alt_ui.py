"""Review → Installation key and trusted keys…: a refusal of Trust sends the officer to a
field ("Type a name for that installation in Name: …"), and the form's fields had no Alt
keys — Tab through the key box and the form was the only way there. Public key, Name and
Fingerprint take Alt+K, Alt+N and Alt+F, clashing with none of the dialog's buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.review import KeysDialog
from approvals.ui.workers import TaskRunner
from tests.ui.ux_checks import dead_alt_keys, mnemonic_clashes


def test_the_trust_form_s_fields_have_alt_keys(qtbot, runner: TaskRunner, admin: Actor,
                                               data_dir: DataDir) -> None:
    keys = KeysDialog(runner, admin, data_dir)
    qtbot.addWidget(keys)
    with qtbot.waitSignal(keys.loaded, timeout=10_000):
        keys.show()
    keys.activateWindow()
    qtbot.waitActive(keys)
    assert mnemonic_clashes(keys) == [] and dead_alt_keys(keys) == []
    keys.trust_button.setFocus()
    for key, field in ((Qt.Key.Key_N, keys.label_edit), (Qt.Key.Key_F, keys.expected_edit),
                       (Qt.Key.Key_K, keys.key_edit)):
        qtbot.keyClick(keys.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda f=field: keys.focusWidget() is f, timeout=5_000)
    runner.wait_for_done()
