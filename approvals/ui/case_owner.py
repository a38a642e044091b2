"""Case → Change owner… in the main window (and the case list's row menu): hands the
current case to another user (services.case_owner) with a reason the audit trail keeps.

The item is greyed out, with the reason in its tooltip, when it cannot act: no case
chosen, a closed case or discarded draft, or a user who is neither an approver or
administrator nor the case's owner (who may hand over their own). The dialog reads the case
as it is now (its owner, its version, the active users it could go to) before asking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QWidget,
)

from approvals.domain.permissions import PERMISSIONS
from approvals.services.case_lifecycle import READ_ONLY_STATUSES
from approvals.services.case_owner import OwnerChange, OwnerChoices, change_owner, owner_choices
from approvals.store.audit import Actor
from approvals.ui.case_lifecycle import (
    CaseMenuItems,
    CurrentCase,
    ReasonedDialog,
    problem_label,
    reason_field,
    report_write_failure,
    set_action_state,
)
from approvals.ui.errors import refusal
from approvals.ui.help import install_context_help
from approvals.ui.widgets import dialog_buttons, resize_to_screen

log = logging.getLogger(__name__)

HELP_SECTION = "Handing a case to another owner"
ABOUT = "Hand the case to another user, who is then named as its owner (asks why)"


def unavailable(actor: Actor, case: CurrentCase | None) -> str:
    """Why Change owner… cannot act now ("" : it can), from the list row at once; the
    service decides again when it runs."""
    if case is None:
        return "Select a case in the list first."
    if case.status in READ_ONLY_STATUSES:
        return ("A closed case or a discarded draft keeps its owner; reopen the case first."
                if case.status == "closed" else "A discarded draft keeps its owner.")
    if not set(actor.roles) & PERMISSIONS["case.assign"]:
        if actor.username != case.owner:
            return (f"Only the case's owner ({case.owner}), an approver or an administrator "
                    "may hand it to another owner.")
        return refusal(actor, "case.edit")
    return ""


class ChangeOwnerDialog(ReasonedDialog):
    """Who the case goes to and why; Change owner runs `submit(dialog)`, which reports back
    through `accept` or `refused` (the dialog stays open to show why)."""

    def __init__(self, choices: OwnerChoices, submit: Callable[[ChangeOwnerDialog], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self._submit = submit
        self.setObjectName("changeOwnerDialog")
        self.setWindowTitle(f"Change owner of {choices.reference}")
        form = QFormLayout(self)
        self.what = QLabel(
            f"Case {choices.reference} is owned by {choices.owner_words}. The new owner is "
            "named for it in the case list and the deadlines dashboard (and its printed "
            "report); the audit trail keeps who handed it over, when and why.")
        self.what.setObjectName("changeOwnerWhat")
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.what.setWordWrap(True)
        form.addRow(self.what)
        self.owner = QComboBox()
        self.owner.setObjectName("changeOwnerTo")
        self.owner.setAccessibleName("New owner")
        for choice in choices.choices:
            self.owner.addItem(choice.words, choice.username)
        form.addRow("New &owner", self.owner)
        self.reason = reason_field("changeOwnerReason",
                                   "required: e.g. Li Wei takes over the Zhiyuan deals")
        form.addRow("&Reason *", self.reason)
        self.problem = problem_label("changeOwnerProblem")
        form.addRow(self.problem)
        buttons, self.ok_button = dialog_buttons(self, "Change owner", self._check_and_submit,
                                                 object_name="changeOwnerButton")
        form.addRow(buttons)
        if not choices.choices:
            self.owner.setEnabled(False)
            self.ok_button.setEnabled(False)
            self.problem.setText("No other active user may own a case (it takes the preparer, "
                                 "approver or administrator role): add one under Users first.")
        self.help_shortcut = install_context_help(self, HELP_SECTION)
        resize_to_screen(self, 560, self.sizeHint().height())

    def new_owner(self) -> str:
        return str(self.owner.currentData() or "")

    reason_missing = "Say why the case changes owner: the audit trail keeps the reason."

    def reason_text(self) -> str:
        return " ".join(self.reason.text().split())

    def _hand_over(self) -> None:
        self._submit(self)


class ChangeOwnerAction(CaseMenuItems):
    """The Change owner… item of a main window, greyed out or not for the current case."""

    def __init__(self, window: QMainWindow, tasks: Any,
                 current: Callable[[], CurrentCase | None]) -> None:
        super().__init__(window, tasks, current)
        self.dialog: ChangeOwnerDialog | None = None
        self.action = QAction("Change o&wner…", window)
        self.action.setObjectName("changeOwnerAction")
        self.action.triggered.connect(self.start)

    def update(self) -> None:
        set_action_state(self.action, unavailable(self.actor, self._current()), ABOUT)

    def start(self) -> None:
        case = self._current()
        if case is None:
            return
        actor, reference = self.actor, case.reference
        self.tasks.read(lambda s: owner_choices(s, reference=reference, actor=actor),
                        self._ask, self._read_failed)

    def _ask(self, choices: OwnerChoices) -> ChangeOwnerDialog | None:
        if choices.refusal:  # changed since the menu was drawn: say so
            self.window.statusBar().showMessage(choices.refusal, 8000)
            self.update()
            return None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ChangeOwnerDialog(choices, self._submit, self.window)
        self.dialog.open()
        return self.dialog

    def _submit(self, dialog: ChangeOwnerDialog) -> None:
        actor, choices = self.actor, dialog.choices
        new_owner, reason = dialog.new_owner(), dialog.reason_text()

        def work(session: Any) -> OwnerChange:
            return change_owner(session, reference=choices.reference, new_owner=new_owner,
                                actor=actor, reason=reason, expected_version=choices.version)

        def done(change: OwnerChange) -> None:
            dialog.accept()
            self.window.statusBar().showMessage(
                f"Case {change.reference} handed to {dialog.owner.currentText()}", 8000)
            self.window.refresh()  # type: ignore[attr-defined]
            views = getattr(self.window, "case_views", {})
            if (view := views.get(change.reference)) is not None:
                view.reload()  # its header names the owner

        self.tasks.write(work, done,
                         lambda exc: report_write_failure(self.window, dialog.refused, exc))
