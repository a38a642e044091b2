"""In a window too narrow for every column (200 % on a laptop), Next deadline kept room for
the date alone and an estimated one read "2027-04-14 …", the estimate lost; it keeps room
for "2027-04-14 (est.)" while the list holds an estimated deadline (the README says so),
and gives that room to the others when none is."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem

from approvals.services.cases import CaseRow
from approvals.ui.case_list import CELL_PADDING, DEADLINE_COLUMN, prepare_rows
from approvals.ui.main_window import LoadedList, MainWindow
from tests.ui.main_window_support import shown_main_window

TODAY = date(2026, 12, 1)


def case_row(n: int, due: str, estimated: bool = False) -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target=f"Target company number {n}",
                   investor="A fund with a long name", amount_value=150e6, amount_currency="USD",
                   status="open", owner="alice", updated_at="", regimes=("CN-FISR", "US-OISP"),
                   worst_state="general_review", next_deadline=due,
                   next_deadline_estimated=estimated, next_deadline_regime="CN-FISR")


def narrow_list(qtbot, window: MainWindow, rows: list[CaseRow]) -> int:
    """The list's rows in a window 560 pixels wide; Next deadline's width."""
    window.refresh_if_new_day = lambda: None  # TODAY is the list's day
    window.resize(560, 600)
    window._show_cases(LoadedList(prepare_rows(rows), ("CN-FISR", "US-OISP"), None, None,
                                  today=TODAY), window._generation)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    window._fit_columns()
    return window.table.horizontalHeader().sectionSize(DEADLINE_COLUMN)


def drawn(window: MainWindow, row: int) -> str:
    table = window.table
    index = table.model().index(row, DEADLINE_COLUMN)
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = table.visualRect(index)
    table.itemDelegateForColumn(DEADLINE_COLUMN).initStyleOption(option, index)
    return option.text


def test_a_narrow_list_keeps_an_estimated_deadline_said(qtbot, db, data_dir, admin) -> None:
    window = shown_main_window(qtbot, db, data_dir, admin)
    try:
        width = narrow_list(qtbot, window, [case_row(1, "2027-04-14", estimated=True),
                                            case_row(2, "2026-11-20")])
        bold = QFont(window.table.font())
        bold.setBold(True)
        assert width >= QFontMetrics(bold).horizontalAdvance("2027-04-14 (est.)") + CELL_PADDING
        assert drawn(window, 0) == "2027-04-14 (est.)"
        assert drawn(window, 1) == "2026-11-20"

        # Without an estimated date the column narrows to the date, for the others' room.
        plain = narrow_list(qtbot, window, [case_row(1, "2027-04-14"), case_row(2, "2026-11-20")])
        assert plain < width
        assert drawn(window, 0) == "2027-04-14"
    finally:
        window.runner.wait_for_done()
