"""The case list at 150 % (a 1600-pixel screen: about 1050 pixels wide): the names and
the column titles read before Status keeps a blocked case's whole reason and an empty
Next deadline keeps 175 pixels of blank cells. Target, Investor and "Regimes ne…" were
cut to 90 pixels while Status took 250 and the empty Next deadline 175."""

from __future__ import annotations

from approvals.ui.case_list import (
    COLUMNS,
    DEADLINE_COLUMN,
    STATUS_COLUMN,
    TARGET_COLUMN,
)
from approvals.ui.main_window import COLUMN_WIDTHS, NARROWEST, TARGET_READABLE
from tests.ui.test_case_list_columns import (  # noqa: F401 (the fixture)
    case_row,
    make_window,
    no_sideways_scrolling,
    show_rows,
)

REGIMES = 4


def _rows():
    blocked = case_row(2, "Beijing Shengwu Protein Design Co., Ltd.")._replace(
        worst_state="draft", blocked=(("US-OISP", "prohibited by screening"),),
        investor="Pacific Life Sciences Growth Fund II")
    return [case_row(1, "Zhiyuan Frontier Intelligence Ltd.",
                     regimes=("CN-FISR", "CN-SAMR", "US-OISP"))._replace(
                         investor="Redwood Frontier Capital Partners"), blocked]


def test_at_150_percent_names_and_titles_before_blank_room(qtbot, make_window) -> None:  # noqa: F811
    window = make_window(1050)
    show_rows(qtbot, window, _rows())
    header = window.table.horizontalHeader()
    qtbot.waitUntil(lambda: no_sideways_scrolling(window))
    titles = header.fontMetrics()
    # No deadline in the list: Next deadline as wide as its title, not 175 blank pixels.
    deadline_title = titles.horizontalAdvance(COLUMNS[DEADLINE_COLUMN].title)
    assert header.sectionSize(DEADLINE_COLUMN) < COLUMN_WIDTHS[DEADLINE_COLUMN]
    assert header.sectionSize(DEADLINE_COLUMN) >= deadline_title + 16
    # The names and Regimes' title read; Status says "Draft (blocked)" (whole on hover).
    assert header.sectionSize(TARGET_COLUMN) >= TARGET_READABLE
    assert header.sectionSize(REGIMES) >= titles.horizontalAdvance(COLUMNS[REGIMES].title) + 16
    assert header.sectionSize(2) >= NARROWEST
    assert header.sectionSize(STATUS_COLUMN) >= COLUMN_WIDTHS[STATUS_COLUMN]
    assert window.fit_columns

    # Widths the officer dragged stay theirs (remembered in the settings, see
    # _section_resized): the window no longer fits them.
    header.resizeSection(STATUS_COLUMN, 300)
    assert not window.fit_columns
    window.resize(1200, 780)
    qtbot.waitUntil(lambda: window.table.viewport().width() > 1100)
    assert header.sectionSize(STATUS_COLUMN) == 300
