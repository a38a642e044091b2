"""The main window: menus, the case list with its empty state, the status bar."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizeGrip,
    QStackedWidget,
    QStatusBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.consistency import facts_to_check
from approvals.domain.errors import InputError
from approvals.domain.facts import document_named, parse_facts, read_json_file
from approvals.domain.numbers import counted
from approvals.paths import DataDir
from approvals.services.access import current_actor
from approvals.services.cases import (
    ESTIMATED,
    INTAKE_DISCARDED,
    INTAKE_NOT_FINISHED,
    TRACKS_CLOSED,
    TRACKS_WITHDRAWN,
    CaseRow,
    SameFacts,
    cases_of_the_same_deal,
    import_case,
    list_cases,
    status_text,
)
from approvals.services.deadline_report import due_soon_limit
from approvals.services.demo import DemoPlan, demo_plan, load_demo
from approvals.store.audit import Actor
from approvals.ui.audit import add_audit_trail_action, add_audit_verify_action
from approvals.ui.calendars import add_calendar_action
from approvals.ui.case_data import load_case_data
from approvals.ui.case_lifecycle import CaseLifecycleActions, CurrentCase
from approvals.ui.case_list import (
    AMOUNT_COLUMN,
    COLUMNS,
    DEADLINE_COLUMN,
    INVESTOR_COLUMN,
    MEASURED_COLUMNS,
    OWNER_COLUMN,
    REFERENCE_COLUMN,
    REGIMES_COLUMN,
    STATUS_COLUMN,
    TARGET_COLUMN,
    TARGET_ZH_COLUMN,
    CaseHeader,
    CaseTable,
    CaseTableModel,
    PreparedRows,
    UrgentCounts,
    count_urgent,
    prepare_rows,
    runs,
    short_blocked_status,
    short_deadline,
    sort_orders,
    widest_text,
)
from approvals.ui.case_owner import ChangeOwnerAction
from approvals.ui.case_view import CaseView
from approvals.ui.dashboard import DeadlinesDashboard, until_next_day
from approvals.ui.errors import refusal, show_error, show_unexpected
from approvals.ui.files import FACTS_JSON, ask_open_file, settings_for
from approvals.ui.filing_check import add_filing_check_action
from approvals.ui.geometry import restore_geometry, save_geometry
from approvals.ui.help import AboutDialog, add_help_actions, add_log_folder_action, show_about
from approvals.ui.open_cases_check import add_open_cases_check_action
from approvals.ui.particulars import add_particulars_defaults_action
from approvals.ui.progress import SHOW_AFTER_MS
from approvals.ui.rulebook import add_rulebook_action
from approvals.ui.same_facts import ask_about_same_facts, show_facts_to_check
from approvals.ui.widgets import (
    ask_to_discard,
    due_soon_colour,
    overdue_colour,
    redraw_on_palette_change,
    resize_to_screen,
    set_available,
    stop_work_under_way,
    text_field,
    unsaved_lines,
    work_footer,
    work_lines,
)
from approvals.ui.wizard import IntakeWizard, field_words, in_words, open_draft
from approvals.ui.workers import TaskRunner, gc_paused

EMPTY_HINT = (
    "A case is one deal. Enter its facts once and the app tells you which Chinese and "
    "US approvals and notifications it needs, and why.\n"
    "Create your first case, or load the demo cases to look around.")
# For a user who may not create cases (a reviewer, an approver): where cases come from.
EMPTY_HINT_READER = (
    "A case is one deal. Enter its facts once and the app tells you which Chinese and "
    "US approvals and notifications it needs, and why.\n"
    "Cases are created by a preparer or an administrator; they appear here once there are some.")

# For a reviewer: the cases sent for review are in packs, not in this list (a reviewer's
# first start showed "No cases yet" and the way to create one, nothing about the pack).
EMPTY_HINT_REVIEWER = (
    "\nReviewing cases sent to you? Review → Open review pack (review mode)… opens the pack; "
    "Review → Review packs opened here lists the ones already opened.")

EMPTY_HINT_CHARS = 75  # the hint's longest line, in average characters


class ReadableHint(QLabel):
    """Centred, wrapped text whose lines are no longer than EMPTY_HINT_CHARS: in a wide
    window (or at 200 %) each sentence of the empty list's hint ran the window's whole
    width, and the eye lost the next line's start. (Its margins narrow it: a label held
    narrower by an alignment in the layout lost its last lines.)"""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def resizeEvent(self, event: Any) -> None:
        room = self.fontMetrics().averageCharWidth() * EMPTY_HINT_CHARS
        side = max(0, (self.width() - room) // 2)
        if self.contentsMargins().left() != side:
            self.setContentsMargins(side, 0, side, 0)
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:
        # Not the margins a wide window gave it: they held the window that wide.
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        return QSize(max(0, hint.width() - margins.left() - margins.right()), hint.height())

# The user guide's sections F1 opens in this window (README headings).
CASE_LIST_SECTION, GETTING_STARTED = "Case list", "Getting started"

FILTER_DELAY_MS = 0  # a timer still: keystrokes queued together filter once
# The least the case filter keeps, in characters ("AP-2026-0001 ac…"), and each list.
FILTER_MIN_CHARS, COMBO_MIN_CHARS = 18, 12
FIRST_ROWS = 500
# The case list's columns at the default 1280 width (Owner, the last shown, takes the
# rest); Target (Chinese), hidden at first, takes its room from the narrowing ones.
COLUMN_WIDTHS = {REFERENCE_COLUMN: 110, TARGET_COLUMN: 240, INVESTOR_COLUMN: 190,
                 AMOUNT_COLUMN: 125, REGIMES_COLUMN: 170, STATUS_COLUMN: 140,
                 DEADLINE_COLUMN: 175, TARGET_ZH_COLUMN: 170}
# On a narrower window these give way first (their tooltips show the whole text), so
# Status, Next deadline and Owner stay in sight without scrolling sideways.
NARROWING_COLUMNS = (TARGET_COLUMN, INVESTOR_COLUMN, REGIMES_COLUMN, TARGET_ZH_COLUMN)
NARROWEST = 90
CELL_MARGIN = 16  # a cell's padding either side of its text
# Narrower still, these give way further (in the order of what they tell about a case's
# standing: least first), each down to the width of its SQUEEZED_TEXTS, so the key columns
# (Reference, Target, Status, Next deadline) stay in sight as long as they can.
SQUEEZING_COLUMNS = (INVESTOR_COLUMN, AMOUNT_COLUMN, REGIMES_COLUMN, TARGET_ZH_COLUMN,
                     OWNER_COLUMN)
# What a squeezed column still shows: an investor's first letters ("Alleg…"), an amount by
# its scale ("USD 150m", case_list.short_amount), a regime, a login, a few characters of a
# Chinese name. Squeezed to 36 pixels at 200 % they read "All…", "US…", "C…", "li.…"
# (nothing at all); with no room for these the list scrolls sideways instead.
SQUEEZED_TEXTS = {INVESTOR_COLUMN: "Investo", AMOUNT_COLUMN: "USD 150m",
                  REGIMES_COLUMN: "CN-FISR…", TARGET_ZH_COLUMN: "深圳机械", OWNER_COLUMN: "zhaolei"}
# Squeezed, Target still gets room to say which company a row is (at 200 % it was cut to
# "Zhiyuan …" while Status kept 140 pixels): up to this width it takes it from the
# squeezing columns and from Status, which gives way down to STATUS_WORD ("Acknowledged"
# whole; a blocked case's long Status elided, whole on hover).
TARGET_READABLE = 170
STATUS_WORD = "Acknowledged"
SAMPLE_REFERENCE = "AP-2026-0000"  # as wide as any reference (services.cases.next_reference)
# The columns an officer may hide or show (right-click a header, or Shift+F10 in the list).
# Reference stays: it is what names a case, and a list needs one column.
HIDDEN_AT_FIRST = (TARGET_ZH_COLUMN,)
ALWAYS_SHOWN = (REFERENCE_COLUMN,)
HIDDEN_KEY = "main_window/case_columns_hidden"  # the hidden columns' titles, ";" between
# The column chooser's items with their Alt keys (View → Columns, a header's right-click):
# a letter toggles its column, as in the other menus.
COLUMN_MENU_TEXTS = {REFERENCE_COLUMN: "&Reference", TARGET_COLUMN: "&Target",
                     INVESTOR_COLUMN: "&Investor", AMOUNT_COLUMN: "&Amount",
                     REGIMES_COLUMN: "Re&gimes needing action", STATUS_COLUMN: "&Status",
                     DEADLINE_COLUMN: "&Next deadline", TARGET_ZH_COLUMN: "Target (&Chinese)",
                     OWNER_COLUMN: "&Owner"}
COLUMNS_TIP = ("Right-click a column header (or press Shift+F10 or the Menu key in the list) "
               "to choose the columns shown")

# Item data is never None: PySide6 6.12 mis-counts references to None handed back.
STATUS_FILTERS: tuple[tuple[str, str], ...] = (
    ("All statuses", ""),
    # As the Status column says it: "Draft" there is a filing track's first state.
    (INTAKE_NOT_FINISHED, "draft"),
    # "cases": these go by the case, while the Status column shows its tracks' states.
    ("Open cases", "open"),
    ("Overdue", "overdue"),
    ("Due within 3 working days", "due_soon"),
    # A track refused or prohibited, or a regime the screening could not decide: the case
    # cannot be completed (the Status says why).
    ("Blocked: refused, prohibited, facts missing", "blocked"),
    ("Completed cases", "completed"),
    ("Closed cases", "closed"),
    # Everything but the closed cases (a deal that fell through, or done with).
    ("All but closed", "not_closed"),
    # Hidden otherwise: the list reads them only while this is chosen.
    (INTAKE_DISCARDED, "discarded"),
)
DISCARDED = "discarded"


def _ended_tracks(status: str) -> str:
    """The Status column's words for a case of `status` with no track open ("Open (tracks
    closed)", "Open (tracks withdrawn)"), as services.cases.status_text writes them."""
    return " and ".join(f"“{status_text(status, ended)}”"
                        for ended in (TRACKS_CLOSED, TRACKS_WITHDRAWN))


