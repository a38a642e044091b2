"""The deadlines dashboard at 100,000 tracks: a state with a handful of tracks beside one
with 100,000 still shows a bar in the chart (it showed only its number), in the light
palette and a dark one; a refresh (a track stepped in a case window) keeps the current
row, the case at the top of the list and the groups the officer closed (it went back to
the top, with every group as at first)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView

from approvals.services.workspace import OpenTrack
from approvals.ui.dashboard import CASE, DashboardData, DeadlinesDashboard, GroupedList, StateChart
from tests.ui.conftest import dark_palette

COUNTS = [("CN-FISR", "draft", 107_143), ("CN-SAMR", "phase_1_review", 7_143),
          ("CN-FISR", "filed", 5), ("US-OISP", "closed", 1)]


def _bar_rows_drawn(chart: StateChart) -> list[bool]:
    """For each bar, whether the bar colour is drawn at the start of its row."""
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    accent = chart.palette().color(QPalette.ColorRole.Highlight)
    x = chart._label_width(chart.width()) + 1
    text_h = chart.fontMetrics().height()
    y = chart._title_height(chart.width())
    drawn = []
    for lines in chart._label_lines(chart.width()):
        height = len(lines) * text_h + 6
        middle = y + chart._line() // 2
        pixel = QColor(image.pixel(int(x * ratio), int(middle * ratio)))
        drawn.append(pixel == accent)
        y += height
    return drawn


def _chart(qtbot) -> StateChart:
    chart = StateChart()
    qtbot.addWidget(chart)
    chart.set_counts(COUNTS)
    chart.resize(360, chart.heightForWidth(360))
    return chart


def test_every_state_with_tracks_shows_a_bar(qtbot) -> None:
    chart = _chart(qtbot)
    assert [b.count for b in chart.bars] == [107_143, 7_143, 5, 1]
    assert _bar_rows_drawn(chart) == [True] * 4


def test_every_state_with_tracks_shows_a_bar_in_a_dark_palette(qtbot) -> None:
    with dark_palette():
        chart = _chart(qtbot)
        assert _bar_rows_drawn(chart) == [True] * 4


# -- a refresh keeps the officer's place in the lists ----------------------------------
TODAY = date(2026, 11, 29)


def _track(n: int, due: str | None) -> OpenTrack:
    return OpenTrack(n, f"AP-2026-{n:04d}", f"Target {n:04d} Ltd.", "CN-FISR", "CN-FISR",
                     "general_review", due, False, False, "alice")


def _data(tracks: list[OpenTrack]) -> DashboardData:
    return DashboardData(tracks, [("CN-FISR", "general_review", len(tracks))], [])


# Many overdue (one group), a few later: the list scrolls.
OVERDUE = [_track(n, "2026-10-01") for n in range(1, 301)]
LATER = [_track(n, "2027-06-01") for n in range(301, 311)]


def _top_case(tree: GroupedList) -> str:
    return str(tree.indexAt(QPoint(5, 5)).siblingAtColumn(CASE).data())


def test_a_refresh_keeps_the_current_row_the_scroll_and_the_closed_groups(
        qtbot, runner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard.resize(1300, 700)
    dashboard.show()
    qtbot.waitExposed(dashboard)
    dashboard._show(_data(OVERDUE + LATER), today=TODAY)
    tree = dashboard.tree
    model = tree.model()
    overdue = model.index(0, 0)
    assert "Overdue" in str(overdue.data())
    tree.setCurrentIndex(model.index(120, 0, overdue))
    tree.scrollTo(model.index(100, 0, overdue), QAbstractItemView.ScrollHint.PositionAtTop)
    later = next(model.index(g, 0) for g in range(model.rowCount())
                 if model.rowCount(model.index(g, 0)) == len(LATER))
    tree.collapse(later)
    current = tree.currentItem().text(CASE)
    assert current == "AP-2026-0121"
    top = _top_case(tree)
    assert top == "AP-2026-0101"
    # A track stepped in a case window (the main window's refresh reloads the dashboard):
    # one more overdue track, sorted before the others.
    dashboard._show(_data([_track(0, "2026-09-01"), *OVERDUE, *LATER]), today=TODAY)
    assert tree.currentItem() is not None
    assert tree.currentItem().text(CASE) == current
    assert _top_case(tree) == top
    assert not tree.isExpanded(model.index(later.row(), 0))
