"""The deadlines dashboard: open tracks and open conditions by due date, the US
notifications expected to fall due (projected from the deals' expected completion dates),
and a chart of tracks by state."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QObject,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from approvals.domain import workflow as wf
from approvals.domain.clocks import fmt_date
from approvals.domain.errors import NotFound
from approvals.services.cases import ESTIMATED
from approvals.services.workspace import (
    ExpectedNotification,
    OpenTrack,
    expected_notifications,
    open_deadlines,
    track_states,
)
from approvals.ui.case_list import target_tip
from approvals.ui.errors import show_error
from approvals.ui.widgets import (
    due_soon_colour,
    humanise,
    named_scroll,
    overdue_colour,
    redraw_on_palette_change,
    resize_to_screen,
    text_field,
)
from approvals.ui.workers import TaskRunner

DUE, CASE, TARGET, STATE = 0, 1, 2, 4  # the same in both lists
# The target's Chinese name, which officers know and look for a company by: a column of its
# own, shown right after Target but numbered after State, so the columns before keep their
# numbers; Owner stays the last.
TARGET_ZH = 5
TREE_HEADERS = ("Due", "Case", "Target", "Regime", "State", "Chinese name", "Owner")
EXPECTED_HEADERS = ("Due", "Case", "Target", "Expected completion", "State", "Chinese name",
                    "Owner")
# The long-text columns (the names, State): as wide as their text up to a cap, and the ones
# to give way, down to a floor, when the window is too narrow for every column. In
# average characters, so they scale with the font: (floor, cap).
FLEXIBLE = {TARGET: (18, 50), TARGET_ZH: (10, 30), STATE: (14, 40)}
CELL_MARGIN = 16  # the cell's padding either side of its text
MEASURED = 200  # with more distinct texts in a column, only the longest are measured
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a cell's sort key where its text is not one
NO_DATE = "~"  # sorts after every ISO date: rows without a date come last
GROUPS = ("prohibited", "overdue", "this_week", "stopped", "later", "no_date")
TITLES = {
    "prohibited": "Prohibited by the screening — cannot be filed",
    "overdue": "Overdue",
    "this_week": "Due this week",
    "stopped": "Clock stopped",
    "later": "Due later",
    "no_date": "No due date yet",
}
# The US notifications whose completion date is not recorded yet: a section of their own,
# since their dates are projections the case list's Next deadline does not count.
EXPECTED_TITLE = "Expected US notifications (projected)"
EXPECTED_GROUPS = ("projected", "not_known")
EXPECTED_TITLES = {
    "projected": "Projected from the expected completion date",
    "not_known": "Completion date not known",
}
PROJECTED = " (projected)"
PROJECTED_ESTIMATED = " (projected, estimated)"  # one bracket, not "(projected) (estimated)"


@dataclass
class DashboardData:
    tracks: list[OpenTrack]
    states: list[tuple[str, int]]
    expected: list[ExpectedNotification] = field(default_factory=list)


def load_dashboard(session: Any) -> DashboardData:
    return DashboardData(open_deadlines(session), track_states(session),
                         expected_notifications(session))


def expected_due_text(e: ExpectedNotification) -> str:
    """The projected due date, marked projected (and estimated where the calendar is)."""
    if not e.projected_due:
        return "—"
    return e.projected_due + (PROJECTED_ESTIMATED if e.estimated else PROJECTED)


def expected_tooltip(e: ExpectedNotification, today: date) -> str:
    """How the date was projected, and what to do when the expected completion has passed."""
    if not e.expected_completion or not e.projected_due:
        return (f"The notification is {e.rule} ({e.citation}). Enter the expected "
                "completion date in the case's facts to see when it will be due.")
    completion = date.fromisoformat(e.expected_completion)
    lines = [f"If the deal completes on {fmt_date(completion)}, the notification is due "
             f"{fmt_date(date.fromisoformat(e.projected_due))}: {e.rule} ({e.citation}).",
             "The clock starts when the completion date is recorded on the track."]
    if completion < today:
        lines.append("The expected completion date has passed: record the completion date, "
                     "or correct the expected date in the case's facts.")
    return "\n".join(lines + list(e.warnings))


def widest_text(metrics: QFontMetrics, texts: Iterable[str]) -> int:
    """The width of the widest of `texts` as drawn. With many, only the MEASURED longest
    are measured, picked by UTF-8 length (a Chinese character counts three, about its
    width): a dashboard of 100,000 tracks is not measured name by name."""
    distinct = set(texts)
    longest = (heapq.nlargest(MEASURED, distinct, key=lambda t: len(t.encode()))
               if len(distinct) > MEASURED else distinct)
    return max((metrics.horizontalAdvance(t) for t in longest), default=0)


class ColumnFitter(QObject):
    """Fits a list's columns to what they show: each as wide as its widest text (the long
    texts only up to a cap), and the long-text columns narrowed, down to a floor, when the
    window is too narrow for every column; a cut cell gives its whole text on hover. A
    column the officer drags keeps that width, next time too (in the settings), until its
    divider is double-clicked."""

    def __init__(self, tree: QTreeWidget, key: str, settings: QSettings | None) -> None:
        super().__init__(tree)
        self.tree, self.key, self.settings = tree, key, settings
        # Kept, not asked of the tree: the handlers can run while it is being destroyed.
        self.titles = [tree.headerItem().text(c) for c in range(tree.columnCount())]
        header = tree.header()
        self.last = header.logicalIndex(header.count() - 1)  # stretched to the list's edge
        self.content: dict[int, int] = {}  # each column's widest text, with its margins
        self.chosen: dict[str, int] = self._read()  # header title: the officer's width
        self._fitting = False
        header.setStretchLastSection(True)
        header.sectionResized.connect(self._resized)
        # After the view's own fit to the contents, which would count as dragged.
        header.sectionHandleDoubleClicked.connect(self._refit)
        self.viewport = tree.viewport()
        self.viewport.installEventFilter(self)
        self.measure([[] for _ in self.titles])

    def _read(self) -> dict[str, int]:
        if self.settings is None:
            return {}
        chosen = {}
        for part in str(self.settings.value(self.key, "") or "").split(";"):
            title, _, width = part.rpartition("=")
            if title and width.isdigit():
                chosen[title] = int(width)
        return chosen

    def _write(self) -> None:
        if self.settings is not None:
            self.settings.setValue(self.key, ";".join(f"{t}={w}" for t, w in self.chosen.items()))

    def _resized(self, column: int, _old: int, new: int) -> None:
        if not self._fitting and column != self.last:
            self.chosen[self.titles[column]] = new
            self._write()

    def _refit(self, column: int) -> None:
        if self.chosen.pop(self.titles[column], None) is not None:
            self._write()
        self.fit()

    def set_hidden(self, column: int, hidden: bool) -> None:
        """Hide or show a column: its header resizes it, which is not the officer's doing."""
        if self.tree.isColumnHidden(column) != hidden:
            self._fitting = True
            try:
                self.tree.setColumnHidden(column, hidden)
            finally:
                self._fitting = False

    def measure(self, columns: Sequence[Iterable[str]]) -> None:
        """Take the rows' texts, column by column (group headings left out: they span
        the row), and fit the columns to them."""
        metrics = self.tree.fontMetrics()
        self.content = {}
        for column, texts in enumerate(columns):
            # A date fits Due even before there is one (an empty list, a group all "—").
            widest = max(widest_text(metrics, texts),
                         metrics.horizontalAdvance("2026-12-31") if column == DUE else 0)
            if widest:
                # A row sits under its group heading: two steps in, with the root's arrows.
                indent = 2 * self.tree.indentation() if column == DUE else 0
                self.content[column] = widest + CELL_MARGIN + indent
        self.fit()

    def fit(self) -> None:
        tree, header = self.tree, self.tree.header()
        average = tree.fontMetrics().averageCharWidth()
        last = self.last
        widths: dict[int, int] = {}
        floors: dict[int, int] = {}
        for column in range(header.count()):
            if column == last or header.isSectionHidden(column):
                continue
            least = header.sectionSizeHint(column)  # the header's own text is never cut
            chosen = self.chosen.get(self.titles[column])
            if chosen is not None:
                widths[column] = chosen
                continue
            width = max(least, self.content.get(column, 0))
            if column in FLEXIBLE:
                floor, cap = FLEXIBLE[column]
                width = min(width, max(least, cap * average))
                floors[column] = min(width, max(least, floor * average))
            widths[column] = width
        # The stretched last column (Owner) needs room for its own text too.
        last_width = max(header.sectionSizeHint(last), self.content.get(last, 0))
        over = sum(widths.values()) + last_width - tree.viewport().width()
        spare = sum(widths[c] - floors[c] for c in floors)
        if over > 0 and spare > 0:
            share = min(1.0, over / spare)
            for column, floor in floors.items():
                widths[column] -= math.ceil((widths[column] - floor) * share)
        # Room to spare: to the capped texts (a condition's wording), before the last column.
        room = -over
        for column in floors:
            wanted = self.content.get(column, 0) - widths[column]
            if room <= 0:
                break
            if wanted > 0:
                widths[column] += min(wanted, room)
                room -= min(wanted, room)
        self._fitting = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
            # The stretched last column keeps the size it last had as its least: its own.
            header.resizeSection(last, last_width)
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The list's own width, once laid out and whenever the window or splitter moves.
        if event.type() == QEvent.Type.Resize and watched is self.viewport:
            self.fit()
        return False


