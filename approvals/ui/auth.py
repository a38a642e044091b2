"""Signing in, the idle lock, user management and the security settings.

Every password check and every database change runs on the task runner's worker threads
(argon2 takes a noticeable fraction of a second on purpose); the dialogs only collect
input, show progress and report back. None of them blocks in `exec()` except the start-up
`sign_in`, which runs before the main window exists.

The idle lock never closes or recreates a widget: it lays an opaque overlay over each open
window and swallows input meant for anything but the overlay, so a half-filled form is
exactly as it was after the password is entered again.
"""

from __future__ import annotations

import contextlib
import logging
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QDeadlineTimer,
    QEvent,
    QEventLoop,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStatusBar,
    QStyle,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.errors import ConflictError, InputError, PermissionDenied
from approvals.domain.permissions import PERMISSION_LABELS, ROLE_NAMES, ROLES, allowed
from approvals.domain.typed_input import search_key
from approvals.domain.wording import and_joined
from approvals.services import auth, users
from approvals.services import backup as backup_service
from approvals.services.audit_view import person_text
from approvals.store.audit import Actor, is_command_line_login
from approvals.store.db import Database, DataFolderGone
from approvals.ui.document_access import SortedCell
from approvals.ui.errors import refusal, show_error, user_message
from approvals.ui.help import GuideWindow, install_context_help, open_guide_at
from approvals.ui.main_window import message_rect
from approvals.ui.path_field import PathField
from approvals.ui.style import contrast_ratio
from approvals.ui.widgets import (
    TEXT_CONTRAST,
    ConfirmChange,
    ask_to_discard,
    chinese_joined,
    dialog_buttons,
    error_colour,
    laid_out_line,
    redraw_on_palette_change,
    resize_to_screen,
    save_controls,
    secondary_text_colour,
    select_row_on_focus,
    standard_shortcut,
    stop_work_under_way,
    unsaved_lines,
    work_footer,
    work_lines,
)
from approvals.ui.workers import TaskRunner

log = logging.getLogger(__name__)

_Dialog = TypeVar("_Dialog", bound=QDialog)
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum size"

def role_name(role: str) -> str:
    """The role's name as the role boxes say it ("Administrator" for admin): the words of
    the refusals (domain.permissions.ROLE_NAMES), capitalised."""
    name = ROLE_NAMES.get(role, role)
    return name[:1].upper() + name[1:]


ROLE_LABELS = {role: f"{role_name(role)} — {what}" for role, what in (
    ("preparer", "enters cases and prepares filings"),
    ("reviewer", "reviews and comments"),
    ("approver", "signs off internal reviews"),
    ("admin", "users and settings"),
)}


# Alt keys of the Users window's role boxes, from the letters its other controls leave
# free (i, m, s, t, d, l, r, w, g, n, f, p, a, c are taken, o by Close): the selected
# user's boxes, whose longer labels hold more free letters, take e, v, u. Approver and the
# New user boxes have no free letter of their own (every letter of Preparer, Reviewer,
# Approver, Administrator is taken): they get a free key in brackets after the name, as
# `widgets.with_access_key` does for such a label: Approver (B), and the New user boxes
# the digits of their order, Preparer (1) … Administrator (4), easier to remember than
# four leftover letters.
SELECTED_ROLE_KEYS = {"preparer": "e", "reviewer": "v", "approver": "b", "admin": "u"}
NEW_ROLE_KEYS: dict[str, str] = {"preparer": "1", "reviewer": "2", "approver": "3",
                                 "admin": "4"}


def _with_key(text: str, key: str) -> str:
    """`text` with "&" before the first `key` letter (either case); where `text` has no
    such letter, the key in brackets after the role's name ("Approver (&B) — signs off
    …"); `text` itself without a key."""
    if not key:
        return text
    at = text.lower().find(key)
    if at >= 0:
        return f"{text[:at]}&{text[at:]}"
    name, dash, rest = text.partition(" — ")
    return f"{name} (&{key.upper()}){dash}{rest}"


# --- small building blocks ------------------------------------------------------------


class ErrorText(QLabel):
    """Red (or `colour`) text that stays readable when the system switches between light
    and dark while it is shown (a colour fixed at creation was 2.5:1 on a dark window):
    its window calls `follow_palette` from its changeEvent."""

    def __init__(self, name: str, text: str = "",
                 colour: Callable[[], str] = error_colour) -> None:
        super().__init__(text)
        self.setObjectName(name)
        self.setWordWrap(True)
        self._colour = colour
        self._restyle()

    def set_colour(self, colour: Callable[[], str]) -> None:
        self._colour = colour
        self._restyle()

    def say(self, text: str, *, guidance: bool = False) -> None:
        """Show `text` (empty: nothing): in red for a refusal (a wrong password, a locked
        account), or as `guidance` (an expected step, progress, why the last user was
        signed out) in the window's text colour: in red it read as if something had gone
        wrong."""
        self.set_colour(guidance_colour if guidance else error_colour)
        self.show_message(text)

    def show_message(self, text: str) -> None:
        self.setText(text)

    def _restyle(self) -> None:
        sheet = f"color: {self._colour()};"
        if self.styleSheet() != sheet:  # setting it sends another change event
            self.setStyleSheet(sheet)


def guidance_colour() -> str:
    """The palette's own text colour, for an expected step said in an ErrorText's place
    (choose a password of your own): in error red it read as if something had gone wrong."""
    palette = QApplication.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    if contrast_ratio(text, window) >= TEXT_CONTRAST:
        return text.name()
    # A palette half switched (a dark window, its text colour left black): readable anyway,
    # in whichever of a light and a dark grey reads better on the window. (HSL lightness
    # took a mid-grey window's white text, 4.5:1, for a half-switched palette's, and said
    # the message in a dark grey of 3.6:1.)
    return max(("#e0e0e0", "#202020"), key=lambda grey: contrast_ratio(QColor(grey), window))


def follow_palette(window: QWidget, event: QEvent) -> None:
    """For a window's changeEvent: its ErrorTexts take the colours of a new palette. (A
    label with a style sheet is not told of the change itself.)"""
    def restyle() -> None:
        for text in window.findChildren(ErrorText):
            text._restyle()

    redraw_on_palette_change(window, event, restyle)


class PaletteDialog(QDialog):
    """A dialog whose error texts take the colours of a new palette (follow_palette)."""

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        follow_palette(self, event)


class FieldError(ErrorText):
    """A message shown right under the field it is about; hidden while empty."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.hide()

    def show_message(self, text: str) -> None:
        had = bool(self.text())
        if text:
            _remember_height(self.window())
        self.setText(text)
        self.setVisible(bool(text))
        if text:
            _grow_to_fit(self.window())
        elif had:  # once the layout has taken the message out (it has not yet here)
            window = self.window()
            QTimer.singleShot(0, window, lambda: _shrink_back(window))


# A window's own height, without the messages shown in it (as it opened, or as the officer
# then dragged it), and the height the messages last made it: what it grows from and gives
# back to. Kept while a message shows.
GROWN_FROM = "grownFromHeight"
GROWN_TO = "grownToHeight"


def _needed_height(window: QWidget) -> int | None:
    layout = window.layout()
    if layout is None or not window.isVisible():
        return None
    layout.activate()
    return (layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth()
            else layout.totalSizeHint().height())


def _remember_height(window: QWidget) -> None:
    """Note a shown window's height before a message appears in it, for _shrink_back: once
    the message is shown, the dialog's layout has already stretched the window to its new
    minimum, and the Caps Lock hint's going left the sign-in dialog 20 px taller for good."""
    if not window.isVisible():
        return
    if window.property(GROWN_FROM) is None:
        window.setProperty(GROWN_FROM, window.height())
        window.setProperty(GROWN_TO, window.height())
    else:  # another message shows: a resize by hand since the last one is the officer's
        _own_height(window)


def _own_height(window: QWidget) -> int | None:
    """The window's height without its messages: the height it had before they came, plus
    whatever the officer has dragged it taller (or shorter) since, which is theirs to keep.
    (A dialog enlarged by hand while a message showed shrank back to its first height.)"""
    before, grown_to = window.property(GROWN_FROM), window.property(GROWN_TO)
    if before is None:
        return None
    own = int(before)
    if grown_to is not None:
        own += window.height() - int(grown_to)  # the officer's own resize since
    window.setProperty(GROWN_FROM, own)
    window.setProperty(GROWN_TO, window.height())
    return own


def _grow_to_fit(window: QWidget) -> None:
    """Make a shown dialog taller when a message appears in it: its layout does not grow
    it by itself (the wrapped labels), and squeezed the fields until their text was cut."""
    needed = _needed_height(window)
    if needed is None:
        return
    if window.property(GROWN_FROM) is None:
        window.setProperty(GROWN_FROM, window.height())
    if needed > window.height():
        window.resize(window.width(), needed)
    # What the message made it (its layout may have stretched it already), to tell the
    # officer's own resize from it later.
    window.setProperty(GROWN_TO, window.height())


def _shrink_back(window: QWidget) -> None:
    """Give back the height a message took once it goes (the space it left pushed a field
    away from its label), never below the window's own height (_own_height)."""
    needed = _needed_height(window)
    own = _own_height(window)
    if own is None or needed is None:
        return
    height = max(own, needed)
    if height < window.height():
        window.resize(window.width(), height)
        window.setProperty(GROWN_TO, window.height())
    if height <= own:
        window.setProperty(GROWN_FROM, None)
        window.setProperty(GROWN_TO, None)


def _wait(button: QPushButton, why: str = "") -> None:
    """Grey out `button` while `why` goes on, saying so on hover; enable it again."""
    button.setEnabled(not why)
    button.setToolTip(why)


def _password_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    if placeholder:
        edit.setPlaceholderText(placeholder)
        # Wide enough for the hint: a narrow dialog would cut it to "at least 12 chara…".
        metrics = edit.fontMetrics()
        edit.setMinimumWidth(metrics.horizontalAdvance(placeholder)
                             + 4 * metrics.averageCharWidth())
    return edit


