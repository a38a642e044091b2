"""Sorting the dashboard's groups by keyboard: a "Sort by" box and a Descending tick above
each list (Alt+S for the deadlines), in step with a click on the header, said to a screen
reader, and remembered like the header's order (across a refresh and the next start)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

from approvals.services.workspace import ExpectedNotification, OpenTrack
from approvals.ui.dashboard import (
    CASE,
    DUE,
    TARGET,
    TARGET_ZH,
    DashboardData,
    DeadlinesDashboard,
    GroupedList,
)

TODAY = date(2026, 11, 29)


def track(track_id: int, reference: str, target: str, due: str | None, zh: str = "",
          owner: str = "alice") -> OpenTrack:
    return OpenTrack(track_id, reference, target, "CN-FISR", "CN-FISR", "general_review", due,
                     False, False, owner, target_zh=zh)


TRACKS = (track(1, "AP-2026-0001", "Zeta Ltd.", "2026-11-01", "泽塔"),
          track(2, "AP-2026-0002", "alpha Ltd.", "2026-11-05", "阿尔法"),
          track(3, "AP-2026-0003", "Mu Ltd.", "2027-05-01"),
          track(4, "AP-2026-0004", "Beta Ltd.", "2027-04-01"))


def data(*tracks: OpenTrack, expected: tuple[ExpectedNotification, ...] = ()) -> DashboardData:
    return DashboardData(list(tracks), [("CN-FISR", "general_review", len(tracks))], list(expected))


def first_group(tree: GroupedList, column: int) -> list[str]:
    head = tree.topLevelItem(0)
    return [head.child(i).text(column) for i in range(head.childCount())]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_dashboard(qtbot, runner, settings: QSettings):
    def make() -> DeadlinesDashboard:
        dashboard = DeadlinesDashboard(runner, settings=settings)
        qtbot.addWidget(dashboard)
        dashboard.resize(1300, 700)
        dashboard.show()
        qtbot.waitExposed(dashboard)
        dashboard._show(data(*TRACKS), today=TODAY)
        return dashboard

    return make


def test_sort_by_offers_the_columns_shown_in_their_order(qtbot, make_dashboard) -> None:
    dashboard = make_dashboard()
    combo = dashboard.tree_sort.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Due", "Case", "Target", "Chinese name", "Regime", "State", "Owner"]
    assert combo.currentText() == "Due" and not dashboard.tree_sort.descending.isChecked()
    assert combo.accessibleName() == "Sort Open tracks by due date by"
    # No Chinese name among the rows: its column is hidden, and not offered.
    dashboard._show(data(track(5, "AP-2026-0005", "Plain Ltd.", "2027-01-01")), today=TODAY)
    assert "Chinese name" not in [combo.itemText(i) for i in range(combo.count())]


def test_the_keyboard_sorts_each_group_as_a_header_click_does(qtbot, make_dashboard) -> None:
    dashboard = make_dashboard()
    tree, sort = dashboard.tree, dashboard.tree_sort
    assert first_group(tree, TARGET) == ["Zeta Ltd.", "alpha Ltd."]  # by due date
    # Alt+S goes to "Sort by"; the arrows choose the column.
    dashboard.activateWindow()
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    qtbot.keyClick(dashboard, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(sort.combo.hasFocus)
    qtbot.keyClick(sort.combo, Qt.Key.Key_Down)  # Case
    qtbot.keyClick(sort.combo, Qt.Key.Key_Down)  # Target
    assert sort.combo.currentText() == "Target"
    assert first_group(tree, TARGET) == ["alpha Ltd.", "Zeta Ltd."]
    assert tree.header().sortIndicatorSection() == TARGET
    assert tree.accessibleDescription() == "Each group sorted by Target, ascending"
    # Alt+D: descending.
    qtbot.keyClick(dashboard, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(sort.descending.isChecked)  # a mnemonic clicks after a moment
    assert first_group(tree, TARGET) == ["Zeta Ltd.", "alpha Ltd."]
    assert tree.header().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert tree.accessibleDescription() == "Each group sorted by Target, descending"
    # The groups keep their order whatever the rows' order.
    assert tree.topLevelItem(0).text(0).startswith("Overdue")


def test_a_header_click_moves_the_controls_too(qtbot, make_dashboard) -> None:
    dashboard = make_dashboard()
    tree, sort = dashboard.tree, dashboard.tree_sort
    header = tree.header()
    x = header.sectionViewportPosition(CASE) + header.sectionSize(CASE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))
    assert sort.combo.currentText() == "Case" and not sort.descending.isChecked()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))
    assert sort.descending.isChecked()
    assert first_group(tree, CASE) == ["AP-2026-0002", "AP-2026-0001"]


def test_the_order_is_remembered_across_a_refresh_and_a_restart(
        qtbot, make_dashboard, settings: QSettings) -> None:
    dashboard = make_dashboard()
    sort = dashboard.tree_sort
    sort.combo.setCurrentIndex(sort.combo.findData(TARGET_ZH))
    sort.descending.setChecked(True)
    dashboard._show(data(*TRACKS), today=TODAY)  # a refresh
    assert first_group(dashboard.tree, TARGET_ZH) == sorted(["泽塔", "阿尔法"], reverse=True)
    assert sort.combo.currentText() == "Chinese name" and sort.descending.isChecked()
    assert settings.value("dashboard/deadline_sort") == "Chinese name:desc"
    dashboard.close()
    again = make_dashboard()
    assert again.tree.header().sortIndicatorSection() == TARGET_ZH
    assert again.tree.header().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert again.tree_sort.combo.currentText() == "Chinese name"
    assert first_group(again.tree, TARGET_ZH) == sorted(["泽塔", "阿尔法"], reverse=True)


def test_the_projections_have_their_own_sort_by(qtbot, make_dashboard, settings) -> None:
    dashboard = make_dashboard()
    notes = tuple(
        ExpectedNotification(10 + i, f"AP-2026-00{20 + i}", name, "US-OISP", "internal_review",
                             "alice", completion, due, False, "rule", "31 CFR 850.401")
        for i, (name, completion, due) in enumerate((("Bravo Ltd.", "2027-02-01", "2027-03-03"),
                                                     ("Alpha Ltd.", "2027-03-01", "2027-03-31"))))
    dashboard._show(data(*TRACKS, expected=notes), today=TODAY)
    sort = dashboard.expected_sort
    assert sort.combo.itemText(3) == "Completion"
    assert first_group(dashboard.expected_tree, TARGET) == ["Bravo Ltd.", "Alpha Ltd."]
    sort.combo.setCurrentIndex(sort.combo.findData(TARGET))
    assert first_group(dashboard.expected_tree, TARGET) == ["Alpha Ltd.", "Bravo Ltd."]
    assert settings.value("dashboard/expected_sort") == "Target:asc"
    assert dashboard.tree.header().sortIndicatorSection() == DUE  # the other list unmoved


def test_tab_order_and_escape(qtbot, make_dashboard) -> None:
    """Keyboard only: the filter, Refresh, Sort by, Descending, the list; Escape from the
    sort box (closed) closes the window, as from the list."""
    dashboard = make_dashboard()
    dashboard.activateWindow()
    dashboard.filter_edit.setFocus()
    qtbot.waitUntil(dashboard.filter_edit.hasFocus)
    seen = []
    for _ in range(4):
        qtbot.keyClick(dashboard.focusWidget(), Qt.Key.Key_Tab)
        seen.append(dashboard.focusWidget())
    refresh = seen[0]
    assert refresh.text() == "&Refresh"
    assert seen[1:] == [dashboard.tree_sort.combo, dashboard.tree_sort.descending,
                        dashboard.tree]
    dashboard.tree_sort.combo.setFocus()
    qtbot.keyClick(dashboard.tree_sort.combo, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dashboard.isVisible())
