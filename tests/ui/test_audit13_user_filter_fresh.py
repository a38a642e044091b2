"""The audit trail window's User filter is read again when the window is come back to: a
user who acted or was renamed meanwhile was missing, or listed under the old name, until
the window was reopened. The user chosen stays chosen, under their name as it is now."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget
from sqlmodel import select

from approvals.paths import DataDir
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.models import User
from approvals.ui.audit_trail import AuditTrailWindow
from tests.conftest import FolderTemplates
from tests.ui.test_audit_trail_window import _close
from tests.ui.test_names12_audit_window_names import _window


def _listed(window: AuditTrailWindow) -> list[str]:
    return [window.user_filter.itemText(i) for i in range(window.user_filter.count())]


def _leave_and_return(qtbot: Any, window: AuditTrailWindow) -> None:
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=5_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)


def test_a_user_renamed_or_new_is_listed_on_coming_back(
        qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
        admin: Actor) -> None:
    window = _window(qtbot, folder_templates, db, data_dir, admin)
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
        window.user_filter.setCurrentIndex(window.user_filter.findText("Li Wei (li.wei)"))
        assert window.user_chosen() == "li.wei"
        with db.session() as s:  # in the Users window, or at another desk
            li = s.exec(select(User).where(User.username == "li.wei")).one()
            li.display_name = "Li Wei-Chen"
            s.add(li)
            s.add(User(username="mei.lin", display_name="Mei Lin"))
            append_event(s, actor=Actor("mei.lin"), action="user.sign_in", entity="user",
                         entity_id="mei.lin")
        assert "Mei Lin (mei.lin)" not in _listed(window)
        _leave_and_return(qtbot, window)
        qtbot.waitUntil(lambda: "Mei Lin (mei.lin)" in _listed(window), timeout=10_000)
        assert "Li Wei-Chen (li.wei)" in _listed(window)
        assert "Li Wei (li.wei)" not in _listed(window)
        # Still chosen, under the new name (the old one, as typed text, matched nobody).
        assert window.user_filter.currentText() == "Li Wei-Chen (li.wei)"
        assert window.user_chosen() == "li.wei"
    finally:
        _close(window)
        window.main.runner.wait_for_done()
