"""Notices that are not errors read as plain text, in the window's own colour: why the last
user was signed out (shown by the next sign-in dialog), "enter your password" after an
empty Enter, and on the lock screen "Type your password", "Checking…" and the end of a
lock-out. They were red, as if something had gone wrong. A wrong password and a lock-out
stay red."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from approvals.services import auth
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.widgets import error_colour
from approvals.ui.workers import TaskRunner
from tests.ui.test_auth17_reset_sign_in import press_sign_in, type_into
from tests.ui.test_auth20_sign_in_guidance import colour_of
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def _red() -> str:
    return error_colour().lower()


def _plain() -> str:
    return ui_auth.guidance_colour().lower()


@pytest.mark.parametrize("notice", [auth.PASSWORD_RESET, ui_auth.TAKEN_NOTICE,
                                    "Restored the backup made 2 December 2026 at 09:15."])
def test_why_the_last_user_was_signed_out_is_said_plainly(
        qtbot, runner: TaskRunner, db: Database, notice: str) -> None:
    make_root(db)
    dialog = ui_auth.make_sign_in_dialog(runner, notice)
    assert isinstance(dialog, ui_auth.SignInDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.message.text() == notice and dialog.message.isVisible()
    assert colour_of(dialog.message) == _plain() != _red()


def test_an_empty_field_is_asked_for_plainly_a_wrong_password_is_red(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    dialog = ui_auth.SignInDialog(runner, notice=auth.PASSWORD_RESET)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.password, "a password typed first")
    press_sign_in(qtbot, dialog)
    assert dialog.message.text() == "Enter your user name."
    assert colour_of(dialog.message) == _plain()
    assert dialog.focusWidget() is dialog.username  # the field the message is about
    dialog.password.clear()
    type_into(qtbot, dialog.username, ROOT.username)
    press_sign_in(qtbot, dialog)
    assert dialog.message.text() == "Enter your password."
    assert colour_of(dialog.message) == _plain()
    type_into(qtbot, dialog.password, "not the password at all")
    press_sign_in(qtbot, dialog)
    qtbot.waitUntil(lambda: runner.idle and dialog.message.text() != "Checking…",
                    timeout=10_000)
    assert dialog.message.text() == auth.BAD_CREDENTIALS
    assert colour_of(dialog.message) == _red()


@pytest.fixture
def cover(qtbot, runner: TaskRunner, db: Database) -> Iterator[tuple[ui_auth.IdleLock,
                                                                       ui_auth.LockOverlay]]:
    """A window under the idle lock, and the lock screen over it."""
    make_root(db)
    window = QPlainTextEdit()
    qtbot.addWidget(window)
    window.show()
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=3_600_000)
    lock.lock()
    yield lock, lock.overlays[0]
    lock.unlock()
    lock.stop()


def test_the_lock_screen_says_steps_plainly_and_refusals_in_red(
        cover: tuple[ui_auth.IdleLock, ui_auth.LockOverlay]) -> None:
    lock, overlay = cover
    overlay.password.returnPressed.emit()  # Enter to wake the screen
    assert overlay.message.text() == "Type your password, then press Enter."
    assert colour_of(overlay.message) == _plain()
    overlay.set_busy(True)
    assert (overlay.message.text(), colour_of(overlay.message)) == ("Checking…", _plain())
    overlay.set_busy(False)
    lock._checked(overlay, auth.SignInResult("wrong", "Wrong password."))
    assert colour_of(overlay.message) == _red()
    ends = auth.utc(None) + timedelta(minutes=2)
    lock._checked(overlay, auth.SignInResult("locked", "Locked out.",
                                             locked_until=auth.iso(ends)))
    lock._tick_lockout()  # the countdown
    assert "Try again in" in overlay.message.text()
    assert colour_of(overlay.message) == _red()
    lock._lockout_until = auth.iso(auth.utc(None) - timedelta(seconds=1))
    lock._tick_lockout()
    assert overlay.message.text() == ui_auth.LOCKOUT_OVER
    assert colour_of(overlay.message) == _plain()
