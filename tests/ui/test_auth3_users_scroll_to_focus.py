"""Users window at 200 % (or any window too small for both forms): a field reached by its
Alt key, or focused to show a problem, is scrolled into view. The scroll area followed Tab
only, so Alt+N put the cursor into User name below the fold, out of sight."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QScrollArea

from approvals.services import users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_a_field_focused_by_its_alt_key_is_scrolled_into_view(qtbot, runner: TaskRunner,
                                                              db: Database) -> None:
    make_root(db)
    with db.session() as s:  # not alone: that opens with the cursor in New user
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.resize(700, 300)  # as a 768-pixel screen at 200 % leaves it, roughly
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2, timeout=10_000)
    scroll = dialog.findChild(QScrollArea, "userScroll")
    viewport = scroll.viewport()

    def in_view(widget) -> bool:
        top_left = widget.mapTo(viewport, QPoint(0, 0))
        return viewport.rect().contains(QRect(top_left, widget.size()))

    field = dialog.new_username
    assert not in_view(field)  # below the fold at this size
    field.setFocus(Qt.FocusReason.ShortcutFocusReason)  # what Alt+N does
    assert in_view(field)

    dialog.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
    assert in_view(dialog.table) or scroll.verticalScrollBar().value() == 0
    dialog.close()
    # Closed, it follows the focus no more (one dialog kept for the next opening).
    assert not dialog._following_focus


def test_a_deleted_users_window_follows_no_focus(qtbot, runner: TaskRunner,
                                                 db: Database) -> None:
    """Deleted while shown (its main window closed with it): a later focus change must not
    reach it."""
    import shiboken6
    from PySide6.QtWidgets import QLineEdit

    make_root(db)
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    shiboken6.delete(dialog)
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    other.setFocus()
    other.clearFocus()  # focusChanged went out twice without error
