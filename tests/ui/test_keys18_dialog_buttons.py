"""Every dialog's Cancel / action row (widgets.dialog_buttons) has Alt keys: Cancel Alt+C
where the dialog leaves C free, otherwise another free letter of its name; the action
the first free letter of its name. Cancel had no key in any of them, and a step's action
("Approve for filing") had none either."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QFormLayout, QLineEdit, QPushButton

from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.services.case_lifecycle import Availability
from approvals.services.cases import import_case
from approvals.services.demo import demo_facts
from approvals.services.workflow import ActionView, ObligationView
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.case_dialogs import ActionDialog, ConditionStatusDialog, EditConditionDialog
from approvals.ui.case_lifecycle import KINDS, ReasonDialog
from approvals.ui.document_access import (
    DocumentAccessDialog,
    DocumentTypeDialog,
    WithdrawDocumentDialog,
)
from approvals.ui.widgets import (
    ConfirmChange,
    access_key,
    alt_keys_in_use,
    dialog_buttons,
    with_access_key,
)
from approvals.ui.workers import TaskRunner
from tests.ui.ux_checks import mnemonic_clashes

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
CONDITION = ObligationView(id=1, text="Keep the data in China", due_date="2027-01-15",
                           status="open", overdue=False)


def _step(name: str, label: str, params: tuple[str, ...] = ()) -> ActionView:
    return ActionView(name=name, label=label, label_zh="", allowed=True, why_not=None,
                      needs_reason=False, params=params)


def _availability() -> Availability:
    return Availability("AP-2026-0002", "open", 4, "", "", "")


@pytest.fixture
def doc(db: Database, data_dir: DataDir, tmp_path: Path) -> documents.DocumentInfo:
    source = tmp_path / "letter.pdf"
    source.write_bytes(b"%PDF draft")
    with db.session() as s:
        case = import_case(s, data=demo_facts()[0], actor=ROOT)
        return documents.attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case.id,
                                         source=source)


# Every caller of dialog_buttons (and of save_controls, which uses it), by what it opens.
DIALOGS: dict[str, Callable[[TaskRunner, Any], QDialog]] = {
    "first start": lambda r, _d: ui_auth.FirstStartDialog(r),
    "sign in": lambda r, _d: ui_auth.SignInDialog(r),
    "change password": lambda r, _d: ui_auth.ChangePasswordDialog(r, ROOT),
    "security settings": lambda r, _d: ui_auth.SecuritySettingsDialog(r, ROOT),
    **{f"case {kind}": (lambda r, _d, k=kind: ReasonDialog(KINDS[k], _availability(),
                                                          lambda _x, _y: None))
       for kind in KINDS},
    "step approve": lambda _r, _d: ActionDialog(_step("approve", "Approve for filing")),
    "step return": lambda _r, _d: ActionDialog(_step("return", "Return to preparer")),
    "step file": lambda _r, _d: ActionDialog(
        _step("file", "Record filing", ("filing_reference",))),
    "step close": lambda _r, _d: ActionDialog(_step("close", "Close")),
    **{f"condition {status}": (lambda _r, _d, s=status: ConditionStatusDialog(CONDITION, s))
       for status in ("waived", "fulfilled", "open")},
    "edit condition": lambda _r, _d: EditConditionDialog(CONDITION, date(2026, 11, 2)),
    "add condition": lambda _r, _d: EditConditionDialog(None, date(2026, 11, 2)),
    "confirm": lambda _r, _d: ConfirmChange(None, title="Restrict the document",  # type: ignore[arg-type]
                                            text="Only the people ticked may open it.",
                                            action="Restrict", object_name="restrictConfirm",
                                            reason=True),
    "document access": lambda r, d: DocumentAccessDialog(r, ROOT, d),
    "withdraw document": lambda r, d: WithdrawDocumentDialog(r, ROOT, d),
    "document type": lambda r, d: DocumentTypeDialog(
        r, ROOT, d, [("decision", "Decision"), ("filing", "Filing")]),
}


def _row_buttons(dialog: QDialog) -> list[QPushButton]:
    return [b for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)]


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_each_dialogs_buttons_have_their_own_alt_keys(
        qtbot: Any, runner: TaskRunner, doc: documents.DocumentInfo, name: str) -> None:
    dialog = DIALOGS[name](runner, doc)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    buttons = _row_buttons(dialog)
    assert buttons
    assert [b.text() for b in buttons if not access_key(b.text())] == [], name
    assert mnemonic_clashes(dialog) == [], name
    cancels = [b for b in buttons if b.text().replace("&", "") in ("Cancel", "Close")]
    if cancels and "c" not in alt_keys_in_use(dialog, leave_out=cancels):
        assert access_key(cancels[0].text()) == "c", name
    dialog.reject()
    runner.wait_for_done()


def test_cancel_takes_alt_c_and_the_action_its_first_free_letter(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    form.addRow("&Reason", QLineEdit())
    row, action = dialog_buttons(dialog, "Record filing", dialog.accept, object_name="ok")
    form.addRow(row)
    dialog.show()
    qtbot.waitExposed(dialog)
    cancel = next(b for b in dialog.findChildren(QAbstractButton) if b is not action)
    assert cancel.text() == "&Cancel"
    assert action.text() == "R&ecord filing"  # Alt+R is the reason's


def test_a_dialog_that_uses_c_gives_cancel_another_letter(qtbot: Any) -> None:
    """Change my password: Alt+C is **Change password**, Alt+A and Alt+N its fields."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    form.addRow("&New password", QLineEdit())
    form.addRow("Password &again", QLineEdit())
    row, action = dialog_buttons(dialog, "&Change password", dialog.accept, object_name="ok")
    form.addRow(row)  # after the row: the keys are settled when the dialog shows
    form.addRow("&Extra", QLineEdit())
    dialog.show()
    qtbot.waitExposed(dialog)
    cancel = next(b for b in dialog.findChildren(QAbstractButton) if b is not action)
    assert action.text() == "&Change password"  # the caller's letter is kept
    assert cancel.text() == "Cance&l"
    assert mnemonic_clashes(dialog) == []


