"""Check a filing, paper copy: what is wrong with a footer value is said beneath its field
as it is typed, not only in one line under Check after a round trip to the service."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel

from approvals.paths import DataDir
from approvals.ui.filing_check import FilingCheckDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_check_ui import open_dialog


def problem_of(dialog: FilingCheckDialog, name: str) -> QLabel:
    label = dialog.findChild(QLabel, f"{name}Problem")
    assert label is not None, name
    return label


def test_a_bad_fingerprint_and_time_are_said_at_their_fields_as_typed(
        qtbot, runner: TaskRunner, data_dir: DataDir) -> None:
    dialog = open_dialog(qtbot, runner, data_dir)
    dialog.source_tabs.setCurrentIndex(1)
    fingerprint = problem_of(dialog, "filingCheckFingerprint")
    qtbot.keyClicks(dialog.fingerprint_edit, "3f2a")
    assert not fingerprint.isVisible()  # four digits in: not wrong, only unfinished
    qtbot.keyClicks(dialog.fingerprint_edit, " 9o")  # an o read for a 0 off the paper
    assert fingerprint.isVisible()
    assert "found 'o'" in fingerprint.text()
    qtbot.keyClick(dialog.fingerprint_edit, Qt.Key.Key_Backspace)
    assert "has 5 hex digits" in fingerprint.text()  # shown, it follows the typing
    qtbot.keyClicks(dialog.fingerprint_edit, "0 1b7c 5d9e 0a4f")
    assert not fingerprint.isVisible()
    dialog.fingerprint_edit.clear()
    event = QInputMethodEvent()
    event.setCommitString("３ｆ２ａ")  # full width, as a Chinese input method types it
    QApplication.sendEvent(dialog.fingerprint_edit, event)
    assert not fingerprint.isVisible()  # read as 3f2a: unfinished, not wrong

    generated = problem_of(dialog, "filingCheckGenerated")
    qtbot.keyClicks(dialog.generated_edit, "2026-13-01 10:00")
    assert not generated.isVisible()  # a time may be half typed
    dialog.generated_edit.editingFinished.emit()  # Tab, or a click elsewhere
    assert generated.isVisible()
    assert "'2026-13-01 10:00' is no date and time" in generated.text()
    assert "is no date and time" in dialog.generated_edit.accessibleDescription()
    dialog.generated_edit.clear()
    assert not generated.isVisible()  # optional: empty is fine


def test_check_stays_in_sight_at_double_scaling_with_problems_shown(
        qtbot, runner: TaskRunner, data_dir: DataDir) -> None:
    """The paper copy's page counted its wrapped notes as at a guessed narrow width: at
    200 % its empty space pushed Check below the dialog's fold."""
    dialog = open_dialog(qtbot, runner, data_dir)
    font = dialog.font()
    font.setPointSizeF(font.pointSizeF() * 2)  # the scale factor is fixed at start-up
    dialog.setFont(font)
    dialog.resize(1300, 700)  # a 1366 × 768 screen, in device pixels at 200 %
    dialog.source_tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.fingerprint_edit, "3f2a 9o")
    qtbot.keyClicks(dialog.generated_edit, "2026-13-01 10:00")
    dialog.generated_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: problem_of(dialog, "filingCheckGenerated").isVisible())
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    page = dialog.source_tabs.currentWidget()
    slack = page.height() - page.heightForWidth(page.width())
    assert slack < page.fontMetrics().lineSpacing(), "empty lines beneath the fields"
    viewport = dialog.body_area.viewport()
    bottom = dialog.check_button.mapTo(viewport, dialog.check_button.rect().bottomLeft()).y()
    assert bottom <= viewport.height()


def test_the_footer_line_pasted_with_its_start_only_is_unfinished_not_wrong(
        qtbot, runner: TaskRunner, data_dir: DataDir) -> None:
    """The field read a pasted "Fingerprint (SHA-256 of content): 73f5" otherwise than the
    check does: its words were taken for digits that are no hex digits, and said wrong."""
    dialog = open_dialog(qtbot, runner, data_dir)
    dialog.source_tabs.setCurrentIndex(1)
    fingerprint = problem_of(dialog, "filingCheckFingerprint")
    dialog.fingerprint_edit.setText("Fingerprint (SHA-256 of content): 73f5")
    assert not fingerprint.isVisible()
    dialog.fingerprint_edit.editingFinished.emit()
    assert "has 4 hex digits" in fingerprint.text()
