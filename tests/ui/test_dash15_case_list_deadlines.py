"""The case list's Next deadline, checked by hand for a few cases: red and bold when past
(not on the due date itself), amber and bold up to the third working day on the case's
calendar, plain after; on hover, how late an overdue deadline is, a deadline due today
said as not yet overdue, and what "(estimated)" means."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from approvals.services.cases import CaseRow
from approvals.ui.case_list import (
    CELL_PADDING,
    DEADLINE_COLUMN,
    ESTIMATED_TIP,
    CaseTable,
    CaseTableModel,
)
from approvals.ui.widgets import due_soon_colour, overdue_colour

TUESDAY = date(2026, 12, 1)


def row(
    reference: str,
    due: str | None,
    estimated: bool = False,
    regimes: tuple[str, ...] = ("CN-FISR",),
) -> CaseRow:
    return CaseRow(
        id=1,
        reference=reference,
        target="T",
        investor="I",
        amount_value=None,
        amount_currency=None,
        status="open",
        owner="alice",
        updated_at="",
        regimes=regimes,
        worst_state="general_review",
        next_deadline=due,
        next_deadline_estimated=estimated,
    )


def test_colours_words_and_tips_of_a_few_deadlines(qtbot) -> None:
    model = CaseTableModel()
    model.today = TUESDAY
    model.due_soon_cn = model.due_soon_us = "2026-12-04"  # Wed, Thu, Fri
    model.set_rows(
        [
            row("A", "2026-11-09"),  # 22 days late
            row("B", "2026-11-30"),  # yesterday: a day late
            row("C", "2026-12-01"),  # today: due, not overdue
            row("D", "2026-12-04", estimated=True),  # the third working day
            row("E", "2026-12-05"),  # Saturday: after the third working day
            row("F", "2027-04-14", estimated=True),
            row("G", None),
        ]
    )
    cell = {
        model.data(model.index(r, 0)): model.index(r, DEADLINE_COLUMN)
        for r in range(model.rowCount())
    }

    def colour(ref: str):
        brush = model.data(cell[ref], Qt.ItemDataRole.ForegroundRole)
        return brush.color() if brush is not None else None

    def bold(ref: str) -> bool:
        font = model.data(cell[ref], Qt.ItemDataRole.FontRole)
        return font is not None and font.bold()

    def tip(ref: str):
        return model.data(cell[ref], Qt.ItemDataRole.ToolTipRole)

    assert [colour(r) for r in "ABCDEFG"] == [
        overdue_colour(),
        overdue_colour(),
        due_soon_colour(),
        due_soon_colour(),
        None,
        None,
        None,
    ]
    assert [bold(r) for r in "ABCDEFG"] == [True, True, True, True, False, False, False]
    assert tip("A") == "Overdue: due 9 Nov 2026, 22 calendar days ago"
    assert tip("B") == "Overdue: due 30 Nov 2026, 1 calendar day ago"
    assert tip("C") == "Due within 3 working days: due today, not yet overdue"
    assert tip("D") == f"Due within 3 working days\n{ESTIMATED_TIP}"
    assert tip("E") is None
    assert tip("F") == ESTIMATED_TIP
    assert tip("G") is None
    assert model.data(cell["D"]) == "2026-12-04 (estimated)"
    assert model.data(cell["A"], Qt.ItemDataRole.AccessibleTextRole) == "2026-11-09, overdue"
    assert (
        model.data(cell["C"], Qt.ItemDataRole.AccessibleTextRole)
        == "2026-12-01, due within 3 working days"
    )


def test_a_narrow_next_deadline_keeps_its_estimate_shortened(qtbot) -> None:
    """At 200 % on a laptop, "2027-04-14 (estimated)" was elided to "2027-04-14 …": the
    date whole, but not that it is an estimate."""
    model = CaseTableModel()
    model.today = TUESDAY
    model.set_rows([row("A", "2027-04-14", estimated=True), row("B", "2027-04-15")])
    table = CaseTable()
    qtbot.addWidget(table)
    table.setModel(model)
    metrics = table.fontMetrics()
    table.setColumnWidth(
        DEADLINE_COLUMN, metrics.horizontalAdvance("2027-04-14 (est.)") + CELL_PADDING + 2
    )
    table.show()
    delegate = table.itemDelegateForColumn(DEADLINE_COLUMN)

    def drawn(r: int) -> str:
        index = model.index(r, DEADLINE_COLUMN)
        option = QStyleOptionViewItem()
        table.initViewItemOption(option)
        option.rect = table.visualRect(index)
        delegate.initStyleOption(option, index)
        return option.text

    assert drawn(0) == "2027-04-14 (est.)"
    assert drawn(1) == "2027-04-15"
    table.setColumnWidth(
        DEADLINE_COLUMN, metrics.horizontalAdvance("2027-04-14 (estimated)") + CELL_PADDING + 2
    )
    assert drawn(0) == "2027-04-14 (estimated)"  # whole where it fits
