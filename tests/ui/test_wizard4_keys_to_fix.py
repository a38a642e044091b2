"""From the keyboard, Enter or Alt+N while Next is unavailable goes to the first field to
fix and shows why (before, nothing happened: the page named the problem, but only Tab
after Tab led to the field); with Next available, Enter still goes on."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from approvals.store.audit import Actor
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard import edit, error_text


def _shown(qtbot: Any, runner: TaskRunner, admin: Actor) -> IntakeWizard:
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2_000)
    return wizard


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_enter_with_next_unavailable_goes_to_the_field_to_fix(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    wizard = _shown(qtbot, runner, admin)
    assert _focused().objectName() == "field_reference"
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    assert _focused() is edit(wizard, "field_target_name_en")
    assert error_text(wizard, "error_target_name_en") == "required; type it in"
    assert wizard.currentPage().objectName() == "targetPage"
    qtbot.keyClicks(_focused(), "Lingxi AI Co., Ltd.")
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)  # Next is available: on to the next page
    qtbot.waitUntil(lambda: wizard.currentPage().objectName() == "aiPage", timeout=2_000)


def test_alt_n_with_next_unavailable_goes_to_the_field_to_fix(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    wizard = _shown(qtbot, runner, admin)
    qtbot.keyClicks(edit(wizard, "field_target_name_en"), "Lingxi AI Co., Ltd.")
    edit(wizard, "field_target_uscc").setText("91110108MA01ABCDEA")  # check character N
    turnover = edit(wizard, "field_target_turnover_cny_china")
    turnover.setFocus()
    qtbot.keyClick(turnover, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert _focused() is edit(wizard, "field_target_uscc")
    assert turnover.text() == ""  # no "n" typed either
    assert "expected 'N'" in error_text(wizard, "error_target_uscc")


def test_a_fields_problem_is_its_accessible_description(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    wizard = _shown(qtbot, runner, admin)
    uscc = edit(wizard, "field_target_uscc")
    uscc.setText("91110108MA01ABCDEA")
    assert uscc.accessibleDescription().startswith("Problem: check character is 'A', "
                                                   "expected 'N'. GB 32100-2015")
    uscc.setText("91110108MA01ABCDEN")
    assert uscc.accessibleDescription() == uscc.toolTip()  # the hint alone again
    assert uscc.accessibleDescription().startswith("GB 32100-2015; the last character is a "
                                                   "check character.")
