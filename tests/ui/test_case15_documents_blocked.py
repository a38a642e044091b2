"""Why the Documents tab's buttons are greyed out for the viewer's roles is written under
them: a greyed-out button takes no focus, so its tooltip was out of a keyboard user's
reach."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case

__all__ = ["fisr_case"]  # the fixture

REVIEWER = Actor("rita", ("reviewer",), "Rita Reviewer")


def test_a_reviewer_reads_why_the_document_buttons_are_greyed_out(
    qtbot, runner: TaskRunner, data_dir: DataDir, fisr_case: str
) -> None:
    view = open_view(qtbot, runner, REVIEWER, data_dir, fisr_case, documents=True)
    assert not view.attach_button.isEnabled()
    note = view.documents_blocked
    assert note.isVisibleTo(view)
    assert note.text() == (
        "Not available to you: rita may not attach documents: that needs the preparer or "
        "administrator role. rita may not restrict documents: that needs the preparer, "
        "approver or administrator role."
    )
    assert view.attach_button.toolTip() in note.text()


def test_nothing_is_said_to_who_may_use_them(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case, documents=True)
    assert view.attach_button.isEnabled()
    assert not view.documents_blocked.isVisibleTo(view)
