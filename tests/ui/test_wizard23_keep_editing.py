"""Edit facts: Cancel (or Escape) with changes asks "Discard your changes…?", and the
answer that keeps the window open says so — **Keep editing** — where it was a second
**Cancel** under the window's own Cancel, read as confirming it (seen in the real app:
Cancel, then Cancel again, expecting the window to close)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from approvals.store.audit import Actor
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard_audit2 import example, field


def test_the_answer_that_stays_says_keep_editing(
    qtbot, runner: TaskRunner, admin: Actor
) -> None:
    w = IntakeWizard(runner, admin, mode="edit", reference="AP-2026-0001",
                     data=example("vision-startup.json"))
    qtbot.addWidget(w)
    w.show()
    field(w, "target", "name_en").widget.setText("Renamed Co., Ltd.")
    qtbot.mouseClick(w.button(w.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    box = w.findChild(QMessageBox, "discardFactChanges")
    assert box is not None and box.isVisible()
    stay = box.button(QMessageBox.StandardButton.Cancel)
    assert stay.text() == "&Keep editing"
    assert box.defaultButton() is stay  # Enter keeps the changes, as before
    assert box.button(QMessageBox.StandardButton.Discard).text() == "&Discard"
    qtbot.mouseClick(stay, Qt.MouseButton.LeftButton)
    assert w.isVisible()
    assert field(w, "target", "name_en").parse() == "Renamed Co., Ltd."
    w.reject()
    qtbot.mouseClick(w.discard_box.button(QMessageBox.StandardButton.Discard),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=2_000)
