"""While the app is locked, no window's title bar names what is open behind the cover.

A case window's title is "Case AP-2026-0002 — Shenzhen Jixie Vision Robotics Co., Ltd.":
the lock hid its content, but the title bar, the taskbar and the window switcher still
named the target of a deal not yet public to whoever passed the desk. Locked, every
covered window is called "Approvals — locked"; unlocked, each has its own title back,
including a title the window gave itself meanwhile (a refresh behind the cover)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMainWindow, QPlainTextEdit, QWidget

from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")

CASE_TITLE = "Case AP-2026-0002 — Shenzhen Jixie Vision Robotics Co., Ltd."


def _windows(qtbot) -> tuple[QMainWindow, QWidget, QDialog]:
    main, case, dialog = QMainWindow(), QWidget(), QDialog()
    main.setCentralWidget(QPlainTextEdit())
    main.setWindowTitle("Approvals")
    case.setWindowTitle(CASE_TITLE)
    dialog.setWindowTitle("Deactivate a user")
    for window in (main, case, dialog):
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
    return main, case, dialog


def _unlock(qtbot, lock: ui_auth.IdleLock) -> None:
    front = next(o for o in lock.overlays if o.reachable)
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        qtbot.keyClicks(front.password, PW)
        front.unlock_button.click()


def test_locked_windows_do_not_name_what_they_show(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    main, case, dialog = _windows(qtbot)
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    try:
        lock.lock()
        assert [w.windowTitle() for w in (main, case, dialog)] == [ui_auth.LOCKED_TITLE] * 3

        _unlock(qtbot, lock)
        assert case.windowTitle() == CASE_TITLE
        assert main.windowTitle() == "Approvals"
        assert dialog.windowTitle() == "Deactivate a user"
    finally:
        lock.stop()


def test_a_title_set_behind_the_cover_stays_hidden_and_is_the_one_given_back(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    _main, case, _dialog = _windows(qtbot)
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    try:
        lock.lock()
        renamed = "Case AP-2026-0002 — Shenzhen Jixie Vision Robotics Group Co., Ltd."
        case.setWindowTitle(renamed)  # the case window refreshed while locked
        assert case.windowTitle() == ui_auth.LOCKED_TITLE

        _unlock(qtbot, lock)
        assert case.windowTitle() == renamed
    finally:
        lock.stop()


def test_a_window_opened_while_locked_is_covered_without_its_title(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    windows = _windows(qtbot)  # kept: without a reference they go, and nothing is locked
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    try:
        lock.lock()
        assert all(w.windowTitle() == ui_auth.LOCKED_TITLE for w in windows)
        late = QWidget()
        late.setWindowTitle("Filing preview — AP-2026-0002")
        qtbot.addWidget(late)
        late.show()
        qtbot.waitUntil(lambda: late.windowTitle() == ui_auth.LOCKED_TITLE, timeout=5_000)

        _unlock(qtbot, lock)
        assert late.windowTitle() == "Filing preview — AP-2026-0002"
    finally:
        lock.stop()
