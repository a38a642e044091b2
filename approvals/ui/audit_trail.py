"""View → Audit trail: the whole trail for auditors and administrators, newest first (or
oldest first, in the order it happened), each event in the words the case Timeline uses,
filtered by text, user, kind, case and dates.

"Every failed sign-in last week", "everything li.wei did", "who approved AP-2026-0002's
CN-FISR filing" are a filter each. The rows come from services.audit_view a page at a time
on a read thread (a trail of 200,000 events opens at once; "Show more" reads the next
page), with the count of all the matches. Export CSV… writes exactly the events the
filters match (the same query, services.exports), with progress and Cancel on a long
trail (ui.exports), Verify runs View → Verify audit trail.
What an actor sees is the whole-trail export's rule: an administrator every event, other
roles the events about cases.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.audit import action_label
from approvals.domain.event_text import state_namer, stored_value_shown
from approvals.domain.numbers import counted
from approvals.domain.permissions import ROLE_NAMES
from approvals.domain.typed_input import Unreadable, read_date
from approvals.services import audit_view
from approvals.services.audit_view import (
    AuditChoices,
    AuditEntry,
    AuditFilter,
    AuditPage,
    acting_text,
    person_named,
    sees_everything,
)
from approvals.services.exports import ExportResult, export_audit_csv
from approvals.services.progress import CancelCheck
from approvals.services.progress import Progress as ServiceProgress
from approvals.ui.errors import refusal, show_error
from approvals.ui.exports import (
    FILTERED,
    show_exported,
    show_nothing_to_export,
    start_audit_export,
)
from approvals.ui.files import CSV_EXPORTS, ask_save_file, suggested_name
from approvals.ui.geometry import keep_geometry
from approvals.ui.timeline_table import NAME_NOTE
from approvals.ui.widgets import (
    Index,
    RowsModel,
    free_alt_keys,
    list_over_details,
    palette_styled,
    select_row_on_focus,
    show_one,
    standard_shortcut,
    text_field,
)

DEBOUNCE_MS = 300  # typing in a filter applies it this long after the last key
HASH_SHOWN = 10  # characters of an event's hash in its column (whole in the tooltip)
ALL_KINDS = "All kinds"
ALL_USERS = "All users"
USER_FILTER_TIP = ("One user: choose them from the list, or type their login (li.wei) or "
                   "their full name (Li Wei). Part of a name finds them in the Text filter.")
DETAILS_PLACEHOLDER = "Select an event to read it in full here; Enter opens its case."
EVENT_SEPARATOR = "\n\n" + "-" * 40 + "\n\n"  # between events copied together


def local_time(stamp: str, *, seconds: bool = False) -> str:
    """A stored UTC stamp in the computer's time zone: "2026-11-30 09:05" (with `seconds`,
    "2026-11-30 09:05:25", as the tooltip and the details say it)."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def utc_seconds(stamp: str) -> str:
    """A stored UTC stamp to the second: "2026-11-30 08:05:25 UTC" (two events a few
    seconds apart are told apart, and the CSV's time column matches it)."""
    return stamp.replace("T", " ").removesuffix("Z") + " UTC" if stamp.endswith("Z") else stamp


def who_text(entry: AuditEntry) -> str:
    """Who, in which roles: "Li Wei (li.wei), as approver" (the full name the user list
    holds now, the login the event records), or "li.wei, as approver" without a name."""
    roles = ", ".join(ROLE_NAMES.get(r, r) for r in entry.role.split(",") if r)
    return acting_text(entry.actor, entry.actor_name, roles)


def has_case(entry: AuditEntry) -> bool:
    """Whether the event is about a case still there to open ("case #12" names a deleted
    one by its row)."""
    return bool(entry.case_reference) and not entry.case_reference.startswith("case #")


def event_fields(e: AuditEntry) -> list[tuple[str, str]]:
    """The event in full, as (label, value) pairs after its sentence: as the case
    Timeline's details pane has it, with its case and track."""
    fields = [("When", f"{local_time(e.occurred_at, seconds=True)} local time "
                       f"({utc_seconds(e.occurred_at)})"),
              ("Who", who_text(e))]
    if e.case_reference:
        fields.append(("Case", e.case_reference + (f", {e.regime} track" if e.regime else "")))
    fields.append(("Reason", e.reason.strip() or "(none given)"))
    if e.field:
        fields.append(("Field", e.field))
    if e.old_value is not None or e.new_value is not None or e.field:
        namer = state_namer(e.kind)
        fields += [("Old value", stored_value_shown(e.old_value, field=e.field, state_name=namer)),
                   ("New value", stored_value_shown(e.new_value, field=e.field, state_name=namer))]
    fields += [("Event", f"#{e.id} · {e.label} ({e.action}) · {e.entity}"
                + (f" {e.entity_id}" if e.entity_id else "")),
               ("Hash (SHA-256)", e.hash),
               ("Previous event's hash", e.prev_hash)]
    return fields


