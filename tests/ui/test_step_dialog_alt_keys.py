"""A step's dialog answers Alt+R (Reason) and Alt+D (its date), so a keyboard user goes
back to either without Tabbing round the inputs between them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.services.workflow import ActionView
from approvals.ui.case_dialogs import ActionDialog
from approvals.ui.case_steps import EFFECTIVE_DATE, ON_LABELS, date_mnemonic


def test_every_step_date_label_has_alt_d() -> None:
    for label, _hint in [*ON_LABELS.values(), (EFFECTIVE_DATE, "")]:
        marked = date_mnemonic(label)
        assert marked.replace("&", "") == label
        assert marked[marked.index("&") + 1].lower() == "d", label


def test_alt_r_and_alt_d_reach_reason_and_date(qtbot) -> None:
    action = ActionView(name="file", label="Record filing", label_zh="", allowed=True,
                        why_not=None, needs_reason=False, params=("filing_reference",))
    dialog = ActionDialog(action)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.on
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.reason