def row_height(tree: QTreeWidget) -> int:
    """The height of a row holding a Chinese name. The rows all take the height of the first
    (uniform heights, fast with many rows), a group heading in Latin letters only, which
    cut the Chinese characters, drawn in a taller fallback font, at the top."""
    layout = QTextLayout("Ag 公司", tree.font())
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return max(math.ceil(line.height()), tree.fontMetrics().height())


def heading(title: str, count: int, tree: QTreeWidget, font: QFont) -> QTreeWidgetItem:
    """A group's heading row, "Overdue (3)": spans the columns, opens nothing, sets the
    rows' height."""
    head = QTreeWidgetItem([f"{title} ({count})"])
    head.setData(0, Qt.ItemDataRole.UserRole, "")  # never hand None back to Python
    head.setFont(0, font)
    head.setSizeHint(0, QSize(0, row_height(tree)))
    tree.addTopLevelItem(head)
    head.setFirstColumnSpanned(True)
    return head


def names_tip(item: QTreeWidgetItem, name: str, name_zh: str) -> None:
    """Each name whole on hover, for when its column cuts it; on the Chinese name both
    names, as the case list's Target gives them."""
    item.setToolTip(TARGET, name)
    if name_zh:
        item.setToolTip(TARGET_ZH, target_tip(name, name_zh))


