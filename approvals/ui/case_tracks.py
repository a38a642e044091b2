"""The Tracks tab's tables and words: the history and obligations tables, the splitter the
tab lays out in, the workflow diagram's data, what a history row's reason and review input
say (the Timeline says them too, in columns `timeline_widths` sizes), the open obligations a
step leaves behind, and the decision day conditions count from.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import Any

from PySide6.QtWidgets import QSplitter, QTableWidget, QWidget

from approvals.domain import workflow as wf
from approvals.domain.errors import NotFound, TransitionRefused
from approvals.domain.event_text import EventFacts, event_sentence, extension_text, reviewer_of
from approvals.domain.numbers import counted
from approvals.services import workflow as workflow_service
from approvals.services.workflow import FilingTrackView
from approvals.services.workspace import EventInfo
from approvals.ui.timeline_table import TimelineTable
from approvals.ui.widgets import fit_columns


def track_diagram(track: FilingTrackView) -> dict[str, Any]:
    """The track's workflow diagram; while materials are requested, the one way back it
    has: the clock resumes in the phase it stopped in, not in any review phase (the
    picture led from "Materials requested" to all three FISR reviews)."""
    diagram = wf.diagram(track.kind)
    if track.state != "materials_requested":
        return diagram
    back = next((h.from_state for h in reversed(track.history)
                 if h.to_state == "materials_requested" and h.from_state != h.to_state), None)
    if back is None:
        return diagram
    edges = [e for e in diagram["edges"] if not (
        e["from"] == "materials_requested" and e["transition"] == "supply_materials"
        and e["to"] != back)]
    return {**diagram, "edges": edges}


def particular_text(name: str, value: str, kind: str = "") -> str:
    """What a step recorded, in the history's Reason column: "filing reference 12",
    "extended by 30 working days" (the days an extension added to the `kind`'s clock: the
    history said only "extended")."""
    if name == "extension_days":
        return extension_text(value, kind)  # as the status report's history says it
    return f"{name.replace('_', ' ')} {value}"


def review_text(event: EventInfo) -> str:
    """Review input (a recommendation, comment, import, proposal decided or revised) in the
    status report's words, naming its reviewer: "recommendation from anna (Anna's laptop):
    return". "" for an event that names no reviewer (stored before they were recorded),
    which the Change column says as it always did."""
    details = event.details if isinstance(event.details, dict) else None
    if not reviewer_of(details):
        return ""
    return event_sentence(EventFacts(event.action, event.entity_id, event.field,
                                     event.old_value, event.new_value, details))


class TracksSplitter(QSplitter):
    """The track list beside the track's details: the list as wide as `LIST_WIDTH` in a
    window with room, narrowing to a quarter of it (down to its least) in a small one,
    until the officer drags the divider. At 200 % on a laptop it kept 260 px of 683,
    the diagram and the history squeezed beside it."""

    LIST_WIDTH = 240  # with the diagram's gaps, room for eight stages in 1366 px

    def __init__(self) -> None:
        super().__init__()
        self.dragged = False
        self.splitterMoved.connect(lambda *_: setattr(self, "dragged", True))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        listed = self.widget(0)
        if not self.dragged and listed is not None and self.count() == 2:
            total = sum(self.sizes())
            least = listed.minimumWidth()
            width = min(self.LIST_WIDTH, max(least, self.width() // 4))
            if total > width and self.sizes()[0] != width:
                self.setSizes([width, total - width])


class HistoryTable(QTableWidget):
    """A track's history: date, who, step and state as wide as they are (fixed pixel
    widths cut "Record completion date (starts t…" with the reason column half empty, and
    the dates at 200 %); the reason fills the rest. Where they do not all fit, the step
    and the state give up room in proportion, so the reason keeps a quarter of the width
    (each cell's whole text is in its tooltip). Fitted when filled and when resized."""

    REASON_SHARE = 4  # the reason keeps 1/4 of the width at least

    def fit(self) -> None:
        fit_columns(self)
        width = self.viewport().width()
        room = width - self.columnWidth(0) - self.columnWidth(1) - width // self.REASON_SHARE
        wide = self.columnWidth(2) + self.columnWidth(3)
        if wide > room > 0:
            header = self.horizontalHeader()
            for col in (2, 3):  # never narrower than its heading
                self.setColumnWidth(col, max(header.sectionSizeHint(col),
                                             self.columnWidth(col) * room // wide))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()


# The widest time the Timeline's When column shows (the events' UTC time, to the second).
WIDEST_WHEN = "2026-12-31 23:59:59"


# Who: a user name of this many characters whole ("sarah.chen" was "sarah…" at 200 %).
# With full names ("Li Wei (li.wei)") it grows to the widest listed (TimelineTable.fit).
WHO_CHARS = 10


def timeline_widths(table: QWidget) -> tuple[int, int, int, int, int]:
    """TimelineTable's widths with When and Who in the table's font: the widest time, a
    user name of WHO_CHARS and the cells' margins, at least TimelineTable's own (the usual
    font keeps the widths it had)."""
    metrics = table.fontMetrics()
    when = max(TimelineTable.WIDTHS[0], metrics.horizontalAdvance(WIDEST_WHEN) + 18)
    who = max(TimelineTable.WIDTHS[1], metrics.horizontalAdvance("x" * WHO_CHARS) + 18)
    _when, _who, what, field, change = TimelineTable.WIDTHS
    return when, who, what, field, change


def obligations_outlive(track: FilingTrackView, step: str) -> str:
    """What a step that ends the track leaves of its open conditions (or follow-ups):
    they stay open, with their due dates ("" for another step, or none open). Closing a
    track read as if it ended its conditions too."""
    try:
        target = wf.get_transition(track.kind, track.state, step).target_for(track.state, None)
        ends = wf.is_final(track.kind, target)
    except (NotFound, TransitionRefused, KeyError):
        return ""
    still_open = sum(o.status == "open" for o in track.obligations)
    if not ends or not still_open:
        return ""
    what = counted(still_open, f"open {track.obligation_word}")
    return f"Its {what} {'stays' if still_open == 1 else 'stay'} open, with " \
           f"{'its due date' if still_open == 1 else 'their due dates'}."


def open_obligations_line(track: FilingTrackView) -> tuple[str, bool]:
    """The track list's line for the conditions (or follow-ups) still open ("\\n3 open
    conditions, 1 overdue"; "" for none) and whether one is overdue: a decided track read
    "Cleared with conditions" and nothing else, its overdue condition unseen until the
    track was selected and the table below the diagram read."""
    still_open = [o for o in track.obligations if o.status == "open"]
    if not still_open:
        return "", False
    overdue = sum(o.overdue for o in still_open)
    line = "\n" + counted(len(still_open), f"open {track.obligation_word}")
    return line + (f", {overdue} overdue" if overdue else ""), bool(overdue)


class ObligationsTable(QTableWidget):
    """A track's conditions: the text wraps, and the table is as tall as its rows (up to
    eight lines), so the details scroll rather than the table inside them."""

    MAX_LINES = 8

    def fit(self) -> None:
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        line = self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(self.horizontalHeader().sizeHint().height()
                            + min(rows, line * self.MAX_LINES) + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()


def decision_day(track: FilingTrackView) -> date | None:
    """The day the track's latest conditional clearance took effect (its conditions' days
    count from it; a due date cannot be before it), from its history; None without one."""
    for entry in reversed(track.history):
        if entry.to_state == "cleared_with_conditions":
            with suppress(ValueError):
                return date.fromisoformat(workflow_service.effective_on(entry, track.kind))
    return None
