"""Ctrl+L (Users ▸ Lock now) locks from a window-modal dialog too, such as the intake
wizard (opened with QDialog.open): the main window's shortcut is shadowed by a modal
dialog over it, so Ctrl+L in a half-typed wizard did nothing and the "L" went nowhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QVBoxLayout

from approvals.services import auth
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def features(qtbot, runner: TaskRunner, db: Database) -> Iterator[ui_auth.UserFeatures]:
    make_root(db)
    with db.session() as s:
        stamp = auth.current_stamp(s, ROOT.username)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    installed = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                              stamp=stamp)
    installed.session_timer.stop()
    yield installed
    installed.idle_lock.stop()
    if installed.idle_lock.is_locked:
        installed.idle_lock.unlock()


def _modal_form(qtbot, features: ui_auth.UserFeatures) -> tuple[QDialog, QLineEdit]:
    dialog = QDialog(features.window)
    field = QLineEdit()
    QVBoxLayout(dialog).addWidget(field)
    dialog.open()  # window-modal, as the intake wizard opens
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    field.setFocus()
    qtbot.keyClicks(field, "Shenzhen Deep Lear")
    return dialog, field


def test_ctrl_l_in_a_window_modal_dialog_locks(qtbot, features: ui_auth.UserFeatures) -> None:
    dialog, field = _modal_form(qtbot, features)
    with qtbot.waitSignal(features.idle_lock.locked, timeout=5_000):
        qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert features.idle_lock.is_locked
    assert field.text() == "Shenzhen Deep Lear"  # nothing typed into the form
    # The password row is in the dialog's cover, in front; the form is kept for unlock.
    (cover,) = [o for o in features.idle_lock.overlays if o.parentWidget() is dialog]
    assert cover.reachable
    features.idle_lock.unlock()
    assert field.text() == "Shenzhen Deep Lear" and dialog.isVisible()


def test_other_keys_in_the_dialog_are_left_alone(qtbot, features: ui_auth.UserFeatures) -> None:
    _dialog, field = _modal_form(qtbot, features)
    qtbot.keyClicks(field, "L")
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert not features.idle_lock.is_locked
    assert field.text() == "Shenzhen Deep LearL" and field.selectedText() == field.text()
