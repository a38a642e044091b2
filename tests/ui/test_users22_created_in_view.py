"""Users… for an administrator alone in the office, at 200 % (a 1366×768 screen): the
window opens at its top, with the list, and the line at the foot points to New user below.
After Create user the new colleague's row is in view and selected, "Created user …" said at
the foot. The window opened scrolled down to New user, and after Create user the list with
the new row stayed out of sight."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _open(qtbot, runner: TaskRunner, width: int, height: int) -> ui_auth.UserManagementDialog:
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.resize(width, height)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 1
                    and QApplication.activeWindow() is dialog, timeout=10_000)
    QApplication.processEvents()
    return dialog


def _in_view(dialog: ui_auth.UserManagementDialog, widget: QWidget, rect: QRect) -> bool:
    viewport = dialog.scroll_area.viewport()
    top_left = widget.mapTo(viewport, rect.topLeft())
    return viewport.rect().contains(QRect(top_left, rect.size()))


def _create(qtbot, runner: TaskRunner, dialog: ui_auth.UserManagementDialog) -> None:
    dialog.new_username.setFocus()
    qtbot.waitUntil(dialog.new_username.hasFocus, timeout=5_000)
    qtbot.keyClicks(dialog.new_username, "pat")
    qtbot.keyClicks(dialog.new_display_name, "Pat Lee")
    qtbot.keyClicks(dialog.new_password, "handed over at the desk")
    qtbot.keyClicks(dialog.new_confirmation, "handed over at the desk")
    dialog.new_role_boxes["preparer"].setChecked(True)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2
                    and dialog.selected_username() == "pat", timeout=10_000)
    QApplication.processEvents()


def _row_of(dialog: ui_auth.UserManagementDialog, name: str) -> int:
    table = dialog.table
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)


def test_alone_at_200_percent_it_opens_at_its_top_and_shows_the_user_created(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    dialog = _open(qtbot, runner, 683, 384)
    assert dialog.scroll_area.verticalScrollBar().maximum() > 0  # it does scroll
    assert dialog.scroll_area.verticalScrollBar().value() == 0
    assert _in_view(dialog, dialog.table, QRect(QPoint(0, 0), dialog.table.rect().size())
                    .adjusted(0, 0, 0, -dialog.table.height() // 2))
    assert not dialog.new_username.hasFocus()  # no cursor below the fold
    assert "New user" in dialog.status.text() and "Alt+N" in dialog.status.text()

    _create(qtbot, runner, dialog)
    table = dialog.table
    row = _row_of(dialog, "pat")
    rect = table.visualItemRect(table.item(row, 0))
    assert _in_view(dialog, table.viewport(), rect)
    header = table.horizontalHeader()
    assert _in_view(dialog, header, header.rect())  # the column titles above it too
    assert dialog.selected_box.title() == "Selected user: pat"
    assert dialog.status.text().startswith("Created user Pat Lee (pat).")
    # The keyboard on the row shown, not in a field out of sight.
    assert table.hasFocus() and table.currentRow() == row


def test_alone_at_100_percent_the_cursor_is_in_new_user(qtbot, runner: TaskRunner,
                                                        db: Database) -> None:
    make_root(db)
    dialog = _open(qtbot, runner, 1000, 900)
    assert dialog.scroll_area.verticalScrollBar().value() == 0
    qtbot.waitUntil(dialog.new_username.hasFocus, timeout=5_000)
    _create(qtbot, runner, dialog)
    table = dialog.table
    rect = table.visualItemRect(table.item(_row_of(dialog, "pat"), 0))
    assert _in_view(dialog, table.viewport(), rect)
    assert dialog.new_username.hasFocus()  # ready for the next colleague, all in view