def make_row(texts: tuple[str, ...], reference: str) -> QTreeWidgetItem:
    """A row that opens `reference` (added to its group once filled: data set on a row in
    the tree would redraw it each time)."""
    item = QTreeWidgetItem(list(texts))
    item.setData(0, Qt.ItemDataRole.UserRole, reference)
    return item


@dataclass
class FilterGroup:
    head: QTreeWidgetItem
    title: str
    rows: list[QTreeWidgetItem]
    texts: list[tuple[str, ...]]
    shown: list[bool]
    haystacks: list[str] | None = None  # made at the first filter, not on every load


class RowFilter:
    """The filter's copy of one list: each group's rows with their texts, held in Python,
    so a keystroke over 100,000 rows tests strings rather than calling into Qt per row.
    A row is shown when each word typed is in one of its cells (a case, either name of
    the company, a regime, a state, an owner); the headings count what is shown
    ("Overdue (1 of 4)") and open where a row matches."""

    def __init__(self) -> None:
        self.groups: list[FilterGroup] = []

    def clear(self) -> None:  # with the list's clear(): its rows are gone
        self.groups = []

    def add(self, head: QTreeWidgetItem, title: str, rows: list[QTreeWidgetItem],
            texts: list[tuple[str, ...]]) -> None:
        self.groups.append(FilterGroup(head, title, rows, texts, [True] * len(rows)))

    def apply(self, text: str) -> None:
        terms = text.casefold().split()
        for group in self.groups:
            if terms and group.haystacks is None:
                # \x1f between cells: a word never matches across two of them.
                group.haystacks = ["\x1f".join(t).casefold() for t in group.texts]
            haystacks, shown = group.haystacks or [], group.shown
            count = 0
            for k, row in enumerate(group.rows):
                match = not terms or all(term in haystacks[k] for term in terms)
                if match != shown[k]:
                    row.setHidden(not match)
                    shown[k] = match
                count += match
            total = len(group.rows)
            group.head.setText(0, f"{group.title} ({count} of {total})" if terms and total
                               else f"{group.title} ({total})")
            if terms and count:
                group.head.setExpanded(True)


