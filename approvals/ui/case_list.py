"""The case list: a table model that stays responsive with 100,000 cases.

Rows arrive as plain `CaseRow`s from a worker. Display strings, sort keys and a lower-case
haystack per row are computed once; filtering and sorting then work on Python lists of
row indexes (a few milliseconds for 100,000 rows) instead of calling back into Python
per row from a QSortFilterProxyModel.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from approvals.domain.clocks import fmt_date
from approvals.domain.identifiers import reference_order
from approvals.domain.numbers import counted, humanise
from approvals.domain.typed_input import search_key
from approvals.services.audit_view import owner_tip
from approvals.services.cases import (
    ESTIMATED,
    CaseRow,
    deadline_text,
    status_explained,
    status_text,
)
from approvals.ui.widgets import (
    due_soon_colour,
    overdue_colour,
    secondary_text_colour,
    select_row_on_focus,
)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[CaseRow], str]
    sort_key: Callable[[CaseRow], Any]
    tip: str = ""  # what the column shows, on hovering its header
    # The two ways it sorts, in words (ascending, descending), for its header's tooltip.
    ways: tuple[str, str] = ("A to Z", "Z to A")
    # The rows with nothing in the column (they sort last): last whichever way it sorts,
    # and how the tooltip says them. Sorted latest first, the cases without a deadline
    # came first, a screenful of blank cells above the latest deadline.
    blank: Callable[[CaseRow], bool] | None = None
    blank_words: str = ""
    # Shown for the title in a column too narrow for it even on two lines (200 % on a
    # laptop), the whole title on hovering the header.
    short_title: str = ""


def _amount_text(row: CaseRow) -> str:
    if row.amount_value is None:
        return ""
    return f"{row.amount_currency or ''} {row.amount_value:,.0f}".strip()


_status_label = lru_cache(maxsize=1024)(status_text)  # 100,000 rows, a few dozen states


def _state_text(row: CaseRow) -> str:
    return _status_label(row.status, row.worst_state, row.blocked)


def status_tip(row: CaseRow) -> str:
    """The Status cell on hover: what its two parts mean, each blocking track named; the
    case's own status first, as the case window's header says it ("Open; least advanced: Draft":
    the list's "Draft" beside the header's "Open" read as two answers)."""
    text = _state_text(row)
    if row.status == "closed":
        return (f"{text}: nothing can be changed until it is reopened (Case → Reopen "
                "case…); it is not on the deadlines dashboard")
    explained = status_explained(row.status, row.worst_state, row.blocked)
    if not row.blocked:
        return explained
    lines = [explained]
    if row.worst_state not in ("prohibited", ""):  # "": no track, the case's status alone
        lines.append(f"Least advanced open track: {humanise(row.worst_state)}")
    lines.append("Blocks completion of the case:")
    lines += [f"  {regime}: {words}" for regime, words in row.blocked]
    return "\n".join(lines)


def owner_text(row: CaseRow) -> str:
    """The Owner cell: the person's full name, the login when the user has none (or is
    `cli:…`/`system`); both on hover, and the filter finds both."""
    return row.owner_name or row.owner


NO_NAME = "\U0010ffff"  # sorts after every name: cases without a Chinese name come last


COLUMNS: tuple[Column, ...] = (
    Column("Reference", lambda r: r.reference, lambda r: reference_order(r.reference),
           "The case's reference in this app (your own reference on hover; the filter "
           "finds both)", ("first to last", "last to first")),
    # A blank cell (an intake draft's) last whichever way it sorts, as Next deadline's.
    Column("Target", lambda r: r.target, lambda r: (not r.target, r.target.casefold()),
           "The company invested in (its Chinese name on hover; the filter finds both)",
           blank=lambda r: not r.target, blank_words="the cases without a name last"),
    Column("Investor", lambda r: r.investor, lambda r: (not r.investor, r.investor.casefold()),
           "Who invests", blank=lambda r: not r.investor,
           blank_words="the cases without an investor last"),
    Column("Amount", _amount_text,
           lambda r: (r.amount_value is None, r.amount_currency or "", r.amount_value or 0.0),
           "The deal amount in the currency entered",
           ("by currency, smallest first", "by currency, largest first"),
           lambda r: r.amount_value is None, "the cases without an amount last"),
    Column("Regimes needing action", lambda r: ", ".join(r.regimes),
           lambda r: (not r.regimes, r.regimes),
           "The approvals and notifications the screening opened a filing track for",
           blank=lambda r: not r.regimes, blank_words="the cases without one last",
           short_title="Regimes"),
    # The Status filter's Open / Completed / Closed go by the case, this column by its tracks.
    Column("Status", _state_text, _state_text,
           "The state of the case's least advanced open filing track (of the last to end "
           "when all have ended; “Open (tracks closed)” when every track was closed after "
           "its decision while the case is still open); the case's own status (Open, "
           "Completed, Closed) when it "
           "has no track; Intake not finished while its facts are still being entered in "
           "the New case wizard (Draft is a filing track not yet submitted for review). "
           "Closed: the deal did not go ahead, or is done with (Case → Reopen case… "
           "changes it again); its row is greyed out. "
           "“(blocked: Export refused)” follows when a track was refused by its authority "
           "or found prohibited by the screening: the case cannot be completed"),
    Column("Next deadline", deadline_text, lambda r: r.next_deadline or "9999",
           "The earliest statutory deadline of the open tracks, or of an open condition of "
           "a clearance (a condition outlives its track): red and bold when overdue, "
           "amber and bold when due within 3 working days (on the calendar of the track the "
           "deadline belongs to; a Chinese and a US track due the same day, on either "
           "calendar, as the dashboard marks either row); “(estimated)” when it is counted "
           "through a year without an official holiday schedule",
           ("earliest first", "latest first"), lambda r: not r.next_deadline,
           "the cases without a deadline last"),
    # After the others in number, so they keep theirs, and before Owner, which stays the
    # last; the window shows it right after Target, hidden until the officer chooses it
    # (right-click a column header).
    Column("Target (Chinese)", lambda r: r.target_zh, lambda r: r.target_zh or NO_NAME,
           "The company's Chinese name, as its facts give it (the filter finds it too)",
           ("by character codes, first to last", "by character codes, last to first"),
           lambda r: not r.target_zh, "the cases without a Chinese name last"),
    Column("Owner", owner_text, lambda r: owner_text(r).casefold(),
           "The user who created the case, by full name (the login on hover; the filter "
           "finds both)"),
)
REFERENCE_COLUMN, TARGET_COLUMN, INVESTOR_COLUMN, AMOUNT_COLUMN = 0, 1, 2, 3
REGIMES_COLUMN, STATUS_COLUMN, DEADLINE_COLUMN = 4, 5, 6
TARGET_ZH_COLUMN, OWNER_COLUMN = 7, 8


# The long-text columns the window widens to their longest text when it has room (the
# names before all): their few longest texts are picked on the worker, measured on the GUI.
MEASURED_COLUMNS = (TARGET_COLUMN, INVESTOR_COLUMN, REGIMES_COLUMN, TARGET_ZH_COLUMN)
MEASURED = 200  # with more distinct texts in a column, only the longest are measured
SAMPLE_DATE = "2026-12-31"  # as wide as any date in Next deadline


def utf8_length(text: str) -> int:
    """About a text's width in Latin letters: a Chinese character counts three."""
    return len(text.encode())


