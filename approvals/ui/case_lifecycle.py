"""Case → Close case…, Reopen case…, Discard draft… in the main window (and the case
list's row menu): each asks for the reason in a small dialog and runs its service
(services.case_lifecycle) on the write worker; a refusal is said in the dialog.

The items act on the list's current case. They are greyed out, with the reason in their
tooltip, when they cannot act: the role (permission `case.close`, or `case.create` for
drafts), the case's status (from the list row, at once), and for closing what must be
dealt with first (read from the database in the background when the menu opens).

`ending_banner` gives a case window the line to show on a closed case or a discarded
draft ("Closed on 30 Nov 2026 by adam: deal abandoned. …") from what it already loads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, Protocol

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QWidget,
)

from approvals.domain.clocks import fmt_date
from approvals.domain.errors import ApprovalsError
from approvals.services.audit_view import person_named
from approvals.services.case_lifecycle import (
    CLOSED,
    CLOSED_ACTION,
    COMPLETED,
    DISCARDED,
    DISCARDED_ACTION,
    OPEN,
    Availability,
    LifecycleResult,
    close_case,
    discard_draft,
    lifecycle_availability,
    reopen_case,
    status_refusal,
)
from approvals.services.cases import case_id_for
from approvals.store.audit import Actor
from approvals.ui.errors import refusal, show_unexpected, user_message
from approvals.ui.help import install_context_help
from approvals.ui.widgets import dialog_buttons, palette_styled, resize_to_screen

log = logging.getLogger(__name__)

# The user guide's section (README heading) F1 opens in the dialogs.
HELP_SECTION = "Closing, reopening and discarding cases"


@dataclass(frozen=True)
class Kind:
    """One of the three actions: its menu text (with its Alt letter), the dialog's words,
    the permission it needs and the service it runs."""

    key: str
    menu_text: str
    title: str
    button: str
    permission: str
    placeholder: str
    done: str  # the status bar's message: "{reference}" replaced
    about: str  # the item's tooltip when it can act


KINDS: dict[str, Kind] = {
    "close": Kind("close", "&Close case…", "Close case", "Close case", "case.close",
                  "required: e.g. the deal did not go ahead; the SPA lapsed",
                  "Closed case {reference}",
                  "Withdraw the case's open tracks and close it (asks why)"),
    "reopen": Kind("reopen", "&Reopen case…", "Reopen case", "Reopen case", "case.close",
                   "required: e.g. the parties revived the deal",
                   "Reopened case {reference}",
                   "Reopen the closed case with the status it had (asks why)"),
    "discard": Kind("discard", "Discard dra&ft…", "Discard intake draft", "Discard draft",
                    "case.create", "required: e.g. entered twice; the deal never went ahead",
                    # The list then said only "No case matches": where it went.
                    "Discarded draft {reference}: the Status filter's Intake discarded "
                    "lists it",
                    "Drop the intake draft from the list; its record stays (asks why)"),
}


def what_happens(kind: str, availability: Availability) -> str:
    """The dialog's first line: what the action will do to this case."""
    ref = availability.reference
    if kind == "close":
        if availability.withdraws:
            tracks = "\n".join(f"  • {t}" for t in availability.withdraws)
            return (f"Case {ref} will be closed. Its open filing tracks are withdrawn first, "
                    f"each with this reason in the audit trail:\n{tracks}\n\n"
                    "Closed, the case leaves the deadlines dashboard and re-screening and "
                    "cannot be changed until it is reopened.")
        return (f"Case {ref} will be closed: it leaves the deadlines dashboard and "
                "re-screening and cannot be changed until it is reopened.")
    if kind == "reopen":
        back = availability.ending.previous if availability.ending else OPEN
        # "will be completed again" read as if reopening completed the deal.
        words = "reopened as completed, as it was before it was closed" \
            if back == COMPLETED else "open again"
        # Where to go on: "accepting a new screening" named no button and no tab.
        return (f"Case {ref} will be {words}. Tracks withdrawn when it was closed stay "
                "withdrawn. To go on with the deal, open the case's Screening tab, press "
                "Re-screen with today's rules, then Accept the new screening…: it opens new "
                "tracks where they are needed.")
    return (f"The intake draft {ref} will be discarded: it leaves the case list (the "
            "Status filter's Intake discarded still shows it) and its reference is not used "
            "again. The facts typed so far stay in the audit record.")


