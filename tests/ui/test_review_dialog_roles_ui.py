"""pytest-qt: the dialogs of the Review menu follow the signed-in user's roles while open,
as review-mode windows do (the main window's roles_changed, from the session watch):

- Proposed changes…: Accept and Reject grey out with the refusal's words when the
  deciding roles go, and come back with them;
- the keys dialog: Trust and Stop trusting likewise, for the administrator role;
- Export review pack…: its Export button likewise;
- clicked before the app noticed, the service refuses (the user as they are now): a plain
  message, nothing decided or trusted, and the buttons then grey out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from approvals.paths import DataDir
from approvals.services import review, users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.ui import auth as ui_auth
from approvals.ui.main_window import MainWindow
from approvals.ui.review import KeysDialog, ProposalsDialog, ReviewFeatures, install_review_features
from approvals.ui.workers import TaskRunner
from tests.review_support import open_review_pair, proposal_response
from tests.ui.test_sessions_watch import open_window, signed_in
from tests.users_support import create_user_with_own_password

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
NO_DECIDING = ("ann may not accept or reject proposed changes: that needs the preparer, "
               "approver or administrator role.")
NO_KEYS = "ann may not change settings: that needs the administrator role."
NO_EXPORT = ("ann may not export review packs: that needs the preparer, approver or "
             "administrator role.")

pytestmark = pytest.mark.usefixtures("fast_hash")


@dataclass
class Signed:
    """ann (approver and administrator) signed in as `run_gui` does it, Review menu and
    session watch installed; `other` is another app on the same data folder."""

    window: MainWindow
    reviews: ReviewFeatures
    features: ui_auth.UserFeatures
    other: Database
    reference: str

    def set_roles(self, qtbot, roles: list[str]) -> None:
        """An administrator elsewhere changes ann's roles; the session watch notices."""
        with self.other.session() as s:
            users.set_roles(s, actor=ROOT, username="ann", roles=roles)
        with qtbot.waitSignal(self.window.roles_changed, timeout=10_000):
            self.features.check_session()


@pytest.fixture
def signed(qtbot, tmp_path: Path, data_dir: DataDir, db: Database,
           runner: TaskRunner) -> Iterator[Signed]:
    pair = open_review_pair(tmp_path, data_dir, db)
    # One proposal to decide: rita's answer to the pack, imported here.
    response = proposal_response(pair, tmp_path / "response.zip")
    with db.session() as s:
        review.import_response(s, data_dir=data_dir, path=response, actor=ROOT)
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        create_user_with_own_password(s, actor=ROOT, username="ann", password=PW,
                                      roles=["approver", "admin"], display_name="Ann")
    ann = signed_in(db, "ann", PW)
    # The watch's own timer is far off: each check in these tests is the test's.
    window, features = open_window(qtbot, runner, data_dir, ann, check_ms=600_000)
    reviews = install_review_features(window, runner, ann.actor)
    other = open_database(data_dir)
    try:
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        yield Signed(window, reviews, features, other, pair.reference)
    finally:
        features.idle_lock.stop()
        for dialog in list(reviews.dialogs):
            dialog.close()
        other.dispose()


def state(*buttons: QPushButton) -> set[tuple[bool, str]]:
    return {(b.isEnabled(), b.toolTip()) for b in buttons}


def error_box(parent: QWidget) -> QMessageBox | None:
    return next((b for b in parent.findChildren(QMessageBox, "errorDialog") if b.isVisible()),
                None)


def open_proposals(qtbot, signed: Signed) -> ProposalsDialog:
    dialog = signed.reviews.show_proposals()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.table.selectRow(0)
    return dialog


def open_keys(qtbot, signed: Signed) -> KeysDialog:
    dialog = signed.reviews.show_keys()
    qtbot.waitUntil(lambda: dialog.identity is not None, timeout=10_000)
    return dialog


def trusted(db: Database) -> list[str]:
    with db.read_session() as s:
        return [k.label for k in review.list_trusted_keys(s)]


def test_accept_and_reject_follow_the_deciding_roles(qtbot, signed: Signed) -> None:
    dialog = open_proposals(qtbot, signed)
    buttons = (dialog.accept_button, dialog.reject_button)
    assert state(*buttons) == {(True, "")}

    signed.set_roles(qtbot, ["reviewer"])
    assert dialog.actor.roles == ("reviewer",)
    assert state(*buttons) == {(False, NO_DECIDING)}  # greyed out, saying why
    assert dialog.accept_button.accessibleDescription() == NO_DECIDING
    assert dialog.table.isEnabled()  # reading goes on

    signed.set_roles(qtbot, ["approver", "admin"])
    assert state(*buttons) == {(True, "")}
    assert dialog.accept_button.accessibleDescription() == ""
    with qtbot.waitSignal(dialog.decided, timeout=10_000) as decided:
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert decided.args[0].status == "accepted" and decided.args[0].decided_by == "ann"


