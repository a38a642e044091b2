"""Main window loose ends: a double-click asks the case (or draft) to open once, not twice
(doubleClicked and activated both fired); Enter, the keypad's too, opens it as well; and the
status bar's "Signed in as …" gives way with "…" in a narrow window while Solo mode stays
whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import auth, users
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"
PW = "correct horse battery"
LONG_NAME = "赵磊 Zhao Lei, Head of Compliance, Greater China"


@pytest.fixture
def window(qtbot, runner: TaskRunner, data_dir: DataDir, db: Database, admin: Actor) -> MainWindow:
    data = json.loads(DEMO.read_text(encoding="utf-8"))[:2]
    with db.session() as session:
        for facts in data:
            create_case(session, facts=parse_facts(facts), actor=admin)
    win = MainWindow(runner, data_dir, Actor(admin.username, admin.roles, LONG_NAME))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: runner.idle and win.model.rowCount() == 2, timeout=10_000)
    win.table.setFocus()
    return win


def _close_case_windows(qtbot, window: MainWindow) -> None:
    for view in list(window.case_views.values()):
        qtbot.waitUntil(lambda v=view: v.data is not None, timeout=10_000)
        view.close()


def test_a_double_click_or_enter_asks_the_case_to_open_once(qtbot, window: MainWindow) -> None:
    asked: list[str] = []
    window.case_open_requested.connect(asked.append)
    table = window.table
    reference = window.model.row_at(1).reference
    rect = table.visualRect(window.model.index(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked == [reference]  # was [reference, reference]: doubleClicked, then activated
    _close_case_windows(qtbot, window)

    first = window.model.row_at(0).reference
    table.setFocus()
    table.setCurrentIndex(window.model.index(0, 0))
    asked.clear()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.keyClick(table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert asked == [first, first]  # once per key press
    _close_case_windows(qtbot, window)


@pytest.mark.usefixtures("fast_hash")
def test_signed_in_as_elides_in_a_narrow_window_and_solo_mode_stays_whole(
        qtbot, window: MainWindow, runner: TaskRunner, db: Database) -> None:
    actor = window.actor
    with db.session() as session:
        users.create_first_admin(session, username=actor.username, password=PW,
                                 display_name=LONG_NAME)
        auth.set_solo_mode(session, actor=actor, enabled=True, reason="one-person office")
        stamp = auth.current_stamp(session, actor.username)
    features = ui_auth.UserFeatures(window, runner, actor, timeout_ms=3_600_000, stamp=stamp)
    features.session_timer.stop()
    solo = features.solo_label
    label = window.user_label
    full = f"Signed in as {LONG_NAME} (alice)"
    assert label.text() == label.toolTip() == full
    window.resize(1280, 700)
    qtbot.waitUntil(lambda: runner.idle and solo.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: label.width() >= label.fontMetrics().horizontalAdvance(full))
    assert label.shown_text() == full

    # Narrow (at 200 % a 1366-pixel screen is 683 wide): the window could not get narrower
    # than the whole name, and what did not fit was cut off; now the name gives way, with
    # "…", and Solo mode keeps its width inside the window.
    narrow = 560
    window.resize(narrow, 700)
    qtbot.waitUntil(lambda: window.width() == narrow)
    qtbot.waitUntil(lambda: label.width() < label.fontMetrics().horizontalAdvance(full))
    assert label.shown_text().startswith("Signed in as") and label.shown_text().endswith("…")
    assert solo.width() >= solo.sizeHint().width()
    assert solo.geometry().right() <= window.statusBar().width()
    features.idle_lock.stop()
