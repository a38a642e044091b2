"""A decided track's open conditions where the officer looks first: its line in the
Tracks list and the line above the diagram count them and say how many are overdue (the
list read "CN-FISR — Cleared with conditions" and nothing else, in black, while one
condition was overdue)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_conditions_ui import (  # noqa: F401  (fixtures)
    cleared,
    click,
    open_clear_dialog,
    under_review,
)
from tests.ui.ux_checks import mnemonic_clashes


def test_the_track_list_and_clock_line_count_open_and_overdue_conditions(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, _track_id = cleared  # three conditions, one due 25 Nov 2026 (overdue)
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    item = view.track_list.currentItem()
    assert item.text() == "CN-FISR — Cleared with conditions\n3 open conditions, 1 overdue"
    assert item.foreground().color().name() in ("#c62828", "#ef9a9a")
    assert view.track_clock.text().endswith("; 3 open conditions, 1 overdue")

    click(qtbot, view.fulfil_button)  # the overdue one met
    assert view.condition_status_dialog is not None
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, view.condition_status_dialog.ok_button)
    item = view.track_list.currentItem()
    assert item.text() == "CN-FISR — Cleared with conditions\n2 open conditions"
    assert item.foreground().color().name() not in ("#c62828", "#ef9a9a")
    assert view.track_clock.text().endswith("; 2 open conditions")


def test_the_condition_buttons_have_alt_keys_of_their_own(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    """Mark fulfilled, Waive… and Re-open had no Alt key: from the keyboard the officer
    tabbed from the list past them one by one."""
    reference, _track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    assert mnemonic_clashes(view) == []
    view.activateWindow()
    qtbot.waitActive(view)
    view.obligations_table.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # asks why
    qtbot.waitUntil(lambda: view.condition_status_dialog is not None, timeout=2_000)
    fulfil = view.condition_status_dialog
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, fulfil.ok_button)
    assert view.obligations_table.item(0, 2).text() == "Fulfilled by alice"
    view.activateWindow()  # the dialog closed: back to the window (a window manager's part)
    qtbot.waitUntil(view.isActiveWindow, timeout=2_000)
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.condition_status_dialog is not fulfil, timeout=2_000)
    reopen = view.condition_status_dialog
    assert reopen is not None
    qtbot.keyClicks(reopen.reason, "the authority asked again")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, reopen.ok_button)
    assert view.obligations_table.item(0, 2).text() == "Open"
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=2_000)
    qtbot.keyClick(view, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # an animated click
    qtbot.waitUntil(lambda: view.waive_dialog is not None, timeout=2_000)
    assert view.waive_dialog is not None and view.waive_dialog.isVisible()
    view.waive_dialog.reject()
    runner.wait_for_done()


def test_the_step_dialog_gives_a_condition_room_for_its_words(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        under_review: tuple[str, int]) -> None:  # noqa: F811
    """At its least the dialog showed some 28 characters of a condition ("Keep the
    robotics source cod"), the rest of the screen left empty."""
    reference, _track_id = under_review
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    dialog, editor = open_clear_dialog(qtbot, view)
    condition = "Keep the robotics source code in China, on-site"
    field = editor.rows[0].text
    qtbot.keyClicks(field, condition)
    room = field.width() - 12  # the field's frame and margins
    assert field.fontMetrics().horizontalAdvance(condition) <= room
    assert dialog.width() <= dialog.screen().availableGeometry().width()
    dialog.reject()
    runner.wait_for_done()


def test_the_close_step_says_the_open_conditions_stay_open(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    """Closing the track read as if it ended its conditions too."""
    reference, _track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    dialog = view.ask_action(next(a for a in view.current_track().actions
                                  if a.name == "close"))
    note = dialog.findChild(QLabel, "actionNote")
    assert note is not None and note.isVisibleTo(dialog)
    assert note.text() == "Its 3 open conditions stay open, with their due dates."
    dialog.reject()
    runner.wait_for_done()
