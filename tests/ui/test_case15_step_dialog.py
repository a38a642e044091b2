"""Step dialogs on a 1366×768 screen at 200 % (683 px wide in Qt's pixels): "Record
completion date" opened 724 px wide, its long "Knowledge date, only if after completion"
label beside the fields, and its fields and Cancel were cut at the screen's right edge.
On a narrow screen the labels go above their fields."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QPushButton

from approvals.ui.case_dialogs import ActionDialog
from tests.ui.test_step_dates import ALL_STEPS, action_of

LAPTOP_AT_200 = QRect(0, 0, 683, 354)  # 1366×768 at 200 %, less the taskbar


@pytest.fixture
def laptop_at_200(monkeypatch: pytest.MonkeyPatch) -> QRect:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(LAPTOP_AT_200))
    return LAPTOP_AT_200


@pytest.mark.parametrize(("kind", "name"), ALL_STEPS)
def test_every_step_dialog_fits_a_laptop_at_200(
    qtbot, laptop_at_200: QRect, kind: str, name: str
) -> None:
    dialog = ActionDialog(action_of(kind, name))
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog.width() <= laptop_at_200.width(), (kind, name, dialog.width())
    assert dialog.minimumSizeHint().width() <= laptop_at_200.width()
    for part in [*dialog.findChildren(QLineEdit), *dialog.findChildren(QPushButton)]:
        if part.isVisible():
            right = part.mapTo(dialog, part.rect().topRight()).x()
            assert right < dialog.width(), (kind, name, part.objectName() or part.text())


def test_the_completion_dialog_puts_its_labels_above_the_fields(
    qtbot, laptop_at_200: QRect
) -> None:
    dialog = ActionDialog(action_of("US-OISP", "record_completion"))
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.layout()
    assert isinstance(form, QFormLayout)
    assert form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapAllRows
    knowledge = dialog.inputs["knowledge_date"]
    label = form.labelForField(knowledge)
    assert label is not None and label.isVisible()
    assert label.geometry().bottom() < knowledge.geometry().top()


def test_on_a_wide_screen_the_labels_stay_beside_the_fields(qtbot) -> None:
    dialog = ActionDialog(action_of("US-OISP", "record_completion"))
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.layout()
    assert isinstance(form, QFormLayout)
    assert dialog.screen().availableGeometry().width() * 0.95 >= 724  # the test's screen
    assert form.rowWrapPolicy() != QFormLayout.RowWrapPolicy.WrapAllRows


def test_a_label_that_fits_is_not_wrapped(qtbot, laptop_at_200: QRect) -> None:
    # Set to wrap, a label of the narrow dialog broke at half its width ("Completion
    # date / (YYYY-MM-DD) *") beside an empty half line.
    dialog = ActionDialog(action_of("US-OISP", "record_completion"))
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.layout()
    assert isinstance(form, QFormLayout)
    for field in dialog.inputs.values():
        label = form.labelForField(field)
        assert isinstance(label, QLabel) and not label.wordWrap(), label.text()