def test_a_decision_the_app_had_not_yet_refused_is_refused_by_the_service(
        qtbot, signed: Signed, db: Database) -> None:
    dialog = open_proposals(qtbot, signed)
    with signed.other.session() as s:  # taken away; the window has not looked since
        users.set_roles(s, actor=ROOT, username="ann", roles=["reviewer"])
    assert dialog.accept_button.isEnabled()
    # The refusal has the session watch read the user again: the buttons follow at once.
    with qtbot.waitSignal(signed.window.roles_changed, timeout=10_000):
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error_box(dialog) is not None, timeout=10_000)
    box = error_box(dialog)
    # Which decision failed ("Could not decide" said neither which nor on what).
    assert box.text() == ("Could not accept the proposed change to Board seats (Deal) of "
                          f"{signed.reference}")
    assert box.informativeText().startswith("You no longer have the approver or administrator "
                                            "role: an administrator changed your roles")
    assert box.detailedText() == ""  # a refusal, not a crash: no traceback
    box.close()
    assert state(dialog.accept_button, dialog.reject_button) == {(False, NO_DECIDING)}
    with db.read_session() as s:
        assert [p.status for p in review.list_proposals(s)] == ["pending"]


def test_trust_and_stop_trusting_follow_the_administrator_role(qtbot, signed: Signed) -> None:
    dialog = open_keys(qtbot, signed)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    dialog.table.selectRow(0)
    buttons = (dialog.trust_button, dialog.untrust_button)
    assert state(*buttons) == {(True, "")}

    signed.set_roles(qtbot, ["approver"])
    assert state(*buttons) == {(False, NO_KEYS)}
    assert dialog.untrust_button.accessibleDescription() == NO_KEYS
    assert dialog.table.isEnabled() and dialog.key_edit.isEnabled()  # reading, copying go on

    signed.set_roles(qtbot, ["approver", "admin"])
    assert state(*buttons) == {(True, "")}


def test_a_key_the_app_had_not_yet_refused_is_refused_by_the_service(
        qtbot, signed: Signed, db: Database, tmp_path: Path) -> None:
    dialog = open_keys(qtbot, signed)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    dialog.table.selectRow(0)
    before = trusted(db)
    other_dir = DataDir(tmp_path / "C").ensure()
    dialog.key_edit.setPlainText(review.installation_identity(other_dir).public_key_text)
    qtbot.keyClicks(dialog.label_edit, "Counsel")
    with signed.other.session() as s:
        users.set_roles(s, actor=ROOT, username="ann", roles=["approver"])
    with qtbot.waitSignal(signed.window.roles_changed, timeout=10_000):
        qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error_box(dialog) is not None, timeout=10_000)
    box = error_box(dialog)
    assert box.text() == "Could not trust the key"
    assert box.informativeText().startswith("You no longer have the administrator role")
    assert box.detailedText() == ""
    box.close()
    assert trusted(db) == before  # nothing trusted
    assert state(dialog.trust_button, dialog.untrust_button) == {(False, NO_KEYS)}


def test_export_follows_the_exporting_roles(qtbot, signed: Signed, tmp_path: Path) -> None:
    dialog = signed.reviews.export_pack()
    qtbot.waitUntil(lambda: dialog.case_model.rowCount() == 1, timeout=10_000)
    assert state(dialog.export_button) == {(True, "")}

    signed.set_roles(qtbot, ["reviewer"])
    assert state(dialog.export_button) == {(False, NO_EXPORT)}

    signed.set_roles(qtbot, ["approver"])
    assert state(dialog.export_button) == {(True, "")}
    dialog.set_checked([signed.reference])
    dialog.out_edit.setText(str(tmp_path / "pack.zip"))
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert state(dialog.export_button) == {(True, "")}  # ready for the next pack


def test_stop_trusting_waits_for_a_chosen_installation(qtbot, signed: Signed) -> None:
    """Greyed out, saying why, until a row is selected; the role's refusal comes first."""
    from approvals.ui.review import UNTRUST_NEEDS_A_ROW

    dialog = open_keys(qtbot, signed)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    dialog.table.clearSelection()
    assert state(dialog.untrust_button) == {(False, UNTRUST_NEEDS_A_ROW)}
    assert state(dialog.trust_button) == {(True, "")}
    dialog.table.selectRow(0)
    assert state(dialog.untrust_button) == {(True, "")}
    signed.set_roles(qtbot, ["approver"])
    assert state(dialog.untrust_button) == {(False, NO_KEYS)}
