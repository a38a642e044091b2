"""The case list's Target column keeps the company's name readable.

At 1280 pixels a blocked case's Status takes room from the long-text columns: Investor
and Regimes now give theirs first, Target only what is still missing (it was cut to 159
pixels while Investor kept 136). On a wider window the room to spare goes to the names
cut short, Target's first, not all to the stretched Owner column (600 pixels at 1920
while the names were cut at 240)."""

from __future__ import annotations

from approvals.ui.case_list import COLUMNS, OWNER_COLUMN, TARGET_COLUMN
from approvals.ui.main_window import COLUMN_WIDTHS, NARROWEST, MainWindow
from tests.ui.test_case_list_columns import (  # noqa: F401 - make_window is a fixture
    INVESTOR,
    case_row,
    make_window,
    no_sideways_scrolling,
    show_rows,
)

REGIMES = 4
LONG = "Guangzhou Tianyan Security Analytics and Intelligence Co., Ltd."


def blocked_and_long_rows() -> list:
    blocked = case_row(2, LONG)._replace(worst_state="draft",
                                         blocked=(("US-OISP", "prohibited by screening"),))
    return [case_row(1, LONG, regimes=("CN-DATA-EXPORT", "CN-SAMR", "US-OISP")), blocked]


def least(window: MainWindow, column: int) -> int:
    """A narrowing column's narrowest: NARROWEST, or its title's width when wider."""
    title = window.table.horizontalHeader().fontMetrics().horizontalAdvance(
        COLUMNS[column].title) + 16
    return min(COLUMN_WIDTHS[column], max(NARROWEST, title))


def test_at_1280_the_others_give_way_before_target(qtbot, make_window) -> None:  # noqa: F811
    window = make_window(1280)
    show_rows(qtbot, window, blocked_and_long_rows())
    header = window.table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(INVESTOR) < COLUMN_WIDTHS[INVESTOR])
    assert no_sideways_scrolling(window) and window.fit_columns
    # Target narrowed: then Investor and Regimes are at their narrowest already.
    if header.sectionSize(TARGET_COLUMN) < COLUMN_WIDTHS[TARGET_COLUMN]:
        assert header.sectionSize(INVESTOR) == least(window, INVESTOR)
        assert header.sectionSize(REGIMES) == least(window, REGIMES)
    assert header.sectionSize(TARGET_COLUMN) > header.sectionSize(INVESTOR)


def test_a_wide_window_gives_its_room_to_the_names(qtbot, make_window) -> None:  # noqa: F811
    window = make_window(1920)
    show_rows(qtbot, window, blocked_and_long_rows())
    header = window.table.horizontalHeader()
    name = header.fontMetrics().horizontalAdvance(LONG)
    qtbot.waitUntil(lambda: header.sectionSize(TARGET_COLUMN) > name)
    assert no_sideways_scrolling(window) and window.fit_columns
    assert header.sectionSize(OWNER_COLUMN) < header.sectionSize(TARGET_COLUMN)
    # Short names again: Target back to its own width, the rest to Owner.
    show_rows(qtbot, window, [case_row(1, "T")])
    qtbot.waitUntil(lambda: header.sectionSize(TARGET_COLUMN) == COLUMN_WIDTHS[TARGET_COLUMN])
    assert no_sideways_scrolling(window)
