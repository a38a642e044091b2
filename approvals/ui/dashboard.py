"""The deadlines dashboard: open tracks and open conditions by due date, and a chart of
tracks by state."""

from __future__ import annotations

from dataclasses import dataclass
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
from approvals.domain.errors import NotFound
from approvals.services.cases import ESTIMATED
from approvals.services.workspace import OpenTrack, open_deadlines, track_states
from approvals.ui.errors import show_error
from approvals.ui.widgets import (
    due_soon_colour,
    humanise,
    overdue_colour,
    redraw_on_palette_change,
)
from approvals.ui.workers import TaskRunner

GROUPS = ("overdue", "this_week", "stopped", "later", "no_date")
TITLES = {
    "overdue": "Overdue",
    "this_week": "Due this week",
    "stopped": "Clock stopped",
    "later": "Due later",
    "no_date": "No due date yet",
}


@dataclass
class DashboardData:
    tracks: list[OpenTrack]
    states: list[tuple[str, int]]


def load_dashboard(session: Any) -> DashboardData:
    return DashboardData(open_deadlines(session), track_states(session))


def group_of(track: OpenTrack, today: date) -> str:
    """Which section a track belongs to: a stopped clock first, then by due date."""
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

    def __init__(self, parent: QWidget | None = None):
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


def state_text(track: OpenTrack) -> str:
    """The state as the case view's Tracks tab names it ("Materials requested (clock
    stopped)", "Accepted by the authority"), not the bare code made readable."""
    try:
        return wf.state_label(track.kind, track.state)
    except NotFound:  # a kind or state this installation's workflows do not know
        return humanise(track.state)


class DeadlinesDashboard(QWidget):
    open_case = Signal(str)
    loaded = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed window are dropped
        self.setObjectName("deadlinesDashboard")
        self.setWindowTitle("Deadlines dashboard")
        self.resize(1200, 680)
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
        for col, width in enumerate((135, 100, 150, 115, 190)):
            self.tree.setColumnWidth(col, width)
        self.chart = StateChart()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 360])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, activated=self.close)
        # A read-only window: Escape closes it as it would a dialog.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self.groups: dict[str, list[OpenTrack]] = {}
        self._data: DashboardData | None = None

    def changeEvent(self, event: QEvent) -> None:
        # The overdue and due-soon colours are chosen for the palette.
        redraw_on_palette_change(self, event, self._show_again)
        super().changeEvent(event)

    def _show_again(self) -> None:
        if getattr(self, "_data", None) is not None:
            self._show(self._data)

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
        colours = {"overdue": overdue_colour(), "this_week": due_soon_colour()}
        for group in GROUPS:
            tracks = self.groups[group]
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
                if group in colours:
                    item.setForeground(0, QBrush(colours[group]))
                head.addChild(item)
            head.setExpanded((group != "no_date" and group != "later") or len(tracks) < 50)
        counts = {g: len(v) for g, v in self.groups.items()}
        conditions = sum(1 for t in data.tracks if t.condition)
        self.summary.setText(
            f"<b>{len(data.tracks) - conditions}</b> open tracks · "
            + (f"<b>{conditions}</b> open conditions · " if conditions else "")
            + f"<b style='color:{overdue_colour().name()}'>"
            f"{counts['overdue']}</b> overdue · <b>{counts['this_week']}</b> due this week · "
            f"<b>{counts['stopped']}</b> with the clock stopped" if data.tracks else
            # Say where tracks come from rather than five empty groups and a row of zeros.
            "No open filing tracks. Screening a case opens one for each regime that needs "
            "action; its deadlines are listed here.")
        self.chart.set_counts(data.states)
        self.loaded.emit()

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        reference = item.data(0, Qt.ItemDataRole.UserRole)
        if reference:
            self.open_case.emit(str(reference))