def sort_key(item: QTreeWidgetItem, column: int) -> str:
    key = item.data(column, SORT_ROLE)
    return key if isinstance(key, str) else item.text(column).casefold()


def sort_rows(tree: QTreeWidget) -> None:
    """Order each group's rows by the column whose header was clicked, the groups staying
    in their order (overdue first); ties go by due date, then case."""
    header = tree.header()
    column = header.sortIndicatorSection()
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    current = tree.currentItem()
    for i in range(tree.topLevelItemCount()):
        head = tree.topLevelItem(i)
        if head is None or head.childCount() < 2:
            continue
        rows = head.takeChildren()
        rows.sort(key=lambda r: (sort_key(r, DUE), r.text(CASE)))
        rows.sort(key=lambda r: sort_key(r, column), reverse=descending)  # stable: ties stay
        head.addChildren(rows)
    if current is not None:
        tree.setCurrentItem(current)


class GroupedList(QTreeWidget):
    """A list of rows under group headings, which says so when it has none rather than
    showing a blank white box."""

    placeholder = ""

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self.placeholder and not self.topLevelItemCount():
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.placeholder)


def make_list(name: str, accessible: str, headers: tuple[str, ...]) -> GroupedList:
    """A grouped list whose rows sort by a click on a header (the groups stay put)."""
    tree = GroupedList()
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(list(headers))
    tree.setRootIsDecorated(True)
    tree.setUniformRowHeights(True)
    header = tree.header()
    header.moveSection(header.visualIndex(TARGET_ZH), TARGET + 1)
    header.setSectionsClickable(True)
    header.setSortIndicatorShown(True)
    header.setSortIndicator(DUE, Qt.SortOrder.AscendingOrder)  # the order the rows come in
    header.sortIndicatorChanged.connect(lambda *_: sort_rows(tree))
    header.setToolTip("Click a header to sort each group by it; drag a divider to set a "
                      "column's width, double-click it to fit the column again")
    return tree


def group_of(track: OpenTrack, today: date) -> str:
    """Which section a track belongs to: a prohibited deal's track first (it can neither
    be filed nor completed, so no deadline will ever count), a stopped clock, then by due
    date."""
    if track.outcome == "prohibited" and not track.condition:
        return "prohibited"
    if track.stopped:
        return "stopped"
    if not track.due_date:
        return "no_date"
    if track.due_date < today.isoformat():
        return "overdue"
    week_end = today + timedelta(days=6 - today.weekday())
    if track.due_date <= week_end.isoformat():
        return "this_week"
    return "later"


CHART_TITLE = "All tracks by state"
MIN_BAR = 40  # the room the chart keeps for its longest bar


def chart_title(counts: list[tuple[str, int]]) -> str:
    """The chart's heading: it counts every track, ended ones too, unlike the lists beside
    it (which hold the open ones), so it says so."""
    total = sum(n for _, n in counts)
    return f"{CHART_TITLE} ({total}, open and ended)" if counts else CHART_TITLE


