"""File → Restore… replaces the users with the backup's: when the signed-in user is not
one of them, the confirmation says that restoring signs them out, and after the restore
the window signs out (the sign-in dialog says why and who can sign in) instead of going on
acting, and recording events, as a user the data no longer has. A user who is still there
stays signed in, and the session is checked again at once (a password the backup had
otherwise signs out as a changed password does)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.services import users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.backup import install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.unit.test_backup import ROOT

ADA = Actor("ada.wong", ("admin", "preparer", "approver"))


class SessionStandIn:
    """What the restore uses of the window's user features (approvals.ui.auth)."""

    def __init__(self) -> None:
        self.notice = ""
        self.signed_out: list[str] = []
        self.checked = 0

    def sign_out(self, reason: str = "") -> None:
        self.signed_out.append(reason)

    def check_session(self) -> None:
        self.checked += 1


def _backup_with_ada(db: Database, data_dir: DataDir, tmp_path: Path) -> Path:
    with db.session() as s:
        users.create_first_admin(s, username=ADA.username, password="correct horse battery")
    return backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path


def _restore_as(qtbot, runner: TaskRunner, data_dir: DataDir, actor: Actor,
                path: Path) -> tuple[SessionStandIn, str]:
    window = MainWindow(runner, data_dir, actor)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    session = SessionStandIn()
    window.user_features = session  # type: ignore[attr-defined]
    features = install_backup_features(window, runner, actor)
    box = features.confirm_restore(path)
    qtbot.waitUntil(box.button(QMessageBox.StandardButton.Yes).isEnabled, timeout=10_000)
    text = box.informativeText()
    box.done(QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    with qtbot.waitSignal(features.restored, timeout=20_000):
        features.restore_from(path)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return session, text


def test_a_user_the_backup_lacks_is_told_and_signed_out(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    path = _backup_with_ada(db, data_dir, tmp_path)
    session, text = _restore_as(qtbot, runner, data_dir, ROOT, path)
    assert ("Restoring signs you out: root is not a user of the restored data (or is "
            "deactivated there): sign in as one of its users (ada.wong).") in text
    assert session.signed_out == ["the restored data has no such user"]
    assert session.notice.startswith("Restored the backup made ")
    assert session.notice.endswith("sign in as one of its users (ada.wong).")


def test_a_user_the_backup_has_stays_signed_in_and_is_checked_again(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    path = _backup_with_ada(db, data_dir, tmp_path)
    session, text = _restore_as(qtbot, runner, data_dir, ADA, path)
    assert "signs you out" not in text
    assert session.signed_out == [] and session.checked == 1


def test_a_password_the_backup_had_otherwise_is_said_as_the_restore_s(
        qtbot, runner: TaskRunner) -> None:
    """The check after a restore signed out saying "Your password was changed since you
    signed in (an administrator reset it, or it was changed in another window)": neither
    was so, and the "Backup restored" box closed with the window. The sign-in dialog now
    says the restore and why."""
    from PySide6.QtWidgets import QMainWindow

    from approvals.services.auth import SessionCheck
    from approvals.ui import auth as ui_auth

    window = QMainWindow()
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, ADA, timeout_ms=None, stamp="")
    features.session_timer.stop()
    reasons: list[str] = []
    features.sign_out = lambda reason="": reasons.append(reason)  # type: ignore[method-assign]
    features.restored_notice = "Restored the backup made 7 December 2026, 17:27."
    features._session_checked(SessionCheck("password", ADA, "Your password was changed since "
                                                             "you signed in …"))
    assert reasons == ["password changed since sign-in"]
    assert features.notice == (
        "Restored the backup made 7 December 2026, 17:27. In the restored data your password "
        "is the one you had when the backup was made: sign in with it.")
    assert features.restored_notice == ""  # said once: a later check is the session's own
    features._session_checked(SessionCheck("password", ADA, "changed elsewhere"))
    assert features.notice == "changed elsewhere"
