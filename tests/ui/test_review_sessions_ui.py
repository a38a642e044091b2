"""pytest-qt: review-mode windows follow the session watch of the main window
(ui.auth.UserFeatures), as the main window and its case views do:

- roles taken away: the review input (proposals, comments, the recommendation, the
  response pack) is greyed out with the refusal's words, and comes back with the role;
- coming back to a review window reads the user again: a password reset elsewhere or a
  deactivation signs out, and the review window goes with the main window;
- the idle lock covers review windows, and signing out from the lock closes them.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services import auth, review, users
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Event
from approvals.ui import auth as ui_auth
from approvals.ui.main_window import MainWindow
from approvals.ui.review import (
    CLEAR_TIP,
    COMMENT_TIP,
    PROPOSE_TIP,
    ReviewFeatures,
    ReviewModeWindow,
    install_review_features,
)
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR, FolderTemplates, copy_data_folder_into, new_database
from tests.ui.test_sessions_watch import open_window, signed_in, visible_boxes
from tests.users_support import create_user_with_own_password

PW = "correct horse battery"
NEW_PW = "a brand new long password"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
NO_ANSWER = ("rita may not answer review packs: that needs the reviewer, approver or "
             "administrator role.")

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def other(data_dir: DataDir, db: Database) -> Iterator[Database]:
    """Another app on the same data folder, where the administrator works meanwhile."""
    database = open_database(data_dir)
    yield database
    database.dispose()


class Session:
    """rita signed in as `run_gui` does it, with a review pack open in review mode."""

    def __init__(self, window: MainWindow, reviews: ReviewFeatures,
                 features: ui_auth.UserFeatures, review_window: ReviewModeWindow):
        self.window, self.reviews, self.features = window, reviews, features
        self.review_window = review_window


def _build_users_case_and_pack(folder: Path) -> None:
    """root and rita, one imported case and its review pack: a data folder in `folder`/data
    and the pack beside it as `folder`/review.zip."""
    data_dir = DataDir(folder / "data").ensure()
    db = new_database(data_dir)
    try:
        with db.session() as s:
            users.create_first_admin(s, username="root", password=PW, display_name="Root")
            create_user_with_own_password(s, actor=ROOT, username="rita", password=PW,
                                          roles=["reviewer"], display_name="Rita")
        with db.session() as s:
            facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
            reference = import_case(s, data=facts, actor=ROOT).reference
        with db.session() as s:
            review.export_review_pack(s, data_dir=data_dir, references=[reference],
                                      out=folder / "review.zip", actor=ROOT)
    finally:
        db.dispose()


@pytest.fixture
def session(qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner,
            folder_templates: FolderTemplates, fast_hash: None) -> Iterator[Session]:
    # Built once per session (the export lays out the draft filings) and copied: the
    # users, the case and the installation's key into this test's folder, the pack beside.
    template, _ = folder_templates.tree(f"{__name__}.users_case_and_pack",
                                        _build_users_case_and_pack)
    copy_data_folder_into(template / "data", db)
    pack = tmp_path / "review.zip"
    shutil.copy2(template / "review.zip", pack)

    rita = signed_in(db, "rita", PW)
    # The timer's own check is far off: each check in these tests comes from an event.
    window, features = open_window(qtbot, runner, data_dir, rita, check_ms=600_000)
    reviews = install_review_features(window, runner, rita.actor)
    try:
        reviews.open_file(pack)
        qtbot.waitUntil(lambda: len(reviews.review_windows) == 1, timeout=10_000)
        review_window = next(iter(reviews.review_windows.values()))
        qtbot.waitUntil(lambda: review_window.view is not None, timeout=10_000)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        yield Session(window, reviews, features, review_window)
    finally:
        features.idle_lock.stop()
        for review_window in list(reviews.review_windows.values()):
            review_window.close()


def input_state(review_window: ReviewModeWindow) -> set[tuple[bool, str]]:
    """(enabled, tooltip) of every control that stores review input or answers the pack."""
    return {(c.isEnabled(), c.toolTip()) for c in review_window._input_controls()}


# Usable: no reason shown; the Comment buttons keep their tooltip naming Enter/Ctrl+Enter.
USABLE = {(True, ""), (True, COMMENT_TIP), (True, PROPOSE_TIP), (True, CLEAR_TIP)}


def go_to_the_main_window(qtbot, session: Session, runner: TaskRunner) -> None:
    """The officer works in the main window for a while (its own checks done)."""
    session.window.activateWindow()
    qtbot.waitUntil(session.window.isActiveWindow, timeout=5_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def come_back_to(qtbot, review_window: ReviewModeWindow) -> None:
    """The officer clicks into the review window again."""
    assert not review_window.isActiveWindow()
    review_window.activateWindow()
    # (Signed out meanwhile, the window may be gone before it is seen active.)
    qtbot.waitUntil(lambda: not shiboken6.isValid(review_window)
                    or review_window.isActiveWindow(), timeout=5_000)


def last_event(db: Database) -> tuple[Any, ...]:
    with db.read_session() as s:
        row = s.exec(select(Event.action, Event.actor, Event.reason)
                     .order_by(Event.id.desc())).first()
    return tuple(row)


def gone(review_window: ReviewModeWindow) -> bool:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return not shiboken6.isValid(review_window) or not review_window.isVisible()


def test_review_input_follows_roles_taken_away_and_given_back(
        qtbot, session: Session, other: Database) -> None:
    rw, features = session.review_window, session.features
    assert input_state(rw) == USABLE and rw.roles_notice.isHidden()

    with other.session() as s:
        users.set_roles(s, actor=ROOT, username="rita", roles=["preparer"])
    with qtbot.waitSignal(session.window.roles_changed, timeout=10_000):
        features.check_session()
    assert rw.actor.roles == ("preparer",)
    assert input_state(rw) == {(False, NO_ANSWER)}  # greyed out, each saying why
    assert not rw.roles_notice.isHidden() and NO_ANSWER in rw.roles_notice.text()
    assert rw.facts_tree.isEnabled() and rw.case_combo.isEnabled()  # reading goes on
    assert not session.reviews.open_action.isEnabled()

    with other.session() as s:
        users.set_roles(s, actor=ROOT, username="rita", roles=["reviewer"])
    with qtbot.waitSignal(session.window.roles_changed, timeout=10_000):
        features.check_session()
    assert input_state(rw) == USABLE and rw.roles_notice.isHidden()
    assert not features.signed_out and visible_boxes() == []


def test_a_role_taken_away_while_the_response_is_written_keeps_its_button_greyed(
        qtbot, session: Session, other: Database, tmp_path: Path) -> None:
    """The response pack's button comes back when the writing ends only if the roles
    still answer packs (the service refuses the write itself, as the user is now)."""
    rw = session.review_window
    with other.session() as s:
        users.set_roles(s, actor=ROOT, username="rita", roles=["preparer"])
    rw.export_response(tmp_path / "response.zip")
    assert rw.response_progress.running and not rw.respond_button.isEnabled()
    rw.set_actor(Actor("rita", ("preparer",), "Rita"))  # the watch, meanwhile
    qtbot.waitUntil(lambda: not rw.response_progress.running, timeout=20_000)
    assert not rw.respond_button.isEnabled() and rw.respond_button.toolTip() == NO_ANSWER
    for box in QApplication.topLevelWidgets():  # the refusal's message
        if box.isVisible() and box.objectName() == "errorDialog":
            box.close()


@pytest.mark.parametrize("change", ["password reset", "deactivated"])
def test_coming_back_to_a_review_window_signs_out_after_a_change_elsewhere(
        qtbot, session: Session, other: Database, runner: TaskRunner, db: Database,
        change: str) -> None:
    rw, features = session.review_window, session.features
    go_to_the_main_window(qtbot, session, runner)
    with other.session() as s:
        if change == "password reset":
            users.reset_password(s, actor=ROOT, username="rita", new_password=NEW_PW)
        else:
            users.deactivate_user(s, actor=ROOT, username="rita", reason="left the firm")
    come_back_to(qtbot, rw)
    qtbot.waitUntil(lambda: features.signed_out, timeout=10_000)
    expected = (auth.PASSWORD_RESET if change == "password reset"
                else "Your account was deactivated by an administrator; sign in again.")
    assert features.notice == expected
    assert not session.window.isVisible()
    qtbot.waitUntil(lambda: gone(rw), timeout=10_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    reason = ("password changed since sign-in" if change == "password reset"
              else "account deactivated")
    assert last_event(db) == ("user.signed_out", "rita", reason)
    assert visible_boxes() == []


def test_coming_back_with_nothing_changed_keeps_the_session(
        qtbot, session: Session, runner: TaskRunner) -> None:
    rw, features = session.review_window, session.features
    checks: list[str] = []
    rw.activated.connect(lambda: checks.append("checked"))
    go_to_the_main_window(qtbot, session, runner)
    come_back_to(qtbot, rw)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert checks and not features.signed_out and rw.isVisible()
    assert input_state(rw) == USABLE


def test_the_idle_lock_covers_review_windows_and_signing_out_from_it_closes_them(
        qtbot, session: Session, runner: TaskRunner) -> None:
    rw, lock = session.review_window, session.features.idle_lock
    lock.lock()
    covers = [o for o in lock.overlays if o.parentWidget() is rw]
    assert len(covers) == 1 and covers[0].isVisible()
    assert not rw.tabs.isEnabled()  # nothing behind the cover takes input
    covers[0].sign_out_button.click()
    assert session.features.signed_out and not lock.is_locked
    qtbot.waitUntil(lambda: gone(rw), timeout=10_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def comments_of(data_dir: DataDir, pack_id: str) -> list[str]:
    view = review.get_review(data_dir, pack_id)
    return [c.body for case in view.cases for c in case.comments if c.origin == "review"]


def test_input_given_after_a_deactivation_elsewhere_signs_out_and_is_not_kept(
        qtbot, session: Session, other: Database, data_dir: DataDir,
        runner: TaskRunner) -> None:
    """Before the watch has looked again, the save itself finds the account deactivated:
    the app signs out with no error box, as for a save in the main window."""
    rw, features = session.review_window, session.features
    pack_id = rw.pack_id
    with other.session() as s:
        users.deactivate_user(s, actor=ROOT, username="rita")
    rw.case_comment_edit.setText("still here?")
    rw.case_comment_button.click()
    qtbot.waitUntil(lambda: features.signed_out, timeout=10_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    qtbot.waitUntil(lambda: gone(rw), timeout=10_000)
    assert visible_boxes() == []
    assert comments_of(data_dir, pack_id) == []


def test_input_given_after_the_role_went_is_refused_with_the_reason(
        qtbot, session: Session, other: Database, data_dir: DataDir,
        runner: TaskRunner) -> None:
    rw = session.review_window
    with other.session() as s:
        users.set_roles(s, actor=ROOT, username="rita", roles=["preparer"])
    rw.case_comment_edit.setText("a comment")
    rw.case_comment_button.click()
    qtbot.waitUntil(lambda: bool(visible_boxes()), timeout=10_000)
    [box] = visible_boxes()
    assert "You no longer have the reviewer role" in box
    assert rw.status.text() == "Could not save the comment: nothing was saved."
    assert comments_of(data_dir, rw.pack_id) == []
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget.objectName() == "errorDialog":
            widget.close()
    rw.case_comment_edit.clear()  # else closing the window asks to save the comment


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_greyed_review_window_passes_the_ux_checks_on_every_tab(
        qtbot, session: Session, other: Database, dark: bool) -> None:
    """Greyed out after the role went, every tab still names its controls, says why each
    greyed-out button is greyed, and keeps its colours readable (in a dark palette too)."""
    from contextlib import nullcontext

    from tests.ui.conftest import dark_palette
    from tests.ui.ux_checks import problems

    rw = session.review_window
    with other.session() as s:
        users.set_roles(s, actor=ROOT, username="rita", roles=["preparer"])
    with qtbot.waitSignal(session.window.roles_changed, timeout=10_000):
        session.features.check_session()
    with dark_palette() if dark else nullcontext():
        found: list[str] = []
        for index in range(rw.tabs.count()):
            rw.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            found += problems(f"review mode, roles gone, {rw.tabs.tabText(index)}", rw)
    assert found == []
