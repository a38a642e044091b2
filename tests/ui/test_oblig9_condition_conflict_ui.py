"""Mark fulfilled on a condition a colleague waived meanwhile: refused with the reason,
and the table shows it as it is now (it was turned into "Fulfilled", the waiver lost)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.services.workflow import set_obligation_status
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_conditions_ui import (  # noqa: F401  (fixtures)
    cleared,
    click,
    obligations,
    under_review,
)


def test_a_condition_changed_in_another_window_is_not_overwritten(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    first = obligations(db, track_id)[0]
    assert view.current_obligation().id == first.id
    with db.session() as s:  # waived by a colleague after the window read the case
        set_obligation_status(session=s, obligation_id=first.id, status="waived",
                              actor=admin, reason="lifted by letter")
    click(qtbot, view.fulfil_button)  # asks why (optional), then stores
    dialog = view.condition_status_dialog
    assert dialog is not None
    with qtbot.waitSignal(view.loaded, timeout=10_000):  # the refusal reloads the case
        click(qtbot, dialog.ok_button)
    assert obligations(db, track_id)[0].status == "waived"
    assert view.obligations_table.item(0, 2).text() == "Waived by alice"
    # Said in the open dialog (as a refused waiver is), not in a box of its own.
    assert "someone else changed it" in dialog.problem.text()
    assert view.findChild(QMessageBox, "errorDialog") is None
    dialog.reject()
    runner.wait_for_done()


def test_a_refused_waiver_keeps_its_dialog_and_reason(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    """The dialog closed before the waiver was stored: refused, its reason was lost with
    it and the refusal came in a message box of its own."""
    reference, track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    first = obligations(db, track_id)[0]
    dialog = view.ask_waive()
    assert dialog is not None and dialog.obligation.id == first.id
    with db.session() as s:  # fulfilled by a colleague while the dialog is open
        set_obligation_status(session=s, obligation_id=first.id, status="fulfilled",
                              actor=admin)
    qtbot.keyClicks(dialog.reason, "NDRC letter lifts it")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert "someone else changed it since you saw it open" in dialog.problem.text()
    assert dialog.reason.text() == "NDRC letter lifts it"
    assert view.findChild(QMessageBox, "errorDialog") is None
    assert obligations(db, track_id)[0].status == "fulfilled"
    assert view.obligations_table.item(0, 2).text() == "Fulfilled by alice"
    dialog.reject()
    runner.wait_for_done()
