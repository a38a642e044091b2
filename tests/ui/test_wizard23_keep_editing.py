"""Edit facts: Cancel (or Escape) with changes asks "Discard your changes…?", and the
answer that keeps the window open says so — **Keep editing** — where it was a second
**Cancel** under the window's own Cancel, read as confirming it (seen in the real app:
Cancel, then Cancel again, expecting the window to close). It carried the style's Cancel
icon on a Linux desktop (Fusion with the generic Unix theme gives dialog buttons icons):
the button that keeps the officer editing looked like the one that abandons the edit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)

from approvals.store.audit import Actor
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard_audit2 import example, field


class ButtonIconsStyle(QProxyStyle):
    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,
                  widget: QWidget | None = None,
                  returned: QStyleHintReturn | None = None) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, returned)


@pytest.fixture
def buttons_with_icons(qapp: QApplication) -> Iterator[None]:
    """Icons on dialog buttons, as that desktop gives them (offscreen has none)."""
    name, palette = qapp.style().name(), qapp.palette()
    qapp.setStyle(ButtonIconsStyle(QStyleFactory.create(name)))
    try:
        yield
    finally:
        qapp.setStyle(name)
        qapp.setPalette(palette)


def _asked_to_discard(qtbot, runner: TaskRunner, admin: Actor) -> tuple[IntakeWizard, QMessageBox]:
    """The Edit facts window with a changed field, and the question its Cancel asks."""
    w = IntakeWizard(runner, admin, mode="edit", reference="AP-2026-0001",
                     data=example("vision-startup.json"))
    qtbot.addWidget(w)
    w.show()
    field(w, "target", "name_en").widget.setText("Renamed Co., Ltd.")
    qtbot.mouseClick(w.button(w.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    box = w.findChild(QMessageBox, "discardFactChanges")
    assert box is not None and box.isVisible()
    return w, box


def _keep_editing_then_discard(qtbot, w: IntakeWizard, box: QMessageBox) -> None:
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert w.isVisible()
    assert field(w, "target", "name_en").parse() == "Renamed Co., Ltd."
    w.reject()
    qtbot.mouseClick(w.discard_box.button(QMessageBox.StandardButton.Discard),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=2_000)


def test_the_answer_that_stays_says_keep_editing(
    qtbot, runner: TaskRunner, admin: Actor
) -> None:
    w, box = _asked_to_discard(qtbot, runner, admin)
    stay = box.button(QMessageBox.StandardButton.Cancel)
    assert stay.text() == "&Keep editing"
    assert box.defaultButton() is stay  # Enter keeps the changes
    assert box.button(QMessageBox.StandardButton.Discard).text() == "&Discard"
    _keep_editing_then_discard(qtbot, w, box)


def test_keep_editing_does_not_carry_the_cancel_icon(
    qtbot, runner: TaskRunner, admin: Actor, buttons_with_icons: None
) -> None:
    w, box = _asked_to_discard(qtbot, runner, admin)
    assert not box.button(QMessageBox.StandardButton.Discard).icon().isNull()  # (icons on)
    stay = box.button(QMessageBox.StandardButton.Cancel)
    assert stay.text() == "&Keep editing"
    assert stay.icon().isNull()
    _keep_editing_then_discard(qtbot, w, box)
