"""The deadlines dashboard: open tracks and open conditions by due date, the US
notifications expected to fall due (projected from the deals' expected completion dates),
and a chart of tracks by state."""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
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
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QPageLayout,
    QPainter,
    QPalette,
    QShortcut,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.clocks import fmt_date
from approvals.domain.errors import Cancelled as ServiceCancelled
from approvals.domain.numbers import counted
from approvals.domain.typed_input import search_key
from approvals.domain.wording import FOLLOW_UP_PREFIX, and_joined, follow_up_tip
from approvals.services.audit_view import owner_tip
from approvals.services.cases import ESTIMATED, SCREENING_BLOCK_WORDS
from approvals.services.deadline_report import (  # its sections: the CSV and PDF list them
    EXPECTED_GROUPS,
    EXPECTED_TITLE,
    EXPECTED_TITLES,
    GROUPS,
    TITLES,
    DueSoon,
    RowKey,
    SavedReport,
    due_soon_limits,
    export_deadlines_csv,
    key_of,
    prohibition_note,
    record_deadlines_printed,
    render_deadlines_pdf,
    save_deadlines_pdf,
    section_of,
    state_words,
)
from approvals.services.exports import ExportResult
from approvals.services.workspace import (
    BlockedCase,
    ExpectedNotification,
    OpenTrack,
    blocked_without_tracks,
    expected_notifications,
    open_deadlines,
    track_states,
)
from approvals.store.audit import Actor
from approvals.ui.case_list import longest_texts, target_tip, widest_text
from approvals.ui.errors import refusal, show_error
from approvals.ui.exports import FILTERED, show_exported, show_nothing_to_export
from approvals.ui.files import CSV_EXPORTS, FILINGS, ask_save_file, suggested_name
from approvals.ui.geometry import restore_geometry, save_geometry
from approvals.ui.help import install_context_help
from approvals.ui.progress import ProgressPanel
from approvals.ui.style import standing_out
from approvals.ui.widgets import (
    due_soon_colour,
    named_scroll,
    overdue_colour,
    redraw_on_palette_change,
    resize_to_screen,
    second_key,
    standard_shortcut,
    text_field,
)
from approvals.ui.workers import Cancelled, Progress, Task, TaskRunner, gc_paused, own_unit_of_work

DUE, CASE, TARGET, STATE = 0, 1, 2, 4  # the same in both lists
REGIME = 3  # in the deadlines list (the expected notifications show their completion there)
# The target's Chinese name, which officers know and look for a company by: a column of its
# own, shown right after Target but numbered after State, so the columns before keep their
# numbers; Owner stays the last.
TARGET_ZH = 5
OWNER = 6  # the owner's full name (the login on hover; the filter finds both)
OWNER_TIP = ("The user who created the case, by full name (the login on hover; the filter "
             "finds both)")
# Said in full on hover: a narrow window cuts the column, its title too, before the others.
TARGET_ZH_TIP = ("Chinese name: the target's name in Chinese (both names on hover over a "
                 "row); the first column to give way on a narrow window")
TREE_HEADERS = ("Due", "Case", "Target", "Regime", "State", "Chinese name", "Owner")
# "Completion", not "Expected completion": a column as wide as its dates, which left Target
# and the Chinese name cut at 1280 px. "Expected" and "projected" are said once, by the
# section's title and group heading, and by these tooltips, not in every row.
EXPECTED_HEADERS = ("Due", "Case", "Target", "Completion", "State", "Chinese name", "Owner")
EXPECTED_COMPLETION = 3
# The deadlines list's colours, said where the officer looks for them: the case list's.
DEADLINE_HEADER_TIPS = {
    DUE: "The statutory due date: red when overdue (or the deal is prohibited), amber when "
         "due within 3 working days, as in the case list; “(estimated)”, or “(est.)” in a "
         "narrow column, when it is counted through a year without an official holiday "
         "schedule",
    REGIME: "The regime's code; in a narrow column a long one is shortened to its first word "
            "(“CN-DATA” for CN-DATA-EXPORT, “CN-US” for CN-US-CAPITAL), whole on hover",
    STATE: "The track's state, as the case window's Tracks tab names it; for an open "
           "condition of a clearance, “Condition:” and its words (in a narrow column the "
           "words alone, in italics); hover over a cell for the whole text",
    TARGET_ZH: TARGET_ZH_TIP,
    OWNER: OWNER_TIP,
}
# An expected completion date already past: said in its cell, not by colour alone (its
# amber read as the deadlines' "due within 3 working days").
COMPLETION_PASSED_MARK = " (passed)"
EXPECTED_HEADER_TIPS = {
    DUE: "Projected due date: when the notification falls due if the deal completes on its "
         "expected date (a deadline once the completion date is recorded on the track); "
         "red when that date has passed",
    EXPECTED_COMPLETION: "Expected completion date, from the case's facts (not yet recorded "
                         "on the track); “(passed)”, in amber, when the date has gone by: "
                         "record the completion date on the track, or correct the expected "
                         "date in the case's facts",
    TARGET_ZH: TARGET_ZH_TIP,
    OWNER: OWNER_TIP,
}
# The long-text columns (the names, State): as wide as their text up to a cap, and the ones
# to give way, down to a floor, when the window is too narrow for every column. In
# average characters, so they scale with the font: (floor, cap).
FLEXIBLE = {TARGET: (18, 50), TARGET_ZH: (10, 30), STATE: (10, 40)}
# When the window is too narrow for every column, the others give way (down to their
# floors) before these: an officer reads the target's name to know the row.
GIVES_WAY_LAST = (TARGET,)
# State's floor: a state of a few words whole, measured on this one (the widest of the
# short ones, where every track passes). At 200 % on a laptop a floor of 10 characters
# cut it to "Intern…"; a longer state, or a condition's wording, is cut, whole on hover.
STATE_FLOOR_TEXT = "Internal review"
# The Chinese name repeats the target's (both are on the Target's hover), so, still too
# narrow, it gives way below its title, down to two characters, before State and Target
# go below their floors (its header then cut, whole on hover).
ZH_FLOOR_TEXT = "公司…"
# The deadlines list's Regime gives way too ("CN-TECH-EXPORT" to "CN-TEC…", whole on hover):
# at 200 % it kept its widest text while Target and State were cut or scrolled out of
# sight. Not the projections' column 3, Completion: a cut date misleads. Due keeps its
# whole text, "(estimated)" too: a cut date misleads as well.
DEADLINE_FLEXIBLE = {**FLEXIBLE, REGIME: (7, 20)}
CELL_MARGIN = 16  # the cell's padding either side of its text
# A date counted through a year without an official schedule, in a Due column too narrow
# for "(estimated)" (200 % on a laptop: the whole word held Target at its floor): the date
# stays whole, the mark shortened; the cell's tooltip and the header's say it in full.
ESTIMATED_SHORT = " (est.)"
# A condition's State cell: this, then the condition's words. In a column too narrow for it
# and a few words more (200 %: "Condition: Kee…") the words are drawn alone, in italics
# (StateDelegate); the cell's text, which a screen reader and the filter get, keeps it, and
# its tooltip names the condition's clearance.
CONDITION_PREFIX = "Condition: "
# The filter's hint, and in a field too narrow for it (200 %) a shorter one: the whole cut
# read "Filter: case, company (English…". The field's tooltip says what it finds in full.
FILTER_HINT = "Filter: case, company (English or Chinese)…"
FILTER_HINT_SHORT = "Filter: case, company…"
FILTER_EDGE = 48  # a field's frame, margins and clear button, beside its hint
# The rows under a group heading are indented by the view's indentation twice (the root's
# arrows, then the level): Qt's 20 px each took 40 px from the names at 200 %. This, in
# average characters, still holds the heading's arrow.
INDENT_CHARS = 2  # 12 px at the usual font
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a cell's sort key where its text is not one
NO_DATE = "~"  # sorts after every ISO date: rows without a date come last
# The rows of a group the view is given at first, then more as it scrolls to their end
# (a screen shows a few dozen):
# a tree view lays out every row it is given, asking the model for each, so 100,000 rows
# given at once cost the GUI thread a second at each fill, sort and filter.
CHUNK = 500
_T = TypeVar("_T")  # what a change to the rows returns (GroupedList._keeping_current)
SHORT_LINES = 30  # a window fewer text lines high than this is short (200 % on a laptop)
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the model's root: the parent of the group headings


@dataclass
class DashboardData:
    tracks: list[OpenTrack]
    states: list[tuple[str, str, int]]  # (kind, state, count): the chart's
    expected: list[ExpectedNotification] = field(default_factory=list)
    # The last amber day on each calendar: a row due within 3 working days is amber, as
    # in the case list (None: none is).
    due_soon: DueSoon | None = None
    # Open cases the screening blocks with no open track: on no row above, so named apart.
    blocked: list[BlockedCase] = field(default_factory=list)


def load_dashboard(session: Any) -> DashboardData:
    return DashboardData(open_deadlines(session), track_states(session),
                         expected_notifications(session),
                         due_soon_limits(session, date.today()),
                         blocked_without_tracks(session))


# How many blocked cases the summary's tooltip names.
BLOCKED_TIP_MAX = 20


def blocked_summary(blocked: Sequence[BlockedCase], colour: str) -> tuple[str, str]:
    """The summary's count of open cases the screening blocks with no open track, so on
    no row ("2 blocked"; "" when none), and the lines of its tooltip: each case and what
    blocks it."""
    if not blocked:
        return "", ""
    # Short, as the line's other counts (at 200 % a line more took the lists' rows): the
    # cases and what blocks each are in the tooltip.
    part = f"<b style='color:{colour}'>{len(blocked):,}</b> blocked"
    lines = [f"{b.reference}: " + "; ".join(
        f"{regime} {SCREENING_BLOCK_WORDS.get(outcome, outcome)}" for regime, outcome in b.blocks)
        for b in blocked[:BLOCKED_TIP_MAX]]
    if len(blocked) > BLOCKED_TIP_MAX:
        lines.append(f"… and {len(blocked) - BLOCKED_TIP_MAX:,} more (the case list's Status "
                     "filter shows them all)")
    return part, "\n".join(lines)


def expected_due_text(e: ExpectedNotification) -> str:
    """The projected due date, marked estimated where the calendar is, as the deadlines
    above are ("projected" is the section's and the Due header's word, not each row's)."""
    if not e.projected_due:
        return "—"
    return e.projected_due + (ESTIMATED if e.estimated else "")


def completion_text(e: ExpectedNotification, today: str) -> str:
    """The Completion cell: the expected date, "(passed)" once it has gone by."""
    if not e.expected_completion:
        return "not known"
    return e.expected_completion + (COMPLETION_PASSED_MARK if e.completion_passed(today)
                                    else "")


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


