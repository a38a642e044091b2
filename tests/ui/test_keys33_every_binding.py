"""A standard key is every key the platform binds to it. Under a GTK theme (the guide's
way to dark mode) Refresh is Ctrl+R and F5: `QKeySequence(StandardKey.Refresh)` kept the
first alone, so F5, which the guide lists, refreshed nothing in the main window, the case
window or the dashboard. Also: Down in the Users dialog's Find goes into the list (it
scrolled the dialog), and a step the service words without its clock keeps its Alt
letter with the service's words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.case_steps import table_label
from approvals.ui.main_window import MainWindow
from approvals.ui.widgets import second_key
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_admin_journey_ui import ROOT, seeded  # noqa: F401
from tests.ui.test_case_view_wording import case_ref  # noqa: F401

REFRESH = QKeySequence.StandardKey.Refresh


def _bound(key: QKeySequence.StandardKey) -> set[str]:
    return {k.toString() for k in QKeySequence.keyBindings(key)}


def test_the_main_window_s_refresh_takes_every_binding(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    assert len(_bound(REFRESH)) > 1  # F5 and the Refresh key here; F5 and Ctrl+R on GTK
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    assert {k.toString() for k in window.refresh_action.shortcuts()} == _bound(REFRESH)


def test_a_button_s_second_key_takes_every_binding(qtbot) -> None:
    button = QPushButton("&Refresh")
    qtbot.addWidget(button)
    shortcut = second_key(button, REFRESH)
    taken = shortcut.keys()
    assert {k.toString() for k in taken} == _bound(REFRESH)
    plain = second_key(button, "Ctrl+E").keys()
    assert [k.toString() for k in plain] == ["Ctrl+E"]


def test_down_in_find_goes_into_the_users_list(qtbot, runner: TaskRunner,
                                               seeded: Database) -> None:  # noqa: F811
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    dialog.activateWindow()
    dialog.find_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.find_edit)
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is dialog.table
    assert dialog.table.currentRow() == 0


def test_a_step_worded_without_its_clock_keeps_its_letter(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        case_ref: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentIndex(2)  # the Tracks tab, built when first shown
    table = table_label("CN-FISR", "materials_requested", "supply_materials")
    assert table == "Materials supplied (resume clock)"
    (as_in_table,) = view.step_texts([table], "CN-FISR", ["supply_materials"])
    (plain,) = view.step_texts(["Materials supplied"], "CN-FISR", ["supply_materials"])
    assert plain.replace("&", "") == "Materials supplied"
    letter = as_in_table[as_in_table.index("&") + 1].casefold()
    assert plain[plain.index("&") + 1].casefold() == letter
