"""Users ▸ Sign out with input not saved yet in another window (review mode's comment, a
recommendation): the app asks first, as Quit does. The sign-out hid the windows and
dropped the input without a word. The lock screen's Sign out still does not ask."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


class ReviewLikeWindow(QWidget):
    """A window that lists what it holds unsaved, as review mode's window does."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Review AP-2026-0002")
        self.typed = ["the comment typed on the Comments tab (Comment)"]

    def unsaved_input(self) -> list[str]:
        return list(self.typed)


@pytest.fixture
def session(qtbot, runner: TaskRunner, db: Database):
    make_root(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             stamp="s")
    features.session_timer.stop()
    review = ReviewLikeWindow()
    qtbot.addWidget(review)
    review.show()
    qtbot.waitExposed(review)
    yield features, review
    features.idle_lock.stop()


def _button(box: QMessageBox, which: QMessageBox.StandardButton):
    button = box.button(which)
    assert button is not None
    return button


def test_sign_out_asks_before_dropping_unsaved_input(qtbot, runner: TaskRunner,
                                                     session) -> None:
    features, review = session
    features.sign_out_action.trigger()
    box = features.window.findChild(QMessageBox, "signOutDiscardQuestion")
    assert box is not None and box.isVisible()
    assert not features.signed_out
    assert "the comment typed on the Comments tab" in box.text()
    assert "Review AP-2026-0002" in box.text()
    _button(box, QMessageBox.StandardButton.Cancel).click()
    assert not features.signed_out and review.isVisible()  # kept, to save it first

    features.sign_out_action.trigger()
    box = [b for b in features.window.findChildren(QMessageBox, "signOutDiscardQuestion")
           if b.isVisible()][-1]
    _button(box, QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert features.signed_out


def test_nothing_unsaved_signs_out_at_once(qtbot, runner: TaskRunner, session) -> None:
    features, review = session
    review.typed = []
    assert features.request_sign_out() is None
    assert features.signed_out


def test_the_lock_screen_sign_out_does_not_ask(qtbot, runner: TaskRunner, session) -> None:
    features, _review = session
    features.idle_lock.lock()
    features.idle_lock.overlays[0].sign_out_button.click()
    assert features.signed_out
    assert features.window.findChild(QMessageBox, "signOutDiscardQuestion") is None