def event_details(e: AuditEntry) -> str:
    """The event in full as plain text (what Copy event puts on the clipboard)."""
    lines = [e.sentence, ""]
    for label, value in event_fields(e):
        if "\n" in value:
            lines += [f"{label}:", *(f"  {line}" for line in value.splitlines())]
        else:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)


# The list's times are the computer's; the CSV export's Time (UTC) column is not: said, or
# an auditor comparing the two in Beijing finds every event eight hours apart.
HEADER_TIPS = {
    0: "Local time (this computer's time zone). An event's tooltip and its details give it "
       "in UTC, as does the CSV export: Time (UTC) as stored, and Date-time (UTC), its "
       "next-to-last column, as a spreadsheet sorts and filters dates. Click to list oldest "
       "or newest first.",
    6: "The event's sequence number and the start of its hash (whole in the tooltip and the "
       "details). Click to list oldest or newest first.",
}


class AuditTrailModel(RowsModel[AuditEntry]):
    """The events listed, newest first (or oldest first): a page, then the pages "Show
    more" adds."""

    HEADERS = headers = ("When", "User (role)", "Case", "Track", "Event", "Reason", "Event #")
    EVENT_COLUMN = 4
    REASON_COLUMN = 5

    @property
    def entries(self) -> list[AuditEntry]:
        return self.rows

    def cell_text(self, row: int, column: int) -> str:
        e = self.entries[row]
        reason = " / ".join(line.strip() for line in e.reason.splitlines() if line.strip())
        return (local_time(e.occurred_at), who_text(e), e.case_reference, e.regime,
                e.sentence, reason, f"#{e.id} · {e.hash[:HASH_SHOWN]}")[column]

    def tooltip(self, row: int, column: int) -> str:
        e = self.entries[row]
        if column == 0:
            return (f"{local_time(e.occurred_at, seconds=True)} local time\n"
                    f"{utc_seconds(e.occurred_at)}")
        if column == 1 and e.actor_name:
            return f"{who_text(e)}\n{NAME_NOTE.format(login=e.actor)}"
        if column == self.EVENT_COLUMN:
            return f"{e.label} ({e.action})\n{e.sentence}"
        if column == self.REASON_COLUMN:
            return e.reason
        if column == 6:
            return (f"Event #{e.id}\nHash (SHA-256): {e.hash}\n"
                    f"Previous event's hash: {e.prev_hash}")
        return self.cell_text(row, column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.row_at(index)
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(index.row(), index.column())
        if role == Qt.ItemDataRole.UserRole:
            return entry
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)


class AuditTrailTable(QTableView):
    """The events, one line each. Each column has a width in characters (so it grows with
    the font at 150 % and 200 %); Event takes the room left over. Where the window is too
    narrow for them all, every column but When and Case gives way in proportion, down to its title
    (at 200 % on a laptop screen the list scrolled sideways past Event). A column the
    officer drags keeps its width from then on."""

    # User (role) holds "Li Wei (li.wei), as Approver"; it gives way where room is short.
    CHARS = (16, 34, 13, 9, 60, 28, 21)  # HEADERS' order
    KEPT = (0, 2)
    WIDEST_TRACK = "CN-DATA-EXPORT"  # with CN-TECH-EXPORT, the longest regime's name
    GIVING_BACK = (6, 5, 3, 1, 4)  # Event #, Reason, Track, User, then Event

    def __init__(self, model: AuditTrailModel) -> None:
        super().__init__()
        self.setModel(model)
        self.fitting = True
        self._fitting_now = False
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.sectionResized.connect(self._resized)
        self.fit()

    def _resized(self, column: int, old: int, new: int) -> None:
        # The last column stretches with the window: only a drag of another is the officer's.
        if not self._fitting_now and old and new and column < len(self.CHARS) - 1:
            self.fitting = False

    def fit(self) -> None:
        if not self.fitting:
            return
        header, metrics = self.horizontalHeader(), self.fontMetrics()
        wanted = [metrics.horizontalAdvance("x" * n) for n in self.CHARS]
        # A time and a reference as wide as they are written (digits are wider than x).
        wanted[0] = metrics.horizontalAdvance("2026-12-31 23:59") + 16
        wanted[2] = metrics.horizontalAdvance("AP-2026-0000") + 16
        # The longest track names whole where there is room ("CN-DAT…" said little).
        wanted[3] = max(wanted[3], metrics.horizontalAdvance(self.WIDEST_TRACK) + 16)
        least = [header.fontMetrics().horizontalAdvance(title) + 16
                 for title in AuditTrailModel.HEADERS]
        room = self.viewport().width()
        spare = room - sum(wanted)
        widths = list(wanted)
        if spare > 0:
            widths[AuditTrailModel.EVENT_COLUMN] += spare
        else:  # When and Case keep theirs (a time, a reference: cut, they say nothing)
            giving = [c for c in range(len(wanted)) if c not in self.KEPT]
            scale = max(0.0, (room - sum(wanted[c] for c in self.KEPT))
                        / max(1, sum(wanted[c] for c in giving)))
            for c in giving:
                widths[c] = max(least[c], int(wanted[c] * scale))
            # A column held at its title's width took from the others: they give it back,
            # Event last (what the event did is what the list is read for).
            over = sum(widths) - room
            for c in self.GIVING_BACK:
                cut = min(max(over, 0), widths[c] - least[c])
                widths[c] -= cut
                over -= cut
        self._fitting_now = True
        try:
            for column, width in enumerate(widths):  # the last one stretches beyond
                header.resizeSection(column, width)
        finally:
            self._fitting_now = False

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()

    def focusInEvent(self, event: Any) -> None:
        # Tabbed into, the view makes the first row current without selecting it: its
        # details showed with no row marked, and Down went on to the second event.
        super().focusInEvent(event)
        select_row_on_focus(self, event.reason())  # as the Users list does


