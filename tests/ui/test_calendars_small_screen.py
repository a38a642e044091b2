"""View → Holiday calendars… on a small screen at 125–200 %: when the three panes do not fit
side by side (1366×768 at 200 % leaves about 650×350), they go on tabs of the whole width,
and the days table shows every column without sideways scrolling; at a normal size the
panes stay side by side as before, with a divider that cannot be dragged past the columns
and is remembered in the settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QTableWidget

from approvals.store.audit import Actor
from approvals.ui.calendars import SIDE_BY_SIDE, TABS, HolidayCalendarsDialog
from approvals.ui.workers import TaskRunner

SMALL = (650, 350)  # 1366×768 at QT_SCALE_FACTOR=2, less the frame
NORMAL = (1100, 680)  # the dialog's size on a large screen at 100 %


def open_at(qtbot, runner: TaskRunner, actor: Actor, size: tuple[int, int],
            settings: QSettings | None = None) -> HolidayCalendarsDialog:
    dialog = HolidayCalendarsDialog(runner, actor, settings=settings)
    qtbot.addWidget(dialog)
    dialog.resize(*size)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    QApplication.processEvents()
    return dialog


def assert_all_columns_visible(table: QTableWidget, whole: tuple[int, ...]) -> None:
    """Every column inside the viewport (none past its right edge), no sideways scroll
    bar, and the columns `whole` as wide as their widest text."""
    header = table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()
    assert table.horizontalScrollBar().maximum() == 0
    for column in range(table.columnCount()):
        assert not header.isSectionHidden(column)
        left = header.sectionViewportPosition(column)
        assert left >= 0 and left + header.sectionSize(column) <= table.viewport().width(), \
            f"column {column} is past the table's edge"
    for column in whole:
        assert header.sectionSize(column) >= table.sizeHintForColumn(column), \
            f"column {column} cuts its text"


def test_a_small_window_puts_the_panes_on_tabs_with_every_column_in_view(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = open_at(qtbot, runner, admin, SMALL)
    assert dialog.width() < dialog.side_by_side_width()
    assert dialog.layout_mode == TABS
    assert not dialog.splitter.isVisible()
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "&Years", "&Days", "&Month view"]
    assert dialog.tabs.currentWidget() is dialog.days_table  # this year's days, at once
    table = dialog.days_table
    assert table.isVisible() and table.rowCount() > 0
    assert_all_columns_visible(table, whole=(0, 1, 2))
    # Each pane has the dialog's width, less its margins.
    assert table.width() >= dialog.width() - 40
    # The Name gets what is left; the whole of it is in the tooltip.
    name = table.item(0, 3)
    assert name.toolTip() == name.text() and name.text()
    assert table.item(0, 2).toolTip() == table.item(0, 2).text()

    dialog.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    assert dialog.years_table.isVisible() and dialog.calendar_combo.isVisible()
    assert_all_columns_visible(dialog.years_table, whole=(0, 1))
    runner.wait_for_done()


def test_on_tabs_the_source_is_one_line_with_the_whole_in_the_tooltip(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = open_at(qtbot, runner, admin, SMALL)
    source = dialog.years_table.item(dialog.years_table.currentRow(), 2).text()
    title = dialog.year_title
    assert "…" in title.text() and source not in title.text()
    assert title.toolTip() == source
    # Two lines of headline and one of source at most: the days keep the height.
    assert title.heightForWidth(title.width()) <= 4 * title.fontMetrics().height()
    runner.wait_for_done()


def test_choosing_a_year_on_tabs_shows_its_days(qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = open_at(qtbot, runner, admin, SMALL)
    dialog.tabs.setCurrentIndex(0)
    year = date.today().year + 1
    dialog.select_year(year)
    dialog.years_table.setFocus()
    qtbot.keyClick(dialog.years_table, Qt.Key.Key_Return)
    assert dialog.tabs.currentWidget() is dialog.days_table
    assert dialog.days_table.item(0, 0).text().startswith(str(year))
    assert f"{year}</b>" in dialog.year_title.text()
    runner.wait_for_done()


def test_a_normal_size_keeps_the_panes_side_by_side(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = open_at(qtbot, runner, admin, NORMAL)
    assert dialog.layout_mode == SIDE_BY_SIDE
    assert dialog.splitter.isVisible() and not dialog.tabbed.isVisible()
    for pane in (dialog.years_table, dialog.month_view, dialog.days_table, dialog.legend):
        assert pane.isVisible()

    def left(widget) -> int:
        return widget.mapTo(dialog, widget.rect().topLeft()).x()

    # Years | month view | days, as before; the title over the month view and the days.
    assert left(dialog.years_table) < left(dialog.month_view) < left(dialog.days_table)
    assert dialog.year_title.mapTo(dialog, dialog.year_title.rect().topLeft()).y() < \
        dialog.days_table.mapTo(dialog, dialog.days_table.rect().topLeft()).y()
    assert "…" not in dialog.year_title.text()  # the whole source, wrapped
    assert_all_columns_visible(dialog.days_table, whole=(0, 1, 2))
    assert_all_columns_visible(dialog.years_table, whole=(0, 1))
    runner.wait_for_done()


def test_the_layout_follows_the_window_and_keeps_the_selection(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = open_at(qtbot, runner, admin, NORMAL)
    year = date.today().year + 1
    dialog.select_year(year)
    dialog.resize(*SMALL)
    QApplication.processEvents()
    assert dialog.layout_mode == TABS and dialog.selected_year() == year
    assert_all_columns_visible(dialog.days_table, whole=(0, 1, 2))
    dialog.resize(*NORMAL)
    QApplication.processEvents()
    assert dialog.layout_mode == SIDE_BY_SIDE and dialog.selected_year() == year
    assert dialog.tabs.count() == 0 and dialog.month_view.isVisible()
    assert_all_columns_visible(dialog.days_table, whole=(0, 1, 2))
    runner.wait_for_done()


def test_the_divider_stops_before_the_columns_and_is_remembered(
        qtbot, runner: TaskRunner, admin: Actor, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = open_at(qtbot, runner, admin, NORMAL, settings)
    splitter = dialog.splitter
    total = sum(splitter.sizes())
    # Dragged as far right as it goes: the days keep every column.
    splitter.setSizes([total, 0])
    splitter.splitterMoved.emit(total, 1)
    QApplication.processEvents()
    assert dialog.days_table.width() >= dialog.days_min_width()
    assert_all_columns_visible(dialog.days_table, whole=(0, 1, 2))
    # Dragged to a place of the officer's choosing, then closed: the next one opens so.
    splitter.setSizes([dialog.years_min_width() + 40, total - dialog.years_min_width() - 40])
    splitter.splitterMoved.emit(dialog.years_min_width() + 40, 1)
    QApplication.processEvents()
    chosen = splitter.sizes()
    dialog.close()
    again = open_at(qtbot, runner, admin, NORMAL, settings)
    assert again.splitter.sizes() == chosen
    runner.wait_for_done()


def test_an_untouched_divider_is_not_saved(qtbot, runner: TaskRunner, admin: Actor,
                                           tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = open_at(qtbot, runner, admin, NORMAL, settings)
    dialog.close()
    assert settings.value("holiday_calendars/splitter") is None
    runner.wait_for_done()


def test_at_the_narrowest_side_by_side_width_nothing_is_cut(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    """The width the layout switches at is what the three panes really need: one pixel
    more shows them side by side, each whole and inside the dialog; one less, tabs."""
    dialog = open_at(qtbot, runner, admin, NORMAL)
    need = dialog.side_by_side_width()
    dialog.resize(need, NORMAL[1])
    QApplication.processEvents()
    assert dialog.layout_mode == SIDE_BY_SIDE
    table = dialog.days_table
    assert table.mapTo(dialog, table.rect().topRight()).x() < dialog.width()
    assert dialog.years_table.width() >= dialog.years_min_width()
    assert dialog.month_view.width() >= dialog.month_view.sizeHint().width()
    assert dialog.layout().minimumSize().width() <= need
    assert_all_columns_visible(table, whole=(0, 1, 2))
    dialog.resize(need - 1, NORMAL[1])
    QApplication.processEvents()
    assert dialog.layout_mode == TABS
    runner.wait_for_done()
