"""A step refused for anything but a mistyped field (a colleague moved the track after the
window was loaded, the database busy) came as a message box after its dialog had closed:
the reason and the conditions typed were gone. It is said in the dialog again, what was
typed kept, and the window shows the track as it is now."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.services import workflow as workflow_service
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view


def test_a_step_refused_after_a_colleagues_change_keeps_its_dialog(
        qtbot, runner: TaskRunner, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0004", track="US-OISP")
    track = view.current_track()
    assert track is not None and track.state == "draft"
    view.track_buttons["submit_for_review"].click()
    dialog = view.action_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "ready: all exhibits attached")
    with demo.session() as s:  # a colleague submits it first, in another window
        workflow_service.transition(session=s, track_id=track.id,
                                    transition_name="submit_for_review", actor=admin,
                                    reason="mine", expected_version=track.version)
    with qtbot.waitSignal(view.loaded, timeout=10_000):  # refused, then shown as it is now
        dialog.ok_button.click()
    assert dialog.isVisible(), "the dialog went, and the reason typed with it"
    assert dialog.reason.text() == "ready: all exhibits attached"
    said = dialog.problem.text()
    assert "changed by someone else" in said and "shows the track as it is now" in said
    assert view.findChild(QMessageBox, "errorDialog") is None
    current = view.current_track()
    assert current is not None and current.state == "internal_review"
    dialog.reject()
    runner.wait_for_done()
