"""The only-user hint in the status bar fits beside "Signed in as …" at 200 % (a 1366×768
screen is 683 px wide then): it was cut to "… (approvals" beside a long name, the reason
lost. The longest wording that fits is shown, worded again when the window is resized."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QStatusBar, QWidget

from approvals.paths import DataDir
from approvals.services import auth, users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.alone_support import WANG, signed_in_alone
from tests.users_support import PW

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def window(qtbot, runner: TaskRunner, db: Database, data_dir: DataDir) -> Iterator[MainWindow]:
    yield from signed_in_alone(qtbot, runner, db, data_dir)


def _wide_with_the_hint(qtbot, window: MainWindow) -> QStatusBar:
    """The window shown wide (100 % on a laptop), once the whole hint shows."""
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage() == ui_auth.ALONE_HINT, timeout=10_000)
    return bar


def _fits(bar: QStatusBar) -> bool:
    return bar.fontMetrics().horizontalAdvance(bar.currentMessage()) <= ui_auth.message_room(bar)


def test_the_hint_fits_beside_a_long_name_at_200_percent(qtbot, window: MainWindow) -> None:
    window.resize(683, 384)
    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage() != "", timeout=10_000)
    qtbot.waitUntil(lambda: _fits(bar), timeout=10_000)
    message = bar.currentMessage()
    assert message in ui_auth.ALONE_HINTS and "Users → Users…" in message
    signed_in = bar.findChild(QWidget, "signedInLabel")
    assert signed_in is not None and signed_in.isVisible()
    # The room measured is the room left of the name, where the bar draws the message.
    assert ui_auth.message_room(bar) <= signed_in.x() - 8


def test_a_wide_window_says_why_and_a_narrowed_one_is_worded_again(
        qtbot, window: MainWindow) -> None:
    bar = _wide_with_the_hint(qtbot, window)
    assert "second person" in bar.currentMessage()

    window.resize(683, 384)
    qtbot.waitUntil(lambda: bar.currentMessage() != ui_auth.ALONE_HINT and _fits(bar),
                    timeout=2_000)
    assert bar.currentMessage() in ui_auth.ALONE_HINTS


def test_the_hint_goes_once_a_colleague_is_added(qtbot, window: MainWindow,
                                                 db: Database) -> None:
    bar = _wide_with_the_hint(qtbot, window)
    features: ui_auth.UserFeatures = window.user_features  # type: ignore[attr-defined]
    dialog = features.open_users()
    with db.session() as s:  # as Create user in the dialog stores it
        users.create_user(s, actor=WANG, username="bob", password=PW, roles=["approver"])
    dialog.changed.emit()
    qtbot.waitUntil(lambda: bar.currentMessage() == "", timeout=10_000)
    window.resize(683, 384)  # a resize does not bring it back
    QApplication.processEvents()
    QApplication.processEvents()  # the zero timer a resize's new wording would go by
    assert bar.currentMessage() == ""
    dialog.close()


def test_the_hint_comes_back_after_another_message(qtbot, window: MainWindow) -> None:
    """On a new data folder the day's first backup says so in the status bar, and its
    message replaced the hint for good; so did a look into a menu (it clears the bar)."""
    bar = window.statusBar()
    bar.showMessage("Making today's automatic backup… 40 %")  # there before the hint
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    features: ui_auth.UserFeatures = window.user_features  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: features.alone_hint.pending(), timeout=10_000)
    assert bar.currentMessage().startswith("Making")  # the hint waits its turn

    bar.showMessage("Today's automatic backup was made.", 100)
    qtbot.waitUntil(lambda: bar.currentMessage() == ui_auth.ALONE_HINT, timeout=5_000)
    bar.clearMessage()  # as a menu entry without a status tip does
    qtbot.waitUntil(lambda: bar.currentMessage() == ui_auth.ALONE_HINT, timeout=5_000)

    features.alone_hint.withdraw()  # gone for good: nothing brings it back
    bar.showMessage("Created case AP-2026-0001", 50)
    qtbot.waitUntil(lambda: bar.currentMessage() == "", timeout=5_000)
    QApplication.processEvents()  # the zero timer a return would go by
    assert bar.currentMessage() == ""


def test_the_hint_goes_when_solo_mode_is_turned_on(qtbot, window: MainWindow,
                                                   db: Database) -> None:
    """Alone, an administrator may turn on solo mode instead (here or in another window):
    "approvals need a second person" is then wrong, and the hint goes."""
    bar = _wide_with_the_hint(qtbot, window)
    with db.session() as s:
        auth.set_solo_mode(s, actor=WANG, enabled=True, reason="one-person office")
    features: ui_auth.UserFeatures = window.user_features  # type: ignore[attr-defined]
    features.check_session()  # as every SESSION_CHECK_MS, or Security settings' Save
    qtbot.waitUntil(lambda: features.solo_label.isVisible() and bar.currentMessage() == "",
                    timeout=10_000)


def test_a_hint_waiting_behind_another_message_goes_too(qtbot, window: MainWindow,
                                                        db: Database) -> None:
    bar = _wide_with_the_hint(qtbot, window)
    bar.showMessage("Making today's automatic backup… 40 %")  # the hint waits behind it
    features: ui_auth.UserFeatures = window.user_features  # type: ignore[attr-defined]
    dialog = features.open_users()
    with db.session() as s:
        users.create_user(s, actor=WANG, username="bob", password=PW, roles=["approver"])
    dialog.changed.emit()
    qtbot.waitUntil(lambda: not features.alone_hint.pending(), timeout=10_000)
    bar.clearMessage()  # the backup's message goes: the hint does not come back
    QApplication.processEvents()
    QApplication.processEvents()
    assert bar.currentMessage() == ""
    dialog.close()


def test_the_hint_is_worded_again_as_the_busy_label_comes_and_goes(
        qtbot, window: MainWindow, runner: TaskRunner) -> None:
    """On a loaded machine the hint was fitted while "Working…" still showed beside the
    name; the label cleared, the bar kept its width and the short wording stayed."""
    bar = _wide_with_the_hint(qtbot, window)
    # The window's first reads done: their end clears the label this test sets.
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    window.busy_label.setText("Working… " * 40)  # leaves too little room for the whole
    qtbot.waitUntil(lambda: bar.currentMessage() == ui_auth.ALONE_HINTS[-1], timeout=5_000)
    assert ui_auth.message_room(bar) < bar.fontMetrics().horizontalAdvance(ui_auth.ALONE_HINT)

    window.busy_label.setText("")  # the work done, the bar as wide as before
    qtbot.waitUntil(lambda: bar.currentMessage() == ui_auth.ALONE_HINT, timeout=5_000)