class CapsLockHint(QLabel):
    """"Caps Lock is on" under password fields, shown while the letters typed into them say
    so: a capital without Shift, or a small letter with it (Qt cannot ask every system's
    keyboard). The Caps Lock key itself flips what is known. A right password typed in
    capitals read "Wrong user name or password", and five of them locked the account."""

    def __init__(self, *edits: QLineEdit, grow: bool = True) -> None:
        super().__init__("Caps Lock is on: passwords are case-sensitive.")
        self.setObjectName("capsLockHint")
        self.setWordWrap(True)
        self.hide()
        self._grow = grow  # make its dialog taller when it shows (not a covered window)
        self._on: bool | None = None  # not known until a letter is typed
        for edit in edits:
            edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self._read(event)
        return False

    def _read(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_CapsLock:
            on = None if self._on is None else not self._on
        else:
            text = event.text()
            if len(text) != 1 or text.lower() == text.upper():  # not a cased letter
                return
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            on = text.isupper() != shift
        self._on = on
        shown = bool(on)
        if shown == (not self.isHidden()):
            return
        window = self.window()
        if shown and self._grow:
            _remember_height(window)
        self.setVisible(shown)
        if not self._grow:
            return
        if shown:
            _grow_to_fit(window)
        else:  # once the layout has taken it out, as a FieldError's message
            QTimer.singleShot(0, window, lambda: _shrink_back(window))


def _with_error(field: QWidget, error: FieldError) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


def _name_fields_by_label(form: QFormLayout) -> None:
    """Give each field its row's label as accessible name: the label's buddy is the
    _with_error box, so screen readers would otherwise announce an unnamed text field."""
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label = label_item.widget() if label_item is not None else None
        field = field_item.widget() if field_item is not None else None
        if not isinstance(label, QLabel) or field is None:
            continue
        name = label.text().replace("&", "").rstrip(" *")
        inputs = [field] if isinstance(field, QLineEdit) else field.findChildren(QLineEdit)
        for edit in inputs:
            if not edit.accessibleName():
                edit.setAccessibleName(name)
        if len(inputs) == 1:  # the label's Alt key goes to the field, not to its box
            label.setBuddy(inputs[0])


def _same_password(password: str, confirmation: str) -> bool:
    """Compared as sign-in compares them: one field pasted (a no-break space, a decomposed
    "é") and the other typed are the same password."""
    return auth.normalise_password(password) == auth.normalise_password(confirmation)


def _who(user: users.UserInfo) -> str:
    """A user in the Users window's messages as everywhere else: "Li Wei (li.wei)", the
    login alone without a full name ("Deactivate li.wei (Li Wei)?" had it backwards, and
    "Created user li.wei." left out whom it named)."""
    return person_text(user.username, user.display_name)


def _local_password_problem(password: str, confirmation: str) -> tuple[str, str]:
    """(problem with the password, problem with the confirmation) — checked before any
    work is sent to a worker, so the officer sees it at once."""
    first = ""
    try:
        auth.check_password_rules(password)
    except InputError as exc:
        first = exc.problems[0].message
    second = "" if _same_password(password, confirmation) else "does not match the password"
    return first, second


def _new_user_problems(name: str, display: str, password: str, confirmation: str,
                       roles: Iterable[str]) -> dict[str, str]:
    """Every problem with a new-user form, by field, before any work is sent to a worker:
    all at once, as `approvals user add` reports them, not one more per attempt. A
    mismatched confirmation is named only once the password itself is acceptable."""
    try:
        users.check_new_user(name, display, password, roles)
        problems: dict[str, str] = {}
    except InputError as exc:
        problems = _problems_by_field(exc)
    if "roles" in problems and not list(roles):
        # The service names the roles as the command line does ("admin"); here they are
        # boxes, labelled "Administrator".
        problems["roles"] = "tick at least one role"
    if "username" in problems and any(_is_chinese(c) for c in name):
        # A Chinese name typed as the user name: the code-point name the service gives
        # ("CJK UNIFIED IDEOGRAPH-738B") does not say what to type instead.
        problems["username"] = ("use Latin letters, digits, '.', '_', '-' or '@' (e.g. the "
                                "name in pinyin: wangjing); the full name can be in Chinese")
    if "password" not in problems and not _same_password(password, confirmation):
        problems["confirmation"] = "does not match the password"
    return problems


def _recheck_as_typed(errors: Mapping[str, FieldError], problems: Callable[[], dict[str, str]],
                      *signals: Any) -> None:
    """The messages under a form's fields are checked again whenever one of `signals` (its
    fields' textChanged) fires: a message goes as soon as its field is right, or says the
    field's new problem ("'admin' is a role…" stayed under a name changed to "liwei" until
    Create was clicked). A field without a message gets none while the officer types."""
    def recheck() -> None:
        shown = [field for field, error in errors.items() if field and error.text()]
        if not shown:
            return
        now = problems()
        for field in shown:
            errors[field].show_message(now.get(field, ""))

    for signal in signals:
        signal.connect(lambda *_args: recheck())


def _focus_first_problem(problems: Mapping[str, str],
                         fields: Sequence[tuple[str, QWidget]]) -> None:
    """The cursor to the first field, in the form's order, that has a problem: the focus
    stayed where Enter was pressed (Password again), below the field to fix."""
    for name, widget in fields:
        if name in problems:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()
            return


def _is_chinese(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK ", "IDEOGRAPHIC "))


def _problems_by_field(exc: BaseException) -> dict[str, str]:
    if isinstance(exc, InputError):
        out: dict[str, str] = {}
        for problem in exc.problems:
            out.setdefault(problem.path, problem.message)
        return out
    return {"": user_message(exc)}


# The user guide's sections F1 opens in these windows (README headings): F1 did nothing
# in them, and the guide's own Help menu is in the main window, behind the dialog or not
# there yet (first start, sign-in).
SIGN_IN_HELP = "First start and signing in"
USERS_HELP = "Managing users (administrators)"
SETTINGS_HELP = "Idle lock"  # with the timeout, solo mode and the daily backups


def _help_key() -> str:
    """The key that opens the user guide, as this system writes it (F1; not on a Mac)."""
    return QKeySequence(QKeySequence.StandardKey.HelpContents).toString(
        QKeySequence.SequenceFormat.NativeText)


# What goes where, said in the empty fields of the first-start form and New user: a new
# office could not tell the user name (typed to sign in; "Anna Berg" was refused for its
# space) from the full name (printed on filings, shown in the audit trail).
USERNAME_PLACEHOLDER = "to sign in with, e.g. ada.wong"
FULL_NAME_PLACEHOLDER = "as filings print it, e.g. Ada Wong"
PASSWORD_PLACEHOLDER = f"at least {auth.MIN_PASSWORD_LENGTH} characters"


# --- first start ----------------------------------------------------------------------


class FirstStartDialog(PaletteDialog):
    """Creates the first administrator and signs them in."""

    signed_in = Signal(object)  # Actor

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, *,
                 data_dir: str = "") -> None:
        super().__init__(parent)
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed dialog are dropped
        self.actor: Actor | None = None
        self.stamp = ""  # the password stamp of the sign-in (see auth.session_stamp)
        self.taken = False  # the first user was created elsewhere meanwhile
        self.setObjectName("firstStartDialog")
        self.setWindowTitle("Welcome to Approvals")
        self.setMinimumWidth(460)
        install_context_help(self, SIGN_IN_HELP)

        intro = QLabel(
            "<h3>Create the first administrator</h3>"
            "<p>This account manages users and settings. Everybody who works with the app "
            "signs in as themselves, so that every sign-off names the right person. "
            f"{_help_key()} opens the user guide.</p>"
        )
        intro.setWordWrap(True)
        # Which folder this administrator is for: a mistyped --data-dir (or a new computer
        # account) opens here too, and the officer should see it before making anybody.
        self.folder_label = QLabel("The data folder being set up:")
        self.folder_label.setObjectName("firstStartFolderLabel")
        self.folder = PathField(data_dir, self, name="Data folder")
        self.folder.setObjectName("firstStartFolder")
        self.folder_label.setVisible(bool(data_dir))
        self.folder.setVisible(bool(data_dir))
        screen = self.screen().availableGeometry().width() if self.screen() else 800
        # The whole path where the screen has room (cut in the middle beyond half of it).
        self.folder.setMinimumWidth(min(self.folder.whole_width(), screen // 2))
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText(USERNAME_PLACEHOLDER)
        self.display_name = QLineEdit()
        self.display_name.setObjectName("displayName")
        self.display_name.setPlaceholderText(FULL_NAME_PLACEHOLDER)
        self.password = _password_edit("password", PASSWORD_PLACEHOLDER)
        self.confirmation = _password_edit("confirmation")
        self.username_error = FieldError("usernameError")
        self.display_name_error = FieldError("displayNameError")
        self.password_error = FieldError("passwordError")
        self.confirmation_error = FieldError("confirmationError")
        self.message = FieldError("formError")

        form = QFormLayout()
        form.addRow("&User name", _with_error(self.username, self.username_error))
        form.addRow("&Full name", _with_error(self.display_name, self.display_name_error))
        form.addRow("&Password", _with_error(self.password, self.password_error))
        form.addRow("Password &again", _with_error(self.confirmation, self.confirmation_error))
        _name_fields_by_label(form)
        self.caps_lock_hint = CapsLockHint(self.password, self.confirmation)
        form.addRow("", self.caps_lock_hint)

        buttons, self.create_button = dialog_buttons(
            self, "&Create administrator", self.submit, object_name="createAdminButton", cancel_text="&Quit")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.folder)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        # Typing starts in the user name; the folder (above it) is a Shift+Tab away.
        self.username.setFocus()
        _recheck_as_typed(self._errors(), self._problems,
                          *(edit.textChanged for edit in (self.username, self.display_name,
                                                          self.password, self.confirmation)))

    def sizeHint(self) -> QSize:
        """As tall as the form is at the width it opens at (its minimum width): Qt's hint
        is the height at a narrower width, where the introduction wraps to more lines,
        and the spare height stood as empty bands around "The data folder being set up:"
        (gone as soon as a message took it)."""
        hint = super().sizeHint()
        layout = self.layout()
        width = max(hint.width(), self.minimumWidth())
        if layout is None or not layout.hasHeightForWidth():
            return hint
        return QSize(width, layout.totalHeightForWidth(width))

    def reject(self) -> None:
        """Escape, the close box or Quit: on a form already filled in, asked first (it
        quit the app at once, the name and both passwords typed gone)."""
        fields = (self.username, self.display_name, self.password, self.confirmation)
        if self.taken or not any(edit.text().strip() for edit in fields):
            super().reject()
            return

        def quit_anyway() -> None:
            self.password.clear()
            self.confirmation.clear()
            super(FirstStartDialog, self).reject()

        box = ask_to_discard(self, "Quit", "Quit without creating the administrator? What "
                             "you typed is not kept.", "firstStartQuitQuestion", quit_anyway)
        box.button(QMessageBox.StandardButton.Discard).setText("&Quit")  # what it does here

    def _errors(self) -> dict[str, FieldError]:
        return {"username": self.username_error, "display_name": self.display_name_error,
                "password": self.password_error, "confirmation": self.confirmation_error,
                "": self.message}

    def _fields(self) -> list[tuple[str, QWidget]]:
        return [("username", self.username), ("display_name", self.display_name),
                ("password", self.password), ("confirmation", self.confirmation)]

    def _problems(self) -> dict[str, str]:
        return _new_user_problems(self.username.text().strip(), self.display_name.text(),
                                  self.password.text(), self.confirmation.text(), ("admin",))

    def submit(self) -> None:
        for error in self._errors().values():
            error.show_message("")
        name = self.username.text().strip()
        display = self.display_name.text()
        password = self.password.text()
        problems = self._problems()
        errors = self._errors()
        for field, text in problems.items():
            errors.get(field, self.message).show_message(text)
        if problems:
            _focus_first_problem(problems, self._fields())
            return
        _wait(self.create_button, "Creating the administrator…")
        self.message.show_message("")

        def work(session: Any) -> auth.SignInResult:
            users.create_first_admin(session, username=name, password=password,
                                     display_name=display)
            return auth.sign_in(session, username=name, password=password)

        self.tasks.write(work, self._done, self._failed)

    def _done(self, result: auth.SignInResult) -> None:
        _wait(self.create_button)
        if not result.ok or result.actor is None:
            self.message.show_message(result.message)
            return
        self.actor = result.actor
        self.stamp = result.stamp
        self.password.clear()
        self.confirmation.clear()
        self.signed_in.emit(result.actor)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        _wait(self.create_button)
        if isinstance(exc, PermissionDenied):
            # Another window or `approvals user add` created a user first: nothing left
            # to do here; `sign_in` goes on with the sign-in dialog.
            self.taken = True
            self.password.clear()
            self.confirmation.clear()
            self.done(QDialog.DialogCode.Rejected)
            return
        errors = self._errors()
        problems = _problems_by_field(exc)
        for field, text in problems.items():
            errors.get(field, self.message).show_message(text)
        _focus_first_problem(problems, self._fields())


TAKEN_NOTICE = ("Meanwhile somebody else created the first user (in another window or with "
                "the command line). Sign in with an account they made for you.")


# --- sign-in --------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    """A sign-in as `sign_in` hands it to `run_gui`: the user, and the password stamp
    it was made with (`auth.session_stamp`), which `install_user_features` gives the
    session watch. Empty when unknown: the window then reads the current stamp."""

    actor: Actor
    stamp: str = ""


class SignInDialog(PaletteDialog):
    """User name and password. Every refusal reads the same (`auth.BAD_CREDENTIALS`, with
    the lock-out rule), so the dialog never confirms that a name is an account here."""

    signed_in = Signal(object)  # Actor

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, username: str = "",
                 notice: str = "") -> None:
        super().__init__(parent)
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed dialog are dropped
        self.actor: Actor | None = None
        self.setObjectName("signInDialog")
        self.setWindowTitle("Sign in to Approvals")
        self.setMinimumWidth(380)
        install_context_help(self, SIGN_IN_HELP)

        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = _password_edit("password")
        # Hidden while empty: an empty line left a blank band above the buttons.
        self.message = FieldError("signInMessage")
        # Why the last user was signed out (idle, a password reset), or that somebody else
        # made the first user: news, not a refusal of anything typed here.
        self.say(notice, guidance=True)
        # Asked for only when the password typed is one another person set (a reset):
        # the sign-in goes on with a password of the user's own (auth.sign_in).
        self.new_password = _password_edit("newPassword", PASSWORD_PLACEHOLDER)
        self.new_confirmation = _password_edit("newConfirmation")
        self.new_errors = {"new_password": FieldError("newPasswordError"),
                           "confirmation": FieldError("newConfirmationError")}
        self.new_password_box = QWidget()
        self.new_password_box.setObjectName("newPasswordBox")
        new_form = QFormLayout(self.new_password_box)
        new_form.setContentsMargins(0, 0, 0, 0)
        new_form.addRow("&New password",
                        _with_error(self.new_password, self.new_errors["new_password"]))
        new_form.addRow("New password &again",
                        _with_error(self.new_confirmation, self.new_errors["confirmation"]))
        _name_fields_by_label(new_form)
        self.new_password_box.hide()
        self._set_password = ""  # the password typed, while a new one is being chosen
        self.caps_lock_hint = CapsLockHint(self.password, self.new_password,
                                           self.new_confirmation)
        form = QFormLayout()
        form.addRow("&User name", self.username)
        form.addRow("&Password", self.password)
        _name_fields_by_label(form)
        form.addRow("", self.caps_lock_hint)

        buttons, self.sign_in_button = dialog_buttons(
            self, "&Sign in", self.submit, object_name="signInButton", cancel_text="&Quit")

        # While a new password is asked for, one column of labels for both forms, so the
        # new fields line up with the ones above them (see _line_up).
        self._labels = [label for f in (form, new_form) for row in range(f.rowCount())
                        if (item := f.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
                        and isinstance(label := item.widget(), QLabel)]

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.new_password_box)
        layout.addLayout(buttons)
        (self.password if username else self.username).setFocus()
        self.stamp = ""  # the password stamp of the sign-in (see auth.session_stamp)

    def say(self, text: str, *, guidance: bool = False) -> None:
        """Show `text` above the buttons (the dialog grows for it), or hide the line: in
        red, or as `guidance` (ErrorText.say)."""
        self.message.say(text, guidance=guidance)

    @property
    def choosing_new_password(self) -> bool:
        """Whether the dialog asks for a new password (the one typed was reset)."""
        return not self.new_password_box.isHidden()

    def _choose_new_password(self, message: str, password: str) -> None:
        """The password typed is right but another person set it: ask for the user's own."""
        self._set_password = password
        _remember_height(self)
        self.username.setEnabled(False)
        self.password.setText(password)  # shown as dots, greyed: what was typed is kept
        self.password.setEnabled(False)
        self.new_password_box.show()
        self._line_up(True)
        self.sign_in_button.setText("Choose and &sign in")
        self.say(message, guidance=True)  # the usual first sign-in, not a refusal
        _grow_to_fit(self)
        self.new_password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _line_up(self, on: bool) -> None:
        widest = max(label.sizeHint().width() for label in self._labels) if on else 0
        for label in self._labels:
            label.setMinimumWidth(widest)

    def _back_to_password(self) -> None:
        self._set_password = ""
        for edit in (self.new_password, self.new_confirmation):
            edit.clear()
        for error in self.new_errors.values():
            error.show_message("")
        self.new_password_box.hide()
        self._line_up(False)
        self.username.setEnabled(True)
        self.password.setEnabled(True)
        self.password.clear()
        self.sign_in_button.setText("&Sign in")

    def reject(self) -> None:
        self._back_to_password()  # no password left behind in a closed dialog
        super().reject()

    def _submit_new_password(self) -> None:
        name, new = self.username.text().strip(), self.new_password.text()
        for error in self.new_errors.values():
            error.show_message("")
        bad, mismatch = _local_password_problem(new, self.new_confirmation.text())
        problems = {field: text for field, text in (
            ("new_password", bad), ("confirmation", "" if bad else mismatch)) if text}
        for field, text in problems.items():
            self.new_errors[field].show_message(text)
        fields = [("new_password", self.new_password), ("confirmation", self.new_confirmation)]
        if problems:
            _focus_first_problem(problems, fields)
            return
        password = self._set_password
        _wait(self.sign_in_button, "Storing the new password…")

        def failed(exc: BaseException) -> None:
            _wait(self.sign_in_button)
            problems = _problems_by_field(exc)
            if "new_password" not in problems:
                self._failed(exc)
                return
            self.new_errors["new_password"].show_message(problems["new_password"])
            _focus_first_problem(problems, fields)

        self.tasks.write(
            lambda session: auth.sign_in(session, username=name, password=password,
                                         new_password=new),
            self._done, failed)

    def submit(self) -> None:
        if self.choosing_new_password:
            self._submit_new_password()
            return
        name, password = self.username.text().strip(), self.password.text()
        if not name:
            self.say("Enter your user name.", guidance=True)
            self.username.setFocus()  # to the field the message is about
            return
        if any(_is_chinese(c) for c in name):
            # No user name has Chinese characters (they are refused when users are made):
            # say so, rather than "wrong user name or password" for the full name typed.
            self.say("User names are in Latin letters, e.g. the name in pinyin "
                                 "(wangjing), not the full name in Chinese.")
            self.username.setFocus()
            self.username.selectAll()
            return
        if not password:  # Enter after the name: not a wrong password towards the lock-out
            self.say("Enter your password.", guidance=True)
            self.password.setFocus()
            return
        _wait(self.sign_in_button, "Checking the password…")
        self.say("Checking…", guidance=True)
        self.tasks.write(
            lambda session: auth.sign_in(session, username=name, password=password),
            self._done,
            self._failed,
        )

    def _done(self, result: auth.SignInResult) -> None:
        _wait(self.sign_in_button)
        typed = self.password.text()
        self.password.clear()
        if result.ok and result.actor is not None:
            self.say("")
            self._back_to_password()
            self.actor = result.actor
            self.stamp = result.stamp
            self.signed_in.emit(result.actor)
            self.accept()
            return
        if result.must_change and not self.choosing_new_password:
            self._choose_new_password(result.message, typed)
            return
        self._back_to_password()  # e.g. reset again meanwhile: sign in afresh
        self.say(result.message)
        self.adjustSize()  # the message runs to four lines: the dialog grows to show them
        # adjustSize sizes for the width it wanted; held narrower (a small screen at 200 %:
        # at most two thirds of it), the wrapped message needed more lines and its last
        # one was cut off. Tall enough for the width it got.
        _grow_to_fit(self)
        self.password.setFocus()

    def _failed(self, exc: BaseException) -> None:
        _wait(self.sign_in_button)
        self.say(user_message(exc))


def _wait_for(runner: TaskRunner, fn: Callable[[Any], Any]) -> Any:
    """Run a read on the worker and wait for it in a local event loop (start-up only)."""
    loop = QEventLoop()
    box: dict[str, Any] = {}

    def done(value: Any) -> None:
        box["value"] = value
        loop.quit()

    def failed(exc: BaseException) -> None:
        box["error"] = exc
        loop.quit()

    runner.read(fn, done, failed)
    if not box:
        loop.exec()
    if "error" in box:
        raise box["error"]
    return box["value"]


def make_sign_in_dialog(runner: TaskRunner, notice: str = "") -> QDialog:
    """The first-start dialog on an empty database (naming the data folder it sets up),
    the sign-in dialog otherwise."""
    if _wait_for(runner, users.first_start_needed):
        return FirstStartDialog(runner, data_dir=str(runner.db.data_dir.root))
    return SignInDialog(runner, notice=notice)


def sign_in(db: Database, runner: TaskRunner, notice: str = "") -> SignedIn | None:
    """Start-up: who uses this window and the stamp of their sign-in, or None when they
    quit instead; `notice` says why the previous user was signed out, if the app did it."""
    del db  # all database work goes through the runner
    dialog = make_sign_in_dialog(runner, notice)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if not accepted and getattr(dialog, "taken", False):
        dialog.deleteLater()
        dialog = SignInDialog(runner, notice=TAKEN_NOTICE)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
    actor, stamp = getattr(dialog, "actor", None), getattr(dialog, "stamp", "")
    if accepted and actor is not None:
        _guide_read_at_sign_in[:] = _guide_sections(dialog)
    dialog.deleteLater()  # with the user guide opened from it (F1)
    return SignedIn(actor, stamp) if accepted and actor is not None else None


# The section of the user guide open beside the sign-in dialog as it closed: the guide
# went with the dialog, in the middle of the reading; the signed-in window opens it again
# there (install_user_features).
_guide_read_at_sign_in: list[str] = []


def _guide_sections(dialog: QDialog) -> list[str]:
    guides = [g for g in dialog.findChildren(GuideWindow) if g.isVisible()]
    section = guides[0].section_in_view() if guides else None
    return [section.anchor] if section is not None else []


# --- idle lock ------------------------------------------------------------------------


NO_BREAK_SPACE = "\u00a0"


def unbroken_name(name: str) -> str:
    """`name` as one piece for line wrapping: Qt may end a line between any two Chinese
    characters, and at 200 % the lock cover put "欧阳" at a line's end and "建国" on the
    next. Chinese characters are joined; a name's tie to its login ("李伟 (li.wei)") is a
    space no line breaks at."""
    return chinese_joined(name).replace(" (", NO_BREAK_SPACE + "(")


class NamesKeptWhole(QLabel):
    """A wrapped label whose people's names never break across lines. What it says reads
    as written: text() is without the joiners only the line wrapping sees (so what looks
    for "李伟 (li.wei)" in it finds it)."""

    def __init__(self, text: str, names: Iterable[str]) -> None:
        super().__init__()
        self._written = text
        shown = text
        for name in sorted({n for n in names if n}, key=len, reverse=True):
            shown = shown.replace(name, unbroken_name(name))
        super().setText(shown)

    def text(self) -> str:
        return self._written

    def shown_text(self) -> str:
        """The text as laid out, the joiners in it."""
        return super().text()


class LockOverlay(QFrame):
    """Opaque cover over one window: hides its content and asks for the password."""

    unlock_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(self, window: QWidget, actor: Actor, *, manual: bool = False) -> None:
        super().__init__(window)
        self.setObjectName("lockOverlay")
        self.setAutoFillBackground(True)
        # The cover of a dialog is outlined: it sits over the cover of the window behind.
        self.setFrameShape(QFrame.Shape.NoFrame if isinstance(window, QMainWindow)
                           else QFrame.Shape.Box)
        title = QLabel("<h2>Approvals is locked</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name = actor.display_name or actor.username
        # The login once, the first time the person is named: two colleagues can share a
        # full name (李伟), and the login is what the sign-in asks for.
        person = person_text(actor.username, actor.display_name)
        why = f"Locked by {person}." if manual else "Locked after a period without activity."
        # Someone else at the desk typed their own password here, and five of those
        # locked the account of the person signed in.
        who = NamesKeptWhole(
            f"{why} Enter the password of {name if manual else person} to continue; your "
            f"open work is kept. Not {name}? Sign out, then sign in as yourself.",
            (person, name))
        who.setObjectName("lockReason")
        who.setWordWrap(True)
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = _password_edit("unlockPassword")
        self.password.setAccessibleName("Password")
        self.password.setPlaceholderText("password")
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self._request)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.clicked.connect(self._request)
        self.message = ErrorText("unlockMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caps_lock_hint = CapsLockHint(self.password, grow=False)
        self.caps_lock_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        # Someone else at a shared desk: sign the locked user out (their open work is
        # closed, nothing of it shown) instead of quitting the app.
        self.sign_out_button = QPushButton("Sign &out")
        # Nobody is asked about unsaved input here (the work is not theirs): say what stays.
        self.sign_out_button.setToolTip(
            f"Sign {actor.display_name or actor.username} out, to sign in as someone else. "
            "Their windows close without asking: an intake draft and review-mode typing "
            "are kept for them, a comment not yet added is not.")
        self.sign_out_button.setObjectName("lockSignOutButton")
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        row.addWidget(self.password)
        row.addWidget(self.unlock_button)
        row.addWidget(self.sign_out_button)
        row.addStretch(1)
        # A window behind an open modal dialog gets no input: the password goes into the
        # cover of the dialog in front, and this one says so.
        self.front_hint = QLabel("Enter the password in the window in front.")
        self.front_hint.setObjectName("lockFrontHint")
        self.front_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.front_hint.setWordWrap(True)
        self.front_hint.setVisible(False)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addLayout(row)
        layout.addWidget(self.front_hint)
        layout.addWidget(self.caps_lock_hint)
        layout.addWidget(self.message)
        layout.addStretch(2)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()
        self.password.setFocus()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        follow_palette(self, event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.parent() and isinstance(watched, QWidget)
                and event.type() == QEvent.Type.Resize):
            self.setGeometry(watched.rect())
            self.raise_()
        return False

    def _request(self) -> None:
        self.unlock_requested.emit(self.password.text())

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab cycles within the cover: Qt's chain would go on to the window's own fields
        behind it, where an input method could still type and a screen reader would read
        out what the lock hides."""
        chain = [w for w in (self.password, self.unlock_button, self.sign_out_button)
                 if w.isVisibleTo(self)]
        if not chain:
            return True
        current = QApplication.focusWidget()
        at = chain.index(current) if current in chain else -1
        chain[(at + (1 if forward else -1)) % len(chain)].setFocus(
            Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
        return True

    @property
    def reachable(self) -> bool:
        return not self.front_hint.isVisibleTo(self)

    def set_reachable(self, reachable: bool) -> None:
        """Password row where input can arrive; the hint where a modal dialog blocks it."""
        for widget in (self.password, self.unlock_button, self.sign_out_button):
            widget.setVisible(reachable)
        self.front_hint.setVisible(not reachable)
        # Behind a dialog (which opens over the middle) the text moves to the top.
        self._layout.setStretch(0, 1 if reachable else 0)

    def set_busy(self, busy: bool) -> None:
        # Read-only rather than disabled: disabling the focused field would send focus to
        # the next widget in the chain, behind the lock, and select its text.
        self.password.setReadOnly(busy)
        if busy:
            self.message.say("Checking…", guidance=True)


_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
    QEvent.Type.Shortcut, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel, QEvent.Type.ContextMenu,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress, QEvent.Type.DragEnter, QEvent.Type.Drop,
    QEvent.Type.InputMethod,  # text committed by an input method (pinyin, say)
})
_ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


LOCKOUT_OVER = "The lock-out is over: enter the password again."
LOCKOUT_LIFTED = "The lock-out was lifted: enter the password again."
LOCKOUT_REREAD_TICKS = 5  # seconds between reads of the lock-out while it is counted down
# What every covered window's title bar (and the taskbar, and the window switcher) says
# while locked: a case window's title names the target company of a deal not yet public.
LOCKED_TITLE = "Approvals — locked"


class IdleLock(QObject):
    """Locks every window after `timeout_ms` without keyboard or mouse activity."""

    locked = Signal()
    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(self, runner: TaskRunner, actor: Actor, timeout_ms: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        # The lock event and the unlock check: their results for a lock deleted meanwhile
        # (its window closed, the user signed out) are dropped instead of touching it.
        self.tasks = runner.bound_to(self)
        self.actor = actor
        self.overlays: list[LockOverlay] = []
        self._focus: QWidget | None = None
        # The window in use when the lock came (a case window over the main one, say): its
        # cover takes the password, and it is in front again after unlock, instead of the
        # main window raised over it, the half-typed comment out of sight behind.
        self._active: QWidget | None = None
        # Small dialogs (a message box) are enlarged to fit the cover: geometry, min, max.
        self._sizes: dict[QWidget, tuple[QRect, QSize, QSize]] = {}
        self._checking = False
        self._disabled: list[QWidget] = []  # controls behind the covers, until unlock
        # Each covered window's own title, given back on unlock (LOCKED_TITLE meanwhile).
        self._titles: dict[QWidget, str] = {}
        self._retitling = False  # setting LOCKED_TITLE: not a title the window chose
        self._manual = False  # the current lock came from Lock now, not the timeout
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        # After five wrong passwords: the time left, counted down on the cover ("Try again
        # in 5 min 00 s" stood unchanged for the whole five minutes).
        self.lockout_timer = QTimer(self)
        self.lockout_timer.setInterval(1000)
        self.lockout_timer.timeout.connect(self._tick_lockout)
        self._lockout_until: str | None = None
        self._lockout_only_admin = False  # the locked-out user is the only administrator
        self._lockout_overlay: LockOverlay | None = None
        self._lockout_ticks = 0  # every few, the lock-out is read again (lifted meanwhile?)
        # Lock now's key (UserFeatures sets it), caught here where the action cannot be.
        self.lock_key = QKeySequence()
        self.set_timeout_ms(timeout_ms)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return bool(self.overlays)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self.timer.setInterval(max(1, int(timeout_ms)))
        if not self.is_locked:
            self.timer.start()

    def set_timeout_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(minutes * 60_000)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # -- locking --------------------------------------------------------------------
    @staticmethod
    def _lockable(widget: QWidget) -> bool:
        if not widget.isWindow() or not widget.isVisible():
            return False
        kind = widget.windowType()
        return kind not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)

    def lock(self, manual: bool = False) -> None:
        """Cover every window; `manual` for Lock now, otherwise the idle timeout."""
        if self.is_locked:
            return
        self._manual = manual
        self.timer.stop()
        # Open menus and drop-downs would float above the cover: close them (they hold no
        # input worth keeping).
        for _ in range(10):
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        self._focus = QApplication.focusWidget()
        self._active = QApplication.activeWindow()
        for window in QApplication.topLevelWidgets():
            if self._lockable(window):
                self._cover(window)
        if not self.overlays:  # nothing on screen to cover: try again later
            self.timer.start()
            return
        self._arrange()
        reason = "locked by the user" if manual else "idle timeout"
        log.info("window locked: %s", reason)
        actor = self.actor
        self.tasks.write(
            lambda session: auth.record_idle_lock(session, actor=actor, reason=reason),
            None, lambda exc: log.warning("idle lock not recorded: %s", exc))
        self.locked.emit()

    def _live_overlays(self) -> list[LockOverlay]:
        # A dialog closed and deleted while locked took its cover with it.
        self.overlays = [o for o in self.overlays if shiboken6.isValid(o)]
        return self.overlays

    def _cover(self, window: QWidget) -> None:
        if any(o.parentWidget() is window for o in self._live_overlays()):
            return
        # Disabled as well as covered: assistive technology and UI automation press buttons
        # and set text through the accessibility interface, which sends no input events
        # the filter could stop. Only the window's own children, each only if it is
        # enabled itself: a control disabled for its own reasons stays so after unlock.
        for child in window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not child.isWindow() and child.isEnabled():
                child.setEnabled(False)
                self._disabled.append(child)
        self._hide_title(window)
        overlay = LockOverlay(window, self.actor, manual=self._manual)
        overlay.unlock_requested.connect(lambda text, o=overlay: self._check(o, text))
        overlay.sign_out_requested.connect(self.sign_out_requested)
        self.overlays.append(overlay)
        # A message box is too small for the password row: enlarge it while locked (its
        # content stays as it was and gets its size back on unlock).
        width = max(window.width(), min(overlay.sizeHint().width() + 140, 480))
        height = max(window.height(), overlay.heightForWidth(width)
                     if overlay.hasHeightForWidth() else overlay.sizeHint().height())
        if (width, height) != (window.width(), window.height()):
            self._sizes[window] = (window.geometry(), window.minimumSize(),
                                   window.maximumSize())
            window.setMinimumSize(0, 0)  # a message box fixes its own size
            window.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
            window.resize(width, height)

    def _hide_title(self, window: QWidget) -> None:
        """Keep `window`'s title and show LOCKED_TITLE in its place."""
        if window.windowTitle() != LOCKED_TITLE:
            self._titles[window] = window.windowTitle()
        self._retitling = True
        try:
            window.setWindowTitle(LOCKED_TITLE)
        finally:
            self._retitling = False

    @staticmethod
    def _within(window: QWidget, ancestor: QWidget) -> bool:
        """`window` is `ancestor` or one of its (transient) child windows."""
        w: QWidget | None = window
        while w is not None:
            if w is ancestor:
                return True
            w = w.parentWidget()
        return False

    def _blocked(self, window: QWidget) -> bool:
        """Whether an open modal dialog keeps input from `window` (Qt's rule: an
        application-modal dialog blocks every window but its own children; a window-modal
        one blocks the windows of its own family)."""
        for modal in QApplication.topLevelWidgets():
            modality = modal.windowModality()
            if (modal is window or not modal.isVisible()
                    or modality == Qt.WindowModality.NonModal or self._within(window, modal)):
                continue
            if (modality == Qt.WindowModality.ApplicationModal
                    or self._root(modal) is self._root(window)):
                return True
        return False

    @staticmethod
    def _root(widget: QWidget) -> QWidget:
        parent = widget.parentWidget()
        while parent is not None:
            widget, parent = parent, parent.parentWidget()
        return widget

    def _arrange(self) -> None:
        """Give the password row to the covers that can receive input (the modal dialog
        in front, if any) and put the keyboard focus in the front one."""
        reachable_overlays: list[LockOverlay] = []
        for overlay in self._live_overlays():
            window = overlay.parentWidget()
            reachable = window is not None and window.isVisible() and not self._blocked(window)
            overlay.set_reachable(reachable)
            if reachable:
                reachable_overlays.append(overlay)
        # A modal dialog in front first, then the window that was in use, then any.
        modal, in_use = QApplication.activeModalWidget(), self._live_active()
        front = next((o for o in reachable_overlays if o.parentWidget() is modal), None)
        front = front or next((o for o in reachable_overlays if o.parentWidget() is in_use),
                              None)
        front = front or next(iter(reachable_overlays), None)
        if front is not None:
            window = front.parentWidget()
            # Brought to the front only while the app is: locked after a quarter of an hour
            # in the e-mail program, it took the keyboard from it, and the e-mail being
            # typed went into the password field (Enter: a wrong password towards the
            # lock-out).
            if window is not None and QApplication.activeWindow() is not None:
                window.raise_()
                window.activateWindow()
            front.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _live_active(self) -> QWidget | None:
        """The window in use when the lock came, while it is still there and shown."""
        window = self._active
        if window is None or not shiboken6.isValid(window) or not window.isVisible():
            return None
        return window

    def _while_locked(self, step: Callable[..., None], *args: Any) -> None:
        """`step(*args)` for a timer that fires later: only if still locked by then."""
        if self.is_locked:
            step(*args)

    def _inside_overlay(self, obj: QObject) -> bool:
        current: QObject | None = obj
        while current is not None:
            if isinstance(current, LockOverlay):
                return True
            current = current.parent()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.is_locked:
            if kind in _ACTIVITY_EVENTS:
                self.timer.start()  # restart the idle countdown
            if (kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                    and not self.lock_key.isEmpty()
                    and QKeySequence(event.keyCombination()) == self.lock_key):
                # A key press, so no shortcut took it: a modal dialog shadows the main
                # window's Lock now (the intake wizard opens window-modal), and Ctrl+L
                # in a half-typed wizard did nothing.
                self.lock(manual=True)
                return True
            return False
        if (kind == QEvent.Type.Close and event.spontaneous() and isinstance(watched, QWidget)
                and watched.isWindow()):
            # The title bar's close box (or Alt+F4) behind the lock: it closed the wizard
            # with its typing, a dialog with its reason, or quit the session, no password
            # asked. Only the window system's request reaches a widget as spontaneous; the
            # program's own closes (a finished task's progress, signing out) still close.
            event.ignore()
            return True
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and self._lockable(watched):
            # A window that appears while locked (a finished task's message) is covered too,
            # and if it is modal, the password row moves into it.
            QTimer.singleShot(0, lambda w=watched: self._while_locked(self._cover_new, w))
            return False
        if (kind == QEvent.Type.Hide and isinstance(watched, QWidget) and watched.isWindow()
                and any(o.parentWidget() is watched for o in self._live_overlays())):
            # A dialog closed by the program while locked: the password row moves back.
            QTimer.singleShot(0, lambda: self._while_locked(self._arrange))
            return False
        if (kind == QEvent.Type.WindowTitleChange and not self._retitling
                and isinstance(watched, QWidget) and watched in self._titles):
            # A covered window that names itself anew while locked (a case window after a
            # background refresh): kept for unlock, and covered again.
            self._hide_title(watched)
            return False
        if kind == QEvent.Type.LayoutRequest and watched in self._sizes:
            return True  # a message box would shrink back to its fixed size under the cover
        if kind not in _INPUT_EVENTS or self._inside_overlay(watched):
            return False
        # Input for anything behind the lock is swallowed: nothing there may be used.
        # Native windows pass it on to their widgets, where it is stopped; shortcuts go to
        # actions (not widgets) and are stopped wherever they are sent.
        return kind == QEvent.Type.Shortcut or isinstance(watched, QWidget)

    def _cover_new(self, window: QWidget) -> None:
        if window.isVisible():
            self._cover(window)
        self._arrange()

    # -- unlocking ------------------------------------------------------------------
    def _check(self, overlay: LockOverlay, password: str) -> None:
        if self._checking:
            return
        if not password:
            # Enter pressed to wake the screen: said, not counted as one of the five wrong
            # passwords before the lock-out.
            overlay.message.say("Type your password, then press Enter.", guidance=True)
            overlay.password.setFocus()
            return
        self._checking = True
        for o in self._live_overlays():
            o.set_busy(True)
        username = self.actor.username
        self.tasks.write(
            lambda session: auth.sign_in(session, username=username, password=password,
                                         purpose="unlock"),
            lambda result: self._checked(overlay, result),
            lambda exc: self._check_failed(overlay, exc),
        )

    def _checked(self, overlay: LockOverlay, result: auth.SignInResult) -> None:
        self._checking = False
        for o in self._live_overlays():
            o.set_busy(False)
            o.message.say("")
        if result.ok:
            self.unlock()
            return
        overlay.message.say(result.message)  # a wrong password, a lock-out
        overlay.password.clear()
        overlay.password.setFocus()
        self._lockout_until = result.locked_until if result.status == "locked" else None
        self._lockout_only_admin = result.only_admin  # the countdown's words keep saying so
        self._lockout_overlay = overlay
        if self._lockout_until:
            self.lockout_timer.start()
        else:
            self.lockout_timer.stop()

    def _tick_lockout(self) -> None:
        overlay = self._lockout_overlay
        if (not self.is_locked or self._lockout_until is None or overlay is None
                or not shiboken6.isValid(overlay)):
            self.lockout_timer.stop()
            return
        if self._checking:  # "Checking…" stays until the answer
            return
        left = auth.seconds_left(self._lockout_until)
        if left > 0:
            overlay.message.say(auth.lockout_message(
                left, self._lockout_until, only_admin=self._lockout_only_admin))
            self._lockout_ticks += 1
            if self._lockout_ticks % LOCKOUT_REREAD_TICKS == 0:
                username = self.actor.username
                self.tasks.read(lambda session: auth.lockout_end(session, username),
                                self._lock_read, lambda exc: log.info(
                                    "lock-out not read again: %s", exc))
            return
        self.lockout_timer.stop()
        self._lockout_until = None
        overlay.message.say(LOCKOUT_OVER, guidance=True)

    def _lock_read(self, locked_until: str | None) -> None:
        """The lock-out as the database has it now: lifted by an administrator (or reset),
        the countdown stops and the cover says so."""
        overlay = self._lockout_overlay
        if (locked_until is not None or self._lockout_until is None or not self.is_locked
                or overlay is None or not shiboken6.isValid(overlay) or self._checking):
            return
        self.lockout_timer.stop()
        self._lockout_until = None
        overlay.message.say(LOCKOUT_LIFTED, guidance=True)

    def _check_failed(self, overlay: LockOverlay, exc: BaseException) -> None:
        self._checking = False
        for o in self._live_overlays():
            o.set_busy(False)
        overlay.message.say(user_message(exc))

    def unlock(self) -> None:
        self.lockout_timer.stop()
        self._lockout_until = self._lockout_overlay = None
        overlays, self.overlays = self._live_overlays(), []
        disabled, self._disabled = self._disabled, []
        for child in disabled:
            if shiboken6.isValid(child):  # not deleted meanwhile
                child.setEnabled(True)
        in_use, self._active = self._live_active(), None
        if in_use is not None:  # back in front, the window the work was typed in
            in_use.raise_()
            in_use.activateWindow()
        # Give focus back before the overlays go, or Qt would tab into the next widget
        # and select its text, ready to be typed over.
        if self._focus is not None:
            with contextlib.suppress(RuntimeError):  # the widget went away meanwhile
                self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None
        for overlay in overlays:
            parent = overlay.parentWidget()
            if parent is not None:
                parent.removeEventFilter(overlay)
            overlay.password.clearFocus()
            overlay.hide()
            overlay.deleteLater()
        titles, self._titles = self._titles, {}
        for window, title in titles.items():
            if shiboken6.isValid(window):  # not deleted meanwhile
                window.setWindowTitle(title)
        sizes, self._sizes = self._sizes, {}
        for window, (geometry, minimum, maximum) in sizes.items():
            if shiboken6.isValid(window):  # not deleted meanwhile
                window.setMinimumSize(minimum)
                window.setMaximumSize(maximum)
                window.setGeometry(geometry)
                QApplication.postEvent(window, QEvent(QEvent.Type.LayoutRequest))
        self.timer.start()
        self.unlocked.emit()


# --- user management --------------------------------------------------------------------


# The Users list beside the Selected user pane needs this many average characters' width
# (user, full name, roles, status); with less the pane goes under it, and the list keeps
# this many lines' height there.
LIST_MIN_CHARS = 56
LIST_MIN_LINES = 12


class UsersTable(QTableWidget):
    """The Users list: Tab into it selects the row the keyboard lands on. After Find left
    one user, that row became current but not selected: Selected user stayed empty and
    Down did nothing (see widgets.select_row_on_focus, which the audit trail's list uses)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        select_row_on_focus(self, event.reason())


class UserManagementDialog(PaletteDialog):
    """Administrators create users, set roles, deactivate, reset passwords, unlock."""

    changed = Signal()
    # An administrator set a new password for themself: this session's new password
    # stamp, so that it goes on while their other sessions sign out.
    own_password_reset = Signal(str)

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed dialog are dropped
        self.actor = actor
        self.users: list[users.UserInfo] = []
        self.last_admin = ""  # the only active admin, if there is just one
        self.confirm_dialog: ConfirmChange | None = None  # the last Deactivate… asked
        self._shown_user: str | None = None  # whose roles the boxes show
        self._following_focus = False  # connected to focusChanged while shown
        self._focus_before_busy: QWidget | None = None  # see _set_busy
        self._opened = False  # shown, its first reading not in yet
        self._created: str | None = None  # a user just created, to be shown in the list
        # A lock-out runs out on its own: the list is read again then, or it went on saying
        # "locked until 09:05" (and offering Lift lock-out) for as long as it stayed open.
        self.lock_expiry = QTimer(self)
        self.lock_expiry.setSingleShot(True)
        self.lock_expiry.timeout.connect(self.refresh)
        self.setObjectName("userManagementDialog")
        self.setWindowTitle("Users")
        install_context_help(self, USERS_HELP)
        resize_to_screen(self, 820, 680)  # all of it without a scroll bar at 100 %
        self.may_manage = allowed(actor.roles, "user.manage")

        self.table = UsersTable(0, 4)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        self.table.setObjectName("userTable")
        self.table.setAccessibleName("Users")
        self.table.setHorizontalHeaderLabels(["User", "Name", "Roles", "Status"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # The roles get the room; a row grows to show all of them (see _show), not "…".
        # User and Status as wide as their text (see _fit_roles).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        # An office of 200 found one colleague by scrolling a list in user-name order: the
        # columns sort on a click (letter case aside), and Find narrows the rows.
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(lambda *_args: self._fit_roles())  # the arrow moved
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("userFind")
        self.find_edit.setAccessibleName("Find a user")
        self.find_edit.setPlaceholderText("name, role or status (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(lambda _text: self._apply_find())
        self.find_edit.returnPressed.connect(self._enter_in_find)
        # Down goes into the list, as from the case list's filter: the line edit has no use
        # for it, and it scrolled the dialog instead, Find and the headers out of sight.
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.find_edit, self._enter_in_find)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        find_label = QLabel("F&ind")
        find_label.setBuddy(self.find_edit)
        standard_shortcut(QKeySequence.StandardKey.Find, self, self._focus_find)
        self.find_count = QLabel()
        self.find_count.setObjectName("userFindCount")
        self.find_count.hide()
        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.find_edit, 1)
        find_row.addWidget(self.find_count)
        self.list_pane = QWidget()
        self.list_pane.setObjectName("userListPane")
        listing = QVBoxLayout(self.list_pane)
        listing.setContentsMargins(0, 0, 0, 0)
        listing.addLayout(find_row)
        listing.addWidget(self.table, 1)

        # The selected user.
        self.selected_box = QGroupBox("Selected user")
        # The full name is printed on filings and in the audit trail: a typo made when the
        # user was created could not be put right anywhere (the service could, no window).
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("selectedDisplayName")
        self.name_edit.setPlaceholderText("full name")
        self.name_edit.setAccessibleName("Full name of the selected user")
        self.name_edit.textChanged.connect(lambda _text: self._update_buttons())
        self.name_edit.returnPressed.connect(self._enter_in_name)
        self.name_error = FieldError("selectedDisplayNameError")
        self.save_name_button = QPushButton("Save full na&me")
        self.save_name_button.setObjectName("saveNameButton")
        self.save_name_button.clicked.connect(self.save_display_name)
        self.role_boxes: dict[str, QCheckBox] = {}
        roles_layout = QVBoxLayout()
        for role in ROLES:
            box = QCheckBox(_with_key(ROLE_LABELS[role], SELECTED_ROLE_KEYS.get(role, "")))
            box.setObjectName(f"role_{role}")
            # Save roles is offered once the ticks differ from the stored roles.
            box.toggled.connect(lambda _on: self._update_buttons())
            self.role_boxes[role] = box
            roles_layout.addWidget(box)
        self.save_roles_button = QPushButton("&Save roles")
        self.save_roles_button.setObjectName("saveRolesButton")
        self.save_roles_button.clicked.connect(self.save_roles)
        self.active_button = QPushButton("&Deactivate")
        self.active_button.setObjectName("activeButton")
        self.active_button.clicked.connect(self.toggle_active)
        self.unlock_button = QPushButton("&Lift lock-out")
        self.unlock_button.setObjectName("unlockUserButton")
        self.unlock_button.clicked.connect(self.unlock_user)
        self.reset_password = _password_edit("resetPassword")
        self.reset_password.setAccessibleName("New password for the selected user")
        self.reset_confirmation = _password_edit("resetConfirmation")
        self.reset_confirmation.setAccessibleName("New password again")
        self.reset_error = FieldError("resetError")
        self.reset_button = QPushButton("&Reset password")
        self.reset_button.setObjectName("resetPasswordButton")
        self.reset_button.clicked.connect(self.do_reset_password)
        # palette(mid) was 1.7:1 on a light window: grey, but one an officer can read.
        self.why = ErrorText("whyDisabled", colour=secondary_text_colour)
        # Room for the longest reason (three or four wrapped lines) up front: the layout
        # does not count wrapped lines at the box's real width, and squeezed the role boxes
        # until their text was cut off.
        # Four lines as the label lays them out (laid_out_line): by lineSpacing() (15 under
        # GNOME's Sans 10, lines of 16) the fourth line lost its foot.
        self.why.setMinimumHeight(laid_out_line(self.why.fontMetrics()) * 4)
        selected = QVBoxLayout(self.selected_box)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_edit, 1)
        name_row.addWidget(self.save_name_button)
        selected.addLayout(name_row)
        selected.addWidget(self.name_error)
        selected.addLayout(roles_layout)
        selected.addWidget(self.save_roles_button)
        selected.addWidget(self.active_button)
        selected.addWidget(self.unlock_button)
        # Labels beside the fields (not above: the box is as tall as it may be at 200 %):
        # their grey hints went at the first key typed, two unnamed dotted fields left.
        reset_form = QFormLayout()
        reset_form.setContentsMargins(0, 0, 0, 0)
        # With Alt keys (W, G: the letters the window's others leave): an administrator
        # resetting a password from the keyboard tabbed through roles and buttons to get here.
        reset_form.addRow("Ne&w password", self.reset_password)
        reset_form.addRow("A&gain", self.reset_confirmation)
        selected.addLayout(reset_form)
        selected.addWidget(self.reset_error)
        selected.addWidget(self.reset_button)
        selected.addWidget(self.why)
        selected.addStretch(1)

        # A new user.
        self.new_box = QGroupBox("New user")
        self.new_username = QLineEdit()
        self.new_username.setObjectName("newUsername")
        self.new_username.setPlaceholderText(USERNAME_PLACEHOLDER)
        self.new_display_name = QLineEdit()
        self.new_display_name.setObjectName("newDisplayName")
        self.new_display_name.setPlaceholderText(FULL_NAME_PLACEHOLDER)
        self.new_password = _password_edit("newPassword", PASSWORD_PLACEHOLDER)
        self.new_confirmation = _password_edit("newConfirmation")
        self.new_role_boxes: dict[str, QCheckBox] = {}
        new_roles = QHBoxLayout()
        # No margins of its own: with the layout's default ones the boxes stood lower (and
        # further in) than the fields above, and the "Roles" label sat above them.
        new_roles.setContentsMargins(0, 0, 0, 0)
        for role in ROLES:
            # The same names as the selected user's boxes ("Administrator", not "admin").
            box = QCheckBox(_with_key(role_name(role), NEW_ROLE_KEYS.get(role, "")))
            box.setToolTip(ROLE_LABELS[role])
            box.setObjectName(f"new_role_{role}")
            self.new_role_boxes[role] = box
            new_roles.addWidget(box)
        self.new_errors = {
            "username": FieldError("newUsernameError"),
            "display_name": FieldError("newDisplayNameError"),
            "password": FieldError("newPasswordError"),
            "confirmation": FieldError("newConfirmationError"),
            "roles": FieldError("newRolesError"),
            "": FieldError("newUserError"),
        }
        roles_row = QWidget()
        roles_row.setLayout(new_roles)
        # The demo's people (its steps name li.wei and sarah.chen) without an account here:
        # a name to click fills in the form for them. Hidden when there are none.
        # Buttons, not links in the text: a link took Tab but not Enter, and a screen
        # reader announces a button with its name.
        self.demo_people: dict[str, users.DemoPerson] = {}
        self.demo_people_line = QWidget()
        self.demo_people_line.setObjectName("demoPeople")
        self.demo_people_text = QLabel(
            "The demo cases name people with no account here. Click a name to fill in the "
            "form for them (the password is yours to give); the case timelines then show "
            "their full name.")
        self.demo_people_text.setWordWrap(True)
        self.demo_people_buttons = QHBoxLayout()
        self.demo_people_buttons.setContentsMargins(0, 0, 0, 0)
        demo_layout = QVBoxLayout(self.demo_people_line)
        demo_layout.setContentsMargins(0, 0, 0, 0)
        demo_layout.addWidget(self.demo_people_text)
        demo_layout.addLayout(self.demo_people_buttons)
        self.demo_people_line.setVisible(False)
        new_form = QFormLayout(self.new_box)
        # Alt keys as on the first-start form (the buttons hold S, D/T, L, R and C).
        new_form.addRow("User &name",
                        _with_error(self.new_username, self.new_errors["username"]))
        new_form.addRow("&Full name",
                        _with_error(self.new_display_name, self.new_errors["display_name"]))
        new_form.addRow("&Password",
                        _with_error(self.new_password, self.new_errors["password"]))
        new_form.addRow("Password &again",
                        _with_error(self.new_confirmation, self.new_errors["confirmation"]))
        new_form.addRow("Roles", _with_error(roles_row, self.new_errors["roles"]))
        self.create_button = QPushButton("&Create user")
        self.create_button.setObjectName("createUserButton")
        self.create_button.clicked.connect(self.create_user)
        new_form.addRow(self.new_errors[""])
        new_form.addRow(self.create_button)
        # Under the form: it arrives after the list, and above it would push the fields
        # down under a pointer already on its way to one.
        new_form.addRow(self.demo_people_line)
        _name_fields_by_label(new_form)
        _recheck_as_typed(
            self.new_errors, self._new_user_problems,
            *(edit.textChanged for edit in (self.new_username, self.new_display_name,
                                            self.new_password, self.new_confirmation)),
            *(box.toggled for box in self.new_role_boxes.values()))

        self.status = QLabel()
        self.status.setObjectName("userStatus")
        self.status.setWordWrap(True)  # a reset's next step, a refusal: two lines at 200 %
        close = QPushButton("Cl&ose")
        close.setObjectName("closeUsersButton")
        close.clicked.connect(self.accept)

        content = QWidget()
        # Side by side, or the Selected user pane under the list in a narrow window: see
        # _arrange_panes.
        self.panes = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.panes.addWidget(self.list_pane, 3)
        self.panes.addWidget(self.selected_box, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(self.panes)
        inner.addWidget(self.new_box)
        # The forms need about 640 px: at 200 % on a laptop screen the dialog would run
        # off the bottom with Create user and Close; they scroll instead.
        scroll = QScrollArea()
        scroll.setObjectName("userScroll")
        # No Tab stop of its own (an unnamed one): it scrolls to the control in focus.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.scroll_area = scroll
        layout = self.root_layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        # Enter acts on the form it is pressed in (the fields' returnPressed, and
        # keyPressEvent for the rest). Qt made the first button (Save roles) the dialog's
        # default, so Enter in the New user form saved the ticks of the user selected
        # above, and did nothing in the new-password fields. Create user is the default
        # only so that Qt picks no other on show; keyPressEvent passes Enter to none.
        self.create_button.setDefault(True)
        for edit in (self.new_username, self.new_display_name, self.new_password,
                     self.new_confirmation):
            edit.returnPressed.connect(self._enter_in_new_user)
        for edit in (self.reset_password, self.reset_confirmation):
            edit.returnPressed.connect(self._enter_in_reset)
        if not self.may_manage:
            self.new_box.setEnabled(False)
            self.new_box.setToolTip(self._not_admin())
            self.create_button.setToolTip(self._not_admin())
        self._update_buttons()
        self.refresh()

    def _enter_in_new_user(self) -> None:
        # A role box reached by its key (Alt+1) is ticked 100 ms late: Qt animates the
        # click. Enter within that time found no role, flashed "tick a role" and created
        # nobody; it waits for the tick instead.
        pending = next((box for box in self.new_role_boxes.values() if box.isDown()), None)
        if pending is not None:
            pending.clicked.connect(lambda *_: self._enter_in_new_user(),
                                    Qt.ConnectionType.SingleShotConnection)
            return
        if self.create_button.isEnabled():
            self.create_user()

    def _enter_in_name(self) -> None:
        if self.save_name_button.isEnabled():
            self.save_display_name()

    def _enter_in_reset(self) -> None:
        if self.reset_button.isEnabled():
            self.do_reset_password()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter that no field took (the line edits act on returnPressed, a focused button
        presses itself): on a new user's role tick it creates the user; anywhere else (the
        table, the selected user's ticks) it does nothing, rather than press a button of
        another form."""
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        event.accept()
        if self.focusWidget() in self.new_role_boxes.values():
            self._enter_in_new_user()

    def _not_admin(self) -> str:
        return (f"Only an administrator can {PERMISSION_LABELS['user.manage']}; "
                f"{self.actor.username} is not one.")

    def set_actor(self, actor: Actor) -> None:
        """The signed-in user's roles changed (e.g. they took away their own admin role):
        grey out what they may no longer do, with the reason."""
        self.actor = actor
        self.may_manage = allowed(actor.roles, "user.manage")
        self.new_box.setEnabled(self.may_manage)
        self.new_box.setToolTip("" if self.may_manage else self._not_admin())
        self.create_button.setToolTip(self.new_box.toolTip())
        self._update_buttons()

    # -- data -----------------------------------------------------------------------
    def refresh(self) -> None:
        self.tasks.latest_read("users", users.list_users, self._show, self._failed)

    def _read_demo_people(self) -> None:
        # As the dialog opens and after a user is created, not at every refresh: it reads
        # the whole audit trail, and the demo's people change only by this form.
        self.tasks.latest_read("demoPeople", users.demo_people_without_accounts,
                               self._show_demo_people,
                               lambda exc: log.warning("demo people not read: %s", exc))

    def _show_demo_people(self, people: list[users.DemoPerson]) -> None:
        """Offer the demo's people who have no account here (see `fill_in_demo_person`)."""
        self.demo_people = {p.username: p for p in people}
        while (item := self.demo_people_buttons.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        for person in people:
            button = QPushButton(person_text(person.username, person.display_name))
            button.setObjectName(f"demoPerson_{person.username}")
            button.setAutoDefault(False)  # Enter in a field above must not press it
            button.setToolTip(f"Fill in New user for {button.text()}: user name, full name "
                              "and the demo's roles.")
            button.clicked.connect(lambda _=False, n=person.username: self.fill_in_demo_person(n))
            self.demo_people_buttons.addWidget(button)
        self.demo_people_buttons.addStretch(1)
        self.demo_people_line.setVisible(bool(people))

    def fill_in_demo_person(self, username: str) -> None:
        """New user filled in as the demo has the person: name, full name and roles."""
        person = self.demo_people.get(username)
        if person is None:
            return
        self.new_username.setText(person.username)
        self.new_display_name.setText(person.display_name)
        for role, box in self.new_role_boxes.items():
            box.setChecked(role in person.roles)
        self.new_password.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        # Users… shows the dialog kept from its first opening: read the users again, so a
        # lock-out, a user added with `approvals user add` or another administrator's
        # change shows (and "last active administrator" is not judged on an old list).
        super().showEvent(event)
        if not event.spontaneous():
            self._opened = True  # the next reading may send an administrator alone to New user
            self.refresh()
            self._read_demo_people()
            app = QApplication.instance()
            if isinstance(app, QApplication) and not self._following_focus:
                app.focusChanged.connect(self._scroll_to_focus)
                self._following_focus = True

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.status.clear()  # "Created user pat." is news once, not at the next opening
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._following_focus:
            app.focusChanged.disconnect(self._scroll_to_focus)
            self._following_focus = False

    def _scroll_to_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The field that gets the focus is scrolled into view however it got it. The
        scroll area follows Tab only: at 200 % Alt+N put the cursor into User name below
        the fold, and the name typed and the errors under it stayed out of sight."""
        content = self.scroll_area.widget()
        if new is None or content is None or not content.isAncestorOf(new):
            return
        if new.height() > self.scroll_area.viewport().height():
            # Taller than the view (the list at 200 %): its top in view, header and first
            # rows; ensureWidgetVisible centred it, the header scrolled away.
            # Find above the list comes with it.
            anchor = self.find_edit if new is self.table else new
            top = anchor.mapTo(content, anchor.rect().topLeft())
            self.scroll_area.ensureVisible(top.x(), top.y(), 0, 0)
            return
        self.scroll_area.ensureWidgetVisible(new)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Back from another window (the main window, a terminal): read the users again.
        if (event.type() == QEvent.Type.ActivationChange and self.isVisible()
                and self.isActiveWindow()):
            self.refresh()

    def _person(self, login: str) -> str:
        """A login as the list names people ("Ada Wong (ada.wong)")."""
        known = next((u for u in self.users if u.username == login), None)
        return _who(known) if known is not None else login

    def _show(self, rows: list[users.UserInfo]) -> None:
        # The user the pane shows, by login: the list is refilled in place, and the row
        # selected before may hold another user afterwards (one created sorts into it).
        keep = self._shown_user or self.selected_username()
        before = next((u for u in self.users if u.username == keep), None)
        ticked = {role: box.isChecked() for role, box in self.role_boxes.items()}
        typed_name = self.name_edit.text()
        self.users = rows
        admins = [u.username for u in rows if u.active and u.is_admin]
        self.last_admin = admins[0] if len(admins) == 1 else ""
        # Filled unsorted (a sorted table moves each row as its first cell arrives), then
        # sorted again by the column the officer chose.
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for r, user in enumerate(rows):
            status = "active" if user.active else "deactivated"
            if user.locked_until:  # this computer's clock, not "2026-…T09:05:00+00:00"
                status += f", locked until {auth.utc_clock_text(user.locked_until)}"
            # A reset password the user has not yet replaced with their own: the
            # administrator sees who still has to sign in once. On a line of its own, so
            # the column stays narrow (on one line it took the full names' room at 200 %).
            tip = ""
            if user.reset_by and user.active and user.set_at_creation:
                # A created account whose user has not yet replaced the password its
                # creator chose (or a script's: "cli:ops" is no colleague to look up).
                by = ("the command line" if is_command_line_login(user.reset_by)
                      else self._person(user.reset_by))
                # Short: "awaits own password" pushed the list wider than a 200 % window.
                status += ",\nown password due"
                tip = (f"The account was created by {by}, with a password they chose; "
                       f"{user.username} chooses their own at the first sign-in.")
            elif user.reset_by and user.active:
                status += ",\npassword reset"
                tip = (f"The password was reset by {self._person(user.reset_by)}; "
                       f"{user.username} chooses a new one at the next sign-in.")
            roles = ", ".join(role_name(role) for role in user.roles)
            for c, text in enumerate((user.username, user.display_name, roles, status)):
                item = SortedCell(text)
                item.setToolTip(tip if c == 3 and tip else text)
                if not user.active:  # among 200, one word in the last column was all
                    item.setForeground(QColor(secondary_text_colour()))
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self._apply_find()
        self._fit_roles()  # every role shown, wrapped, never cut off
        self._watch_lock_expiry(rows)
        created, self._created = self._created, None
        if created is not None:
            self._reveal_created(created)
        elif keep:
            self.select(keep)
            if self.selected_username() == keep and self._shown_user != keep:
                self._selection_changed()
            after = self.selected()
            # A re-read must not undo role boxes ticked but not yet saved, unless the
            # user's roles were changed elsewhere meanwhile (then the stored ones show).
            if before is not None and after is not None and after.roles == before.roles:
                for role, box in self.role_boxes.items():
                    box.setChecked(ticked[role])
            else:
                self._selection_changed()
            # Likewise a full name typed but not saved, unless it was changed elsewhere.
            if (before is not None and after is not None
                    and after.display_name == before.display_name):
                self.name_edit.setText(typed_name)
        self._update_buttons()
        opened, self._opened = self._opened, False
        if opened:
            self._to_new_user_if_alone(rows)

    def _to_new_user_if_alone(self, rows: list[users.UserInfo]) -> None:
        """An administrator alone in the office (the status bar sent them here to add
        colleagues) finds the cursor in New user's User name when the window shows it at
        its top; where it is below the fold (150 %, 200 %) the line at the foot says where
        it is and its Alt key. The window opens at its top all the same: scrolled down to
        New user, the list was out of sight, and a user created went into it unseen.
        Only as the dialog opens, and not into a form already typed in."""
        active = [u.username for u in rows if u.active]
        typed = any(edit.text() for edit in self.new_box.findChildren(QLineEdit))
        if not (self.may_manage and active == [self.actor.username] and not typed):
            return
        self.scroll_area.verticalScrollBar().setValue(0)
        if self._in_view(self.new_username):
            self.new_username.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not self.status.text():
            self.status.setText("You are the only user. Add your colleagues under New user "
                                "below (Alt+N goes to its User name).")

    def _in_view(self, widget: QWidget) -> bool:
        """`widget` wholly inside the scrolled part of the window as it is scrolled now."""
        viewport = self.scroll_area.viewport()
        top_left = widget.mapTo(viewport, QPoint(0, 0))
        return viewport.rect().contains(QRect(top_left, widget.size()))

    def _reveal_created(self, username: str) -> None:
        """The user just created selected and in view, the list scrolled to them: the
        window had scrolled down to New user at 150 % and 200 %, and only the line at the
        foot said the user was created. The cursor stays in New user's User name for the
        next colleague when that is in view too; otherwise it goes to the new row."""
        message = self.status.text()  # a new selection clears the line at the foot
        self.select(username)
        if self._shown_user != username:
            # Its row may be the one selected before, refilled with the new user: no
            # selection change then, and the pane went on showing (and saving to) the
            # other user's roles and full name.
            self._selection_changed()
        self.status.setText(message)
        row = next((r for r in range(self.table.rowCount())
                    if (item := self.table.item(r, 0)) and item.text() == username), None)
        if row is None:
            return
        self._scroll_to_row(row)
        if not self._in_view(self.new_username):
            self.table.setCurrentCell(row, 0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # scrolls to the list's top
            self._scroll_to_row(row)

    def _scroll_to_row(self, row: int) -> None:
        item = self.table.item(row, 0)
        content = self.scroll_area.widget()
        if item is None or content is None:
            return
        self.table.scrollToItem(item)
        rect = self.table.visualItemRect(item)
        top = self.table.viewport().mapTo(content, rect.topLeft()).y()
        bottom = top + rect.height()
        # The row whole, with Find and the list's header above it when they fit too.
        find_top = self.find_edit.mapTo(content, QPoint(0, 0)).y()
        bar = self.scroll_area.verticalScrollBar()
        height = self.scroll_area.viewport().height()
        if bottom - find_top <= height:
            bar.setValue(min(max(bar.value(), bottom - height), find_top))
        else:
            self.scroll_area.ensureVisible(0, top + rect.height() // 2, 0, rect.height() // 2)

    def _apply_find(self) -> None:
        """Show the rows with the Find text in any column (letter case aside), and how
        many of all that is."""
        wanted = search_key(self.find_edit.text()).strip()
        shown = 0
        for r in range(self.table.rowCount()):
            cells = (self.table.item(r, c) for c in range(self.table.columnCount()))
            match = not wanted or any(item is not None and wanted in search_key(item.text())
                                      for item in cells)
            self.table.setRowHidden(r, not match)
            shown += match
        if not wanted:
            self.find_count.hide()
            return
        total = self.table.rowCount()
        self.find_count.setText(f"{shown} of {total} users" if shown
                                else f"No user matches \u201c{self.find_edit.text().strip()}\u201d.")
        self.find_count.show()

    def _focus_find(self) -> None:
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    def _enter_in_find(self) -> None:
        """Enter in Find: the first user shown is selected, the keyboard in the list."""
        for r in range(self.table.rowCount()):
            if not self.table.isRowHidden(r):
                self.table.selectRow(r)
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _fit_roles(self) -> None:
        """Roles wrap between names, never inside one: when Name and Roles, sharing the
        room, leave Roles narrower than "Administrator," (at 200 % it read "Administra…"),
        the Name column gives up what Roles needs. Rows then grow to the wrapped text."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        widest = max(metrics.horizontalAdvance(f"{role_name(r)},") for r in ROLES)
        needed = widest + 4 * metrics.averageCharWidth()  # the cell's margins
        narrowest_name = 6 * metrics.averageCharWidth()

        def room(arrow: bool) -> int:
            for column in (0, 3):
                header.resizeSection(column, self._text_width(column, arrow))
            return (self.table.viewport().width() - header.sectionSize(0)
                    - header.sectionSize(3))

        # The sort arrow takes room too: in a narrow window (200 %) the roles get it
        # instead, and a click on a column title still sorts.
        arrow = room(True) - narrowest_name >= needed
        header.setSortIndicatorShown(arrow)
        space = room(arrow)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        if space // 2 >= needed:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(1, max(space - needed, narrowest_name))
            if space - narrowest_name <= widest:
                # Not even the longest role's room left (200 %, a long user name or
                # "deactivated" in the list): the list scrolls sideways rather than cut a
                # role to "Administr…".
                header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(2, needed)
        self.table.resizeRowsToContents()

    def _text_width(self, column: int, arrow: bool) -> int:
        """The column as wide as its widest cell or its title, and the sort arrow when
        `arrow` and sorted by it. (Qt's ResizeToContents made room for the arrow in every
        column, not only the sorted one: at 200 % that room was taken from the roles.)"""
        header = self.table.horizontalHeader()
        title = self.table.horizontalHeaderItem(column)
        metrics = header.fontMetrics()
        width = max(self.table.sizeHintForColumn(column),
                    metrics.horizontalAdvance(title.text() if title else "")
                    + 2 * metrics.averageCharWidth())
        if arrow and column == header.sortIndicatorSection():
            style = header.style()
            width += (style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize)
                      + 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin))
        return width

    def _arrange_panes(self) -> None:
        """The Selected user pane beside the list while the list keeps room for its four
        columns, under it in a narrow window (200 % on a laptop): beside it, the pane's
        role descriptions took the width and the Name column read "Ana Ch…"."""
        metrics = self.table.fontMetrics()
        margins = self.root_layout.contentsMargins()
        list_room = (self.width() - margins.left() - margins.right()
                     - self.scroll_area.verticalScrollBar().sizeHint().width()
                     - self.panes.spacing() - self.selected_box.minimumSizeHint().width())
        stacked = list_room < LIST_MIN_CHARS * metrics.averageCharWidth()
        direction = (QBoxLayout.Direction.TopToBottom if stacked
                     else QBoxLayout.Direction.LeftToRight)
        if self.panes.direction() != direction:
            self.panes.setDirection(direction)
            # Stacked, the list keeps a few rows' height (the content scrolls): squeezed
            # to the window's height it would show a row or two.
            self.list_pane.setMinimumHeight(LIST_MIN_LINES * metrics.lineSpacing()
                                            if stacked else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange_panes()
        # After the layout has given the table its new width.
        QTimer.singleShot(0, self, self._fit_roles)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ConflictError):
            # Changed by another administrator meanwhile: the list as it is now, and why.
            self._after_change(user_message(exc))(None)
            return
        self.status.setText(user_message(exc))

    def selected_username(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item else None

    def selected(self) -> users.UserInfo | None:
        name = self.selected_username()
        return next((u for u in self.users if u.username == name), None)

    def select(self, username: str) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item and item.text() == username:
                self.table.selectRow(r)
                return

    def _watch_lock_expiry(self, rows: list[users.UserInfo]) -> None:
        now = auth.utc(None)
        left = [(auth.parse_iso(u.locked_until) - now).total_seconds()
                for u in rows if u.locked_until]
        if left:  # a second late, so that the lock has surely run out when read
            self.lock_expiry.start(int(max(min(left), 0) * 1000) + 1000)
        else:
            self.lock_expiry.stop()

    def _selection_changed(self) -> None:
        user = self.selected()
        name = user.username if user is not None else None
        if name != self._shown_user:  # "Saved the roles of ada." is not about bob
            self._shown_user = name
            self.status.clear()
        # The login only: the full name is in the field right below, and a long one
        # would widen the pane's title beyond the pane at 200 %.
        self.selected_box.setTitle(f"Selected user: {user.username}" if user
                                   else "Selected user")
        for role, box in self.role_boxes.items():
            box.setChecked(bool(user and role in user.roles))
        self.name_edit.setText(user.display_name if user else "")
        self.name_error.show_message("")
        self._update_buttons()

    def unsaved_input(self) -> list[str]:
        """What is typed here and not saved, for Users → Sign out and Quit to list (a New
        user half entered went with the sign-out without a word)."""
        if not self.isVisible():
            return []
        out = []
        user = self.selected()
        if user is not None and self._typed_name() != user.display_name:
            out.append(f"the full name typed for {user.username} (Save full name)")
        if self.reset_password.text() or self.reset_confirmation.text():
            out.append("the password typed to reset (Reset password)")
        if any(edit.text().strip() for edit in (self.new_username, self.new_display_name,
                                                self.new_password, self.new_confirmation)):
            out.append("the new user being entered (Create user)")
        return out

    def _typed_name(self) -> str:
        """The full name as the service would store it (NFC, no spaces around it)."""
        return unicodedata.normalize("NFC", self.name_edit.text()).strip()

    def _update_buttons(self) -> None:
        """Enable what may be done to the selected user; say why the rest may not."""
        user = self.selected()
        reasons: list[str] = []
        if not self.may_manage:
            reasons.append(self._not_admin())
        elif user is None:
            reasons.append("Select a user to change their full name, roles, status or "
                           "password.")
        can = self.may_manage and user is not None
        is_last_admin = bool(user and user.username == self.last_admin)
        for role, box in self.role_boxes.items():
            box.setEnabled(can and not (role == "admin" and is_last_admin))
        for widget in (self.reset_button, self.reset_password, self.reset_confirmation,
                       self.name_edit):
            widget.setEnabled(can)
        name_changed = bool(user and self._typed_name() != user.display_name)
        self.save_name_button.setEnabled(can and name_changed)
        # Saving unchanged roles did nothing but say "Saved the roles of …".
        ticked = {role for role, box in self.role_boxes.items() if box.isChecked()}
        roles_changed = bool(user and ticked != set(user.roles))
        self.save_roles_button.setEnabled(can and roles_changed)
        # Alt+D / Alt+T, as every button of the dialog has its Alt key.
        self.active_button.setText("Reac&tivate" if user and not user.active else "&Deactivate")
        # Deactivating oneself signs one out at once, with no way back in until another
        # administrator reactivates the account: one click on one's own row did it.
        is_self = bool(user and user.active and user.username == self.actor.username)
        self.active_button.setEnabled(can and not is_last_admin and not is_self)
        self.unlock_button.setEnabled(bool(can and user and user.locked_until))
        # Each greyed-out control says why on hover too, not only in the text below them.
        general = reasons[0] if reasons else ""
        for control in (*self.role_boxes.values(), self.save_roles_button, self.active_button,
                        self.unlock_button, self.reset_password, self.reset_confirmation,
                        self.reset_button, self.name_edit, self.save_name_button):
            control.setToolTip(general)
        if is_last_admin and user is not None:
            # What to do next, not only what is refused: the way to hand over.
            text = (f"{_who(user)} is the last active administrator: they cannot be "
                    "deactivated or lose the administrator role. To hand over, select "
                    "another user, tick Administrator and Save roles first.")
            reasons.append(text)
            self.active_button.setToolTip(text)
            self.role_boxes["admin"].setToolTip(text)
        if can and is_self and not is_last_admin:
            text = ("You cannot deactivate your own account here: you would be signed out at "
                    "once. Another administrator can.")
            reasons.append(text)
            self.active_button.setToolTip(text)
        if can and user and not user.locked_until:
            self.unlock_button.setToolTip("This account is not locked out.")
        if can and not roles_changed:
            self.save_roles_button.setToolTip("Tick or clear a role above to change it.")
        if can and not name_changed:
            self.save_name_button.setToolTip("Change the full name beside it to save it.")
        self.why.setText("\n".join(reasons))

    def _set_busy(self, busy: bool) -> None:
        """Grey out the forms while a change is stored. The control in focus is greyed out
        with them, and Qt sent the focus on down the chain (to Close, where the next Enter
        closed the window): it comes back once the change is done."""
        if busy:
            self._focus_before_busy = self.focusWidget()
        self.selected_box.setEnabled(not busy)
        self.new_box.setEnabled(not busy and self.may_manage)
        if busy:
            self.status.setText("Saving…")
            return
        widget, self._focus_before_busy = self._focus_before_busy, None
        if (widget is not None and shiboken6.isValid(widget) and widget.isEnabled()
                and widget.isVisible()):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _after_change(self, message: str) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            self._set_busy(False)
            self.status.setText(message)
            self.changed.emit()
            self.refresh()

        return done

    # -- actions --------------------------------------------------------------------
    def save_roles(self) -> None:
        user = self.selected()
        if user is None:
            return
        roles = [r for r, box in self.role_boxes.items() if box.isChecked()]
        actor, name, shown = self.actor, user.username, user.roles
        saved = self._after_change(f"Saved the roles of {_who(user)}.")

        def done(result: Any) -> None:
            saved(result)
            # Save roles is greyed out again once saved: the focus goes to the list, not
            # on to Deactivate below it.
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

        self._set_busy(True)
        self.tasks.write(
            lambda session: users.set_roles(session, actor=actor, username=name, roles=roles,
                                            shown=shown),
            done, self._failed)

    def save_display_name(self) -> None:
        user = self.selected()
        if user is None:
            return
        actor, name, display = self.actor, user.username, self._typed_name()
        shown = user.display_name
        self.name_error.show_message("")
        saved = self._after_change(
            f"Saved the full name of {person_text(name, display)}.")

        def failed(exc: BaseException) -> None:
            problem = _problems_by_field(exc).get("display_name")
            if problem is None:
                self._failed(exc)
                return
            self._set_busy(False)
            self.status.clear()
            self.name_error.show_message(f"Full name {problem}")
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

        self._set_busy(True)
        self.tasks.write(
            lambda session: users.set_display_name(session, actor=actor, username=name,
                                                   display_name=display, shown=shown),
            saved, failed)

    def toggle_active(self) -> None:
        """Reactivate at once; deactivate once confirmed, with the reason (the button sits
        under Save roles, and one click signed a colleague out mid-work, saying why to
        nobody)."""
        user = self.selected()
        if user is None:
            return
        if user.active:
            self.confirm_deactivation(user)
        else:
            self._set_active(user.username, active=True, reason="", who=_who(user))

    def confirm_deactivation(self, user: users.UserInfo) -> ConfirmChange:
        text = (f"Deactivate {_who(user)}? They are signed out of Approvals within seconds and "
                "cannot sign in until an administrator reactivates the account; their name "
                "stays on everything they did. Give the reason: it is recorded in the audit "
                "trail.")
        dialog = ConfirmChange(self, title="Deactivate a user", text=text,
                               action="&Deactivate", object_name="deactivateUserConfirm",
                               reason=True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name = user.username
        self.confirm_dialog = dialog
        who = _who(user)
        return dialog.ask(lambda reason: self._set_active(name, active=False, reason=reason,
                                                          who=who))

    def _set_active(self, name: str, *, active: bool, reason: str, who: str) -> None:
        actor = self.actor
        fn = users.reactivate_user if active else users.deactivate_user
        word = "Reactivated" if active else "Deactivated"
        self._set_busy(True)
        self.tasks.write(lambda session: fn(session, actor=actor, username=name, reason=reason),
                          self._after_change(f"{word} {who}."), self._failed)

    def unlock_user(self) -> None:
        user = self.selected()
        if user is None:
            return
        actor, name = self.actor, user.username
        self._set_busy(True)
        self.tasks.write(lambda session: users.unlock_user(session, actor=actor, username=name),
                          self._after_change(f"Lifted the lock-out of {_who(user)}."),
                          self._failed)

    def do_reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        password = self.reset_password.text()
        bad, mismatch = _local_password_problem(password, self.reset_confirmation.text())
        self.reset_error.show_message(f"Password {bad}" if bad else
                                      (f"Confirmation {mismatch}" if mismatch else ""))
        if bad or mismatch:
            return
        actor, name = self.actor, user.username
        # The reset lifts a lock-out too (the Status column just stops saying "locked"),
        # and the officer needs to know what comes next.
        lifted = "; their lock-out is lifted" if user.locked_until else ""
        own, who = name == actor.username, _who(user)
        next_step = ("" if own else
                     " Give it to them in person: when they next sign in with it, they "
                     "choose a new password of their own.")

        def done(stamp: str) -> None:
            self.reset_password.clear()
            self.reset_confirmation.clear()
            if stamp:
                self.own_password_reset.emit(stamp)
            self._after_change(f"Set a new password for {who}{lifted}.{next_step}")(stamp)

        def work(session: Any) -> str:
            users.reset_password(session, actor=actor, username=name, new_password=password)
            # Read in the same unit of work as the reset, so no later change slips between.
            return auth.current_stamp(session, actor.username) if own else ""

        def failed(exc: BaseException) -> None:
            # The rules only the service can check (not the user's name or full name with
            # digits added) were said at the foot as "new_password: must not be …", the
            # cursor left on Reset password; said under the field like the others.
            refused = _problems_by_field(exc).get("new_password")
            if refused is None:
                self._failed(exc)
                return
            self._set_busy(False)
            self.status.setText("")
            self.reset_error.show_message(f"Password {refused}")
            self.reset_password.setFocus(Qt.FocusReason.OtherFocusReason)
            self.reset_password.selectAll()

        self._set_busy(True)
        self.tasks.write(work, done, failed)

    def _new_user_problems(self) -> dict[str, str]:
        return _new_user_problems(
            self.new_username.text().strip(), self.new_display_name.text(),
            self.new_password.text(), self.new_confirmation.text(),
            [r for r, box in self.new_role_boxes.items() if box.isChecked()])

    def _new_user_fields(self) -> list[tuple[str, QWidget]]:
        return [("username", self.new_username), ("display_name", self.new_display_name),
                ("password", self.new_password), ("confirmation", self.new_confirmation),
                ("roles", next(iter(self.new_role_boxes.values())))]

    def create_user(self) -> None:
        for error in self.new_errors.values():
            error.show_message("")
        password = self.new_password.text()
        actor = self.actor
        name = self.new_username.text().strip()
        display = self.new_display_name.text()
        roles = [r for r, box in self.new_role_boxes.items() if box.isChecked()]
        problems = self._new_user_problems()
        for field, text in problems.items():
            self.new_errors.get(field, self.new_errors[""]).show_message(text)
        if problems:
            _focus_first_problem(problems, self._new_user_fields())
            return

        def done(info: users.UserInfo) -> None:
            for edit in (self.new_username, self.new_display_name, self.new_password,
                         self.new_confirmation):
                edit.clear()
            for box in self.new_role_boxes.values():
                box.setChecked(False)
            self._created = info.username  # selected and in view once the list is read
            # The administrator hands the password over knowing it is for one use only.
            self._after_change(f"Created user {_who(info)}. They choose their own password "
                               "at the first sign-in.")(info)
            self._read_demo_people()
            self.new_username.setFocus(Qt.FocusReason.OtherFocusReason)  # ready for the next

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.status.setText("")
            problems = _problems_by_field(exc)
            for field, text in problems.items():
                self.new_errors.get(field, self.new_errors[""]).show_message(text)
            _focus_first_problem(problems, self._new_user_fields())

        self._set_busy(True)
        self.tasks.write(
            lambda session: users.create_user(session, actor=actor, username=name,
                                              password=password, roles=roles,
                                              display_name=display),
            done, failed,
        )


# --- own password -----------------------------------------------------------------------


def _old_password_problem(result: auth.SignInResult) -> str:
    """What the change-password dialog says under "Current password" after a refusal."""
    if result.status == "wrong" and result.attempts_left is not None:
        left = result.attempts_left
        return (f"is not the current password; {left} more {'try' if left == 1 else 'tries'} "
                f"before the account is locked for {int(auth.LOCKOUT.total_seconds() // 60)} "
                "minutes")
    return result.message


class ChangePasswordDialog(PaletteDialog):
    """Anybody changes their own password, knowing the current one."""

    changed = Signal()
    password_changed = Signal(str)  # the new password stamp (auth.session_stamp)

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed dialog are dropped
        self.actor = actor
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle("Change my password")
        install_context_help(self, SIGN_IN_HELP)  # the password rules are there
        self.old = _password_edit("oldPassword")
        self.new = _password_edit("newPassword", PASSWORD_PLACEHOLDER)
        self.confirmation = _password_edit("confirmation")
        self.errors = {"old_password": FieldError("oldPasswordError"),
                       "new_password": FieldError("newPasswordError"),
                       "confirmation": FieldError("confirmationError"),
                       "": FieldError("formError")}
        self.caps_lock_hint = CapsLockHint(self.old, self.new, self.confirmation)
        form = QFormLayout()
        form.addRow("C&urrent password", _with_error(self.old, self.errors["old_password"]))
        form.addRow("&New password", _with_error(self.new, self.errors["new_password"]))
        form.addRow("New password &again",
                    _with_error(self.confirmation, self.errors["confirmation"]))
        _name_fields_by_label(form)
        form.addRow("", self.caps_lock_hint)
        buttons, self.save_button = dialog_buttons(
            self, "&Change password", self.submit, object_name="changePasswordButton", cancel_text="Cancel")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors[""])
        layout.addLayout(buttons)

    def unsaved_input(self) -> list[str]:
        """A new password typed and not saved, for Users → Sign out and Quit to list."""
        if not self.isVisible() or not any(e.text() for e in (self.old, self.new,
                                                             self.confirmation)):
            return []
        return ["the new password being entered (Change password)"]

    def submit(self) -> None:
        for error in self.errors.values():
            error.show_message("")
        old, new = self.old.text(), self.new.text()
        bad, mismatch = _local_password_problem(new, self.confirmation.text())
        problems = {field: text for field, text in (
            # Checked here: sent empty, it counted as one of the five wrong passwords
            # before the lock-out.
            ("old_password", "" if old else "is required: the password you signed in with"),
            ("new_password", bad), ("confirmation", "" if bad else mismatch)) if text}
        for field, text in problems.items():
            self.errors[field].show_message(text)
        if problems:
            _focus_first_problem(problems, [("old_password", self.old),
                                            ("new_password", self.new),
                                            ("confirmation", self.confirmation)])
            return
        actor = self.actor
        _wait(self.save_button, "Checking the current password…")

        def done(outcome: tuple[auth.SignInResult, str]) -> None:
            result, stamp = outcome
            _wait(self.save_button)
            if not result.ok:
                self.errors["old_password"].show_message(_old_password_problem(result))
                self.old.clear()
                self.old.setFocus()
                return
            for edit in (self.old, self.new, self.confirmation):
                edit.clear()
            self.password_changed.emit(stamp)
            self.changed.emit()
            self.accept()

        def failed(exc: BaseException) -> None:
            _wait(self.save_button)
            problems = _problems_by_field(exc)
            for field, text in problems.items():
                self.errors.get(field, self.errors[""]).show_message(text)
            # To the field to fix (the name rule is checked by the service): the cursor
            # stayed in New password again, below it.
            _focus_first_problem(problems, [("old_password", self.old),
                                            ("new_password", self.new),
                                            ("confirmation", self.confirmation)])

        def work(session: Any) -> tuple[auth.SignInResult, str]:
            # The current password is checked like a sign-in, so wrong guesses count
            # towards the lock-out (and that count is committed): this dialog is no way to
            # try passwords without limit at a colleague's unlocked desk.
            check = auth.sign_in(session, username=actor.username, password=old,
                                 purpose="password change")
            if not check.ok:
                return check, ""
            return check, auth.change_own_password(session, actor=actor, old_password=old,
                                                   new_password=new)

        self.tasks.write(work, done, failed)


# --- security settings ------------------------------------------------------------------


class SecuritySettingsDialog(QDialog):
    """Idle timeout, solo mode and how many daily backups are kept; administrators only."""

    saved = Signal(object)  # auth.SecuritySettings

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed dialog are dropped
        self.actor = actor
        self.setObjectName("securitySettingsDialog")
        self.setWindowTitle("Security settings")
        install_context_help(self, SETTINGS_HELP)
        self.may_change = allowed(actor.roles, "settings.manage")
        self.loaded: auth.SecuritySettings | None = None
        self.loaded_keep: int | None = None
        self.saving = False
        self._focus_back: QWidget | None = None  # see _set_enabled
        # Escape, Close or the close box with a setting changed asks first: a new number
        # of backups to keep went with one Escape, unsaved and unsaid (see reject).
        self.discard_box: QMessageBox | None = None

        self.idle = QSpinBox()
        self.idle.setObjectName("idleTimeout")
        self.idle.setRange(1, auth.MAX_IDLE_TIMEOUT_MINUTES)
        self.idle.setSuffix(" minutes")
        self.idle.setAccessibleName("Lock the window after (minutes)")
        self.idle.valueChanged.connect(self._unit)
        self.solo = QCheckBox("S&olo mode: one person may approve their own work")
        self.solo.setObjectName("soloMode")
        solo_help = self.solo_help = QLabel(
            "For a one-person office only. Every self-approval is then marked in the audit "
            "trail and printed on the filing. Leave it off when a second person can sign off."
        )
        solo_help.setWordWrap(True)
        # Solo mode left on once a second person can approve: nothing else says so, and
        # every self-approval from then on is one four-eyes would have refused.
        self.solo_hint = QLabel()
        self.solo_hint.setObjectName("soloModeNotNeeded")
        self.solo_hint.setWordWrap(True)
        self.solo_hint.hide()
        self.approvers: list[str] = []  # the active people who may approve, in words
        # Until now only `approvals backup --keep N` set it: an administrator in the app
        # could neither see nor change how many automatic backups are kept.
        self.keep = QSpinBox()
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, backup_service.MAX_KEEP)  # what the service keeps at most
        self.keep.setAccessibleName("Daily automatic backups to keep")
        self.keep.setToolTip("The app makes an automatic backup each day in the backups folder "
                             "of its data folder and removes the oldest beyond this number.")
        self.keep.valueChanged.connect(
            lambda n: self.keep.setSuffix(" backup" if n == 1 else " backups"))
        foot = save_controls(self, self.save, reason_name="settingsReason",
                             message_name="settingsMessage", save_name="saveSettingsButton")
        self.reason, self.message, self.save_button = foot.reason, foot.message, foot.save_button
        self.save_button.setText("&Save")  # Alt+S: the dialog's other controls have keys
        # Solo mode switched on without a reason: said under Reason ("reason: say why …"
        # stood at the foot of the dialog, under the backups, the cursor left elsewhere).
        self.reason_error = FieldError("settingsReasonError")
        form = QFormLayout()
        form.addRow("&Lock the window after", self.idle)
        form.addRow(self.solo)
        form.addRow(solo_help)
        form.addRow(self.solo_hint)
        reason_box = _with_error(self.reason, self.reason_error)
        form.addRow("&Reason", reason_box)
        form.addRow("Daily backups to &keep", self.keep)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(foot.buttons)
        # A change made after "Saved." (or after a refusal) makes that message old news.
        # Alt+O ticks the box 100 ms late (Qt animates the click): Enter right after it
        # saved the settings as they were, and "Saved." stood beside a box ticked but not
        # saved.
        for changed in (self.idle.valueChanged, self.solo.toggled, self.reason.textChanged,
                        self.keep.valueChanged):
            changed.connect(self._input_changed)
        for changed in (self.solo.toggled, self.reason.textChanged):
            changed.connect(lambda *_: self.reason_error.show_message(""))
        self.solo.toggled.connect(self._solo_needed)
        reason_label = form.labelForField(reason_box)
        if isinstance(reason_label, QLabel):  # Alt+R to the field, not to its box
            reason_label.setBuddy(self.reason)
        self._set_enabled(False)
        self._read()

    def _solo_needed(self, *_args: Any) -> None:
        """Under the solo-mode box while it is ticked: who else may approve, when a second
        person can sign off (an administrator or approver besides the first)."""
        shown = self.solo.isChecked() and len(self.approvers) > 1
        if shown:
            many = len(self.approvers) > 3  # an office's whole list would fill the dialog
            who = and_joined([*self.approvers[:2], f"{len(self.approvers) - 2} others"]
                             if many else self.approvers)
            self.solo_hint.setText(
                f"{who} may approve: a second person can sign off, "
                "so solo mode is not needed. Untick it and Save, and every approval needs "
                "two people again.")
            _remember_height(self)
        self.solo_hint.setVisible(shown)
        # Taller for the line while it shows (the layout squeezed the words over each
        # other), the height given back when it goes.
        _grow_to_fit(self) if shown else _shrink_back(self)

    def _input_changed(self, *_args: Any) -> None:
        if self.loaded is not None and not self.saving and self.may_change:
            self.message.clear()

    def _read(self) -> None:
        def work(session: Any) -> tuple[auth.SecuritySettings, int, list[str]]:
            approvers = [_who(u) for u in users.list_users(session)
                         if u.active and {"approver", "admin"} & set(u.roles)]
            return (auth.get_security_settings(session), backup_service.backup_keep(session),
                    approvers)

        self.tasks.read(work, self._loaded, lambda exc: self._say(user_message(exc)))

    def _loaded(self, values: tuple[auth.SecuritySettings, int, list[str]]) -> None:
        settings, self.loaded_keep, self.approvers = values
        self.keep.setValue(self.loaded_keep)
        self.keep.setSuffix(" backup" if self.loaded_keep == 1 else " backups")
        self._show(settings)

    def showEvent(self, event: QShowEvent) -> None:
        # Users → Security settings… shows the dialog kept from its first opening: read the
        # settings again (another administrator, a restore or `approvals backup --keep` may
        # have changed them), and drop the last opening's "Saved.".
        super().showEvent(event)
        if not event.spontaneous() and self.loaded is not None and not self.saving:
            self.message.clear()
            self._read()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Close is the default button (Enter in the reason field must not save it half
        # typed), so Enter after typing a new timeout closed the dialog and dropped it.
        # Enter in a number saves; anywhere else it moves on to Save; it never closes.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.save_button.isEnabled():
                if self.idle.hasFocus() or self.keep.hasFocus():
                    self.save()
                else:
                    self.save_button.setFocus(Qt.FocusReason.TabFocusReason)
            event.accept()
            return
        super().keyPressEvent(event)

    def changed_settings(self) -> list[str]:
        """The settings shown otherwise than as read or last saved, in the dialog's words.
        The reason alone is not one: without a changed setting Save stores nothing."""
        before, keep_before = self.loaded, self.loaded_keep
        # Still loading: nothing typed over it. Saving: it is being stored, not dropped.
        if before is None or keep_before is None or self.saving:
            return []
        changed = [("the idle timeout", self.idle.value() != before.idle_timeout_minutes),
                   ("solo mode", self.solo.isChecked() != before.solo_mode),
                   ("the daily backups to keep", self.keep.value() != keep_before)]
        return [what for what, differs in changed if differs]

    def unsaved_input(self) -> list[str]:
        """Listed by Users → Sign out (it asks about every window with unsaved input)."""
        if not self.isVisible():
            return []
        return [f"the change to {what} (Save)" for what in self.changed_settings()]

    def discard_on_close(self) -> None:
        """Back to the settings as stored: Discard was the answer (here or at Sign out),
        and the kept dialog must not show the dropped change on its next opening."""
        if self.loaded is not None and self.loaded_keep is not None:
            self.keep.setValue(self.loaded_keep)
            self._show(self.loaded)
        self.reason.clear()
        self.reason_error.show_message("")
        self.message.clear()

    def reject(self) -> None:
        # Escape, Close and the close box all come here (QDialog's closeEvent calls it).
        changed = self.changed_settings() if self.isVisible() else []
        if not changed:
            super().reject()
            return
        if self.discard_box is not None and self.discard_box.isVisible():
            return  # asked already (Escape twice): one question at a time
        question = (f"Discard the unsaved change{'s' if len(changed) > 1 else ''} to "
                    f"{and_joined(changed)}?\n\nCancel keeps the dialog open, to save first.")

        def discard() -> None:
            self.discard_on_close()
            super(SecuritySettingsDialog, self).reject()

        self.discard_box = ask_to_discard(self, "Unsaved settings", question,
                                          "discardSecuritySettings", discard)

    def _unit(self, minutes: int) -> None:
        self.idle.setSuffix(" minute" if minutes == 1 else " minutes")

    def _say(self, text: str) -> None:
        """Show `text` under the form, the dialog taller if it needs the room: it kept its
        height, and a two-line refusal ("reason: say why …") was drawn over the solo-mode
        explanation and the Reason field."""
        self.message.setText(text)
        _grow_to_fit(self)

    def _set_enabled(self, enabled: bool) -> None:
        why = ("" if self.may_change and enabled
               else "Loading the settings…" if self.loaded is None and self.may_change
               else "Saving…" if self.may_change
               else f"Only an administrator can {PERMISSION_LABELS['settings.manage']}; "
                    f"{self.actor.username} is not one.")
        widgets = (self.idle, self.solo, self.reason, self.keep, self.save_button)
        # Greyed out while a save runs, the field with the keyboard handed it on to Close,
        # and kept it there: the next Enter closed the dialog. It gets it back.
        focused = next((w for w in widgets if w.hasFocus()), None)
        if focused is not None and not enabled:
            self._focus_back = focused
        for widget in widgets:
            widget.setEnabled(enabled and self.may_change)
            widget.setToolTip(why)
        back, current = self._focus_back, QApplication.focusWidget()
        if enabled and back is not None and back.isEnabled():
            self._focus_back = None
            if current is not None and self.isAncestorOf(current) and current not in widgets:
                back.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_actor(self, actor: Actor) -> None:
        """The signed-in user's roles changed since the dialog opened."""
        self.actor = actor
        self.may_change = allowed(actor.roles, "settings.manage")
        if self.loaded is not None:
            self.message.clear()
            self._show(self.loaded)

    def _show(self, settings: auth.SecuritySettings) -> None:
        self.loaded = settings
        self.idle.setValue(settings.idle_timeout_minutes)
        # Set here too: a stored 1 is the box's starting value, so valueChanged never
        # came and it read "1 minutes".
        self._unit(settings.idle_timeout_minutes)
        self.solo.setChecked(settings.solo_mode)
        self._set_enabled(True)
        self._solo_needed()
        if not self.may_change:
            self._say(
                f"Only an administrator can {PERMISSION_LABELS['settings.manage']}; "
                f"{self.actor.username} is not one."
            )

    def save(self) -> None:
        if self.loaded is None:
            return
        actor, minutes, solo = self.actor, self.idle.value(), self.solo.isChecked()
        reason = self.reason.text().strip()
        keep, keep_before = self.keep.value(), self.loaded_keep
        before = self.loaded
        if (minutes, solo, keep) == (before.idle_timeout_minutes, before.solo_mode,
                                     keep_before):
            # Not "Saved.": nothing was, and the officer may think a change went in.
            self._say("Nothing to save: no setting was changed.")
            return

        def work(session: Any) -> auth.SecuritySettings:
            # One unit of work: a refused change (solo mode without a reason) saves none.
            result = before
            if minutes != before.idle_timeout_minutes:
                result = auth.set_idle_timeout(session, actor=actor, minutes=minutes)
            if solo != before.solo_mode:
                result = auth.set_solo_mode(session, actor=actor, enabled=solo, reason=reason)
            if keep != keep_before:
                backup_service.set_backup_keep(session, keep=keep, actor=actor)
            return result

        def done(settings: auth.SecuritySettings) -> None:
            self.saving = False
            self.loaded, self.loaded_keep = settings, keep
            self._set_enabled(True)
            if solo != before.solo_mode:
                # Recorded with this change: switching back in the same window went in
                # with the reason for switching on ("one-person office" for turning it off).
                self.reason.clear()
            self._say("Saved.")
            self.saved.emit(settings)

        def failed(exc: BaseException) -> None:
            self.saving = False
            self._set_enabled(True)
            why = _problems_by_field(exc).get("reason")
            if why is None:
                self._say(user_message(exc))
                return
            self.reason_error.show_message(why)
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
            # The timeout and backups were not saved either (one unit of work): said here.
            self._say("Nothing was saved, the other settings included: solo mode needs a "
                      "reason — say why one person may approve their own work under Reason.")

        self.saving = True
        self._set_enabled(False)
        self._say("Saving…")
        self.tasks.write(work, done, failed)


# --- wiring into the main window --------------------------------------------------------


# How often a running session looks at its user again (one short read of one row): an
# administrator's change made in another app on the same data folder shows within this.
SESSION_CHECK_MS = 10_000


# Rich text, so that the tooltip wraps (as one plain line it ran across the screen).
SOLO_MODE_TIP = ("<p><b>Solo mode is on</b> for everybody using this data folder: a person "
                 "may approve their own work, with no second person signing off.</p>"
                 "<p>Every self-approval is marked in the audit trail and printed on the "
                 "filing. An administrator turns solo mode off under Users → Security "
                 "settings… once a second person can approve.</p>")
SOLO_MODE_DESCRIPTION = ("Solo mode is on: a person may approve their own work; every "
                         "self-approval is marked in the audit trail and on the filing.")
# The reason a `user.signed_out` event gives when the user ended the session; when the
# app signs a user out (account deactivated, password changed) its reason says why.
SIGNED_OUT_FROM_MENU = "Users → Sign out"
SIGNED_OUT_AT_LOCK = "Sign out on the lock screen"
QUIT = "quit the app"
# A status-bar message is cut off, not wrapped: the longest of these that fits left of
# "Signed in as …" (and the deadlines) is shown. At 200 % on a 1366×768 screen the first
# was cut to "… (approvals" beside a long name, the reason lost and the text ending mid-word.
ALONE_HINTS = (
    "You are the only user: add colleagues under Users → Users… (approvals need a second "
    "person).",
    "Add colleagues under Users → Users… (approvals need two people).",
    "Add colleagues under Users → Users…",
)
ALONE_HINT = ALONE_HINTS[0]
ALONE_HINT_MS = 120_000  # long enough to read, gone before it is wallpaper

PASSWORD_CHANGED = ("Your password was changed: use the new one from now on (your other "
                    "open Approvals windows sign out).")


def message_room(bar: QStatusBar) -> int:
    """The width `bar` draws a temporary message in: up to the permanent widgets ("Signed
    in as …"), as QStatusBar's own message rectangle (main_window.message_rect, which the
    window's own bar cuts long messages to). Call it while a message shows."""
    return message_rect(bar).width()


class AloneHint(QObject):
    """The only-user hint in a status bar, in the longest wording of ALONE_HINTS that fits
    its room; worded again when the bar is resized while it shows. For its ALONE_HINT_MS
    it gives way to other messages and comes back when they go: on a new data folder
    "Today's automatic backup was made." replaced it for good, and so did a look into a
    menu (its entries clear the bar)."""

    # Back after another message only with this much of its time left, not for a blink.
    RETURN_MS = 3_000

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self._until = QDeadlineTimer()
        bar.installEventFilter(self)
        bar.messageChanged.connect(self._message_changed)

    def show(self) -> None:
        self._until = QDeadlineTimer(ALONE_HINT_MS)
        if not self.bar.currentMessage():  # else once the message there goes
            self._fit()

    def _message_changed(self, text: str) -> None:
        if not text and self._until.remainingTime() > self.RETURN_MS:
            # After the change is done (a menu's entries clear the bar one after another).
            QTimer.singleShot(0, self, self._back_if_free)

    def _back_if_free(self) -> None:
        if not self.bar.currentMessage() and self._until.remainingTime() > self.RETURN_MS:
            self._fit()

    def showing(self) -> bool:
        return self.bar.currentMessage() in ALONE_HINTS

    def pending(self) -> bool:
        """Shown, or to come back after another message, for some of its time yet."""
        return self._until.remainingTime() > 0

    def withdraw(self) -> None:
        """Take the hint away (a colleague was added): it went on saying "You are the only
        user" for its two minutes."""
        self._until = QDeadlineTimer()
        if self.showing():
            self.bar.clearMessage()

    def _fit(self) -> None:
        left = self._until.remainingTime()
        if left <= 0:
            return
        if not self.bar.isVisible():  # no room to measure yet: fitted when it shows
            self.bar.showMessage(ALONE_HINTS[0], left)
            return
        if not self.showing():  # first shown: the room is known once its widgets hide
            self.bar.showMessage(ALONE_HINTS[-1], left)
        room = message_room(self.bar)
        metrics = self.bar.fontMetrics()
        fitting = next((text for text in ALONE_HINTS
                        if metrics.horizontalAdvance(text) <= room), ALONE_HINTS[-1])
        if self.bar.currentMessage() != fitting:
            self.bar.showMessage(fitting, left)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A resize, or a permanent widget shown, hidden or reworded ("Loading cases…" gone
        # once the list is read): the room changed with the bar's width unchanged, and the
        # short wording chosen while the busy label showed had stayed for good.
        if watched is self.bar and self.showing() and event.type() in (
                QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            # Once the layout has moved the permanent widgets.
            QTimer.singleShot(0, self, self._fit_if_showing)
        return False

    def _fit_if_showing(self) -> None:
        if self.showing():
            self._fit()


class UserFeatures(QObject):
    """The Users menu, the idle lock and the dialogs of one main window, and the watch
    over the signed-in session: every SESSION_CHECK_MS, when the app comes back to the
    front and after a change in Users…, the user is read again (`auth.check_session`).
    Deactivated, or the password changed since this sign-in (an administrator's reset,
    or a change in another window): the window signs out and the sign-in dialog says why.
    Other roles: the window, its case views, review-mode windows and dialogs go by them
    at once, a role granted included (the services check each call against the database
    anyway). Review-mode windows coming to the front ask for a check too (ui.review)."""

    def __init__(self, window: QMainWindow, runner: TaskRunner, actor: Actor,
                 timeout_ms: int | None = None, check_ms: int = SESSION_CHECK_MS,
                 stamp: str = "") -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed window are dropped
        self.actor = actor
        # The password stamp of the sign-in that opened this window (SignedIn.stamp). A
        # window made without the sign-in dialog (tests, scripts) takes it as it is now.
        self.stamp = stamp
        if not self.stamp:
            username = actor.username
            self.tasks.read(lambda session: auth.current_stamp(session, username),
                            self._first_stamp,
                            lambda exc: log.warning("password stamp not read: %s", exc))
        self.idle_lock = IdleLock(
            runner, actor,
            timeout_ms if timeout_ms is not None
            else auth.DEFAULT_IDLE_TIMEOUT_MINUTES * 60_000,
            self,
        )
        # Solo mode lets one person approve their own work, for the whole office: the
        # status bar says so while it is on (only Security settings… showed it), so that
        # nobody signs off alone without knowing it is marked as a self-approval.
        self.solo_label = QLabel("Solo mode")
        self.solo_label.setObjectName("soloModeIndicator")
        self.solo_label.setToolTip(SOLO_MODE_TIP)
        self.solo_label.setAccessibleName("Solo mode is on")
        self.solo_label.setAccessibleDescription(SOLO_MODE_DESCRIPTION)
        bold = self.solo_label.font()
        bold.setBold(True)  # not read as part of "Signed in as …" beside it
        self.solo_label.setFont(bold)
        # Framed as a tag, or beside it read "Solo mode Signed in as Ada Wong".
        self.solo_label.setFrameShape(QFrame.Shape.Box)
        self.solo_label.setMargin(1)
        # Air beside the words by width, not by contents margins: a QFrame draws its frame
        # around its contents rectangle, so margins of (4, 0, 4, 0) put the box's top and
        # bottom lines outside the label, and the tag showed as "|Solo mode|".
        self.solo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.solo_label.setMinimumWidth(self.solo_label.sizeHint().width()
                                        + 2 * self.solo_label.fontMetrics().averageCharWidth())
        self.solo_label.setVisible(False)
        self._place_solo_label(window.statusBar())
        self.alone_hint = AloneHint(window.statusBar())
        # The hint, a status-bar message, hides the case count ("3 of 14 cases shown")
        # beside it: once the officer filters the list, the count they filter by is what
        # the bar shows, and the hint goes for good (it is in the README and Users… too).
        for name, signal in (("filter_edit", "textChanged"),
                             ("status_filter", "currentIndexChanged"),
                             ("regime_filter", "currentIndexChanged")):
            control = getattr(window, name, None)
            if control is not None:
                getattr(control, signal).connect(lambda *_args: self.alone_hint.withdraw())
        # The configured timeout, once read and whenever an administrator changes it.
        self.follow_timeout = timeout_ms is None

        def settings_read(settings: auth.SecuritySettings) -> None:
            if self.follow_timeout:
                self.idle_lock.set_timeout_minutes(settings.idle_timeout_minutes)
            self.show_solo_mode(settings.solo_mode)
            if not settings.solo_mode:
                self.tasks.read(users.list_users, self._hint_if_alone,
                                lambda exc: log.info("users not read: %s", exc))

        self.tasks.read(auth.get_security_settings, settings_read,
                        lambda exc: log.warning("security settings not read: %s", exc))
        self.dialogs: dict[str, QDialog] = {}
        self.signed_out = False
        self.notice = ""  # for the next sign-in dialog when the app signed this user out
        # Set by a restore before it re-checks the session: a sign-out that check makes is
        # the restore's doing (the backup's password or account), said so, with the restore.
        self.restored_notice = ""
        # Quitting ends the session too: the audit trail showed a sign-in and then nothing.
        # (run_gui waits for the runner's writes after the event loop, so it is stored.)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._quitting)
        self._quit_recorded = False
        self.folder_gone_box: QMessageBox | None = None  # told once, until it is back
        # The reason goes into the audit trail: signed out on the lock screen, someone else
        # was at the desk.
        self.idle_lock.sign_out_requested.connect(
            lambda: self.sign_out(reason=SIGNED_OUT_AT_LOCK))
        runner.account_revoked.connect(self._account_revoked)  # a method: dropped on close

        bar = window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        menu = QMenu("&Users", window)
        menu.setObjectName("usersMenu")
        # Before Help, where people look for it; at the end when there is no Help menu.
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        self.menu = menu
        menu.setToolTipsVisible(True)
        self.users_action = QAction("&Users…", window)
        self.users_action.setObjectName("manageUsersAction")
        self.users_action.triggered.connect(lambda _c=False: self.open_users())
        self.settings_action = QAction("&Security settings…", window)
        self.settings_action.setObjectName("securitySettingsAction")
        self.settings_action.triggered.connect(lambda _c=False: self.open_settings())
        self.password_action = QAction("&Change my password…", window)
        self.password_action.setObjectName("changePasswordAction")
        self.password_action.triggered.connect(lambda _c=False: self.open_change_password())
        self.lock_action = QAction("&Lock now", window)
        self.lock_action.setObjectName("lockNowAction")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        # In every window of the app, not only the main one: in a case window Ctrl+L did
        # nothing, and the password typed to unlock went into the comment being written,
        # in clear text.
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(lambda _c=False: self.idle_lock.lock(manual=True))
        self.idle_lock.lock_key = self.lock_action.shortcut()
        # Four-eyes work on one workstation: the approver takes over without a restart.
        self.sign_out_action = QAction("Sign &out", window)
        self.sign_out_action.setObjectName("signOutAction")
        self.sign_out_action.triggered.connect(lambda _c=False: self.request_sign_out())
        self._update_admin_actions()
        menu.addActions([self.users_action, self.settings_action])
        menu.addSeparator()
        menu.addActions([self.password_action, self.lock_action, self.sign_out_action])
        window.addAction(self.lock_action)
        roles_changed = getattr(window, "roles_changed", None)
        if roles_changed is not None:  # an administrator changed this user's roles
            roles_changed.connect(self._roles_changed)

        self.session_timer = QTimer(self)
        self.session_timer.setObjectName("sessionCheckTimer")
        self.session_timer.setInterval(check_ms)
        self.session_timer.timeout.connect(self.check_session)
        self.session_timer.start()
        app = QApplication.instance()
        if isinstance(app, QApplication):  # back from another program (another app window)
            app.applicationStateChanged.connect(self._application_state)

    # -- the session watch -----------------------------------------------------------
    def _place_solo_label(self, bar: QStatusBar) -> None:
        """Right before "Signed in as …", where an officer looks to see who acts: added
        after it, the indicator sat alone in the far corner of the status bar. (A status
        bar has no "insert before": the signed-in label is taken out and put back after.)"""
        signed_in = bar.findChild(QWidget, "signedInLabel")
        bar.addPermanentWidget(self.solo_label)
        if signed_in is not None:
            shown = not signed_in.isHidden()
            bar.removeWidget(signed_in)  # which hides it
            bar.addPermanentWidget(signed_in)
            signed_in.setVisible(shown)

    def _hint_if_alone(self, rows: list[users.UserInfo]) -> None:
        """After first start the administrator is the only user, with every role, and the
        first approval they try is refused (four-eyes) with nobody to ask: the status bar
        says what to do first."""
        active = [u.username for u in rows if u.active]
        if active == [self.actor.username] and not self.signed_out:
            self.alone_hint.show()

    def _withdraw_alone_hint(self) -> None:
        """After a change in Users…: no longer alone (a user created or reactivated), the
        only-user hint goes (also while another message has it waiting)."""
        if not self.alone_hint.pending():
            return

        def read(rows: list[users.UserInfo]) -> None:
            if [u.username for u in rows if u.active] != [self.actor.username]:
                self.alone_hint.withdraw()

        self.tasks.read(users.list_users, read,
                        lambda exc: log.info("users not read: %s", exc))

    def _quitting(self) -> None:
        """The app is quitting with this user signed in (File → Quit, the window closed):
        recorded as a sign-out. Not after a sign-out, which recorded its own."""
        if self.signed_out or self._quit_recorded:
            return
        self._quit_recorded = True
        actor = self.actor
        self.runner.write(lambda session: auth.sign_out(session, actor=actor, reason=QUIT),
                          None, lambda exc: log.warning("quit not recorded: %s", exc))

    def _first_stamp(self, stamp: str) -> None:
        if not self.stamp:
            self.stamp = stamp

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check_session()

    def check_session(self) -> None:
        """Read this session's user again, off the GUI thread, and act on what changed;
        and whether solo mode is on (another administrator may have changed it)."""
        if self.signed_out:
            return
        actor, stamp = self.actor, self.stamp
        self.tasks.read(lambda session: auth.check_session(session, actor=actor, stamp=stamp),
                        self._session_checked,
                        lambda exc: log.info("session not re-checked: %s", exc))
        # The data folder moved or deleted while open: every save is refused from then on
        # (Database.refuse_if_gone), but what the window shows stayed as if all were well
        # until the next save failed. Said once at the next check, again only after it
        # came back and went once more.
        db = self.runner.db
        self.tasks.run(lambda _progress: db.refuse_if_gone(), self._folder_there,
                       self._folder_gone)
        self.tasks.read(auth.get_security_settings, self._settings_reread,
                        lambda exc: log.info("security settings not re-read: %s", exc))

    def _settings_reread(self, settings: auth.SecuritySettings) -> None:
        """Solo mode, and the idle timeout once an administrator (here or at another
        computer) changed it: an officer who tightens the lock to 5 minutes means every
        open session. Only a changed one: setting it restarts the idle countdown."""
        if self.signed_out:
            return
        self.show_solo_mode(settings.solo_mode)
        wanted = settings.idle_timeout_minutes * 60_000
        if self.follow_timeout and self.idle_lock.timer.interval() != wanted:
            self.idle_lock.set_timeout_minutes(settings.idle_timeout_minutes)

    def _folder_there(self, _result: object) -> None:
        self.folder_gone_box = None

    def _folder_gone(self, exc: BaseException) -> None:
        if not isinstance(exc, DataFolderGone):
            log.info("data folder not re-checked: %s", exc)
        elif self.folder_gone_box is None and not self.signed_out:
            self.folder_gone_box = show_error(self.window, "Nothing can be saved now", exc)

    def show_solo_mode(self, on: bool) -> None:
        self.solo_label.setVisible(on and not self.signed_out)
        if on:  # one person may approve alone now: "approvals need a second person" is wrong
            self.alone_hint.withdraw()

    def _session_checked(self, result: auth.SessionCheck) -> None:
        if self.signed_out:
            return
        restored, self.restored_notice = self.restored_notice, ""
        if result.status == "revoked":
            self._account_revoked(f"{restored} In the restored data your account is not "
                                  "active: an administrator may reactivate it."
                                  if restored else result.message)
        elif result.status == "password":
            # Not "changed since you signed in (an administrator reset it…)": the backup
            # holds the password the account had when it was made.
            self.notice = (f"{restored} In the restored data your password is the one you had "
                           "when the backup was made: sign in with it." if restored
                           else result.message)
            self.sign_out(reason="password changed since sign-in")
        elif result.actor.roles != self.actor.roles:
            self.follow_roles(result.actor)

    def follow_roles(self, actor: Actor) -> None:
        """The user holds other roles now: everything of this window goes by them."""
        follow = getattr(self.window, "follow_roles", None)
        if follow is not None:
            follow(actor)  # the main window emits roles_changed, which lands in _roles_changed
        if self.actor.roles != actor.roles:  # a window without follow_roles (or no change)
            self._roles_changed(actor)

    def _own_password_changed(self, stamp: str) -> None:
        """This session changed its own password: it goes on; the user's others sign out."""
        self.stamp = stamp

    def _update_admin_actions(self) -> None:
        for action, permission in ((self.users_action, "user.manage"),
                                   (self.settings_action, "settings.manage")):
            may = allowed(self.actor.roles, permission)
            why = refusal(self.actor, permission)  # as every greyed-out item says it
            action.setEnabled(may)
            action.setToolTip(why)
            action.setStatusTip(why)

    def _roles_changed(self, actor: Actor) -> None:
        """The window's re-check found other roles: its controls, this menu and the open
        administration dialogs now go by them (the services refuse anyway)."""
        self.actor = actor
        apply_window_permissions(self.window, actor)
        self._update_admin_actions()
        for dialog in self.dialogs.values():
            if isinstance(dialog, UserManagementDialog | SecuritySettingsDialog):
                dialog.set_actor(actor)

    def _account_revoked(self, message: str) -> None:
        """An administrator deactivated this account (a service refused to act for it, or
        the session watch saw it): sign out; the sign-in dialog says why."""
        if self.signed_out:
            return
        self.notice = message
        self.sign_out(reason="account deactivated")

    def request_sign_out(self) -> QMessageBox | None:
        """Users → Sign out, chosen at one's own desk: a window holding input not saved yet
        (a window with `unsaved_input()`, such as review mode's) asks first, as Quit does;
        the sign-out hid the windows and dropped it without a word. (The lock screen's
        Sign out does not ask: someone else is at the desk, and the work is not theirs.)
        Returns the question, if one was asked."""
        working = work_lines(QApplication.topLevelWidgets())
        unsaved = unsaved_lines(QApplication.topLevelWidgets()) + working
        if not unsaved:
            self.sign_out(reason=SIGNED_OUT_FROM_MENU)
            return None
        question = ("Sign out and discard what is not saved yet?\n\n" + "\n".join(unsaved)
                    + (f"\n\n{work_footer(QApplication.topLevelWidgets(), 'Signing out')}"
                       if working else "")
                    + "\n\nCancel keeps you signed in, to save it first.")

        def discard_and_sign_out() -> None:
            # Discarded, so not kept for next time either (review mode keeps typing that a
            # sign-out nobody was asked about dropped: the lock screen's).
            for window in QApplication.topLevelWidgets():
                discard = getattr(window, "discard_on_close", None)
                if callable(discard):
                    discard()
            stop_work_under_way(QApplication.topLevelWidgets())
            self.sign_out(reason=SIGNED_OUT_FROM_MENU)

        return ask_to_discard(self.window, "Sign out", question, "signOutDiscardQuestion",
                              discard_and_sign_out)

    def sign_out(self, reason: str = "") -> None:
        """Close this user's window; `run_gui` then asks who signs in next."""
        self.signed_out = True
        # Every other window of this session is hidden first, before the covers go: closing
        # the main window leaves its dialogs (Users, an unsaved editor) on screen, and from
        # the lock screen whoever stands at the desk would have them, uncovered and acting
        # as the locked user, until the window is deleted. Hidden, not closed: an editor
        # asking "discard your changes?" would show them.
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible():
                widget.hide()
        if self.idle_lock.is_locked:  # from the lock screen: the covers go with the windows
            self.idle_lock.unlock()
        self.idle_lock.stop()
        self.session_timer.stop()
        actor = self.actor
        self.runner.write(lambda session: auth.sign_out(session, actor=actor, reason=reason), None,
                          lambda exc: log.warning("sign-out not recorded: %s", exc))
        self.window.close()

    def _open(self, key: str, kind: type[_Dialog], make: Callable[[], _Dialog]) -> _Dialog:
        """The dialog kept under `key`, made by `make` the first time, brought forward."""
        dialog = self.dialogs.get(key)
        if not isinstance(dialog, kind):  # none yet (a key holds one kind of dialog)
            dialog = make()
            self.dialogs[key] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def open_users(self) -> UserManagementDialog:
        def make() -> UserManagementDialog:
            dialog = UserManagementDialog(self.runner, self.actor, self.window)
            # An administrator may change their own roles here: the window follows at once.
            dialog.changed.connect(self.check_session)
            dialog.changed.connect(self._withdraw_alone_hint)
            dialog.own_password_reset.connect(self._own_password_changed)
            return dialog

        return self._open("users", UserManagementDialog, make)

    def open_change_password(self) -> ChangePasswordDialog:
        def make() -> ChangePasswordDialog:
            dialog = ChangePasswordDialog(self.runner, self.actor, self.window)
            dialog.password_changed.connect(self._own_password_changed)
            # The dialog closes on success: without a word the officer could not tell a
            # change from a Cancel.
            dialog.changed.connect(lambda: self.window.statusBar().showMessage(
                PASSWORD_CHANGED, 30_000))
            return dialog

        return self._open("password", ChangePasswordDialog, make)

    def open_settings(self) -> SecuritySettingsDialog:
        def make() -> SecuritySettingsDialog:
            dialog = SecuritySettingsDialog(self.runner, self.actor, self.window)
            dialog.saved.connect(
                lambda s: self.idle_lock.set_timeout_minutes(s.idle_timeout_minutes))
            dialog.saved.connect(lambda s: self.show_solo_mode(s.solo_mode))
            return dialog

        return self._open("settings", SecuritySettingsDialog, make)


# Main-window controls (by attribute name) and the permission each needs. The services
# refuse anyway; greying them out up front, with the reason, saves a failed attempt.
WINDOW_CONTROLS: tuple[tuple[str, str], ...] = (
    ("new_case_action", "case.create"),
    ("import_action", "case.create"),
    ("demo_action", "case.create"),
    ("create_button", "case.create"),
    ("demo_button", "case.create"),
)


def apply_window_permissions(window: QWidget, actor: Actor) -> list[str]:
    """Disable the window's controls this actor may not use (and enable again those it
    may, after a change of roles); returns the names of the disabled ones."""
    disabled = []
    for name, permission in WINDOW_CONTROLS:
        control = getattr(window, name, None)
        if control is None:
            continue
        why = refusal(actor, permission)  # the service's own words
        if not why:
            if not control.isEnabled():  # disabled for lack of this role before
                control.setEnabled(True)
                control.setToolTip("")
                if hasattr(control, "setStatusTip"):
                    control.setStatusTip("")
            continue
        control.setEnabled(False)
        control.setToolTip(why)
        if hasattr(control, "setStatusTip"):
            control.setStatusTip(why)
        disabled.append(name)
    return disabled


def install_user_features(window: QMainWindow, runner: TaskRunner, actor: Actor,
                          timeout_ms: int | None = None,
                          check_ms: int = SESSION_CHECK_MS, *, stamp: str = "") -> UserFeatures:
    """Add the Users menu, the idle lock and the session watch to a main window (called by
    `run_gui`), and grey out what the signed-in user may not do. `stamp` is that of the
    sign-in (SignedIn.stamp); without it the current one is read."""
    apply_window_permissions(window, actor)
    features = UserFeatures(window, runner, actor, timeout_ms, check_ms, stamp)
    window.user_features = features  # type: ignore[attr-defined]  # keeps it alive
    if _guide_read_at_sign_in:
        section = _guide_read_at_sign_in.pop()
        # Once the window is shown (run_gui shows it after this), the guide beside it.
        QTimer.singleShot(0, window, lambda: open_guide_at(window, section))
    return features
