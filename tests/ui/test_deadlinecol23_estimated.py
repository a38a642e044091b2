"""The case list at 150 % on a 1366×768 laptop (demo data): Next deadline reads
"2027-04-14 (est.)" whole, its room taken from Status's spare room above its words (it read
"2027-04-14 …" at its date's width while Status kept 140 pixels), a blocked case's
"Draft (blocked)" still whole. Scaling is simulated as in test_caselist23_scaling."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import DEADLINE_COLUMN, STATUS_COLUMN
from approvals.ui.main_window import TARGET_READABLE, MainWindow
from tests.ui.test_caselist23_scaling import opened_size, window_at


def shown_text(window: MainWindow, column: int, text: str) -> str:
    """The text a cell holding `text` shows, as its delegate fits it to the column."""
    model = window.model
    index = next((model.index(row, column) for row in range(model.rowCount())
                  if model.index(row, column).data() == text), QModelIndex())
    assert index.isValid(), text
    option = QStyleOptionViewItem()
    option.initFrom(window.table)
    option.rect = window.table.visualRect(index)
    delegate = window.table.itemDelegateForColumn(column)
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    room = option.rect.width() - 12  # the cell's margins and focus frame
    if option.fontMetrics.horizontalAdvance(option.text) > room:  # elided as the view does
        return option.fontMetrics.elidedText(option.text, window.table.textElideMode(), room)
    return option.text


def test_at_150_percent_the_estimated_deadline_reads_whole(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor
) -> None:
    window = window_at(qtbot, demo, data_dir, admin, opened_size(1.5))
    header = window.table.horizontalHeader()
    assert shown_text(window, DEADLINE_COLUMN, "2027-04-14 (estimated)") == "2027-04-14 (est.)"
    assert header.sectionSize(DEADLINE_COLUMN) >= window._deadline_width(short=True)
    # Not at the cost of what the others read: Status's words, a blocked case's
    # "Draft (blocked)", Target's readable room, nothing sideways.
    assert shown_text(window, STATUS_COLUMN, "Acknowledged") == "Acknowledged"
    assert shown_text(window, STATUS_COLUMN, "Draft (blocked: prohibited by screening)") == (
        "Draft (blocked)")
    assert header.sectionSize(STATUS_COLUMN) >= window._blocked_status_width(short=True)
    assert header.sectionSize(STATUS_COLUMN) < window._blocked_status_width()  # (it gave)
    assert header.sectionSize(1) >= TARGET_READABLE
    assert window.table.horizontalScrollBar().maximum() == 0


def test_short_blocked_status_width_measures_draft_blocked(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor
) -> None:
    # It measured "Blocked", the text for a cell narrower still.
    window = window_at(qtbot, demo, data_dir, admin, opened_size(1.0))
    metrics = window._bold_metrics()
    # The demo's blocked cases are drafts and open cases (AP-2026-0007, a prohibition no
    # track carries).
    assert window._blocked_status_width(short=True) == max(
        metrics.horizontalAdvance(text) for text in ("Draft (blocked)", "Open (blocked)")) + 16
