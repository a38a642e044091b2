"""Add published year…, Correct a day… and Remove entered year… by keyboard alone: each
field and button has an Alt letter (fields were reached only by Tab, Cancel only by
Escape), none taken twice in its dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget

from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_correct, open_dialog


def _alt_letters(dialog: QDialog) -> list[str]:
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
    return [t[t.index("&") + 1].lower() for t in texts if "&" in t]


def buttons_without_key(dialog: QDialog) -> list[str]:
    return [b.text() for b in dialog.findChildren(QAbstractButton)
            if b.isVisibleTo(dialog) and b.text() and "&" not in b.text()]


def _alt_moves_to(qtbot, dialog: QDialog, letter: str, field: QWidget) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    qtbot.keyClick(dialog, letter, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is field or field.isAncestorOf(QApplication.focusWidget())


def test_correct_a_day_has_an_alt_letter_for_each_field(qtbot, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, date(2026, 10, 8))
    letters = _alt_letters(correct)
    assert len(letters) == len(set(letters)), letters
    assert {"t", "i", "n", "o", "e", "c"} <= set(letters)
    assert buttons_without_key(correct) == []
    _alt_moves_to(qtbot, correct, "e", correct.reason_edit)
    _alt_moves_to(qtbot, correct, "n", correct.name_edit)
    _alt_moves_to(qtbot, correct, "i", correct.kind_combo)
    correct.reject()
    runner.wait_for_done()


def test_add_published_year_has_an_alt_letter_for_each_field(qtbot, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None
    letters = _alt_letters(add)
    assert len(letters) == len(set(letters)), letters
    assert {"y", "h", "m", "o", "e", "c"} <= set(letters)
    assert buttons_without_key(add) == []
    _alt_moves_to(qtbot, add, "h", add.holidays_edit)
    _alt_moves_to(qtbot, add, "o", add.source_edit)
    add.reject()
    runner.wait_for_done()


def test_a_long_message_after_a_change_wraps_whole_at_the_window_width(
        qtbot, runner: TaskRunner) -> None:
    """The line under the buttons (what the last change did) was one line, cut at the
    window's edge at 200 %."""
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.message.setText("Removed the correction of 8 Oct 2026 (a make-up working day) from "
                           "CN 2026; no deadline changed, as no clock or condition counts "
                           "through that day.")
    dialog.resize(420, dialog.height())
    qtbot.waitUntil(lambda: dialog.message.width() <= 420, timeout=5_000)
    label = dialog.message
    assert label.heightForWidth(label.width()) > label.fontMetrics().height()  # two lines at least
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=5_000)
    dialog.close()
    runner.wait_for_done()