def longest_texts(texts: Iterable[str], key: Callable[[str], int] = utf8_length) -> list[str]:
    """The texts worth measuring for a column's width: with more than MEASURED distinct
    ones, the longest by `key` (UTF-8 length; plain `len`, three times quicker, for a
    column of Latin text). Picked on the worker, so the GUI thread measures a few hundred
    texts, not 100,000."""
    texts = list(texts)
    if len(texts) <= MEASURED:
        return list(set(texts))
    # The longest first, the repeated ones once after (a heap over the list is quicker
    # than making 100,000 texts distinct first).
    return list(dict.fromkeys(heapq.nlargest(MEASURED, texts, key=key)))


def widest_text(metrics: QFontMetrics, texts: Iterable[str]) -> int:
    """The width of the widest of `texts` as drawn (only the MEASURED longest of many)."""
    return max((metrics.horizontalAdvance(t) for t in longest_texts(texts)), default=0)


@dataclass(frozen=True)
class PreparedRows:
    """Rows with their filter haystacks and default order, computed once (on a worker
    thread) so the GUI thread only swaps them in. `texts` holds each row's display strings
    once the row has been shown (only the rows on screen ever are)."""

    rows: list[CaseRow]
    texts: list[tuple[str, ...] | None]
    haystacks: list[str]
    orders: dict[tuple[int, bool], list[int]] = field(default_factory=dict)
    # The distinct Status texts of blocked rows (few): the window widens Status to read them.
    blocked_statuses: frozenset[str] = frozenset()
    # MEASURED_COLUMNS' longest texts, for the window to give them the room it has.
    longest: dict[int, list[str]] = field(default_factory=dict)


def target_tip(name: str, name_zh: str) -> str:
    """A target's names on hover, the English then the Chinese: the same in the case list
    and on the deadlines dashboard."""
    if not name_zh:
        return name
    return f"{name}\n{name_zh}" if name else name_zh


def row_texts(r: CaseRow) -> tuple[str, ...]:
    """Every column's text of a row at once (one call per row, not one per cell)."""
    amount = ("" if r.amount_value is None
              else f"{r.amount_currency or ''} {r.amount_value:,.0f}".strip())
    return (r.reference, r.target, r.investor, amount, ", ".join(r.regimes),
            _status_label(r.status, r.worst_state, r.blocked), deadline_text(r), r.target_zh,
            r.owner_name or r.owner)


def searched_texts(r: CaseRow) -> tuple[str, ...]:
    """What the filter looks in: the cells (the target's Chinese name among them, shown
    or not), then the owner's login, the officer's own reference (shown on hover) and the
    parties' identifiers (USCC, LEI)."""
    return (*row_texts(r), r.owner, r.own_reference, r.identifiers)


def haystacks_of(rows: Sequence[CaseRow]) -> list[str]:
    """`search_key("\x1f".join(searched_texts(r)))` for every row (the separator keeps a term
    from matching across two cells), written out in one expression with the few distinct
    amounts and regime lists formatted once: a third of the time for 100,000 rows. The
    Chinese name is folded on its own: one character outside ASCII sent the whole line down
    the slow path (folding goes character by character, so the parts folded apart join to
    the same text)."""
    amounts = {key: "" if key[1] is None else f"{key[0] or ''} {key[1]:,.0f}".strip()
               for key in {(r.amount_currency, r.amount_value) for r in rows}}
    regimes = {codes: ", ".join(codes) for codes in {r.regimes for r in rows}}
    return [
        search_key(f"{r.reference}\x1f{r.target}\x1f{r.investor}\x1f"
                   f"{amounts[(r.amount_currency, r.amount_value)]}\x1f{regimes[r.regimes]}\x1f"
                   f"{_status_label(r.status, r.worst_state, r.blocked)}\x1f{r.next_deadline or ''}"
                   f"{ESTIMATED if r.next_deadline_estimated else ''}\x1f")
        + search_key(r.target_zh)
        + search_key(f"\x1f{r.owner_name or r.owner}\x1f{r.owner}\x1f{r.own_reference}\x1f{r.identifiers}")
        for r in rows
    ]