class ColumnFitter(QObject):
    """Fits a list's columns to what they show: each as wide as its widest text (the long
    texts only up to a cap), and the long-text columns narrowed, down to a floor, when the
    window is too narrow for every column; a cut cell gives its whole text on hover. A
    column the officer drags keeps that width, next time too (in the settings), until its
    divider is double-clicked."""

    def __init__(self, tree: GroupedList, key: str, settings: QSettings | None,
                 flexible: dict[int, tuple[int, int]] = FLEXIBLE) -> None:
        super().__init__(tree)
        self.tree, self.key, self.settings = tree, key, settings
        self.flexible = flexible  # the long-text columns: (floor, cap) in characters
        # Kept, not asked of the tree: the handlers can run while it is being destroyed.
        self.titles = list(tree.model().headers)
        header = tree.header()
        self.last = header.logicalIndex(header.count() - 1)  # stretched to the list's edge
        self.content: dict[int, int] = {}  # each column's widest text, with its margins
        # Due's widest text with "(estimated)" shortened (DueDelegate): as narrow as it goes.
        self.shortened: dict[int, int] = {}
        self._indicator = 0  # the room a header keeps for the sort arrow: see _least
        self.chosen: dict[str, int] = self._read()  # header title: the officer's width
        self._fitting = False
        header.setStretchLastSection(True)
        header.sectionResized.connect(self._resized)
        # After the view's own fit to the contents, which would count as dragged.
        header.sectionHandleDoubleClicked.connect(self._refit)
        # Only the sorted column's header needs the arrow's room (_least).
        header.sortIndicatorChanged.connect(lambda _c, _o: self.fit())
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

    def _resized(self, column: int, old: int, new: int) -> None:
        # Not the header raising a section to its least (a larger font): not a drag.
        raised = old < new == self.tree.header().minimumSectionSize()
        if not self._fitting and column != self.last and not raised:
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

    def measure(self, columns: Sequence[Iterable[str]], bold_due: Sequence[str] = ()) -> None:
        """Take the rows' texts, column by column (group headings left out: they span
        the row; with many rows, the longest picked on the worker by longest_texts), and
        fit the columns to them. `bold_due`: the red and amber Due texts, drawn bold."""
        metrics = self.tree.fontMetrics()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        self.content, self.shortened = {}, {}
        self._indicator = self._arrow_room()
        for column, texts in enumerate(columns):
            texts = list(texts)
            # A date fits Due even before there is one (an empty list, a group all "—").
            least = metrics.horizontalAdvance("2026-12-31") if column == DUE else 0
            widest = max(widest_text(metrics, texts), least)
            if column == DUE:  # a bold date is wider than the same date plain
                widest = max(widest, widest_text(bold_metrics, bold_due))
            if widest:
                # A row sits under its group heading: two steps in, with the root's arrows.
                indent = 2 * self.tree.indentation() if column == DUE else 0
                self.content[column] = widest + CELL_MARGIN + indent
                if column == DUE and any(t.endswith(ESTIMATED) for t in texts):
                    short = max(widest_text(metrics, [short_estimate(t) for t in texts]),
                                widest_text(bold_metrics, [short_estimate(t) for t in bold_due]),
                                least)
                    self.shortened[column] = short + CELL_MARGIN + indent
            if column == REGIME and column in self.flexible and texts:
                # Regime's floor: its codes' short forms whole (RegimeDelegate), where the
                # floor of 7 characters cut CN-SAMR and CN-DATA to "CN-S…", "CN-D…". With
                # the delegate's margin, not a cell's whole: the rest stays with Target.
                self.shortened[column] = widest_text(
                    metrics, [short_regime(t) for t in texts]) + CELL_MARGIN // 2
        self.fit()

    def _arrow_room(self) -> int:
        """How much wider a header asks to be for the sort arrow, which only the sorted
        column shows: "Chinese name" and "Owner" kept 20 px each for an arrow never drawn."""
        header = self.tree.header()
        if not header.isSortIndicatorShown():
            return 0
        with_arrow = header.sectionSizeHint(self.last)
        header.setSortIndicatorShown(False)
        without = header.sectionSizeHint(self.last)
        header.setSortIndicatorShown(True)
        return max(with_arrow - without, 0)

    def _least(self, column: int) -> int:
        """A column's least width: its header's title, whole (the arrow's room only for
        the column sorted by)."""
        header = self.tree.header()
        hint = header.sectionSizeHint(column)
        if column != header.sortIndicatorSection():
            hint = max(hint - self._indicator, header.minimumSectionSize())
        return hint

    def _wanted(self) -> tuple[dict[int, int], dict[int, int], int]:
        """Each column's width with room for its text (the long texts up to their cap; a
        width the officer set as set), each long-text column's floor, and the width of
        the stretched last column."""
        tree, header = self.tree, self.tree.header()
        average = tree.fontMetrics().averageCharWidth()
        last = self.last
        widths: dict[int, int] = {}
        floors: dict[int, int] = {}
        for column in range(header.count()):
            if column == last or header.isSectionHidden(column):
                continue
            least = self._least(column)  # the header's own text is never cut
            chosen = self.chosen.get(self.titles[column])
            if chosen is not None:
                widths[column] = chosen
                continue
            width = max(least, self.content.get(column, 0))
            if column in self.flexible:
                floor, cap = self.flexible[column]
                width = min(width, max(least, cap * average))
                floor_width = floor * average
                if column == STATE:
                    floor_width = max(floor_width, self._text_width(STATE_FLOOR_TEXT))
                floor_width = max(floor_width, self.shortened.get(column, 0))  # Regime
                floors[column] = min(width, max(least, floor_width))
            elif column in self.shortened:  # Due: down to "(est.)", the date whole
                floors[column] = min(width, max(least, self.shortened[column]))
            widths[column] = width
        # The stretched last column (Owner) needs room for its own text too.
        return widths, floors, max(self._least(last), self.content.get(last, 0))

    def _text_width(self, text: str) -> int:
        """A cell's width for `text` whole, with its margins."""
        return self.tree.fontMetrics().horizontalAdvance(text) + CELL_MARGIN

    def _zh_giving_way(self, floors: dict[int, int]) -> list[int]:
        """The Chinese name, when it can give way below its title: not while the list is
        sorted by it (its header keeps the title and the arrow), nor when it is hidden or
        set by the officer (not in `floors`)."""
        sorted_by = self.tree.header().sortIndicatorSection()
        return [c for c in floors if c == TARGET_ZH and c != sorted_by]

    def least_width(self) -> int:
        """How wide the list must be for every column to be in view, the long texts at
        their floor (a width the officer set as set)."""
        widths, floors, last_width = self._wanted()
        tree = self.tree
        for column in self._zh_giving_way(floors):  # below its title before Target gives way
            floors[column] = min(widths[column], self._text_width(ZH_FLOOR_TEXT))
        return (sum(floors.get(c, w) for c, w in widths.items()) + last_width
                + 2 * tree.frameWidth() + tree.verticalScrollBar().sizeHint().width())

    def wanted_width(self) -> int:
        """How wide the list must be to cut no text: its columns as they want to be, its
        frame and a vertical scroll bar."""
        widths, _floors, last_width = self._wanted()
        tree = self.tree
        return (sum(widths.values()) + last_width + 2 * tree.frameWidth()
                + tree.verticalScrollBar().sizeHint().width())

    def fit(self) -> None:
        tree, header = self.tree, self.tree.header()
        last = self.last
        widths, floors, last_width = self._wanted()
        over = sum(widths.values()) + last_width - tree.viewport().width()
        # Too narrow: the others give way first, in proportion to what each can give, and
        # only then the target's name (a 200 % window kept Due's "(estimated)" whole and
        # every header's room for a sort arrow while Target sat at its floor).
        last_to_go = [c for c in floors if c in GIVES_WAY_LAST]
        long_texts = [c for c in floors if c in self.flexible]  # not Due: its date stays whole
        titles = {c: min(widths[c], self._least(c)) for c in long_texts}
        # Still too narrow with each at its floor: the Chinese name below its title, before
        # the target's name gives way (its hover gives both names) and so that a state
        # stays whole (200 % on a laptop).
        zh = self._zh_giving_way(floors)
        zh_floor = {c: min(widths[c], self._text_width(ZH_FLOOR_TEXT)) for c in zh}
        # Then (an owner such as "cli:root") the long texts below their floors, down to
        # their titles, rather than a sideways scroll bar, which cut the last column and
        # took a row's height.
        for tier, lowest in (([c for c in floors if c not in GIVES_WAY_LAST], floors),
                             (zh, zh_floor), (last_to_go, floors), (long_texts, titles)):
            spare = sum(max(widths[c] - lowest[c], 0) for c in tier)
            if over <= 0 or spare <= 0:
                continue
            share = min(1.0, over / spare)
            for column in tier:
                cut = math.ceil(max(widths[column] - lowest[column], 0) * share)
                widths[column] -= cut
                over -= cut
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


def short_estimate(text: str) -> str:
    """A Due cell's text with "(estimated)" shortened to "(est.)"."""
    return text[: -len(ESTIMATED)] + ESTIMATED_SHORT if text.endswith(ESTIMATED) else text


