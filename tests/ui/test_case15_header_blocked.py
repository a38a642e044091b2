"""The case window says why each of its header's greyed-out buttons is greyed out, at the
top of the Overview: a greyed-out button takes no focus, so its tooltip was out of a
keyboard user's reach. "Mark completed…" is greyed out for a viewer without the role to
record it (it opened its dialog, and the service refused the step after the reason and
the date were typed)."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case

__all__ = ["fisr_case"]  # the fixture

REVIEWER = Actor("rita", ("reviewer",), "Rita Reviewer")


def test_a_reviewer_reads_why_the_header_buttons_are_greyed_out(
    qtbot, runner: TaskRunner, data_dir: DataDir, fisr_case: str
) -> None:
    view = open_view(qtbot, runner, REVIEWER, data_dir, fisr_case)
    assert not view.edit_button.isEnabled()
    assert not view.complete_button.isEnabled()
    assert view.complete_button.toolTip() == (
        "rita may not mark the deal completed: that needs the preparer or administrator role."
    )
    overview = view.overview.toPlainText()
    assert overview.startswith("Not available now:")
    for button in (view.edit_button, view.complete_button):
        name = button.text().replace("&", "")
        assert f"{name}: {button.toolTip()}" in overview
        assert f"{name}: {button.toolTip()}" in view.header_blocked
    assert "Refresh" not in view.header_blocked  # enabled buttons are not listed
    assert "Shanghai Xinhe Semiconductor Design" in overview  # the facts under it


def test_an_administrator_reads_only_what_waits_on_the_case(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    greyed = [b for b in view.header_button_list if not b.isEnabled()]
    assert greyed == [view.complete_button]  # the tracks are not cleared yet
    text = view.overview.toPlainText()
    assert text.startswith("Not available now:\nMark completed…: CN-FISR: clearance is needed")
    assert "Edit facts" not in text and "role" not in text
