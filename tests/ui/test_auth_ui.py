"""pytest-qt: first start, sign-in, wrong password, lock-out, idle lock with a form's input
intact, user management and security settings. No test blocks on a modal exec()."""

from __future__ import annotations

import sys
from unittest import mock

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services import auth, users
from approvals.services.access import SignedInActor
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import auth as ui_auth
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.users_support import PW, ROOT, create_user_with_own_password, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


@pytest.fixture
def seeded(db: Database) -> Database:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        # bob has signed in once and chosen PW, as the app asks of a created account.
        create_user_with_own_password(s, actor=ROOT, username="bob", password=PW,
                                      roles=["preparer"], display_name="Bob")
    return db


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


# --- first start ----------------------------------------------------------------------


def test_first_start_creates_the_administrator(qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = ui_auth.make_sign_in_dialog(runner)
    assert isinstance(dialog, ui_auth.FirstStartDialog)
    qtbot.addWidget(dialog)
    dialog.show()

    type_into(qtbot, dialog.username, "ada")
    type_into(qtbot, dialog.password, "too short")
    type_into(qtbot, dialog.confirmation, "too short")
    click(qtbot, dialog.create_button)
    assert dialog.password_error.isVisible()
    assert "at least 12 characters" in dialog.password_error.text()

    type_into(qtbot, dialog.password, PW)
    type_into(qtbot, dialog.confirmation, PW + "x")
    click(qtbot, dialog.create_button)
    assert not dialog.password_error.isVisible()
    assert dialog.confirmation_error.text() == "does not match the password"
    with db.read_session() as s:
        assert users.first_start_needed(s)  # nothing written yet

    type_into(qtbot, dialog.username, "bad name")
    type_into(qtbot, dialog.confirmation, PW)
    click(qtbot, dialog.create_button)  # the service's check, shown next to the field
    qtbot.waitUntil(lambda: dialog.username_error.isVisible(), timeout=10_000)
    assert "letters, digits" in dialog.username_error.text()

    type_into(qtbot, dialog.username, "ada")
    type_into(qtbot, dialog.display_name, "Ada Lovelace")
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signal:
        click(qtbot, dialog.create_button)
    actor = signal.args[0]
    assert actor == SignedInActor("ada", ("preparer", "reviewer", "approver", "admin"), "Ada Lovelace")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.password.text() == ""  # the clear text does not linger in the widget
    with db.read_session() as s:
        assert [u.username for u in users.list_users(s)] == ["ada"]
    later = ui_auth.make_sign_in_dialog(runner)
    qtbot.addWidget(later)
    assert isinstance(later, ui_auth.SignInDialog)


def test_first_user_created_elsewhere_meanwhile_leads_to_sign_in(qtbot, runner,
                                                                  db: Database) -> None:
    """The first-start dialog is open while `approvals user add` (or a second window)
    creates the first user: creating another first administrator is refused, and instead
    of a dead end the officer gets the sign-in dialog, told why."""
    dialog = ui_auth.make_sign_in_dialog(runner)
    assert isinstance(dialog, ui_auth.FirstStartDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    with db.session() as s:  # the command line, meanwhile
        users.create_user(s, actor=Actor("cli:it", ROOT.roles), username="ada", password=PW,
                          roles=["admin"])
    type_into(qtbot, dialog.username, "bea")
    type_into(qtbot, dialog.password, PW)
    type_into(qtbot, dialog.confirmation, PW)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        click(qtbot, dialog.create_button)
    assert dialog.taken and dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.password.text() == ""
    with db.read_session() as s:
        assert [u.username for u in users.list_users(s)] == ["ada"]

    shown: list[QDialog] = []

    def first_start_exec(d: QDialog) -> int:
        d.taken = True
        return QDialog.DialogCode.Rejected.value

    def sign_in_exec(d: QDialog) -> int:
        shown.append(d)
        d.actor = Actor("ada", ("admin",))
        return QDialog.DialogCode.Accepted.value

    with (mock.patch.object(ui_auth, "make_sign_in_dialog",
                            lambda r, n="": ui_auth.FirstStartDialog(r)),
          mock.patch.object(ui_auth.FirstStartDialog, "exec", first_start_exec),
          mock.patch.object(ui_auth.SignInDialog, "exec", sign_in_exec)):
        assert ui_auth.sign_in(db, runner) == ui_auth.SignedIn(Actor("ada", ("admin",)))
    [sign_in] = shown
    assert "created the first user" in sign_in.message.text()


# --- sign-in --------------------------------------------------------------------------


def sign_in_dialog(qtbot, runner: TaskRunner) -> ui_auth.SignInDialog:
    dialog = ui_auth.make_sign_in_dialog(runner)
    assert isinstance(dialog, ui_auth.SignInDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def attempt(qtbot, dialog: ui_auth.SignInDialog, username: str, password: str) -> str:
    type_into(qtbot, dialog.username, username)
    type_into(qtbot, dialog.password, password)
    click(qtbot, dialog.sign_in_button)
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=10_000)
    return dialog.message.text()


def test_wrong_password_then_sign_in(qtbot, runner: TaskRunner, seeded: Database) -> None:
    dialog = sign_in_dialog(qtbot, runner)
    message = attempt(qtbot, dialog, "bob", "not my password")
    assert message == auth.BAD_CREDENTIALS and "tries" not in message
    assert dialog.isVisible() and dialog.actor is None
    assert dialog.password.text() == ""

    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signal:
        type_into(qtbot, dialog.password, PW)
        click(qtbot, dialog.sign_in_button)
    assert signal.args[0] == SignedInActor("bob", ("preparer",), "Bob")
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_lock_out_after_five_wrong_passwords(qtbot, runner: TaskRunner, seeded: Database) -> None:
    """The lock-out holds, but the dialog says the same as for any other refusal: a
    countdown or "locked" would confirm that "bob" is an account here."""
    dialog = sign_in_dialog(qtbot, runner)
    messages = [attempt(qtbot, dialog, "bob", "wrong password!") for _ in range(5)]
    # The right password is refused while the lock lasts.
    messages.append(attempt(qtbot, dialog, "bob", PW))
    messages.append(attempt(qtbot, dialog, "nobody-here", PW))
    assert set(messages) == {auth.BAD_CREDENTIALS}
    assert "5 failed attempts in a row lock an account for 5 minutes" in messages[0]
    assert dialog.actor is None
    # All three lines of it show: the dialog grew for them instead of clipping the text.
    label = dialog.message
    assert label.height() >= label.heightForWidth(label.width()) > label.fontMetrics().height() * 2
    with seeded.read_session() as s:
        assert users.get_user(s, "bob").locked_until is not None


def test_sign_in_function_returns_the_actor_or_none(qtbot, runner, seeded, monkeypatch) -> None:
    def fake_exec(dialog: QDialog) -> int:
        dialog.actor = Actor("bob", ("preparer",))
        dialog.stamp = "the stamp of this sign-in"
        return QDialog.DialogCode.Accepted.value

    with mock.patch.object(ui_auth.SignInDialog, "exec", fake_exec):
        assert ui_auth.sign_in(seeded, runner) == ui_auth.SignedIn(
            Actor("bob", ("preparer",)), "the stamp of this sign-in")
    with mock.patch.object(ui_auth.SignInDialog, "exec", lambda d: 0):
        assert ui_auth.sign_in(seeded, runner) is None


# --- idle lock ------------------------------------------------------------------------


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("An open form")
        self.field = QLineEdit()
        self.field.setObjectName("unsavedField")
        layout = QFormLayout(self)
        layout.addRow("Target name", self.field)


def test_idle_lock_keeps_unsaved_input(qtbot, runner: TaskRunner, seeded: Database) -> None:
    bob = Actor("bob", ("preparer",), "Bob")
    form = Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    field = form.field
    qtbot.keyClicks(field, "Zhiyuan half-typed")
    lock = ui_auth.IdleLock(runner, bob, timeout_ms=300)
    try:
        with qtbot.waitSignal(lock.locked, timeout=5_000):
            pass
        assert lock.is_locked
        [overlay] = [o for o in lock.overlays if o.parentWidget() is form]
        assert overlay.isVisible() and overlay.geometry() == form.rect()
        # Behind the lock nothing can be typed.
        qtbot.keyClicks(field, " more")
        assert field.text() == "Zhiyuan half-typed"

        qtbot.keyClicks(overlay.password, "wrong password!")
        click(qtbot, overlay.unlock_button)
        qtbot.waitUntil(lambda: "wrong" in overlay.message.text(), timeout=10_000)
        assert lock.is_locked

        with qtbot.waitSignal(lock.unlocked, timeout=10_000):
            qtbot.keyClicks(overlay.password, PW)
            click(qtbot, overlay.unlock_button)
        assert not lock.is_locked
        assert form.field is field and field.text() == "Zhiyuan half-typed"  # same widget
        qtbot.keyClicks(field, ", Ltd.")
        assert field.text() == "Zhiyuan half-typed, Ltd."
    finally:
        lock.stop()
    with seeded.read_session() as s:
        from sqlmodel import select

        from approvals.store.models import Event

        actions = [e.action for e in s.exec(select(Event).order_by(Event.id))]
    assert "user.session_locked" in actions
    assert actions[-1] == "user.signed_in"


def test_tab_and_input_methods_cannot_reach_a_field_behind_the_lock(qtbot, runner,
                                                                     seeded) -> None:
    """Tab from the cover's last button used to move the focus on to the form's own field
    behind it (a screen reader then reads it out), and text from an input method (pinyin)
    went into that field."""
    from PySide6.QtGui import QInputMethodEvent

    form = Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    form.field.setFocus()
    qtbot.keyClicks(form.field, "half-typed")
    lock = ui_auth.IdleLock(runner, Actor("bob", ("preparer",)), timeout_ms=60_000)
    try:
        lock.lock()
        [overlay] = lock.overlays
        qtbot.waitUntil(lambda: QApplication.focusWidget() is overlay.password)
        seen = []
        for key in [Qt.Key.Key_Tab] * 4 + [Qt.Key.Key_Backtab] * 4:
            qtbot.keyClick(QApplication.focusWidget(), key)
            seen.append(QApplication.focusWidget())
        assert all(w is not None and overlay.isAncestorOf(w) for w in seen), seen
        assert overlay.password in seen and overlay.sign_out_button in seen
        commit = QInputMethodEvent("", [])
        commit.setCommitString("智源")
        QCoreApplication.sendEvent(form.field, commit)
        assert form.field.text() == "half-typed"
    finally:
        lock.unlock()
        lock.stop()
    assert form.field.text() == "half-typed"


def test_controls_behind_the_lock_cannot_be_pressed_without_input_events(qtbot, runner,
                                                                          seeded) -> None:
    """Screen readers and UI automation press buttons and set text through the
    accessibility interface, which sends no key or mouse event the lock could stop: the
    controls behind the cover are disabled until unlock; one disabled for its own reason
    (a permission) stays disabled after."""
    from PySide6.QtWidgets import QPushButton

    form = Form()
    save = QPushButton("Save", form)
    not_allowed = QPushButton("Approve", form)
    not_allowed.setEnabled(False)
    pressed: list[bool] = []
    save.clicked.connect(lambda: pressed.append(True))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    lock = ui_auth.IdleLock(runner, Actor("bob", ("preparer",)), timeout_ms=60_000)
    try:
        lock.lock()
        save.click()  # what an accessibility "press" action does
        assert pressed == [] and not form.field.isEnabled()
        [overlay] = lock.overlays
        assert overlay.isEnabled() and overlay.password.isEnabled()
    finally:
        lock.unlock()
        lock.stop()
    assert form.field.isEnabled() and save.isEnabled() and not not_allowed.isEnabled()
    save.click()
    assert pressed == [True]


def test_activity_postpones_the_lock(qtbot, runner: TaskRunner, seeded: Database) -> None:
    form = Form()
    qtbot.addWidget(form)
    form.show()
    lock = ui_auth.IdleLock(runner, Actor("bob", ("preparer",)), timeout_ms=400)
    try:
        for _ in range(6):
            qtbot.wait(120)
            qtbot.keyClick(form.field, "a")
        assert not lock.is_locked
        qtbot.waitUntil(lambda: lock.is_locked, timeout=5_000)
    finally:
        lock.unlock()
        lock.stop()


def test_lock_over_an_open_message_box_unlocks_in_the_box(qtbot, runner, seeded) -> None:
    """A modal dialog keeps input from the window behind it: the password row is in the
    dialog's cover, which is made large enough for it, and the dialog survives the lock."""
    form = Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    qtbot.keyClicks(form.field, "half-typed")
    box = QMessageBox(form)
    box.setText("Restore?")
    box.open()
    qtbot.waitExposed(box)
    small = box.size()
    lock = ui_auth.IdleLock(runner, Actor("bob", ("preparer",), "Bob"), timeout_ms=60_000)
    try:
        lock.lock()
        qtbot.wait(20)
        [behind] = [o for o in lock.overlays if o.parentWidget() is form]
        [front] = [o for o in lock.overlays if o.parentWidget() is box]
        assert front.reachable and front.password.isVisible()
        assert not behind.reachable and not behind.password.isVisible()
        assert behind.front_hint.isVisible() and "in front" in behind.front_hint.text()
        # The box grew to hold the whole cover (title, reason, password row).
        assert box.width() >= front.sizeHint().width()
        assert box.height() >= front.minimumSizeHint().height()
        assert front.geometry() == box.rect()
        assert QApplication.focusWidget() is front.password
        # Keys through the window system: the window behind the box gets none.
        QTest.keyClick(form.windowHandle(), Qt.Key.Key_X)
        QTest.keyClick(box.windowHandle(), Qt.Key.Key_Y)
        assert behind.password.text() == "" and front.password.text() == "y"
        front.password.clear()
        with qtbot.waitSignal(lock.unlocked, timeout=10_000):
            qtbot.keyClicks(front.password, PW)
            qtbot.keyClick(front.password, Qt.Key.Key_Return)
        qtbot.wait(20)
        assert box.isVisible() and box.size() == small and box.text() == "Restore?"
        assert form.field.text() == "half-typed"
    finally:
        lock.stop()
        box.done(0)


def test_modal_dialog_shown_while_locked_takes_the_password_row(qtbot, runner, seeded) -> None:
    form = Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    lock = ui_auth.IdleLock(runner, Actor("bob", ("preparer",), "Bob"), timeout_ms=60_000)
    try:
        lock.lock()
        [behind] = lock.overlays
        assert behind.reachable
        # A task finishes and opens a file dialog (Qt's own, as the app uses) meanwhile.
        dialog = QFileDialog(form, "Save the filing")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile("typed-name.pdf")
        dialog.open()
        qtbot.waitUntil(lambda: len(lock.overlays) == 2, timeout=5_000)
        [front] = [o for o in lock.overlays if o.parentWidget() is dialog]
        assert front.reachable and not behind.reachable
        assert front.geometry() == dialog.rect()
        # The program closes it while locked: the password row returns to the window.
        dialog.hide()
        qtbot.waitUntil(lambda: behind.reachable, timeout=5_000)
        dialog.open()
        qtbot.waitUntil(lambda: not behind.reachable, timeout=5_000)
        lock.unlock()
        assert dialog.isVisible()
        [name] = dialog.findChildren(QLineEdit, "fileNameEdit")
        assert name.text() == "typed-name.pdf"  # what the user had typed is still there
        dialog.done(0)
    finally:
        lock.stop()


def test_a_dialog_deleted_while_locked_leaves_no_broken_cover(qtbot, runner, seeded) -> None:
    errors: list[BaseException] = []
    hook = sys.excepthook
    sys.excepthook = lambda _t, exc, _tb: errors.append(exc)  # a slot's exception lands here
    form = Form()
    qtbot.addWidget(form)
    form.show()
    lock = ui_auth.IdleLock(runner, Actor("bob", ("preparer",), "Bob"), timeout_ms=60_000)
    try:
        lock.lock()
        box = QMessageBox(form)  # a finished task's message, then closed by the program
        box.setText("Done")
        box.open()
        qtbot.waitUntil(lambda: len(lock.overlays) == 2, timeout=5_000)
        box.hide()
        box.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qtbot.waitUntil(lambda: lock.overlays[0].reachable, timeout=5_000)
        assert len(lock.overlays) == 1 and lock.overlays[0].parentWidget() is form
        with qtbot.waitSignal(lock.unlocked, timeout=10_000):
            qtbot.keyClicks(lock.overlays[0].password, PW)
            qtbot.keyClick(lock.overlays[0].password, Qt.Key.Key_Return)
    finally:
        sys.excepthook = hook
        lock.stop()
    assert errors == []


def test_the_app_uses_qt_dialogs_the_lock_can_cover(qtbot) -> None:
    from approvals.ui.application import make_application

    make_application()
    assert QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)


# --- in the main window: menu, lock-now, permissions -----------------------------------


def make_window(qtbot, runner: TaskRunner, data_dir: DataDir, actor: Actor) -> MainWindow:
    window = MainWindow(runner, data_dir, actor)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)  # the case list has loaded
    return window