# What each Status filter keeps, in the Status column's own words where it shows them: the
# filter's tooltip, and each choice's, are made from these and STATUS_FILTERS (the tip had
# fallen behind the list, without "Open (tracks closed)").
STATUS_FILTER_MEANINGS: dict[str, str] = {
    "": f"every case (discarded intake drafts only under {INTAKE_DISCARDED})",
    "draft": "facts still being entered in the New case wizard",
    "open": f"open cases, whatever their tracks' states; {_ended_tracks('open')} too",
    "overdue": "the next deadline is overdue: its day has passed (red)",
    "due_soon": "the next deadline is today or within 3 working days of its track's "
                "calendar (amber)",
    "blocked": "a track refused, a prohibition found by the screening, or a regime it "
               "could not decide for missing facts, so the case cannot be completed",
    "completed": f"completed cases; {_ended_tracks('completed')} too",
    "closed": "the deal did not go ahead, or is done with (greyed out)",
    "not_closed": "every case but the closed ones",
    DISCARDED: "intake drafts discarded unfinished, kept for the audit trail",
}


def status_filter_tip() -> str:
    """The Status filter's tooltip: each choice, as the list offers it, and what it keeps."""
    return "Which cases the list shows:\n" + "\n".join(
        f"{text} – {STATUS_FILTER_MEANINGS[key]}" for text, key in STATUS_FILTERS)


log = logging.getLogger(__name__)


def _status_check(status: str, urgency: Callable[[CaseRow], str]) -> Callable[[CaseRow], bool]:
    if status in ("draft", "open", "completed", "closed", DISCARDED):
        return lambda row: row.status == status
    if status == "not_closed":
        return lambda row: row.status != "closed"
    if status in ("overdue", "due_soon"):
        return lambda row: row.next_deadline is not None and urgency(row) == status
    if status == "blocked":
        return lambda row: bool(row.blocked)
    return lambda _row: True


def row_filter(status: str | None, regime: str | None,
               urgency: Callable[[CaseRow], str]) -> Callable[[CaseRow], bool]:
    """The Status and Regime filters' test of a row, as one small function made for the
    setting chosen (it runs for each of 100,000 rows: one chain of ifs for every setting
    took three times as long)."""
    by_status = _status_check(status, urgency) if status is not None else None
    if regime is None:
        return by_status or (lambda _row: True)
    if by_status is None:
        return lambda row: regime in row.regimes
    return lambda row: regime in row.regimes and by_status(row)


class ElidedLabel(QLabel):
    """A one-line label that a narrow status bar shortens to "Signed in as Zhao…" (the
    whole text in its tooltip) instead of cutting it off at the window's edge; the labels
    that must stay whole (Solo mode) keep their width."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        # As narrow as its first word and "…": the rest of the bar keeps its room.
        hint = super().minimumSizeHint()
        first_word = self.text().split(" ", 1)[0]
        margins = self.contentsMargins()
        width = (self.fontMetrics().horizontalAdvance(first_word + "…")
                 + margins.left() + margins.right())
        return QSize(min(hint.width(), width), hint.height())

    def shown_text(self) -> str:
        """The text as it fits the label's width now."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())

    def paintEvent(self, _event: QPaintEvent) -> None:  # all of it is drawn here
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(),
                                  int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), self.shown_text(),
                                  self.foregroundRole())


# Where QStatusBar draws a passing message's text, and puts its first widget (px, at any
# scale: Qt's own numbers in QStatusBar's messageRect and layout). One copy, for this
# window's bar and for what measures any bar's room (auth.message_room).
MESSAGE_LEFT = 6  # the text's start
MESSAGE_RIGHT_END = 12  # kept free at the bar's far end
MESSAGE_GAP = 2  # kept free before the first permanent widget ("Signed in as …")
STATUS_WIDGET_LEFT = 2


