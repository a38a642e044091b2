"""pytest-qt: a running session follows what an administrator did to its user elsewhere —
another app on the same data folder (here a second Database on the same file, or a
separate process), or the same app's Users… dialog.

- password reset: the session signs out; only the new password signs in again;
- deactivation: the session signs out;
- roles taken away or given: the window's actions, an open case view's buttons (the
  track's steps included) and an open Generate-a-filing dialog's "Final" follow at once;
- none of it leaves an error box or a traceback behind.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import auth, users
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Event
from approvals.ui import auth as ui_auth
from approvals.ui.case_view import CaseView
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.users_support import create_user_with_own_password

PW = "correct horse battery"
NEW_PW = "a brand new long password"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def seeded(db: Database) -> Database:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        # bob has signed in once and chosen PW, as the app asks of a created account.
        create_user_with_own_password(s, actor=ROOT, username="bob", password=PW,
                                      roles=["preparer"], display_name="Bob")
    return db


@pytest.fixture
def other(data_dir: DataDir, seeded: Database) -> Iterator[Database]:
    """Another app on the same data folder: its own engine and connections."""
    database = open_database(data_dir)
    yield database
    database.dispose()


class BoxWatch(QObject):
    """Notes every message box the moment it is shown, even one deleted right after."""

    def __init__(self, seen: list[str]) -> None:
        super().__init__()
        self.seen = seen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox):
            self.seen.append(f"box: {watched.text()} {watched.informativeText()}")
        return False


class ErrorLog(logging.Handler):
    """Notes every error logged (a traceback from a failed task is logged as one)."""

    def __init__(self, seen: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.seen = seen

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(f"log: {record.getMessage()}")


@pytest.fixture
def errors_seen(qtbot, runner: TaskRunner) -> Iterator[list[str]]:
    """Every message box shown, every unexpected error the runner reports and every
    error logged."""
    seen: list[str] = []
    runner.on_unhandled_error = lambda exc, details: seen.append(f"unhandled: {exc}")
    watch = BoxWatch(seen)
    app = QApplication.instance()
    app.installEventFilter(watch)
    handler = ErrorLog(seen)
    logging.getLogger().addHandler(handler)
    yield seen
    logging.getLogger().removeHandler(handler)
    app.removeEventFilter(watch)


def visible_boxes() -> list[str]:
    return [f"{w.windowTitle()}: {w.text()} {w.informativeText()}"
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def sign_in_as(db: Database, username: str, password: str) -> auth.SignInResult:
    with db.session() as s:
        return auth.sign_in(s, username=username, password=password)


def signed_in(db: Database, username: str, password: str) -> ui_auth.SignedIn:
    """What the sign-in dialog hands on to `run_gui`: the user and the sign-in's stamp."""
    result = sign_in_as(db, username, password)
    assert result.ok and result.actor is not None, result.message
    return ui_auth.SignedIn(result.actor, result.stamp)


def open_window(qtbot, runner: TaskRunner, data_dir: DataDir, who: Actor | ui_auth.SignedIn,
                check_ms: int = 60_000) -> tuple[MainWindow, ui_auth.UserFeatures]:
    """A main window as `run_gui` makes it; an Actor alone is a window made without the
    sign-in dialog (no stamp handed on)."""
    sign_in = who if isinstance(who, ui_auth.SignedIn) else ui_auth.SignedIn(who)
    actor = sign_in.actor
    window = MainWindow(runner, data_dir, actor)
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, actor, timeout_ms=600_000,
                                             check_ms=check_ms, stamp=sign_in.stamp)
    window.show()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return window, features


def last_event(db: Database) -> tuple[str, str, str]:
    with db.read_session() as s:
        row = s.exec(select(Event.action, Event.actor, Event.reason)
                     .order_by(Event.id.desc())).first()
    return tuple(row)


