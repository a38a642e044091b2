"""Why a track's condition buttons are greyed out for the viewer's roles is written under
them: a greyed-out button takes no focus, so its tooltip was out of a keyboard user's
reach."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_conditions_ui import RITA, cleared, under_review

__all__ = ["cleared", "under_review"]  # the fixtures


def test_a_reviewer_reads_why_the_condition_buttons_are_greyed_out(
    qtbot, runner: TaskRunner, data_dir: DataDir, cleared: tuple[str, int]
) -> None:
    reference, _track_id = cleared
    view = open_view(qtbot, runner, RITA, data_dir, reference, track="CN-FISR")
    assert not view.fulfil_button.isEnabled()
    note = view.obligations_blocked
    assert note.isVisibleTo(view)
    assert note.text() == f"Not available to you: {view.fulfil_button.toolTip()}"
    assert "that needs the preparer or administrator role" in note.text()


def test_nothing_is_said_to_who_may_use_them(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, cleared: tuple[str, int]
) -> None:
    reference, _track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    assert view.fulfil_button.isEnabled()
    assert not view.obligations_blocked.isVisibleTo(view)
