"""The case window's Timeline list: a model over the events' cells, not one item per cell.

Filling a QTableWidget made 30,000 items (and as many tooltips, each a JSON dump of the
old and new values) for 5,000 events; the model holds each row's six texts and asks the
case window for a tooltip only when one is shown. `item(row, column)` answers as a
QTableWidgetItem did (text, tooltip, the action under UserRole), so what read the list
cell by cell reads it as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from approvals.ui.widgets import Index, RowsModel

WHO_COLUMN = 1
WHAT_COLUMN = 2  # its UserRole is the event's action, for the kind filter
FIELD_COLUMN = 3
CHANGE_COLUMN = 4
# Under a full name (the Timeline's Who, the audit trail's User): which part the event
# recorded; a user renamed since shows under the new name.
NAME_NOTE = ("The event records the login {login}; the full name is the one the user list "
             "holds now.")


def _no_tip(_row: int, _column: int) -> str:
    return ""


def share_room(room: int, least: dict[int, int], wanted: dict[int, int],
               shares: dict[int, int]) -> dict[int, int]:
    """Widths for columns that cannot all have what they want: each its least, then
    what room is left shared out in proportion to `shares`, none beyond what it wants
    (what one does not need goes to the others)."""
    widths = dict(least)
    left = room - sum(widths.values())
    hungry = [col for col in widths if widths[col] < wanted[col]]
    while left > 0 and hungry:
        total = sum(shares[col] for col in hungry)
        given = 0
        for col in hungry:
            more = min(wanted[col] - widths[col], max(1, left * shares[col] // total))
            more = min(more, left - given)
            widths[col] += more
            given += more
        left -= given
        hungry = [col for col in hungry if widths[col] < wanted[col]]
        if not given:
            break
    return widths


class TimelineModel(RowsModel[tuple[str, ...]]):
    """Rows of cell texts (the shared table model's counts and column titles); a cell's
    tooltip from `tip(row, column)`, made when asked and kept until the rows change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = []  # the titles the table gives (set_headers)
        self._actions: Sequence[str] = ()
        self._tip: Callable[[int, int], str] = _no_tip
        self._tips: dict[tuple[int, int], str] = {}

    def set_headers(self, headers: Sequence[str]) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        self.endResetModel()

    def set_rows(self, rows: Sequence[tuple[str, ...]], actions: Sequence[str] = (),
                 tip: Callable[[int, int], str] = _no_tip) -> None:
        """Show `rows`, with each What cell's action from `actions` and the tooltips from
        `tip(row, column)`."""
        self._actions, self._tip, self._tips = actions, tip, {}
        super().set_rows(rows)

    def cell(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            key = (row, column)
            if key not in self._tips:
                self._tips[key] = self._tip(row, column)
            return self._tips[key]
        if role == Qt.ItemDataRole.UserRole and column == WHAT_COLUMN:
            return self._actions[row] if row < len(self._actions) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.row_at(index) is None:
            return None
        return self.cell(index.row(), index.column(), role)


class TimelineCell:
    """One cell, read as a QTableWidgetItem is: text(), toolTip(), data(role)."""

    def __init__(self, model: TimelineModel, row: int, column: int) -> None:
        self._model, self._row, self._column = model, row, column

    def text(self) -> str:
        return str(self._model.cell(self._row, self._column, Qt.ItemDataRole.DisplayRole))

    def toolTip(self) -> str:
        return str(self._model.cell(self._row, self._column, Qt.ItemDataRole.ToolTipRole) or "")

    def data(self, role: int) -> Any:
        return self._model.cell(self._row, self._column, role)


class _Title:
    def __init__(self, text: str) -> None:
        self._text = text

    def text(self) -> str:
        return self._text


class _MiddleElided(QStyledItemDelegate):
    """A field's name cut in its middle, so both what it is and where it belongs show
    ("Individuals (sensitive…and data export)") where the column cannot hold it whole."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class TimelineTable(QTableView):
    """The Timeline's events, one line each. When keeps its width, Who is as wide as the
    widest person it lists ("Li Wei (li.wei)"), up to WHO_MOST_CHARS; Field is as
    wide as the longest field name it lists, up to FIELD_MOST_CHARS, so the officer reads
    which field changed ("Leading tech…" said nothing); What and Change give it some of
    theirs where there is room. Where there is not (200 % on a laptop screen) the three
    share what is left, What and Change the larger parts (SHARES): what changed matters
    more than where. Reason fills the rest. Every cell is whole in its tooltip, the whole
    event in the details pane. Widths the officer drags stay as they are."""

    # Reason, the last, stretches. Change says the most ("condition 'Report the board
    # change to NDRC', due 31 Mar 2027 (estimated)"): at 340 it was cut off at 1366 pixels.
    # Field's entry is the width it had before it fitted its names (FIELD_MOST_CHARS).
    WIDTHS = (145, 90, 220, 110, 460)
    REASON_LEAST = 120
    # Where What, Field and Change cannot all have their widths (200 % on a laptop
    # screen), the room left is shared in these proportions: what changed and how say
    # the most ("Fact …" and "4,199 …" said nothing while Field kept a whole name).
    # Who, grown for a full name, has the smallest share, down to a login's width: the
    # name leads, so "Li Wei (li.w…" still says who, and the rest is in its tooltip.
    SHARES: ClassVar[dict[int, int]] = {WHO_COLUMN: 1, WHAT_COLUMN: 3, FIELD_COLUMN: 2,
                                        CHANGE_COLUMN: 4}
    # "Leading tech / AI enterprise (Target company)" whole; a longer name is cut in its
    # middle rather than pushing Change and Reason off a laptop screen.
    FIELD_MOST_CHARS = 40
    # Who grows from its width (WIDTHS) to the widest person listed, "Zhuang Qiaoyun
    # (zhuang.qiaoyun)", up to this many characters; a longer one is whole in its tooltip.
    WHO_MOST_CHARS = 28
    # (row, column, previous row, previous column), as QTableWidget's signal of that name.
    currentCellChanged = Signal(int, int, int, int)

    def __init__(self) -> None:
        super().__init__()
        self.timeline_model = TimelineModel(self)
        self.setModel(self.timeline_model)
        self.selectionModel().currentChanged.connect(
            lambda now, before: self.currentCellChanged.emit(
                now.row(), now.column(), before.row(), before.column()))
        self.fitting = True  # until the officer drags a column
        self._fitting_now = False
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.sectionResized.connect(self._resized)
        self._field_delegate = _MiddleElided(self)
        self.setItemDelegateForColumn(FIELD_COLUMN, self._field_delegate)
        self._widest_field = 0  # the longest field name listed, in pixels
        self._widest_who = 0  # the longest Who listed, in pixels

    def setHorizontalHeaderLabels(self, labels: Sequence[str]) -> None:
        self._fitting_now = True  # the default widths are not the officer's drag
        try:
            self.timeline_model.set_headers(labels)
            for column, width in enumerate(self.WIDTHS):
                self.horizontalHeader().resizeSection(column, width)
        finally:
            self._fitting_now = False

    def horizontalHeaderItem(self, column: int) -> _Title | None:
        title = self.timeline_model.headerData(column, Qt.Orientation.Horizontal)
        return _Title(str(title)) if title is not None else None

    def set_rows(self, rows: Sequence[tuple[str, ...]], actions: Sequence[str],
                 tip: Callable[[int, int], str]) -> None:
        """Show `rows` (each event's cells), with each What cell's action and the
        tooltips from `tip(row, column)`; nothing is current afterwards."""
        self.timeline_model.set_rows(rows, actions, tip)
        # Each name measured once: 5,000 events name a few dozen fields.
        names = {row[FIELD_COLUMN] for row in rows if len(row) > FIELD_COLUMN}
        metrics = self.fontMetrics()
        self._widest_field = max((metrics.horizontalAdvance(n) for n in names if n), default=0)
        people = {row[WHO_COLUMN] for row in rows if len(row) > WHO_COLUMN}  # a few a case
        self._widest_who = max((metrics.horizontalAdvance(p) for p in people), default=0)
        self.fit()

    def _title_width(self, column: int) -> int:
        title = self.horizontalHeaderItem(column)
        return self.horizontalHeader().fontMetrics().horizontalAdvance(
            title.text() if title is not None else "") + 16

    def field_width(self) -> int:
        """What Field would like: its longest name and the cell's margins, at least its
        title, at most FIELD_MOST_CHARS characters."""
        most = self.fontMetrics().horizontalAdvance("x" * self.FIELD_MOST_CHARS)
        return max(self._title_width(FIELD_COLUMN), min(most, self._widest_field + 16))

    def who_width(self) -> int:
        """What Who would like: its width (WIDTHS, a login of ten characters), or the
        widest person listed with the cell's margins ("Li Wei (li.wei)"), at most
        WHO_MOST_CHARS characters."""
        most = self.fontMetrics().horizontalAdvance("x" * self.WHO_MOST_CHARS)
        return max(self.WIDTHS[WHO_COLUMN], min(most, self._widest_who + 18))

    def rowCount(self) -> int:
        return self.timeline_model.rowCount()

    def item(self, row: int, column: int) -> TimelineCell | None:
        if not (0 <= row < self.rowCount() and 0 <= column < self.timeline_model.columnCount()):
            return None
        return TimelineCell(self.timeline_model, row, column)

    def currentRow(self) -> int:
        return self.currentIndex().row()

    def currentColumn(self) -> int:
        return self.currentIndex().column()

    def setCurrentCell(self, row: int, column: int) -> None:
        self.setCurrentIndex(self.timeline_model.index(row, column) if row >= 0
                             else QModelIndex())

    def _resized(self, column: int, old: int, new: int) -> None:
        if not self._fitting_now and column < len(self.WIDTHS) and old and new:
            self.fitting = False

    def fit(self) -> None:
        if not self.fitting:
            return
        columns = (WHAT_COLUMN, FIELD_COLUMN, CHANGE_COLUMN)
        least = {col: self._title_width(col) for col in columns}
        least[WHO_COLUMN] = self.WIDTHS[WHO_COLUMN]  # a login whole, as before names
        room = self.viewport().width() - self.WIDTHS[0] - self.REASON_LEAST
        # Where there is room: Field as wide as its names, What and Change giving half of
        # what Field takes beyond its old width (WIDTHS), Reason the other half, so at
        # 1366 pixels Reason still reads a short reason whole.
        field = self.field_width()
        flexible = self.WIDTHS[WHAT_COLUMN] + self.WIDTHS[CHANGE_COLUMN]
        shared = max(0, field - self.WIDTHS[FIELD_COLUMN]) / 2
        scale = max(0.0, min(1.0, (flexible - shared) / flexible))
        wanted = {WHO_COLUMN: self.who_width(),
                  WHAT_COLUMN: max(least[WHAT_COLUMN], int(self.WIDTHS[WHAT_COLUMN] * scale)),
                  FIELD_COLUMN: field,
                  CHANGE_COLUMN: max(least[CHANGE_COLUMN],
                                     int(self.WIDTHS[CHANGE_COLUMN] * scale))}
        widths = wanted if sum(wanted.values()) <= room else \
            share_room(room, least, wanted, self.SHARES)
        self._fitting_now = True
        try:
            for col, width in widths.items():
                self.horizontalHeader().resizeSection(col, width)
        finally:
            self._fitting_now = False

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()
