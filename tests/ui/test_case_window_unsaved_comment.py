"""A comment typed in a case window but not added is not dropped without a word: closing
the window, Quit and Users ▸ Sign out ask first (Discard / Cancel); a sign-out that hid
the windows (nobody there to answer) closes them without asking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import users
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.case_view import CaseView
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def opened(qtbot, runner: TaskRunner, db: Database, data_dir: DataDir):
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        facts = json.loads(DEMO.read_text(encoding="utf-8"))[0]
        reference = create_case(s, facts=parse_facts(facts), actor=ROOT).reference
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000,
                                             check_ms=3_600_000)
    window.show()
    window.open_case(reference)
    view = window.case_views[reference]
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    view.tabs.setCurrentWidget(view.comments_page)
    view.comment_edit.setPlainText("Check the LP side letter before filing")
    yield window, features, view, reference
    features.idle_lock.stop()


def _answer(box: QMessageBox | None, which: QMessageBox.StandardButton) -> None:
    assert box is not None and box.isVisible()
    button = box.button(which)
    assert button is not None
    button.click()


def test_closing_the_case_window_asks_and_cancel_keeps_the_comment(qtbot, opened) -> None:
    _window, _features, view, reference = opened
    assert view.unsaved_input() == [
        f"the comment typed on the Comments tab of {reference} (Add comment)"]
    view.close()
    assert view.isVisible()
    assert view.close_box is not None and "Check" not in view.close_box.text()
    assert reference in view.close_box.text() and "Comments tab" in view.close_box.text()
    _answer(view.close_box, QMessageBox.StandardButton.Cancel)
    assert view.isVisible()
    assert view.comment_edit.toPlainText() == "Check the LP side letter before filing"
    view.close()
    _answer(view.close_box, QMessageBox.StandardButton.Discard)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5_000)


def test_quit_asks_for_a_case_windows_comment(qtbot, opened) -> None:
    window, _features, view, reference = opened
    window.close()
    assert window.isVisible() and view.isVisible()
    assert window.quit_box is not None and reference in window.quit_box.text()
    _answer(window.quit_box, QMessageBox.StandardButton.Cancel)
    assert window.isVisible() and view.isVisible()
    window.close()
    _answer(window.quit_box, QMessageBox.StandardButton.Discard)
    qtbot.waitUntil(lambda: not window.isVisible() and not view.isVisible(), timeout=5_000)


def test_sign_out_lists_the_comment_and_discard_signs_out(qtbot, opened) -> None:
    _window, features, view, reference = opened
    box = features.request_sign_out()
    assert box is not None and reference in box.text() and not features.signed_out
    _answer(box, QMessageBox.StandardButton.Discard)
    qtbot.waitUntil(lambda: features.signed_out, timeout=5_000)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5_000)
    # Nobody was asked again by the case window the sign-out closed.
    assert not any(isinstance(w, QMessageBox) and w.isVisible()
                   for w in QApplication.topLevelWidgets())


def test_an_empty_or_blank_comment_is_not_unsaved_input(qtbot, opened) -> None:
    _window, _features, view, _reference = opened
    view.comment_edit.setPlainText("   \n")
    assert view.unsaved_input() == []
    view.close()
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5_000)
    assert isinstance(view, CaseView)
