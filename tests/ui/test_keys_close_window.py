"""Ctrl+W, which the guide's Keyboard table lists as Close, closed nothing: the shortcut
took only the platform's first Close key (Ctrl+F4 on Linux)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.dashboard import DeadlinesDashboard
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.case_window import open_view


def _active_case_window(qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
                        db: Database) -> CaseView:
    """The example case's window, open and active (shortcuts act in the active window)."""
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, ref)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=5_000)
    return view


def test_ctrl_w_closes_the_case_window_and_the_dashboard(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    view = _active_case_window(qtbot, runner, admin, data_dir, db)
    qtbot.keyClick(view, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5_000)

    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard.show()
    dashboard.activateWindow()
    qtbot.waitUntil(dashboard.isActiveWindow, timeout=5_000)
    qtbot.keyClick(dashboard, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dashboard.isVisible(), timeout=5_000)
    runner.wait_for_done()


def test_ctrl_tab_changes_the_case_windows_tab_from_where_it_opens(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    """Opened, the case window has the keys on Edit facts…, where Ctrl+Tab did nothing."""
    view = _active_case_window(qtbot, runner, admin, data_dir, db)
    view.tabs.setCurrentIndex(0)
    outside = next(w for w in (view.focusWidget(), view) if w is not None)
    assert not view.tabs.isAncestorOf(outside) or outside is view
    qtbot.keyClick(outside, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentIndex() == 1
    qtbot.keyClick(outside, Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.tabs.currentIndex() == 0
    qtbot.keyClick(outside, Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.tabs.currentIndex() == view.tabs.count() - 1
    view.close()
    runner.wait_for_done()