class StateChart(QWidget):
    """Horizontal bars: how many tracks are in each state (painted, so it follows the
    palette and scales with the font)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateChart")
        self.setAccessibleName(CHART_TITLE)
        self.counts: list[tuple[str, int]] = []
        self.set_counts([])

    def set_counts(self, counts: list[tuple[str, int]]) -> None:
        self.counts = counts
        self.setAccessibleDescription(", ".join(f"{humanise(s)}: {n}" for s, n in counts))
        # Every count in words, also those whose label a narrow chart cuts.
        self.setToolTip("\n".join(["Every filing track, open or ended, by the state it is in",
                                    *(f"{humanise(s)}: {n}" for s, n in counts)]))
        self.updateGeometry()
        self.update()

    def _widths(self) -> tuple[int, int]:
        """The labels' column and the numbers' column."""
        metrics = self.fontMetrics()
        label_w = max((metrics.horizontalAdvance(humanise(s)) for s, _ in self.counts),
                      default=0) + 12
        return label_w, metrics.horizontalAdvance("00000") + 8

    def _line(self) -> int:
        return self.fontMetrics().height() + 6

    def _height(self) -> int:
        return self._line() * (max(len(self.counts), 1) + 1)

    def sizeHint(self) -> QSize:
        label_w, number_w = self._widths()
        return QSize(max(label_w + number_w + 120,
                         self.fontMetrics().horizontalAdvance(chart_title(self.counts)) + 8),
                     self._height())

    def minimumSizeHint(self) -> QSize:
        # Never so short that states fall off the foot (the chart sits in a scroll area);
        # narrower than its labels, it cuts them rather than the bars and numbers.
        _label_w, number_w = self._widths()
        return QSize(number_w + MIN_BAR + 8 * self.fontMetrics().averageCharWidth(),
                     self._height())

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(palette.ColorRole.WindowText)
        line = self._line()
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(title_font).elidedText(
                             chart_title(self.counts), Qt.TextElideMode.ElideRight, self.width()))
        painter.setFont(self.font())
        if not self.counts:
            painter.drawText(QRectF(0, line, self.width(), line), Qt.AlignmentFlag.AlignVCenter,
                             "No filing tracks yet.")
            return
        label_w, number_w = self._widths()
        label_w = min(label_w, max(self.width() - number_w - MIN_BAR, self.width() // 2))
        metrics = self.fontMetrics()
        bar_max = max(self.width() - label_w - number_w, 20)
        top = max(n for _, n in self.counts) or 1  # no zero width to divide by
        accent = palette.color(palette.ColorRole.Highlight)
        for i, (state, count) in enumerate(self.counts):
            y = line * (i + 1)
            painter.setPen(text)
            painter.drawText(QRectF(0, y, label_w - 8, line),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             metrics.elidedText(humanise(state), Qt.TextElideMode.ElideRight,
                                                label_w - 8))
            width = bar_max * count / top
            painter.fillRect(QRectF(label_w, y + 4, width, line - 8), QBrush(QColor(accent)))
            painter.drawText(QRectF(label_w + width + 4, y, number_w, line),
                             Qt.AlignmentFlag.AlignVCenter, str(count))


def state_text(track: OpenTrack | ExpectedNotification) -> str:
    """The state as the case view's Tracks tab names it ("Materials requested (clock
    stopped)", "Accepted by the authority"), not the bare code made readable."""
    try:
        return wf.state_label(track.kind, track.state)
    except NotFound:  # a kind or state this installation's workflows do not know
        return humanise(track.state)