class AuditTrailWindow(QWidget):
    """The non-modal audit trail window of the main window `main` (which has `runner`,
    `actor`, `data_dir` and, for Verify, `audit_verify_action`)."""

    def __init__(self, main: QMainWindow) -> None:
        super().__init__(main, Qt.WindowType.Window)
        self.main = main
        self.setObjectName("auditTrailWindow")
        self.setWindowTitle("Audit trail")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tasks = main.runner.bound_to(self)  # type: ignore[attr-defined]
        self.where = AuditFilter()
        self.total: int | None = None
        self.total_of: AuditFilter | None = None  # the filters self.total counts
        self.more = False
        self.loading = False
        self._query = 0  # the latest query: an older one's page arriving late is dropped
        self.from_event = False  # the list was read from an event inward (go_to_event)
        # The User and Kind lists are read again when the window is come back to: a user
        # added or renamed meanwhile (in the Users window, at the command line, on another
        # computer) was missing, or listed under the old name, until it was reopened.
        self._left = False  # another window was active since the lists were read
        self._choosing = False  # a read of the lists is under way
        self._choose_again = False  # ... and asked for again meanwhile (the roles changed)
        self._build()
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.apply_filters)
        for edit in (self.text_filter, self.case_filter, self.from_filter, self.to_filter):
            # textChanged, not textEdited: the clear button's emptying is not an "edit".
            edit.textChanged.connect(lambda _t: self.debounce.start())
            edit.returnPressed.connect(self.apply_filters)
        user_edit = self.user_filter.lineEdit()
        assert user_edit is not None  # editable
        user_edit.textEdited.connect(lambda _t: self.debounce.start())
        user_edit.returnPressed.connect(self.apply_filters)
        self.user_filter.activated.connect(lambda _i: self.apply_filters())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.oldest_first.toggled.connect(self._order_changed)
        roles_changed = getattr(main, "roles_changed", None)
        if roles_changed is not None:  # what the actor may see may have changed
            roles_changed.connect(self._roles_changed)
        keep_geometry(self, getattr(main, "settings", None), "audit_trail/geometry", 1200, 760)
        self.load_choices()
        self.apply_filters()

    # -- layout ------------------------------------------------------------------------------

    def _labelled(self, grid: QGridLayout, row: int, column: int, text: str,
                  field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)  # its Alt letter moves to the field
        grid.addWidget(label, row, column)
        grid.addWidget(field, row, column + 1)

    def _build(self) -> None:
        self.text_filter = text_field(QLineEdit, "auditTextFilter", "Filter by text",
                                      "who, what, reason, value, #event… (Ctrl+F)")
        self.text_filter.setClearButtonEnabled(True)
        self.user_filter = QComboBox()
        self.user_filter.setObjectName("auditUserFilter")
        self.user_filter.setAccessibleName("Filter by user")
        self.user_filter.setEditable(True)
        self.user_filter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.user_filter.lineEdit().setPlaceholderText(ALL_USERS)  # type: ignore[union-attr]
        self.user_filter.setToolTip(USER_FILTER_TIP)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("auditKindFilter")
        self.kind_filter.setAccessibleName("Filter by kind of event")
        self.kind_filter.addItem(ALL_KINDS, "")
        self.case_filter = text_field(QLineEdit, "auditCaseFilter", "Filter by case reference",
                                      "AP-2026-0002, or part of it")
        self.case_filter.setClearButtonEnabled(True)
        self.from_filter = text_field(QLineEdit, "auditFromFilter", "From date (local)",
                                      "YYYY-MM-DD")
        self.to_filter = text_field(QLineEdit, "auditToFilter", "To date (local, included)",
                                    "YYYY-MM-DD")
        for edit in (self.from_filter, self.to_filter):  # the hint whole, at 200 % too
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("YYYY-MM-DD__") + 16)
        self.oldest_first = QCheckBox("Ol&dest first")
        self.oldest_first.setObjectName("auditOldestFirst")
        self.oldest_first.setToolTip("List the events in the order they happened, from the "
                                     "first (or click the When column's title)")
        self.clear_button = QPushButton("C&lear filters")
        self.clear_button.setObjectName("auditClearFilters")
        self.clear_button.clicked.connect(self.clear_filters)
        grid = QGridLayout()
        self._labelled(grid, 0, 0, "&Text:", self.text_filter)
        self._labelled(grid, 0, 2, "&User:", self.user_filter)
        self._labelled(grid, 0, 4, "&Kind:", self.kind_filter)
        self._labelled(grid, 1, 0, "C&ase:", self.case_filter)
        dates = QHBoxLayout()
        dates.addWidget(self.from_filter)
        to_label = QLabel("t&o")
        to_label.setBuddy(self.to_filter)
        dates.addWidget(to_label)
        dates.addWidget(self.to_filter)
        from_label = QLabel("&From:")
        from_label.setBuddy(self.from_filter)
        grid.addWidget(from_label, 1, 2)
        grid.addLayout(dates, 1, 3)
        grid.addWidget(self.oldest_first, 1, 4)
        # At its own width, at the row's end (stretched, it ran under Kind's whole width).
        grid.addWidget(self.clear_button, 1, 5, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(5, 2)

        self.problem = QLabel()  # a date that cannot be read, said at the filters
        self.problem.setObjectName("auditFilterProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        palette_styled(self.problem, "problem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.count_label = QLabel("Loading…")
        self.count_label.setObjectName("auditCount")
        self.count_label.setAccessibleName("Events matching")
        # Wrapped: on one line its ~75 characters held the window wider than a laptop
        # screen at 200 %, and Verify and Close were past its right edge.
        self.count_label.setWordWrap(True)

        self.model = AuditTrailModel(self)
        self.table = AuditTrailTable(self.model)
        self.table.setObjectName("auditTrailTable")
        self.table.setAccessibleName("Audit events, newest first")
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        # The When and Event # titles turn the order, as a sortable list's do.
        header.sectionClicked.connect(self._title_clicked)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().lineSpacing() + 8)  # one line a row, as the Timeline
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.table.selectionModel().currentRowChanged.connect(
            lambda now, _before: self.show_details(now.row()))
        self.table.doubleClicked.connect(lambda index: self.open_case(index.row()))
        # Enter too, as in the case list, the dashboard and Check open cases: a double-click
        # alone left the keyboard with Alt+S, which the list's hint did not name.
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table,
                              lambda: self.open_case(self.table.currentIndex().row()))
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy_key = standard_shortcut(QKeySequence.StandardKey.Copy, self.table, self.copy_event)
        copy_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy_key.setWhatsThis("Copy the selected events in full")
        # The event in full, as the case Timeline's pane shows it: selectable, copyable.
        self.details = QTextBrowser()
        self.details.setObjectName("auditEventDetails")
        self.details.setAccessibleName("The selected event in full")
        self.details.setTabChangesFocus(True)
        self.details.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        # Short: a placeholder is one line, and the longer one was cut off mid-sentence
        # (at 200 % after "the old and new").
        self.details.setPlaceholderText(DETAILS_PLACEHOLDER)
        self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * 2 + 12)
        self.copy_button = QPushButton("Cop&y event")
        self.copy_button.setObjectName("auditCopyEvent")
        self.copy_button.setToolTip("Copy the selected events in full (Ctrl+C in the list)")
        self.copy_button.clicked.connect(self.copy_event)
        self.copy_button.setEnabled(False)
        self.open_case_button = QPushButton("Open ca&se")
        self.open_case_button.setObjectName("auditOpenCase")
        self.open_case_button.setToolTip("Open the selected event's case (or double-click it, or Enter)")
        self.open_case_button.clicked.connect(
            lambda: self.open_case(self.table.currentIndex().row()))
        self.open_case_button.setEnabled(False)
        # Two fifths for the details: a track step's event reads whole even where both its
        # hashes wrap, as their digits' widths make them do in about one event in two (a
        # third left no line to spare, and the previous hash was cut off then).
        self.split = list_over_details(self.table, self.details,
                                       (self.copy_button, self.open_case_button),
                                       name="audit", shares=(3, 2))

        self.more_button = QPushButton("Show &more")
        self.more_button.setObjectName("auditShowMore")
        self.more_button.setToolTip("Read the next older events that match")
        self.more_button.clicked.connect(self.show_more)
        self.more_button.setEnabled(False)
        self.export_button = QPushButton("&Export CSV…")
        self.export_button.setObjectName("auditExportButton")
        self.export_button.setAccessibleName("Export the matching events as CSV")
        self.exporting = False  # greyed out while its file is written, whatever the roles
        self._export_availability()
        self.export_button.clicked.connect(self.choose_export_file)
        self.verify_button = QPushButton("&Verify")
        self.verify_button.setObjectName("auditVerifyButton")
        self.verify_button.setAccessibleName("Verify the audit trail")
        self.verify_button.setToolTip("Check the hash chain, its anchor and every stored "
                                      "document (View → Verify audit trail)")
        self.verify_button.clicked.connect(self.verify)
        verify_action = getattr(self.main, "audit_verify_action", None)
        if isinstance(verify_action, QAction):  # greyed out while a check runs, as the menu's
            verify_action.changed.connect(self._verify_availability)  # a method: let go on close
        self._verify_availability()
        close = QPushButton("Close")
        close.setObjectName("auditCloseButton")
        close.setToolTip("Close the audit trail (Escape)")
        close.clicked.connect(self.close)
        free_alt_keys(self, [close])  # Escape too
        foot = QHBoxLayout()
        foot.addWidget(self.count_label, 1)
        for button in (self.more_button, self.export_button, self.verify_button, close):
            foot.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addWidget(self.split, 1)
        layout.addLayout(foot)

        find = standard_shortcut(QKeySequence.StandardKey.Find, self, self.focus_text_filter)
        find.setWhatsThis("Filter by text")
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

    # -- filters -----------------------------------------------------------------------------

    def _roles_changed(self, _actor: object) -> None:
        self._export_availability()  # the service refuses an export the roles no longer allow
        self.load_choices()
        self.apply_filters()

    def _export_availability(self) -> None:
        """Export CSV… as the signed-in user's roles (as last read) allow it."""
        if self.exporting:
            return  # the export's end applies them
        why = refusal(self.main.actor, "audit.export")  # type: ignore[attr-defined]
        self.export_button.setEnabled(not why)
        self.export_button.setToolTip(why or "Write every event the filters match (not only "
                                             "those listed so far) to a CSV file")

    def _title_clicked(self, column: int) -> None:
        if column in (0, AuditTrailModel.HEADERS.index("Event #")):
            self.oldest_first.toggle()
        else:  # no other column sorts: the indicator stays on When
            self._show_order()

    def _show_order(self) -> None:
        oldest = self.oldest_first.isChecked()
        self.table.horizontalHeader().setSortIndicator(
            0, Qt.SortOrder.AscendingOrder if oldest else Qt.SortOrder.DescendingOrder)
        self.table.setAccessibleName(
            f"Audit events, {'oldest' if oldest else 'newest'} first")
        self.more_button.setToolTip(
            f"Read the next {'newer' if oldest else 'older'} events that match")

    def _order_changed(self, _on: bool) -> None:
        self._show_order()
        self.apply_filters()

    def focus_text_filter(self) -> None:
        self.text_filter.setFocus()
        self.text_filter.selectAll()

    def clear_filters(self) -> None:
        for edit in (self.text_filter, self.case_filter, self.from_filter, self.to_filter):
            edit.clear()
        self.user_filter.setEditText("")
        self.kind_filter.blockSignals(True)
        self.kind_filter.setCurrentIndex(0)
        self.kind_filter.blockSignals(False)
        self.apply_filters()
        self.text_filter.setFocus()

    def _date(self, edit: QLineEdit, name: str) -> date | None:
        try:
            value = read_date(edit.text())
        except Unreadable as exc:
            raise ValueError(f"{name}: {exc}") from None
        return date.fromisoformat(value) if value else None

    def filter_from_fields(self) -> AuditFilter:
        """The filters as typed; ValueError names the date field that cannot be read."""
        first = self._date(self.from_filter, "From")
        last = self._date(self.to_filter, "To")
        if first and last and last < first:
            raise ValueError(f"To: {last.isoformat()} is before From ({first.isoformat()})")
        start, end = audit_view.day_range_utc(first, last)
        kind = self.kind_filter.currentData()
        user = self.user_chosen()
        return AuditFilter(text=self.text_filter.text().strip(),
                           user="" if user == ALL_USERS else user,
                           actions=(kind,) if kind else (),
                           case_reference=self.case_filter.text().strip(), start=start, end=end)

    def user_chosen(self) -> str:
        """The User filter's login: a listed "Li Wei (li.wei)" is li.wei; anything else as
        typed (a login, or a full name, which the service matches too)."""
        typed = self.user_filter.currentText().strip()
        listed = self.user_filter.findText(typed, Qt.MatchFlag.MatchFixedString)
        if listed >= 0 and self.user_filter.itemData(listed):
            return str(self.user_filter.itemData(listed))
        return typed

    def apply_filters(self) -> None:
        """Read the first page of what the filters match (off the GUI thread)."""
        self.debounce.stop()
        try:
            where = self.filter_from_fields()
        except ValueError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        self.problem.setVisible(False)
        self.where = where
        self._read(None)

    def refresh(self) -> None:
        """Read the list again as far as it was read, the current event kept current and in
        sight: after an export, the list went back to its first page with nothing selected,
        losing the officer's place a thousand events down."""
        current = self.current_entry(self.table.currentIndex().row())
        entries = self.model.entries
        # A list read from an event inward (Show event #N) is read again from its first
        # event: read from the newest, it lost the event gone to, a page further down.
        start = entries[0].id if self.from_event and entries else None
        self._read(None, keep=current.id if current is not None else None,
                   rows=len(entries), start=start)

    def show_more(self) -> None:
        if self.more and not self.loading and self.model.entries:
            self._read(self.model.entries[-1].id)  # below it, or above it oldest first

    def _scrolled(self, value: int) -> None:
        """The next page when the list is scrolled to its end, as "Show more" reads it."""
        if value and value >= self.table.verticalScrollBar().maximum():
            self.show_more()

    def go_to_event(self, event_id: int) -> None:
        """Event `event_id` selected and shown in full, in the whole trail newest first with
        its neighbours around it (the verify result's "Show event #N": a broken link is
        judged against the events beside it). The filters are cleared so that none hides it."""
        for edit in (self.text_filter, self.case_filter, self.from_filter, self.to_filter):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.user_filter.setEditText("")
        for box in (self.kind_filter, self.oldest_first):
            box.blockSignals(True)
        self.kind_filter.setCurrentIndex(0)
        self.oldest_first.setChecked(False)
        for box in (self.kind_filter, self.oldest_first):
            box.blockSignals(False)
        self._show_order()
        self.debounce.stop()
        self.problem.setVisible(False)
        self.where = AuditFilter()
        self._read(None, keep=event_id, at=event_id)
        self.raise_()
        self.activateWindow()

    def _read(self, below: int | None, *, keep: int | None = None, rows: int = 0,
              at: int | None = None, start: int | None = None) -> None:
        """The first page (`below` None; with `at`, the page holding event `at`; with
        `start`, newest first from event `start` down) or the one after event `below` in
        the list's order (older newest first, newer oldest first)."""
        self._query += 1
        query, where = self._query, self.where
        oldest = self.oldest_first.isChecked()
        actor = self.main.actor  # type: ignore[attr-defined]
        self.loading = True
        self.more_button.setEnabled(False)
        if below is None:
            self.total = None
            self.count_label.setText("Reading the audit trail…")
            self._count(query, where, actor)

        def work(session: Any) -> AuditPage:
            if at is not None:
                return audit_view.audit_page_at(session, actor=actor, event_id=at)
            if start is not None:
                page = audit_view.audit_page(session, actor=actor, where=where,
                                             limit=max(audit_view.PAGE, rows), below=start + 1)
                return replace(page, newer=True)
            # Looked up here, on the read thread: a test replaces it to see where it runs.
            return audit_view.audit_page(
                session, actor=actor, where=where, limit=max(audit_view.PAGE, rows),
                oldest_first=oldest, below=None if oldest else below,
                above=below if oldest else None)

        def done(page: AuditPage) -> None:
            if query != self._query:
                return  # a later filter's page is on its way
            self.loading = False
            if below is None:
                self.from_event = page.newer
                self.model.set_rows(page.entries)
                self.show_details(-1)  # a new list: nothing is selected
                self._select_event(keep)
                if at is not None and not any(e.id == at for e in page.entries):
                    self.problem.setText(f"Event #{at} is not among the events you may see: "
                                         "it is not in the trail, or not about a case.")
                    self.problem.setVisible(True)
            else:
                self.model.add_rows(page.entries)
            self.more = page.more
            self.more_button.setEnabled(page.more)
            self._say_count()

        def failed(exc: BaseException) -> None:
            if query == self._query:
                self.loading = False
                self.count_label.setText("The audit trail could not be read.")
            show_error(self, "The audit trail could not be read", exc)

        self.tasks.read(work, done, failed)

    def _select_event(self, event_id: int | None) -> None:
        row = next((i for i, e in enumerate(self.model.entries) if e.id == event_id), None)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _count(self, query: int, where: AuditFilter, actor: Any) -> None:
        """Count the matches beside the first page (on the other read thread): a rare word
        reads all of a long trail to count, and the page need not wait for that."""

        def done(total: int) -> None:
            if query == self._query or (self._query > query and self.where == where):
                self.total = total  # "Show more" started a later query of the same filter
                self.total_of = where
                self._say_count()

        self.tasks.read(lambda session: audit_view.audit_count(session, actor=actor,
                                                               where=where), done,
                        lambda _exc: None)  # the page's own read reports a failure

    def _say_count(self) -> None:
        shown, total = len(self.model.entries), self.total
        end = "oldest" if self.oldest_first.isChecked() else "newest"
        later = "newer" if self.oldest_first.isChecked() else "older"
        if self.loading and not shown:
            return  # "Reading the audit trail…" until the first page is in
        if total is None and not self.more:
            total = shown  # every match is listed: no need to wait for the count
        if self.from_event and shown:
            of = f" of {counted(total, 'event')}" if total is not None else ""
            # "Show more for older ones" only while there are: under the event gone to near
            # the start of the trail, Show more was greyed out as the label offered it.
            older = ("; scroll down or Show more for older ones." if self.more
                     else ". There are no older ones.")
            self.count_label.setText(f"Showing {shown:,}{of} from event #{self.model.entries[0].id} "
                                     f"down, newest first: Clear filters lists the newest{older}")
        elif total is None:
            self.count_label.setText(f"Showing the {end} {shown:,} events; counting the "
                                     "matches…")
        elif total == 0:
            self.count_label.setText("No event matches the filters." if not self.where.empty
                                     else "No events to show.")
        elif shown >= total:
            self.count_label.setText(f"{counted(total, 'event')}, {end} first.")
        else:
            self.count_label.setText(f"Showing the {end} {shown:,} of "
                                     f"{counted(total, 'event')}: scroll down or Show more "
                                     f"for {later} ones.")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange:
            if not self.isActiveWindow():
                self._left = True
            elif self._left:  # come back to: the lists as they are now
                self._left = False
                self.load_choices()

    def load_choices(self) -> None:
        """The users and kinds of event in the trail, for the filters' lists (the chosen
        ones kept chosen)."""
        if self._choosing:
            self._choose_again = True  # after the read under way, with the actor then
            return
        self._choosing = True
        actor = self.main.actor  # type: ignore[attr-defined]

        def done(choices: AuditChoices) -> None:
            self._choosing = False
            typed = self.user_filter.currentText()
            listed = self.user_filter.findText(typed.strip(), Qt.MatchFlag.MatchFixedString)
            chosen = self.user_filter.itemData(listed) if listed >= 0 else None
            self.user_filter.blockSignals(True)
            self.user_filter.clear()
            # "Li Wei (li.wei)", in the order they read (found by either name or login).
            people = [(person_named(login, choices.names), login)
                      for login in choices.users]
            for shown, login in sorted(people, key=lambda p: p[0].casefold()):
                self.user_filter.addItem(shown, login)
            # A user chosen from the list stays chosen, under their name as it is now
            # ("Li Wei (li.wei)" renamed read as typed text, and matched nobody).
            now = self.user_filter.findData(chosen) if chosen else -1
            self.user_filter.setEditText(self.user_filter.itemText(now) if now >= 0 else typed)
            self.user_filter.blockSignals(False)
            kind = self.kind_filter.currentData()
            self.kind_filter.blockSignals(True)
            self.kind_filter.clear()
            self.kind_filter.addItem(ALL_KINDS, "")
            for action in choices.actions:
                self.kind_filter.addItem(action_label(action), action)
            self.kind_filter.setCurrentIndex(max(self.kind_filter.findData(kind), 0))
            self.kind_filter.blockSignals(False)
            if self._choose_again:
                self._choose_again = False
                self.load_choices()

        def failed(exc: BaseException) -> None:
            self._choosing = self._choose_again = False
            show_error(self, "The audit trail could not be read", exc)

        self.tasks.read(lambda session: audit_view.audit_choices(session, actor=actor), done,
                        failed)

    # -- the selected event ------------------------------------------------------------------

    def current_entry(self, row: int) -> AuditEntry | None:
        entries = self.model.entries
        return entries[row] if 0 <= row < len(entries) else None

    def show_details(self, row: int) -> None:
        entry = self.current_entry(row)
        self.copy_button.setEnabled(entry is not None)
        self.open_case_button.setEnabled(entry is not None and has_case(entry))
        if entry is None:
            self.details.clear()
            return
        cells = "".join(
            f"<tr><td style='padding-right:12px'><b>{html.escape(label)}</b></td>"
            f"<td style='white-space:pre-wrap'>{html.escape(value)}</td></tr>"
            for label, value in event_fields(entry))
        self.details.setHtml(f"<p><b>{html.escape(entry.sentence)}</b></p><table>{cells}</table>")

    def selected_entries(self) -> list[AuditEntry]:
        """The events selected in the list, in its order; the current one
        when none is selected."""
        selection = self.table.selectionModel()
        rows = sorted({index.row() for index in selection.selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [e for row in rows if (e := self.current_entry(row)) is not None]

    def copy_event(self) -> None:
        """Every selected event in full (Shift or Ctrl+click selects several: only the
        current one was copied, so an officer who selected ten pasted one)."""
        entries = self.selected_entries()
        if entries:
            QGuiApplication.clipboard().setText(EVENT_SEPARATOR.join(map(event_details, entries)))

    def open_case(self, row: int) -> None:
        """The event's case in its own window (the main window's, as the case list opens it)."""
        entry = self.current_entry(row)
        opener = getattr(self.main, "open_case", None)
        if entry is not None and has_case(entry) and callable(opener):
            opener(entry.case_reference)

    # -- export and verify -------------------------------------------------------------------

    def choose_export_file(self) -> None:
        """The file dialog for the events the filters match; "Nothing to export" and why
        instead when they match none (the file held column titles and a line saying so).
        The count the list shows is used when it is of these filters; otherwise (typed and
        not applied yet, or still counting) it is counted first, off the GUI thread."""
        try:
            self.where = self.filter_from_fields()
        except ValueError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            # To the date to correct: with its message already shown, Export CSV… seemed
            # to do nothing at all.
            field = self.to_filter if str(exc).startswith("To:") else self.from_filter
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            field.selectAll()
            return
        where, actor = self.where, self.main.actor  # type: ignore[attr-defined]
        if self.total is not None and self.total_of == where:
            self._export_or_say_nothing(where, self.total)
            return
        self.tasks.read(lambda session: audit_view.audit_count(session, actor=actor,
                                                               where=where),
                        lambda total: self._export_or_say_nothing(where, total),
                        lambda exc: show_error(self, "The audit trail could not be read", exc))

    def _export_or_say_nothing(self, where: AuditFilter, matches: int) -> None:
        if not matches:
            show_nothing_to_export(self, self.nothing_matched(where))
            return
        # "filtered" in the name: a part of the trail must not pass for the whole of it.
        ask_save_file(self, CSV_EXPORTS, title="Export the audit trail as CSV",
                      name=suggested_name(CSV_EXPORTS, "audit-trail",
                                          "" if where.empty else FILTERED),
                      data_dir=self.main.data_dir,  # type: ignore[attr-defined]
                      chosen=lambda out: self.export_to(out, where))

    def nothing_matched(self, where: AuditFilter) -> str:
        """Why there is nothing to export: the filters, or an empty trail."""
        if not where.empty:
            return ("No event matches the filters. Change them, or Clear filters to export "
                    "the whole trail.")
        if sees_everything(self.main.actor):  # type: ignore[attr-defined]
            return "The audit trail holds no events yet."
        return "The audit trail holds no events about cases yet."

    def export_to(self, out: Path, where: AuditFilter | None = None) -> None:
        """Write the events `where` matches (the filters as the file was asked for: the
        name said whether they filtered; by default the window's) to `out`, off the GUI
        thread, with progress and Cancel (a million events take half a minute)."""
        actor = self.main.actor  # type: ignore[attr-defined]
        where = self.where if where is None else where
        # Greyed out until the file is written: a second click wrote the file twice and
        # recorded two exports.
        self.exporting = True
        self.export_button.setEnabled(False)
        self.export_button.setToolTip(f"Exporting to {out.name}… A message says when the "
                                      "file is written.")

        def ended() -> None:
            self.exporting = False
            self._export_availability()

        def export(session: Any, report: ServiceProgress,
                   cancelled: CancelCheck) -> ExportResult:
            return export_audit_csv(session, actor=actor, out=out, where=where,
                                    progress=report, cancelled=cancelled)

        def done(result: ExportResult) -> None:
            show_exported(self, result, "event")
            # The export's own event, if the filters match it (and the list is read from
            # the newest: one read from an event gone to stays there).
            self.refresh()

        runner = self.main.runner  # type: ignore[attr-defined]
        start_audit_export(self, self.tasks, runner.db, out, export, done=done,
                           error_title="The audit trail could not be exported", ended=ended)

    def _verify_availability(self) -> None:
        action = getattr(self.main, "audit_verify_action", None)
        self.verify_button.setEnabled(isinstance(action, QAction) and action.isEnabled())

    def verify(self) -> None:
        """View → Verify audit trail, its progress and result over this window (over the
        main window they could open behind this one)."""
        from approvals.ui.audit import run_verify  # it opens this window: imported late

        action = getattr(self.main, "audit_verify_action", None)
        if isinstance(action, QAction) and action.isEnabled():
            run_verify(self.main, action, self)


def open_audit_trail(main: QMainWindow) -> AuditTrailWindow:
    """Show the main window's audit trail window (the one already open, raised)."""
    return show_one(main, "audit_trail_window", AuditTrailWindow,
                    lambda: AuditTrailWindow(main))
