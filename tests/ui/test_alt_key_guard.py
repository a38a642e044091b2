"""One guard on the application keeps an Alt key that no control answers out of every
field of every window: a greyed-out button's Alt letter typed itself into the field with
the cursor ("s李国华" saved as a legal representative after two Alt+S)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from approvals.ui.application import make_application
from approvals.ui.widgets import ALT_KEY_GUARD_NAME, guard_fields_from_unanswered_alt_keys
from tests.ui.ux_checks import alt_key_in

ALT = Qt.KeyboardModifier.AltModifier


class Form(QDialog):
    """A dialog of the kind no window listed its fields for: a field, a box, a number and
    a text, beside a greyed-out "&Save"."""

    def __init__(self) -> None:
        super().__init__()
        self.answered: list[Qt.Key] = []
        layout = QVBoxLayout(self)
        self.line = QLineEdit()
        self.text = QPlainTextEdit()
        self.number = QSpinBox()
        self.choice = QComboBox()
        self.choice.addItems(["Agreement", "Shareholder register", "Board minutes"])
        self.save = QPushButton("&Save")
        self.save.setEnabled(False)
        for widget in (self.line, self.text, self.number, self.choice, self.save):
            layout.addWidget(widget)


@pytest.fixture
def form(qtbot: Any) -> Form:
    dialog = Form()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_app_installs_one_guard_however_often_it_is_asked(qapp: QApplication) -> None:
    make_application()
    guard_fields_from_unanswered_alt_keys(qapp)
    assert len(qapp.findChildren(QObject, ALT_KEY_GUARD_NAME)) == 1


def test_an_unanswered_alt_key_types_nothing_into_any_field(qtbot: Any, form: Form) -> None:
    for field in (form.line, form.text):
        alt_key_in(qtbot, field, Qt.Key.Key_S)
        alt_key_in(qtbot, field, Qt.Key.Key_Z)
    assert form.line.text() == ""
    assert form.text.toPlainText() == ""
    alt_key_in(qtbot, form.number, Qt.Key.Key_5)
    assert form.number.value() == 0
    alt_key_in(qtbot, form.choice, Qt.Key.Key_B)  # no jump to "Board minutes"
    assert form.choice.currentText() == "Agreement"
    assert not form.save.isEnabled()


def test_typing_shift_and_altgr_still_type(qtbot: Any, form: Form) -> None:
    form.line.setFocus()
    qtbot.keyClicks(form.line, "LiS")
    # AltGr arrives as Ctrl+Alt on Windows: it types characters (@, €) in many layouts.
    qtbot.keyClick(form.line, Qt.Key.Key_At,
                   Qt.KeyboardModifier.ControlModifier | ALT)
    assert form.line.text() == "LiS@"


def test_an_answered_alt_key_still_acts(qtbot: Any, form: Form) -> None:
    clicked: list[bool] = []
    form.save.clicked.connect(lambda: clicked.append(True))
    form.save.setEnabled(True)
    form.activateWindow()  # a button's Alt key acts in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    form.line.setFocus()
    qtbot.keyClick(form.line, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: clicked == [True])  # an Alt key clicks as the mouse would, shown
    assert form.line.text() == ""


def test_a_window_may_answer_the_key_itself(qtbot: Any, form: Form) -> None:
    form.answer_unanswered_alt_key = form.answered.append  # type: ignore[attr-defined]
    alt_key_in(qtbot, form.line, Qt.Key.Key_N)
    assert form.answered == [Qt.Key.Key_N]
    assert form.line.text() == ""
