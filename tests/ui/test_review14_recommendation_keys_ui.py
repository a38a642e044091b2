"""Review mode's recommendation was chosen by Tab and Space alone: Approve and Return to
the preparer take Alt+A and Alt+R, clashing with no other Alt key of the window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_review_unsaved_ui import _discard_and_close, _open
from tests.ui.ux_checks import dead_alt_keys, mnemonic_clashes


def test_alt_keys_choose_the_recommendation(
    qtbot, tmp_path, data_dir, db, admin, installation_b
) -> None:
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.tabs.setCurrentIndex(4)
    rw.activateWindow()
    qtbot.waitActive(rw)
    assert rw.approve_radio.text() == "&Approve"
    assert rw.return_radio.text() == "&Return to the preparer"
    assert mnemonic_clashes(rw) == [] and dead_alt_keys(rw) == []
    rw.reasons_edit.setFocus()  # typing the reasons, the choice is one key away
    qtbot.keyClick(rw.reasons_edit, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(rw.return_radio.isChecked, timeout=5_000)  # a mnemonic clicks shortly after
    qtbot.keyClick(rw.return_radio, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(rw.approve_radio.isChecked, timeout=5_000)
    assert not rw.return_radio.isChecked()
    _discard_and_close(qtbot, rw)
