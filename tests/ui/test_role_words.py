"""The roles are named the same way wherever users read them: the Users dialog's role
boxes and every refusal (the domain's pure check, the services' check against the
database, a greyed-out control's tooltip) say "administrator", never the code "admin"."""

from __future__ import annotations

import pytest

from approvals.domain.errors import PermissionDenied
from approvals.domain.permissions import PERMISSIONS, ROLE_NAMES, ROLES, require, role_words
from approvals.services import users
from approvals.services.access import require as require_now
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.auth import ROLE_LABELS, UserManagementDialog, role_name
from approvals.ui.errors import refusal

ROOT = Actor("root", ROLES, "Root")
PW = "correct horse battery"


def test_the_role_boxes_use_the_refusals_words() -> None:
    assert set(ROLE_NAMES) == set(ROLES) == set(ROLE_LABELS)
    for role in ROLES:
        assert ROLE_LABELS[role].startswith(role_name(role) + " — ")
        assert role_name(role).lower() == ROLE_NAMES[role]
    assert role_name("admin") == "Administrator"


@pytest.mark.parametrize("roles, words", [
    ({"admin"}, "administrator"),
    ({"admin", "preparer"}, "preparer or administrator"),
    ({"admin", "approver", "preparer"}, "preparer, approver or administrator"),
])
def test_role_words_in_the_order_of_the_role_boxes(roles: set[str], words: str) -> None:
    assert role_words(roles) == words


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_no_refusal_names_a_role_by_its_code(permission: str) -> None:
    with pytest.raises(PermissionDenied) as err:
        require(Actor("nobody", ()), permission)
    text = str(err.value)
    assert "admin " not in text and "admin," not in text
    assert f"that needs the {role_words(PERMISSIONS[permission])} role." in text
    assert refusal(Actor("nobody", ()), permission) == text  # a tooltip says the same


@pytest.mark.usefixtures("fast_hash")
def test_a_role_taken_away_is_named_as_the_users_dialog_names_it(
        qtbot, runner, db: Database) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="ada", password=PW, roles=["admin"])
    ada = Actor("ada", ("admin",))
    with db.session() as s:
        users.set_roles(s, actor=ROOT, username="ada", roles=["reviewer"])
    with db.session() as s, pytest.raises(PermissionDenied) as err:
        require_now(s, ada, "user.manage")
    assert str(err.value).startswith("You no longer have the administrator role:")

    dialog = UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.role_boxes["admin"].text().split(" — ")[0] == "Administrator"
