"""Users window at 200 % on a laptop (about 650 × 345 to Qt): the Selected user pane goes
under the list, so the list's names read whole and every control of the pane can be
scrolled to. Beside the list, the pane's role descriptions set its width and the Name
column read "Ana Ch…"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QBoxLayout,
    QLineEdit,
    QWidget,
)

from approvals.services import users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.ui.conftest import settle
from tests.users_support import ROOT, make_root

LONG_NAME = "Ana Christensen-Villanueva"

pytestmark = pytest.mark.usefixtures("fast_hash")


def _open(qtbot, runner: TaskRunner, db: Database, width: int,
          height: int) -> ui_auth.UserManagementDialog:
    make_root(db)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="ana.chen", password="correct horse battery",
                          roles=["admin"], display_name=LONG_NAME)
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.resize(width, height)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle(qtbot, runner, lambda: dialog.table.rowCount() == 2)
    dialog._fit_roles()  # as the resize's timer does
    return dialog


def _name_fits(dialog: ui_auth.UserManagementDialog, name: str = LONG_NAME) -> bool:
    metrics = dialog.table.fontMetrics()
    needed = metrics.horizontalAdvance(name) + 2 * metrics.averageCharWidth()
    return dialog.table.horizontalHeader().sectionSize(1) >= needed


def test_at_200_percent_the_pane_goes_under_the_list_and_names_read_whole(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = _open(qtbot, runner, db, 648, 345)
    assert _name_fits(dialog)
    assert dialog.panes.direction() == QBoxLayout.Direction.TopToBottom
    rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    dialog.table.selectRow(rows["ana.chen"])
    QApplication.processEvents()
    scroll = dialog.scroll_area
    viewport = scroll.viewport()
    controls = [w for w in dialog.selected_box.findChildren(QWidget)
                if isinstance(w, QAbstractButton | QLineEdit) and not w.isHidden()]
    assert len(controls) >= 10  # name, Save full name, four roles, three buttons, passwords
    for control in controls:
        # Whole across, and whole in view once scrolled to its top.
        scroll.verticalScrollBar().setValue(control.mapTo(scroll.widget(), QPoint(0, 0)).y())
        top_left = control.mapTo(viewport, QPoint(0, 0))
        assert viewport.rect().contains(QRect(top_left, control.size())), control.objectName()
    # The list keeps a few rows' height above the pane.
    assert dialog.table.height() >= 5 * dialog.table.fontMetrics().lineSpacing()
    dialog.close()


def test_at_100_percent_the_pane_stays_beside_the_list(qtbot, runner: TaskRunner,
                                                       db: Database) -> None:
    dialog = _open(qtbot, runner, db, 820, 680)
    assert dialog.panes.direction() == QBoxLayout.Direction.LeftToRight
    assert _name_fits(dialog, "Ana Christensen")  # as before (the longest wraps there)
    # Narrowed, the pane goes under; widened again, beside.
    dialog.resize(640, 680)
    QApplication.processEvents()
    assert dialog.panes.direction() == QBoxLayout.Direction.TopToBottom
    dialog.resize(820, 680)
    QApplication.processEvents()
    assert dialog.panes.direction() == QBoxLayout.Direction.LeftToRight
    dialog.close()
