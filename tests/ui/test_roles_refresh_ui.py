"""The window follows an administrator's change of the signed-in user's roles.

The services go by the roles in the database at every call; these tests check that the
buttons do too once the window re-checks (a refresh, a refusal, the user's own change in
Users…), instead of staying enabled until the next sign-in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import users
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.main_window import MainWindow
from approvals.ui.particulars import ParticularsEditor
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
PAT = Actor("pat", ("preparer",), "Pat")  # as signed in
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def seeded(db: Database) -> Database:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="pat", password=PW, roles=["preparer"],
                          display_name="Pat")
    return db


@pytest.fixture
def case_ref(seeded: Database) -> str:
    facts = next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                 if d["reference"] == "DEMO-04")  # opens a CN-FISR track
    with seeded.session() as s:
        return create_case(s, facts=parse_facts(facts), actor=ROOT).reference


def set_roles(db: Database, username: str, roles: list[str]) -> None:
    with db.session() as s:
        users.set_roles(s, actor=ROOT, username=username, roles=roles)


def test_refresh_greys_out_what_a_removed_role_allowed(
        qtbot, runner: TaskRunner, seeded: Database, data_dir: DataDir, case_ref: str) -> None:
    view = open_view(qtbot, runner, PAT, data_dir, case_ref, track="CN-FISR")
    submit = view.track_buttons["submit_for_review"]
    assert submit.isEnabled() and view.edit_button.isEnabled()
    view.tabs.setCurrentWidget(view.documents_page)
    assert view.attach_button.isEnabled()

    set_roles(seeded, "pat", ["reviewer"])  # by an administrator, pat still signed in
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert view.actor.roles == ()  # a role granted since sign-in is not used until then
    assert not view.edit_button.isEnabled()
    assert "pat may not edit case facts" in view.edit_button.toolTip()
    assert not view.attach_button.isEnabled()
    assert "attach documents" in view.attach_button.accessibleDescription()
    view.tabs.setCurrentWidget(view.tracks_page)  # a tab is filled from a reading when shown
    submit = view.track_buttons["submit_for_review"]
    assert not submit.isEnabled() and submit.toolTip()

    set_roles(seeded, "pat", ["preparer"])  # given back: it counts again
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert view.actor.roles == ("preparer",)
    assert view.edit_button.isEnabled() and view.track_buttons["submit_for_review"].isEnabled()
    assert view.edit_button.toolTip().startswith("Reopen the wizard")


def test_a_refusal_for_a_removed_role_updates_the_buttons(
        qtbot, runner: TaskRunner, seeded: Database, data_dir: DataDir, case_ref: str) -> None:
    view = open_view(qtbot, runner, PAT, data_dir, case_ref, track="CN-FISR")
    set_roles(seeded, "pat", ["reviewer"])
    submit = view.track_buttons["submit_for_review"]
    qtbot.waitUntil(lambda: submit.isVisible() and submit.height() > 0, timeout=2_000)
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    dialog = view.action_dialog
    assert dialog is not None
    dialog.reason.setText("ready")
    with qtbot.waitSignal(view.loaded, timeout=10_000):  # refused, then reloaded
        dialog.ok_button.click()
    assert not view.track_buttons["submit_for_review"].isEnabled()
    assert not view.edit_button.isEnabled()


def test_coming_back_to_the_case_window_re_checks_the_roles(
        qtbot, runner: TaskRunner, seeded: Database, data_dir: DataDir, case_ref: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = open_view(qtbot, runner, PAT, data_dir, case_ref, track="CN-FISR")
    set_roles(seeded, "pat", ["reviewer"])
    monkeypatch.setattr(view, "isActiveWindow", lambda: True)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        QApplication.sendEvent(view, QEvent(QEvent.Type.ActivationChange))
    assert not view.edit_button.isEnabled()


def make_window(qtbot, runner: TaskRunner, data_dir: DataDir,
                actor: Actor) -> tuple[MainWindow, ui_auth.UserFeatures]:
    window = MainWindow(runner, data_dir, actor)
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, actor, timeout_ms=60_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return window, features


def test_main_window_refresh_follows_the_roles(
        qtbot, runner: TaskRunner, seeded: Database, data_dir: DataDir) -> None:
    window, features = make_window(qtbot, runner, data_dir, PAT)
    try:
        assert window.new_case_action.isEnabled() and window.create_button.isEnabled()
        set_roles(seeded, "pat", ["reviewer"])
        with qtbot.waitSignal(window.roles_changed, timeout=10_000):
            window.refresh_action.trigger()
        assert not window.new_case_action.isEnabled()
        assert "pat may not create cases" in window.create_button.toolTip()
        assert features.actor.roles == ()
        set_roles(seeded, "pat", ["preparer", "admin"])  # admin was never pat's: not used
        with qtbot.waitSignal(window.roles_changed, timeout=10_000):
            window.refresh()
        assert window.new_case_action.isEnabled() and window.create_button.toolTip() == ""
        assert not features.users_action.isEnabled()
    finally:
        features.idle_lock.stop()


def test_an_admin_who_drops_their_own_admin_role_loses_the_admin_actions(
        qtbot, runner: TaskRunner, seeded: Database, data_dir: DataDir) -> None:
    set_roles(seeded, "pat", ["preparer", "admin"])  # another admin, so root may step down
    window, features = make_window(qtbot, runner, data_dir, ROOT)
    try:
        dialog = features.open_users()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
        assert features.users_action.isEnabled() and dialog.new_box.isEnabled()
        dialog.select("root")
        dialog.role_boxes["admin"].setChecked(False)
        with qtbot.waitSignal(window.roles_changed, timeout=10_000):
            dialog.save_roles_button.click()
        assert "admin" not in window.actor.roles
        assert not features.users_action.isEnabled()
        assert not features.settings_action.isEnabled()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert not dialog.new_box.isEnabled() and not dialog.save_roles_button.isEnabled()
        assert "Only an administrator can manage users" in dialog.why.text()
        dialog.close()
    finally:
        features.idle_lock.stop()


# --- organisation-wide filing particulars: administrators only ---------------------------


def test_organisation_defaults_are_read_only_without_the_admin_role(
        qtbot, runner: TaskRunner, seeded: Database, data_dir: DataDir, case_ref: str) -> None:
    editor = ParticularsEditor(runner, PAT, case_ref)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.view is not None, timeout=10_000)
    # pat may edit this case's own particulars, not every case's defaults.
    assert not editor.why_not_edit
    assert not editor.defaults_button.isEnabled()
    assert "organisation-wide filing particulars" in editor.defaults_button.toolTip()
    assert "administrator role" in editor.defaults_button.toolTip()

    defaults = ParticularsEditor(runner, PAT, None)
    qtbot.addWidget(defaults)
    defaults.show()
    qtbot.waitUntil(lambda: defaults.view is not None, timeout=10_000)
    row = defaults.rows[("applicant", "legal_representative")]
    assert row.edit.isReadOnly()
    assert not defaults.save_button.isEnabled()
    assert "administrator role" in defaults.save_reason.text()

    admin_editor = ParticularsEditor(runner, ROOT, case_ref)
    qtbot.addWidget(admin_editor)
    assert admin_editor.defaults_button.isEnabled()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_case_menu_defaults_say_read_only_for_a_preparer(
        qtbot, runner: TaskRunner, seeded: Database, data_dir: DataDir) -> None:
    window, features = make_window(qtbot, runner, data_dir, PAT)
    try:
        assert "Read only" in window.particulars_action.toolTip()
        assert "administrator role" in window.particulars_action.toolTip()
        admin, admin_features = make_window(qtbot, runner, data_dir, ROOT)
        assert "Read only" not in admin.particulars_action.toolTip()
        admin_features.idle_lock.stop()
    finally:
        features.idle_lock.stop()


def test_backup_menu_items_follow_the_roles(
        qtbot, runner: TaskRunner, seeded: Database, data_dir: DataDir) -> None:
    from approvals.ui.backup import install_backup_features

    window, features = make_window(qtbot, runner, data_dir, PAT)
    try:
        backup = install_backup_features(window, runner, PAT, data_dir)
        assert backup.backup_action.isEnabled() and not backup.restore_action.isEnabled()
        set_roles(seeded, "pat", ["reviewer"])  # a reviewer makes no backups
        with qtbot.waitSignal(window.roles_changed, timeout=10_000):
            window.refresh()
        assert not backup.backup_action.isEnabled()
        assert "pat may not" in backup.backup_action.toolTip()
        assert backup.actor.roles == ()  # a role gained since sign-in counts only after the next
        set_roles(seeded, "pat", ["preparer"])
        with qtbot.waitSignal(window.roles_changed, timeout=10_000):
            window.refresh()
        assert backup.backup_action.isEnabled() and backup.backup_action.statusTip() == ""
    finally:
        features.idle_lock.stop()
