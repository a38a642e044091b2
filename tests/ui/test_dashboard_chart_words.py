"""The "All tracks by state" chart names each bar as the track kind names the state
("Export refused", "Security assessment"), not by the bare code made readable; kinds whose
state reads the same share a bar, whose tooltip line says which regimes it counts; a long
name wraps rather than being cut, at 200 % too."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QFont, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.workspace import track_states
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from approvals.ui.dashboard import (
    DashboardData,
    DeadlinesDashboard,
    StateChart,
    chart_bars,
    load_prepared,
    wrap_label,
)

TODAY = date(2026, 12, 16)
COUNTS = [("CN-TECH-EXPORT", "prohibited", 2), ("CN-DATA-EXPORT", "assessment", 3),
          ("CN-FISR", "prohibited", 1), ("CN-SAMR", "prohibited", 1),
          ("CN-DATA-EXPORT", "prohibited", 1), ("CN-FISR", "preliminary_review", 1),
          ("CN-FISR", "draft", 4), ("US-OISP", "draft", 5)]


def test_bars_take_each_kinds_words_and_merge_only_what_reads_the_same() -> None:
    bars = {b.label: b for b in chart_bars(COUNTS)}
    assert set(bars) == {"Export refused", "Security assessment", "Prohibited",
                         "Assessment not passed", "Preliminary review (decision whether to "
                         "review)", "Draft"}
    assert bars["Export refused"].text() == "Export refused: 2 (CN-TECH-EXPORT)"
    assert bars["Prohibited"].text() == "Prohibited: 2 (CN-FISR 1, CN-SAMR 1)"
    assert bars["Draft"].text() == "Draft: 9 (US-OISP 5, CN-FISR 4)"
    assert [b.label for b in chart_bars(COUNTS)][:2] == ["Draft", "Security assessment"]
    # A kind or state this installation does not know still gets a readable bar.
    assert chart_bars([("XX-NEW", "under_audit", 1)])[0].label == "Under audit"


def test_the_dashboard_reads_the_chart_by_kind(qtbot, runner, db: Database) -> None:
    actor = Actor("pat", ("preparer",))
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=actor, today=TODAY,
                           status="draft")
        s.add_all([FilingTrack(case_id=case.id, regime="CN-TECH-EXPORT", kind="CN-TECH-EXPORT",
                               state="prohibited", outcome="approval_required"),
                   FilingTrack(case_id=case.id, regime="CN-DATA-EXPORT", kind="CN-DATA-EXPORT",
                               state="assessment", outcome="approval_required")])
    with db.read_session() as s:
        assert sorted(track_states(s)) == [("CN-DATA-EXPORT", "assessment", 1),
                                           ("CN-TECH-EXPORT", "prohibited", 1)]
        prepared = load_prepared(s)
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard._show(prepared, today=TODAY)
    chart = dashboard.chart
    assert sorted(b.label for b in chart.bars) == ["Export refused", "Security assessment"]
    assert "Export refused: 1 (CN-TECH-EXPORT)" in chart.toolTip().splitlines()
    assert "Export refused: 1 (CN-TECH-EXPORT)" in chart.accessibleDescription()
    assert "Prohibited" not in chart.toolTip() and "Assessment:" not in chart.toolTip()


def test_long_names_wrap_in_a_narrow_chart_at_200_percent(qtbot) -> None:
    chart = StateChart()
    qtbot.addWidget(chart)
    font = QFont(chart.font())
    font.setPointSizeF(font.pointSizeF() * 2)  # as at 200 % scaling
    chart.setFont(font)
    chart.set_counts(COUNTS)
    metrics = chart.fontMetrics()
    width = 30 * metrics.averageCharWidth()
    lines = chart._label_lines(width)
    room = chart._label_width(width) - 8
    label = "Preliminary review (decision whether to review)"
    wrapped = lines[[b.label for b in chart.bars].index(label)]
    assert len(wrapped) > 1
    assert " ".join(wrapped) == label  # every word still there, nothing cut
    assert all(metrics.horizontalAdvance(line) <= room for line in wrapped)
    # The chart asks for the height its wrapped names need, so none falls off the foot.
    needed = sum(len(w) for w in lines) * metrics.height()
    assert chart.heightForWidth(width) >= needed + metrics.height()
    assert chart.heightForWidth(width) > chart.heightForWidth(60 * metrics.averageCharWidth())
    chart.resize(width, chart.heightForWidth(width))
    chart.grab()  # paints without error at that size
    # A name longer than the lines allowed is cut, and says so.
    assert wrap_label(metrics, "word " * 40, room, 2)[-1].endswith("…")


def test_pairs_of_state_and_count_are_not_what_the_chart_reads(qtbot, runner) -> None:
    """DashboardData carries (kind, state, count): the kind names the state."""
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard._show(DashboardData([], [("CN-TECH-EXPORT", "prohibited", 3)]), today=TODAY)
    assert [b.text() for b in dashboard.chart.bars] == ["Export refused: 3 (CN-TECH-EXPORT)"]


def test_hovering_a_bar_gives_that_bar_in_words(qtbot) -> None:
    chart = StateChart()
    qtbot.addWidget(chart)
    chart.set_counts(COUNTS)
    width = 30 * chart.fontMetrics().averageCharWidth()
    chart.resize(width, chart.heightForWidth(width))
    # The bars start under the title, on two lines when the chart is this narrow.
    line, text_h = chart._title_height(width), chart.fontMetrics().height()
    first = chart.bar_at(line + 2)
    assert first is not None and first.label == "Draft"
    # Below a wrapped label's first line, still its bar.
    lines = chart._label_lines(width)
    index = [b.label for b in chart.bars].index("Preliminary review (decision whether to "
                                                "review)")
    top = line + sum(len(w) * text_h + 6 for w in lines[:index])
    assert chart.bar_at(top + text_h * 1.5).label.startswith("Preliminary review")
    assert chart.bar_at(1) is None  # the title: the whole tooltip, every bar
    chart.show()
    qtbot.waitExposed(chart)
    event = QHelpEvent(QEvent.Type.ToolTip, QPoint(5, line + 2), chart.mapToGlobal(
        QPoint(5, line + 2)))
    QApplication.sendEvent(chart, event)
    assert QToolTip.text() == "Draft: 9 (US-OISP 5, CN-FISR 4)"
    QToolTip.hideText()