class DueDelegate(QStyledItemDelegate):
    """Draws a Due date with "(est.)" for "(estimated)" when the column is too narrow for
    the whole word (ColumnFitter lets it narrow that far, no further): the date is never
    cut."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        text = option.text
        if text.endswith(ESTIMATED) and option.fontMetrics.horizontalAdvance(
                text) + CELL_MARGIN // 2 > option.rect.width():
            option.text = short_estimate(text)


def short_regime(code: str) -> str:
    """A regime's code to its country and first word ("CN-DATA-EXPORT" to "CN-DATA",
    "CN-US-CAPITAL" to "CN-US"): the regimes that open tracks differ in that word."""
    return "-".join(code.split("-")[:2])


class RegimeDelegate(QStyledItemDelegate):
    """Draws a regime's short form (short_regime) when the column is too narrow for its
    whole code: "CN-SAMR", "CN-DATA", not "CN-S…", "CN-D…" (ColumnFitter keeps the short
    forms' room while it can); the cell's tooltip and text keep the whole code."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        text = option.text
        width = option.rect.width()
        if width > 0 and option.fontMetrics.horizontalAdvance(
                text) + CELL_MARGIN // 2 > width:
            option.text = short_regime(text)


def obligation_prefix(track: OpenTrack) -> str:
    """The State cell's first words for an obligation's row: a follow-up the rules attach
    to a plain clearance (a renewal) is no condition of the authority's."""
    return FOLLOW_UP_PREFIX if track.follow_up else CONDITION_PREFIX


def condition_words_alone(metrics: QFontMetrics, width: int) -> bool:
    """Whether a condition's State cell `width` wide draws its words without
    CONDITION_PREFIX: when the prefix would leave less room than a short state takes."""
    return 0 < width < metrics.horizontalAdvance(CONDITION_PREFIX + STATE_FLOOR_TEXT) \
        + CELL_MARGIN // 2


class StateDelegate(QStyledItemDelegate):
    """Draws a condition's words alone, in italics, in a State column too narrow for
    "Condition: " and a few of them: at 200 % the prefix left "Condition: Kee…"."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        text = option.text
        prefix = next((p for p in (CONDITION_PREFIX, FOLLOW_UP_PREFIX) if text.startswith(p)),
                      None)
        if prefix is not None and condition_words_alone(option.fontMetrics,
                                                        option.rect.width()):
            option.text = text[len(prefix):]
            font = QFont(option.font)
            font.setItalic(True)
            option.font = font
            option.fontMetrics = QFontMetrics(font)


def row_height(tree: QTreeView) -> int:
    """The height of a row holding a Chinese name. The rows all take the height of the first
    (uniform heights, fast with many rows), a group heading in Latin letters only, which
    cut the Chinese characters, drawn in a taller fallback font, at the top."""
    layout = QTextLayout("Ag 公司", tree.font())
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return max(math.ceil(line.height()), tree.fontMetrics().height())


# A row's colour mark: its Due in red (overdue, prohibited, a projection already past) or
# amber (due within 3 working days, as in the case list: DueSoon), or its Expected
# completion in amber (a completion already past, which its text says too: "(passed)").
NO_MARK, DUE_OVERDUE, DUE_SOON, COMPLETION_PASSED = 0, 1, 2, 3
DUE_SOON_WORDS = "Due within 3 working days"  # an amber date's tooltip, as the case list's
BOLD_MARKS = (DUE_OVERDUE, DUE_SOON)  # red and amber dates are bold too: not colour alone


@dataclass
class PreparedGroup:
    """One group of a list, made on the worker: each row's cell texts, what it opens, its
    filter haystack and every column's sort order, so the GUI thread only swaps it in."""

    key: str
    title: str
    heading_mark: int  # the heading's colour
    expanded: bool  # open when shown (a long group of later deadlines starts closed)
    sources: list[Any]  # the OpenTrack or ExpectedNotification of each row (for tooltips)
    texts: list[tuple[str, ...]]
    marks: list[int]
    haystacks: list[str]  # the cells casefolded, "\x1f" between: a word never spans two
    keys: list[list[str]]  # per column, each row's sort key
    orders: list[list[int]]  # per column, the rows ascending (ties by due date, then case)
    reverse_orders: list[list[int]]  # per column, descending (ties still by due, case)
    # Said after the count in the heading, which spans the list and is never scrolled out
    # of sight: "1 completion date passed" (the Completion column is, at 200 %).
    note: str = ""


@dataclass
class PreparedList:
    groups: list[PreparedGroup]
    widest: list[list[str]]  # per column, the texts to measure to fit it
    has_zh: bool  # any Chinese name: else its column is hidden
    tip: Callable[[Any, int], str]  # a row's tooltip for a column, made when hovered
    # The red and amber rows' Due texts (the longest), which are drawn bold.
    bold_due: list[str] = field(default_factory=list)


def prepare_group(key: str, title: str, heading_mark: int, expanded: bool,
                  sources: Sequence[Any], texts: Sequence[tuple[str, ...]], marks: list[int],
                  sort_keys: dict[int, list[str]],
                  searched: Sequence[str] | None = None) -> PreparedGroup:
    """Haystacks and sort orders for a group's rows. A column's order sorts the rows by
    due date and case, then (stable) by the column's key: the order the header click gave
    when the rows were sorted one by one. `searched`: a text per row the filter finds
    beyond the cells (the owner's login, shown on hover)."""
    columns = len(TREE_HEADERS)  # the same in both lists
    keys = [sort_keys.get(c) or [t[c].casefold() for t in texts] for c in range(columns)]
    due, case = keys[DUE], [t[CASE] for t in texts]
    base = sorted(range(len(texts)), key=lambda i: (due[i], case[i]))
    orders = [base if c == DUE else sorted(base, key=keys[c].__getitem__)
              for c in range(columns)]
    # reverse=True keeps equal keys in their order (by due date and case), as the old
    # row-by-row sort did; made here too, so no header click sorts on the GUI thread.
    reverse_orders = [sorted(base, key=keys[c].__getitem__, reverse=True)
                      for c in range(columns)]
    haystacks = ([search_key("\x1f".join(t)) for t in texts] if searched is None else
                 [search_key("\x1f".join((*t, extra)))
                  for t, extra in zip(texts, searched, strict=True)])
    return PreparedGroup(key, title, heading_mark, expanded, list(sources), list(texts), marks,
                         haystacks, keys, orders, reverse_orders)


def _position(rows: list[int], row: int) -> int | None:
    try:
        return rows.index(row)
    except ValueError:
        return None


class GroupModel(QAbstractItemModel):
    """A list's rows under their group headings (the headings are the top level, the rows
    their children), from a PreparedList. Only the rows the view asks for, the ones on
    screen, ever cost a call into Python; sorting and filtering reorder lists of row
    numbers made on the worker."""

    def __init__(self, headers: tuple[str, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.header_tips: dict[int, str] = {}  # a column's own tooltip, over the header's
        self.prepared = PreparedList([], [[] for _ in headers], False, lambda _s, _c: "")
        self.visible: list[list[int]] = []  # per group, the rows shown, in order
        self.exposed: list[int] = []  # per group, how many of them the view has been given
        self.masks: list[list[bool] | None] = []  # per group, the filter's matches
        self.terms: list[str] = []
        self.sort_column, self.descending = DUE, False
        self.bold = QFont()
        self.height = 0
        self.colours: dict[int, QBrush] = {}
        self.set_colours()

    def set_colours(self) -> None:
        """The overdue and due-soon colours for the palette in use."""
        overdue, soon = QBrush(overdue_colour()), QBrush(due_soon_colour())
        self.colours = {DUE_OVERDUE: overdue, DUE_SOON: soon, COMPLETION_PASSED: soon}
        if self.prepared.groups:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))
            # The rows' colours: the view repaints what it shows.
            for g in range(len(self.prepared.groups)):
                parent = self.index(g, 0)
                last = self.rowCount(parent) - 1
                if last >= 0:
                    self.dataChanged.emit(self.index(0, 0, parent),
                                          self.index(last, len(self.headers) - 1, parent))

    def set_prepared(self, prepared: PreparedList, bold: QFont, height: int) -> None:
        self.beginResetModel()
        self.prepared, self.bold, self.height = prepared, bold, height
        self.masks = [self._mask(g) for g in prepared.groups]
        self.visible = [self._order(k, m) for k, m in enumerate(self.masks)]
        self.exposed = [min(len(v), CHUNK) for v in self.visible]
        self.endResetModel()

    # -- sorting and filtering: on the prepared keys, the view kept in step -------------
    def _order(self, g: int, mask: list[bool] | None) -> list[int]:
        group, column = self.prepared.groups[g], self.sort_column
        order = (group.reverse_orders if self.descending else group.orders)[column]
        return order if mask is None else [i for i in order if mask[i]]

    def _mask(self, group: PreparedGroup) -> list[bool] | None:
        terms = self.terms
        if not terms:
            return None
        haystacks = group.haystacks
        mask = [terms[0] in h for h in haystacks]
        for term in terms[1:]:  # word by word: no generator per row
            mask = [m and term in h for m, h in zip(mask, haystacks, strict=True)]
        return mask

    def _held(self) -> tuple[list[QModelIndex], list[tuple[int, int, int]]]:
        """The persistent indexes of rows (the current row, the selection's ends), and
        each one's (group, prepared row, column)."""
        old = [i for i in self.persistentIndexList() if i.isValid() and i.internalId()]
        return old, [(i.internalId() - 1, self.visible[i.internalId() - 1][i.row()],
                      i.column()) for i in old]

    def _positions(self, held: list[tuple[int, int, int]]) -> list[int | None]:
        """Where each held row is in its group's new visible rows (None: not shown)."""
        rows = set((g, row) for g, row, _column in held)  # a row's columns: one search
        tables: dict[int, dict[int, int]] = {}
        where: dict[tuple[int, int], int | None] = {}
        for g, row in rows:
            if len(rows) <= 16:  # the current row and a few: a scan each beats a table
                where[g, row] = _position(self.visible[g], row)  # of 100,000 rows (0.1 s)
            else:
                table = tables.setdefault(g, {r: k for k, r in enumerate(self.visible[g])})
                where[g, row] = table.get(row)
        return [where[g, row] for g, row, _column in held]

    def _relayout(self, masks: list[list[bool] | None]) -> None:
        """New matches: the view given each group's first CHUNK rows again. The current
        row and the selection follow their rows as far down as those; a row further down
        drops out of them, for the view to settle (GroupedList.settle) only when asked:
        giving the view every row above it to lay out cost a second (the current row the
        5,000th of 90,000 matches)."""
        self.layoutAboutToBeChanged.emit()
        old, held = self._held()
        self.masks = masks
        self.visible = [self._order(g, m) for g, m in enumerate(masks)]
        self.exposed = [min(len(v), CHUNK) for v in self.visible]
        if held:
            new = [QModelIndex() if k is None or k >= self.exposed[g]
                   else self.createIndex(k, column, g + 1)
                   for (g, _row, column), k in zip(held, self._positions(held), strict=True)]
            self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _reorder(self) -> None:
        """A new order of the same rows. The view keeps the rows it has (as many, in each
        group), each now showing its new row: no layout again, which cost the view a call
        into Python for every row given to it (80,000 of them, a second, when the current
        row sorted far down). The current row and the selection follow their rows as far
        down as the rows given; a row further down drops out of them, for the view to
        settle (GroupedList.settle) only when asked."""
        old, held = self._held()
        self.visible = [self._order(g, m) for g, m in enumerate(self.masks)]
        if held:
            new = [QModelIndex() if k is None or k >= self.exposed[g]
                   else self.createIndex(k, column, g + 1)
                   for (g, _row, column), k in zip(held, self._positions(held), strict=True)]
            self.changePersistentIndexList(old, new)
        # From the second column: a range from the first has the tree view ask each row in
        # it whether it has children (a call into Python a row); a range repaints the whole
        # view, the first column too.
        last = len(self.headers) - 1
        for g, given in enumerate(self.exposed):
            if given:
                parent = self.index(g, 0)
                self.dataChanged.emit(self.index(0, 1, parent), self.index(given - 1, last, parent))

    def position(self, g: int, row: int) -> int | None:
        """Where prepared row `row` of group `g` is shown now (None: filtered out)."""
        return _position(self.visible[g], row) if g < len(self.visible) else None

    def give_up_to(self, g: int, k: int) -> None:
        """The view given group g's rows up to row k, at once."""
        if k >= self.exposed[g]:
            self.beginInsertRows(self.index(g, 0), self.exposed[g], k)
            self.exposed[g] = k + 1
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Each group's rows by `column`, the groups staying in their order."""
        self.sort_column = column if 0 <= column < len(self.headers) else DUE
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self.prepared.groups:
            self._reorder()

    def set_filter(self, text: str) -> list[int]:
        """Show the rows with every word of `text` in one of their cells; the groups with
        a match (to be opened)."""
        terms = search_key(text).split()
        if terms != self.terms:
            self.terms = terms
            self._relayout([self._mask(g) for g in self.prepared.groups])
            if self.prepared.groups:  # the headings count what is shown
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))
        return [g for g, rows in enumerate(self.visible) if terms and rows]

    # -- QAbstractItemModel --------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if column < 0 or column >= len(self.headers) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row < len(self.visible):
                return self.createIndex(row, column, 0)
            return QModelIndex()
        if parent.internalId() == 0 and row < self.exposed[parent.row()]:
            return self.createIndex(row, column, parent.row() + 1)  # id: its group, plus one
        return QModelIndex()

    def parent(self, index: Index | None = None) -> Any:
        if index is None:  # QObject.parent()
            return super().parent()
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = ROOT) -> int:
        if not parent.isValid():
            return len(self.visible)
        if parent.internalId() == 0 and parent.column() == 0:
            return self.exposed[parent.row()]
        return 0

    # Not Qt's canFetchMore/fetchMore: the tree view would fetch at each expand, and only
    # for the last group at the foot of the list; GroupedList.fetch_in_view asks instead.
    def has_more(self, g: int) -> bool:
        return self.exposed[g] < len(self.visible[g])

    def give_more(self, g: int) -> None:
        """The next CHUNK rows of group g, as the view reaches the end of those it has."""
        more = min(CHUNK, len(self.visible[g]) - self.exposed[g])
        if more > 0:
            self.beginInsertRows(self.index(g, 0), self.exposed[g], self.exposed[g] + more - 1)
            self.exposed[g] += more
            self.endInsertRows()

    def columnCount(self, _parent: Index = ROOT) -> int:
        return len(self.headers)

    def hasChildren(self, parent: Index = ROOT) -> bool:
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(section)  # None: the header's own tooltip shows
        return None

    def heading(self, g: int) -> str:
        """"Overdue (3)"; while filtering "Overdue (1 of 3)", and an empty group "(0)"."""
        group = self.prepared.groups[g]
        total, count = len(group.texts), len(self.visible[g])
        counted = (f"{group.title} ({count:,} of {total:,})" if self.terms and total
                   else f"{group.title} ({total:,})")
        return f"{counted} · {group.note}" if group.note else counted

    def source(self, index: Index) -> tuple[PreparedGroup, int] | None:
        """The group and row number (in the group's prepared rows) of a row's index."""
        if not index.isValid() or index.internalId() == 0:
            return None
        g = index.internalId() - 1
        return self.prepared.groups[g], self.visible[g][index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == 0:  # a group's heading: spans the row, opens nothing
            if column != 0:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self.heading(index.row())
            if role == Qt.ItemDataRole.FontRole:
                return self.bold
            if role == Qt.ItemDataRole.ForegroundRole:
                return self.colours.get(self.prepared.groups[index.row()].heading_mark)
            if role == Qt.ItemDataRole.SizeHintRole:
                return QSize(0, self.height)
            if role == Qt.ItemDataRole.UserRole:
                return ""
            return None
        g = index.internalId() - 1
        group = self.prepared.groups[g]
        i = self.visible[g][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return group.texts[i][column]
        soon = column == DUE and group.marks[i] == DUE_SOON
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.prepared.tip(group.sources[i], column)
            if soon:  # amber says it: in words too, not by colour alone
                return f"{DUE_SOON_WORDS}\n{tip}" if tip else DUE_SOON_WORDS
            return tip or None
        if role == Qt.ItemDataRole.AccessibleTextRole and soon:
            return f"{group.texts[i][column]}, {DUE_SOON_WORDS.lower()}"
        if role == Qt.ItemDataRole.FontRole:
            # Red and amber dates bold as well, as the case list's Next deadline.
            return self.bold if column == DUE and group.marks[i] in BOLD_MARKS else None
        if role == Qt.ItemDataRole.ForegroundRole:
            mark = group.marks[i]
            if mark and column == (3 if mark == COMPLETION_PASSED else DUE):
                return self.colours[mark]
            return None
        if role == Qt.ItemDataRole.UserRole:
            return group.texts[i][CASE] if column == 0 else None
        if role == SORT_ROLE:
            return group.keys[column][i]
        return None


class RowRef:
    """A row of a GroupedList addressed as QTreeWidget's items were (text, toolTip,
    child...): for the dashboard's own use and for tests. It follows its row through
    sorting and filtering."""

    def __init__(self, view: GroupedList, index: Index) -> None:
        self.view = view
        self.persistent = QPersistentModelIndex(index)

    def index(self, column: int = 0) -> QModelIndex:
        model, p = self.view.model(), self.persistent
        return model.index(p.row(), column, p.parent()) if p.isValid() else QModelIndex()

    def data(self, column: int, role: int) -> Any:
        return self.index(column).data(role)

    def text(self, column: int) -> str:
        return self.data(column, Qt.ItemDataRole.DisplayRole) or ""

    def toolTip(self, column: int) -> str:
        return self.data(column, Qt.ItemDataRole.ToolTipRole) or ""

    def foreground(self, column: int) -> QBrush:
        return self.data(column, Qt.ItemDataRole.ForegroundRole) or QBrush()

    def childCount(self) -> int:
        return self.view.model().rowCount(self.index())

    def child(self, row: int) -> RowRef | None:
        index = self.view.model().index(row, 0, self.index())
        return RowRef(self.view, index) if index.isValid() else None

    def isHidden(self) -> bool:  # a row the filter hides is not in the model
        return not self.persistent.isValid()

    def isExpanded(self) -> bool:
        return self.view.isExpanded(self.index())

    def treeWidget(self) -> GroupedList:
        return self.view


@dataclass(frozen=True)
class ListPlace:
    """Where the officer is in a grouped list, by group and row key (GroupedList._row_at),
    kept across a refresh."""

    current: tuple[str, RowKey | None] | None
    column: int
    top: tuple[str, RowKey | None] | None  # the row (or heading) at the top of the view
    scroll: int  # the scroll bar's value: for a top row no longer shown
    expanded: dict[str, bool]  # each group's key: open or closed


class GroupedList(QTreeView):
    """A list of rows under group headings over a GroupModel, which says so when it has
    none rather than showing a blank white box. `itemActivated` (Enter, a double-click)
    hands the row as a RowRef."""

    itemActivated = Signal(object, int)
    placeholder = ""
    # In place of the group headings when the filter keeps none of the rows ("(0 of
    # 15,520)" in every heading said it, but not what to do about it).
    no_match = ""

    def __init__(self, headers: tuple[str, ...]) -> None:
        super().__init__()
        self.setModel(GroupModel(headers, self))
        self.activated.connect(lambda index: self.itemActivated.emit(
            RowRef(self, index), index.column()))
        # More rows for any group whose last row given comes into view (the view itself
        # asks only for the last group's, at the foot of the list).
        self._fetch = QTimer(self)
        self._fetch.setSingleShot(True)
        self._fetch.setInterval(0)
        self._fetch.timeout.connect(self.fetch_in_view)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._fetch.start())
        self.expanded.connect(lambda _i: self._fetch.start())
        self.model().layoutChanged.connect(self._fetch.start)
        self.model().modelReset.connect(self._fetch.start)
        # The current row a sort took further down than the rows the view has: (group,
        # prepared row, column), made current again by settle.
        self.pending: tuple[int, int, int] | None = None
        self.selectionModel().currentChanged.connect(self._current_changed)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():  # the officer chose another row (or settle put it back)
            self.pending = None

    def sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        """Sort each group (a header click, Sort by). The current row stays current; one
        now further down than the rows the view has is settled only when needed: giving
        the view every row above it to lay out cost a second at 100,000 rows."""
        self._keeping_current(lambda: self.model().sort(column, order))

    def filter_rows(self, text: str) -> list[int]:
        """Show the rows matching `text` (GroupModel.set_filter); the current row kept
        as a sort keeps it. The groups with a match (to be opened)."""
        return self._keeping_current(lambda: self.model().set_filter(text))

    def _keeping_current(self, change: Callable[[], _T]) -> _T:
        """Run a change to the model's rows; a current row it put further down than the
        rows the view is given becomes pending, settled only when needed."""
        current = self.currentIndex()
        found = self.model().source(current) if current.isValid() else None
        pending = self.pending
        if found is not None:
            pending = (current.internalId() - 1, found[1], current.column())
        result = change()
        if pending is not None and not self.currentIndex().isValid():
            self.selectionModel().clear()  # not the selection's dropped ends
            self.pending = pending
            self.settle(only_if_given=True)
        return result

    def settle(self, only_if_given: bool = False) -> None:
        """The pending current row made current and selected again, the view given the
        rows up to it (unless `only_if_given`: then only if it already has them)."""
        if self.pending is None:
            return
        g, row, column = self.pending
        model = self.model()
        k = model.position(g, row)
        if k is None:  # filtered out since: nothing to put back
            self.pending = None
            return
        if k >= model.exposed[g]:
            if only_if_given:
                return
            # A chunk past it too: the last row given, Down went to the next heading.
            model.give_up_to(g, min(k + CHUNK, len(model.visible[g]) - 1))
        self.selectionModel().setCurrentIndex(
            model.index(k, column, model.index(g, 0)),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.settle()  # the arrows and Enter start from the row that was current
        super().keyPressEvent(event)

    def fetch_in_view(self) -> None:
        model = self.model()
        height = self.viewport().height()
        for g in range(model.rowCount()):
            head = model.index(g, 0)
            if not self.isExpanded(head) or not model.has_more(g):
                continue
            rect = self.visualRect(model.index(model.rowCount(head) - 1, 0, head))
            if rect.isValid() and rect.bottom() >= 0 and rect.top() < height:
                model.give_more(g)
        self.settle(only_if_given=True)  # scrolled down to the pending row

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fetch.start()

    def model(self) -> GroupModel:
        return super().model()  # type: ignore[return-value]

    def columnCount(self) -> int:
        return self.model().columnCount()

    def topLevelItemCount(self) -> int:
        return self.model().rowCount()

    def topLevelItem(self, row: int) -> RowRef | None:
        index = self.model().index(row, 0)
        return RowRef(self, index) if index.isValid() else None

    def currentItem(self) -> RowRef | None:
        self.settle()
        index = self.currentIndex()
        return RowRef(self, index.siblingAtColumn(0)) if index.isValid() else None

    def setCurrentItem(self, item: RowRef) -> None:
        self.setCurrentIndex(item.index())

    def indexFromItem(self, item: RowRef, column: int = 0) -> QModelIndex:
        return item.index(column)

    def visualItemRect(self, item: RowRef) -> QRect:
        return self.visualRect(item.index())

    def scrollToItem(self, item: RowRef) -> None:
        self.scrollTo(item.index())

    def show_rows(self, prepared: PreparedList, bold: QFont) -> None:
        """Swap in a list's prepared rows: the headings span the row, the groups open as
        prepared, or as the officer left them; the current row and the row at the top of
        the list stay, wherever the new rows put them (a refresh after a track step went
        back to the top of 100,000 rows, every group as at first)."""
        model = self.model()
        place = self._place()
        self.pending = None  # its row numbers are the old rows'
        model.set_prepared(prepared, bold, row_height(self))
        for g, group in enumerate(prepared.groups):
            self.setFirstColumnSpanned(g, QModelIndex(), True)
            self.setExpanded(model.index(g, 0), place.expanded.get(group.key, group.expanded))
        self._return_to(place)

    def _row_at(self, index: QModelIndex) -> tuple[str, RowKey | None] | None:
        """A row as (its group's key, its own key); a heading as (its group's key, None)."""
        if not index.isValid():
            return None
        model = self.model()
        if index.internalId() == 0:
            return model.prepared.groups[index.row()].key, None
        found = model.source(index)
        return None if found is None else (found[0].key, key_of(found[0].sources[found[1]]))

    def _place(self) -> ListPlace:
        model = self.model()
        expanded = {group.key: self.isExpanded(model.index(g, 0))
                    for g, group in enumerate(model.prepared.groups)}
        current = self.currentIndex()
        here, column = self._row_at(current), max(current.column(), 0)
        if self.pending is not None:  # current, though further down than the rows given
            g, row, column = self.pending
            group = model.prepared.groups[g]
            here = (group.key, key_of(group.sources[row]))
        return ListPlace(here, column,
                         self._row_at(self.indexAt(QPoint(1, 1))),
                         self.verticalScrollBar().value(), expanded)

    def _find(self, where: tuple[str, RowKey | None] | None) -> QModelIndex:
        """The index now of a row (or heading) `_row_at` named: in its group first, else
        in any (a track that fell due moved from This week to Overdue); giving the view
        the rows up to it."""
        if where is None:
            return QModelIndex()
        model, (group_key, row_key) = self.model(), where
        groups = model.prepared.groups
        order = sorted(range(len(groups)), key=lambda g: groups[g].key != group_key)
        for g in order:
            group = groups[g]
            if row_key is None:
                if group.key == group_key:
                    return model.index(g, 0)
                continue
            i = next((i for i, source in enumerate(group.sources)
                      if key_of(source) == row_key), None)
            if i is None:
                continue
            try:
                k = model.visible[g].index(i)
            except ValueError:
                return QModelIndex()  # the filter hides it
            while model.exposed[g] <= k:
                model.give_more(g)
            return model.index(k, 0, model.index(g, 0))
        return QModelIndex()

    def _return_to(self, place: ListPlace) -> None:
        current = self._find(place.current)
        if current.isValid():
            self.selectionModel().setCurrentIndex(
                current.siblingAtColumn(place.column),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        top = self._find(place.top)
        if top.isValid():
            self.scrollTo(top, QAbstractItemView.ScrollHint.PositionAtTop)
        else:
            self.verticalScrollBar().setValue(place.scroll)

    def no_match_area(self) -> QRect:
        """Where no_match is drawn: under the last heading shown (none while it is said:
        DeadlinesDashboard._say_no_match)."""
        model = self.model()
        last = self.visualRect(model.index(model.rowCount() - 1, 0))
        top = last.bottom() if last.isValid() else 0
        return self.viewport().rect().adjusted(12, max(top, 0) + 12, -12, -12)

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.placeholder and not model.rowCount():
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.placeholder)
        elif self.no_match and model.rowCount():
            area = self.no_match_area()
            if area.height() > self.fontMetrics().height():
                painter = QPainter(self.viewport())
                painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(area, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                 | Qt.TextFlag.TextWordWrap, self.no_match)


def make_list(name: str, accessible: str, headers: tuple[str, ...]) -> GroupedList:
    """A grouped list whose rows sort by a click on a header (the groups stay put)."""
    tree = GroupedList(headers)
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setRootIsDecorated(True)
    tree.setIndentation(INDENT_CHARS * tree.fontMetrics().averageCharWidth())
    tree.setItemDelegateForColumn(DUE, DueDelegate(tree))
    tree.setItemDelegateForColumn(STATE, StateDelegate(tree))  # a condition's words
    tree.setUniformRowHeights(True)  # what makes 100,000 rows cheap to lay out
    header = tree.header()
    header.moveSection(header.visualIndex(TARGET_ZH), TARGET + 1)
    header.setSectionsClickable(True)
    header.setSortIndicatorShown(True)
    header.setSortIndicator(DUE, Qt.SortOrder.AscendingOrder)  # the order the rows come in
    header.sortIndicatorChanged.connect(tree.sort_rows)
    header.setToolTip("Click a header to sort each group by it (or use Sort by above the "
                      "list); drag a divider to set a column's width, double-click it to "
                      "fit the column again")
    return tree


class SortControls(QWidget):
    """The keyboard's way to sort a list's groups, as a click on its header does: "Sort
    by" one of the columns shown, and "Descending". They set the header's sort indicator
    and follow it when the header is clicked; the choice, either way, is kept in the
    settings under `key` (the column by its title) for the next time."""

    def __init__(self, tree: GroupedList, name: str, label: str, descending: str,
                 settings: QSettings | None, key: str) -> None:
        super().__init__()
        self.tree, self.settings, self.key = tree, settings, key
        self.setObjectName(f"{name}Sort")
        self.list_name = tree.accessibleName()
        self.combo = QComboBox()
        self.combo.setObjectName(f"{name}SortColumn")
        self.combo.setAccessibleName(f"Sort {self.list_name} by")
        self.combo.setToolTip("Sorts the rows within each group (as a click on a column "
                              "header does); the groups keep their order")
        self.descending = QCheckBox(descending)
        self.descending.setObjectName(f"{name}SortDescending")
        self.descending.setAccessibleName(f"Sort {self.list_name} descending")
        self.descending.setToolTip("Latest date, or Z to A, first")
        caption = QLabel(label)
        caption.setBuddy(self.combo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption)
        row.addWidget(self.combo)
        row.addWidget(self.descending)
        self.update_columns()
        self._restore()
        header = tree.header()
        header.sortIndicatorChanged.connect(self._follow)
        self.combo.currentIndexChanged.connect(lambda _i: self._apply())
        self.descending.toggled.connect(lambda _on: self._apply())
        self._follow(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def update_columns(self) -> None:
        """The columns shown, in the order shown (a hidden Chinese name is not offered)."""
        header, titles = self.tree.header(), self.tree.model().headers
        self.combo.blockSignals(True)
        self.combo.clear()
        for visual in range(header.count()):
            column = header.logicalIndex(visual)
            if not header.isSectionHidden(column):
                self.combo.addItem(titles[column], column)
        self.combo.setCurrentIndex(max(self.combo.findData(header.sortIndicatorSection()), 0))
        self.combo.blockSignals(False)

    def _apply(self) -> None:
        column = self.combo.currentData()
        if column is None:
            return
        order = (Qt.SortOrder.DescendingOrder if self.descending.isChecked()
                 else Qt.SortOrder.AscendingOrder)
        self.tree.header().setSortIndicator(int(column), order)  # sorts, via the header

    def _follow(self, column: int, order: Qt.SortOrder) -> None:
        """The header sorted (a click, or the controls): the controls show it, a screen
        reader hears it with the list's description, and the settings keep it."""
        descending = order == Qt.SortOrder.DescendingOrder
        for control, change in ((self.combo, lambda: self.combo.setCurrentIndex(
                                     max(self.combo.findData(column), 0))),
                                (self.descending, lambda: self.descending.setChecked(descending))):
            control.blockSignals(True)
            change()
            control.blockSignals(False)
        titles = self.tree.model().headers
        title = titles[column] if 0 <= column < len(titles) else titles[DUE]
        self.tree.setAccessibleDescription(
            f"Each group sorted by {title}, {'descending' if descending else 'ascending'}")
        if self.settings is not None:
            self.settings.setValue(self.key, f"{title}:{'desc' if descending else 'asc'}")

    def _restore(self) -> None:
        if self.settings is None:
            return
        title, _, order = str(self.settings.value(self.key, "") or "").rpartition(":")
        titles = self.tree.model().headers
        if title in titles:
            self.tree.header().setSortIndicator(
                titles.index(title),
                Qt.SortOrder.DescendingOrder if order == "desc" else Qt.SortOrder.AscendingOrder)


group_of = section_of  # the section a track is listed in


CHART_TITLE = "All tracks by state"
MIN_BAR = 40  # the room the chart keeps for its longest bar
LABEL_LINES = 4  # a long state name wraps onto up to this many lines, then is cut
THINNEST_BAR = 3  # a state with a few tracks beside 100,000 in another still shows a bar


def bar_length(count: int, top: int, room: float) -> float:
    """A bar's length in `room` for `count` of the largest bar's `top`: in proportion, but
    never so short that it vanishes ("Filed 5" beside "Draft 107,143" showed no bar, as if
    the number stood for nothing)."""
    if count <= 0:
        return 0.0
    return max(room * count / max(top, 1), float(THINNEST_BAR))


@dataclass(frozen=True)
class ChartBar:
    """One bar: a state in its track kinds' own words ("Export refused", "Security
    assessment"), with how many tracks of each regime it counts. Kinds whose state reads
    the same ("Draft", "Cleared") share one bar."""

    label: str
    count: int
    parts: tuple[tuple[str, int], ...]  # (kind, count), largest first

    def text(self) -> str:
        """The bar in words, with its kinds when it counts several."""
        if len(self.parts) < 2:
            kind = f" ({self.parts[0][0]})" if self.parts else ""
            return f"{self.label}: {self.count:,}{kind}"
        return f"{self.label}: {self.count:,} (" + ", ".join(
            f"{kind} {n:,}" for kind, n in self.parts) + ")"


def chart_bars(counts: Iterable[tuple[str, str, int]]) -> list[ChartBar]:
    """(kind, state, count) rows as bars by the state's words, largest first."""
    merged: dict[str, dict[str, int]] = {}
    for kind, state, n in counts:
        parts = merged.setdefault(state_words(kind, state), {})
        parts[kind] = parts.get(kind, 0) + n
    bars = [ChartBar(label, sum(parts.values()),
                     tuple(sorted(parts.items(), key=lambda p: (-p[1], p[0]))))
            for label, parts in merged.items()]
    return sorted(bars, key=lambda b: (-b.count, b.label))


def chart_title(counts: Iterable[tuple[str, str, int]]) -> str:
    """The chart's heading: it counts every track, ended ones too, unlike the lists beside
    it (which hold the open ones), so it says so."""
    counts = list(counts)
    total = sum(n for *_, n in counts)
    return f"{CHART_TITLE} ({total:,}, open and ended)" if counts else CHART_TITLE


def wrap_label(metrics: QFontMetrics, text: str, width: int,
               lines: int = LABEL_LINES) -> list[str]:
    """`text` broken at spaces into lines no wider than `width`, at most `lines` of them
    (the last cut with "…" if the rest does not fit)."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        if len(out) == lines - 1 and words:  # the last line takes the rest, cut
            line = " ".join([line, *words])
            words = []
        if metrics.horizontalAdvance(line) > width:  # elidedText cut a word exactly as wide
            line = metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
        out.append(line)
    return out or [""]


class StateChart(QWidget):
    """Horizontal bars: how many tracks are in each state, named as each track kind names
    it (painted, so it follows the palette and scales with the font). A long name wraps
    in its column rather than being cut, so the chart is as tall as its width needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateChart")
        self.setAccessibleName(CHART_TITLE)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)  # the scroll area asks heightForWidth
        self.setSizePolicy(policy)
        self.counts: list[tuple[str, str, int]] = []
        self.bars: list[ChartBar] = []
        self.set_counts([])
        self.reading = True  # until the first counts arrive

    def set_counts(self, counts: list[tuple[str, str, int]]) -> None:
        """(kind, state, count) for every kind and state that has tracks."""
        self.counts = list(counts)
        self.reading = False
        self.bars = chart_bars(self.counts)
        self.setAccessibleDescription(", ".join(b.text() for b in self.bars))
        # Every count in words, with the regimes a bar counts together.
        self.setToolTip("\n".join(["Every filing track, open or ended, by the state it is "
                                    "in (as its regime names it)",
                                    *(b.text() for b in self.bars)]))
        self.updateGeometry()
        self.update()

    def _widths(self) -> tuple[int, int]:
        """The labels' column (its natural width) and the numbers' column."""
        metrics = self.fontMetrics()
        label_w = max((metrics.horizontalAdvance(b.label) for b in self.bars), default=0) + 12
        widest = max((b.count for b in self.bars), default=0)
        return label_w, metrics.horizontalAdvance(f"{max(widest, 10_000):,}") + 8

    def _label_width(self, width: int) -> int:
        label_w, number_w = self._widths()
        return min(label_w, max(width - number_w - MIN_BAR, width // 2))

    def _line(self) -> int:
        return self.fontMetrics().height() + 6

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _title_lines(self, width: int) -> list[str]:
        """The title on up to two lines: "(199,968, open and ended)" was cut to "(199968,
        open and end…" beside 100,000 cases' deadlines."""
        return wrap_label(QFontMetrics(self._title_font()), chart_title(self.counts),
                          max(width, 1), 2)

    def _title_height(self, width: int) -> int:
        return (len(self._title_lines(width)) * QFontMetrics(self._title_font()).height()
                + 6)

    def _label_lines(self, width: int) -> list[list[str]]:
        room = max(self._label_width(width) - 8, 1)
        metrics = self.fontMetrics()
        return [wrap_label(metrics, b.label, room) for b in self.bars]

    def _height(self, width: int) -> int:
        """The title's line, then each bar as tall as its label's lines."""
        text_h = self.fontMetrics().height()
        rows = sum(len(lines) * text_h + 6 for lines in self._label_lines(width))
        return self._title_height(width) + (rows or self._line())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(width)

    def sizeHint(self) -> QSize:
        label_w, number_w = self._widths()
        width = max(label_w + number_w + 120,
                    QFontMetrics(self._title_font()).horizontalAdvance(
                        chart_title(self.counts)) + 8)
        return QSize(width, self._height(width))

    def minimumSizeHint(self) -> QSize:
        # Never so short that states fall off the foot (the chart sits in a scroll area);
        # narrower than its labels, it wraps them rather than cutting the bars and numbers.
        _label_w, number_w = self._widths()
        width = number_w + MIN_BAR + 8 * self.fontMetrics().averageCharWidth()
        return QSize(width, self._height(max(self.width(), width)))

    def readable_width(self) -> int:
        """The least width at which the chart still reads well: each label's column holds
        its longest word and about 14 characters (a label wraps, at most a word a line, its
        words never cut), beside the bars' room and the numbers; the title on two lines."""
        metrics = self.fontMetrics()
        words = [word for bar in self.bars for word in bar.label.split()]
        label_room = max(max((metrics.horizontalAdvance(w) for w in words), default=0),
                         14 * metrics.averageCharWidth())
        _natural, number_w = self._widths()
        title_w = QFontMetrics(self._title_font()).horizontalAdvance(chart_title(self.counts))
        return max(label_room + 8 + number_w + MIN_BAR, title_w // 2 + 16)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.updateGeometry()  # a new width may need another height

    def bar_at(self, y: float) -> ChartBar | None:
        """The bar whose row (its label's lines) holds the height `y`, if any."""
        text_h, top = self.fontMetrics().height(), self._title_height(self.width())
        for bar, lines in zip(self.bars, self._label_lines(self.width()), strict=True):
            bottom = top + len(lines) * text_h + 6
            if top <= y < bottom:
                return bar
            top = bottom
        return None

    def event(self, event: QEvent) -> bool:
        # Hovering a bar gives that bar in words (its regimes too); elsewhere, every bar.
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.bar_at(event.pos().y())
            if bar is not None:
                QToolTip.showText(event.globalPos(), bar.text(), self)
                return True
        return super().event(event)

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(palette.ColorRole.WindowText)
        line, title_h = self._line(), self._title_height(self.width())
        painter.setFont(self._title_font())
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, self.width(), title_h), Qt.AlignmentFlag.AlignVCenter,
                         "\n".join(self._title_lines(self.width())))
        painter.setFont(self.font())
        if not self.bars:
            # Not "no tracks" while they are still being read (a few seconds with 100,000).
            painter.drawText(QRectF(0, title_h, self.width(), line),
                             Qt.AlignmentFlag.AlignVCenter,
                             "Reading the tracks…" if self.reading else "No filing tracks yet.")
            return
        _natural, number_w = self._widths()
        label_w = self._label_width(self.width())
        text_h = self.fontMetrics().height()
        bar_max = max(self.width() - label_w - number_w, 20)
        top = max(b.count for b in self.bars) or 1  # no zero width to divide by
        accent = bar_colour(palette)
        y = title_h
        for bar, lines in zip(self.bars, self._label_lines(self.width()), strict=True):
            height = len(lines) * text_h + 6
            painter.setPen(text)
            painter.drawText(QRectF(0, y, label_w - 8, height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             "\n".join(lines))
            # The bar and its number on the label's first line, so they stay level with it
            # when the label wraps.
            width = bar_length(bar.count, top, bar_max)
            painter.fillRect(QRectF(label_w, y + 4, width, line - 8), QBrush(QColor(accent)))
            painter.drawText(QRectF(label_w + width + 4, y, number_w, line),
                             Qt.AlignmentFlag.AlignVCenter, f"{bar.count:,}")
            y += height


# WCAG 2.1's least contrast for a graphical object (1.4.11): a chart's bar against the
# window it is drawn on.
BAR_CONTRAST = 3.0


def bar_colour(palette: QPalette) -> QColor:
    """The chart's bars: the palette's Highlight, moved towards the text colour only as far
    as it takes to stand out from the window (BAR_CONTRAST): a system's dark highlight
    (#15539e) on a dark window (#202020) was 2.1:1, a bar hard to see."""
    return standing_out(palette, BAR_CONTRAST)


@dataclass
class PreparedDashboard:
    """What the dashboard shows, made on the worker from what it read: the GUI thread
    only swaps the rows into the lists' models."""

    data: DashboardData
    today: date
    groups: dict[str, list[OpenTrack]]
    expected_groups: dict[str, list[ExpectedNotification]]
    tracks: PreparedList
    expected: PreparedList


def _state_names() -> Callable[[OpenTrack | ExpectedNotification], str]:
    """A row's state as the case view's Tracks tab names it ("Materials requested (clock
    stopped)", "Accepted by the authority"), not the bare code made readable, and the
    prohibition that blocks its deal (prohibition_note); the words once for each of the
    few dozen kinds and states, not for each row."""
    names: dict[tuple[str, str], str] = {}

    def name(row: OpenTrack | ExpectedNotification) -> str:
        key = (row.kind, row.state)
        if key not in names:
            names[key] = state_words(row.kind, row.state)
        # (the prohibition that blocks the deal is the row's own, never cached by state)
        return names[key] + (prohibition_note(row) if isinstance(row, OpenTrack) else "")

    return name


def _widest(groups: list[PreparedGroup], columns: int) -> list[list[str]]:
    return [longest_texts(t[c] for g in groups for t in g.texts) for c in range(columns)]


def _bold_due(groups: list[PreparedGroup]) -> list[str]:
    """The Due texts drawn bold (GroupModel.data), for the column to be wide enough."""
    return longest_texts(t[DUE] for g in groups for t, mark in zip(g.texts, g.marks, strict=True)
                         if mark in BOLD_MARKS)


def week_end(today: date) -> date:
    """The last day of "Due this week": the Sunday of today's week (Monday to Sunday), as
    services.deadline_report.section_of counts it; today itself on a Sunday."""
    return today + timedelta(days=6 - today.weekday())


NEXT_DAY_MARGIN_MS = 2_000  # after midnight, so that date.today() is the new day


def until_next_day(now: datetime) -> int:
    """Milliseconds from `now` (local time) to just after the next midnight."""
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(),
                                now.tzinfo)
    return int((midnight - now).total_seconds() * 1000) + NEXT_DAY_MARGIN_MS


def this_week_words(today: date, short: bool = False) -> str:
    """Which days "this week" is: not the next seven days, but today to the week's Sunday
    ("today to Sunday 6 Dec 2026"; on a Sunday, "today only, Sunday 6 Dec 2026"). On a
    Friday an officer read "Due this week" as the coming seven days, and looked for next
    Tuesday's deadline in it. `short`, for the summary line: "to Sunday 6 Dec", "today
    only" (the line wrapped onto a fourth at 200 %)."""
    end = week_end(today)
    if short:
        return "today only" if end == today else f"to Sunday {end.day} {end:%b}"
    if end == today:
        return f"today only, Sunday {fmt_date(end)}"
    return f"today to Sunday {fmt_date(end)}"


SUMMARY_TIP = ("Each number counts filing tracks and the open conditions (and follow-ups) of "
               "clearances, as the "
               "list below shows them: one case can have several. The case list's status "
               "bar counts cases (“2 cases overdue”).")


def bold_counted(n: int, noun: str) -> str:
    """A summary count in bold with its noun in the right number: "<b>1</b> open track",
    "<b>1,234</b> open tracks"."""
    number, _space, words = counted(n, noun).partition(" ")
    return f"<b>{number}</b> {words}"


def rows_counted(rows: Sequence[OpenTrack], colour: str = "") -> str:
    """A summary count that says what it counts ("<b>2</b> tracks and <b>1</b> condition";
    a follow-up of a plain clearance counted apart, as named):
    the dashboard's rows are tracks and conditions, while the case list's status bar
    counts cases, and a bare "2 overdue" read as either."""
    style = f" style='color:{colour}'" if colour else ""
    tracks, conditions, follow_ups = kinds_counted(rows)
    return and_joined(f"<b{style}>{n:,}</b> {noun if n == 1 else noun + 's'}"
                      for n, noun in ((tracks, "track"), (conditions, "condition"),
                                      (follow_ups, "follow-up")) if n) \
        or f"<b{style}>0</b> tracks"


def kinds_counted(rows: Sequence[OpenTrack]) -> tuple[int, int, int]:
    """(tracks, conditions, follow-ups) among the dashboard's rows."""
    follow_ups = sum(1 for t in rows if t.condition and t.follow_up)
    conditions = sum(1 for t in rows if t.condition) - follow_ups
    return len(rows) - conditions - follow_ups, conditions, follow_ups


def stopped_words(track: OpenTrack, today: date) -> str:
    """A stopped clock on hover: since when, how long, and that no deadline runs (its Due
    is "—": the date is counted again from what is left when the clock resumes)."""
    since = date.fromisoformat(track.stopped_on or today.isoformat())
    days = (today - since).days
    if days < 0:  # a stop recorded for a later day: the clock runs until then
        return (f"Clock stops on {fmt_date(since)}, in {counted(-days, 'day')}: no due date "
                "runs past it; the days left are counted again when it resumes")
    ago = "today" if days == 0 else f"{counted(days, 'day')} ago"
    return (f"Clock stopped on {fmt_date(since)}, {ago}: no deadline runs until it "
            "resumes, when the days left are counted again")


def prepare_tracks(tracks: list[OpenTrack], expected: list[ExpectedNotification],
                   today: date, due_soon: DueSoon | None = None,
                   ) -> tuple[PreparedList, dict[str, list[OpenTrack]]]:
    """The deadlines list: the tracks and conditions in their groups, in order."""
    groups: dict[str, list[OpenTrack]] = {g: [] for g in GROUPS}
    for track in tracks:
        groups[group_of(track, today)].append(track)
    # Red groups; "Due this week" is no colour of its own: its rows (and the first of the
    # next week's) due within 3 working days are amber, the others plain.
    marks = {"prohibited": DUE_OVERDUE, "overdue": DUE_OVERDUE}

    def row_mark(group: str, t: OpenTrack) -> int:
        if group in marks:
            return marks[group]
        running = group in ("this_week", "later")  # not a stopped clock
        soon = running and due_soon is not None and due_soon.covers(t.regime, t.due_date)
        return DUE_SOON if soon else NO_MARK
    state_name = _state_names()
    prepared: list[PreparedGroup] = []
    for group in GROUPS:
        rows = groups[group]
        if (group == "prohibited" or not tracks) and not rows:
            # A section that exists only to warn; with no track at all the summary says
            # where tracks come from, rather than five empty groups.
            continue
        texts = [((t.due_date or "—") + (ESTIMATED if t.due_estimated else ""), t.reference,
                  t.target, t.regime,
                  obligation_prefix(t) + t.condition if t.condition else state_name(t),
                  t.target_zh, t.owner_name or t.owner) for t in rows]
        mark = marks.get(group, NO_MARK)
        prepared.append(prepare_group(
            group, TITLES[group], mark,
            (group != "no_date" and group != "later") or len(rows) < 50, rows, texts,
            [row_mark(group, t) for t in rows], {DUE: [t.due_date or NO_DATE for t in rows]},
            [t.owner for t in rows]))
        if group == "this_week":  # which week: "Due this week (4) · today to Sunday 6 Dec"
            prepared[-1].note = this_week_words(today)
    projected = {e.track_id: e.projected_due for e in expected if e.projected_due}

    def tip(t: OpenTrack, column: int) -> str:
        if t.stopped_on and column == DUE:  # since when no deadline runs ("—")
            return stopped_words(t, today)
        if column == TARGET:
            return t.target
        if column == REGIME:  # cut on a narrow window
            return t.regime
        if column == DUE and t.due_estimated:  # what "(estimated)" means
            return (f"{t.due_date}{ESTIMATED}: counted through a year without an official "
                    "holiday schedule")
        if column == TARGET_ZH:  # both names, as the case list's Target gives them
            return target_tip(t.target, t.target_zh) if t.target_zh else ""
        if column == STATE:  # a long state name is cut by the column too
            if t.condition and t.follow_up:
                return follow_up_tip(t.condition, t.regime)
            return (f"A condition of the {t.regime} clearance:\n{t.condition}" if t.condition
                    else state_name(t))
        if column == OWNER:  # "Li Wei (li.wei)": the login is who the trail names
            return owner_tip(t.owner, t.owner_name)
        if column == DUE and not t.due_date and not t.condition and t.track_id in projected:
            # No deadline counts yet, but the section below has a projection.
            return f"Projected due date {projected[t.track_id]}: see {EXPECTED_TITLE} below"
        return ""

    return (PreparedList(prepared, _widest(prepared, len(TREE_HEADERS)),
                         any(t.target_zh for t in tracks), tip, _bold_due(prepared)), groups)


def prepare_expected(expected: list[ExpectedNotification], today: date,
                     ) -> tuple[PreparedList, dict[str, list[ExpectedNotification]]]:
    """The projected section's list."""
    groups = {"projected": [e for e in expected if e.projected_due],
              "not_known": [e for e in expected if not e.projected_due]}
    state_name = _state_names()
    iso = today.isoformat()
    prepared: list[PreparedGroup] = []
    for group in EXPECTED_GROUPS:
        rows = groups[group]
        if not rows:
            continue
        texts = [(expected_due_text(e), e.reference, e.target, completion_text(e, iso),
                  state_name(e), e.target_zh, e.owner_name or e.owner)
                 for e in rows]
        # A projection already past (or a completion that should have happened) needs the
        # officer's eye: the deal may have completed unrecorded.
        marks = [DUE_OVERDUE if e.projected_due and e.projected_due < iso else
                 COMPLETION_PASSED if e.completion_passed(iso) else NO_MARK for e in rows]
        prepared.append(prepare_group(
            group, EXPECTED_TITLES[group], NO_MARK, True, rows, texts, marks,
            {DUE: [e.projected_due or NO_DATE for e in rows],
             EXPECTED_COMPLETION: [e.expected_completion or NO_DATE for e in rows]},
            [e.owner for e in rows]))
        passed = sum(e.completion_passed(iso) for e in rows)
        if passed:
            prepared[-1].note = (f"{passed:,} expected completion "
                                 f"date{'s' if passed > 1 else ''} passed")

    def tip(e: ExpectedNotification, column: int) -> str:
        if column in (DUE, EXPECTED_COMPLETION):
            return expected_tooltip(e, today)
        if column == TARGET:
            return e.target
        if column == TARGET_ZH:
            return target_tip(e.target, e.target_zh) if e.target_zh else ""
        if column == STATE:
            return state_name(e)
        if column == OWNER:
            return owner_tip(e.owner, e.owner_name)
        return ""

    return (PreparedList(prepared, _widest(prepared, len(EXPECTED_HEADERS)),
                         any(e.target_zh for e in expected), tip, _bold_due(prepared)), groups)


def prepare_dashboard(data: DashboardData, today: date | None = None) -> PreparedDashboard:
    """Everything the lists show, texts, sort orders and filter haystacks (on the worker:
    a second or so for 125,000 rows, which the GUI thread never waits for)."""
    today = today or date.today()
    tracks, groups = prepare_tracks(data.tracks, data.expected, today, data.due_soon)
    expected, expected_groups = prepare_expected(data.expected, today)
    return PreparedDashboard(data, today, groups, expected_groups, tracks, expected)


def load_prepared(session: Any) -> PreparedDashboard:
    """The worker's whole job: read, then prepare the rows. The collector waits meanwhile:
    the rows of 100,000 cases' tracks set off full collections, each walking every object
    the app holds (the case list's 100,000 rows too), which held the window still for half
    a second to a second at a time (bench_polish13_officer_day)."""
    with gc_paused():
        return prepare_dashboard(load_dashboard(session))


def _fraction(progress: Progress, share: float = 1.0) -> Callable[[float, str], None]:
    """A service's progress(fraction, message) onto the worker's bar (`share` of it).
    Once the officer cancelled, it raises the services' Cancelled, which stops the layout
    and reaches the task's error handler (the worker's own is dropped silently)."""

    def report(fraction: float, message: str) -> None:
        if progress.cancelled:
            raise ServiceCancelled("Cancelled; nothing was written or printed.")
        with suppress(Cancelled):  # a cancel just now: the next report stops the work
            progress.report(int(fraction * share * 100), message)

    return report


log = logging.getLogger("approvals.ui")

# The dashboard's report shortcuts (its own window: the main window's are not in force).
EXPORT_SHORTCUT, PRINT_SHORTCUT, PDF_SHORTCUT = "Ctrl+E", "Ctrl+P", "Ctrl+S"


class DeadlinesDashboard(QWidget):
    open_case = Signal(str)
    open_track = Signal(str, str)  # (case reference, regime): a track's row was chosen
    loaded = Signal()
    printed = Signal(int)  # pages sent to the printer (or printed to a file)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None,
                 settings: QSettings | None = None, actor: Actor | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.runner = runner
        # Who prints or exports: the main window's signed-in user unless given, following
        # a change of their roles there.
        self.actor: Actor | None = actor if actor is not None else getattr(parent, "actor", None)
        roles_changed = getattr(parent, "roles_changed", None)
        if actor is None and roles_changed is not None:
            roles_changed.connect(self.set_actor)
        # Column widths the officer set are kept with the main window's (its settings).
        if settings is None and isinstance(getattr(parent, "settings", None), QSettings):
            settings = parent.settings  # type: ignore[union-attr]
        self.settings = settings
        self.tasks = runner.bound_to(self)  # results for a closed window are dropped
        # The day the lists were read for: "overdue", "due this week" and amber go by it.
        # Left open overnight, the dashboard read yesterday's deadlines as today's (a track
        # due yesterday still amber, not overdue; on Monday last week's "this week").
        self.read_for: date | None = None
        self._day_timer = QTimer(self)
        self._day_timer.setSingleShot(True)
        self._day_timer.timeout.connect(self.reload_if_new_day)
        self.setObjectName("deadlinesDashboard")
        self.setWindowTitle("Deadlines dashboard")
        resize_to_screen(self, 1340, 700)  # room for both names; capped to the screen
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)  # at 200 % it would hold the window wider than a screen
        # What the line's numbers count, which the line itself has no room to repeat.
        self.summary.setToolTip(SUMMARY_TIP)
        self.refresh_button = refresh = QPushButton("&Refresh")
        refresh.setObjectName("dashboardRefreshButton")
        second_key(refresh, QKeySequence.StandardKey.Refresh)
        refresh.clicked.connect(self.reload)
        # Officers look a company up by either name: the filter finds both.
        self.filter_edit = text_field(
            QLineEdit, "dashboardFilter", "Filter deadlines", FILTER_HINT)
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
        self.tree = make_list("deadlineTree", "Open tracks by due date", TREE_HEADERS)
        self.tree.placeholder = "Reading the deadlines…"  # until the worker's result
        self.tree.itemActivated.connect(self._activated)
        self.tree.model().header_tips = DEADLINE_HEADER_TIPS
        self.tree.setItemDelegateForColumn(REGIME, RegimeDelegate(self.tree))  # not Completion
        self.tree_columns = ColumnFitter(self.tree, "dashboard/deadline_columns", settings,
                                         DEADLINE_FLEXIBLE)
        self._report_controls()
        # The report buttons under the filter and Refresh, beside the summary's lines: a
        # row of their own under the lists took, at 200 %, the projections' rows.
        find = QHBoxLayout()
        find.addWidget(self.filter_edit)
        find.addWidget(refresh)
        reports = QHBoxLayout()
        reports.addStretch(1)
        for button in self.report_buttons:
            reports.addWidget(button)
        actions = QVBoxLayout()
        actions.addLayout(find)
        actions.addLayout(reports)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addLayout(actions)
        self.expected_section = self._expected_section()
        self.expected_section.setVisible(False)  # until the data says there is one
        self.chart = StateChart()
        self.chart_scroll = chart = named_scroll(self.chart, "stateChartScroll", CHART_TITLE)
        chart.setFrameShape(QFrame.Shape.NoFrame)
        chart.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it narrows
        # The deadlines take the window's whole width, for the companies' names; the
        # projections share the lower part with the chart: beside them when both fit,
        # else under them (_share_width).
        below = QSplitter(Qt.Orientation.Horizontal)
        below.setObjectName("dashboardBelow")
        below.addWidget(self.expected_section)
        below.addWidget(chart)
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 1)
        below.setSizes([960, 300])
        # Too small for both beside or under (200 % on a laptop): each a tab of the whole
        # lower part (_arrange_below). Beside the chart the projections' columns scrolled
        # sideways, Completion, State and Owner out of sight.
        self.below_tabs = QTabWidget()
        self.below_tabs.setObjectName("dashboardBelowTabs")
        self.below_tabs.setDocumentMode(True)
        # The tab bar alone a Tab stop (_order_tab_stops): the tab widget, whose focus proxy
        # it is, sat in the focus chain after the pages it took in, and Tab from the last
        # of them went back up to the tab bar, round and round.
        self.below_tabs.setFocusProxy(None)  # type: ignore[arg-type]
        self.below_tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.below_tabs.hide()
        self.below_tabs.currentChanged.connect(lambda _i: self._show_expected_sort())
        below.addWidget(self.below_tabs)
        self.tabbed = False
        self.has_projections = False  # the data has expected notifications to show
        self.lists = lists = QSplitter(Qt.Orientation.Vertical)
        lists.setObjectName("dashboardLists")
        lists.addWidget(self._deadline_section())
        lists.addWidget(below)
        # A shorter window (a small screen, 200 %) takes room from both, not all from the
        # deadlines; _share_height gives the lower part what it needs once the rows are in.
        lists.setStretchFactor(0, 2)
        lists.setStretchFactor(1, 1)
        lists.setSizes([430, 230])
        self.below = below
        self.split_moved = False  # the officer dragged the divider: theirs from then on
        lists.splitterMoved.connect(lambda *_: setattr(self, "split_moved", True))
        self.below_moved = False  # the same for the divider between projections and chart
        below.splitterMoved.connect(lambda *_: setattr(self, "below_moved", True))
        self._restore_layout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(lists, 1)
        # A report's progress and Cancel, then what it did, under the lists while shown.
        layout.addWidget(self.report_progress)
        self._order_tab_stops()
        standard_shortcut(QKeySequence.StandardKey.Close, self, self.close
                          ).setWhatsThis("Close the dashboard")
        # A read-only window: Escape closes it as it would a dialog.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close).setWhatsThis(
            "Close the dashboard (in the filter, Esc clears it first)")
        standard_shortcut(QKeySequence.StandardKey.Find, self, self._find
                          ).setWhatsThis("Filter the deadlines")
        install_context_help(self, "Deadlines dashboard")  # F1: the guide at the dashboard
        self.groups: dict[str, list[OpenTrack]] = {}
        self.expected_groups: dict[str, list[ExpectedNotification]] = {}
        self._data: DashboardData | None = None
        self._prepared: PreparedDashboard | None = None
        self.tree.setFocus()  # Ctrl+D, then the arrows and Enter: straight into the list

    # -- print and export (services.deadline_report) ------------------------------------
    def _report_controls(self) -> None:
        """Export CSV…, Print…, Save as PDF…: what the lists show (the filter applied, in
        their order), off the GUI thread, with progress and Cancel under the top row."""
        self.export_button = self._report_button(
            "E&xport CSV…", "dashboardExportButton", "Export the deadlines shown as CSV",
            EXPORT_SHORTCUT, self.choose_csv_file)
        self.print_button = self._report_button(
            "&Print…", "dashboardPrintButton", "Print the deadlines shown",
            PRINT_SHORTCUT, self.print_report)
        self.pdf_button = self._report_button(
            "Save as PD&F…", "dashboardPdfButton", "Save the deadlines shown as a PDF file",
            PDF_SHORTCUT, self.choose_pdf_file)
        self.report_buttons = (self.export_button, self.print_button, self.pdf_button)
        self.report_progress = ProgressPanel(self, what="deadlines report")
        self.report_progress.setObjectName("deadlineReportProgress")
        self.report_progress.setVisible(False)
        self.print_dialog: QDialog | None = None  # a QPrintDialog, while shown
        self._printer: Any = None  # the QPrinter of the job running, kept alive till it ends
        self.set_actor(self.actor)

    def _report_button(self, text: str, name: str, accessible: str, shortcut: str,
                       action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.clicked.connect(lambda _checked=False: action())
        second_key(button, shortcut).setWhatsThis(accessible)
        button.setProperty("shortcut_text", shortcut)
        return button

    def set_actor(self, actor: Actor | None) -> None:
        """Whoever is signed in (their roles changed): the buttons follow the permission
        the services check, which the case list's export needs too."""
        self.actor = actor
        self._explain_report_buttons()

    def _explain_report_buttons(self) -> None:
        busy = self.report_progress.running
        why = ("Open the dashboard from the main window to print or export it"
               if self.actor is None else refusal(self.actor, "audit.export"))
        if busy and not why:
            why = "Wait for the report being made, or press Cancel"
        tips = {self.export_button: "Write the deadlines shown (the filter applied) to a CSV "
                                    "file for a spreadsheet",
                self.print_button: "Print the deadlines shown (the filter applied) as a "
                                   "report, A4 landscape",
                self.pdf_button: "Save the deadlines shown (the filter applied) as a PDF "
                                 "report, A4 landscape"}
        for button, tip in tips.items():
            button.setEnabled(not why)
            button.setToolTip(why or f"{tip} ({button.property('shortcut_text')})")

    def shown_keys(self) -> list[RowKey] | None:
        """The rows both lists show, in their order (None before the first load: then
        the report lists every row)."""
        if self._prepared is None:
            return None
        keys: list[RowKey] = []
        for tree in (self.tree, self.expected_tree):
            model = tree.model()
            for g, group in enumerate(model.prepared.groups):
                keys.extend(key_of(group.sources[i]) for i in model.visible[g])
        return keys

    def _report_request(self) -> dict[str, Any]:
        self.apply_filter()  # a filter typed a moment ago applies too
        prepared = self._prepared
        return {"actor": self.actor, "keys": self.shown_keys(),
                "filter_text": self.filter_edit.text(),
                "today": prepared.today if prepared is not None else None}

    def nothing_to_export(self) -> str:
        """Why Export CSV… has nothing to write ('' when the lists show a row)."""
        self.apply_filter()  # a filter typed a moment ago applies too
        if self._prepared is None or self.shown_keys() != []:
            return ""
        data, words = self._prepared.data, " ".join(self.filter_edit.text().split())
        total = len(data.tracks) + len(data.expected)
        if words and total:
            return (f"The filter “{words}” keeps none of the dashboard's {total:,} rows. "
                    "Clear the filter (Esc) to export every row.")
        return "The dashboard lists no open deadlines."

    def _filtered(self) -> str:
        """FILTERED when the filter leaves rows out (for the proposed file name), else ''.
        A file of the rows "Shenzhen" matched, named deadlines-<date>, passed for every
        deadline, as the case list's and the audit trail's exports are kept from doing."""
        self.apply_filter()  # a filter typed a moment ago applies too
        keys, prepared = self.shown_keys(), self._prepared
        if keys is None or prepared is None:
            return ""
        return FILTERED if len(keys) < len(prepared.data.tracks) + len(
            prepared.data.expected) else ""

    def choose_csv_file(self) -> QFileDialog | QMessageBox:
        why = self.nothing_to_export()
        if why:
            return show_nothing_to_export(self, why)
        return ask_save_file(self, CSV_EXPORTS, title="Export the deadlines as CSV",
                             name=suggested_name(CSV_EXPORTS, "deadlines", self._filtered()),
                             data_dir=self.runner.db.data_dir, chosen=self.export_csv_to)

    def choose_pdf_file(self) -> QFileDialog:
        return ask_save_file(self, FILINGS, title="Save the deadlines as PDF",
                             name=suggested_name(FILINGS, "deadlines", self._filtered()),
                             data_dir=self.runner.db.data_dir, chosen=self.save_pdf_to)

    def export_csv_to(self, out: Path) -> Task | None:
        request = self._report_request()

        def work(session: Any, progress: Progress) -> ExportResult:
            return export_deadlines_csv(session, out=out, progress=_fraction(progress), **request)

        return self._start_report(
            own_unit_of_work(self.runner.db, work), "Exporting the deadlines…",
            lambda result: self._exported(result, None), "The deadlines could not be exported")

    def save_pdf_to(self, out: Path) -> Task | None:
        request = self._report_request()

        def work(session: Any, progress: Progress) -> SavedReport:
            return save_deadlines_pdf(session, out=out, progress=_fraction(progress), **request)

        return self._start_report(
            own_unit_of_work(self.runner.db, work), "Laying out the deadlines report…",
            lambda result: self._exported(result, result.pages),
            "The deadlines report could not be saved")

    def print_report(self) -> QDialog:
        # Printing's modules load when first used, not with the main window (as the
        # case window's filing preview): QtPdf and the print support cost start-up time.
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(Path(suggested_name(FILINGS, "deadlines")).stem)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        dialog = QPrintDialog(printer, self)
        dialog.accepted.connect(lambda: self.print_to(printer))
        self.print_dialog = dialog
        QDialog.open(dialog)  # window-modal, not blocking (see ui.filing_preview)
        return dialog

    def print_to(self, printer: Any) -> Task | None:
        """Render the report on the worker, then print it on the QPrinter `printer` as the
        filing preview does (page by page from the GUI thread, see ui.filing_preview's
        PagePrinter; "Print to File (PDF)" writes the report's PDF on the worker)."""
        from approvals.ui.filing_preview import (
            pdf_file_of,
            print_pages,
            record_print,
            write_pdf_file,
        )

        request, db, target = self._report_request(), self.runner.db, pdf_file_of(printer)
        printer_name = printer.printerName()
        panel = self.report_progress

        def recorded(rendered: Any, pages: int) -> str:
            # Recorded as a saved report is, once the pages have gone out.
            return record_print(db, lambda session: record_deadlines_printed(
                session, actor=request["actor"], rendered=rendered, pages=pages,
                printer=printer_name, out=target), "deadlines report")

        def work(progress: Progress) -> tuple[Any, int, str]:
            with db.read_session() as session:
                rendered = render_deadlines_pdf(session, progress=_fraction(progress, 0.5),
                                                **request)
            if target is None:  # painted from the GUI thread once laid out (see done)
                return rendered, 0, ""
            pages = write_pdf_file(rendered.pdf, target)
            return rendered, pages, recorded(rendered, pages)

        def ended(text: str) -> None:
            self._printer = None
            panel.finish(text)
            self._explain_report_buttons()

        def printed(pages: int, unrecorded: str) -> None:
            where = f" to {target}" if target is not None else ""
            said = f"Printed {counted(pages, 'page')}{where}."
            if unrecorded:
                said += f" The audit trail could not record the print: {unrecorded}"
            ended(said)
            self.printed.emit(pages)

        def done(outcome: tuple[Any, int, str]) -> None:
            rendered, pages, unrecorded = outcome
            if target is not None:
                printed(pages, unrecorded)
                return

            def stop() -> None:  # the panel's Cancel: the job is aborted
                job.cancel()
                finished()
                ended("Cancelled; nothing was written or printed.")

            def finished() -> None:
                panel.cancel_requested.disconnect(stop)
                job.deleteLater()

            def painted(pages: int) -> None:
                finished()
                self.tasks.run(lambda _progress: recorded(rendered, pages),
                               lambda unrecorded: printed(pages, unrecorded))

            def failed(exc: BaseException) -> None:
                finished()
                ended("")
                panel.setVisible(False)
                show_error(self, "The deadlines could not be printed", exc)

            panel.cancel_requested.connect(stop)
            job = print_pages(rendered.pdf, printer, self, failed=failed, finished=painted,
                              progressed=lambda percent, message: panel.update_progress(
                                  50 + percent // 2, message))

        self._printer = printer
        return self._start_report(work, "Printing the deadlines…", done,
                                  "The deadlines could not be printed")

    def _start_report(self, work: Callable[[Progress], Any], text: str,
                      done: Callable[[Any], None], failure: str) -> Task | None:
        panel = self.report_progress
        if panel.running:  # one report at a time
            return None

        def failed(exc: BaseException) -> None:
            self._printer = None
            if isinstance(exc, ServiceCancelled):
                panel.finish("Cancelled; nothing was written or printed.")
            else:
                panel.finish("")
                panel.setVisible(False)
                show_error(self, failure, exc)
            self._explain_report_buttons()

        task = self.tasks.run(work, done, failed, panel.update_progress)
        panel.start(task, text)
        self._explain_report_buttons()
        return task

    def _exported(self, result: ExportResult, pages: int | None) -> None:
        panel = self.report_progress
        box = show_exported(self, result, "row")
        if pages is not None:  # the message speaks of a CSV file
            box.setInformativeText(f"A PDF report of {counted(pages, 'page')}, A4 landscape.")
        panel.finish(box.text())
        self._explain_report_buttons()

    def _deadline_section(self) -> QWidget:
        """The deadlines list under a heading that holds its "Sort by" (beside the list it
        sorts, as the projections' has)."""
        section = QWidget()
        section.setObjectName("deadlineSection")
        title = QLabel(f"<b>{self.tree.accessibleName()}</b>")
        title.setObjectName("deadlineTitle")
        title.setBuddy(self.tree)
        # Sorting without the mouse: Alt+S, then the arrows (the header is no Tab stop).
        self.tree_sort = SortControls(self.tree, "deadline", "&Sort by:", "&Descending",
                                      self.settings, "dashboard/deadline_sort")
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.tree_sort)
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.tree, 1)
        return section

    def _expected_section(self) -> QWidget:
        section = QWidget()
        section.setObjectName("expectedSection")
        self.expected_title = title = QLabel(f"<b>{EXPECTED_TITLE}</b>")
        title.setObjectName("expectedTitle")
        title.setWordWrap(True)  # at 200 % its one line held the chart beside to a sliver
        # Short, so that at 200 % it leaves the list some room; the whole on hover.
        # "Projected from the expected completion date" is the group heading's: said once.
        self.expected_note = note = QLabel(
            "A due date here counts as a deadline once the completion date is recorded on "
            "the track.")
        note.setObjectName("expectedNote")
        note.setWordWrap(True)
        explained = ("Open US-OISP notifications whose completion date is not recorded yet, "
                     "due dates projected from each deal's expected completion date. Once the "
                     "completion date is recorded on the track, its clock starts and the "
                     "deadline counts above and in the case list.")
        self.expected_explained = explained  # the tab's tooltip, on tabs (_arrange_below)
        for label in (title, note):
            label.setToolTip(explained)
        self.expected_tree = make_list("expectedTree", EXPECTED_TITLE, EXPECTED_HEADERS)
        self.expected_tree.model().header_tips = EXPECTED_HEADER_TIPS
        # An expected notification is the case's US-OISP track, projected.
        self.expected_tree.itemActivated.connect(
            lambda item, _c: self._open(item, "US-OISP"))
        self.expected_columns = ColumnFitter(self.expected_tree, "dashboard/expected_columns",
                                             self.settings)
        title.setBuddy(self.expected_tree)
        self.expected_sort = SortControls(self.expected_tree, "expected", "Sor&t by:",
                                          "Descendin&g", self.settings, "dashboard/expected_sort")
        self.expected_heading = heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.expected_sort)
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(note)
        layout.addWidget(self.expected_tree, 1)
        return section

    def _find(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def apply_filter(self) -> None:
        """Filter both lists on their prepared haystacks (a few milliseconds for 100,000
        rows); the groups with a match open."""
        self._filter_timer.stop()
        text = self.filter_edit.text()
        for tree in (self.tree, self.expected_tree):
            for g in tree.filter_rows(text):
                tree.expand(tree.model().index(g, 0))
        self._say_no_match()

    def _say_no_match(self) -> None:
        """In place of a list's headings, when the filter keeps none of its rows: what to
        do."""
        words = " ".join(self.filter_edit.text().split())
        for tree in (self.tree, self.expected_tree):
            model = tree.model()
            hidden_all = bool(words) and any(g.texts for g in model.prepared.groups) \
                and not any(model.visible)
            said = (f"No row matches “{words}”. Esc in the filter clears it."
                    if hidden_all else "")
            # The headings, each "(0 of …)", hidden while it is said: at 200 % the deadlines'
            # six filled the list and the words under them were never seen.
            for g in range(model.rowCount()):
                if tree.isRowHidden(g, ROOT) != hidden_all:
                    tree.setRowHidden(g, ROOT, hidden_all)
            if tree.no_match != said:
                tree.no_match = said
                tree.viewport().update()

    def _first_row(self) -> RowRef | None:
        for tree in (self.tree, self.expected_tree):
            if tree.isHidden() or not tree.isVisibleTo(self):
                continue
            model = tree.model()
            for g in range(model.rowCount()):
                row = model.index(0, 0, model.index(g, 0))
                if row.isValid():
                    return RowRef(tree, row)
        return None

    def _fit_filter_hint(self) -> None:
        """The filter's whole hint when the field holds it, else the short one."""
        edit = self.filter_edit
        fits = edit.fontMetrics().horizontalAdvance(FILTER_HINT) + FILTER_EDGE <= edit.width()
        hint = FILTER_HINT if fits else FILTER_HINT_SHORT
        if edit.placeholderText() != hint:
            edit.setPlaceholderText(hint)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter_edit and event.type() == QEvent.Type.Resize:
            self._fit_filter_hint()
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

    def _arrange_below(self, tabbed: bool) -> None:
        """The projections and the chart in the lower splitter, or each a tab."""
        if tabbed == self.tabbed:
            return
        self.tabbed = tabbed
        tabs, section, chart = self.below_tabs, self.expected_section, self.chart_scroll
        # Something in the splitter shown throughout: one with none shown is given no
        # height by the splitter around it, and keeps none.
        if tabbed:
            tabs.show()
            tabs.addTab(section, "Expected notifications")
            tabs.setTabToolTip(0, self.expected_explained)
            tabs.addTab(chart, "Tracks by state")
            tabs.setCurrentIndex(0)  # the rows first; the chart a click (Ctrl+Tab) away
            # The tab names the projections, and their "Sort by" goes beside the tabs: the
            # heading's row, at 200 %, was the height of a row and a half of projections.
            self.expected_title.hide()
            tabs.setCornerWidget(self.expected_sort, Qt.Corner.TopRightCorner)
            self._show_expected_sort()
        else:
            # No corner widget (Qt takes nullptr; the stubs say QWidget): one left set would
            # keep being placed beside the tabs after it moved back over the list.
            tabs.setCornerWidget(None, Qt.Corner.TopRightCorner)  # type: ignore[arg-type]
            self.expected_heading.addWidget(self.expected_sort)
            self.expected_sort.show()
            self.expected_title.show()
            tabs.clear()  # the pages stay, for the splitter to take back
            self.below.insertWidget(0, section)
            self.below.insertWidget(1, chart)
            section.setVisible(self.has_projections)
            chart.show()
            tabs.hide()
        self._order_tab_stops()

    def tab_stops(self) -> list[QWidget]:
        """The dashboard's Tab stops in reading order: the filter, Refresh and the report
        buttons at the top; the deadlines' Sort by and their list; then, on tabs, the tab
        bar before the page it shows (its Sort by beside the tabs, then its list), else
        the projections' Sort by and list and the chart."""
        stops: list[QWidget] = [self.filter_edit, self.refresh_button, *self.report_buttons,
                                self.tree_sort.combo, self.tree_sort.descending, self.tree]
        if self.tabbed:
            stops.append(self.below_tabs.tabBar())
        return [*stops, self.expected_sort.combo, self.expected_sort.descending,
                self.expected_tree, self.chart_scroll]

    def _order_tab_stops(self) -> None:
        """Tab in reading order, after each change of arrangement: moving the projections
        into the tabs put them before the tab bar in the focus chain (Tab reached the tab
        bar after the rows it switches), and back into the splitter after the chart."""
        stops = self.tab_stops()
        for before, after in itertools.pairwise(stops):
            QWidget.setTabOrder(before, after)

    def _show_expected_sort(self) -> None:
        """On tabs, the projections' "Sort by" beside the tabs while theirs is current."""
        if self.tabbed:
            self.expected_sort.setVisible(self.below_tabs.currentWidget() is self.expected_section)

    def _tab_row_height(self) -> int:
        """The height of the tabs' row: the tab bar, or the "Sort by" beside it."""
        return max(self.below_tabs.tabBar().sizeHint().height(),
                   self.expected_sort.sizeHint().height())

    def _share_width(self) -> None:
        """The projections as wide as their names need, the chart beside them in the rest
        (as wide as its labels, narrowing down to its readable width). With less room, the
        chart goes under them when the height holds both, else it stays beside at its
        readable width, the rest to the projections, as long as their columns fit at
        their least; else (200 % on a laptop) each is a tab of the lower part. At 1280 px
        the chart beside them cut the targets' names, which say which notification is
        expected."""
        if not self.has_projections:
            self._arrange_below(False)
            return  # the chart alone takes the lower part
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        total = self.width() - (margins.left() + margins.right() if margins else 0)
        scroll = self.chart_scroll
        around_chart = scroll.verticalScrollBar().sizeHint().width() + 2 * scroll.frameWidth()
        chart_least = self.chart.readable_width() + around_chart
        chart_natural = max(self.chart.sizeHint().width() + around_chart, chart_least)
        handle = self.below.handleWidth()
        least_list = self.expected_section.minimumSizeHint().width()  # its heading's
        room = total - handle - max(self.expected_columns.wanted_width(), least_list)
        # The lists' height once laid out at this size (a resize lays them out after).
        lists_height = (self.height() - self.lists.y() - (margins.bottom() if margins else 0)
                        if self.lists.y() > 0 else sum(self.lists.sizes()))
        stacked_height = self._projections_height() + handle + self._chart_least_height()
        # Beside them when both fit, or when the height has no room for the chart under
        # them, as long as the chart keeps its readable width (else it was cut).
        beside = total - handle - least_list >= chart_least and (
            room >= chart_least or stacked_height > lists_height * 0.45)
        # Neither under (no height) nor beside with every column in view: tabs.
        least_columns = max(self.expected_columns.least_width(), least_list)
        tabbed = room < chart_least and stacked_height > lists_height * 0.45 \
            and total - handle - least_columns < chart_least
        self._arrange_below(tabbed)
        if tabbed:
            return
        orientation = Qt.Orientation.Horizontal if beside else Qt.Orientation.Vertical
        if self.below.orientation() != orientation:
            self.below.setOrientation(orientation)
            self.below_moved = False  # a divider dragged in the other arrangement
        if beside and not self.below_moved:
            chart_width = min(chart_natural, max(room, min(chart_least, total // 3)))
            self.below.setSizes([total - handle - chart_width, chart_width])

    def _chart_least_height(self) -> int:
        """The chart under the projections shows its title and three bars at least."""
        return 4 * (self.chart.fontMetrics().height() + 6)

    def _projections_height(self, rows: int | None = None) -> int:
        """The height the projections' section needs to show all its rows (or `rows` and
        the heading over them)."""
        tree = self.expected_tree
        model = tree.model()
        if rows is None:
            rows = model.rowCount() + sum(model.exposed)
        layout = self.expected_section.layout()
        spacing = layout.spacing() if layout is not None else 6
        note = self.expected_note
        note_height = (note.heightForWidth(max(note.width(), 300)) + spacing
                       if not note.isHidden() else 0)
        heading = 0  # on tabs: the tab names them, their "Sort by" beside the tabs
        if not self.tabbed:
            title = self.expected_title  # on two lines in a narrow window
            # Or as tall as the "Sort by" box beside it, the taller of the two.
            heading = spacing + max(title.heightForWidth(title.width()) if title.width() > 0
                                    else title.sizeHint().height(),
                                    self.expected_sort.sizeHint().height())
        # Its rows and no more (a spare row's height was left empty under them, taken from
        # the deadlines above), and the sideways scroll bar only when the columns need it
        # (on tabs they always fit: that is what the tabs are for).
        header = tree.header()
        sideways = not self.tabbed and header.length() > tree.viewport().width()
        return (6 + heading + note_height
                + header.sizeHint().height() + rows * row_height(tree)
                + 2 * tree.frameWidth()
                + (tree.horizontalScrollBar().sizeHint().height() if sideways else 0))

    def _share_height(self) -> None:
        """The lower part (projections, chart) as tall as its rows and the chart need, up
        to 45 % of the height; the rest to the deadlines, the list that matters most. The
        chart under the projections gets what their rows leave, a few lines at least."""
        total = sum(self.lists.sizes())
        if total <= 0:
            return
        chart_needed = self.chart.minimumSizeHint().height() + 4
        projections = self._projections_height() if self.has_projections else 0
        stacked = bool(projections) and not self.tabbed and self.below.orientation() == Qt.Orientation.Vertical
        handle = self.below.handleWidth()
        needed = (projections + handle + chart_needed if stacked
                  else max(chart_needed, projections))
        if self.tabbed and projections:
            # On tabs the projections' rows set the height, the chart scrolling in its own
            # tab (a few bars at least): the whole chart's height left an empty row's room
            # under the projections, taken from the deadlines.
            needed = max(projections, self._chart_least_height())
        lower = self.lists.sizes()[1]
        if not self.split_moved:
            # Up to half the height where 45 % would leave the projections less than
            # their heading and two rows (their title on two lines, at 200 %).
            usable = self._projections_height(2) if projections else 0
            lower = min(needed, max(int(total * 0.45), min(usable, total // 2)))
            self.lists.setSizes([total - lower, lower])
        if self.tabbed and not self.split_moved:  # under the tab bar
            lower = min(total // 2, lower + self._tab_row_height())
            self.lists.setSizes([total - lower, lower])
        if stacked and not self.below_moved:
            room = lower - handle
            list_height = max(min(projections, room - self._chart_least_height()), room // 2)
            self.below.setSizes([list_height, room - list_height])

    def _restore_layout(self) -> None:
        """The window's size and place and the dividers as the officer left them."""
        if self.settings is None:
            return
        restore_geometry(self, self.settings, "dashboard/geometry")  # at the same scale
        lists = self.settings.value("dashboard/lists")
        if isinstance(lists, QByteArray) and not lists.isEmpty() and self.lists.restoreState(lists):
            self.split_moved = True
        # Kept only once dragged (the key before, "dashboard/below", was kept always and
        # held the chart's width the officer never chose).
        below = self.settings.value("dashboard/below_split")
        if isinstance(below, QByteArray) and not below.isEmpty() \
                and self.below.restoreState(below):
            self.below_moved = True

    def hideEvent(self, event: Any) -> None:
        # Closing hides the window (it is kept for the next Ctrl+D): remember its layout.
        if self.settings is not None:
            save_geometry(self, self.settings, "dashboard/geometry")
            if self.below_moved:
                self.settings.setValue("dashboard/below_split", self.below.saveState())
            if self.split_moved:
                self.settings.setValue("dashboard/lists", self.lists.saveState())
        super().hideEvent(event)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # The filter's whole placeholder in view, with its clear button; in a narrow window
        # (200 %) no more than a quarter of it, so the summary beside keeps its room.
        self.filter_edit.setMinimumWidth(min(
            self.fontMetrics().horizontalAdvance(FILTER_HINT) + FILTER_EDGE,
            self.width() // 4))
        # A short window (200 % on a laptop screen): the projections' note on hover only
        # (the title's tooltip says it whole), its two lines to the projections' rows.
        self.expected_note.setHidden(self.height() < self.fontMetrics().height() * SHORT_LINES)
        self._share_width()
        self._share_height()

    def changeEvent(self, event: QEvent) -> None:
        # The overdue and due-soon colours are chosen for the palette.
        redraw_on_palette_change(self, event, self._show_again)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.reload_if_new_day()  # a timer does not run while the computer sleeps
        super().changeEvent(event)

    def _show_again(self) -> None:
        """The colours for the new palette: the rows are not made again."""
        prepared: PreparedDashboard | None = getattr(self, "_prepared", None)
        if prepared is not None:
            for tree in (self.tree, self.expected_tree):
                tree.model().set_colours()
            self._summarise(prepared)

    def reload(self) -> None:
        self.read_for = date.today()
        self._day_timer.start(until_next_day(datetime.now()))
        self.tasks.latest_read("deadlines", load_prepared, self._show,
                               lambda exc: show_error(self, "Could not load the deadlines", exc))

    def reload_if_new_day(self) -> None:
        """Read the deadlines again when the day has changed since they were read (at
        midnight, or on coming back to the window after the computer slept), so today's
        overdue, due-this-week and amber rows are today's. A hidden dashboard waits: Ctrl+D
        reads it afresh."""
        read_for = getattr(self, "read_for", None)  # (an event while being made)
        if read_for is None:  # never read (its lists were given it)
            return
        if read_for == date.today():  # the timer early (a clock change): wait again
            if not self._day_timer.isActive():
                self._day_timer.start(until_next_day(datetime.now()))
        elif self.isVisible():
            self.reload()

    def _show(self, data: DashboardData | PreparedDashboard, today: date | None = None) -> None:
        """Show what was read: rows prepared on the worker (from reload), or prepared here
        (a handful, in tests)."""
        prepared = (data if isinstance(data, PreparedDashboard)
                    else prepare_dashboard(data, today))
        self._prepared = prepared
        self._data = prepared.data
        self.groups = prepared.groups
        self.expected_groups = prepared.expected_groups
        self.tree.placeholder = "No open filing tracks"
        bold = QFont(self.tree.font())
        bold.setBold(True)
        text = self.filter_edit.text()
        for tree, rows, fitter, sort in (
                (self.tree, prepared.tracks, self.tree_columns, self.tree_sort),
                (self.expected_tree, prepared.expected, self.expected_columns,
                 self.expected_sort)):
            model = tree.model()
            model.terms = text.casefold().split()  # the filter typed, kept across a refresh
            header = tree.header()  # and the order the officer last chose
            model.sort_column = header.sortIndicatorSection()
            model.descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            tree.show_rows(rows, bold)
            for g in tree.filter_rows(text):
                tree.expand(model.index(g, 0))
            # No room taken where the cases give no Chinese name.
            fitter.set_hidden(TARGET_ZH, not rows.has_zh)
            sort.update_columns()  # "Sort by" offers the columns shown
            fitter.measure(rows.widest, rows.bold_due)
        self._say_no_match()  # a filter kept across a refresh
        self.has_projections = bool(prepared.data.expected)
        if not self.tabbed:  # a tab's page is shown by its tab
            self.expected_section.setVisible(self.has_projections)
        self._summarise(prepared)
        self.chart.set_counts(prepared.data.states)
        # Said where the keyboard lands (the scroll area is the Tab stop, the chart inside
        # it is not): every bar's count in words, its regimes too, for a screen reader.
        self.chart_scroll.setAccessibleDescription(self.chart.accessibleDescription())
        self._share_width()
        self._share_height()
        self.loaded.emit()

    def _summarise(self, prepared: PreparedDashboard) -> None:
        data = prepared.data
        groups = prepared.groups
        tracks, conditions, follow_ups = kinds_counted(data.tracks)
        expected = len(data.expected)
        red = overdue_colour().name()
        blocked, blocked_tip = blocked_summary(data.blocked, red)
        self.summary.setToolTip(SUMMARY_TIP + (
            f"\n\n“{len(data.blocked):,} blocked” counts open cases the screening blocks that "
            "have no open filing track, so no row below lists them:\n" + blocked_tip
            if blocked_tip else ""))
        self.summary.setText(
            # "1 open track", not "1 open tracks" (the summary of a first case).
            f"{bold_counted(tracks, 'open track')} · "
            + (f"{bold_counted(conditions, 'open condition')} · " if conditions else "")
            + (f"{bold_counted(follow_ups, 'open follow-up')} · " if follow_ups else "")
            # Overdue says what it counts: the case list's "2 cases overdue" counts cases.
            # (The line's other counts stay short: at 200 % a fourth line took the
            # projections' rows.)
            + f"{rows_counted(groups['overdue'], red)} overdue · "
            f"<b>{len(groups['this_week']):,}</b> due this "
            f"week ({this_week_words(prepared.today, short=True)}) · "
            f"<b>{len(groups['stopped']):,}</b> with the clock stopped"
            + (f" · <b style='color:{red}'>{len(groups['prohibited']):,}</b> "
               "prohibited" if groups["prohibited"] else "")
            + (f" · <b>{expected:,}</b> US notification{'s' if expected > 1 else ''} expected"
               if expected else "")
            + (f" · {blocked}" if blocked else "") if data.tracks else
            # Say where tracks come from rather than five empty groups and a row of zeros.
            "No open filing tracks. Screening a case opens one for each regime that needs "
            "action; its deadlines are listed here." + (f" Not listed: {blocked} (open cases the "
                                                        "screening blocks; hover for which)."
                                                        if blocked
                                                        else ""))

    def _activated(self, item: RowRef, _column: int) -> None:
        self._open(item, (item.text(REGIME).split() or [""])[0])

    def _open(self, item: RowRef, regime: str) -> None:
        """The row's case, at its track (`regime`) rather than at the Overview."""
        reference = item.data(0, Qt.ItemDataRole.UserRole)
        if not reference:
            return
        if regime:
            self.open_track.emit(str(reference), regime)
        else:
            self.open_case.emit(str(reference))
