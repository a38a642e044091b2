"""The deadlines dashboard: open tracks and open conditions by due date, the US
notifications expected to fall due (projected from the deals' expected completion dates),
and a chart of tracks by state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
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
from approvals.ui.errors import show_error
from approvals.ui.widgets import (
    due_soon_colour,
    humanise,
    overdue_colour,
    redraw_on_palette_change,
    resize_to_screen,
)
from approvals.ui.workers import TaskRunner

# Default column widths (the last column stretches).
TREE_WIDTHS = (135, 100, 150, 115, 190)
EXPECTED_WIDTHS = (195, 100, 140, 130, 170)
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


def set_column_widths(tree: QTreeWidget, widths: tuple[int, ...]) -> None:
    """Each column its default width, widened where a larger font (150-200 % text, a
    bigger system font) would clip its header."""
    header = tree.header()
    for col, width in enumerate(widths):
        tree.setColumnWidth(col, max(width, header.sectionSizeHint(col)))


def widen_for_rows(tree: QTreeWidget, columns: tuple[int, ...]) -> None:
    """Widen `columns` where the rows' text is wider (a due date marked projected and
    estimated, a larger font); never narrowed, so a width the officer set stays. Group
    headings span the row and are left out; names stay cut, with their tooltip."""
    metrics = tree.fontMetrics()
    margin = 16  # the cell's padding either side of its text
    heads = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    rows = [head.child(j) for head in heads if head is not None for j in range(head.childCount())]
    for col in columns:
        needed = max((metrics.horizontalAdvance(row.text(col)) for row in rows if row is not None),
                     default=0)
        if needed:
            needed += margin + (tree.indentation() if col == 0 else 0)
            if needed > tree.columnWidth(col):
                tree.setColumnWidth(col, needed)


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


class StateChart(QWidget):
    """Horizontal bars: how many tracks are in each state (painted, so it follows the
    palette and scales with the font)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateChart")
        self.setAccessibleName("Tracks by state")
        self.counts: list[tuple[str, int]] = []
        self.setMinimumHeight(120)

    def set_counts(self, counts: list[tuple[str, int]]) -> None:
        self.counts = counts
        self.setAccessibleDescription(", ".join(f"{humanise(s)}: {n}" for s, n in counts))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height() + 8
        return QSize(420, max(120, line * (len(self.counts) + 1)))

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(palette.ColorRole.WindowText)
        metrics = self.fontMetrics()
        line = metrics.height() + 8
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignVCenter,
                         "Tracks by state")
        painter.setFont(self.font())
        if not self.counts:
            painter.drawText(QRectF(0, line, self.width(), line), Qt.AlignmentFlag.AlignVCenter,
                             "No filing tracks yet.")
            return
        label_w = max(metrics.horizontalAdvance(humanise(s)) for s, _ in self.counts) + 12
        number_w = metrics.horizontalAdvance("00000") + 8
        bar_max = max(self.width() - label_w - number_w, 20)
        top = max(n for _, n in self.counts)
        accent = palette.color(palette.ColorRole.Highlight)
        for i, (state, count) in enumerate(self.counts):
            y = line * (i + 1)
            painter.setPen(text)
            painter.drawText(QRectF(0, y, label_w - 8, line),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             humanise(state))
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

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed window are dropped
        self.setObjectName("deadlinesDashboard")
        self.setWindowTitle("Deadlines dashboard")
        resize_to_screen(self, 1200, 680)
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        refresh = QPushButton("&Refresh")
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)
        self.tree = QTreeWidget()
        self.tree.setObjectName("deadlineTree")
        self.tree.setAccessibleName("Open tracks by due date")
        self.tree.setColumnCount(6)
        self.tree.setHeaderLabels(["Due", "Case", "Target", "Regime", "State", "Owner"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._activated)
        # Owner (the stretched last column) stays in view at the default size.
        set_column_widths(self.tree, TREE_WIDTHS)
        self.expected_section = self._expected_section()
        self.expected_section.setVisible(False)  # until the data says there is one
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.setObjectName("dashboardLists")
        lists.addWidget(self.tree)
        lists.addWidget(self.expected_section)
        # A taller window gives its room to the deadlines; the projections keep theirs.
        lists.setStretchFactor(0, 1)
        lists.setStretchFactor(1, 0)
        lists.setSizes([440, 200])
        self.chart = StateChart()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(lists)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 360])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        # A read-only window: Escape closes it as it would a dialog.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.groups: dict[str, list[OpenTrack]] = {}
        self.expected_groups: dict[str, list[ExpectedNotification]] = {}
        self._data: DashboardData | None = None

    def _expected_section(self) -> QWidget:
        section = QWidget()
        section.setObjectName("expectedSection")
        title = QLabel(f"<b>{EXPECTED_TITLE}</b>")
        title.setObjectName("expectedTitle")
        note = QLabel("Open US-OISP notifications whose completion date is not recorded yet, "
                      "due dates projected from each deal's expected completion date. Once "
                      "the completion date is recorded on the track, its clock starts and "
                      "the deadline counts above and in the case list.")
        note.setObjectName("expectedNote")
        note.setWordWrap(True)
        self.expected_tree = QTreeWidget()
        self.expected_tree.setObjectName("expectedTree")
        self.expected_tree.setAccessibleName(EXPECTED_TITLE)
        self.expected_tree.setColumnCount(6)
        self.expected_tree.setHeaderLabels(
            ["Due", "Case", "Target", "Expected completion", "State", "Owner"])
        self.expected_tree.setRootIsDecorated(True)
        self.expected_tree.setUniformRowHeights(True)
        self.expected_tree.itemActivated.connect(self._activated)
        set_column_widths(self.expected_tree, EXPECTED_WIDTHS)
        title.setBuddy(self.expected_tree)
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.expected_tree, 1)
        return section

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
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        colours = {"prohibited": overdue_colour(), "overdue": overdue_colour(),
                   "this_week": due_soon_colour()}
        projected = {e.track_id: e for e in data.expected if e.projected_due}
        for group in GROUPS:
            tracks = self.groups[group]
            if group == "prohibited" and not tracks:
                continue  # a section that exists only to warn
            head = QTreeWidgetItem([f"{TITLES[group]} ({len(tracks)})"])
            head.setData(0, Qt.ItemDataRole.UserRole, "")  # never hand None back to Python
            head.setFirstColumnSpanned(True)
            head.setFont(0, bold)
            if group in colours:
                head.setForeground(0, QBrush(colours[group]))
            self.tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            for t in tracks:
                due = (t.due_date or "—") + (ESTIMATED if t.due_estimated else "")
                state = f"Condition: {t.condition}" if t.condition else state_text(t)
                item = QTreeWidgetItem([due, t.reference, t.target, t.regime, state, t.owner])
                item.setData(0, Qt.ItemDataRole.UserRole, t.reference)
                item.setToolTip(2, t.target)  # long company names are cut by the column
                if t.condition:
                    item.setToolTip(4, f"A condition of the {t.regime} clearance:\n{t.condition}")
                else:  # a long state name is cut by the column too
                    item.setToolTip(4, state)
                if not t.due_date and not t.condition and t.track_id in projected:
                    # No deadline counts yet, but the section below has a projection.
                    item.setToolTip(0, f"Projected due date {projected[t.track_id].projected_due}"
                                       f": see {EXPECTED_TITLE} below")
                if group in colours:
                    item.setForeground(0, QBrush(colours[group]))
                head.addChild(item)
            head.setExpanded((group != "no_date" and group != "later") or len(tracks) < 50)
        widen_for_rows(self.tree, (0, 1))
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
        self.loaded.emit()

    def _show_expected(self, expected: list[ExpectedNotification], today: date,
                       bold: QFont) -> None:
        """The projected section: shown only when there is a US notification to expect."""
        self.expected_groups = {
            "projected": [e for e in expected if e.projected_due],
            "not_known": [e for e in expected if not e.projected_due],
        }
        self.expected_tree.clear()
        self.expected_section.setVisible(bool(expected))
        for group in EXPECTED_GROUPS:
            rows = self.expected_groups[group]
            if not rows:
                continue
            head = QTreeWidgetItem([f"{EXPECTED_TITLES[group]} ({len(rows)})"])
            head.setData(0, Qt.ItemDataRole.UserRole, "")
            head.setFont(0, bold)
            self.expected_tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            for e in rows:
                state = state_text(e)
                item = QTreeWidgetItem([expected_due_text(e), e.reference, e.target,
                                        e.expected_completion or "not known", state, e.owner])
                item.setData(0, Qt.ItemDataRole.UserRole, e.reference)
                tip = expected_tooltip(e, today)
                for col in (0, 3):
                    item.setToolTip(col, tip)
                item.setToolTip(2, e.target)
                item.setToolTip(4, state)
                # A projection already past (or a completion that should have happened)
                # needs the officer's eye: the deal may have completed unrecorded.
                if e.projected_due and e.projected_due < today.isoformat():
                    item.setForeground(0, QBrush(overdue_colour()))
                elif e.expected_completion and e.expected_completion < today.isoformat():
                    item.setForeground(3, QBrush(due_soon_colour()))
                head.addChild(item)
            head.setExpanded(True)
        widen_for_rows(self.expected_tree, (0, 1, 3))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        reference = item.data(0, Qt.ItemDataRole.UserRole)
        if reference:
            self.open_case.emit(str(reference))
