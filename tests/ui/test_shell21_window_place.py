"""After Sign out, the next user's main window comes back exactly where the last one was
left. Qt's restoreGeometry supposes a title bar above every window and moved one at the
top of the screen down by its height: 25 px (50 px at 200 %) without a window manager,
5–15 px with one, on every sign-out. A window whose frame no longer fits any screen (a
screen unplugged) is still brought back onto one, as Qt does."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QApplication, QMainWindow

from approvals.paths import DataDir
from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.application import signed_in_window
from approvals.ui.geometry import restore_geometry, save_geometry
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
RITA = Actor("rita", ("preparer",), "Rita")


def _window(qtbot, runner: TaskRunner, data_dir: DataDir, actor: Actor) -> MainWindow:
    window, features = signed_in_window(runner, data_dir, actor, timeout_ms=3_600_000,
                                        check_ms=3_600_000)
    qtbot.addWidget(window)
    features.session_timer.stop()
    window.show()
    qtbot.waitExposed(window)
    return window


def test_after_sign_out_the_window_comes_back_where_it_was(
        qtbot, fast_hash, db: Database, data_dir: DataDir) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="rita", password=PW, roles=["preparer"],
                          display_name="Rita")
    runner = TaskRunner(db)
    first = _window(qtbot, runner, data_dir, ROOT)
    # Its frame in the screen's top left corner, where a window without a window manager
    # opens and where an officer drags one to.
    corner = first.screen().availableGeometry().topLeft()
    first.move(corner)  # (a window's pos is its frame's)
    qtbot.waitUntil(lambda: first.frameGeometry().topLeft() == corner, timeout=2_000)
    left, frame = first.geometry(), first.frameGeometry()
    first.user_features.sign_out_action.trigger()
    qtbot.waitUntil(lambda: runner.idle and not first.isVisible(), timeout=10_000)
    assert first.user_features.signed_out

    second = _window(qtbot, runner, data_dir, RITA)
    assert second.geometry() == left, (second.geometry(), left)
    assert second.frameGeometry() == frame
    second.close()
    runner.wait_for_done()


def test_a_window_off_every_screen_is_brought_back_onto_one(qtbot, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(200, 150)
    save_geometry(window, settings, "w/geometry")
    # As a second screen to the right saved it, one no longer there.
    beyond = max(s.geometry().right() for s in QApplication.screens()) + 500
    settings.setValue("w/geometry_rect", QRect(QPoint(beyond, 100), window.size()))
    settings.setValue("w/geometry_frame", QRect(QPoint(beyond, 80), window.size()))
    other = QMainWindow()
    qtbot.addWidget(other)
    assert restore_geometry(other, settings, "w/geometry")
    assert other.size() == window.size() and other.x() < beyond