def reason_field(object_name: str, placeholder: str) -> QLineEdit:
    """The required reason of a case-level action, wide enough for its example."""
    reason = QLineEdit()
    reason.setObjectName(object_name)
    reason.setAccessibleName("Reason")
    reason.setPlaceholderText(placeholder)
    reason.setMinimumWidth(reason.fontMetrics().horizontalAdvance(placeholder) + 24)
    return reason


def problem_label(object_name: str) -> QLabel:
    """The line under a dialog's fields that says why it did not go ahead."""
    problem = QLabel()
    problem.setObjectName(object_name)
    palette_styled(problem, "problem")
    problem.setWordWrap(True)
    problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return problem


def report_read_failure(window: QMainWindow, exc: BaseException) -> None:
    """A case read before a dialog opens failed: the service's words in the status bar
    (e.g. the case is gone after a restore), an unexpected error in its own box."""
    if isinstance(exc, ApprovalsError):
        window.statusBar().showMessage(user_message(exc), 8000)
    else:
        show_unexpected(window, exc, "")


def report_write_failure(window: QMainWindow, refused: Callable[[str], None],
                         exc: BaseException) -> None:
    """The action's service refused or failed: said in the dialog (`refused`), which stays
    open for another try or Cancel."""
    if isinstance(exc, ApprovalsError):
        refused(user_message(exc))
    else:
        refused("Something went wrong; nothing was changed.")
        show_unexpected(window, exc, "")


class ReasonedDialog(QDialog):
    """A dialog that records a decision with its reason (`reason`, `problem`, `ok_button`
    made by the subclass): OK asks for the reason when it is missing, else says Working…
    and hands over (`_hand_over`); `refused` puts the service's words under it and lets
    the officer try again or cancel."""

    reason: QLineEdit
    problem: QLabel
    ok_button: QPushButton
    reason_missing = "Say why: the audit trail keeps the reason."

    def reason_text(self) -> str:
        return self.reason.text().strip()

    def _check_and_submit(self) -> None:
        if not self.reason_text():
            self.problem.setText(self.reason_missing)
            self.reason.setFocus()
            return
        self.problem.setText("Working…")
        self.ok_button.setEnabled(False)
        self.reason.setReadOnly(True)
        self._hand_over()

    def _hand_over(self) -> None:
        raise NotImplementedError

    def refused(self, message: str) -> None:
        """The service said no: its words, the dialog open for another try or Cancel."""
        self.problem.setText(message)
        self.ok_button.setEnabled(True)
        self.reason.setReadOnly(False)


