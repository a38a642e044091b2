"""Install anyway… as an administrator types it: Enter after the reason used to press
Cancel (the dialog's default), dropping the reason and installing nothing without a word.
Now Enter in the reason field neither cancels nor installs: it moves to Install anyway
(Space presses it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.paths import DataDir
from approvals.services.rulebook import rulebook_for
from approvals.services.rulebook_updates import install_rulebook_update
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.rulebook_install import confirm_install
from tests.ui.test_polish_rulebook import ADMIN, events, opened, signed


def test_enter_in_the_reason_field_does_not_cancel(qtbot, runner: TaskRunner, db: Database,
                                                   data_dir: DataDir, tmp_path: Path) -> None:
    newer = signed(tmp_path, db, "2099.2.1")
    older = signed(tmp_path, db, "2099.1.1")
    with db.session() as s:
        first = install_rulebook_update(s, data_dir=data_dir, path=newer, actor=ADMIN)
    window = opened(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(older)
    logged = events(db)
    with qtbot.waitSignal(window.update_done, timeout=20_000):  # the preview, read first
        window.update_label.linkActivated.emit("older:")
    dialog = window.confirm_dialog
    assert dialog is not None and dialog.reason is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason yet: still asked for
    assert window.confirm_dialog is dialog and dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "2099.2.1 misstates a threshold")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert window.confirm_dialog is dialog and dialog.isVisible()  # not cancelled
    assert dialog.reason_text() == "2099.2.1 misstates a threshold"
    assert dialog.focusWidget() is dialog.action  # Enter led to the button...
    runner.wait_for_done()
    assert events(db) == logged and rulebook_for(data_dir).version == first.after.version
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.keyClick(dialog.action, Qt.Key.Key_Space)  # ...which Space presses
    qtbot.waitUntil(lambda: "Installed update 2099.1.1" in window.source_label.text(),
                    timeout=10_000)
    action, _details, reason = events(db)[-1]
    assert action == "rulebook.installed" and reason == "2099.2.1 misstates a threshold"
    runner.wait_for_done()


def test_escape_still_cancels(qtbot, runner: TaskRunner, db: Database, data_dir: DataDir,
                              tmp_path: Path) -> None:
    newer = signed(tmp_path, db, "2099.2.1")
    older = signed(tmp_path, db, "2099.1.1")
    with db.session() as s:
        install_rulebook_update(s, data_dir=data_dir, path=newer, actor=ADMIN)
    window = opened(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(older)
    with qtbot.waitSignal(window.update_done, timeout=20_000):  # the preview, read first
        window.update_label.linkActivated.emit("older:")
    dialog = window.confirm_dialog
    assert dialog is not None and dialog.reason is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    qtbot.keyClicks(dialog.reason, "why")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)  # a reason typed: asks first
    assert dialog.discard_box is not None and window.confirm_dialog is dialog
    dialog.discard_box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: window.confirm_dialog is None, timeout=5_000)
    runner.wait_for_done()


def test_the_outcome_names_the_rulebook_as_shipped_or_installed(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    """"Reverted: rulebook 2026.11.2+… is in use" did not say which; the In use line and the
    confirmation do."""
    update = signed(tmp_path, db, "2099.1.1")
    window = opened(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    confirm_install(qtbot, window)
    installed = rulebook_for(data_dir).version
    assert (f"<b>Installed:</b> the installed update {installed} is in use (was the shipped "
            "rulebook ") in window.update_label.text()
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.revert_update()
    confirm = window.confirm_dialog
    assert confirm is not None
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        confirm.action.click()
    assert (f"<b>Reverted:</b> the shipped rulebook {rulebook_for(data_dir).version} is in use "
            f"(was the installed update {installed}).") in window.update_label.text()
    runner.wait_for_done()
