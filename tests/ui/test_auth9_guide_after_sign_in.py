"""The user guide opened beside the sign-in dialog (F1) went with the dialog once the
officer signed in, in the middle of the reading: the signed-in window opens it again at
the section that was being read."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow

from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.help import GuideWindow
from approvals.ui.workers import TaskRunner
from tests.ui.auth9_support import use_headings_only
from tests.users_support import PW, make_root

pytestmark = pytest.mark.usefixtures("fast_hash", "light_guide")


@pytest.fixture
def light_guide(monkeypatch: pytest.MonkeyPatch) -> None:
    use_headings_only(monkeypatch)  # the README's sections, quickly


def when_shown(act: Callable[[ui_auth.SignInDialog], None]) -> QTimer:
    """`act` on the sign-in dialog once `sign_in` shows it (it reads the database in a
    loop of its own first)."""
    timer = QTimer()
    timer.setInterval(10)

    def look() -> None:
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, ui_auth.SignInDialog) and w.isVisible()]
        if shown:
            timer.stop()
            act(shown[0])

    timer.timeout.connect(look)
    timer.start()
    return timer


def sign_in_as_root(dialog: ui_auth.SignInDialog) -> None:
    dialog.username.setText("root")
    dialog.password.setText(PW)
    dialog.submit()


def signed_in_window(qtbot, runner: TaskRunner, act: Callable[[ui_auth.SignInDialog], None]
                     ) -> tuple[QMainWindow, ui_auth.UserFeatures]:
    """`sign_in` as the app starts, `act` in its dialog; then the window, as run_gui makes
    it for the one signed in."""
    timer = when_shown(act)
    signed = ui_auth.sign_in(runner.db, runner)
    timer.stop()
    assert signed is not None and signed.actor.username == "root"
    window = QMainWindow()
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, signed.actor,
                                             timeout_ms=3_600_000, stamp=signed.stamp)
    features.session_timer.stop()
    window.show()
    return window, features


def test_the_guide_read_at_sign_in_opens_again_beside_the_window(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)

    def read_then_sign_in(dialog: ui_auth.SignInDialog) -> None:
        (help_key,) = [s for s in dialog.findChildren(QShortcut)
                       if s.key() == QKeySequence(QKeySequence.StandardKey.HelpContents)]
        help_key.activated.emit()
        guide = dialog.findChild(GuideWindow)
        qtbot.waitUntil(lambda: guide.source is not None, timeout=10_000)
        assert guide.go_to("Idle lock")  # read on from the sign-in section
        sign_in_as_root(dialog)

    window, features = signed_in_window(qtbot, runner, read_then_sign_in)
    try:
        qtbot.waitUntil(lambda: (guide := window.findChild(GuideWindow)) is not None
                        and guide.isVisible() and guide.source is not None, timeout=10_000)
        guide = window.findChild(GuideWindow)
        heading = guide.section_in_view()
        assert heading is not None and heading.anchor == "idle-lock"
        assert ui_auth._guide_read_at_sign_in == []  # once, not for the next sign-in
    finally:
        features.idle_lock.stop()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, GuideWindow):
                widget.close()


def test_without_the_guide_open_the_window_opens_none(qtbot, runner: TaskRunner,
                                                      db: Database) -> None:
    make_root(db)
    window, features = signed_in_window(qtbot, runner, sign_in_as_root)
    QApplication.processEvents()
    QApplication.processEvents()  # the zero timer a guide would be opened by
    assert window.findChild(GuideWindow) is None
    features.idle_lock.stop()
