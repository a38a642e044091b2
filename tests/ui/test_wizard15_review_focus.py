"""Alt+N (or Enter) from the last page's field to Review left nothing with the keys: the
field went with its page, and a new case's Review has no reason box to take them, so Tab
started nowhere to be seen and a keyboard user was lost. The page's first control (the
facts summary, or in the tabbed layout at 200 % its first tab) takes them, drawn."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import choose, click_next, tick, type_into


@pytest.mark.parametrize("size", [(920, 720), (683, 384)])  # 100 %; 1366×768 at 200 %
def test_alt_n_to_review_leaves_the_keys_on_its_first_control(
        qtbot, wizard: IntakeWizard, size: tuple[int, int]) -> None:
    wizard.resize(*size)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    type_into(qtbot, wizard, "field_target_name_en", "Kowloon Reasoning Labs Limited")
    tick(qtbot, wizard, "none_target_activities")
    click_next(qtbot, wizard)
    type_into(qtbot, wizard, "field_investor_name", "Redwood Frontier Fund III, L.P.")
    click_next(qtbot, wizard)
    choose(wizard, "field_deal_instrument", "Equity acquisition")
    click_next(qtbot, wizard)
    field = wizard.findChild(QComboBox, "field_deal_technology_transfer_transfers")
    assert field is not None
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2_000)
    qtbot.keyClick(field, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.review_page, timeout=2_000)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.isVisible()
    assert wizard.review_page.isAncestorOf(focused)