class DeadlinesDashboard(QWidget):
    open_case = Signal(str)
    loaded = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.runner = runner
        # Column widths the officer set are kept with the main window's (its settings).
        if settings is None and isinstance(getattr(parent, "settings", None), QSettings):
            settings = parent.settings  # type: ignore[union-attr]
        self.settings = settings
        self.tasks = runner.bound_to(self)  # results for a closed window are dropped
        self.setObjectName("deadlinesDashboard")
        self.setWindowTitle("Deadlines dashboard")
        resize_to_screen(self, 1340, 700)  # room for both names; capped to the screen
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)  # at 200 % it would hold the window wider than a screen
        refresh = QPushButton("&Refresh")
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.clicked.connect(self.reload)
        # Officers look a company up by either name: the filter finds both.
        self.filter_edit = text_field(
            QLineEdit, "dashboardFilter", "Filter deadlines",
            "Filter: case, company (English or Chinese)…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip("Finds a case, either name of the company, a regime, a "
                                    "state or an owner (Ctrl+F). Escape clears the filter; "
                                    "Enter or Down goes to the list.")
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)  # keystrokes queued together filter once
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_edit.installEventFilter(self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.filter_edit)
        top.addWidget(refresh)
        self.tree = make_list("deadlineTree", "Open tracks by due date", TREE_HEADERS)
        self.tree.placeholder = "Reading the deadlines…"  # until the worker's result
        self.tree.itemActivated.connect(self._activated)
        self.tree_columns = ColumnFitter(self.tree, "dashboard/deadline_columns", settings)
        self.tree_filter = RowFilter()
        self.expected_filter = RowFilter()
        self.expected_section = self._expected_section()
        self.expected_section.setVisible(False)  # until the data says there is one
        self.chart = StateChart()
        chart = named_scroll(self.chart, "stateChartScroll", CHART_TITLE)
        chart.setFrameShape(QFrame.Shape.NoFrame)
        chart.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it narrows
        # The deadlines take the window's whole width, for the companies' names; the
        # projections share the lower part with the chart.
        below = QSplitter(Qt.Orientation.Horizontal)
        below.setObjectName("dashboardBelow")
        below.addWidget(self.expected_section)
        below.addWidget(chart)
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 1)
        below.setSizes([960, 300])
        self.lists = lists = QSplitter(Qt.Orientation.Vertical)
        lists.setObjectName("dashboardLists")
        lists.addWidget(self.tree)
        lists.addWidget(below)
        # A shorter window (a small screen, 200 %) takes room from both, not all from the
        # deadlines; _share_height gives the lower part what it needs once the rows are in.
        lists.setStretchFactor(0, 2)
        lists.setStretchFactor(1, 1)
        lists.setSizes([430, 230])
        self.below = below
        self.split_moved = False  # the officer dragged the divider: theirs from then on
        lists.splitterMoved.connect(lambda *_: setattr(self, "split_moved", True))
        self._restore_layout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(lists, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        # A read-only window: Escape closes it as it would a dialog.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._find)
        self.groups: dict[str, list[OpenTrack]] = {}
        self.expected_groups: dict[str, list[ExpectedNotification]] = {}
        self._data: DashboardData | None = None
        self.tree.setFocus()  # Ctrl+D, then the arrows and Enter: straight into the list

    def _expected_section(self) -> QWidget:
        section = QWidget()
        section.setObjectName("expectedSection")
        self.expected_title = title = QLabel(f"<b>{EXPECTED_TITLE}</b>")
        title.setObjectName("expectedTitle")
        # Short, so that at 200 % it leaves the list some room; the whole on hover.
        self.expected_note = note = QLabel(
            "Due dates projected from each deal's expected completion date: a deadline once "
            "the completion date is recorded on the track.")
        note.setObjectName("expectedNote")
        note.setWordWrap(True)
        explained = ("Open US-OISP notifications whose completion date is not recorded yet, "
                     "due dates projected from each deal's expected completion date. Once the "
                     "completion date is recorded on the track, its clock starts and the "
                     "deadline counts above and in the case list.")
        for label in (title, note):
            label.setToolTip(explained)
        self.expected_tree = make_list("expectedTree", EXPECTED_TITLE, EXPECTED_HEADERS)
        self.expected_tree.itemActivated.connect(self._activated)
        self.expected_columns = ColumnFitter(self.expected_tree, "dashboard/expected_columns",
                                             self.settings)
        title.setBuddy(self.expected_tree)
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.expected_tree, 1)
        return section

    def _find(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        text = self.filter_edit.text()
        self.tree_filter.apply(text)
        self.expected_filter.apply(text)

    def _first_row(self) -> QTreeWidgetItem | None:
        for tree in (self.tree, self.expected_tree):
            if tree.isHidden() or not tree.isVisibleTo(self):
                continue
            for i in range(tree.topLevelItemCount()):
                head = tree.topLevelItem(i)
                for j in range(head.childCount() if head is not None else 0):
                    row = head.child(j) if head is not None else None
                    if row is not None and not row.isHidden():
                        return row
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter_edit and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                # Escape clears the filter first; only an empty one lets it close the window.
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    self.filter_edit.clear()
                    self.apply_filter()
                    return True
            if event.type() == QEvent.Type.KeyPress and key in (
                    Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.apply_filter()
                row = self._first_row()
                if row is not None:
                    tree = row.treeWidget()
                    tree.setFocus()
                    tree.setCurrentItem(row)
                return True
        return super().eventFilter(watched, event)

    def _share_height(self) -> None:
        """The lower part (projections, chart) as tall as its rows and the chart need, up
        to 45 % of the height; the rest to the deadlines, the list that matters most."""
        total = sum(self.lists.sizes())
        if self.split_moved or total <= 0:
            return
        needed = self.chart.minimumSizeHint().height() + 4
        if not self.expected_section.isHidden():
            tree = self.expected_tree
            heads = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
            rows = len(heads) + sum(h.childCount() for h in heads if h is not None)
            layout = self.expected_section.layout()
            spacing = layout.spacing() if layout is not None else 6
            note = self.expected_note
            needed = max(needed, 6 + self.expected_title.sizeHint().height() + 2 * spacing
                         + note.heightForWidth(max(note.width(), 300))
                         + tree.header().sizeHint().height() + (rows + 1) * row_height(tree)
                         + 2 * tree.frameWidth() + tree.horizontalScrollBar().sizeHint().height())
        below = min(needed, int(total * 0.45))
        self.lists.setSizes([total - below, below])

    def _restore_layout(self) -> None:
        """The window's size and place and the dividers as the officer left them."""
        if self.settings is None:
            return
        geometry = self.settings.value("dashboard/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        lists = self.settings.value("dashboard/lists")
        if isinstance(lists, QByteArray) and not lists.isEmpty() and self.lists.restoreState(lists):
            self.split_moved = True
        below = self.settings.value("dashboard/below")
        if isinstance(below, QByteArray) and not below.isEmpty():
            self.below.restoreState(below)

    def hideEvent(self, event: Any) -> None:
        # Closing hides the window (it is kept for the next Ctrl+D): remember its layout.
        if self.settings is not None:
            self.settings.setValue("dashboard/geometry", self.saveGeometry())
            self.settings.setValue("dashboard/below", self.below.saveState())
            if self.split_moved:
                self.settings.setValue("dashboard/lists", self.lists.saveState())
        super().hideEvent(event)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # The filter's whole placeholder in view, with its clear button; in a narrow window
        # (200 %) no more than a quarter of it, so the summary beside keeps its room.
        self.filter_edit.setMinimumWidth(min(
            self.fontMetrics().horizontalAdvance(self.filter_edit.placeholderText()) + 48,
            self.width() // 4))
        self._share_height()

    def changeEvent(self, event: QEvent) -> None:
        # The overdue and due-soon colours are chosen for the palette.
        redraw_on_palette_change(self, event, self._show_again)
        super().changeEvent(event)

    def _show_again(self) -> None:
        # A palette change can come before __init__ has set _data.
        data: DashboardData | None = getattr(self, "_data", None)
        if data is not None:
            self._show(data)

    def reload(self) -> None:
        self.tasks.read(load_dashboard, self._show,
                         lambda exc: show_error(self, "Could not load the deadlines", exc))

    def _show(self, data: DashboardData, today: date | None = None) -> None:
        today = today or date.today()
        self._data = data
        self.groups = {g: [] for g in GROUPS}
        for track in data.tracks:
            self.groups[group_of(track, today)].append(track)
        self.tree_filter.clear()
        self.tree.clear()
        self.tree.placeholder = "No open filing tracks"
        bold = QFont(self.tree.font())
        bold.setBold(True)
        colours = {"prohibited": overdue_colour(), "overdue": overdue_colour(),
                   "this_week": due_soon_colour()}
        projected = {e.track_id: e for e in data.expected if e.projected_due}
        columns: list[list[str]] = [[] for _ in TREE_HEADERS]  # the texts, to fit the columns
        for group in GROUPS:
            tracks = self.groups[group]
            if (group == "prohibited" or not data.tracks) and not tracks:
                # A section that exists only to warn; with no track at all the summary
                # says where tracks come from, rather than five empty groups.
                continue
            head = heading(TITLES[group], len(tracks), self.tree, bold)
            if group in colours:
                head.setForeground(0, QBrush(colours[group]))
            items: list[QTreeWidgetItem] = []
            item_texts: list[tuple[str, ...]] = []
            for t in tracks:
                due = (t.due_date or "—") + (ESTIMATED if t.due_estimated else "")
                state = f"Condition: {t.condition}" if t.condition else state_text(t)
                texts = (due, t.reference, t.target, t.regime, state, t.target_zh, t.owner)
                item = make_row(texts, t.reference)
                item.setData(DUE, SORT_ROLE, t.due_date or NO_DATE)
                item.setData(TARGET, SORT_ROLE, t.target.casefold())
                names_tip(item, t.target, t.target_zh)
                for column, text in zip(columns, texts, strict=True):
                    column.append(text)
                if t.condition:
                    item.setToolTip(STATE, f"A condition of the {t.regime} clearance:\n{t.condition}")
                else:  # a long state name is cut by the column too
                    item.setToolTip(STATE, state)
                if not t.due_date and not t.condition and t.track_id in projected:
                    # No deadline counts yet, but the section below has a projection.
                    item.setToolTip(0, f"Projected due date {projected[t.track_id].projected_due}"
                                       f": see {EXPECTED_TITLE} below")
                if group in colours:
                    item.setForeground(0, QBrush(colours[group]))
                items.append(item)
                item_texts.append(texts)
            head.addChildren(items)
            self.tree_filter.add(head, TITLES[group], items, item_texts)
            head.setExpanded((group != "no_date" and group != "later") or len(tracks) < 50)
        sort_rows(self.tree)  # by the header the officer last clicked
        self.tree_filter.apply(self.filter_edit.text())  # and the filter they typed
        # No room taken where the cases give no Chinese name.
        self.tree_columns.set_hidden(TARGET_ZH, not any(t.target_zh for t in data.tracks))
        self.tree_columns.measure(columns)
        counts = {g: len(v) for g, v in self.groups.items()}
        conditions = sum(1 for t in data.tracks if t.condition)
        expected = len(data.expected)
        self.summary.setText(
            f"<b>{len(data.tracks) - conditions}</b> open tracks · "
            + (f"<b>{conditions}</b> open conditions · " if conditions else "")
            + f"<b style='color:{overdue_colour().name()}'>"
            f"{counts['overdue']}</b> overdue · <b>{counts['this_week']}</b> due this week · "
            f"<b>{counts['stopped']}</b> with the clock stopped"
            + (f" · <b style='color:{overdue_colour().name()}'>{counts['prohibited']}</b> "
               "prohibited" if counts["prohibited"] else "")
            + (f" · <b>{expected}</b> US notification{'s' if expected > 1 else ''} expected"
               if expected else "") if data.tracks else
            # Say where tracks come from rather than five empty groups and a row of zeros.
            "No open filing tracks. Screening a case opens one for each regime that needs "
            "action; its deadlines are listed here.")
        self._show_expected(data.expected, today, bold)
        self.chart.set_counts(data.states)
        self._share_height()
        self.loaded.emit()

    def _show_expected(self, expected: list[ExpectedNotification], today: date,
                       bold: QFont) -> None:
        """The projected section: shown only when there is a US notification to expect."""
        self.expected_groups = {
            "projected": [e for e in expected if e.projected_due],
            "not_known": [e for e in expected if not e.projected_due],
        }
        columns: list[list[str]] = [[] for _ in EXPECTED_HEADERS]
        self.expected_filter.clear()
        self.expected_tree.clear()
        self.expected_section.setVisible(bool(expected))
        for group in EXPECTED_GROUPS:
            rows = self.expected_groups[group]
            if not rows:
                continue
            head = heading(EXPECTED_TITLES[group], len(rows), self.expected_tree, bold)
            items: list[QTreeWidgetItem] = []
            item_texts: list[tuple[str, ...]] = []
            for e in rows:
                state = state_text(e)
                texts = (expected_due_text(e), e.reference, e.target,
                         e.expected_completion or "not known", state, e.target_zh, e.owner)
                item = make_row(texts, e.reference)
                item.setData(DUE, SORT_ROLE, e.projected_due or NO_DATE)
                item.setData(TARGET, SORT_ROLE, e.target.casefold())
                item.setData(3, SORT_ROLE, e.expected_completion or NO_DATE)
                for column, text in zip(columns, texts, strict=True):
                    column.append(text)
                tip = expected_tooltip(e, today)
                for col in (0, 3):
                    item.setToolTip(col, tip)
                names_tip(item, e.target, e.target_zh)
                item.setToolTip(STATE, state)
                # A projection already past (or a completion that should have happened)
                # needs the officer's eye: the deal may have completed unrecorded.
                if e.projected_due and e.projected_due < today.isoformat():
                    item.setForeground(0, QBrush(overdue_colour()))
                elif e.expected_completion and e.expected_completion < today.isoformat():
                    item.setForeground(3, QBrush(due_soon_colour()))
                items.append(item)
                item_texts.append(texts)
            head.addChildren(items)
            self.expected_filter.add(head, EXPECTED_TITLES[group], items, item_texts)
            head.setExpanded(True)
        sort_rows(self.expected_tree)
        self.expected_filter.apply(self.filter_edit.text())
        self.expected_columns.set_hidden(TARGET_ZH, not any(e.target_zh for e in expected))
        self.expected_columns.measure(columns)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        reference = item.data(0, Qt.ItemDataRole.UserRole)
        if reference:
            self.open_case.emit(str(reference))
