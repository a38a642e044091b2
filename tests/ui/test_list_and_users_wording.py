"""The case list and the Users dialog say things plainly: a filter that hides every case
says so and offers the way back; statuses and role names read as words, in full."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.case_list import COLUMNS
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")


def test_filters_that_hide_every_case_say_so_and_clear(folder_templates: FolderTemplates,
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, admin: Actor) -> None:
    load_demo_from_template(folder_templates, db, admin)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: runner.idle and window.model.total > 0, timeout=20_000)
    total = window.model.rowCount()
    assert not window.no_match.isVisible()
    status = [c.title for c in COLUMNS].index("Status")
    shown = {window.model.data(window.model.index(r, status)) for r in range(total)}
    assert all(text[:1].isupper() for text in shown), shown  # "Draft", not "draft"

    qtbot.keyClicks(window.filter_edit, "no such company")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=2_000)
    assert window.no_match.isVisible()
    assert window.no_match_label.text() == "No case matches “no such company”."
    window.status_filter.setCurrentIndex(window.status_filter.findData("overdue"))
    assert "and Overdue" in window.no_match_label.text()
    qtbot.mouseClick(window.clear_filters_button, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == total and not window.no_match.isVisible()
    assert window.filter_edit.text() == "" and window.status_filter.currentIndex() == 0


@pytest.mark.usefixtures("fast_hash")
def test_users_dialog_names_roles_in_full(qtbot, runner: TaskRunner, db: Database) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"],
                          display_name="Bob")
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    names = [dialog.table.item(r, 0).text() for r in range(2)]
    root, bob = names.index("root"), names.index("bob")
    assert dialog.table.item(root, 2).text() == "Preparer, Reviewer, Approver, Administrator"
    # All four shown: the row grows to the wrapped text instead of ending in "…".
    assert dialog.table.rowHeight(root) > dialog.table.rowHeight(bob)
    # As the other boxes (its Alt key, Alt+4, in brackets after the name).
    assert dialog.new_role_boxes["admin"].text() == "Administrator (&4)"
    assert dialog.selected_box.title() == "Selected user"
    dialog.select("bob")
    assert dialog.selected_box.title() == "Selected user: bob"


def test_an_estimated_calendar_year_says_where_it_comes_from_in_words(
        qtbot, runner: TaskRunner, db: Database) -> None:
    from datetime import date

    from approvals.ui.calendars import HolidayCalendarsDialog

    dialog = HolidayCalendarsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    estimated = max(row.year for row in dialog.data.years if not row.official)
    assert estimated > date.today().year - 1
    dialog.select_year(estimated)
    row = next(r for r in range(dialog.years_table.rowCount())
               if dialog.years_table.item(r, 0).text() == str(estimated))
    source = dialog.years_table.item(row, 2).text()
    assert source.startswith("estimated by the app from the statutory holiday rules (rules")
    assert "`" not in source and "`" not in dialog.year_title.text()
    assert "`holidays`" in dialog.years_table.item(row, 2).toolTip()  # the record, as stored


def test_loading_the_demo_cases_twice_says_they_are_there(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, admin: Actor) -> None:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=20_000)
    message = window.statusBar().currentMessage
    window.demo_action.trigger()
    qtbot.waitUntil(lambda: message().startswith("Loaded "), timeout=20_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=20_000)
    window.demo_action.trigger()
    qtbot.waitUntil(lambda: message() == "The demo cases are already loaded.", timeout=20_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=20_000)