def prepare_rows(rows: Sequence[CaseRow], sort_column: int = 0) -> PreparedRows:
    rows = list(rows)
    texts: list[tuple[str, ...] | None] = [None] * len(rows)  # filled as rows are shown
    haystacks = haystacks_of(rows)
    # The keys made in one pass, then read by index (no Python call per comparison key).
    keys = list(map(COLUMNS[sort_column].sort_key, rows))
    order = sorted(range(len(rows)), key=keys.__getitem__)
    blocked = frozenset(_status_label(r.status, r.worst_state, r.blocked)
                        for r in rows if r.blocked)
    regimes = {codes: ", ".join(codes) for codes in {r.regimes for r in rows}}
    # The English names and the regime codes are Latin text (the facts' name_en).
    longest = {TARGET_COLUMN: longest_texts([r.target for r in rows], len),
               INVESTOR_COLUMN: longest_texts([r.investor for r in rows], len),
               REGIMES_COLUMN: longest_texts(regimes.values(), len),
               TARGET_ZH_COLUMN: longest_texts(r.target_zh for r in rows),
               AMOUNT_COLUMN: longest_texts(
                   {f"{currency or ''} {value:,.0f}".strip() for currency, value in
                    {(r.amount_currency, r.amount_value) for r in rows} if value is not None}),
               # A date, with "(estimated)" on some: one of each kind (the dates are all
               # as wide); none when no case has a deadline, and the column is its title.
               DEADLINE_COLUMN: [SAMPLE_DATE + (ESTIMATED if estimated else "") for estimated
                                 in {r.next_deadline_estimated for r in rows if r.next_deadline}]}
    return PreparedRows(rows, texts, haystacks, {(sort_column, False): order}, blocked,
                        longest)


Orders = dict[tuple[int, bool], list[int]]  # (column, descending): row indexes in order
# More changed rows than this since the last load: sorting afresh is as quick as moving them.
MOST_CHANGED = 200


def sort_orders(prepared: PreparedRows,
                previous: tuple[Sequence[CaseRow], Orders] | None = None) -> Orders:
    """Every column's ascending order not yet computed (run on a worker after loading, so
    a click on a column header sorts at once). With the `previous` load's rows and orders,
    those still good are carried over (see carried_orders): after a case is edited the
    worker's 0.75 s of sorting 100,000 rows nine times, which slowed the list's painting
    while it ran, is a few milliseconds."""
    rows = prepared.rows
    out = carried_orders(rows, *previous) if previous is not None else {}
    for key in prepared.orders:
        out.pop(key, None)
    for column, spec in enumerate(COLUMNS):
        if (column, False) not in prepared.orders and (column, False) not in out:
            sort_key = spec.sort_key
            out[(column, False)] = sorted(range(len(rows)), key=lambda i: sort_key(rows[i]))
    return out


def descending_order(rows: Sequence[CaseRow], column: int, ascending: list[int],
                     keys: list[Any] | None = None) -> list[int]:
    """`column`'s descending order from its ascending one: last to first, each run of
    equal keys kept in reference order (Owner Z to A, every case alice's, was the whole
    list in reverse reference order), and the blank cells last either way. In C-speed
    passes over the ascending order (`keys`: each row's key, if made already): a second
    sort of 100,000 rows, reversed, held the window for a quarter of a second."""
    spec = COLUMNS[column]
    # The blank cells are the ascending order's tail (each blank column's key leads with
    # "is blank"): they stay there, in reference order.
    tail = len(ascending)
    if (blank := spec.blank) is not None:
        while tail and blank(rows[ascending[tail - 1]]):
            tail -= 1
    order = ascending[:tail][::-1]
    sort_key = spec.sort_key
    ordered_keys = ([keys[i] for i in order] if keys is not None and len(keys) == len(rows)
                    else [sort_key(rows[i]) for i in order])
    # Where neighbours are equal, the run turned backwards is turned back.
    equal = [j for j, (a, b) in enumerate(pairwise(ordered_keys)) if a == b]
    at = 0
    while at < len(equal):
        first = last = equal[at]
        while at + 1 < len(equal) and equal[at + 1] == last + 1:
            at += 1
            last += 1
        order[first:last + 2] = order[first:last + 2][::-1]
        at += 1
    return order + ascending[tail:]


def carried_orders(rows: Sequence[CaseRow], old_rows: Sequence[CaseRow],
                   old_orders: Orders) -> Orders:
    """The previous load's ascending orders brought up to date for `rows`, when these are
    the same cases in the same places, a few changed and new ones perhaps added at the end
    (a reload after a case was edited or created: the list reads them by reference); else
    nothing. Each order is sorted by (key, index), as a stable sort of the indexes leaves
    it, so the changed rows are taken out and put back in their new places."""
    if len(rows) < len(old_rows):
        return {}
    # (rows may be longer: the new cases at its end come after)
    changed = [i for i, (new, old) in enumerate(zip(rows, old_rows, strict=False))
               if new != old]
    if any(rows[i].id != old_rows[i].id for i in changed):
        return {}  # a case removed or inserted before the end: every index has moved
    changed += range(len(old_rows), len(rows))
    if len(changed) > MOST_CHANGED:
        return {}
    gone = set(changed)
    out: Orders = {}
    for (column, descending), order in old_orders.items():
        if descending:
            continue  # the reverse of the ascending order, made again when asked for
        if not gone:
            out[(column, False)] = order  # never changed in place: shared
            continue
        sort_key = COLUMNS[column].sort_key
        kept = [i for i in order if i not in gone]
        for i in changed:
            bisect.insort(kept, i, key=lambda j: (sort_key(rows[j]), j))
        out[(column, False)] = kept
    return out