class ReasonDialog(ReasonedDialog):
    """Asks why (required: the audit trail keeps it); OK runs `submit(reason)`, which
    reports back through `finished_ok` or `refused` (the dialog stays open to show why)."""

    def __init__(self, kind: Kind, availability: Availability,
                 submit: Callable[[ReasonDialog, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.availability = availability
        self._submit = submit
        self.reason_missing = (f"Say why ({kind.title.lower()}): the audit trail keeps the "
                               "reason.")
        self.setObjectName(f"{kind.key}CaseDialog")
        self.setWindowTitle(f"{kind.title} {availability.reference}")
        form = QFormLayout(self)
        self.what = QLabel(what_happens(kind.key, availability))
        self.what.setObjectName("lifecycleWhat")
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.what.setWordWrap(True)
        form.addRow(self.what)
        self.reason = reason_field("lifecycleReason", kind.placeholder)
        form.addRow("&Reason *", self.reason)
        self.problem = problem_label("lifecycleProblem")
        form.addRow(self.problem)
        buttons, self.ok_button = dialog_buttons(self, kind.button, self._check_and_submit,
                                                 object_name="lifecycleOkButton")
        form.addRow(buttons)
        self.help_shortcut = install_context_help(self, HELP_SECTION)
        resize_to_screen(self, 560, self.sizeHint().height())
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the wrapped lines need at the width it has: the size hint assumes
        another width, and at 200 % the last lines of what will happen were cut off (as
        were a long refusal's)."""
        form = self.layout()
        if form is None:
            return
        form.activate()
        if form.hasHeightForWidth() and \
                (need := form.totalHeightForWidth(self.width())) > self.height():
            resize_to_screen(self, self.width(), need)

    def _hand_over(self) -> None:
        self._submit(self, self.reason_text())

    def refused(self, message: str) -> None:
        super().refused(message)
        self._fit_height()  # a long refusal wraps


class CurrentCase(NamedTuple):
    """The case list's current row, as the Case menu's items act on it."""

    reference: str
    status: str
    owner: str


def set_action_state(action: QAction, why: str, about: str) -> None:
    """Greyed out with `why` as its tooltip (the menu shows it, setToolTipsVisible), or
    available with `about`."""
    action.setEnabled(not why)
    action.setToolTip(why or about)
    action.setStatusTip(why or about)


class CaseMenuItems(QObject):
    """Items of a main window's Case menu that act on its list's current case (`current`),
    as the signed-in user, through `tasks` (reads and writes off the GUI thread)."""

    def __init__(self, window: QMainWindow, tasks: Any,
                 current: Callable[[], CurrentCase | None]) -> None:
        super().__init__(window)
        self.window = window
        self.tasks = tasks
        self._current = current

    @property
    def actor(self) -> Actor:
        return self.window.actor  # type: ignore[attr-defined]

    def _read_failed(self, exc: BaseException) -> None:
        report_read_failure(self.window, exc)


class CaseLifecycleActions(CaseMenuItems):
    """The three actions on a main window, kept greyed out or not for the current case."""

    def __init__(self, window: QMainWindow, tasks: Any,
                 current: Callable[[], CurrentCase | None]) -> None:
        super().__init__(window, tasks, current)
        self.dialog: ReasonDialog | None = None
        self.actions: dict[str, QAction] = {}
        for key, kind in KINDS.items():
            action = QAction(kind.menu_text, window)
            action.setObjectName(f"{key}CaseAction")
            action.triggered.connect(lambda _checked=False, k=key: self.start(k))
            self.actions[key] = action
        self._checked: tuple[str, int] | None = None  # (reference, generation) read
        self._generation = 0

    def add_to(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addActions(list(self.actions.values()))

    # -- greyed out or not --------------------------------------------------------------
    def update(self, *, read: bool = True) -> None:
        """Grey the items out for the current case: role and status at once; for Close,
        what must be dealt with first from a background read (`read`)."""
        self._generation += 1
        current = self._current()
        for key, action in self.actions.items():
            why = refusal(self.actor, KINDS[key].permission)
            if not why:
                why = "Select a case in the list first." if current is None else \
                    status_refusal(key, current.status)
            set_action_state(action, why, KINDS[key].about)
        close = self.actions["close"]
        if read and current is not None and close.isEnabled():
            reference, generation = current.reference, self._generation
            self.tasks.read(lambda s: lifecycle_availability(s, reference=reference),
                            lambda a: self._availability_read(a, generation),
                            lambda exc: log.info("close availability not read: %s", exc))

    def _availability_read(self, availability: Availability, generation: int) -> None:
        if generation != self._generation:
            return  # another case became current meanwhile
        if not refusal(self.actor, KINDS["close"].permission):
            set_action_state(self.actions["close"], availability.close, KINDS["close"].about)

    # -- acting -------------------------------------------------------------------------
    def start(self, key: str) -> None:
        """The item chosen: read the case as it is now (its version, what closing would
        withdraw), then ask for the reason."""
        current = self._current()
        if current is None:
            return
        reference = current.reference
        self.tasks.read(lambda s: lifecycle_availability(s, reference=reference),
                        lambda a: self._ask(key, a), self._read_failed)

    def _ask(self, key: str, availability: Availability) -> ReasonDialog | None:
        why = refusal(self.actor, KINDS[key].permission) or {
            "close": availability.close, "reopen": availability.reopen,
            "discard": availability.discard}[key]
        if why:  # changed since the menu was drawn: say so rather than ask for a reason
            self.window.statusBar().showMessage(why, 8000)
            self.update()
            return None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ReasonDialog(KINDS[key], availability, self._submit, self.window)
        self.dialog.open()
        return self.dialog

    def _submit(self, dialog: ReasonDialog, reason: str) -> None:
        actor, a, key = self.actor, dialog.availability, dialog.kind.key

        def work(session: Any) -> LifecycleResult:
            if key == "close":
                return close_case(session=session, case_id=_case_id(session, a.reference),
                                  actor=actor, expected_version=a.version, reason=reason,
                                  today=date.today())
            if key == "reopen":
                return reopen_case(session=session, case_id=_case_id(session, a.reference),
                                   actor=actor, expected_version=a.version, reason=reason)
            return discard_draft(session=session, reference=a.reference, actor=actor,
                                 reason=reason, expected_version=a.version)

        def done(result: LifecycleResult) -> None:
            dialog.accept()
            self.window.statusBar().showMessage(
                KINDS[key].done.format(reference=result.reference), 8000)
            self.window.refresh()  # type: ignore[attr-defined]
            # The case's own window, if open, follows at once: it went on offering steps
            # (and saying "Open") on a case just closed, until Refresh.
            views = getattr(self.window, "case_views", {})
            if (view := views.get(result.reference)) is not None:
                view.reload()

        self.tasks.write(work, done,
                         lambda exc: report_write_failure(self.window, dialog.refused, exc))

    # -- the row menu --------------------------------------------------------------------
    def row_menu(self, extra: Iterable[QAction] = (), columns: QMenu | None = None) -> QMenu:
        """The case list's context menu for the current row: Open, the three actions, and
        the column chooser."""
        self.update()
        menu = QMenu(self.window)
        menu.setObjectName("caseRowMenu")
        menu.setToolTipsVisible(True)
        menu.addActions(list(extra))
        menu.addSeparator()
        menu.addActions(list(self.actions.values()))
        if columns is not None:
            menu.addSeparator()
            menu.addMenu(columns)
        return menu

    def popup_row_menu(self, at: QPoint, extra: Iterable[QAction] = (),
                       columns: QMenu | None = None) -> QMenu:
        menu = self.row_menu(extra, columns)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(at)
        return menu


def _case_id(session: Any, reference: str) -> int:
    return case_id_for(session, reference)


# -- the case window's banner --------------------------------------------------------------
class _EventLike(Protocol):
    @property
    def action(self) -> str: ...
    @property
    def occurred_at(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def reason(self) -> str: ...


def ending_banner(status: str, events: Iterable[_EventLike],
                  names: Mapping[str, str] | None = None) -> str:
    """The line a case window shows above a closed case or a discarded draft ("" for any
    other), from its status and its audit events (workspace.CaseBundle's `case.status`
    and `events`): when, by whom and why it was closed, and how to change it again.
    `names`: audit_view.user_names(), who closed it by name ("Li Wei (li.wei)"), as the
    rest of the case window says people."""
    if status not in (CLOSED, DISCARDED):
        return ""
    wanted = CLOSED_ACTION if status == CLOSED else DISCARDED_ACTION
    last = None
    for event in events:
        if event.action == wanted:
            last = event
    word = "Closed" if status == CLOSED else "Discarded (intake draft)"
    text = word
    if last is not None:
        try:
            on = fmt_date(date.fromisoformat(last.occurred_at[:10]))
        except ValueError:
            on = last.occurred_at
        text += f" on {on} by {person_named(last.actor, names or {})}"
        if last.reason:
            text += f": {last.reason}"
    if status == CLOSED:  # one line at 1366×768 (two put a scroll bar on the Tracks page)
        return text + ". Read-only until reopened (main window: Case → Reopen case…)."
    return text + ". It is kept for the audit trail only."


# The closed-case banner's tooltip: what its one line leaves out.
CLOSED_BANNER_TIP = ("Nothing can be changed until the case is reopened (Case → Reopen case… "
                     "in the main window); comments, exports and printing still work.")
