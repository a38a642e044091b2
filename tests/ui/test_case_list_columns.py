"""The case list's column chooser: a header's context menu (and Shift+F10 or the Menu key
in the list) shows and hides columns, Target (Chinese) among them (hidden at first); the
choice is remembered, the columns go on fitting the window, and the filter still finds
the Chinese name whether its column shows or not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt

from approvals.paths import DataDir
from approvals.services.cases import CaseRow
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import (
    COLUMNS,
    OWNER_COLUMN,
    TARGET_COLUMN,
    TARGET_ZH_COLUMN,
    CaseTableModel,
    prepare_rows,
    row_texts,
)
from approvals.ui.main_window import (
    COLUMN_WIDTHS,
    HIDDEN_KEY,
    NARROWEST,
    LoadedList,
    MainWindow,
)
from approvals.ui.workers import TaskRunner

ZH = "西安盾剑防务智能有限公司"
INVESTOR = 2


def case_row(n: int, target: str = "", zh: str = "", due: str | None = None,
             regimes: tuple[str, ...] = ("CN-FISR",)) -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target=target or f"Target {n} Ltd.",
                   investor="Fund", amount_value=None, amount_currency=None, status="open",
                   owner="alice", updated_at="", regimes=regimes, worst_state="general_review",
                   next_deadline=due, target_zh=zh)


@pytest.fixture
def make_window(qtbot, db: Database, data_dir: DataDir, admin: Actor):
    windows: list[MainWindow] = []

    def make(width: int = 1280) -> MainWindow:
        window = MainWindow(TaskRunner(db), data_dir, admin)
        qtbot.addWidget(window)
        window.resize(width, 780)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.runner.idle and window.count_label.text() != "",
                        timeout=10_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.columns_menu.close()
        window.runner.wait_for_done()


def show_rows(qtbot, window: MainWindow, rows: list[CaseRow]) -> None:
    """Rows as the worker hands them over (no database needed for what the list shows)."""
    window._show_cases(LoadedList(prepare_rows(rows), ("CN-FISR",), None, None),
                      window._generation)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)


def visual_titles(window: MainWindow) -> list[str]:
    header = window.table.horizontalHeader()
    return [COLUMNS[header.logicalIndex(v)].title for v in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(v))]


def no_sideways_scrolling(window: MainWindow) -> bool:
    header = window.table.horizontalHeader()
    return (window.table.horizontalScrollBar().maximum() == 0
            and header.length() <= window.table.viewport().width())


def test_target_chinese_is_a_column_hidden_at_first_and_shown_after_target(
        qtbot, make_window) -> None:
    window = make_window()
    show_rows(qtbot, window, [case_row(1, "Xi'an Dunjian Ltd.", ZH), case_row(2)])
    assert "Target (Chinese)" not in visual_titles(window)
    assert not window.column_actions[TARGET_ZH_COLUMN].isChecked()
    window.column_actions[TARGET_ZH_COLUMN].trigger()  # as choosing it in the menu does
    assert visual_titles(window)[:3] == ["Reference", "Target", "Target (Chinese)"]
    assert visual_titles(window)[-1] == "Owner"  # still the last, stretched
    model = window.model
    assert model.data(model.index(0, TARGET_ZH_COLUMN)) == ZH
    assert model.data(model.index(1, TARGET_ZH_COLUMN)) == ""
    # Its tooltip gives both names, as the Target column's does.
    assert model.data(model.index(0, TARGET_ZH_COLUMN), Qt.ItemDataRole.ToolTipRole) \
        == f"Xi'an Dunjian Ltd.\n{ZH}"
    # Sorting by it puts the cases without a Chinese name last, either name first.
    window.table.sortByColumn(TARGET_ZH_COLUMN, Qt.SortOrder.AscendingOrder)
    assert model.row_at(0).target_zh == ZH and model.row_at(1).target_zh == ""


def test_row_texts_hold_the_chinese_name_in_its_column() -> None:
    row = case_row(1, "T", ZH)
    assert row_texts(row)[TARGET_ZH_COLUMN] == ZH
    assert row_texts(row)[OWNER_COLUMN] == "alice"
    assert COLUMNS[TARGET_ZH_COLUMN].title == "Target (Chinese)"
    # Each header's tooltip says how to choose the columns, under what the column shows.
    model = CaseTableModel()
    model.header_hint = "Right-click"
    tip = model.headerData(TARGET_ZH_COLUMN, Qt.Orientation.Horizontal,
                           Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("The company's Chinese name") and tip.endswith("Right-click")


def test_the_header_context_menu_hides_and_shows_columns(qtbot, make_window) -> None:
    window = make_window()
    header = window.table.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(20, 5))  # a right-click on the header
    menu = window.columns_menu
    qtbot.waitUntil(menu.isVisible)
    entries = [a for a in menu.actions() if not a.isSeparator()]
    # Every column, in the order shown, ticked when shown; Reference cannot be hidden.
    assert [a.text().replace("&", "") for a in entries] == [
        "Reference", "Target", "Target (Chinese)", "Investor", "Amount",
        "Regimes needing action", "Status", "Next deadline", "Owner"]
    assert [a.isChecked() for a in entries] == [True, True, False] + [True] * 6
    assert not entries[0].isEnabled() and entries[0].toolTip()
    entries[3].trigger()  # Investor off
    assert header.isSectionHidden(INVESTOR) and "Investor" not in visual_titles(window)
    menu.close()
    window.set_column_shown(INVESTOR, True)
    assert not header.isSectionHidden(INVESTOR) and window.column_actions[INVESTOR].isChecked()
    window.set_column_shown(0, False)  # Reference stays
    assert not header.isSectionHidden(0)


@pytest.mark.parametrize("key, modifiers", [(Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier),
                                            (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier)])
def test_shift_f10_or_the_menu_key_in_the_list_opens_the_column_chooser(
        qtbot, make_window, key, modifiers) -> None:
    window = make_window()
    show_rows(qtbot, window, [case_row(1), case_row(2)])
    window.activateWindow()
    window.table.setFocus()
    window.table.selectRow(0)
    qtbot.waitUntil(window.table.hasFocus)
    qtbot.keyClick(window.table, key, modifiers)
    qtbot.waitUntil(window.columns_menu.isVisible)
    # The keyboard moves in the menu and ticks a column, as a mouse click would.
    assert window.columns_menu.actions()[2].text() == "Target (&Chinese)"
    window.columns_menu.setActiveAction(window.columns_menu.actions()[2])
    qtbot.keyClick(window.columns_menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.columns_menu.isVisible())
    assert "Target (Chinese)" in visual_titles(window)


def test_the_choice_is_remembered_with_the_header(qtbot, make_window, data_dir: DataDir) -> None:
    window = make_window()
    window.set_column_shown(TARGET_ZH_COLUMN, True)
    window.set_column_shown(INVESTOR, False)
    window.close()
    settings = QSettings(str(data_dir.root / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value(HIDDEN_KEY) == "Investor"
    assert isinstance(settings.value("main_window/case_table"), QByteArray)
    again = make_window()
    assert visual_titles(again)[:3] == ["Reference", "Target", "Target (Chinese)"]
    assert "Investor" not in visual_titles(again)
    assert not again.column_actions[INVESTOR].isChecked()
    assert again.column_actions[TARGET_ZH_COLUMN].isChecked()
    assert again.fit_columns  # choosing columns is not sizing them by hand


def test_a_header_saved_before_the_chinese_column_existed_keeps_it_hidden_after_target(
        qtbot, make_window, data_dir: DataDir) -> None:
    """A state saved by the earlier, eight-column list: the new column starts as on a
    first start (hidden, after Target), not shown at the end."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView

    old = QTableView()
    old.setModel(QStandardItemModel(1, 8))
    old.horizontalHeader().resizeSection(1, 260)
    old.horizontalHeader().setSortIndicator(7, Qt.SortOrder.DescendingOrder)  # its Owner
    settings = QSettings(str(data_dir.root / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("main_window/case_table", old.horizontalHeader().saveState())
    settings.sync()
    window = make_window()
    assert "Target (Chinese)" not in visual_titles(window)
    header = window.table.horizontalHeader()
    assert header.sortIndicatorSection() == OWNER_COLUMN  # still sorted by Owner
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    window.set_column_shown(TARGET_ZH_COLUMN, True)
    assert visual_titles(window)[:3] == ["Reference", "Target", "Target (Chinese)"]


def test_the_columns_fit_the_window_whichever_are_shown(qtbot, make_window) -> None:
    window = make_window()
    show_rows(qtbot, window, [case_row(1, "T", ZH)])
    header = window.table.horizontalHeader()
    assert header.sectionSize(TARGET_COLUMN) == COLUMN_WIDTHS[TARGET_COLUMN]
    # One more column at the default size: the long-text ones give it room, no scrolling,
    # Target last (the others had room enough to give here).
    window.set_column_shown(TARGET_ZH_COLUMN, True)
    qtbot.waitUntil(lambda: no_sideways_scrolling(window))
    assert header.sectionSize(INVESTOR) < COLUMN_WIDTHS[INVESTOR]
    assert header.sectionSize(TARGET_COLUMN) == COLUMN_WIDTHS[TARGET_COLUMN]
    assert header.sectionSize(TARGET_ZH_COLUMN) >= NARROWEST
    assert window.fit_columns
    # Narrower: Target keeps NARROWEST at least, the deadline's date never cut, and all
    # nine fit (the empty Next deadline and Amount give their room first).
    window.resize(900, 600)
    qtbot.waitUntil(lambda: window.table.width() < 900)
    qtbot.waitUntil(lambda: no_sideways_scrolling(window))
    assert header.sectionSize(TARGET_COLUMN) >= NARROWEST
    assert header.sectionSize(INVESTOR) <= header.sectionSize(TARGET_COLUMN)
    assert header.sectionSize(6) >= header.fontMetrics().horizontalAdvance("2026-12-31") + 24
    qtbot.waitUntil(lambda: no_sideways_scrolling(window))
    # One fewer: the others take room back.
    window.set_column_shown(INVESTOR, False)
    qtbot.waitUntil(lambda: header.sectionSize(TARGET_ZH_COLUMN) >= NARROWEST)
    assert no_sideways_scrolling(window)
    window.set_column_shown(INVESTOR, True)
    # Two hidden: the others take their widths back.
    window.resize(1280, 780)
    window.set_column_shown(TARGET_ZH_COLUMN, False)
    window.set_column_shown(INVESTOR, False)
    qtbot.waitUntil(lambda: header.sectionSize(TARGET_COLUMN) == COLUMN_WIDTHS[TARGET_COLUMN])
    assert no_sideways_scrolling(window) and window.fit_columns


def test_hiding_owner_stretches_the_last_column_shown_without_counting_as_a_drag(
        qtbot, make_window) -> None:
    window = make_window()
    show_rows(qtbot, window, [case_row(1)])
    header = window.table.horizontalHeader()
    window.set_column_shown(OWNER_COLUMN, False)
    assert window._stretched_column() == 6
    window.resize(900, 600)
    qtbot.waitUntil(lambda: window.table.width() < 900)
    qtbot.waitUntil(lambda: no_sideways_scrolling(window))
    assert window.fit_columns
    # A real drag still makes the widths the officer's.
    header.resizeSection(TARGET_COLUMN, 300)
    assert not window.fit_columns


def test_the_filter_finds_the_chinese_name_shown_or_not(qtbot, make_window) -> None:
    window = make_window()
    show_rows(qtbot, window, [case_row(1, "Xi'an Dunjian Ltd.", ZH), case_row(2)])
    for shown in (False, True):
        window.set_column_shown(TARGET_ZH_COLUMN, shown)
        window.filter_edit.setText("盾剑")
        qtbot.waitUntil(lambda: window.model.rowCount() == 1)
        assert window.model.row_at(0).target_zh == ZH
        window.filter_edit.clear()
        qtbot.waitUntil(lambda: window.model.rowCount() == 2)


def test_the_keyboards_column_menu_opens_below_the_header(qtbot, make_window) -> None:
    window = make_window()
    show_rows(qtbot, window, [case_row(1)])
    window.table.setCurrentIndex(window.model.index(0, 5))
    menu = window.show_columns_menu()
    qtbot.waitUntil(menu.isVisible)
    header = window.table.horizontalHeader()
    assert abs(menu.pos().y() - header.mapToGlobal(QPoint(0, header.height())).y()) <= 2
    menu.close()


def test_a_blocked_status_is_read_whole_at_1366_and_1280(qtbot, make_window) -> None:
    """'Draft (blocked: prohibited by screening)' in bold was cut to 'Draft (blocked: …'
    in a 140-pixel Status column; the long-text columns now give it room."""
    from PySide6.QtGui import QFont, QFontMetrics

    from approvals.ui.case_list import STATUS_COLUMN

    blocked = case_row(2)._replace(worst_state="draft",
                                   blocked=(("US-OISP", "prohibited by screening"),))
    for width in (1366, 1280):
        window = make_window(width)
        show_rows(qtbot, window, [case_row(1), blocked])
        model, header = window.model, window.table.horizontalHeader()
        row = next(r for r in range(model.rowCount()) if model.row_at(r).blocked)
        text = model.data(model.index(row, STATUS_COLUMN))
        assert text == "Draft (blocked: prohibited by screening)"
        bold = QFont(window.table.font())
        bold.setBold(True)
        needed = QFontMetrics(bold).horizontalAdvance(text)
        qtbot.waitUntil(lambda: header.sectionSize(STATUS_COLUMN) > needed + 8)  # noqa: B023
        assert no_sideways_scrolling(window) and window.fit_columns
        assert header.sectionSize(TARGET_COLUMN) >= NARROWEST
        # Without a blocked case, Status goes back to its own width.
        show_rows(qtbot, window, [case_row(1)])
        status_width = COLUMN_WIDTHS[STATUS_COLUMN]
        qtbot.waitUntil(lambda: header.sectionSize(STATUS_COLUMN) == status_width)  # noqa: B023
        assert header.sectionSize(TARGET_COLUMN) == COLUMN_WIDTHS[TARGET_COLUMN]


def test_a_narrowed_column_keeps_its_whole_title(qtbot, make_window) -> None:
    """'Regimes needing action' was cut to 'egimes needing actio' when the columns fitted
    a window (or a blocked case's Status took room): a long-text column gives way down
    to its title's width, not below it."""
    window = make_window(1280)
    show_rows(qtbot, window, [case_row(1, "T", ZH)])
    window.set_column_shown(TARGET_ZH_COLUMN, True)
    header = window.table.horizontalHeader()
    regimes = 4
    qtbot.waitUntil(lambda: header.sectionSize(INVESTOR) < COLUMN_WIDTHS[INVESTOR])
    assert no_sideways_scrolling(window)
    # Selecting a row does not make the titles bold (and wider than their columns).
    window.table.selectRow(0)
    assert not header.highlightSections()
    for column in (regimes, TARGET_ZH_COLUMN):
        title = header.fontMetrics().horizontalAdvance(COLUMNS[column].title)
        assert header.sectionSize(column) >= title + 16 > NARROWEST
