"""The case list at 200 % on a 1366×768 laptop (683 pixels wide): Investor, Amount,
Regimes and Owner were squeezed to 36 pixels each, "All…", "US…", "C…", "li.…", which
said nothing. Each now gives way only down to a width that still says something: an
investor's first letters, an amount by its scale ("USD 150m", the whole on hover rather
than "USD 15…", which read as fifteen), a regime, a login; with no room for every column
at that width the list scrolls sideways, by the pixel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from approvals.ui.case_list import AMOUNT_COLUMN, OWNER_COLUMN, TARGET_ZH_COLUMN, short_amount
from tests.ui.test_mainwin3_target_room import shown_text
from tests.ui.test_ui_polish_columns import (  # noqa: F401 (make_window: a fixture)
    INVESTOR,
    gave_way,
    make_window,
)

REGIMES = 4


def drawn(window, row: int, column: int) -> str:
    """A cell's text as drawn: what its delegate hands the style, elided to the cell."""
    text = shown_text(window, row, column)
    room = window.table.horizontalHeader().sectionSize(column) - 12
    return window.table.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)


def test_at_200_percent_the_squeezed_columns_still_read(qtbot, make_window) -> None:  # noqa: F811
    window = make_window()
    qtbot.waitUntil(lambda: gave_way(window))
    header = window.table.horizontalHeader()
    for column in (INVESTOR, AMOUNT_COLUMN, REGIMES, OWNER_COLUMN):
        assert header.sectionSize(column) >= window.squeezed_width(column) > 50, column
    assert drawn(window, 0, INVESTOR).startswith("Alleg")
    assert drawn(window, 0, AMOUNT_COLUMN) == "USD 150m"  # whole, by its scale
    assert window.model.index(0, AMOUNT_COLUMN).data(Qt.ItemDataRole.ToolTipRole) \
        == "USD 150,000,000"
    assert drawn(window, 0, REGIMES).startswith("CN-FISR")
    assert drawn(window, 0, OWNER_COLUMN) == "li.wei"


def test_with_more_columns_than_fit_the_list_scrolls_sideways(qtbot, make_window) -> None:  # noqa: F811
    window = make_window()
    window.set_column_shown(TARGET_ZH_COLUMN, True)
    header, table = window.table.horizontalHeader(), window.table
    scroll = table.horizontalScrollBar()
    qtbot.waitUntil(lambda: gave_way(window)
                    and scroll.maximum() == header.length() - table.viewport().width())
    assert scroll.maximum() > 0
    assert table.horizontalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel
    for column in (INVESTOR, AMOUNT_COLUMN, REGIMES, TARGET_ZH_COLUMN, OWNER_COLUMN):
        assert header.sectionSize(column) >= window.squeezed_width(column), column


def test_an_amount_too_wide_for_its_cell_is_said_by_its_scale() -> None:
    narrow = lambda text: len(text) <= 10  # noqa: E731
    assert short_amount("USD 150,000,000", narrow) == "USD 150m"
    assert short_amount("USD 149,999,999", narrow) == "USD ≈150m"  # never a plain 150m
    assert short_amount("CNY 1,234,567,890", narrow) == "CNY ≈1.23bn"
    assert short_amount("EUR 950,000", narrow) == "EUR 950k"
    assert short_amount("USD 999,999", narrow) == "USD ≈1m"
    assert short_amount("USD 2,000,000,000,000", narrow) == "USD 2,000bn"
    assert short_amount("USD 1,500", lambda _text: False) == "USD 1.5k"
    assert short_amount("USD 999", lambda _text: False) == "USD 999"
    assert short_amount("USD 150,000,000", lambda _text: True) == "USD 150,000,000"
    assert short_amount("", narrow) == ""
