"""The case list sorted by Next deadline: the header's arrow and its tooltip say the way
the rows are (earliest first, then latest first after a click on the title), and the
cases without a deadline stay last both ways (sorted latest first they came first, a
screenful of blank cells above the latest deadline)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import DEADLINE_COLUMN, TARGET_COLUMN
from approvals.ui.main_window import MainWindow
from tests.ui.main_window_support import shown_main_window


def deadlines(window: MainWindow) -> list[str | None]:
    return [window.model.row_at(r).next_deadline for r in range(window.model.rowCount())]


def tip(window: MainWindow, column: int) -> str:
    return window.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def click_title(qtbot, window: MainWindow, column: int) -> None:
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_the_arrow_the_rows_and_the_tooltip_agree(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor
) -> None:
    window = shown_main_window(qtbot, demo, data_dir, admin)
    header = window.table.horizontalHeader()
    click_title(qtbot, window, DEADLINE_COLUMN)
    assert header.sortIndicatorSection() == DEADLINE_COLUMN
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder  # the arrow
    dates = deadlines(window)
    given = [d for d in dates if d]
    assert len(given) >= 2 and None in dates
    assert dates == given + [None] * (len(dates) - len(given))
    assert given == sorted(given)  # earliest first
    assert "Sorted earliest first, the cases without a deadline last." in tip(
        window, DEADLINE_COLUMN
    )
    assert "Click the title to sort latest first." in tip(window, DEADLINE_COLUMN)
    assert "Sorted" not in tip(window, TARGET_COLUMN)

    click_title(qtbot, window, DEADLINE_COLUMN)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    dates = deadlines(window)
    assert dates[: len(given)] == sorted(given, reverse=True)  # latest first
    assert dates[len(given) :] == [None] * (len(dates) - len(given))  # the blanks still last
    assert "Sorted latest first, the cases without a deadline last." in tip(window, DEADLINE_COLUMN)
    assert "Click the title to sort earliest first." in tip(window, DEADLINE_COLUMN)
    # What each column says about itself, and how to choose the columns, are still said.
    assert tip(window, DEADLINE_COLUMN).startswith("The earliest statutory deadline")
    assert "Right-click a column header" in tip(window, DEADLINE_COLUMN)


def test_sorted_by_name_the_tooltip_says_a_to_z(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor
) -> None:
    window = shown_main_window(qtbot, demo, data_dir, admin)
    click_title(qtbot, window, TARGET_COLUMN)
    names = [window.model.row_at(r).target.casefold() for r in range(window.model.rowCount())]
    assert names == sorted(names)
    assert ("Sorted A to Z, the cases without a name last. Click the title to sort Z to A."
            in tip(window, TARGET_COLUMN))