def overlay_password(features: ui_auth.UserFeatures) -> QLineEdit:
    return features.idle_lock.overlays[0].password


def test_main_window_menu_and_lock_now(qtbot, runner, seeded, data_dir) -> None:
    window = make_window(qtbot, runner, data_dir, ROOT)
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=60_000)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert features.users_action.isEnabled() and features.settings_action.isEnabled()
        type_into(qtbot, window.filter_edit, "Zhiyuan")
        features.lock_action.trigger()
        assert features.idle_lock.is_locked
        # Shortcuts of the window do nothing while locked (a probe action counts them).
        fired: list[bool] = []
        probe = QAction("probe", window)
        probe.setShortcut(QKeySequence("Ctrl+Shift+K"))
        probe.triggered.connect(lambda: fired.append(True))
        window.addAction(probe)
        qtbot.keyClick(overlay_password(features), Qt.Key.Key_K,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(window.table, Qt.Key.Key_K,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert fired == []
        overlay = features.idle_lock.overlays[0]
        with qtbot.waitSignal(features.idle_lock.unlocked, timeout=10_000):
            qtbot.keyClicks(overlay.password, PW)
            qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
        assert window.filter_edit.text() == "Zhiyuan"
        qtbot.keyClick(window.table, Qt.Key.Key_K,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert fired == [True]  # the probe does work once unlocked
    finally:
        features.idle_lock.stop()


def test_non_admin_sees_why_user_actions_are_disabled(qtbot, runner, seeded, data_dir) -> None:
    bob = Actor("bob", ("preparer",))
    window = make_window(qtbot, runner, data_dir, bob)
    features = ui_auth.install_user_features(window, runner, bob, timeout_ms=60_000)
    try:
        assert not features.users_action.isEnabled()
        # In the words of every greyed-out item (README: How refusals name roles).
        assert features.users_action.toolTip() == (
            "bob may not manage users: that needs the administrator role.")
        assert not features.settings_action.isEnabled()
        assert features.settings_action.statusTip() == (
            "bob may not change settings: that needs the administrator role.")
        assert features.lock_action.isEnabled()
        # A reviewer cannot create cases: the window's controls say so (bob is a preparer).
        rita = Actor("rita", ("reviewer",))
        other = make_window(qtbot, runner, data_dir, rita)
        assert ui_auth.apply_window_permissions(other, rita) == [
            name for name, _ in ui_auth.WINDOW_CONTROLS]
        assert not other.new_case_action.isEnabled()
        assert "rita may not create cases" in other.create_button.toolTip()
        assert ui_auth.apply_window_permissions(window, bob) == []
        assert window.new_case_action.isEnabled()
    finally:
        features.idle_lock.stop()


# --- user management and settings -------------------------------------------------------


def users_dialog(qtbot, runner: TaskRunner, actor: Actor = ROOT) -> ui_auth.UserManagementDialog:
    dialog = ui_auth.UserManagementDialog(runner, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    return dialog


def wait_saved(qtbot, dialog: ui_auth.UserManagementDialog) -> None:
    qtbot.waitUntil(lambda: dialog.selected_box.isEnabled() and runner_idle(dialog), timeout=10_000)


def test_new_user_forms_mark_every_bad_field_at_once(qtbot, runner: TaskRunner,
                                                     db: Database) -> None:
    """A bad user name and a short password are both marked on the first click (as
    `approvals user add` reports them), not the name only after the password is fixed."""
    first = ui_auth.make_sign_in_dialog(runner)
    assert isinstance(first, ui_auth.FirstStartDialog)
    qtbot.addWidget(first)
    first.show()
    type_into(qtbot, first.username, "Bad Name!")
    type_into(qtbot, first.password, "short")
    type_into(qtbot, first.confirmation, "shorter")
    click(qtbot, first.create_button)
    assert "letters, digits" in first.username_error.text()
    assert "at least 12 characters" in first.password_error.text()
    assert first.confirmation_error.text() == ""  # named once the password is acceptable
    with db.read_session() as s:
        assert users.first_start_needed(s)  # nothing sent to the database
    first.reject()

    make_root(db)
    dialog = users_dialog(qtbot, runner)
    type_into(qtbot, dialog.new_username, "bad name")
    type_into(qtbot, dialog.new_password, "short")
    type_into(qtbot, dialog.new_confirmation, "short")
    click(qtbot, dialog.create_button)  # no role ticked either
    assert "letters, digits" in dialog.new_errors["username"].text()
    assert "12 characters" in dialog.new_errors["password"].text()
    assert dialog.new_errors["roles"].text() != ""
    type_into(qtbot, dialog.new_username, "carol")
    type_into(qtbot, dialog.new_password, PW)
    type_into(qtbot, dialog.new_confirmation, PW + "x")
    dialog.new_role_boxes["approver"].setChecked(True)
    click(qtbot, dialog.create_button)
    assert dialog.new_errors["username"].text() == ""
    assert dialog.new_errors["confirmation"].text() == "does not match the password"
    with db.read_session() as s:
        assert [u.username for u in users.list_users(s)] == ["root"]


def runner_idle(dialog: ui_auth.UserManagementDialog) -> bool:
    return dialog.runner.idle


def test_user_management(qtbot, runner: TaskRunner, seeded: Database) -> None:
    dialog = users_dialog(qtbot, runner)
    # The last administrator cannot be deactivated or demoted; the dialog says why.
    dialog.select("root")
    assert not dialog.active_button.isEnabled()
    assert not dialog.role_boxes["admin"].isEnabled()
    assert "last active administrator" in dialog.why.text()

    # Create a user; a bad password is shown next to its field.
    type_into(qtbot, dialog.new_username, "carol")
    type_into(qtbot, dialog.new_password, "short")
    type_into(qtbot, dialog.new_confirmation, "short")
    click(qtbot, dialog.create_button)
    assert "12 characters" in dialog.new_errors["password"].text()
    type_into(qtbot, dialog.new_password, PW)
    type_into(qtbot, dialog.new_confirmation, PW)
    click(qtbot, dialog.create_button)  # no role ticked: the service says so
    qtbot.waitUntil(lambda: dialog.new_errors["roles"].isVisible(), timeout=10_000)
    dialog.new_role_boxes["approver"].setChecked(True)
    dialog.new_role_boxes["admin"].setChecked(True)
    type_into(qtbot, dialog.new_password, PW)
    type_into(qtbot, dialog.new_confirmation, PW)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        click(qtbot, dialog.create_button)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    assert dialog.new_password.text() == ""

    # With a second admin, root may now be demoted (but not deactivate themself here).
    dialog.select("root")
    assert dialog.role_boxes["admin"].isEnabled() and not dialog.active_button.isEnabled()
    assert "cannot deactivate your own account" in dialog.active_button.toolTip()

    # Deactivate bob, then reset his password.
    dialog.select("bob")
    assert dialog.active_button.text() == "&Deactivate"
    click(qtbot, dialog.active_button)  # asks first, with the reason
    confirm = dialog.confirm_dialog
    assert confirm is not None and confirm.reason is not None
    type_into(qtbot, confirm.reason, "left the firm")
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        click(qtbot, confirm.action)
    qtbot.waitUntil(lambda: dialog.selected() is not None and not dialog.selected().active,
                    timeout=10_000)
    assert dialog.active_button.text() == "Reac&tivate"
    type_into(qtbot, dialog.reset_password, "a fresh long password")
    type_into(qtbot, dialog.reset_confirmation, "a fresh long password")
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        click(qtbot, dialog.reset_button)

    # Roles of bob: add reviewer.
    dialog.role_boxes["reviewer"].setChecked(True)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        click(qtbot, dialog.save_roles_button)
    runner.wait_for_done()
    with seeded.read_session() as s:
        bob = users.get_user(s, "bob")
        carol = users.get_user(s, "carol")
    assert not bob.active and bob.roles == ("preparer", "reviewer")
    assert carol.roles == ("approver", "admin")
    with seeded.session() as s:
        refused = auth.sign_in(s, username="bob", password="a fresh long password")
    assert refused == auth.SignInResult("wrong", auth.BAD_CREDENTIALS)  # names no reason
    with seeded.read_session() as s:
        last = s.exec(select(Event.action, Event.reason).order_by(Event.id.desc())).first()
    assert tuple(last) == ("user.sign_in_refused", "account deactivated")


def test_user_management_read_only_for_non_admins(qtbot, runner, seeded) -> None:
    dialog = users_dialog(qtbot, runner, Actor("bob", ("preparer",)))
    dialog.select("root")
    assert not dialog.new_box.isEnabled()
    assert not dialog.save_roles_button.isEnabled() and not dialog.active_button.isEnabled()
    assert "Only an administrator can manage users" in dialog.why.text()


def test_security_settings(qtbot, runner: TaskRunner, seeded: Database) -> None:
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.idle.value() == 15 and not dialog.solo.isChecked()
    dialog.idle.setValue(5)
    dialog.solo.setChecked(True)
    type_into(qtbot, dialog.reason, "one-person office")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as signal:
        click(qtbot, dialog.save_button)
    assert signal.args[0] == auth.SecuritySettings(5, True)
    with seeded.read_session() as s:
        assert auth.get_security_settings(s) == auth.SecuritySettings(5, True)

    other = ui_auth.SecuritySettingsDialog(runner, Actor("bob", ("preparer", "approver")))
    qtbot.addWidget(other)
    qtbot.waitUntil(lambda: other.loaded is not None, timeout=10_000)
    assert not other.save_button.isEnabled() and not other.solo.isEnabled()
    assert "Only an administrator can change settings" in other.message.text()


def test_change_own_password(qtbot, runner: TaskRunner, seeded: Database, data_dir) -> None:
    bob = Actor("bob", ("preparer",))
    window = make_window(qtbot, runner, data_dir, bob)
    features = ui_auth.install_user_features(window, runner, bob, timeout_ms=60_000)
    try:
        titles = [a.text() for a in window.menuBar().actions()]
        assert titles.index("&Users") == titles.index("&Help") - 1
        dialog = features.open_change_password()
        qtbot.addWidget(dialog)
        type_into(qtbot, dialog.old, "not my password")
        type_into(qtbot, dialog.new, "a new long password")
        type_into(qtbot, dialog.confirmation, "a new long password")
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: dialog.errors["old_password"].isVisible(), timeout=10_000)
        assert "not the current password" in dialog.errors["old_password"].text()
        type_into(qtbot, dialog.old, PW)
        with qtbot.waitSignal(dialog.changed, timeout=10_000):
            click(qtbot, dialog.save_button)
        with seeded.session() as s:
            assert auth.sign_in(s, username="bob", password="a new long password").ok
    finally:
        features.idle_lock.stop()


def test_wrong_current_passwords_count_towards_the_lock_out(qtbot, runner, seeded,
                                                           data_dir) -> None:
    """The change-password dialog checks the current password like a sign-in: five wrong
    ones lock the account, and then even the right one is refused."""
    bob = Actor("bob", ("preparer",))
    window = make_window(qtbot, runner, data_dir, bob)
    features = ui_auth.install_user_features(window, runner, bob, timeout_ms=60_000)
    try:
        dialog = features.open_change_password()
        qtbot.addWidget(dialog)
        type_into(qtbot, dialog.new, "a new long password")
        type_into(qtbot, dialog.confirmation, "a new long password")
        error = dialog.errors["old_password"]
        for left in (4, 3, 2, 1):
            error.show_message("")
            type_into(qtbot, dialog.old, f"guess number {left}")
            click(qtbot, dialog.save_button)
            qtbot.waitUntil(error.isVisible, timeout=10_000)
            assert f"{left} more tr" in error.text(), error.text()
        error.show_message("")
        type_into(qtbot, dialog.old, "guess number 0")
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(error.isVisible, timeout=10_000)
        assert "locked until" in error.text()
        error.show_message("")
        type_into(qtbot, dialog.old, PW)
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(error.isVisible, timeout=10_000)
        assert "locked until" in error.text() and dialog.isVisible()
        with seeded.read_session() as s:
            assert users.get_user(s, "bob").locked_until is not None
            actions = [e.action for e in s.exec(select(Event)).all()]
        assert actions.count("user.sign_in_failed") == 5 and "user.locked_out" in actions
        # Only bob's own choice at his first sign-in (the fixture): none in this dialog.
        assert actions.count("user.password_changed") == 1
    finally:
        features.idle_lock.stop()


def test_sign_out_from_the_lock_screen_leaves_no_window_of_the_locked_user(
        qtbot, runner, seeded, data_dir) -> None:
    """Anybody at the desk may press Sign out on the lock screen. The main window's dialogs
    (here an administrator's Users dialog and an editor with unsaved input that would ask
    "discard?") used to stay on screen, uncovered and acting as the locked user."""

    class Editor(QDialog):
        def closeEvent(self, event) -> None:
            event.ignore()  # as an editor with unsaved input does: it asks first
            QMessageBox(QMessageBox.Icon.Question, "Discard?", "Discard the changes?",
                        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Save,
                        self).open()

    window = make_window(qtbot, runner, data_dir, ROOT)
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=60_000)
    window.show()
    qtbot.waitExposed(window)
    users_dialog = features.open_users()
    editor = Editor(window)
    QLineEdit("unsaved deal terms", editor)
    editor.show()
    loose = QWidget()  # a window of its own, as a case view is
    qtbot.addWidget(loose)
    loose.show()
    qtbot.waitExposed(editor)
    features.idle_lock.lock()
    assert len(features.idle_lock.overlays) == 4
    click(qtbot, features.idle_lock.overlays[0].sign_out_button)
    qtbot.wait(50)
    assert features.signed_out and not features.idle_lock.is_locked
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [], [(type(w).__name__, w.windowTitle()) for w in shown]
    assert not users_dialog.isVisible() and not editor.isVisible()


def test_a_deactivated_account_is_signed_out(qtbot, runner, seeded, data_dir) -> None:
    """An administrator deactivates bob while he is signed in: his next action is refused
    by the service, the window signs him out and the sign-in dialog says why."""
    bob = Actor("bob", ("preparer",))
    window = make_window(qtbot, runner, data_dir, bob)
    features = ui_auth.install_user_features(window, runner, bob, timeout_ms=60_000)
    window.show()
    try:
        with seeded.session() as s:
            users.deactivate_user(s, actor=ROOT, username="bob", reason="left")
        dialog = features.open_change_password()
        type_into(qtbot, dialog.old, PW)
        type_into(qtbot, dialog.new, "a new long password")
        type_into(qtbot, dialog.confirmation, "a new long password")
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: features.signed_out, timeout=10_000)
        assert features.notice == "Your account was deactivated by an administrator; sign in again."
        assert not window.isVisible()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        with seeded.read_session() as s:
            last = s.exec(select(Event).order_by(Event.id.desc())).first()
            assert (last.action, last.actor, last.reason) == (
                "user.signed_out", "bob", "account deactivated")
        sign_in = ui_auth.make_sign_in_dialog(runner, features.notice)
        qtbot.addWidget(sign_in)
        assert sign_in.message.text() == features.notice
    finally:
        features.idle_lock.stop()
