"""At 200 % on a 1366×768 screen (the window at its first size) the case list cut Target to
"Zhiyuan …" (90 pixels) while Status kept 140 and a blocked case's Status more: Status
gives way now (down to its common words; a blocked case's long text shortened to
"Draft (blocked)" or "Blocked", not elided to "Draft …", whole on hover), and Target
takes the room the columns squeezed beside it can give while each still says something
(test_polish13_case_list_narrow: squeezed to 36 pixels they said nothing). Reference stays whole and Next deadline never cuts its date. At
100 % nothing changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem

from approvals.ui.case_list import (
    DEADLINE_COLUMN,
    OWNER_COLUMN,
    REFERENCE_COLUMN,
    STATUS_COLUMN,
    TARGET_COLUMN,
    short_blocked_status,
)
from approvals.ui.main_window import (
    CELL_MARGIN,
    NARROWEST,
    STATUS_WORD,
    TARGET_READABLE,
)
from tests.ui.test_ui_polish_columns import (  # noqa: F401 (make_window: a fixture)
    AT_200,
    fits,
    gave_way,
    in_sight,
    make_window,
)

BLOCKED = "(blocked: prohibited by screening)"


def shown_text(window, row: int, column: int) -> str:
    """A cell's text as its delegate hands it to the style to draw (elided beyond that)."""
    table = window.table
    index = window.model.index(row, column)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.rect = table.visualRect(index)
    table.itemDelegateForIndex(index).initStyleOption(option, index)
    return option.text


def test_at_200_percent_target_gets_room_before_status(qtbot, make_window) -> None:  # noqa: F811
    window = make_window()
    header, metrics = window.table.horizontalHeader(), window.table.fontMetrics()
    qtbot.waitUntil(lambda: gave_way(window))
    for column in (REFERENCE_COLUMN, TARGET_COLUMN, STATUS_COLUMN, DEADLINE_COLUMN):
        assert in_sight(window, column), column
    assert NARROWEST <= header.sectionSize(TARGET_COLUMN) <= TARGET_READABLE + CELL_MARGIN
    # Status keeps its common words whole; the blocked text is elided, whole on hover.
    assert header.sectionSize(STATUS_COLUMN) >= metrics.horizontalAdvance(STATUS_WORD)
    model = window.model
    blocked = next(r for r in range(model.rowCount()) if model.row_at(r).blocked)
    status = model.data(model.index(blocked, STATUS_COLUMN))
    assert status.endswith(BLOCKED)
    assert metrics.horizontalAdvance(status) > header.sectionSize(STATUS_COLUMN)  # elided
    tip = model.data(model.index(blocked, STATUS_COLUMN), Qt.ItemDataRole.ToolTipRole)
    assert status in tip
    # Elided it read "General review …": the cell still says in words that it is blocked.
    assert shown_text(window, blocked, STATUS_COLUMN) in (
        "Blocked", status.replace(BLOCKED, "(blocked)"))
    plain = next(r for r in range(model.rowCount()) if not model.row_at(r).blocked)
    assert shown_text(window, plain, STATUS_COLUMN) == "General review"
    # Reference and the deadline's date whole; the squeezed columns still show.
    reference = model.data(model.index(0, REFERENCE_COLUMN))
    assert header.sectionSize(REFERENCE_COLUMN) >= metrics.horizontalAdvance(reference)
    assert header.sectionSize(DEADLINE_COLUMN) >= \
        header.fontMetrics().horizontalAdvance("2026-12-31") + 24
    for column in (2, 3, 4, OWNER_COLUMN):
        assert header.sectionSize(column) >= window.squeezed_width(column)
    assert window.fit_columns


def test_with_next_deadline_last_it_still_shows_its_date(qtbot, make_window) -> None:  # noqa: F811
    window = make_window()
    window.set_column_shown(OWNER_COLUMN, False)
    header = window.table.horizontalHeader()
    qtbot.waitUntil(lambda: gave_way(window))
    assert window._stretched_column() == DEADLINE_COLUMN
    assert header.sectionSize(DEADLINE_COLUMN) >= \
        header.fontMetrics().horizontalAdvance("2026-12-31") + 24
    assert header.sectionSize(TARGET_COLUMN) >= NARROWEST


def test_at_100_percent_nothing_is_squeezed_for_target(qtbot, make_window) -> None:  # noqa: F811
    """At 1280 pixels (and wider) the widths are as before: a blocked case's Status read
    whole, no column squeezed below NARROWEST for Target."""
    window = make_window((1280, 780))
    header, model = window.table.horizontalHeader(), window.model
    qtbot.waitUntil(lambda: fits(window))
    blocked = next(r for r in range(model.rowCount()) if model.row_at(r).blocked)
    bold = QFont(window.table.font())
    bold.setBold(True)
    status = model.data(model.index(blocked, STATUS_COLUMN))
    assert header.sectionSize(STATUS_COLUMN) > QFontMetrics(bold).horizontalAdvance(status)
    assert shown_text(window, blocked, STATUS_COLUMN) == status
    for column in range(header.count()):
        if not header.isSectionHidden(column):
            assert header.sectionSize(column) >= NARROWEST, column
    assert AT_200[0] < 1280


def test_a_blocked_status_is_shortened_keeping_the_word_blocked() -> None:
    text = "Draft (blocked: prohibited by screening)"
    assert short_blocked_status(text, lambda t: len(t) <= 40) == text
    assert short_blocked_status(text, lambda t: len(t) <= 20) == "Draft (blocked)"
    assert short_blocked_status(text, lambda t: len(t) <= 10) == "Blocked"
    # Not blocked, or a refusal that is the state itself: as it is (elided if need be).
    assert short_blocked_status("Export refused (blocks completion)", lambda t: False) \
        == "Export refused (blocks completion)"