def test_a_password_reset_in_another_process_signs_the_session_out(
        qtbot, runner, seeded, data_dir, errors_seen) -> None:
    bob = signed_in(seeded, "bob", PW)
    # The timer's own check, at a short interval: nothing but time passing is needed.
    window, features = open_window(qtbot, runner, data_dir, bob, check_ms=100)
    try:
        qtbot.wait(300)
        assert not features.signed_out  # nothing changed: the session goes on
        script = textwrap.dedent(f"""
            import sys
            from pathlib import Path
            from approvals.paths import DataDir
            from approvals.services import users
            from approvals.store.audit import Actor
            from approvals.store.migrate import open_database
            db = open_database(DataDir(Path(sys.argv[1])))
            with db.session() as s:
                users.reset_password(s, actor=Actor("root", ("admin",)), username="bob",
                                     new_password={NEW_PW!r})
            db.dispose()
        """)
        done = subprocess.run([sys.executable, "-c", script, str(data_dir.root)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        qtbot.waitUntil(lambda: features.signed_out, timeout=10_000)
        assert not window.isVisible()
        assert features.notice == auth.PASSWORD_RESET
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert last_event(seeded) == ("user.signed_out", "bob", "password changed since sign-in")
        # The sign-in dialog that follows says why, and only the new password opens it.
        dialog = ui_auth.make_sign_in_dialog(runner, features.notice)
        qtbot.addWidget(dialog)
        assert dialog.message.text() == auth.PASSWORD_RESET
        assert not sign_in_as(seeded, "bob", PW).ok
        assert sign_in_as(seeded, "bob", NEW_PW).must_change
        assert errors_seen == [] and visible_boxes() == []
    finally:
        features.idle_lock.stop()


def test_a_deactivation_signs_the_session_out_when_the_app_comes_back(
        qtbot, runner, seeded, other, data_dir, errors_seen) -> None:
    bob = signed_in(seeded, "bob", PW)
    window, features = open_window(qtbot, runner, data_dir, bob)
    try:
        with other.session() as s:
            users.deactivate_user(s, actor=ROOT, username="bob", reason="left the firm")
        # Back to this app from another program: the session is checked at once.
        features._application_state(Qt.ApplicationState.ApplicationActive)
        qtbot.waitUntil(lambda: features.signed_out, timeout=10_000)
        assert features.notice == "Your account was deactivated by an administrator; sign in again."
        assert not window.isVisible()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert last_event(seeded) == ("user.signed_out", "bob", "account deactivated")
        assert not sign_in_as(seeded, "bob", PW).ok
        assert errors_seen == [] and visible_boxes() == []
    finally:
        features.idle_lock.stop()


def test_a_refused_action_after_deactivation_signs_out_without_an_error_box(
        qtbot, runner, seeded, other, data_dir, errors_seen) -> None:
    """The service refuses the deactivated user's next action (AccountRevoked): the app
    signs out, and the case view's error handler shows no box over the sign-in."""
    bob = signed_in(seeded, "bob", PW)
    facts = json.loads(DEMO.read_text(encoding="utf-8"))[0]
    with seeded.session() as s:
        reference = create_case(s, facts=parse_facts(facts), actor=bob.actor).reference
    window, features = open_window(qtbot, runner, data_dir, bob)
    try:
        window.open_case(reference)
        view = window.case_views[reference]
        qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
        with other.session() as s:
            users.deactivate_user(s, actor=ROOT, username="bob")
        view.tabs.setCurrentWidget(view.comments_page)
        view.comment_edit.setPlainText("still here?")
        view.add_comment_button.click()
        qtbot.waitUntil(lambda: features.signed_out, timeout=10_000)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        qtbot.wait(50)  # anything queued after the sign-out has shown by now
        assert errors_seen == [] and visible_boxes() == []
        with seeded.read_session() as s:
            actions = [e.action for e in s.exec(select(Event).where(Event.actor == "bob"))]
        assert "comment.added" not in actions and actions[-1] == "user.signed_out"
    finally:
        features.idle_lock.stop()


def enabled_steps(view: CaseView) -> set[str]:
    return {name for name, button in view.track_buttons.items() if button.isEnabled()}


def test_the_window_follows_roles_taken_away_and_given(
        qtbot, runner, seeded, other, data_dir, errors_seen) -> None:
    bob = signed_in(seeded, "bob", PW)
    facts = json.loads(DEMO.read_text(encoding="utf-8"))[0]
    with seeded.session() as s:
        reference = create_case(s, facts=parse_facts(facts), actor=ROOT).reference
    window, features = open_window(qtbot, runner, data_dir, bob)
    try:
        window.open_case(reference)
        view = window.case_views[reference]
        view.tabs.setCurrentWidget(view.tracks_page)
        qtbot.waitUntil(lambda: view.data is not None and bool(view.track_buttons),
                        timeout=10_000)
        view.filing_button.click()
        filing = view.preview
        assert isinstance(filing, FilingDialog)
        filing.final.setChecked(True)
        as_preparer = enabled_steps(view)
        assert as_preparer, "a preparer can take a step of a new case's track"
        assert window.new_case_action.isEnabled() and view.edit_button.isEnabled()

        # Another app takes the preparer role away (bob is a reviewer now).
        with other.session() as s:
            users.set_roles(s, actor=ROOT, username="bob", roles=["reviewer"])
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            features.check_session()
        assert features.actor.roles == window.actor.roles == view.actor.roles == ("reviewer",)
        assert not window.new_case_action.isEnabled()
        assert "preparer" in window.new_case_action.toolTip()
        assert not view.edit_button.isEnabled()
        assert not filing.final.isEnabled() and not filing.final.isChecked()
        assert enabled_steps(view) < as_preparer  # the preparer's steps are greyed out
        assert not features.users_action.isEnabled()

        # ... and gives preparer and approver: used at once, without signing in again.
        with other.session() as s:
            users.set_roles(s, actor=ROOT, username="bob", roles=["preparer", "approver"])
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            features.check_session()
        assert window.actor.roles == ("preparer", "approver")
        assert window.new_case_action.isEnabled() and view.edit_button.isEnabled()
        assert filing.final.isEnabled()
        assert enabled_steps(view) >= as_preparer
        # Later re-checks (Refresh, coming back to the window) keep the granted roles.
        window.check_roles()
        view.check_roles()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert window.actor.roles == view.actor.roles == ("preparer", "approver")
        assert not features.signed_out
        assert errors_seen == [] and visible_boxes() == []
    finally:
        features.idle_lock.stop()


def test_an_administrator_changing_their_own_roles_is_followed_at_once(
        qtbot, runner, seeded, other, data_dir, errors_seen) -> None:
    with seeded.session() as s:
        create_user_with_own_password(s, actor=ROOT, username="carol", password=PW,
                                      roles=["admin"])
    root = signed_in(seeded, "root", PW)
    window, features = open_window(qtbot, runner, data_dir, root)
    try:
        dialog = features.open_users()
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        dialog.select("root")
        dialog.role_boxes["admin"].setChecked(False)
        with qtbot.waitSignal(window.roles_changed, timeout=10_000):
            dialog.save_roles_button.click()
        assert window.actor.roles == features.actor.roles == ("preparer", "reviewer", "approver")
        assert not features.users_action.isEnabled()
        assert not features.settings_action.isEnabled()
        assert not dialog.may_manage  # the open Users dialog turned read-only
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        # Given back by the other administrator: followed too, no new sign-in needed.
        with other.session() as s:
            users.set_roles(s, actor=Actor("carol", ("admin",)), username="root",
                            roles=list(ROOT.roles))
        with qtbot.waitSignal(window.roles_changed, timeout=10_000):
            features.check_session()
        assert window.actor.roles == ROOT.roles
        assert features.users_action.isEnabled() and dialog.may_manage
        assert not features.signed_out
        assert errors_seen == [] and visible_boxes() == []
    finally:
        features.idle_lock.stop()


def test_own_password_changes_keep_this_session_and_end_the_others(
        qtbot, runner, seeded, data_dir, errors_seen) -> None:
    """The change-password dialog (and an administrator's reset of their own password in
    Users…) keeps the session that made it; a second window of the same user signs out."""
    bob = signed_in(seeded, "bob", PW)
    window, features = open_window(qtbot, runner, data_dir, bob)
    second_bob = signed_in(seeded, "bob", PW)
    window2, features2 = open_window(qtbot, runner, data_dir, second_bob)
    try:
        dialog = features.open_change_password()
        qtbot.addWidget(dialog)
        dialog.old.setText(PW)
        dialog.new.setText(NEW_PW)
        dialog.confirmation.setText(NEW_PW)
        with qtbot.waitSignal(dialog.password_changed, timeout=10_000):
            dialog.save_button.click()
        features.check_session()
        features2.check_session()
        qtbot.waitUntil(lambda: features2.signed_out, timeout=10_000)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        # (Signing out hides every window of the app: in use there is one per app.)
        assert not features.signed_out and not window.user_features.signed_out
        assert features2.notice == auth.PASSWORD_RESET and not window2.isVisible()
    finally:
        features.idle_lock.stop()
        features2.idle_lock.stop()

    root = signed_in(seeded, "root", PW)
    admin_window, admin = open_window(qtbot, runner, data_dir, root)
    try:
        users_dialog = admin.open_users()
        qtbot.addWidget(users_dialog)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        users_dialog.select("root")
        users_dialog.reset_password.setText(NEW_PW)
        users_dialog.reset_confirmation.setText(NEW_PW)
        with qtbot.waitSignal(users_dialog.own_password_reset, timeout=10_000):
            users_dialog.reset_button.click()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        admin.check_session()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert not admin.signed_out and admin_window.isVisible()
        assert sign_in_as(seeded, "root", NEW_PW).ok
        assert errors_seen == [] and visible_boxes() == []
    finally:
        admin.idle_lock.stop()


def test_a_window_made_without_the_sign_in_dialog_takes_the_stamp_as_it_is(
        qtbot, runner, seeded, other, data_dir) -> None:
    bob = Actor("bob", ("preparer",), "Bob")
    _window, features = open_window(qtbot, runner, data_dir, bob)
    try:
        with seeded.read_session() as s:
            assert features.stamp == auth.current_stamp(s, "bob") != ""
        with other.session() as s:
            users.reset_password(s, actor=ROOT, username="bob", new_password=NEW_PW)
        features.check_session()
        qtbot.waitUntil(lambda: features.signed_out, timeout=10_000)
    finally:
        features.idle_lock.stop()


def test_the_check_stops_with_the_sign_out(qtbot, runner, seeded, data_dir) -> None:
    bob = signed_in(seeded, "bob", PW)
    _window, features = open_window(qtbot, runner, data_dir, bob, check_ms=50)
    try:
        assert features.session_timer.isActive()
        features.sign_out()
        assert not features.session_timer.isActive()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    finally:
        features.idle_lock.stop()


def test_a_password_reset_signs_out_from_the_lock_screen(
        qtbot, runner, seeded, other, data_dir, errors_seen) -> None:
    """bob's window is idle-locked when an administrator resets his password: the session
    signs out from behind the lock, and no cover is left over a window."""
    bob = signed_in(seeded, "bob", PW)
    window, features = open_window(qtbot, runner, data_dir, bob)
    try:
        features.idle_lock.lock(manual=True)
        assert features.idle_lock.is_locked
        with other.session() as s:
            users.reset_password(s, actor=ROOT, username="bob", new_password=NEW_PW)
        features.check_session()
        qtbot.waitUntil(lambda: features.signed_out, timeout=10_000)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert not features.idle_lock.is_locked and not window.isVisible()
        assert features.notice == auth.PASSWORD_RESET
        assert last_event(seeded) == ("user.signed_out", "bob", "password changed since sign-in")
        assert errors_seen == [] and visible_boxes() == []
    finally:
        features.idle_lock.stop()


def test_without_a_signed_in_window_a_revocation_reaches_the_task_handler(
        qtbot, runner) -> None:
    """Only a window that signs out on account_revoked takes the refusal over; with none
    listening (a dialog used on its own) the task's error handler still hears of it."""
    from approvals.domain.errors import AccountRevoked

    def refused(_session) -> None:
        raise AccountRevoked("Your account was deactivated by an administrator; sign in again.")

    heard: list[BaseException] = []
    runner.read(refused, None, heard.append)
    qtbot.waitUntil(lambda: bool(heard), timeout=10_000)
    assert isinstance(heard[0], AccountRevoked)


def sign_in_with_the_dialog(qtbot, runner: TaskRunner, username: str,
                            password: str) -> ui_auth.SignedIn | None:
    """`ui_auth.sign_in` with the officer's typing done in place of the modal loop."""
    def typed(dialog: ui_auth.SignInDialog) -> int:
        dialog.username.setText(username)
        dialog.password.setText(password)
        with qtbot.waitSignal(dialog.finished, timeout=10_000):
            dialog.submit()
        return dialog.result()

    with mock.patch.object(ui_auth.SignInDialog, "exec", typed):
        return ui_auth.sign_in(runner.db, runner)


def test_the_window_goes_by_the_stamp_its_sign_in_handed_on(
        qtbot, runner, seeded, other, data_dir, errors_seen) -> None:
    """The sign-in dialog's stamp reaches the window with the sign-in (SignedIn), not the
    stamp as it is when the window is made: a password reset between the two still signs
    the window out at its first check."""
    signed = sign_in_with_the_dialog(qtbot, runner, "bob", PW)
    assert signed is not None and signed.actor.username == "bob"
    with seeded.read_session() as s:
        assert signed.stamp == auth.current_stamp(s, "bob") != ""
    with other.session() as s:
        users.reset_password(s, actor=ROOT, username="bob", new_password=NEW_PW)
    _window, features = open_window(qtbot, runner, data_dir, signed)
    try:
        assert features.stamp == signed.stamp
        features.check_session()
        qtbot.waitUntil(lambda: features.signed_out, timeout=10_000)
        assert features.notice == auth.PASSWORD_RESET
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert errors_seen == [] and visible_boxes() == []
    finally:
        features.idle_lock.stop()


def test_a_sign_in_on_another_data_folder_leaves_nothing_for_this_one(
        qtbot, runner, seeded, data_dir, tmp_path) -> None:
    """The same user signed in on another data folder earlier in this process (its own
    database, its own password stamp): a window on this folder made without the sign-in
    dialog reads this folder's stamp, never that one's, so it is not signed out at once."""
    elsewhere = open_database(DataDir(tmp_path / "elsewhere").ensure())
    try:
        with elsewhere.session() as s:
            users.create_first_admin(s, username="root", password=PW)
            create_user_with_own_password(s, actor=ROOT, username="bob", password=NEW_PW,
                                          roles=["preparer"])
        there = TaskRunner(elsewhere)
        try:
            signed = sign_in_with_the_dialog(qtbot, there, "bob", NEW_PW)
        finally:
            there.wait_for_done()
        assert signed is not None
        with seeded.read_session() as s:
            assert signed.stamp != auth.current_stamp(s, "bob")  # different passwords
        _window, features = open_window(qtbot, runner, data_dir, Actor("bob", ("preparer",)))
        try:
            qtbot.waitUntil(lambda: bool(features.stamp), timeout=10_000)
            with seeded.read_session() as s:
                assert features.stamp == auth.current_stamp(s, "bob")
            features.check_session()
            qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
            assert not features.signed_out
        finally:
            features.idle_lock.stop()
    finally:
        elsewhere.dispose()