def runs(positions: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as runs of consecutive ones, (first, last) each: a selection of
    thousands of rows is made of a few ranges, not one per row."""
    out: list[tuple[int, int]] = []
    for position in positions:
        if out and position == out[-1][1] + 1:
            out[-1] = (out[-1][0], position)
        else:
            out.append((position, position))
    return out


def urgency_of(row: CaseRow, today: str, due_soon_cn: str | None,
               due_soon_us: str | None) -> str:
    """"overdue", "due_soon" or "" for a row's next deadline, given today and the last
    amber day of each calendar (ISO dates): the list's colours, its Overdue and Due within 3
    working days filters and the status bar's counts all go by this."""
    due = row.next_deadline
    if not due:
        return ""
    if due < today:
        return "overdue"
    soon = due_soon_us if deadline_calendar(row) == "US" else due_soon_cn
    if soon and due <= soon:
        return "due_soon"
    if not (row.next_deadline_also or row.later_deadline):  # 100,000 rows: the usual case
        return ""
    return "due_soon" if amber_owner(row, due_soon_cn, due_soon_us) is not None else ""


def amber_owner(row: CaseRow, due_soon_cn: str | None,
                due_soon_us: str | None) -> tuple[str, str] | None:
    """The calendar ("CN" or "US") whose working days count the row's next deadline due
    within 3 working days, and the regime it is counted for ("" when the row does not say);
    None when neither does. The deadline's own track first (next_deadline_regime), then a
    track on the other calendar due the same day (next_deadline_also): the dashboard marks
    that one's row amber too."""
    due = row.next_deadline
    if not due:
        return None
    owners = [(due, deadline_calendar(row), row.next_deadline_regime)]
    if row.next_deadline_also:
        owners.append((due, "US" if row.next_deadline_also.startswith("US") else "CN",
                       row.next_deadline_also))
    if row.later_deadline:  # the other calendar's, on a later day: due soon on its own
        later, _, regime = row.later_deadline.partition(" ")
        owners.append((later, "US" if regime.startswith("US") else "CN", regime))
    for day, calendar, regime in owners:
        soon = due_soon_us if calendar == "US" else due_soon_cn
        if soon and day <= soon:
            return calendar, regime
    return None


def deadline_calendar(row: CaseRow) -> str:
    """"CN" or "US": the calendar whose working days count towards the row's next deadline,
    the one of the track that owns it (a case with a Chinese and a US track has a US
    deadline counted on the US calendar, as the dashboard counts it). A row that does not
    name the deadline's regime goes by its regimes: US only, the US calendar."""
    if row.next_deadline_regime:  # the dashboard's rule (services.deadline_report.DueSoon)
        return "US" if row.next_deadline_regime.startswith("US") else "CN"
    us_only = bool(row.regimes) and all(r.startswith("US") for r in row.regimes)
    return "US" if us_only else "CN"


CALENDAR_WORDS = {"CN": "Chinese State Council", "US": "US federal"}
ESTIMATED_TIP = "Estimated: counted through a year without an official holiday schedule"


def deadline_tip(row: CaseRow, urgency: str, today: date,
                 counted_on: tuple[str, str] | None = None) -> str:
    """The Next deadline cell on hover: how late an overdue deadline is ("Overdue: due
    9 Nov 2026, 22 days ago"), a deadline due today said as due, not overdue, and what
    "(estimated)" means; "" for a plain date. `counted_on`: the calendar and regime that
    count an amber deadline (amber_owner); the deadline's own without it."""
    lines = []
    if row.next_deadline and urgency:
        due = date.fromisoformat(row.next_deadline)
        days = (today - due).days
        if urgency == "overdue":
            # Calendar days, said so: the dashboard counts the clock's own unit (working days).
            lines.append(f"Overdue: due {fmt_date(due)}, {counted(days, 'calendar day')} ago")
        else:
            calendar, regime = counted_on or (deadline_calendar(row), row.next_deadline_regime)
            later, _, later_regime = row.later_deadline.partition(" ")
            if later and regime and regime == later_regime != row.next_deadline_regime:
                # Amber for the other calendar's deadline, a day after the one shown.
                lines.append(f"Due within 3 working days: {regime}, due "
                             f"{fmt_date(date.fromisoformat(later))} (the date shown is "
                             f"{row.next_deadline_regime or 'the next deadline'}'s)")
            else:
                lines.append("Due within 3 working days" + (": due today, not yet overdue"
                                                             if days == 0 else ""))
            if regime:  # which calendar's working days were counted
                lines.append(f"Working days of the {CALENDAR_WORDS[calendar]} "
                             f"calendar ({regime})")
            if row.next_deadline_also:  # both named: the dashboard lists both
                lines.append(f"Due the same day: {row.next_deadline_regime} and "
                             f"{row.next_deadline_also}")
    if row.next_deadline and row.next_deadline_estimated:
        lines.append(ESTIMATED_TIP)
    return "\n".join(lines)


@dataclass(frozen=True)
class UrgentCounts:
    overdue: int = 0
    due_soon: int = 0


def count_urgent(rows: Sequence[CaseRow], today: str, due_soon_cn: str | None,
                 due_soon_us: str | None) -> UrgentCounts:
    """How many rows are overdue and due soon (a worker's job: 100,000 rows, ~30 ms)."""
    overdue = due_soon = 0
    for row in rows:
        if row.next_deadline:  # rows without a deadline are skipped without a call
            kind = urgency_of(row, today, due_soon_cn, due_soon_us)
            if kind == "overdue":
                overdue += 1
            elif kind == "due_soon":
                due_soon += 1
    return UrgentCounts(overdue, due_soon)


# Qt's match types the model answers itself (as strings, case-folded unless asked not to).
MATCHERS: dict[Qt.MatchFlag, Callable[[str, str], bool]] = {
    Qt.MatchFlag.MatchExactly: lambda text, value: text == value,
    Qt.MatchFlag.MatchFixedString: lambda text, value: text == value,
    Qt.MatchFlag.MatchContains: lambda text, value: value in text,
    Qt.MatchFlag.MatchStartsWith: lambda text, value: text.startswith(value),
    Qt.MatchFlag.MatchEndsWith: lambda text, value: text.endswith(value),
}
MATCH_TYPE = Qt.MatchFlag(0x0F)  # the bits of Qt's match flags that say how to compare


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseRow] = []
        self._texts: list[tuple[str, ...] | None] = []
        self._haystacks: list[str] = []
        self._orders: dict[tuple[int, bool], list[int]] = {}
        self._visible: list[int] = []
        self._needle = ""
        self._predicate: Callable[[CaseRow], bool] | None = None
        self._sort_column = 0
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.today = date.today()
        # ISO dates: deadlines on or before them are amber ("due within 3 working days"),
        # per calendar, since a Chinese and a US track count working days differently.
        self.due_soon_cn: str | None = None
        self.due_soon_us: str | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self.header_hint = ""  # a line under every column's tooltip (how to choose them)
        self.blocked_statuses: frozenset[str] = frozenset()
        self.longest: dict[int, list[str]] = {}

    # -- loading ----------------------------------------------------------------------
    def set_rows(self, rows: Sequence[CaseRow] | PreparedRows) -> None:
        """Show new rows; pass `prepare_rows(rows)` made on a worker to keep the GUI free."""
        prepared = rows if isinstance(rows, PreparedRows) else prepare_rows(rows)
        self.beginResetModel()
        self._rows, self._texts, self._haystacks = (
            prepared.rows, prepared.texts, prepared.haystacks)
        self._orders = dict(prepared.orders)
        self.blocked_statuses = prepared.blocked_statuses
        self.longest = prepared.longest
        self._visible = self._compute_visible()
        self.endResetModel()

    def rows_and_orders(self) -> tuple[list[CaseRow], Orders]:
        """The rows shown and their sort orders so far, for the next load to carry over
        (sort_orders); the lists are never changed in place, so a worker may read them."""
        return self._rows, dict(self._orders)

    def add_orders(self, prepared: PreparedRows,
                   orders: dict[tuple[int, bool], list[int]]) -> None:
        """Take sort orders computed in the background, if the rows are still the same."""
        if prepared.rows is self._rows:
            for key, order in orders.items():
                self._orders.setdefault(key, order)

    def row_at(self, row: int) -> CaseRow:
        return self._rows[self._visible[row]]

    def shown(self) -> tuple[list[CaseRow], list[int]]:
        """Every row and the ones shown (their positions, in order), for a worker to pick
        out: both lists are replaced, never changed in place."""
        return self._rows, self._visible

    def row_for_reference(self, reference: str) -> int | None:
        for position, index in enumerate(self._visible):
            if self._rows[index].reference == reference:
                return position
        return None

    def rows_for_references(self, references: Collection[str]) -> dict[str, int]:
        """Where each of `references` is shown now (one pass; those hidden are left out)."""
        found: dict[str, int] = {}
        if not references:
            return found
        rows = self._rows
        for position, index in enumerate(self._visible):
            reference = rows[index].reference
            if reference in references:
                found[reference] = position
                if len(found) == len(references):
                    break
        return found

    @property
    def total(self) -> int:
        return len(self._rows)

    @property
    def needle(self) -> str:
        """The filter text currently applied (case-folded)."""
        return self._needle

    def urgency(self, row: CaseRow) -> str:
        """"overdue", "due_soon" or "" for the row's next deadline."""
        if not row.next_deadline:
            return ""
        return urgency_of(row, self.today.isoformat(), self.due_soon_cn, self.due_soon_us)

    # -- filtering and sorting --------------------------------------------------------
    def set_filter(
        self, text: str, predicate: Callable[[CaseRow], bool] | None = None
    ) -> None:
        needle = search_key(text).strip()
        if needle == self._needle and predicate is self._predicate:
            return
        # Typing on narrows the rows already shown: only those can still match.
        narrowing = (predicate is self._predicate and bool(self._needle)
                     and needle.startswith(self._needle)
                     and len(needle.split()) >= len(self._needle.split()))
        self.beginResetModel()
        self._needle, self._predicate = needle, predicate
        self._visible = self._compute_visible(self._visible if narrowing else None)
        self.endResetModel()

    def _order(self) -> list[int]:
        """Row indexes in the current sort order (computed once per column and direction)."""
        key = (self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder)
        order = self._orders.get(key)
        if order is None:
            rows = self._rows
            ascending = self._orders.get((key[0], False))
            keys = (list(map(COLUMNS[key[0]].sort_key, rows))
                    if ascending is None or key[1] else [])
            if ascending is None:
                ascending = sorted(range(len(rows)), key=keys.__getitem__)
                self._orders[(key[0], False)] = ascending
            order = descending_order(rows, key[0], ascending, keys) if key[1] else ascending
            self._orders[key] = order
        return order

    def sorted_words(self, column: int) -> str:
        """How the list is sorted by `column`, in words, for its header's tooltip ("" when
        it is sorted by another): the arrow's direction differs between systems."""
        if column != self._sort_column:
            return ""
        spec = COLUMNS[column]
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        words = f"Sorted {spec.ways[descending]}"
        if spec.blank_words:
            words += f", {spec.blank_words}"
        return f"{words}. Click the title to sort {spec.ways[not descending]}."

    def _compute_visible(self, candidates: list[int] | None = None) -> list[int]:
        """The rows that match, in sort order (candidates are already in sort order)."""
        terms = self._needle.split()
        haystacks, rows, predicate = self._haystacks, self._rows, self._predicate
        source = self._order() if candidates is None else candidates
        if not terms and predicate is None:
            return list(source)
        if predicate is None:
            if len(terms) == 1:
                term = terms[0]
                return [i for i in source if term in haystacks[i]]
            return [i for i in source if all(t in haystacks[i] for t in terms)]
        if not terms:  # the Status or Regime filter alone
            return [i for i in source if predicate(rows[i])]
        return [i for i in source
                if all(t in haystacks[i] for t in terms) and predicate(rows[i])]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        before = self._visible
        self._sort_column, self._sort_order = column, order
        self._visible = self._compute_visible()
        self._follow_rows(before)
        self.layoutChanged.emit()

    def _follow_rows(self, before: list[int]) -> None:
        """Move the view's persistent indexes (the current row and the selection) with
        their cases, so a sort keeps the same cases selected, not the same positions."""
        persistent = self.persistentIndexList()
        if not persistent:
            return
        visible = self._visible
        if len(persistent) > 16:  # a large selection: one lookup table
            table = {source: row for row, source in enumerate(visible)}
            position: Callable[[int], int | None] = table.get
        else:  # the current row and a few: a scan each beats a 100,000-entry table
            def position(source: int) -> int | None:
                try:
                    return visible.index(source)
                except ValueError:
                    return None
        moved = []
        for index in persistent:
            row = position(before[index.row()]) if index.row() < len(before) else None
            moved.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(persistent, moved)

    def _text(self, source: int) -> tuple[str, ...]:
        texts = self._texts[source]
        if texts is None:  # first time on screen
            texts = self._texts[source] = row_texts(self._rows[source])
        return texts

    def _tooltip(self, source: int, column: int) -> str:
        text, row = self._text(source)[column], self._rows[source]
        if column in (TARGET_COLUMN, TARGET_ZH_COLUMN):
            return target_tip(row.target, row.target_zh)
        if column == REFERENCE_COLUMN and row.own_reference:
            return f"{text} · your reference {row.own_reference}"
        if column == STATUS_COLUMN:
            return status_tip(row)
        if column == OWNER_COLUMN:  # "Li Wei (li.wei)": the login is who the trail names
            return owner_tip(row.owner, row.owner_name)
        return text

    def match(self, start: Index, role: int, value: Any, hits: int = 1,
              flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap,
              ) -> list[QModelIndex]:
        """The rows whose cell in `start`'s column matches `value`, from `start` on
        (wrapping round with MatchWrap). Qt's own asks data() for each row in turn: typing
        a letter in the list (its type-ahead) that no case starts with made 100,000 calls
        into Python, one to two seconds. Here the column's texts are read directly."""
        how = MATCHERS.get(Qt.MatchFlag(flags & MATCH_TYPE))
        if (role != Qt.ItemDataRole.DisplayRole or not isinstance(value, str) or how is None
                or not start.isValid() or start.parent().isValid()):
            return super().match(start, role, value, hits, flags)
        column, count = start.column(), len(self._visible)
        text_of = COLUMNS[column].text
        # MatchExactly compares as Qt compares values: case and all.
        case_sensitive = bool(flags & Qt.MatchFlag.MatchCaseSensitive) or (
            how is MATCHERS[Qt.MatchFlag.MatchExactly])
        wanted = value if case_sensitive else value.casefold()
        positions = range(start.row(), count)
        if flags & Qt.MatchFlag.MatchWrap:
            positions = [*positions, *range(0, start.row())]  # type: ignore[assignment]
        found: list[QModelIndex] = []
        rows, texts, visible = self._rows, self._texts, self._visible
        for position in positions:
            source = visible[position]
            shown = texts[source]
            text = shown[column] if shown is not None else text_of(rows[source])
            if how(text if case_sensitive else text.casefold(), wanted):
                found.append(self.index(position, column))
                if len(found) == hits:
                    break
        return found

    # -- Qt model interface -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            parts = (COLUMNS[section].tip, self.sorted_words(section), self.header_hint)
            return "\n\n".join(p for p in parts if p) or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        source = self._visible[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(source)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == DEADLINE_COLUMN:
            urgency = self.urgency(self._rows[source])
            if urgency == "overdue":
                return QBrush(overdue_colour())
            if urgency == "due_soon":
                return QBrush(due_soon_colour())
        if role == Qt.ItemDataRole.ForegroundRole and self._rows[source].status == "closed":
            # Greyed out, not hidden: a closed case is still found and opened (its Status
            # cell says Closed, so not by colour alone).
            return QBrush(QColor(secondary_text_colour()))
        if index.column() == STATUS_COLUMN and self._rows[source].blocked:
            # A case that cannot be completed stands out like an overdue deadline (the
            # cell's words say why, so not by colour alone).
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(overdue_colour())
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DEADLINE_COLUMN:
            row = self._rows[source]
            return deadline_tip(row, self.urgency(row), self.today, amber_owner(
                row, self.due_soon_cn, self.due_soon_us)) or None
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == DEADLINE_COLUMN:
            # What the red or amber and the bold say, for a screen reader too.
            text = self._text(source)[index.column()]
            urgency = self.urgency(self._rows[source])
            return {"overdue": f"{text}, overdue",
                    "due_soon": f"{text}, due within 3 working days"}.get(urgency, text) or None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() != DEADLINE_COLUMN:
            # The whole text, for cells the column width cuts off ("CN-FISR, CN-SAMR, …"),
            # and the names the filter also finds.
            return self._tooltip(source, index.column()) or None
        if (role == Qt.ItemDataRole.FontRole and index.column() == DEADLINE_COLUMN
                and self.urgency(self._rows[source])):
            return self._bold  # not colour alone: urgent deadlines are bold too
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[source].reference
        return None


def short_blocked_status(text: str, fits: Callable[[str], bool]) -> str:
    """A blocked case's Status for a cell too narrow for it whole: "Draft (blocked)",
    else "Blocked" (elided beyond that), so the cell still says the case is blocked in
    words, not by its red alone; the tooltip has the whole text."""
    if fits(text) or " (blocked: " not in text:
        return text
    shorter = text.split(" (blocked: ", 1)[0] + " (blocked)"
    return shorter if fits(shorter) else "Blocked"


class BlockedStatusDelegate(QStyledItemDelegate):
    """The Status column's cells: a blocked case's text shortened to fit (see
    short_blocked_status) rather than elided to "Draft …" at 200 %."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        text = option.text
        if " (blocked: " not in text:
            return
        metrics = option.fontMetrics  # the bold font's
        room = option.rect.width() - CELL_PADDING
        option.text = short_blocked_status(
            text, lambda t: metrics.horizontalAdvance(t) <= room)


CELL_PADDING = 12  # a cell's text margins and focus frame, as Qt's style draws them
# Amounts too wide for their cell, by the thousand, million and billion.
_SCALES = ((1e9, "bn"), (1e6, "m"), (1e3, "k"))


def short_amount(text: str, fits: Callable[[str], bool]) -> str:
    """An Amount cell too narrow for its text ("USD 150,000,000"): "USD 150m", three
    figures at most, "≈" before it when that rounds ("USD ≈1.23bn"), so a narrow column
    shows a size to compare rather than "USD 15…", which read as fifteen; whole on hover."""
    if fits(text):
        return text
    currency, _space, number = text.rpartition(" ")
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        return text
    for scale, suffix in _SCALES:  # the largest scale it is at least one of, once rounded
        scaled = value / scale
        shown = f"{scaled:.3g}"
        if "e" in shown:  # a thousand billion and more: whole billions
            shown = f"{scaled:,.0f}"
        if abs(float(shown.replace(",", ""))) >= 1:
            exact = float(shown.replace(",", "")) * scale == value
            return f"{currency} {'' if exact else '≈'}{shown}{suffix}".strip()
    return text


class AmountDelegate(QStyledItemDelegate):
    """The Amount column's cells: an amount too wide for its cell shortened by its scale
    (see short_amount) rather than elided to its first digits."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        metrics, room = option.fontMetrics, option.rect.width() - CELL_PADDING
        option.text = short_amount(option.text, lambda t: metrics.horizontalAdvance(t) <= room)


ESTIMATED_SHORT = " (est.)"  # as the deadlines dashboard shortens it in a narrow Due


ESTIMATED_MARK = "≈"  # before the date where even "(est.)" has no room, as Amount's "≈"


def short_deadline(text: str, fits: Callable[[str], bool]) -> str:
    """A Next deadline too wide for its cell: "2027-04-14 (est.)" rather than elided to
    "2027-04-14 …", which hid that the date is an estimate (200 % on a laptop); narrower
    still (200 % with every column shown), "≈2027-04-14": the date whole and still marked
    as an estimate, where "(est.)" was cut to "2027-04-1…" (the whole text on hover)."""
    if fits(text) or not text.endswith(ESTIMATED):
        return text
    date = text[: -len(ESTIMATED)]
    shorter = date + ESTIMATED_SHORT
    return shorter if fits(shorter) else ESTIMATED_MARK + date


class DeadlineDelegate(QStyledItemDelegate):
    """The Next deadline column's cells: "(estimated)" shortened to fit (short_deadline)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        metrics, room = option.fontMetrics, option.rect.width() - CELL_PADDING
        option.text = short_deadline(option.text,
                                     lambda t: metrics.horizontalAdvance(t) <= room)


def title_lines(metrics: QFontMetrics, title: str) -> list[str]:
    """A column title as its header shows it in the least width: two lines, broken at the
    space that leaves the wider line narrowest ("Regimes needing" over "action"); one line
    for a single word."""
    words = title.split(" ")
    if len(words) < 2:
        return [title]
    splits = ([" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words)))
    return min(splits, key=lambda lines: max(map(metrics.horizontalAdvance, lines)))


def title_width(metrics: QFontMetrics, title: str) -> int:
    """The least width a title reads whole in, wrapped in two lines when it has a space."""
    return max(map(metrics.horizontalAdvance, title_lines(metrics, title)))


def fitted_title(metrics: QFontMetrics, title: str, room: int) -> str:
    """A title for a header section with `room` pixels for its text: on one line when it
    fits, else on two (at 150 % "Regimes needing action" read "Regimes ne…"); each line
    elided only when even that is too wide (the header's tooltip then names it)."""
    def fitted(line: str) -> str:  # (elidedText cut a line this measure says fits)
        if metrics.horizontalAdvance(line) <= room:
            return line
        return metrics.elidedText(line, Qt.TextElideMode.ElideRight, max(room, 0))

    if metrics.horizontalAdvance(title) <= room:
        return title
    return "\n".join(map(fitted, title_lines(metrics, title)))


class CaseHeader(QHeaderView):
    """The case list's column titles: a title wider than its column wraps onto a second
    line, the header growing to two lines while one does, rather than being elided
    ("Regimes ne…", "Investo…" at 150 to 200 %). A title still cut says itself on hover,
    above what its column shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # as a table's own header: a click sorts
        # Elided here, line by line (fitted_title): Qt's style elided the two lines as one
        # text ("Regimes\nnee…").
        self.setTextElideMode(Qt.TextElideMode.ElideNone)

    def title(self, logical: int) -> str:
        model = self.model()
        text = model.headerData(logical, self.orientation()) if model is not None else None
        return text if isinstance(text, str) else ""

    def title_room(self, logical: int) -> int:
        """The width the style leaves a section's title (less its margins and sort arrow)."""
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, self.sectionSize(logical), max(self.height(), 1))
        option.section = logical
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == logical:
            option.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
        return self.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, option, self).width()

    def short_title(self, logical: int) -> str:
        return COLUMNS[logical].short_title if 0 <= logical < len(COLUMNS) else ""

    def title_least(self, logical: int, *, wrapped: bool = True, short: bool = False) -> int:
        """The least width a section's title reads whole in (on two lines when it has a
        space, unless not `wrapped`; as its short title if `short` and it has one), with the
        style's margins and, on the sorted column, the sort arrow."""
        metrics, title = self.fontMetrics(), self.title(logical)
        text = title_width(metrics, title) if wrapped else metrics.horizontalAdvance(title)
        if short and self.short_title(logical):
            text = min(text, metrics.horizontalAdvance(self.short_title(logical)))
        return text + self.sectionSize(logical) - self.title_room(logical)

    def shown_title(self, logical: int) -> str:
        """The title as drawn: one line, two, its short title, or elided."""
        metrics, room = self.fontMetrics(), self.title_room(logical)
        text = fitted_title(metrics, self.title(logical), room)
        short = self.short_title(logical)
        if "…" in text and short:
            return fitted_title(metrics, short, room)
        return text

    def wraps(self) -> bool:
        """Whether a title shown takes two lines (the header is two lines high then)."""
        return any("\n" in self.shown_title(c) for c in range(self.count())
                   if not self.isSectionHidden(c))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.wraps():  # the table lays its header out at this height
            hint.setHeight(hint.height() + self.fontMetrics().lineSpacing())
        return hint

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical: int) -> None:
        super().initStyleOptionForIndex(option, logical)
        option.text = self.shown_title(logical)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            logical = self.logicalIndexAt(event.pos())
            title = self.title(logical) if logical >= 0 else ""
            shown = self.shown_title(logical).replace("\n", " ") if title else ""
            if title and shown != title:  # elided, or its short title
                tip = self.model().headerData(logical, self.orientation(),
                                              Qt.ItemDataRole.ToolTipRole)
                QToolTip.showText(event.globalPos(), "\n\n".join(
                    t for t in (title, tip) if isinstance(t, str) and t), self)
                return True
        return super().viewportEvent(event)


