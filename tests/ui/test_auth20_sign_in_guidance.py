"""The first sign-in of a created account asks for a password of the user's own: an
expected step, said in the window's text colour, not in the red of a refusal. A wrong
password, or a new one typed differently twice, stays red."""

from __future__ import annotations

import pytest

from approvals.services import users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.widgets import error_colour
from approvals.ui.workers import TaskRunner
from tests.ui.conftest import dark_palette
from tests.ui.test_auth17_reset_sign_in import press_sign_in, type_into
from tests.ui.ux_checks import unreadable_colours
from tests.users_support import PW, ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def colour_of(label: ui_auth.ErrorText) -> str:
    return label.styleSheet().removeprefix("color:").strip().rstrip(";").lower()


def test_choosing_ones_own_password_is_guidance_and_mistakes_are_red(
        qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    with db.session() as s:
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"],
                          display_name="Bob")
    dialog = ui_auth.make_sign_in_dialog(runner)
    assert isinstance(dialog, ui_auth.SignInDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    red = error_colour().lower()

    type_into(qtbot, dialog.username, "bob")
    type_into(qtbot, dialog.password, "not the password")
    press_sign_in(qtbot, dialog)
    qtbot.waitUntil(lambda: runner.idle and dialog.message.text() != "Checking…",
                    timeout=10_000)
    assert dialog.message.isVisible() and colour_of(dialog.message) == red  # a refusal

    type_into(qtbot, dialog.password, PW)
    press_sign_in(qtbot, dialog)
    assert dialog.choosing_new_password
    assert dialog.message.text().startswith("Your account was created with a password")
    guidance = dialog.palette().color(dialog.foregroundRole()).name().lower()
    assert colour_of(dialog.message) == guidance != red
    with dark_palette():  # the system turns dark meanwhile: readable, and still no red
        qtbot.wait(50)  # the labels restyle once the change has settled
        assert not unreadable_colours(dialog)
        assert colour_of(dialog.message) != error_colour().lower()
    qtbot.wait(50)

    type_into(qtbot, dialog.new_password, "my own quiet harbour")
    type_into(qtbot, dialog.new_confirmation, "my own quiet harbor")
    press_sign_in(qtbot, dialog)
    mismatch = dialog.new_errors["confirmation"]
    assert mismatch.isVisible() and colour_of(mismatch) == red
    assert colour_of(dialog.message) == guidance  # the step itself is still no error

    dialog.reject()  # back to the password: a refusal there is red again
    dialog.show()
    type_into(qtbot, dialog.username, "bob")
    type_into(qtbot, dialog.password, "still not it")
    press_sign_in(qtbot, dialog)
    qtbot.waitUntil(lambda: runner.idle and dialog.message.text() != "Checking…",
                    timeout=10_000)
    assert colour_of(dialog.message) == red