def message_rect(bar: QStatusBar) -> QRect:
    """Where `bar` draws a passing message, as QStatusBar's own messageRect: from
    MESSAGE_LEFT px in up to MESSAGE_GAP px before the first permanent widget, or
    MESSAGE_RIGHT_END px off the far end (the size grip's edge, where it shows); mirrored
    right to left. Asked while a message shows: the bar hides its normal widgets then, so
    the widgets still visible are the permanent ones."""
    children = [w for w in bar.findChildren(
        QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.isVisible() and not w.isWindow()]
    grips = [w for w in children if isinstance(w, QSizeGrip)]
    shown = [w for w in children if not isinstance(w, QSizeGrip)]
    if bar.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        left = grips[0].geometry().right() + 1 if grips else MESSAGE_LEFT
        left = max([left] + [w.geometry().right() + 1 + MESSAGE_GAP for w in shown])
        right = bar.width() - MESSAGE_RIGHT_END
    else:
        left = MESSAGE_LEFT
        right = grips[0].x() if grips else bar.width() - MESSAGE_RIGHT_END
        right = min([right] + [w.x() - MESSAGE_GAP for w in shown])
    return QRect(left, 0, max(right - left, 0), bar.height())


class StatusBar(QStatusBar):
    """The main window's status bar: a passing message wider than the room the permanent
    widgets (the deadlines, the signed-in user) leave it is cut in the middle, the whole
    message on hover. Qt clips it where they start: at 200 % "Restored the backup made 2
    December 2026," lost its time, and "Backed up to …" a long path's file name."""

    def message_rect(self) -> QRect:
        """Where a message is drawn, as Qt places it (message_rect)."""
        return message_rect(self)

    def shown_message(self) -> str:
        """The message as it fits (all of it when it does)."""
        return self.fontMetrics().elidedText(self.currentMessage(), Qt.TextElideMode.ElideMiddle,
                                             self.message_rect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        message = self.currentMessage()
        shown = self.shown_message() if message else message
        if shown == message:
            return  # Qt drew it whole
        area = self.message_rect()
        painter = QPainter(self)
        # Over all of Qt's clipped text (drawn in the same rectangle).
        painter.fillRect(area, self.palette().window())
        painter.setPen(self.palette().windowText().color())
        painter.drawText(area, int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
                                   | Qt.TextFlag.TextSingleLine), shown)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            message = self.currentMessage()
            if message and self.shown_message() != message \
                    and self.message_rect().contains(event.pos()):
                QToolTip.showText(event.globalPos(), message, self)
                return True
        return super().event(event)


@dataclass(frozen=True)
class LoadedList:
    """The case list as the worker prepares it: rows ready for the model, the regimes for
    the regime filter, and the amber limits per calendar."""

    prepared: PreparedRows
    regimes: tuple[str, ...]
    due_soon_cn: str | None
    due_soon_us: str | None
    complete: bool = True
    discarded: bool = False  # the discarded intake drafts were read too
    # The day the amber limits were counted from (the list's red and amber go by it, not
    # by the day the rows happen to arrive on the GUI thread).
    today: date | None = None


def load_list(session: Any, sort_column: int = 0, first: int | None = None,
              discarded: bool = False) -> LoadedList:
    """The list's rows; discarded intake drafts only with `discarded` (the Status filter's
    Intake discarded)."""
    today = date.today()
    with gc_paused():  # 100,000 rows: the collector would otherwise take ~40 % of the time
        rows = list_cases(session, first=first, include_discarded=discarded)
        prepared = prepare_rows(rows, sort_column)
    return LoadedList(
        prepared=prepared,
        regimes=tuple(sorted({r for row in rows for r in row.regimes})),
        due_soon_cn=due_soon_limit(session, "CN", today),
        due_soon_us=due_soon_limit(session, "US", today),
        complete=first is None,
        discarded=discarded,
        today=today,
    )


@dataclass(frozen=True)
class ListPlace:
    """The list's current case, selection and scroll position, by case, kept across a
    reload (the rows may move: a new case, another sort key's value changed)."""

    current: str | None
    column: int
    selected: frozenset[str]
    top: str | None  # the case at the top of the view
    scroll: int  # the scroll bars' values: for a top case no longer shown
    side_scroll: int


class MainWindow(QMainWindow):
    """Signals let other parts (and tests) react when the list has been (re)loaded."""

    cases_loaded = Signal(int)
    first_rows_shown = Signal(int)  # a large list: its first rows, while the rest loads
    case_open_requested = Signal(str)
    # The signed-in user's roles as the database has them now (an Actor), when they differ
    # from what the window went by: an administrator changed them since sign-in.
    roles_changed = Signal(object)

    def __init__(self, runner: TaskRunner, data_dir: DataDir, actor: Actor) -> None:
        super().__init__()
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed window are dropped
        self.data_dir = data_dir
        # Roles can only shrink below those of the sign-in (see services.access), so every
        # re-check starts from the signed-in actor: a role given back counts again.
        self.signed_in_actor = actor
        self.actor = actor
        self.settings = settings_for(data_dir)
        self.setWindowTitle("Approvals")
        self.setObjectName("mainWindow")
        runner.on_unhandled_error = lambda exc, details: show_unexpected(self, exc, details)

        self.model = CaseTableModel(self)
        self.case_views: dict[str, CaseView] = {}
        self._quit_answered = False  # Discard chosen for the case windows' unsaved input
        self.quit_box: QMessageBox | None = None
        self.wizard: IntakeWizard | None = None
        self.dashboard: DeadlinesDashboard | None = None
        self._predicate_key: tuple[Any, Any] | None = None
        self._predicate_fn: Callable[[CaseRow], bool] | None = None
        self._generation = 0
        self._complete_generation = -1
        self._warmed_up = False
        self._loaded_discarded = False  # the rows shown hold the discarded drafts
        self._loaded_rows: list[CaseRow] = []  # every case loaded, the filters aside
        # Read the list again just after midnight: yesterday's amber is today's red, and
        # the amber limits move on by a working day (as the dashboard does).
        self._day_timer = QTimer(self)
        self._day_timer.setSingleShot(True)
        self._day_timer.timeout.connect(self.refresh_if_new_day)
        self._build_case_list()
        self._build_menus()
        self._apply_roles(actor)
        self.roles_changed.connect(self._apply_roles)
        self._build_status_bar()
        self._restore_geometry()
        self.refresh()

    # -- layout -----------------------------------------------------------------------
    def _build_case_list(self) -> None:
        self.filter_edit = text_field(QLineEdit, "caseFilter", "Filter cases",
                                      "Filter cases: reference, company (English or Chinese), investor, regime…")
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self._filter_entered)
        self.filter_edit.setToolTip("Escape clears the filter; Enter or Down goes to the list.")
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.setAccessibleName("Status filter")
        self.status_filter.setToolTip(status_filter_tip())
        for text, key in STATUS_FILTERS:
            self.status_filter.addItem(text, key)
            # Each choice says what it keeps on hover in the open list too.
            self.status_filter.setItemData(self.status_filter.count() - 1,
                                           f"{text} – {STATUS_FILTER_MEANINGS[key]}",
                                           Qt.ItemDataRole.ToolTipRole)
        self.status_filter.currentIndexChanged.connect(lambda _i: self._status_chosen())
        self.regime_filter = QComboBox()
        self.regime_filter.setObjectName("regimeFilter")
        self.regime_filter.setAccessibleName("Regime filter")
        # As the Status filter says what it keeps (the Regime filter said nothing).
        self.regime_filter.setToolTip(
            "The cases that need action under one regime: those it names in the Regimes "
            "needing action column")
        self.regime_filter.addItem("All regimes", "")
        # The regimes arrive with the list, after the first show: sized to them then
        # ("CN-DATA-EXPORT" was cut to "CN-DATA-EX", the width of "All regimes").
        self.regime_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.regime_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())

        self.table = CaseTable()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        self.table.setObjectName("caseTable")
        self.table.setAccessibleName("Cases")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several cases at once (Ctrl/Shift-click, Shift+arrows) for a review pack; opening
        # and the other single-case actions act on the current row.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        # Sideways by the pixel: too narrow for every column at a width that reads (200 %),
        # the list scrolls the few pixels it lacks, not a whole column (Reference) away.
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # (Its titles wrap onto two lines, then are elided: case_list.CaseHeader.)
        # Whole rows are selected: every title went bold (and wider than its column) at
        # once whenever a row was, which told nothing.
        header.setHighlightSections(False)
        # Together with Owner (the stretched last column) within the default 1280 width,
        # so no column starts cut off behind a horizontal scroll bar.
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        # The Chinese name beside the English one, though numbered last (Owner stays last).
        header.moveSection(header.visualIndex(TARGET_ZH_COLUMN),
                           header.visualIndex(TARGET_COLUMN) + 1)
        # Narrower windows narrow the long-text columns, until the officer sizes a column.
        self.fit_columns = True
        self._fitting = False
        self._content_widths: dict[int, int] = {}  # MEASURED_COLUMNS' widest text each
        header.sectionResized.connect(self._section_resized)
        # The sorted column's title has the sort arrow beside it: its least width changes.
        # (Not while the saved state is restored: its widths are the officer's.)
        header.sortIndicatorChanged.connect(
            lambda *_a: None if self._fitting else self._fit_columns())
        self.table.viewport().installEventFilter(self)
        # Which columns show: the header's context menu, and Shift+F10 / Menu in the list.
        self.columns_menu = self._build_columns_menu()
        self._set_hidden(HIDDEN_AT_FIRST)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self.show_columns_menu(header.mapToGlobal(pos)))
        self.model.header_hint = COLUMNS_TIP  # under each column's own tooltip
        self.table.setAccessibleDescription(
            "Enter opens the current case. Shift+F10 or the Menu key chooses the columns shown.")
        self.table.installEventFilter(self)
        # Escape empties the filter, Down goes to the list (as in a search box).
        self.filter_edit.installEventFilter(self)
        # A right-click on a row: Open, Close case…, Reopen case…, Discard draft…, Columns.
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self.show_row_menu)
        # One way in each: the mouse by doubleClicked, Enter by the key filter (eventFilter).
        # Not `activated` as well: a double-click emits both (the case asked to open twice),
        # and on macOS Enter emits neither.
        self.table.doubleClicked.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_count())

        # Filters that hide every case say so, with the way back, instead of an empty table.
        self.no_match = QWidget()
        self.no_match.setObjectName("noMatch")
        self.no_match_label = QLabel()
        self.no_match_label.setWordWrap(True)
        self.clear_filters_button = QPushButton("C&lear filters")
        self.clear_filters_button.setObjectName("clearFiltersButton")
        self.clear_filters_button.clicked.connect(self.clear_filters)
        no_match_row = QHBoxLayout(self.no_match)
        no_match_row.setContentsMargins(0, 0, 0, 0)
        no_match_row.addWidget(self.no_match_label, 1)
        no_match_row.addWidget(self.clear_filters_button)
        self.no_match.setVisible(False)

        list_page = QWidget()
        layout = QVBoxLayout(list_page)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.regime_filter)
        # In a narrow window (or at 200 % on a small screen) the filter kept room for a
        # reference and the lists gave way: it shrank to "Fi…" beside a Status list as
        # wide as its longest choice, and what was typed could not be seen.
        chars = self.filter_edit.fontMetrics().horizontalAdvance("x")
        self.filter_edit.setMinimumWidth(chars * FILTER_MIN_CHARS)
        for combo in (self.status_filter, self.regime_filter):
            combo.setMinimumWidth(chars * COMBO_MIN_CHARS)
        layout.addLayout(filters)
        layout.addWidget(self.no_match)
        layout.addWidget(self.table)

        empty_page = QWidget()
        empty_page.setObjectName("emptyState")
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        title = QLabel("<h2>No cases yet</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = self.empty_hint = ReadableHint(EMPTY_HINT)
        hint.setObjectName("emptyHint")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.create_button = QPushButton("Crea&te a case…")
        self.create_button.setObjectName("createCaseButton")
        self.create_button.clicked.connect(self.new_case)
        self.demo_button = QPushButton("Load &demo cases")
        self.demo_button.setObjectName("loadDemoButton")
        self.demo_button.clicked.connect(self.load_demo_cases)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        empty_layout.addWidget(title)
        empty_layout.addWidget(hint)
        empty_layout.addLayout(buttons)
        empty_layout.addStretch(2)

        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.stack.addWidget(empty_page)
        self.setCentralWidget(self.stack)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            # Every key the platform binds to it (F5 and Ctrl+R for Refresh under a GTK
            # theme, whose first is Ctrl+R: F5, which the guide lists, did nothing).
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        if name:
            action.setObjectName(name)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.setToolTipsVisible(True)  # a greyed-out item says why on hover
        self.new_case_action = self._action(
            "&New case…", self.new_case, QKeySequence.StandardKey.New, "newCaseAction"
        )
        self.import_action = self._action(
            "&Import facts…", self.import_facts, "Ctrl+I", "importFactsAction"
        )
        self.demo_action = self._action("Load &demo cases", self.load_demo_cases, name="demoAction")
        self.file_menu.addActions([self.new_case_action, self.import_action, self.demo_action])
        self.filing_check_action = add_filing_check_action(self)  # File → Check a filing…
        self.file_menu.addSeparator()
        self.file_menu.addAction(
            self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, "quitAction")
        )

        self.case_menu = bar.addMenu("&Case")
        self.open_case_action = self._action("&Open", self.open_selected, name="openCaseAction")
        # Written "Enter" in the menu, as the guide and the other windows say it (the menu
        # said "Return"); both keys open, as in the list itself (_asks_to_open).
        self.open_case_action.setShortcuts([QKeySequence(Qt.Key.Key_Enter),
                                            QKeySequence(Qt.Key.Key_Return)])
        self.open_case_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.case_menu.addAction(self.open_case_action)
        self.particulars_action = add_particulars_defaults_action(self)  # Case → defaults…
        # Close case…, Reopen case…, Discard draft…: greyed out with the reason on hover.
        self.case_menu.setToolTipsVisible(True)
        self.lifecycle = CaseLifecycleActions(self, self.tasks, self._current_case)
        self.lifecycle.add_to(self.case_menu)
        self.owner_change = ChangeOwnerAction(self, self.tasks, self._current_case)
        self.case_menu.addAction(self.owner_change.action)
        self.case_menu.aboutToShow.connect(self._update_case_actions)
        self.table.selectionModel().currentChanged.connect(
            lambda *_a: self._update_case_actions(read=False))
        self.roles_changed.connect(lambda _actor: self._update_case_actions(read=False))
        self.dashboard_action = self._action(
            "&Deadlines dashboard", self.show_dashboard, "Ctrl+D", "dashboardAction"
        )

        self.view_menu = bar.addMenu("&View")
        self.refresh_action = self._action(
            "&Refresh", self.refresh, QKeySequence.StandardKey.Refresh, "refreshAction"
        )
        self.find_action = self._action(
            "&Find case", self.filter_edit.setFocus, QKeySequence.StandardKey.Find, "findAction"
        )
        self.view_menu.addActions([self.refresh_action, self.find_action, self.dashboard_action])
        self.calendars_action = add_calendar_action(self)  # View → Holiday calendars…
        self.audit_trail_action = add_audit_trail_action(self)  # View → Audit trail
        self.audit_verify_action = add_audit_verify_action(self)  # View → Verify audit trail
        self.rulebook_action = add_rulebook_action(self)  # View → Rulebook
        self.open_cases_check_action = add_open_cases_check_action(self)  # Check open cases…
        self.view_menu.addSeparator()
        self.view_menu.addMenu(self.columns_menu)  # the case list's columns, as in its header

        self.help_menu = bar.addMenu("&Help")
        self.log_folder_action = add_log_folder_action(self)  # Help → Open log folder
        self.help_menu.addAction(self._action("&About Approvals", self.show_about, name="aboutAction"))
        # Help → User guide (F1 opens it at the case list's section), Keyboard shortcuts.
        add_help_actions(self, self.help_section)

    def help_section(self) -> str:
        """The user guide's section F1 opens here: the case list's (its columns, filters
        and colours), or Getting started while there is no case yet (the top of the guide
        is the installation commands, which no officer at this window needs)."""
        return GETTING_STARTED if self.stack.currentIndex() == 1 else CASE_LIST_SECTION

    def _apply_roles(self, actor: Actor) -> None:
        """New case, Import facts and the demo cases need the role that creates cases:
        greyed out with the reason for others, rather than refused after the typing."""
        why = refusal(actor, "case.create")
        for action in (self.new_case_action, self.import_action, self.demo_action):
            action.setEnabled(not why)
            action.setToolTip(why)  # shown by the File menu only when set
            action.setStatusTip(why)
        for button in (self.create_button, self.demo_button):
            set_available(button, why)
        self.empty_hint.setText((EMPTY_HINT_READER if why else EMPTY_HINT)
                                + (EMPTY_HINT_REVIEWER if "reviewer" in actor.roles else ""))

    def _build_status_bar(self) -> None:
        self.setStatusBar(StatusBar(self))  # long messages cut in the middle, not clipped
        self.count_label = QLabel()
        # Its text starts where a passing message's does (6 px in, as Qt draws messages):
        # the bar puts its first widget 2 px in, and the count jumped left and right as
        # messages came and went (4 px against 12 px at 200 %).
        self.count_label.setContentsMargins(MESSAGE_LEFT - STATUS_WIDGET_LEFT, 0, 0, 0)
        # The user name too: the audit trail records people by it ("zhaolei"), and the
        # Owner column's tooltip and the track history give it beside the full name.
        name, user = self.actor.display_name, self.actor.username
        # Elided in a narrow window (at 200 % a laptop's screen is one): the part that
        # gives way, so the deadlines and Solo mode beside it stay whole.
        self.user_label = ElidedLabel(
            f"Signed in as {name} ({user})" if name and name != user else f"Signed in as {user}")
        self.user_label.setObjectName("signedInLabel")
        self.busy_label = QLabel()
        self.statusBar().addWidget(self.count_label)
        # Permanent: a passing message ("Created case …") does not hide the deadlines.
        self.statusBar().addPermanentWidget(self._build_deadline_summary())
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.user_label)
        # Shown only once work has lasted a moment: quick reads (the session check every
        # few seconds, a list refresh) would otherwise make the status bar flicker.
        self.busy_delay = QTimer(self)
        self.busy_delay.setSingleShot(True)
        # "Working…" only for work that lasts as long as a progress window waits for.
        self.busy_delay.setInterval(SHOW_AFTER_MS)
        self.busy_delay.timeout.connect(lambda: self.busy_label.setText("Working…"))
        self.runner.busy_changed.connect(self._busy_changed)  # a method: dropped on close

    def _build_deadline_summary(self) -> QWidget:
        """"2 cases overdue · 5 cases due within 3 working days": each part a button that
        shows those cases (the Status filter's Overdue, Due within 3 working days); hidden
        when none."""
        box = self.deadline_summary = QWidget()
        box.setObjectName("deadlineSummary")
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.urgent_buttons: dict[str, QPushButton] = {}
        for key, name in (("overdue", "overdueButton"), ("due_soon", "dueSoonButton")):
            button = QPushButton()
            button.setObjectName(name)
            font = button.font()
            font.setBold(True)  # as in the list: not colour alone
            button.setFont(font)
            button.clicked.connect(lambda _checked=False, k=key: self.show_urgent(k))
            button.setVisible(False)
            self.urgent_buttons[key] = button
        # Link-like (a status, not a command bar), yet a Tab stop with a visible focus:
        # a flat button shows none.
        box.setStyleSheet(
            "QPushButton { border: 2px solid transparent; border-radius: 3px;"
            " padding: 0px 3px; background: transparent; }"
            " QPushButton:hover { text-decoration: underline; }"
            " QPushButton:focus { border-color: palette(highlight); }")
        self.summary_separator = QLabel("·")
        row.addWidget(self.urgent_buttons["overdue"])
        row.addWidget(self.summary_separator)
        row.addWidget(self.urgent_buttons["due_soon"])
        self.urgent_counts = UrgentCounts()
        self._colour_summary()
        # As tall with its buttons hidden as shown: a status bar whose height changes lays
        # its widgets out again and re-shows the count a passing message covers
        # ("Loaded 14 demo cases" drawn over "14 cases").
        box.setMinimumHeight(max(b.minimumSizeHint().height() for b in self.urgent_buttons.values()))
        box.setVisible(False)
        return box

    def _colour_summary(self) -> None:
        """The list's red and amber, chosen for the palette in use."""
        for key, colour in (("overdue", overdue_colour()), ("due_soon", due_soon_colour())):
            button = self.urgent_buttons[key]
            palette = button.palette()
            palette.setColor(QPalette.ColorRole.ButtonText, colour)
            button.setPalette(palette)

    def _show_urgent_counts(self, counts: UrgentCounts, generation: int) -> None:
        if generation != self._generation:
            return  # a newer list is on its way, with its own counts
        self.urgent_counts = counts
        # Each with its Alt key (Alt+O, Alt+W), as every button has one: from anywhere in
        # the window, the overdue cases in one key.
        parts = {"overdue": (counts.overdue, "&overdue", "has passed"),
                 "due_soon": (counts.due_soon, "due &within 3 working days",
                              "falls within the next 3 working days")}
        for key, (n, words, when) in parts.items():
            button = self.urgent_buttons[key]
            # Cases, said: the dashboard counts tracks and conditions, one case has several.
            button.setText(f"{counted(n, 'case')} {words}")
            said = words.replace("&", "")
            button.setAccessibleName(f"{counted(n, 'case')} {said}: show them")
            button.setToolTip(f"Show only the {counted(n, 'case')} whose next deadline {when} "
                              f"(the Status filter: {self._status_text(key)}; "
                              f"Alt+{words[words.index('&') + 1].upper()})")
            button.setVisible(n > 0)
        self.summary_separator.setVisible(counts.overdue > 0 and counts.due_soon > 0)
        self.deadline_summary.setVisible(counts.overdue > 0 or counts.due_soon > 0)

    @staticmethod
    def _status_text(key: str) -> str:
        return next(text for text, k in STATUS_FILTERS if k == key)

    def show_urgent(self, key: str) -> None:
        """A count in the status bar clicked: the list shows just those cases (the Status
        filter set to them, the other filters cleared so the count and the list agree),
        and the list takes the focus for the arrows and Enter."""
        for combo, index in ((self.regime_filter, 0),
                             (self.status_filter, self.status_filter.findData(key))):
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        self.filter_edit.clear()
        self._filter_timer.stop()
        self.apply_filter()
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.selectRow(0)

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self.busy_delay.start()
        else:
            self.busy_delay.stop()
            self.busy_label.setText("")

    # -- geometry ---------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        if not restore_geometry(self, self.settings, "main_window/geometry"):
            resize_to_screen(self, 1280, 780)
        header = self.table.horizontalHeader()
        state = self.settings.value("main_window/case_table")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self._fitting = True  # the saved widths are not a drag
            try:
                header.restoreState(state)
                # A state saved before Target (Chinese) existed puts it last: after Target.
                header.moveSection(header.visualIndex(TARGET_ZH_COLUMN),
                                   header.visualIndex(TARGET_COLUMN) + 1)
                # And its column 7 was Owner: a list sorted by Owner stays so.
                if (self.settings.value(HIDDEN_KEY) is None
                        and header.sortIndicatorSection() == TARGET_ZH_COLUMN):
                    header.setSortIndicator(OWNER_COLUMN, header.sortIndicatorOrder())
            finally:
                self._fitting = False
            # Widths the officer chose stay; those the window fitted go on fitting.
            self.fit_columns = self.settings.value("main_window/case_table_fitted", "true") \
                in (True, "true")
        # By title, not the header's state alone: a column added later starts as it should.
        hidden = self.settings.value(HIDDEN_KEY)
        titles = [c.title for c in COLUMNS]
        self._set_hidden(HIDDEN_AT_FIRST if hidden is None else
                         [titles.index(t) for t in str(hidden).split(";") if t in titles])

    # -- the columns shown ------------------------------------------------------------
    def _build_columns_menu(self) -> QMenu:
        """One checkable entry per column, in the order shown; Reference cannot be hidden.
        Kept as `columns_menu`, so a View menu can hold it too."""
        menu = QMenu("&Columns", self)
        menu.setObjectName("caseColumnsMenu")
        menu.setAccessibleName("Columns shown in the case list")
        menu.setToolTipsVisible(True)
        header = self.table.horizontalHeader()
        self.column_actions: dict[int, QAction] = {}
        for visual in range(header.count()):
            column = header.logicalIndex(visual)
            action = menu.addAction(COLUMN_MENU_TEXTS.get(column, COLUMNS[column].title))
            action.setObjectName(f"caseColumn{column}")
            action.setCheckable(True)
            action.setChecked(True)
            if column in ALWAYS_SHOWN:
                action.setEnabled(False)
                action.setToolTip("Always shown: it names the case")
            action.toggled.connect(lambda shown, c=column: self.set_column_shown(c, shown))
            self.column_actions[column] = action
        return menu

    def show_columns_menu(self, at: QPoint | None = None) -> QMenu:
        """The column chooser, at `at` (global) or under the current column's header."""
        if at is None:
            header = self.table.horizontalHeader()
            column = self.table.currentIndex().column()
            x = header.sectionViewportPosition(column) if column >= 0 else 0
            at = header.mapToGlobal(QPoint(max(x, 0), header.height()))
        self.columns_menu.popup(at)
        return self.columns_menu

    def hidden_columns(self) -> list[int]:
        header = self.table.horizontalHeader()
        return [c for c in range(header.count()) if header.isSectionHidden(c)]

    def set_column_shown(self, column: int, shown: bool) -> None:
        """Show or hide a column of the list (remembered), the others fitted again."""
        header = self.table.horizontalHeader()
        if column in ALWAYS_SHOWN or header.isSectionHidden(column) != shown:
            return
        self._set_hidden([c for c in self.hidden_columns() if c != column]
                         + ([] if shown else [column]))
        if shown and self.fit_columns:
            self._fitting = True
            try:
                header.resizeSection(column, COLUMN_WIDTHS.get(column, header.defaultSectionSize()))
            finally:
                self._fitting = False
        self._fit_columns()
        self.settings.setValue(HIDDEN_KEY, ";".join(
            COLUMNS[c].title for c in self.hidden_columns()))

    def _set_hidden(self, hidden: Collection[int]) -> None:
        """Hide exactly the columns in `hidden`; the menu's ticks follow. Hiding resizes a
        section, which is not the officer's doing."""
        header = self.table.horizontalHeader()
        self._fitting = True
        try:
            for column in range(header.count()):
                hide = column in hidden and column not in ALWAYS_SHOWN
                if header.isSectionHidden(column) != hide:
                    header.setSectionHidden(column, hide)
                action = self.column_actions.get(column)
                if action is not None and action.isChecked() == hide:
                    action.blockSignals(True)
                    action.setChecked(not hide)
                    action.blockSignals(False)
        finally:
            self._fitting = False

    def _stretched_column(self) -> int:
        """The last column shown: the header stretches it to the list's edge."""
        header = self.table.horizontalHeader()
        for visual in range(header.count() - 1, -1, -1):
            column = header.logicalIndex(visual)
            if not header.isSectionHidden(column):
                return column
        return REFERENCE_COLUMN

    def _section_resized(self, column: int, old: int, new: int) -> None:
        # A hidden column goes to 0 and back (Qt says so later, on the next layout): that
        # is choosing columns, not sizing one.
        if self._fitting or 0 in (old, new) or column == self._stretched_column():
            return
        self.fit_columns = False  # the officer dragged a column: theirs from now on

    def _fit_columns(self) -> None:
        """Shrink the long-text columns shown (Target, Investor, Regimes, Target (Chinese);
        down to NARROWEST) so the columns fit the list's width, and give them back their
        widths when there is room again. Narrower still (200 %), the least telling ones
        squeeze further, Status too, so Target reads up to TARGET_READABLE."""
        if not self.fit_columns:
            return
        header = self._header()
        last = self._stretched_column()
        shown = [c for c in COLUMN_WIDTHS if c != last and not header.isSectionHidden(c)]
        # The stretched last column (Owner) never gets narrower than a default section
        # (Next deadline, when Owner is hidden, than its date).
        date_width = header.fontMetrics().horizontalAdvance("2026-12-31") + 24
        owner = max(header.fontMetrics().horizontalAdvance(COLUMNS[last].title) + 40,
                    header.defaultSectionSize(), date_width if last == DEADLINE_COLUMN else 0)
        narrowing = [c for c in NARROWING_COLUMNS if c in shown]
        wanted = dict(COLUMN_WIDTHS)
        for column in narrowing:  # never less than its title on two lines (a larger font)
            wanted[column] = max(wanted[column], header.title_least(column))
        # Reference's title and its sort arrow whole (a larger font, as some desktops
        # scale by, cut "Reference" to "Refe…").
        wanted[REFERENCE_COLUMN] = max(COLUMN_WIDTHS[REFERENCE_COLUMN],
                                       header.title_least(REFERENCE_COLUMN))
        # A blocked case's Status ("Draft (blocked: prohibited by screening)", bold) is
        # read whole: Status takes that room from the narrowing columns, down to their
        # titles; with less room it says "Draft (blocked)" before a title is cut (at 150 %
        # it kept 250 pixels while Target, Investor and "Regimes ne…" were cut to 90).
        wanted[STATUS_COLUMN] = max(COLUMN_WIDTHS[STATUS_COLUMN], self._blocked_status_width())
        status_least = max(COLUMN_WIDTHS[STATUS_COLUMN], self._blocked_status_width(short=True))
        # Next deadline as wide as its dates (and its title): with no deadline in the list
        # it kept 175 pixels of blank cells at 150 % while the names were cut.
        deadline_least = wanted[DEADLINE_COLUMN] = min(COLUMN_WIDTHS[DEADLINE_COLUMN],
                                                       self._deadline_width())
        # Amount no wider than its widest amount (or its title) needs.
        if AMOUNT_COLUMN in self.model.longest:
            wanted[AMOUNT_COLUMN] = min(COLUMN_WIDTHS[AMOUNT_COLUMN], max(
                self._content_widths.get(AMOUNT_COLUMN, 0), header.title_least(AMOUNT_COLUMN)))
        if DEADLINE_COLUMN in shown and self.model.longest.get(DEADLINE_COLUMN):
            # "(est.)" for "(estimated)" before a title is cut (case_list.short_deadline).
            deadline_least = max(self._deadline_width(short=True), min(
                date_width, wanted[DEADLINE_COLUMN]))
        fixed = sum(wanted[c] for c in shown if c not in narrowing)
        room = self.table.viewport().width() - fixed - owner
        cut_status = cut_deadline = 0  # what they give before the titles are cut
        # Each gives way down to NARROWEST, or to its title's width on one line when that
        # is wider ("Regimes needing action" was cut to "egimes needing actio"), in
        # proportion to what it has to give; Target only once the others have given
        # theirs: the company's name is what a row is read by (at 1280 pixels a blocked
        # case's Status took its room, and the names were cut while Investor kept most of
        # its own).
        titles = header.fontMetrics()
        least = {c: min(wanted[c], max(NARROWEST, header.title_least(c, wrapped=False),
                                       titles.horizontalAdvance(COLUMNS[c].title) + 16))
                 for c in narrowing}
        widths = {c: wanted[c] for c in narrowing}
        over = sum(widths.values()) - room
        # Target keeps TARGET_READABLE (or its longest name's width) while the others'
        # titles give way: at 1280 with Target (Chinese) shown it was cut to "Zhiyuan …"
        # while Regimes and Target (Chinese) kept their whole titles.
        readable = dict(least)
        if TARGET_COLUMN in least:
            name = self._content_widths.get(TARGET_COLUMN) or wanted[TARGET_COLUMN]
            readable[TARGET_COLUMN] = min(wanted[TARGET_COLUMN], max(
                least[TARGET_COLUMN], min(TARGET_READABLE, name)))
        for tier in ([c for c in narrowing if c != TARGET_COLUMN],
                     [c for c in narrowing if c == TARGET_COLUMN]):
            give = sum(widths[c] - readable[c] for c in tier)
            if over > 0 and give > 0:
                share = min(1.0, over / give)
                for column in tier:
                    cut = min(widths[column] - readable[column],
                              math.ceil((widths[column] - readable[column]) * share))
                    widths[column] -= cut
                    over -= cut
        # Still short with those at their narrowest: Status gives up its blocked room (the
        # tooltip has the whole text), then Next deadline says "(est.)", rather than a
        # title being cut; never less than the date itself.
        short = max(0, sum(widths.values()) - room)
        if short and DEADLINE_COLUMN in shown:
            cut_deadline = min(short, max(0, wanted[DEADLINE_COLUMN] - deadline_least))
            room += cut_deadline
            short -= cut_deadline
        if short and STATUS_COLUMN in shown:
            cut_status = min(short, max(0, wanted[STATUS_COLUMN] - status_least))
            room += cut_status
            short -= cut_status
        # Still short: the titles give way too, down to NARROWEST, a title of two words
        # onto two lines (CaseHeader) rather than elided ("Regimes ne…" at 150 %), before
        # Status and Next deadline do; the others' first, then Target's readable room and
        # its title.
        floor = {c: max(NARROWEST, header.title_least(c)) for c in narrowing}
        for tier in ([c for c in narrowing if c != TARGET_COLUMN],
                     [c for c in narrowing if c == TARGET_COLUMN]):
            title_room = sum(widths[c] - floor[c] for c in tier if widths[c] > floor[c])
            if short and title_room:
                share = min(1.0, short / title_room)
                for column in tier:
                    if widths[column] > floor[column]:
                        widths[column] -= int((widths[column] - floor[column]) * share + 0.999)
                short = max(0, sum(widths.values()) - room)
        if STATUS_COLUMN in shown:
            widths[STATUS_COLUMN] = max(COLUMN_WIDTHS[STATUS_COLUMN],
                                        wanted[STATUS_COLUMN] - cut_status - short)
            short = max(0, short - (wanted[STATUS_COLUMN] - cut_status - widths[STATUS_COLUMN]))
        if DEADLINE_COLUMN in shown:
            widths[DEADLINE_COLUMN] = max(min(date_width, deadline_least),
                                          wanted[DEADLINE_COLUMN] - cut_deadline - short)
        if AMOUNT_COLUMN in shown:
            widths[AMOUNT_COLUMN] = wanted[AMOUNT_COLUMN]
        if last != REFERENCE_COLUMN:
            widths[REFERENCE_COLUMN] = wanted[REFERENCE_COLUMN]
        # The stretched column's least width too: the header keeps the width a column
        # had when it became the last shown as the least it stretches to.
        widths[last] = owner
        # Still short (a laptop screen at 200 %, or 150 % with Target (Chinese) shown): the
        # columns that say least about where a case stands give way further, down to
        # their SQUEEZED_TEXTS ("Alleg…", the whole text on hover), so Reference, Target,
        # Status and Next deadline stay in sight; beyond that the list scrolls sideways.
        total = sum(widths.get(c, wanted[c]) for c in shown) + owner
        short = total - self.table.viewport().width()
        squeezing = {c: widths.get(c, wanted.get(c, owner)) for c in SQUEEZING_COLUMNS
                     if c == last or c in shown}
        # (The short title "Regimes" only when short: not for Target's room alone.)
        least = {c: self.squeezed_width(c, short=short > 0) for c in squeezing}
        target_more = deadline_more = 0
        if DEADLINE_COLUMN in shown:
            # Next deadline's "2027-04-14 (est.)" whole from the same room, Status's spare
            # above its common words included: at 150 % on a laptop it read "2027-04-14 …"
            # at its date's width while Status kept 140 pixels for "Acknowledged".
            deadline_more = max(0, deadline_least - widths[DEADLINE_COLUMN])
        if TARGET_COLUMN in shown:
            # Target's share of the squeezed room, up to TARGET_READABLE (or its longest
            # name, when shorter): also when the others fit, else at 150 % on a laptop it
            # read "Zhiyuan …" while Amount kept "USD 150,000,000" whole and Owner 100
            # pixels for "cli:root". Status gives way too when short, down to its common
            # words (a blocked case's "Draft (blocked)" is kept while the others fit).
            name = self._content_widths.get(TARGET_COLUMN) or wanted[TARGET_COLUMN]
            target_more = max(0, min(TARGET_READABLE, name) - widths[TARGET_COLUMN])
        if STATUS_COLUMN in shown and (short > 0 or deadline_more):  # (not the last column)
            squeezing[STATUS_COLUMN] = widths[STATUS_COLUMN]
            status_words = self._status_word_width()
            if short <= 0:  # for Next deadline alone: "Draft (blocked)" kept whole
                status_words = max(status_words, self._blocked_status_width(short=True))
            least[STATUS_COLUMN] = min(widths[STATUS_COLUMN], status_words)
        room = sum(max(0, w - least[c]) for c, w in squeezing.items())
        # (short < 0: room to spare, Target's and Next deadline's first)
        need = min(room, short + target_more + deadline_more)
        if need > 0:
            share = need / room
            for column, width in squeezing.items():
                widths[column] = width - int(max(0, width - least[column]) * share + 0.999)
            # What the squeeze freed beyond the shortfall (their shares, and what rounding
            # each cut up freed) goes to Target up to its readable width, then to Next
            # deadline, the rest to Target.
            spare = max(0, self.table.viewport().width() - widths[last] - sum(
                widths.get(c, wanted[c]) for c in shown))
            more = min(spare, target_more) if target_more else 0
            if deadline_more:
                widths[DEADLINE_COLUMN] += min(spare - more, deadline_more)
                spare -= min(spare - more, deadline_more)
            if TARGET_COLUMN in shown:
                widths[TARGET_COLUMN] += spare
        if DEADLINE_COLUMN in shown and self.model.longest.get(DEADLINE_COLUMN):
            # Next deadline's "2027-04-14 (est.)" whole before Target's room above NARROWEST
            # and Reference's above its references: at 175 % Target kept 125 pixels while
            # the cell read "2027-04-1…". With no more room than that (200 % with every
            # column shown) its date whole with "≈" (the title's width at least), even if
            # the list then scrolls sideways.
            missing = self._deadline_width(short=True) - widths[DEADLINE_COLUMN]
            givers = [(TARGET_COLUMN, max(NARROWEST, header.title_least(TARGET_COLUMN)))]
            if last != REFERENCE_COLUMN:
                givers.append((REFERENCE_COLUMN, self._reference_width()))
            for column, least_width in givers:
                if missing > 0 and column in widths:
                    give = min(missing, max(0, widths[column] - least_width))
                    widths[column] -= give
                    widths[DEADLINE_COLUMN] += give
                    missing -= give
            widths[DEADLINE_COLUMN] = max(widths[DEADLINE_COLUMN],
                                          self._deadline_width(least=True))
        # Room to spare (a wider window): to the texts cut short, Target's first, rather
        # than all of it to the stretched last column (Owner took 600 pixels at 1920
        # while the names were cut at 240).
        extra = self.table.viewport().width() - owner - sum(
            widths.get(c, wanted[c]) for c in shown)
        for column in MEASURED_COLUMNS:
            if extra <= 0:
                break
            if column in shown:
                more = min(extra, self._content_widths.get(column, 0)
                           - widths.get(column, wanted[column]))
                if more > 0:
                    widths[column] = widths.get(column, wanted[column]) + more
                    extra -= more
        # Then Next deadline's "(estimated)" whole, a blocked Status's reason, and Amount
        # and Next deadline their usual widths (the rest went to Owner, 600 pixels at 1920).
        for column, whole in ((DEADLINE_COLUMN, wanted[DEADLINE_COLUMN]),
                              (STATUS_COLUMN, self._blocked_status_width()),
                              (AMOUNT_COLUMN, COLUMN_WIDTHS[AMOUNT_COLUMN]),
                              (DEADLINE_COLUMN, COLUMN_WIDTHS[DEADLINE_COLUMN])):
            if extra > 0 and column in shown and whole > widths.get(column, wanted[column]):
                more = min(extra, whole - widths.get(column, wanted[column]))
                widths[column] = widths.get(column, wanted[column]) + more
                extra -= more
        self._fitting = True
        try:
            for column, width in widths.items():
                header.resizeSection(column, width)
        finally:
            self._fitting = False

    def squeezed_width(self, column: int, *, short: bool = True) -> int:
        """The least width a squeezing column gives way to: its SQUEEZED_TEXTS whole, and
        its title (on two lines when it has a space, or its short title "Regimes"): at
        200 % "Investor" read "Inves…"."""
        return max(self.table.fontMetrics().horizontalAdvance(SQUEEZED_TEXTS[column])
                   + CELL_MARGIN, self._header().title_least(column, short=short))

    def _reference_width(self) -> int:
        """The least width Reference gives way to: its references ("AP-2026-0001", all of
        one width) and its title whole."""
        return max(self.table.fontMetrics().horizontalAdvance(SAMPLE_REFERENCE) + CELL_MARGIN,
                   self._header().title_least(REFERENCE_COLUMN, wrapped=False))

    def _header(self) -> CaseHeader:
        header = self.table.horizontalHeader()
        assert isinstance(header, CaseHeader)  # the CaseTable's own
        return header

    def _status_word_width(self) -> int:
        """The least width Status gives way to when squeezed: its common words whole."""
        metrics = self.table.fontMetrics()
        return max(metrics.horizontalAdvance(STATUS_WORD),
                   self.table.horizontalHeader().fontMetrics().horizontalAdvance(
                       COLUMNS[STATUS_COLUMN].title)) + CELL_MARGIN

    def _blocked_status_width(self, *, short: bool = False) -> int:
        """The width the widest blocked Status text needs in its bold font (0 if none);
        `short`: as "Draft (blocked)" (case_list.short_blocked_status)."""
        if not self.model.blocked_statuses:
            return 0
        metrics = self._bold_metrics()
        texts = self.model.blocked_statuses
        if short:
            # "Draft (blocked)": fitting any text but the whole (never fitting, it measured
            # "Blocked").
            texts = frozenset(short_blocked_status(t, lambda s: " (blocked: " not in s)
                              for t in texts)
        # The cell's margins and the header's sort arrow, as the other widths allow.
        return max(metrics.horizontalAdvance(t) for t in texts) + 16

    def _bold_metrics(self) -> QFontMetrics:
        bold = QFont(self.table.font())
        bold.setBold(True)
        return QFontMetrics(bold)

    def _deadline_width(self, *, short: bool = False, least: bool = False) -> int:
        """Next deadline as wide as its title (with the sort arrow) and its dates, in bold
        (an overdue or a near one is): "(est.)" for "(estimated)" when `short`, "≈" before
        the date when `least` (case_list.short_deadline)."""
        title = (self.table.horizontalHeader().fontMetrics().horizontalAdvance(
            COLUMNS[DEADLINE_COLUMN].title) + 2 * CELL_MARGIN)
        texts = self.model.longest.get(DEADLINE_COLUMN, [])
        if short:
            texts = [short_deadline(t, lambda t: not t.endswith(ESTIMATED)) for t in texts]
        if least:  # (the title on two lines, as CaseHeader draws it when narrow)
            texts = [short_deadline(t, lambda _t: False) for t in texts]
            title = self._header().title_least(DEADLINE_COLUMN)
        metrics = self._bold_metrics()
        return max([title] + [metrics.horizontalAdvance(t) + CELL_MARGIN for t in texts])

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        # The list's own width, once laid out (the window's lags behind on the first show).
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        elif watched is self.table and self._asks_for_menu(event):
            self.show_columns_menu()  # Shift+F10 or the Menu key: the column chooser
            return True
        elif watched is self.table and self._asks_to_open(event):
            self._open_index(self.table.currentIndex())  # the current row, not every selected
            return True
        elif (watched is self.filter_edit and event.type() == QEvent.Type.KeyPress
              and isinstance(event, QKeyEvent)):
            if event.key() == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                self._filter_timer.stop()
                self.apply_filter()
                return True
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # macOS arrows
            if event.key() == Qt.Key.Key_Down and plain:
                self._filter_timer.stop()
                self.apply_filter()
                if self.model.rowCount():
                    self.table.setFocus()
                    if not self.table.currentIndex().isValid():
                        self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _asks_for_menu(event: QEvent) -> bool:
        """The Menu key or Shift+F10 (which not every platform turns into a context-menu
        event), or a context-menu event the keyboard made."""
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            return event.reason() == QContextMenuEvent.Reason.Keyboard
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return ((event.key() == Qt.Key.Key_Menu and not modifiers)
                or (event.key() == Qt.Key.Key_F10
                    and modifiers == Qt.KeyboardModifier.ShiftModifier))

    @staticmethod
    def _asks_to_open(event: QEvent) -> bool:
        """Return or the keypad's Enter, unmodified (Ctrl+Enter and the like stay the
        list's own)."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not modifiers

    def closeEvent(self, event: Any) -> None:
        # Quit with a comment half-typed in a case window asks first, as Sign out does (not
        # once signed out: the windows were hidden, and nobody is there to answer).
        signed_out = getattr(getattr(self, "user_features", None), "signed_out", False)
        unsaved = [f"• {item}" for view in self.case_views.values() if view.isVisible()
                   for item in view.unsaved_input()]
        # And an open dialog holding a change not saved (Security settings), named as
        # Sign out names it.
        unsaved += unsaved_lines(w for w in QApplication.topLevelWidgets()
                                 if isinstance(w, QDialog))
        # And work that writes, still running (a review pack, a backup, a CSV export): a
        # quit stops it and keeps nothing of it.
        working = work_lines(QApplication.topLevelWidgets())
        unsaved += working
        if unsaved and self.isVisible() and not signed_out and not self._quit_answered:
            event.ignore()
            self.quit_box = ask_to_discard(
                self, "Quit", "Quit and discard what is not saved yet?\n\n"
                + "\n".join(unsaved)
                + (f"\n\n{work_footer(QApplication.topLevelWidgets(), 'Quitting')}"
                   if working else "")
                + "\n\nCancel keeps the app open, to save it first.",
                "quitDiscardQuestion", self._quit_discarding)
            return
        for view in list(self.case_views.values()):  # case windows have no parent
            view.close_without_asking()
        # Nor do review-mode windows: left open, they kept the app running after Quit and
        # showed the last user's packs after Sign out.
        review = getattr(self, "review_features", None)
        for window in list(getattr(review, "review_windows", {}).values()):
            window.close()
        save_geometry(self, self.settings, "main_window/geometry")
        self.settings.setValue("main_window/case_table", self.table.horizontalHeader().saveState())
        self.settings.setValue("main_window/case_table_fitted", self.fit_columns)
        self.settings.setValue(HIDDEN_KEY, ";".join(
            COLUMNS[c].title for c in self.hidden_columns()))
        self.settings.sync()
        super().closeEvent(event)

    def _quit_discarding(self) -> None:
        self._quit_answered = True
        stop_work_under_way(QApplication.topLevelWidgets())  # as the question said
        self.close()

    # -- case list --------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the list off the GUI thread. On the first load the first rows come in a
        quick separate read, so a large list shows at once and the rest follows."""
        column = self.table.horizontalHeader().sortIndicatorSection()
        column = column if 0 <= column < self.model.columnCount() else 0
        self._generation += 1
        generation = self._generation
        # An open dashboard follows too (a track step, a restore, new cases), not only F5.
        if self.dashboard is not None and self.dashboard.isVisible():
            self.dashboard.reload()
        if generation > 1:  # the first load goes by the sign-in, which is current
            self.check_roles()
        discarded = self.status_filter.currentData() == DISCARDED
        if self.model.total == 0 and column == 0:
            self.tasks.read(lambda session: load_list(session, column, FIRST_ROWS, discarded),
                             lambda loaded: self._show_cases(loaded, generation),
                             self._load_failed)
        self.tasks.read(lambda session: load_list(session, column, discarded=discarded),
                         lambda loaded: self._show_cases(loaded, generation),
                         self._load_failed)

    def check_roles(self) -> None:
        """Read the signed-in user's roles as they are now, off the GUI thread; when an
        administrator changed them, the window and its case views follow (roles_changed).
        A deactivated account signs out (the runner's account_revoked)."""
        signed_in = self.signed_in_actor
        self.tasks.read(lambda session: current_actor(session, signed_in), self._roles_read,
                        lambda exc: log.info("roles not re-checked: %s", exc))

    def _roles_read(self, fresh: Actor) -> None:
        if fresh.roles == self.actor.roles:
            return
        self.actor = fresh
        self.roles_changed.emit(fresh)
        for view in list(self.case_views.values()):
            view.reload()  # re-checks too, and greys out what the new roles may not do

    def follow_roles(self, actor: Actor) -> None:
        """The session now holds `actor.roles` (the session watch, ui.auth.UserFeatures),
        granted ones included: later re-checks, this window and its case views go by them."""
        self.signed_in_actor = actor
        for view in list(self.case_views.values()):
            view.signed_in_actor = actor
        self._roles_read(actor)

    def changeEvent(self, event: QEvent) -> None:
        # Back to the window (from another, or another program): the roles may have changed.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_roles()
            self.refresh_if_new_day()  # a timer does not run while the computer sleeps
        redraw_on_palette_change(self, event, self._colour_summary)
        super().changeEvent(event)

    def refresh_if_new_day(self) -> None:
        """Read the list again when the day has changed since its colours were worked out
        (at midnight, or on coming back to the window after the computer slept): the
        Next deadline's red and amber, the Overdue and Due within 3 working days filters
        and the status bar's counts then go by today."""
        if self._complete_generation < 0:  # not loaded yet: the first load is today's
            return
        if self.model.today == date.today():  # the timer early (a clock change): wait again
            if not self._day_timer.isActive():
                self._day_timer.start(until_next_day(datetime.now()))
            return
        self.refresh()

    def _show_cases(self, loaded: LoadedList, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return  # a newer refresh is on its way
        if not loaded.complete and self._complete_generation == self._generation:
            return  # the full list arrived first
        if loaded.complete:
            self._complete_generation = self._generation
        elif len(loaded.prepared.rows) < FIRST_ROWS:
            return  # a small list: the full read is as quick, wait for it
        self.model.due_soon_cn, self.model.due_soon_us = loaded.due_soon_cn, loaded.due_soon_us
        self.model.today = loaded.today or date.today()
        self._day_timer.start(until_next_day(datetime.now()))
        self._update_regimes(loaded.regimes)
        self._loaded_discarded = loaded.discarded
        self._loaded_rows = loaded.prepared.rows
        place = self._place()
        previous = self.model.rows_and_orders()  # the orders still good carry over
        self.model.set_rows(loaded.prepared)
        self._return_to(place)
        # The long texts' widths, measured once per load (the window fits at every resize).
        metrics = self.table.fontMetrics()
        self._content_widths = {column: widest_text(metrics, texts) + CELL_MARGIN
                                for column, texts in self.model.longest.items()}
        self._fit_columns()  # a blocked case's Status may want more room
        rows = loaded.prepared.rows
        self.stack.setCurrentIndex(0 if rows else 1)
        self._update_count()
        if not loaded.complete:
            self.count_label.setText(f"Loading cases… the first {len(rows):,} are shown")
            self.first_rows_shown.emit(len(rows))
            return
        prepared = loaded.prepared

        def orders(_progress: Any) -> dict[tuple[int, bool], list[int]]:
            with gc_paused():
                return sort_orders(prepared, previous)

        self.tasks.run(orders, lambda orders: self.model.add_orders(prepared, orders))
        # The status bar's overdue and due-soon counts, by the rule the colours go by.
        today, cn, us = self.model.today.isoformat(), loaded.due_soon_cn, loaded.due_soon_us
        shown_generation = self._generation
        self.tasks.run(lambda _progress: count_urgent(rows, today, cn, us),
                       lambda counts: self._show_urgent_counts(counts, shown_generation))
        self._warm_up_case_view(rows)
        self.cases_loaded.emit(len(rows))

    def _place(self) -> ListPlace:
        """Where the officer is in the list: what a reload must not lose."""
        model, count = self.model, self.model.rowCount()
        index = self.table.currentIndex()
        current = (model.row_at(index.row()).reference
                   if index.isValid() and index.row() < count else None)
        selected = frozenset(model.row_at(r).reference for r in self._selected_rows()
                             if r < count)
        top = self.table.rowAt(0)
        return ListPlace(current, max(index.column(), 0), selected,
                         model.row_at(top).reference if 0 <= top < count else None,
                         self.table.verticalScrollBar().value(),
                         self.table.horizontalScrollBar().value())

    def _return_to(self, place: ListPlace) -> None:
        """After a reload: the same cases current and selected, wherever they are now,
        and the same case at the top of the view (a reload scrolled back to the first
        case, and kept only the current one selected)."""
        model, table = self.model, self.table
        wanted = set(place.selected)
        wanted.update(r for r in (place.current, place.top) if r is not None)
        positions = model.rows_for_references(wanted)
        flag = QItemSelectionModel.SelectionFlag
        selection_model = table.selectionModel()
        current = positions.get(place.current or "")
        if current is not None:
            # The case stays current: after closing it, Case → Reopen case… (and the other
            # single-case items) were greyed out until it was selected again.
            selection_model.setCurrentIndex(model.index(current, place.column), flag.NoUpdate)
        selection = QItemSelection()
        last = model.columnCount() - 1
        chosen = [positions[r] for r in place.selected if r in positions] or (
            [current] if current is not None else [])
        for first, end in runs(sorted(chosen)):
            selection.select(model.index(first, 0), model.index(end, last))
        selection_model.select(selection, flag.ClearAndSelect)
        top = positions.get(place.top or "")
        if top is not None:
            table.scrollTo(model.index(top, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        else:
            table.verticalScrollBar().setValue(place.scroll)
        table.horizontalScrollBar().setValue(place.side_scroll)

    def _warm_up_case_view(self, rows: list[CaseRow]) -> None:
        """Read one case as opening it would, once, in the background and discard it: the
        first read of a session compiles its queries (about 0.1 s, more while the window
        paints), which the first case the user opens would otherwise wait for."""
        if self._warmed_up:
            return
        reference = next((r.reference for r in rows[:100]
                          if r.status not in ("draft", DISCARDED)), None)
        if reference is None:
            return
        self._warmed_up = True
        actor = self.actor
        self.tasks.read(lambda s: load_case_data(s, actor=actor, reference=reference) and None,
                        None, lambda exc: log.info("case view warm-up skipped: %s", exc))

    def _load_failed(self, exc: BaseException) -> None:
        show_error(self, "Could not load the cases", exc)

    def _update_regimes(self, regimes: tuple[str, ...]) -> None:
        current = self.regime_filter.currentData()
        self.regime_filter.blockSignals(True)
        self.regime_filter.clear()
        self.regime_filter.addItem("All regimes", "")
        for regime in regimes:
            self.regime_filter.addItem(regime, regime)
        self.regime_filter.setCurrentIndex(max(self.regime_filter.findData(current), 0))
        self.regime_filter.blockSignals(False)

    def _predicate(self) -> Callable[[CaseRow], bool] | None:
        status = self.status_filter.currentData() or None
        regime = self.regime_filter.currentData() or None
        if status is None and regime is None:
            return None
        # One predicate object per filter setting, so an unchanged setting is recognised.
        key = (status, regime)
        if self._predicate_key != key:
            keep = row_filter(status, regime, self.model.urgency)
            self._predicate_key, self._predicate_fn = key, keep
        return self._predicate_fn

    def apply_filter(self) -> None:
        self.model.set_filter(self.filter_edit.text(), self._predicate())
        self._update_count()

    def clear_filters(self) -> None:
        for combo in (self.status_filter, self.regime_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.filter_edit.clear()
        self._filter_timer.stop()
        self._status_chosen()  # from Intake discarded: the list without them is read again
        self.filter_edit.setFocus()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        hidden_all = shown == 0 and total > 0
        if hidden_all:
            text = self.filter_edit.text().strip()
            parts = [f"“{text}”"] if text else []
            parts += [combo.currentText() for combo in (self.status_filter, self.regime_filter)
                      if combo.currentIndex() > 0]
            self.no_match_label.setText(
                f"No case matches {' and '.join(parts) or 'the filters'}.")
        self.no_match.setVisible(hidden_all)
        noun = "case" if total == 1 else "cases"
        # Grouped as the status bar's other counts ("16,307 overdue"): "100,000 cases".
        text = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun} shown"
        selected = len(self._selected_rows())
        if selected > 1:
            text += f", {selected:,} selected"
        self.count_label.setText(text)
        # Beside the empty state's "No cases yet", "0 cases" says it twice: no count then.
        if self.stack.currentIndex() == 1:
            self.count_label.hide()
        elif self.statusBar().currentMessage():
            # Not shown over a passing message: the bar shows it when the message goes
            # (as it does the widgets it hid itself, which this attribute marks).
            self.count_label.setAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide, False)
        else:
            self.count_label.show()

    def _update_case_actions(self, read: bool = True) -> None:
        """The Case menu's items greyed out or not for the current case (what Close must
        deal with first read in the background with `read`)."""
        self.lifecycle.update(read=read)
        self.owner_change.update()

    def _current_case(self) -> CurrentCase | None:
        """The current case: what the Case menu's items (Close, Change owner…) act on."""
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        row = self.model.row_at(index.row())
        return CurrentCase(row.reference, row.status, row.owner)

    def show_row_menu(self, pos: QPoint) -> QMenu | None:
        """The row's context menu at `pos` (the list's viewport): the row becomes current."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            return None
        if not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            self.table.selectRow(index.row())
        self.table.setCurrentIndex(index)
        self.owner_change.update()
        return self.lifecycle.popup_row_menu(self.table.viewport().mapToGlobal(pos),
                                             [self.open_case_action, self.owner_change.action],
                                             self.columns_menu)

    def _status_chosen(self) -> None:
        """Discarded intakes (Intake discarded) are read only while they are asked for: choosing that filter,
        or leaving it, reads the list again."""
        # The model takes the new filter first: the reload's rows are shown by it (they were
        # shown by the filter chosen before, "Closed cases" under "Intake discarded").
        self.apply_filter()
        if (self.status_filter.currentData() == DISCARDED) != self._loaded_discarded:
            self.refresh()

    def selected_reference(self) -> str | None:
        """The current case (the one Enter opens), whatever else is selected."""
        index = self.table.currentIndex()
        return self.model.row_at(index.row()).reference if index.isValid() else None

    def _selected_rows(self) -> set[int]:
        """The selected rows, read from the selection's ranges (not one index per cell),
        so selecting all of 100,000 rows stays quick."""
        rows: set[int] = set()
        # The stubs give QItemSelection no __iter__; it is a list of ranges all the same.
        for selected in self.table.selectionModel().selection():  # type: ignore[attr-defined]
            rows.update(range(selected.top(), selected.bottom() + 1))
        return rows

    def selected_references(self) -> list[str]:
        """Every selected case, in the list's order; the current one when none is."""
        rows = self._selected_rows()
        if not rows:
            current = self.selected_reference()
            return [current] if current else []
        count = self.model.rowCount()
        return [self.model.row_at(r).reference for r in sorted(rows) if r < count]

    def _filter_entered(self) -> None:
        """Enter in the filter: the one match opens; with several, the first is selected
        in the list (Enter again opens it, arrows move)."""
        self._filter_timer.stop()
        self.apply_filter()
        rows = self.model.rowCount()
        if rows == 1:
            # Selected as well as opened: Case → Close case… and the other life-cycle
            # items act on the list's current row, and were greyed out after this.
            self.table.selectRow(0)
            self.open_case(self.model.row_at(0).reference)
        elif rows > 1:
            self.table.setFocus()
            self.table.selectRow(0)

    def _open_index(self, index: Any) -> None:
        if index.isValid():
            self.open_case(self.model.row_at(index.row()).reference)

    def open_selected(self) -> None:
        reference = self.selected_reference()
        if reference:
            self.open_case(reference)

    def open_case(self, reference: str) -> None:
        """Drafts reopen in the wizard; cases open in their own window (one per case)."""
        self.case_open_requested.emit(reference)
        position = self.model.row_for_reference(reference)
        row = self.model.row_at(position) if position is not None else self._loaded_row(reference)
        if row is not None and row.status == "draft":
            open_draft(self.runner, self.actor, reference, self._show_wizard, self)
            return
        if row is not None and row.status == DISCARDED:  # facts never finished: no window
            self.statusBar().showMessage(
                f"{reference} is a discarded intake draft: it is kept for the audit trail "
                "only (File → New case… starts again).", 8000)
            return
        self._open_case_window(reference)

    def open_case_at_track(self, reference: str, regime: str) -> None:
        """The case's window at `regime`'s track (the deadlines dashboard's rows)."""
        self.open_case(reference)
        view = self.case_views.get(reference)
        if view is not None:
            view.show_track(regime)

    def _loaded_row(self, reference: str) -> CaseRow | None:
        """A case the filters hide, opened from the audit trail (Enter, Open case): found
        among every case loaded, so that a draft opens in the wizard, not in a case window
        that could not read its unfinished facts ("ValidationError: 2 validation errors")."""
        return next((r for r in self._loaded_rows if r.reference == reference), None)

    def _open_case_window(self, reference: str) -> None:
        view = self.case_views.get(reference)
        if view is not None:
            view.show()
            view.raise_()
            view.activateWindow()
            return
        view = CaseView(self.runner, self.actor, self.data_dir, reference)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.destroyed.connect(lambda _o=None, r=reference: self.case_views.pop(r, None))
        view.changed.connect(self.refresh)
        self.case_views[reference] = view
        view.show()

    # -- actions ----------------------------------------------------------------------
    def new_case(self) -> None:
        self._show_wizard(IntakeWizard(self.runner, self.actor, parent=self))

    def _show_wizard(self, wizard: IntakeWizard) -> None:
        # Not deleted on close: closing saves the draft in the background, and that save
        # reports back to the wizard. The previous one goes once it is idle.
        previous = self.wizard
        if previous is not None and not previous.isVisible() and not previous.saving:
            previous.deleteLater()
        self.wizard = wizard
        wizard.case_saved.connect(self._case_created)
        # The list shows a new draft once, and its latest state when the wizard closes;
        # not after every autosave.
        known = {wizard.reference}

        def kept(reference: str | None) -> None:
            # Closed mid-way: where the work went (the list's Status column, cut short at
            # 200 %, read "Intake not …").
            if reference and wizard.mode != "edit":
                # Short enough for the status line beside "Signed in as …" at 200 %.
                self.statusBar().showMessage(
                    f"Draft {reference} kept: open its row to go on with it", 10000)

        def draft_saved(reference: str) -> None:
            if reference not in known or not wizard.isVisible():  # new, or the final save
                known.add(reference)
                self.refresh()
            if closing:  # the save Close made
                kept(reference)

        closing: list[bool] = []

        def closed() -> None:
            closing.append(True)
            if not wizard.saving:  # otherwise draft_saved refreshes once it is stored
                self.refresh()
                kept(wizard.reference)

        wizard.draft_saved.connect(draft_saved)
        wizard.rejected.connect(closed)
        wizard.open()

    def _case_created(self, reference: str) -> None:
        self.statusBar().showMessage(f"Opened case {reference}", 5000)
        self.refresh()
        self._open_case_window(reference)
        view = self.case_views.get(reference)
        if view is not None:  # straight on to the tracks the screening opened
            view.tabs.setCurrentIndex(view.tabs.indexOf(view.tracks_page))
            # The keys there too: the focus stayed on Edit facts… at the top, eight Tabs
            # from the first step; in the list the arrows pick a track, Tab its steps.
            view.track_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_dashboard(self) -> None:
        if self.dashboard is None:
            self.dashboard = DeadlinesDashboard(self.runner, self)
            self.dashboard.open_case.connect(self.open_case)
            self.dashboard.open_track.connect(self.open_case_at_track)
        elif not self.dashboard.isVisible() and not self.dashboard.report_progress.running:
            # Opened again: last time's "Exported 37 rows to …" read as this visit's.
            self.dashboard.report_progress.finish("")
            self.dashboard.report_progress.setVisible(False)
        self.dashboard.reload()
        self.dashboard.show()
        self.dashboard.raise_()

    def import_facts(self) -> QFileDialog:
        return ask_open_file(self, FACTS_JSON, title="Import case facts", data_dir=self.data_dir,
                             chosen=self.import_facts_file)

    def import_facts_file(self, path: Path, *, again: bool = False) -> None:
        """Create a case from a facts file; when a case already holds exactly those facts
        (the file imported before), ask first (ask_import_again) unless `again`."""
        actor = self.actor

        def work(session: Any) -> tuple[str, list[str]] | list[SameFacts]:
            data = read_json_file(path)
            try:
                facts = parse_facts(data)
            except InputError as exc:  # a whole document wrong (an array): by its file's name
                raise document_named(exc, path.name) from None
            same = [] if again else cases_of_the_same_deal(session, facts)
            if same:
                return same
            reference = import_case(session, data=data, actor=actor).reference
            # Made as the file says (as `approvals case import`); what the wizard would
            # have held at its field is said, by the wizard's names of the fields.
            return reference, [f"{field_words(p.path, keys=True)}: {p.message}"
                               for p in facts_to_check(data)]

        def done(result: tuple[str, list[str]] | list[SameFacts]) -> None:
            if isinstance(result, list):
                self.ask_import_again(path, result)
                return
            reference, to_check = result
            self.statusBar().showMessage(f"Created case {reference}", 5000)
            self.refresh()
            if to_check:
                show_facts_to_check(self, reference=reference, file_name=path.name,
                                    problems=to_check, open_case=self.open_case)

        # The fields by the wizard's names, the key after them to find it in the file, as
        # the wizard's Import JSON… writes them (not "target.uscc: …" alone).
        self.tasks.write(work, done, lambda exc: show_error(self, "Could not import facts",
                                                            in_words(exc, keys=True)))

    def ask_import_again(self, path: Path, same: list[SameFacts]) -> QMessageBox:
        """The facts of `path` are already a case's: open that case, or make another case
        of them on purpose (a second case of one deal files everything twice)."""
        return ask_about_same_facts(
            self, object_name="importAgainQuestion", title="Import case facts",
            subject=f"The facts in {path.name} are", same=same,
            consequence="Importing them again makes another case of the same deal, with its "
                        "own filing tracks and deadlines.",
            make_another=lambda: self.import_facts_file(path, again=True),
            open_case=self.open_case)

    def load_demo_cases(self) -> None:
        """Load the demo cases; where the folder holds cases of its own, ask first: the
        demo's fictional deals would sit among them, in the dashboard and the audit trail,
        numbered in the office's own sequence, and nothing takes them out again."""
        self.tasks.read(demo_plan, self._ask_before_demo,
                        lambda exc: show_error(self, "Could not load the demo cases", exc))

    def _ask_before_demo(self, plan: DemoPlan) -> None:
        if not plan.own_cases or not plan.to_add:  # nothing of theirs, or nothing to add
            self._load_demo_now()
            return
        box = QMessageBox(self)
        box.setObjectName("demoAmongOwnCases")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Load demo cases")
        box.setText(f"This data folder already holds {counted(plan.own_cases, 'case')} "
                    "of your own.")
        box.setInformativeText(
            f"The demo adds {counted(plan.to_add, 'fictional deal')} beside them: they take the next case numbers, "
            "appear in the case list and the deadlines dashboard (some overdue or prohibited) "
            "and are written into the audit trail, and they cannot be removed afterwards. "
            "To try the demo, start the app with another data folder (--data-dir).")
        load = box.addButton("&Load them anyway", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("&Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)

        def answered(button: object) -> None:
            if button is load:
                self._load_demo_now()

        box.buttonClicked.connect(answered)
        box.open()

    def _load_demo_now(self) -> None:
        actor = self.actor

        def done(result: Any) -> None:
            created = len(result.created)
            text = f"Loaded {counted(created, 'demo case')}"
            if result.skipped:  # loaded before: say so rather than "Loaded 0 demo cases"
                text = (f"{text}; {result.skipped} were already here" if created
                        else "The demo cases are already loaded.")
            self.statusBar().showMessage(text, 8000)
            self.refresh()

        self.tasks.write(
            lambda session: load_demo(session, actor=actor),
            done,
            lambda exc: show_error(self, "Could not load the demo cases", exc),
        )

    def show_about(self) -> AboutDialog:
        """Help → About Approvals: the version, and the folders and rulebook support asks
        for (ui.help.AboutDialog)."""
        return show_about(self)