class CaseTable(QTableView):
    """The list's view: a list of cases, one a row, not a grid of cells. Home and End go to
    the first and last case (a table's go to the first and last column of the same row,
    which with whole rows selected shows nothing), and Ctrl+Home and Ctrl+End select the
    case they go to (a table's move the cursor and leave the highlight behind, so Enter
    opened a case other than the one highlighted)."""

    _ENDS = (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(CaseHeader(self))
        self.setItemDelegateForColumn(STATUS_COLUMN, BlockedStatusDelegate(self))
        self.setItemDelegateForColumn(AMOUNT_COLUMN, AmountDelegate(self))
        self.setItemDelegateForColumn(DEADLINE_COLUMN, DeadlineDelegate(self))

    def setSelectionModel(self, selection_model: QItemSelectionModel) -> None:
        super().setSelectionModel(selection_model)
        # The column headers highlight no selection (whole rows are selected), yet Qt's
        # header asks at each paint whether its columns are wholly selected, row by row:
        # with every one of 100,000 cases selected (Ctrl+A), 900,000 calls into the
        # model's Python, 3.5 s at each selection, sort and reload. A selection of their
        # own, always empty, answers at once. (Sorting by a header click selects nothing.)
        model = self.model()
        if model is not None:
            self.horizontalHeader().setSelectionModel(QItemSelectionModel(model, self))

    def shown_columns(self) -> list[int]:
        """The columns shown, left to right, as the header orders them."""
        header = self.horizontalHeader()
        logical = (header.logicalIndex(v) for v in range(header.count()))
        return [c for c in logical if not header.isSectionHidden(c)]

    def sort_by_shown_column(self, position: int) -> bool:
        """Sort by the `position`-th column shown (1 = the leftmost), as a click on its title
        does: by it ascending, or the other way round when the list is sorted by it already.
        False when fewer columns are shown."""
        shown = self.shown_columns()
        if not 1 <= position <= len(shown) or not self.isSortingEnabled():
            return False
        column = shown[position - 1]
        header = self.horizontalHeader()
        ascending = Qt.SortOrder.AscendingOrder
        order = ascending
        if header.sortIndicatorSection() == column and header.sortIndicatorOrder() == ascending:
            order = Qt.SortOrder.DescendingOrder
        self.sortByColumn(column, order)
        current = self.currentIndex()
        if current.isValid():  # the case the cursor is on stays in sight
            self.scrollTo(current)
        return True

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Tabbed into, the case the keyboard lands on is selected (Qt made it current only:
        # no row marked, and with one case shown Down did nothing), as in the Users list.
        super().focusInEvent(event)
        select_row_on_focus(self, event.reason())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+1 … Ctrl+9 sort by the first … ninth column shown: the list's only way to
        # sort was a click on a column's title, out of reach of an officer at the keyboard.
        key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (modifiers == Qt.KeyboardModifier.ControlModifier
                and Qt.Key.Key_1 <= key <= Qt.Key.Key_9
                and self.sort_by_shown_column(key - Qt.Key.Key_0)):
            event.accept()
            return
        super().keyPressEvent(event)

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        if action not in self._ENDS or model is None or model.rowCount() == 0:
            return super().moveCursor(action, modifiers)
        row = 0 if action == QAbstractItemView.CursorAction.MoveHome else model.rowCount() - 1
        column = self.currentIndex().column()
        if column < 0 or self.isColumnHidden(column):  # the first column shown
            column = self.horizontalHeader().logicalIndex(0)
        return model.index(row, column)

    def selectionCommand(self, index: Index,
                         event: QEvent | None = None) -> QItemSelectionModel.SelectionFlag:
        if (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            if self.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows:
                flags |= QItemSelectionModel.SelectionFlag.Rows
            return flags
        return super().selectionCommand(index, event)
