"""The idle lock's database work (the lock event, the unlock check, the configured timeout)
is bound to the lock: a result that arrives after the lock was deleted (its window closed,
the user signed out) is dropped instead of touching a deleted Qt object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit, QMainWindow

from approvals.services import auth
from approvals.store.audit import Actor
from approvals.ui import auth as ui_auth
from approvals.ui.workers import BoundRunner

BOB = Actor("bob", ("preparer",), "Bob")


class HeldRunner:
    """A runner that runs nothing: it keeps each call's callbacks for the test to call
    when it likes (as a worker thread finishing late would)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Callable[..., Any] | None, Callable[..., Any] | None]] = []

    def bound_to(self, owner: QObject) -> BoundRunner:
        return BoundRunner(self, owner)  # type: ignore[arg-type]

    def _keep(self, kind: str, on_done: Callable[..., Any] | None,
              on_error: Callable[..., Any] | None) -> None:
        self.calls.append((kind, on_done, on_error))

    def read(self, _fn: Any, on_done: Any = None, on_error: Any = None) -> None:
        self._keep("read", on_done, on_error)

    def write(self, _fn: Any, on_done: Any = None, on_error: Any = None) -> None:
        self._keep("write", on_done, on_error)


def test_results_for_a_deleted_idle_lock_are_dropped(qtbot) -> None:
    form = QLineEdit()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    held = HeldRunner()
    lock = ui_auth.IdleLock(held, BOB, timeout_ms=60_000)  # type: ignore[arg-type]
    lock.lock()
    [overlay] = lock.overlays
    lock._check(overlay, "correct horse battery")
    [(_, _, record_failed), (_, unlock_checked, check_failed)] = held.calls
    unlocked: list[bool] = []
    lock.unlocked.connect(lambda: unlocked.append(True))
    lock.stop()
    shiboken6.delete(lock)

    # Without the binding each of these reached the deleted lock (its timer, its signals).
    assert unlock_checked is not None and check_failed is not None
    unlock_checked(auth.SignInResult("ok", "", actor=BOB))
    check_failed(RuntimeError("database went away"))
    assert record_failed is not None
    record_failed(RuntimeError("disk full"))
    assert unlocked == []
    overlay.deleteLater()


def test_the_timeout_read_for_a_closed_window_is_dropped(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    held = HeldRunner()
    held.account_revoked = _Signal()  # type: ignore[attr-defined]
    features = ui_auth.UserFeatures(window, held, BOB, stamp="s")  # type: ignore[arg-type]
    features.session_timer.stop()
    [(kind, timeout_read, _)] = held.calls
    assert kind == "read" and timeout_read is not None
    features.idle_lock.stop()
    shiboken6.delete(features)
    timeout_read(auth.SecuritySettings(idle_timeout_minutes=5, solo_mode=False))


class _Signal:
    def connect(self, _slot: Any) -> None:
        pass
