"""The intake wizard from the keyboard alone: after Alt+N the control that takes the keys
is the page's first field and is drawn focused (Qt 6 hid the frame of a box after the
wizard's own setFocus), and Review of an edit puts the cursor in the reason for the change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from approvals.store.audit import Actor
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard_typing import USCC

SHOWN = Qt.WidgetAttribute.WA_KeyboardFocusChange  # what a style draws the focus frame by


def _active(qtbot: Any, wizard: IntakeWizard) -> None:
    wizard.show()
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2_000)


def _key(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
         ) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_alt_n_lands_in_the_next_pages_first_box_and_shows_it(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    _active(qtbot, wizard)
    assert _focused().objectName() == "field_reference"
    _key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(), "Keyboard AI Co., Ltd.")
    _key(qtbot, Qt.Key.Key_Tab)
    _key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(), USCC)
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled()
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.currentPage().objectName() != "targetPage", timeout=2_000)
    focused = _focused()
    assert isinstance(focused, QComboBox)
    assert focused.objectName() == "field_target_ai_develops_ai_system"
    assert wizard.testAttribute(SHOWN), "the box has the keys but no focus frame"
    # Back (Alt+B) too: the first field of the page before, drawn focused.
    _key(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.currentPage().objectName() == "targetPage", timeout=2_000)
    assert wizard.currentPage().isAncestorOf(_focused())
    assert wizard.testAttribute(SHOWN)


def test_review_of_an_edit_puts_the_cursor_in_the_reason(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    from approvals.services.demo import demo_facts

    wizard = IntakeWizard(runner, admin, mode="edit", reference="X", data=demo_facts()[0])
    qtbot.addWidget(wizard)
    _active(qtbot, wizard)
    # A change to give the reason for (none is asked without one).
    name = next(f for f in wizard.fields if f.path == ("target", "name_en"))
    name.set_value("Renamed Co., Ltd.")
    for _page in wizard.pageIds()[:-1]:
        shown = wizard.currentId()
        _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda s=shown: wizard.currentId() != s, timeout=10_000)
    assert wizard.currentPage() is wizard.review_page
    reason = wizard.review_page.reason_edit
    qtbot.waitUntil(reason.hasFocus, timeout=10_000)
    assert isinstance(_focused(), QLineEdit)
    qtbot.keyClicks(reason, "typo in the name")
    assert reason.text() == "typo in the name"
    assert wizard.button(wizard.WizardButton.FinishButton).isEnabled()
    wizard._dirty = False  # closed by the test without asking to discard


def test_alt_n_while_next_is_unavailable_types_nothing(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    _active(qtbot, wizard)
    reference = _focused()
    assert isinstance(reference, QLineEdit)
    qtbot.keyClicks(reference, "Test Co")
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()  # no name yet
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert reference.text() == "Test Co"  # was "Test Con", then "Test ConN"
    assert wizard.currentPage().objectName() == "targetPage"
    # Typing itself, and a greyed-out Next's own key once it is available, still work.
    qtbot.keyClicks(reference, "n")
    assert reference.text() == "Test Con"