def test_a_text_the_caller_sets_afterwards_is_kept(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    row, action = dialog_buttons(dialog, "Save", dialog.accept, object_name="ok")
    form.addRow(row)
    action.setText("Sa&ve")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert action.text() == "Sa&ve"


def test_with_access_key() -> None:
    assert with_access_key("Cancel", set()) == "&Cancel"
    assert with_access_key("Cancel", {"c"}) == "C&ancel"
    assert with_access_key("Withdraw", set("withdra")) == "Withdraw (&B)"
    assert with_access_key("Close", set("abcdefghijklmnopqrstuvwxyz0123456789")) == "Close"
    assert access_key("Mark co&mpleted…") == "m"
    assert access_key("Q && A") == ""


def _escape_asks_and_cancel_keeps(qtbot: Any, dialog: Any, reason: str) -> None:
    """`reason` typed, Escape asks before it goes; Cancel (the default) returns to the
    dialog with the reason kept."""
    qtbot.keyClicks(dialog.reason, reason)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.discard_box is not None
    dialog.discard_box.reject()
    assert dialog.isVisible() and dialog.reason.text() == reason


@pytest.mark.parametrize("status", ["waived", "fulfilled", "open"])
def test_escape_asks_before_a_typed_condition_reason_goes(qtbot, status: str) -> None:
    """Waive…, Mark fulfilled… and Re-open closed on Escape with the reason typed gone,
    where the step dialog and Edit condition… ask first."""
    dialog = ConditionStatusDialog(CONDITION, status)
    qtbot.addWidget(dialog)
    dialog.show()
    _escape_asks_and_cancel_keeps(qtbot, dialog, "letter of 2 Dec")
    dialog.reason.clear()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert not dialog.isVisible()


@pytest.mark.parametrize("name", ["withdraw document", "document type"])
def test_escape_asks_before_a_documents_typed_reason_goes(
        qtbot: Any, runner: TaskRunner, doc: documents.DocumentInfo, name: str) -> None:
    """Withdraw… and Set type… closed on Escape with the reason typed gone."""
    dialog = DIALOGS[name](runner, doc)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert not dialog.isVisible()
    dialog.show()
    _escape_asks_and_cancel_keeps(qtbot, dialog, "wrong company's licence")
    dialog.reject()
    runner.wait_for_done()


def test_escape_or_cancel_asks_before_a_confirmations_typed_reason_goes(
        qtbot: Any, runner: TaskRunner, doc: documents.DocumentInfo) -> None:
    """Restrict…, Deactivate… and the rulebook's questions (ConfirmChange) closed on Escape
    or Cancel with the reason typed gone; nothing typed, they still close at once."""
    dialog = DIALOGS["confirm"](runner, doc)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    dialog.show()
    _escape_asks_and_cancel_keeps(qtbot, dialog, "board minutes of 3 Dec")
    dialog.findChild(QPushButton, "restrictConfirmButtonCancel").click()
    assert dialog.isVisible() and dialog.discard_box is not None
    dialog.discard_box.button(dialog.discard_box.StandardButton.Discard).click()
    assert not dialog.isVisible()


def test_who_may_open_asks_before_unsaved_ticks_or_reason_go(
        qtbot: Any, runner: TaskRunner, db: Database, fast_hash: None,
        doc: documents.DocumentInfo) -> None:
    """Who may open…: the restriction ticked (or a reason typed) and not saved, Escape asks
    first; once saved, Escape closes at once."""
    with db.session() as s:
        users.create_first_admin(s, username="root", password="correct horse battery")
    dialog = DocumentAccessDialog(runner, ROOT, doc)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.restricted.isEnabled())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing changed: closes at once
    assert not dialog.isVisible()
    dialog.show()
    dialog.restricted.setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.discard_box is not None
    dialog.discard_box.reject()
    assert dialog.restricted.isChecked()
    dialog.reason.setText("counsel only")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() != "Saving…", timeout=10000)
    assert dialog.message.text().startswith("Saved"), dialog.message.text()
    dialog.discard_box = None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # saved: nothing is lost
    assert not dialog.isVisible() and dialog.discard_box is None
    runner.wait_for_done()
