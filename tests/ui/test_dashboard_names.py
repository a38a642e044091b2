"""The deadlines dashboard as a compliance officer reads it: whole company names, the
Chinese name beside the English, columns that fit what they show (and keep a width the
officer set), sorting within the groups, the keyboard, the chart's heading, the empty
state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QScrollArea, QStyleOptionViewItem

from approvals.services.workspace import ExpectedNotification, OpenTrack
from approvals.ui.dashboard import (
    STATE,
    TARGET,
    TARGET_ZH,
    DashboardData,
    DeadlinesDashboard,
    GroupedList,
    RowRef,
    chart_title,
)

TODAY = date(2026, 11, 29)
LONG = "Xi'an Dunjian Defence Intelligence Co., Ltd."
LONG_ZH = "西安盾剑防务智能有限公司"


def track(track_id: int, reference: str, target: str, due: str | None, zh: str = "",
          regime: str = "CN-FISR", owner: str = "alice") -> OpenTrack:
    return OpenTrack(track_id, reference, target, regime, regime, "general_review", due, False,
                     False, owner, target_zh=zh)


def notification(track_id: int, reference: str, target: str, zh: str = "") -> ExpectedNotification:
    return ExpectedNotification(
        track_id, reference, target, "US-OISP", "internal_review", "alice", "2027-02-01",
        "2027-03-03", False, "due 30 calendar days after the completion date",
        "31 CFR 850.401", target_zh=zh)


def rows(tree: GroupedList, group: int | None = None) -> list[RowRef]:
    """The rows of a group (by default the first that has any)."""
    heads = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    head = heads[group] if group is not None else next(h for h in heads if h.childCount())
    return [head.child(i) for i in range(head.childCount())]


def cut(tree: GroupedList, column: int, text: str) -> bool:
    return tree.fontMetrics().horizontalAdvance(text) + 8 > tree.columnWidth(column)


def data(*tracks: OpenTrack, expected: tuple[ExpectedNotification, ...] = ()) -> DashboardData:
    return DashboardData(list(tracks), [("CN-FISR", "general_review", len(tracks))], list(expected))


@pytest.fixture
def dashboard(qtbot, runner, tmp_path: Path) -> DeadlinesDashboard:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dashboard = DeadlinesDashboard(runner, settings=settings)
    qtbot.addWidget(dashboard)
    dashboard.resize(1300, 700)
    dashboard.show()
    qtbot.waitExposed(dashboard)
    return dashboard


def test_a_long_name_and_the_chinese_name_are_shown_whole(qtbot, dashboard) -> None:
    dashboard._show(data(track(1, "AP-2026-0014", LONG, "2027-01-10", LONG_ZH),
                         track(2, "AP-2026-0003", "Short Ltd.", "2027-01-11")), today=TODAY)
    tree = dashboard.tree
    first, second = rows(tree)
    assert (first.text(TARGET), first.text(TARGET_ZH)) == (LONG, LONG_ZH)
    # At the dashboard's size both names are read whole, not "Xi'an Dunjian Defenc…".
    qtbot.waitUntil(lambda: not cut(tree, TARGET, LONG) and not cut(tree, TARGET_ZH, LONG_ZH))
    assert first.toolTip(TARGET) == LONG
    assert first.toolTip(TARGET_ZH) == f"{LONG}\n{LONG_ZH}"  # as the case list's hover
    # The Chinese name comes right after the English one.
    header = tree.header()
    assert header.visualIndex(TARGET_ZH) == header.visualIndex(TARGET) + 1
    assert not tree.isColumnHidden(TARGET_ZH)
    assert second.text(TARGET_ZH) == "" and second.toolTip(TARGET_ZH) == ""
    # Rows are as tall as the Chinese characters need (a row took the heading's height).
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    needed = tree.itemDelegate().sizeHint(option, tree.indexFromItem(first, TARGET_ZH)).height()
    assert tree.visualItemRect(first).height() >= needed


def test_the_expected_notifications_show_the_chinese_name_too(qtbot, dashboard) -> None:
    dashboard._show(data(expected=(notification(3, "AP-2026-0002", LONG, LONG_ZH),)),
                    today=TODAY)
    tree = dashboard.expected_tree
    (row,) = rows(tree)
    assert (row.text(TARGET), row.text(TARGET_ZH)) == (LONG, LONG_ZH)
    assert row.toolTip(TARGET) == LONG and LONG_ZH in row.toolTip(TARGET_ZH)
    assert not tree.isColumnHidden(TARGET_ZH)
    assert tree.header().visualIndex(TARGET_ZH) == TARGET + 1


def test_no_chinese_name_no_column(dashboard) -> None:
    dashboard._show(data(track(1, "AP-2026-0001", "Plain Ltd.", "2027-01-10"),
                         expected=(notification(2, "AP-2026-0002", "Plain Ltd."),)), today=TODAY)
    assert dashboard.tree.isColumnHidden(TARGET_ZH)
    assert dashboard.expected_tree.isColumnHidden(TARGET_ZH)
    # A case with one comes in: the column shows, fitted, not taken for a width set by hand.
    dashboard._show(data(track(1, "AP-2026-0001", "Plain Ltd.", "2027-01-10", LONG_ZH)),
                    today=TODAY)
    assert not dashboard.tree.isColumnHidden(TARGET_ZH)
    assert dashboard.tree_columns.chosen == {} and not cut(dashboard.tree, TARGET_ZH, LONG_ZH)


def test_a_narrow_window_narrows_the_names_not_the_owner(qtbot, dashboard) -> None:
    dashboard._show(data(*(track(i, f"AP-2026-{i:04}", f"{LONG} {i}", "2027-01-10", LONG_ZH)
                           for i in range(1, 4))), today=TODAY)
    # The other columns at their least (they give way first), and narrower still.
    dashboard.resize(700, 600)
    tree = dashboard.tree
    header = tree.header()
    owner = header.logicalIndex(header.count() - 1)
    assert tree.model().headers[owner] == "Owner"

    def fits() -> bool:
        return (header.sectionViewportPosition(owner) + header.sectionSize(owner)
                <= tree.viewport().width())

    qtbot.waitUntil(fits)
    assert tree.horizontalScrollBar().maximum() == 0
    assert header.sectionSize(owner) >= tree.fontMetrics().horizontalAdvance("alice")
    # The name gave way, and is whole on hover.
    row = rows(tree)[0]
    assert cut(tree, TARGET, row.text(TARGET)) and row.toolTip(TARGET) == row.text(TARGET)
    assert not cut(tree, 1, row.text(1))  # the case reference is never cut
    # Wide again: the name has its room back.
    dashboard.resize(1300, 700)
    qtbot.waitUntil(lambda: not cut(tree, TARGET, row.text(TARGET)))


def test_a_width_the_officer_sets_is_kept_until_its_divider_is_double_clicked(
        qtbot, runner, dashboard, tmp_path: Path) -> None:
    rows_data = data(track(1, "AP-2026-0001", LONG, "2027-01-10", LONG_ZH))
    dashboard._show(rows_data, today=TODAY)
    header = dashboard.tree.header()
    fitted = header.sectionSize(TARGET)
    header.resizeSection(TARGET, 150)  # as a drag of the divider does
    dashboard._show(rows_data, today=TODAY)  # a refresh keeps it
    dashboard.resize(1400, 700)
    qtbot.wait(20)
    assert header.sectionSize(TARGET) == 150
    # The next dashboard (the next session) opens with it.
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    again = DeadlinesDashboard(runner, settings=settings)
    qtbot.addWidget(again)
    again.resize(1300, 700)
    again.show()
    again._show(rows_data, today=TODAY)
    assert again.tree.header().sectionSize(TARGET) == 150
    # A double-click on the divider fits the column to its text again, for good.
    again.tree.header().sectionHandleDoubleClicked.emit(TARGET)
    qtbot.waitUntil(lambda: again.tree.header().sectionSize(TARGET) == fitted)
    assert "Target" not in str(settings.value("dashboard/deadline_columns", ""))


def test_the_dashboard_keeps_widths_with_the_main_window_settings(
        qtbot, runner, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.settings = QSettings(  # type: ignore[attr-defined]
        str(tmp_path / "main.ini"), QSettings.Format.IniFormat)
    dashboard = DeadlinesDashboard(runner, parent)
    assert dashboard.settings is parent.settings  # type: ignore[attr-defined]
    alone = DeadlinesDashboard(runner)
    qtbot.addWidget(alone)
    assert alone.settings is None


def click_header(qtbot, tree: GroupedList, column: int) -> None:
    header = tree.header()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def test_a_click_on_a_header_sorts_each_group_and_keeps_the_groups(qtbot, dashboard) -> None:
    tracks = (track(1, "AP-2026-0001", "Zeta Ltd.", "2026-11-01", owner="bob"),
              track(2, "AP-2026-0002", "alpha Ltd.", "2026-11-05", owner="carol"),
              track(3, "AP-2026-0003", "Mu Ltd.", "2027-05-01", owner="alice"),
              track(4, "AP-2026-0004", "Beta Ltd.", "2027-04-01", owner="dave"))
    dashboard._show(data(*tracks), today=TODAY)
    tree = dashboard.tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups[0] == "Overdue (2)"

    def targets(group: int) -> list[str]:
        return [r.text(TARGET) for r in rows(tree, group)]

    later = groups.index("Due later (2)")
    assert targets(0) == ["Zeta Ltd.", "alpha Ltd."] and targets(later) == ["Beta Ltd.", "Mu Ltd."]
    tree.setCurrentItem(rows(tree, 0)[0])
    click_header(qtbot, tree, TARGET)
    assert targets(0) == ["alpha Ltd.", "Zeta Ltd."]  # regardless of capitals
    assert targets(later) == ["Beta Ltd.", "Mu Ltd."]
    assert tree.currentItem().text(TARGET) == "Zeta Ltd."  # the same track stays current
    click_header(qtbot, tree, TARGET)  # again: the other way round
    assert targets(0) == ["Zeta Ltd.", "alpha Ltd."] and targets(later) == ["Mu Ltd.", "Beta Ltd."]
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == groups
    # A refresh keeps the order chosen.
    dashboard._show(data(*tracks), today=TODAY)
    assert targets(0) == ["Zeta Ltd.", "alpha Ltd."]
    click_header(qtbot, tree, tree.columnCount() - 1)  # Owner
    assert [r.text(6) for r in rows(tree, 0)] == ["bob", "carol"]
    assert [r.text(6) for r in rows(tree, later)] == ["alice", "dave"]


def test_sorting_by_due_puts_no_date_last(qtbot, dashboard) -> None:
    dashboard._show(data(expected=(
        notification(1, "AP-2026-0001", "A Ltd."),
        ExpectedNotification(2, "AP-2026-0002", "B Ltd.", "US-OISP", "draft", "alice", None,
                             None, False, "rule", "citation"),
    )), today=TODAY)
    tree = dashboard.expected_tree
    click_header(qtbot, tree, 3)  # Expected completion: "not known" after the dates
    assert [r.text(1) for r in rows(tree, 0)] == ["AP-2026-0001"]
    assert [r.text(3) for r in rows(tree, 1)] == ["not known"]
    assert tree.header().sortIndicatorSection() == 3


def test_enter_on_a_row_opens_its_case_and_the_list_has_the_focus(qtbot, dashboard) -> None:
    dashboard._show(data(track(1, "AP-2026-0007", LONG, "2026-11-01", LONG_ZH)), today=TODAY)
    tree = dashboard.tree
    assert dashboard.focusWidget() is tree  # Ctrl+D, then the arrows: no Tab first
    tree.setCurrentItem(rows(tree)[0])
    with qtbot.waitSignal(dashboard.open_track, timeout=2_000) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == ["AP-2026-0007", "CN-FISR"]  # the case at the row's track
    tree.setCurrentItem(tree.topLevelItem(0))
    with qtbot.assertNotEmitted(dashboard.open_case), \
            qtbot.assertNotEmitted(dashboard.open_track):  # a group heading opens nothing
        qtbot.keyClick(tree, Qt.Key.Key_Return)


def test_the_chart_says_it_counts_every_track_and_gives_every_count_in_words(
        dashboard) -> None:
    counts = [("CN-FISR", "draft", 9), ("US-OISP", "draft", 6), ("CN-SAMR", "closed", 2),
              ("CN-SAMR", "materials_requested", 1)]
    assert chart_title(counts) == "All tracks by state (18, open and ended)"
    dashboard._show(DashboardData([track(1, "AP", "T", "2027-01-01")], counts), today=TODAY)
    chart = dashboard.chart
    # The tooltip has every bar, with its count and the regimes it counts.
    assert chart.toolTip().splitlines() == [
        "Every filing track, open or ended, by the state it is in (as its regime names it)",
        "Draft: 15 (CN-FISR 9, US-OISP 6)", "Closed: 2 (CN-SAMR)",
        "Materials requested: 1 (CN-SAMR)"]
    # Never shorter than its states (it scrolls instead), and it narrows rather than
    # scrolling sideways, where the numbers would be out of view.
    assert chart.minimumSizeHint().height() >= chart.fontMetrics().height() * (len(chart.bars) + 1)
    scroll = dashboard.findChild(QScrollArea, "stateChartScroll")
    assert scroll.widget() is chart
    assert scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_no_track_no_empty_groups(dashboard) -> None:
    assert dashboard.tree.placeholder == "Reading the deadlines…"  # not "none" while reading
    dashboard._show(DashboardData([], []), today=TODAY)
    assert dashboard.tree.topLevelItemCount() == 0
    assert dashboard.tree.placeholder == "No open filing tracks"  # in the blank list
    assert "No open filing tracks" in dashboard.summary.text()
    assert dashboard.summary.wordWrap()  # at 200 % the line would hold the window wide
    assert STATE == 4 and dashboard.tree.model().headers[STATE] == "State"


def test_the_deadlines_get_the_height_the_lower_part_does_not_need(qtbot, dashboard) -> None:
    dashboard.resize(1300, 900)
    expected = tuple(notification(i, f"AP-2026-{i:04}", f"Co {i}", "公司") for i in range(1, 4))
    dashboard._show(data(*(track(i, f"AP-2026-{i:04}", f"Co {i}", "2027-01-10")
                           for i in range(1, 30)), expected=expected), today=TODAY)
    lists = dashboard.lists
    qtbot.waitUntil(lambda: lists.sizes()[0] > 2 * lists.sizes()[1])
    assert lists.sizes()[1] <= 0.45 * sum(lists.sizes())
    # The lower part still shows every projection and every state of the chart.
    tree = dashboard.expected_tree
    last = rows(tree)[-1]
    assert tree.visualItemRect(last).bottom() <= tree.viewport().height()
    # A divider the officer drags stays where it is put, refresh or resize.
    lists.splitterMoved.emit(300, 1)
    lists.setSizes([300, sum(lists.sizes()) - 300])
    before = lists.sizes()
    dashboard._show(data(track(1, "AP-2026-0001", "Co", "2027-01-10"), expected=expected),
                    today=TODAY)
    assert lists.sizes() == before


def test_the_filter_finds_a_company_by_its_chinese_name(qtbot, dashboard) -> None:
    tracks = (track(1, "AP-2026-0014", LONG, "2026-11-01", LONG_ZH),
              track(2, "AP-2026-0002", "Shenzhen Jixie Vision Robotics Co., Ltd.", "2026-11-02",
                    "深圳机械视觉机器人有限公司"),
              track(3, "AP-2026-0003", "Plain Ltd.", "2027-05-01", owner="bob"))
    dashboard._show(data(*tracks, expected=(notification(4, "AP-2026-0014", LONG, LONG_ZH),
                                            notification(5, "AP-2026-0003", "Plain Ltd."))),
                    today=TODAY)
    tree, below = dashboard.tree, dashboard.expected_tree
    qtbot.keyClick(dashboard.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert dashboard.focusWidget() is dashboard.filter_edit  # Ctrl+F

    def shown(t: GroupedList) -> list[str]:
        return [r.text(1) for i in range(t.topLevelItemCount())
                for r in rows(t, i) if not r.isHidden()]

    dashboard.filter_edit.insert("盾剑")  # typed through an input method: no key codes
    qtbot.waitUntil(lambda: shown(tree) == ["AP-2026-0014"])
    assert tree.topLevelItem(0).text(0) == "Overdue (1 of 2)"
    assert tree.topLevelItem(1).text(0).startswith("Due this week (0) · ")  # not "(0 of 0)"
    assert shown(below) == ["AP-2026-0014"]
    # Words match in any cell, all of them: English name, owner.
    dashboard.filter_edit.setText("plain bob")
    qtbot.waitUntil(lambda: shown(tree) == ["AP-2026-0003"])
    assert shown(below) == []  # bob owns the track, not the projection (alice)
    # A refresh keeps the filter; Enter goes to the first row shown.
    dashboard._show(data(*tracks), today=TODAY)
    assert shown(tree) == ["AP-2026-0003"]
    qtbot.keyClick(dashboard.filter_edit, Qt.Key.Key_Return)
    assert dashboard.focusWidget() is tree and tree.currentItem().text(1) == "AP-2026-0003"
    # Escape in the filter clears it, and does not close the window; cleared, all is back.
    dashboard.filter_edit.setFocus()
    qtbot.keyClick(dashboard.filter_edit, Qt.Key.Key_Escape)
    assert dashboard.filter_edit.text() == "" and dashboard.isVisible()
    assert shown(tree) == ["AP-2026-0014", "AP-2026-0002", "AP-2026-0003"]
    assert tree.topLevelItem(0).text(0) == "Overdue (2)"


def test_the_window_and_its_dividers_reopen_as_left(qtbot, runner, dashboard,
                                                      tmp_path: Path) -> None:
    dashboard._show(data(track(1, "AP-2026-0001", LONG, "2027-01-10", LONG_ZH),
                         expected=(notification(2, "AP-2026-0002", LONG, LONG_ZH),)),
                    today=TODAY)
    dashboard.resize(760, 560)  # within the test platform's 800 px screen
    lists = dashboard.lists
    lists.splitterMoved.emit(250, 1)  # as a drag of the divider does
    lists.setSizes([250, sum(lists.sizes()) - 250])
    qtbot.wait(10)
    dropped = lists.sizes()
    dashboard.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    again = DeadlinesDashboard(runner, settings=settings)
    qtbot.addWidget(again)
    again.show()
    again._show(data(track(1, "AP-2026-0001", LONG, "2027-01-10", LONG_ZH)), today=TODAY)
    assert (again.width(), again.height()) == (760, 560)
    # (a summary line shorter or longer than before moves it by a few pixels)
    assert again.split_moved and abs(again.lists.sizes()[0] - dropped[0]) <= 10
    # Left alone, the divider goes on following the rows (no state kept for it).
    fresh = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    untouched = DeadlinesDashboard(runner, settings=fresh)
    qtbot.addWidget(untouched)
    untouched.show()
    untouched.close()
    assert fresh.value("dashboard/lists") is None and fresh.value("dashboard/geometry")
