"""Through the case window: a step whose dialog has a problem left records nothing; once
every problem is fixed it is recorded (the messages under the fields, not a message box)."""

from __future__ import annotations

from sqlmodel import select

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_conditions_ui import BOB, click, under_review  # noqa: F401  (fixtures)
from tests.ui.test_step_dialog_fields import said_at


def test_nothing_is_recorded_until_every_problem_is_fixed(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        under_review: tuple[str, int]) -> None:  # noqa: F811
    reference, track_id = under_review

    def track() -> tuple[str, int]:
        with db.read_session() as s:
            row = s.exec(select(FilingTrack).where(FilingTrack.id == track_id)).one()
            return row.state, row.version

    before = track()
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    click(qtbot, view.track_buttons["request_materials"])
    dialog = view.action_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.on, "2026-13-45")
    click(qtbot, dialog.ok_button)
    assert said_at(dialog, "reason") and said_at(dialog, "on")
    qtbot.keyClicks(dialog.reason, "The shareholder register")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and said_at(dialog, "on") and not said_at(dialog, "reason")
    runner.wait_for_done()
    assert track() == before
    dialog.on.setText("2026-11-25")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert track()[0] == "materials_requested"
    runner.wait_for_done()
