"""The case list at 125–200 % display scaling: every column title reads whole (a title of
two words on two lines, the header two lines high, rather than "Regimes ne…"), Target
keeps room to name the company while Amount and Owner have more than they need, and at
100 % on a 1366×768 screen nothing scrolls sideways and the header stays one line.

QT_SCALE_FACTOR is fixed when the application starts, so the scaled windows are made as
Qt lays them out at that factor: the same font in a window of fewer (logical) pixels. Some
desktops scale the font instead: those windows get a larger application font."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionHeader

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import (
    COLUMNS,
    INVESTOR_COLUMN,
    MEASURED_COLUMNS,
    REGIMES_COLUMN,
    TARGET_COLUMN,
    TARGET_ZH_COLUMN,
    fitted_title,
    title_lines,
)
from approvals.ui.main_window import TARGET_READABLE, MainWindow
from tests.ui.main_window_support import shown_main_window


def opened_size(scale: float, screen: tuple[int, int] = (1366, 768)) -> tuple[int, int]:
    """The window's size in Qt's pixels on `screen` at `scale`, as resize_to_screen opens
    it (95 % × 90 % of the screen)."""
    return int(screen[0] / scale * 0.95), int(screen[1] / scale * 0.9)


@contextmanager
def scaled_app_font(factor: float) -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = app.font()
    larger = app.font()
    larger.setPointSizeF(normal.pointSizeF() * factor)
    app.setFont(larger)
    try:
        yield
    finally:
        app.setFont(normal)


def shown_columns(window: MainWindow) -> list[int]:
    return window.table.shown_columns()


def lines_drawn(window: MainWindow, column: int) -> list[str]:
    """The lines a column's title needs, as the header can hold them: one when it fits
    the section, else the two of title_lines (only when the header is two lines high)."""
    header = window.table.horizontalHeader()
    metrics = header.fontMetrics()
    title = COLUMNS[column].title
    if metrics.horizontalAdvance(title) <= label_room(window, column):
        return [title]
    return title_lines(metrics, title)


def label_room(window: MainWindow, column: int) -> int:
    """The width Qt's style gives a section's title: less its margins and sort arrow."""
    header = window.table.horizontalHeader()
    option = QStyleOptionHeader()
    option.rect = QRect(0, 0, header.sectionSize(column), header.height())
    if header.sortIndicatorSection() == column:
        option.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
    return header.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, option,
                                         header).width()


def assert_titles_read_whole(window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in shown_columns(window):
        lines = lines_drawn(window, column)
        room = label_room(window, column)
        short = COLUMNS[column].short_title
        if short and header.shown_title(column) == short:  # "Regimes" (whole on hover)
            assert metrics.horizontalAdvance(short) <= room
            whole = title_lines(metrics, COLUMNS[column].title)
            assert max(map(metrics.horizontalAdvance, whole)) > room  # (no room for them)
            continue
        assert all(metrics.horizontalAdvance(line) <= room for line in lines), (
            COLUMNS[column].title, header.sectionSize(column), room)
        if len(lines) == 2:  # the header holds both
            assert header.height() >= 2 * metrics.height(), COLUMNS[column].title
            assert header.shown_title(column) == "\n".join(lines)
        assert "…" not in header.shown_title(column)


def window_at(qtbot, demo: Database, data_dir: DataDir, admin: Actor,
              size: tuple[int, int], chinese: bool = False) -> MainWindow:
    window = shown_main_window(qtbot, demo, data_dir, admin)
    if chinese:
        window.set_column_shown(TARGET_ZH_COLUMN, True)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.table.viewport().width() <= size[0])
    QApplication.processEvents()
    return window


@pytest.mark.parametrize("scale", [1.25, 1.5, 1.75, 2.0])
@pytest.mark.parametrize("chinese", [False, True])
def test_titles_read_whole_on_a_laptop_at_each_scale(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor, scale: float, chinese: bool
) -> None:
    # At 150 % "Regimes needing action" read "Regimes ne…" (its column 90 pixels).
    window = window_at(qtbot, demo, data_dir, admin, opened_size(scale), chinese)
    assert_titles_read_whole(window)


def test_at_150_percent_regimes_title_takes_two_lines(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor
) -> None:
    window = window_at(qtbot, demo, data_dir, admin, opened_size(1.5))
    header = window.table.horizontalHeader()
    assert header.shown_title(REGIMES_COLUMN) == "Regimes\nneeding action"
    assert header.height() >= 2 * header.fontMetrics().height()
    assert window.table.horizontalScrollBar().maximum() == 0  # and still nothing sideways


def test_at_150_percent_target_names_the_company(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor
) -> None:
    # Target was cut to "Zhiyuan …" (90 pixels) while Amount kept 125 for
    # "USD 150,000,000" (it says "USD 150m" narrower) and Owner 100 for "cli:root".
    window = window_at(qtbot, demo, data_dir, admin, opened_size(1.5))
    header = window.table.horizontalHeader()
    assert header.sectionSize(TARGET_COLUMN) >= TARGET_READABLE
    assert window.table.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("factor, width", [(1.5, 1280), (2.0, 1366)])
def test_titles_read_whole_with_a_larger_font(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor, factor: float, width: int
) -> None:
    # Desktops that scale the font rather than the pixels: "Investor" and "Reference"
    # were cut to "Invest…" and "Refer…" with the font doubled.
    with scaled_app_font(factor):
        window = window_at(qtbot, demo, data_dir, admin, (width, 740))
        assert_titles_read_whole(window)


def test_at_100_percent_one_line_header_and_nothing_sideways(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor
) -> None:
    window = shown_main_window(qtbot, demo, data_dir, admin)  # as opened on 1366×768
    header = window.table.horizontalHeader()
    assert_titles_read_whole(window)
    assert all("\n" not in header.shown_title(c) for c in shown_columns(window))
    assert header.height() < 2 * header.fontMetrics().height()
    assert window.table.horizontalScrollBar().maximum() == 0


def test_a_title_too_narrow_even_on_two_lines_is_elided_line_by_line(qtbot) -> None:
    metrics = QFontMetrics(QApplication.font())
    title = "Regimes needing action"
    assert title_lines(metrics, title) == ["Regimes", "needing action"]
    room = metrics.horizontalAdvance("needing action")
    assert fitted_title(metrics, title, room) == "Regimes\nneeding action"
    assert fitted_title(metrics, title, metrics.horizontalAdvance(title)) == title
    narrow = fitted_title(metrics, title, room // 2)
    second = narrow.split("\n")[1]
    assert second.endswith("…") and metrics.horizontalAdvance(second) <= room // 2
    assert title_lines(metrics, "Investor") == ["Investor"]


def test_measured_columns_are_named() -> None:
    assert MEASURED_COLUMNS == (TARGET_COLUMN, INVESTOR_COLUMN, REGIMES_COLUMN,
                                TARGET_ZH_COLUMN)
    assert COLUMNS[INVESTOR_COLUMN].title == "Investor"
    assert COLUMNS[REGIMES_COLUMN].title == "Regimes needing action"
