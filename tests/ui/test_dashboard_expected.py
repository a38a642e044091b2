"""The deadlines dashboard's section of expected US notifications (projected due dates)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.workspace import ExpectedNotification, OpenTrack
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.dashboard import DashboardData, DeadlinesDashboard, RowRef, short_estimate
from approvals.ui.main_window import MainWindow
from approvals.ui.widgets import overdue_colour

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"
RULE = "due 30 calendar days after the completion date"
CITATION = "31 CFR 850.401"


def expected(track_id: int, reference: str, completion: str | None, due: str | None,
             estimated: bool = False) -> ExpectedNotification:
    return ExpectedNotification(
        track_id, reference, f"Target {reference}", "US-OISP", "internal_review", "alice",
        completion, due, estimated, RULE, CITATION,
        ("2031: no official US holiday schedule is held",) if estimated else ())


def rows_of(head: RowRef) -> list[RowRef]:
    return [head.child(i) for i in range(head.childCount())]


def test_the_section_lists_projected_dates_apart_from_the_deadlines(qtbot, runner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard.show()
    track = OpenTrack(3, "AP-2026-0003", "Target", "US-OISP", "US-OISP", "internal_review",
                      None, False, False, "alice")
    data = DashboardData([track], [("US-OISP", "internal_review", 1)], [
        expected(2, "AP-2026-0002", "2026-10-20", "2026-11-19"),
        expected(3, "AP-2026-0003", "2027-02-01", "2027-03-03"),
        expected(4, "AP-2026-0004", "2031-06-01", "2031-07-01", estimated=True),
        expected(5, "AP-2026-0005", None, None),
    ])
    dashboard._show(data, today=date(2026, 11, 29))
    assert dashboard.expected_section.isVisible()
    tree = dashboard.expected_tree
    assert tree.topLevelItemCount() == 2
    projected, unknown = tree.topLevelItem(0), tree.topLevelItem(1)
    assert projected.text(0) == ("Due dates projected from the expected completion date "
                                 "(3) · 1 expected completion date passed")
    assert unknown.text(0) == "Completion date not known (1)"
    assert [(r.text(0), r.text(1), r.text(3)) for r in rows_of(projected)] == [
        ("2026-11-19", "AP-2026-0002", "2026-10-20 (passed)"),  # said, not only amber
        ("2027-03-03", "AP-2026-0003", "2027-02-01"),
        ("2031-07-01 (estimated)", "AP-2026-0004", "2031-06-01"),
    ]
    (none,) = rows_of(unknown)
    assert (none.text(0), none.text(1), none.text(3)) == ("—", "AP-2026-0005", "not known")
    assert "Enter the expected completion date" in none.toolTip(0)
    past, feb, far = rows_of(projected)
    assert feb.text(4) == "Internal review" and feb.text(6) == "alice"
    assert "1 Feb 2027" in feb.toolTip(0) and "3 Mar 2027" in feb.toolTip(0)
    assert RULE in feb.toolTip(0) and CITATION in feb.toolTip(0)
    assert "has passed" not in feb.toolTip(0)
    # A projection already past: the deal may have completed without being recorded.
    assert "expected completion date has passed" in past.toolTip(3)
    assert past.foreground(0).color() == overdue_colour()
    assert "2031" in far.toolTip(0)
    # The deadlines above are untouched: the track still has no due date, and points below.
    no_date = dashboard.tree.topLevelItem(4)
    assert no_date.text(0) == "No due date yet (1)" and no_date.child(0).text(0) == "—"
    assert no_date.child(0).toolTip(0) == \
        "Projected due date 2027-03-03: see Expected US notifications below"
    assert "<b>4</b> US notifications expected" in dashboard.summary.text()
    with qtbot.waitSignal(dashboard.open_track, timeout=2_000) as opened:
        tree.itemActivated.emit(feb, 0)
    assert opened.args == ["AP-2026-0003", "US-OISP"]  # at its US notification track
    with qtbot.assertNotEmitted(dashboard.open_case), \
            qtbot.assertNotEmitted(dashboard.open_track):  # a group heading opens nothing
        tree.itemActivated.emit(projected, 0)


def test_no_expected_notification_no_section(qtbot, runner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard.show()
    dashboard._show(DashboardData([], [], []), today=date(2026, 11, 29))
    assert not dashboard.expected_section.isVisible()
    assert dashboard.expected_tree.topLevelItemCount() == 0
    assert "US notification" not in dashboard.summary.text()


def test_double_clicking_an_expected_notification_opens_its_case(
        qtbot, runner, db: Database, data_dir: DataDir, admin: Actor) -> None:
    """From the database: a screened case whose US notification awaits its completion date
    (DEMO-02, expected to complete on 1 Feb 2027)."""
    facts = next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                 if d["reference"] == "DEMO-02")
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    window.show_dashboard()
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: dashboard.expected_groups != {} and runner.idle, timeout=10_000)
    head = dashboard.expected_tree.topLevelItem(0)
    (row,) = rows_of(head)
    assert (row.text(0), row.text(1), row.text(3)) == \
        ("2027-03-03", reference, "2027-02-01")
    tree = dashboard.expected_tree
    tree.scrollToItem(row)
    centre = tree.visualItemRect(row).center()
    with qtbot.waitSignal(window.case_open_requested, timeout=5_000) as opened:
        # A real double-click: a press on the row, then the double-click event.
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened.args == [reference]
    view = window.case_views[reference]
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    view.close()
    dashboard.close()


def _clipped(tree, col: int, text: str, indent: bool = False) -> bool:
    room = tree.columnWidth(col) - (tree.indentation() if indent else 0)
    return tree.fontMetrics().horizontalAdvance(text) + 8 > room


def test_a_projected_and_estimated_date_and_the_headers_are_not_cut(qtbot, runner) -> None:
    """'2031-07-01 (projected, estimated)' was cut at the Due column's edge; with a larger
    font (150-200 % text) the headers were cut too. The columns widen to what they show."""
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    font = dashboard.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    dashboard.setFont(font)
    dashboard.show()
    track = OpenTrack(3, "AP-2026-0003", "Target", "CN-FISR", "CN-FISR", "general_review",
                      "2031-07-01", True, False, "alice")
    data = DashboardData([track], [("CN-FISR", "general_review", 1)], [
        expected(4, "AP-2026-0004", "2031-06-01", "2031-07-01", estimated=True)])
    dashboard._show(data, today=date(2026, 11, 29))
    tree, above = dashboard.expected_tree, dashboard.tree
    row = tree.topLevelItem(0).child(0)
    assert row.text(0) == "2031-07-01 (estimated)"
    # The date whole, "(estimated)" at least as "(est.)" where the column is narrow.
    assert not _clipped(tree, 0, short_estimate(row.text(0)), indent=True)
    assert not _clipped(tree, 1, row.text(1)) and not _clipped(tree, 3, row.text(3))
    later = next(above.topLevelItem(i) for i in range(above.topLevelItemCount())
                 if above.topLevelItem(i).childCount())
    assert later.child(0).text(0) == "2031-07-01 (estimated)"
    assert not _clipped(above, 0, short_estimate(later.child(0).text(0)), indent=True)


def test_headers_fit_a_larger_font(qtbot, runner) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    before = app.font()
    big = app.font()
    big.setPointSizeF(big.pointSizeF() * 1.8)
    app.setFont(big)
    try:
        dashboard = DeadlinesDashboard(runner)
        qtbot.addWidget(dashboard)
        tree = dashboard.expected_tree
        metrics = tree.header().fontMetrics()
        for col in range(tree.columnCount() - 1):  # the last one stretches
            label = tree.model().headers[col]
            if label == "Chinese name":  # gives way first, below its title, on a window as
                continue  # narrow as this one's (test_dash25_state_readable)
            assert tree.columnWidth(col) >= metrics.horizontalAdvance(label), label
    finally:
        app.setFont(before)
