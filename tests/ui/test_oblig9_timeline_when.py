"""The Timeline's When and Who columns at 200 %: as wide as a time and a user name in the
window's font (they kept 145 and 90 pixels and cut "2026-11-30 13:30:12" to
"2026-11-30 13:…" and "sarah.chen" to "sarah…")."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.timeline_table import TimelineTable
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.scaling_support import doubled_app_font
from tests.ui.test_case_view_wording import case_ref  # noqa: F401  (fixture)


def test_when_is_whole_in_a_doubled_font(qtbot, runner: TaskRunner, admin: Actor,
                                         data_dir: DataDir, case_ref: str) -> None:  # noqa: F811
    with doubled_app_font():
        view = open_view(qtbot, runner, admin, data_dir, case_ref)
        view.tabs.setCurrentWidget(view.timeline_page)
    timeline = view.timeline
    assert timeline.rowCount() > 0
    when = timeline.item(0, 0).text()
    assert len(when) == len("2026-11-30 13:30:12")
    needed = timeline.fontMetrics().horizontalAdvance(when)
    assert timeline.columnWidth(0) >= needed + 12 > TimelineTable.WIDTHS[0]
    who = timeline.fontMetrics().horizontalAdvance("sarah.chen")
    assert timeline.columnWidth(1) >= who + 12 > TimelineTable.WIDTHS[1]
    runner.wait_for_done()


def test_in_the_usual_font_when_keeps_its_width(qtbot, runner: TaskRunner, admin: Actor,
                                                data_dir: DataDir, case_ref: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.timeline_page)
    assert view.timeline.columnWidth(0) == TimelineTable.WIDTHS[0]
    assert view.timeline.columnWidth(1) == TimelineTable.WIDTHS[1]
    runner.wait_for_done()
