"""The holiday calendars: which years are official, where each came from, and their days.

Opened from View → Holiday calendars…. Per calendar (CN, US) it lists the held years
(shipped or entered by an officer) and the next years, which are *estimated* until the
official schedule is entered; the days of the selected year show in a table and in a
coloured month view. An officer with "calendar.edit" can enter a newly published year,
correct one day, or remove a year entered by mistake; each runs on the write worker through
`services.workflow` / `services.calendar_effects` and is audited.
Everybody else sees the buttons disabled, with the reason.

Two layouts, chosen by the dialog's width: side by side (years | month view | days) when
all three fit with every column of the days readable, with a divider the officer may drag
(remembered in the data folder's settings); else, as on a 1366×768 screen at 200 %, the
years, the days and the month view on tabs, each with the whole width.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QByteArray, QDate, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.calendars import (
    CALENDAR_CODES,
    IN_LIEU,
    build_calendar,
    read_notice,
    unlisted_statutory_days,
)
from approvals.domain.clocks import fmt_date
from approvals.domain.dates import date_refusal, typed_date_problem, typed_whole_date
from approvals.domain.errors import InputError
from approvals.domain.numbers import counted
from approvals.domain.typed_input import NAME_CHARS, REASON_CHARS, one_line_problem
from approvals.services.calendar_effects import (
    DeadlineChange,
    YearRemoval,
    entered_with_year,
    preview_deadline_changes,
    remove_calendar_correction,
    remove_calendar_year,
    with_deadline_changes,
    year_removal,
)
from approvals.services.workflow import (
    CORRECTION_SOURCE_NEEDED,
    add_calendar_year,
    calendar_for,
    calendar_years,
    correct_calendar_day,
)
from approvals.store.audit import Actor
from approvals.ui.errors import refusal, show_error, user_message
from approvals.ui.geometry import keep_geometry
from approvals.ui.open_cases_check import open_case_at
from approvals.ui.widgets import (
    ask_to_discard,
    cell_data,
    error_colour,
    free_alt_keys,
    is_dark,
    palette_styled,
    redraw_on_palette_change,
    resize_to_screen,
    set_available,
    show_kept,
    text_field,
)
from approvals.ui.workers import TaskRunner

CALENDAR_TITLES = {"CN": "China — State Council schedule", "US": "United States — federal"}
STATUS_LABELS = {
    "shipped": "Official — shipped with the app",
    "officer": "Official — entered by an officer",
    "officer_unofficial": "Estimated — entered by an officer",
    "estimated": "Estimated — no official schedule",
}
# The deadlines a saved change moved are listed under the buttons in a list this many rows
# high at most (it scrolls): fewer on tabs, where a short window leaves the days little room.
CHANGES_ROWS, CHANGES_ROWS_ON_TABS = 4, 2
# Layouts of the calendars dialog (see the module's docstring).
SIDE_BY_SIDE, TABS = "side by side", "tabs"
# The Name column never narrower than this many average characters, side by side (the
# whole name is in the cell's tooltip): 12 keeps that layout at 125 % on a 1366×768 screen.
NAME_MIN_CHARS = 12
SOURCE_MIN_CHARS = 4  # of the years' Source column, side by side (whole in its tooltip)
CELL_PADDING = 16  # a cell's margins and the header's sort arrow room, in device-independent px
SETTINGS_SPLITTER = "holiday_calendars/splitter"
SETTINGS_GEOMETRY = "holiday_calendars/geometry"
MAX_RANGE_DAYS = 31  # the longest Chinese holiday block is 8-9 days; more is a typo
# Said at Correct a day…'s Name, in Add published year…'s words (which add "after the date").
HOLIDAY_NAME_NEEDED = "type the holiday's name, as the notice gives it"
SOURCE_PLACEHOLDER = "the notice that says so"
PREVIEW_LINES = 12  # deadlines listed before saving; the window lists all after
ESTIMATED_AHEAD = 2  # years after this one always listed, so their estimate is visible

# A date as a notice, a spreadsheet or a CSV file gives it: 2027-02-06, 2027/2/6 or
# 2027年2月6日 (the Chinese notice's own form).
_DATE = r"\d{4}(?:-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2}|年\d{1,2}月\d{1,2}日)"
_RANGE = re.compile(
    rf"^(?P<start>{_DATE})"
    rf"(?:\s*(?:\.\.|–|—|~|～|至|\bto\b|\s-\s)\s*(?P<end>{_DATE}))?"
    # The name after a space, a tab, or a comma or semicolon (a CSV or spreadsheet row
    # pasted: "2027-02-06,Spring Festival" was refused as not starting with a date); a
    # Chinese date may run straight into it (2027年2月6日春节).
    r"(?:(?:\s*[,;，；]\s*|\s+|(?<=日))(?P<name>.*))?$"
)
_ANY_DATE = re.compile(_DATE)


# -- data the worker prepares -----------------------------------------------------------
@dataclass(frozen=True)
class DayRow:
    day: date
    kind: str  # holiday | workday
    name: str
    corrected: bool  # an officer's correction of this one day
    source: str = ""  # the notice the day is listed by: the correction's, else its year's
    # A day of a swap the schedule pairs, named by the other day: "For the National Day
    # day off on 2016-10-06" (a make-up working day), "National Day day off (2016-10-08
    # worked instead)" (its day off); "" where the schedule pairs none.
    swap: str = ""


@dataclass(frozen=True)
class YearRow:
    year: int
    status: str  # a key of STATUS_LABELS
    source: str
    days: tuple[DayRow, ...]
    entered: str = ""  # an officer-entered year: "by li.wei on 30 Nov 2026"
    # An officer-entered year: what Remove entered year… would do (None for any other).
    removal: YearRemoval | None = None

    @property
    def is_entered(self) -> bool:
        return self.status in ("officer", "officer_unofficial")

    @property
    def official(self) -> bool:
        return self.status in ("shipped", "officer")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_text(self) -> str:
        """The status with who entered the year: "Official — entered by li.wei on 30 Nov
        2026"."""
        label = self.status_label
        return label.replace("by an officer", self.entered) if self.entered else label

    @property
    def corrected_days(self) -> list[date]:
        return [d.day for d in self.days if d.corrected]

    @property
    def status_detail(self) -> str:
        """status_text and the days an officer corrected: a shipped year with a typhoon
        closure entered read "Official — shipped with the app", as if untouched."""
        corrected = self.corrected_days
        if not corrected:
            return self.status_text
        listed = ", ".join(d.isoformat() for d in corrected[:3]) + (
            ", …" if len(corrected) > 3 else "")
        return (f"{self.status_text}; {_count(len(corrected), 'day')} corrected by an officer "
                f"({listed})")


@dataclass(frozen=True)
class CalendarData:
    code: str
    years: tuple[YearRow, ...]
    weekend: frozenset[int] = frozenset({5, 6})  # date.weekday() of the days not worked

    def year(self, year: int) -> YearRow | None:
        return next((y for y in self.years if y.year == year), None)


def load_calendar(session: Any, code: str, today: date | None = None) -> CalendarData:
    """Every held year of `code` plus the estimated years up to ESTIMATED_AHEAD from now."""
    today = today or date.today()
    cal = calendar_for(session, code)
    plain = build_calendar(code)  # without the officer's day corrections, to spot them
    held = {v.year: v for v in calendar_years(session, code)}
    # Every held year, and at least one year past them: it shows what is estimated. And
    # every year with a corrected day: one corrected in 2031 was saved but listed nowhere
    # (the dialog then showed 2016 as if nothing had happened).
    last = max(today.year + ESTIMATED_AHEAD, max(held, default=today.year) + 1)
    years = sorted(set(range(min([*held, today.year]), last + 1)) | cal.override_years())
    rows = []
    for year in years:
        view = held.get(year)
        year_source = view.source if view is not None else cal.schedule(year).source
        # Only an officer-entered year has days entered with it: in a shipped year every
        # officer entry is a correction, even one citing the shipped notice as its source
        # (as services.calendar_effects.remove_calendar_correction counts them).
        corrected = ({date.fromisoformat(d) for d, _k, _n in view.corrections
                      if not (view.origin == "officer" and entered_with_year(
                          session, code, d, _source_of(cal, d), view.source))}
                     if view else set())
        days = []
        day = date(year, 1, 1)
        while day.year == year:
            working, name = cal.day_info(day, period=False)
            weekend = day.weekday() in cal.weekend
            fixed = day in corrected or (view is None and plain.day_info(day, period=False) != (working, name))
            if fixed or (name and name != "weekend") or working == weekend:
                override = cal.override(day)
                source = override.source if override is not None else year_source
                days.append(DayRow(day, "workday" if working else "holiday", name, fixed,
                                   source))
            day += timedelta(days=1)
        if view is None:
            status, source = "estimated", cal.schedule(year).source
        elif view.origin == "officer":
            status, source = ("officer" if view.official else "officer_unofficial"), view.source
        else:
            status, source = ("shipped" if view.official else "estimated"), view.source
        rows.append(YearRow(year, status, source, tuple(days), entered_text(view),
                            year_removal(session, code, year)
                            if view is not None and view.origin == "officer" else None))
    swaps = _swaps([d for row in rows for d in row.days])
    rows = [replace(row, days=tuple(replace(d, swap=swaps.get(d.day, "")) for d in row.days))
            for row in rows]
    return CalendarData(code, tuple(rows), frozenset(cal.weekend))


# A day off swapped with a weekend day, as the shipped CN schedules name it (the
# `holidays` package's wording): "Day off (substituted from 2016-10-08)".
_SUBSTITUTED = re.compile(r"substituted from (\d{4}-\d{2}-\d{2})")
MAKE_UP_NEAR = 7  # days: a day off's holiday is named within this of it (a week's break)


def _swaps(days: list[DayRow]) -> dict[date, str]:
    """The Days tab's Name for each day of a swap the schedule pairs, a day off named
    "Day off (substituted from 2016-10-08)" and the make-up working day 2016-10-08:
    "National Day day off (2016-10-08 worked instead)" and "For the National Day day off
    on 2016-10-06", the holiday nearest the day off named where there is one. Every
    make-up day of the shipped CN years is paired; the Days tab showed "Make-up working
    day" as its kind and its name, and the day off in the `holidays` package's words."""
    named = [d for d in days if d.kind == "holiday" and not _unnamed(d.name)
             and not _SUBSTITUTED.search(d.name)]
    swaps: dict[date, str] = {}
    for off in days:
        match = _SUBSTITUTED.search(off.name) if off.kind == "holiday" else None
        if match is None:
            continue
        try:
            worked = date.fromisoformat(match[1])
        except ValueError:
            continue
        near = min(named, key=lambda d: abs((d.day - off.day).days), default=None)
        holiday = (f"{near.name.split(IN_LIEU)[0]} "
                   if near is not None and abs((near.day - off.day).days) <= MAKE_UP_NEAR
                   else "")
        swaps[worked] = f"For the {holiday}day off on {off.day.isoformat()}"
        off_text = f"{holiday}day off ({worked.isoformat()} worked instead)"
        swaps[off.day] = off_text[:1].upper() + off_text[1:]
    return swaps


def entered_text(view: Any) -> str:
    """Who entered an officer-entered year and when: "by li.wei on 30 Nov 2026" (the audit
    trail has every entry); "" for a shipped or estimated year."""
    if view is None or not getattr(view, "entered_by", ""):
        return ""
    when = str(getattr(view, "entered_at", ""))[:10]
    try:
        on = f" on {fmt_date(date.fromisoformat(when))}"
    except ValueError:
        on = ""
    return f"by {view.entered_by}{on}"


MAKE_UP_NAME = "Make-up working day"  # the shipped and estimated make-up days' only name


def day_name_text(day: DayRow) -> tuple[str, str]:
    """The Days tab's Name for a day, and its tooltip. A day of a swap (DayRow.swap) named
    only as the schedule has it, "Make-up working day" (which Kind says) or "Day off
    (substituted from …)", names the other day; a make-up working day the schedule pairs
    with none has an empty Name, its tooltip saying why. An officer's own name stays."""
    generic = (day.name.casefold() == MAKE_UP_NAME.casefold() if day.kind == "workday"
               else bool(_SUBSTITUTED.search(day.name)))
    if not generic:
        return day.name, day.name
    if day.swap:
        return day.swap, f"{day.swap}; the schedule: {day.name}"
    if day.kind == "workday":
        return "", "The schedule does not say which day off this working day is worked for"
    return day.name, day.name


def correction_words(source: str) -> str:
    """"corrected by an officer; source: <the notice cited>" (without a source given, the
    first part only), for a corrected day in the Days table and in Correct a day…."""
    return f"corrected by an officer; source: {source}" if source else "corrected by an officer"


def _unnamed(name: str) -> bool:
    """A day listed without a name of its own: a weekend, an unnamed officer entry."""
    return name in ("", "weekend") or "officer entry" in name


def _source_of(cal: Any, day: str) -> str:
    """The source stored with the officer's entry for `day` ("" when there is none)."""
    override = cal.override(date.fromisoformat(day))
    return override.source if override is not None else ""


# -- parsing what the officer types -----------------------------------------------------
@dataclass(frozen=True)
class ParsedDay:
    day: date
    name: str
    line: int


def parse_day_lines(text: str, year: int,
                    default_name: str | None) -> tuple[list[ParsedDay], list[str]]:
    """Days from lines like `2027-02-06..2027-02-12 Spring Festival` or `2027-01-01 New
    Year`; returns the days and one message per bad line (naming the line). A line without
    a name takes `default_name`; with None, the name is asked for (the notice names every
    holiday: one saved as "Public holiday" hid which it was)."""
    days: list[ParsedDay] = []
    problems: list[str] = []
    seen: dict[date, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _RANGE.match(line)
        if match is None:
            problems.append(f"line {number}: “{line[:40]}” does not start with a date "
                            "(YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD)")
            continue
        try:
            start = date.fromisoformat(_iso(match["start"]))
        except ValueError:
            problems.append(f"line {number}: {date_refusal(match['start'])}")
            continue
        end = start
        if match["end"]:
            try:
                end = date.fromisoformat(_iso(match["end"]))
            except ValueError:
                problems.append(f"line {number}: {date_refusal(match['end'])}")
                continue
        if end < start:
            problems.append(f"line {number}: the range ends ({end}) before it starts ({start})")
            continue
        if (end - start).days >= MAX_RANGE_DAYS:
            problems.append(f"line {number}: {start}..{end} is {(end - start).days + 1} days; "
                            f"a range may cover at most {MAX_RANGE_DAYS}")
            continue
        outside = [d for d in (start, end) if d.year != year]
        if outside:
            problems.append(f"line {number}: {outside[0]} is not in {year}")
            continue
        name = (match["name"] or "").strip().strip('"').strip() or default_name or ""
        if not name:
            dates = f"{start}..{end}" if end != start else str(start)
            problems.append(f"line {number}: {dates} has no name: type the holiday's name "
                            "after the date, as the notice gives it")
            continue
        if (glued := _GLUED_DATE.search(name)) is not None:
            # Lines pasted without their breaks: one "holiday" named "New Year's
            # Day2027-02-06..2027-02-13 Spring Festival…" was saved and counted as one day.
            problems.append(f"line {number}: a date follows the name without a break "
                            f"(…{glued[0]}): put one date or range per line")
            continue
        if issue := one_line_problem(name, NAME_CHARS, "a name"):
            problems.append(f"line {number}: the name {issue}")
            continue
        day, again = start, []
        while day <= end:
            if day in seen:
                again.append(day)
            else:
                seen[day] = number
                days.append(ParsedDay(day, name, number))
            day += timedelta(days=1)
        # A week typed twice: one message for the line, not one for each of its days.
        for first_line in dict.fromkeys(seen[d] for d in again):
            on = [d for d in again if seen[d] == first_line]
            dates = f"{on[0]}..{on[-1]} are" if len(on) > 1 else f"{on[0]} is"
            problems.append(f"line {number}: {dates} already on line {first_line}")
    return days, problems


def _replace_text(edit: QPlainTextEdit, text: str) -> None:
    """`edit`'s whole text replaced by `text` as one edit, which Ctrl+Z takes back
    (setPlainText clears the box's undo history)."""
    cursor = edit.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText(text)


def entered_lines(row: YearRow) -> tuple[str, str, str]:
    """An officer-entered year as Add published year… reads it: its holidays and its
    make-up working days, one line each (consecutive days of one name as a range), and
    its source. The days corrected one by one since are not part of it."""
    texts = []
    for kind in ("holiday", "workday"):
        runs: list[list[Any]] = []  # [first, last, name]
        for day in sorted((d for d in row.days if d.kind == kind and not d.corrected),
                          key=lambda d: d.day):
            if runs and runs[-1][2] == day.name and runs[-1][1] + timedelta(days=1) == day.day:
                runs[-1][1] = day.day
            else:
                runs.append([day.day, day.day, day.name])
        texts.append("\n".join(f"{a}..{b} {name}" if a != b else f"{a} {name}"
                               for a, b, name in runs))
    return texts[0], texts[1], row.source


# Fewer working days than this in a year is no published schedule: ranges typed too long
# (a year of twelve month-long "Closed" ranges was saved, and every deadline after it moved
# by months). Said, not refused: the notice is the authority.
FEWEST_WORKING_DAYS = 200


def few_working_days_note(year: int, holidays: set[date], workdays: set[date],
                          weekend: frozenset[int]) -> str:
    """" It leaves N working days …" when the days typed leave fewer than
    FEWEST_WORKING_DAYS working days in `year` ("" otherwise)."""
    first = date(year, 1, 1)
    days = (first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days))
    working = sum(1 for day in days if day in workdays
                  or (day.weekday() not in weekend and day not in holidays))
    if working >= FEWEST_WORKING_DAYS:
        return ""
    return (f" These days leave only {_count(working, 'working day')} in {year}; a published "
            "schedule leaves about 250: check the holiday ranges before saving.")


def _count(number: int, noun: str) -> str:
    """'1 holiday', '2 holidays' (not '1 holidays')."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# A word run straight into a date ("Day2027-02-06"): two lines that lost their break.
_GLUED_DATE = re.compile(r"[^\W\d_]\d{4}-\d{1,2}-\d{1,2}")


def _iso(text: str) -> str:
    """`2027-2-6`, `2027/2/6`, `2027年2月6日` -> `2027-02-06`."""
    y, m, d = re.findall(r"\d+", text)
    return f"{y}-{int(m):02d}-{int(d):02d}"


# -- small helpers ------------------------------------------------------------------------
def _independence_day(year: int) -> str:
    """The day off for 4 July in `year`, as the US schedule lists it (5 U.S.C. 6103(b)):
    the Friday before a Saturday, the Monday after a Sunday."""
    day = date(year, 7, 4)
    off = day + timedelta(days={5: -1, 6: 1}.get(day.weekday(), 0))
    return f"{off.isoformat()} Independence Day{' (observed)' if off != day else ''}"


# The estimator's source names the software library it used (kept as stored, for the
# record); an officer reads what it means.
_LIBRARY_SOURCE = re.compile(r"\s*\(`holidays` ([^)]*)\)")


def source_text(source: str) -> str:
    """A year's source for display: "estimated by the app from the statutory holiday
    rules (rules version 0.109)" instead of the library's name in code quotes."""
    return _LIBRARY_SOURCE.sub(lambda m: f" (rules version {m.group(1)})", source).replace(
        "estimated from", "estimated by the app from", 1)


def _refusal(actor: Actor) -> str:
    """Why `actor` may not edit the calendars, or '' (the service's own words)."""
    return refusal(actor, "calendar.edit")


def _bare(layout: Any) -> Any:
    """`layout` without margins: a pane inside the dialog's own margins."""
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    palette_styled(label, "problem")
    label.setVisible(False)
    return label


def _show_problems(label: QLabel, problems: list[str]) -> None:
    label.setText("\n".join(problems))
    label.setVisible(bool(problems))


def _colours() -> dict[str, QColor]:
    # An estimated year grey, and in italics (not by colour alone): amber elsewhere says
    # due within 3 working days or an expected completion passed.
    if is_dark():
        return {"holiday": QColor("#7f2a2a"), "workday": QColor("#1f4f7a"),
                "estimated": QColor("#4a4a4a")}
    return {"holiday": QColor("#f8c9c4"), "workday": QColor("#c6dcf5"),
            "estimated": QColor("#e2e2e2")}


def _estimated_font(font: QFont | None = None) -> QFont:
    """An estimated year's font: italic."""
    italic = QFont(font) if font is not None else QFont()
    italic.setItalic(True)
    return italic


MONTH_VIEW_MOST = 380  # px the month view grows to at the usual font sizes


class MonthView(QCalendarWidget):
    """The holiday calendar's month view: it grows to MONTH_VIEW_MOST and no further, or
    to the width its font needs. A fixed cap of 380 px cut the day names to "M…" and
    "W…" and squeezed the month title once the font was twice the usual size (large text,
    or a desktop's 200 % font DPI), where the view needs 420."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fit_cap()

    def fit_cap(self) -> None:
        self.setMaximumWidth(max(MONTH_VIEW_MOST, self.sizeHint().width()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_cap()


# -- the dialog ---------------------------------------------------------------------------
class HolidayCalendarsDialog(QDialog):
    """Years per calendar with status and source; the selected year's days."""

    loaded = Signal(str)  # calendar code, each time its data arrives
    changed = Signal()  # a year was entered or a day corrected: deadlines may move

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.tasks = runner.bound_to(self)
        # The divider is kept with the main window's layout (its settings).
        if settings is None and isinstance(getattr(parent, "settings", None), QSettings):
            settings = parent.settings  # type: ignore[union-attr]
        self.settings = settings
        self.layout_mode = ""
        self.split_moved = False
        self.actor = actor
        self.data: CalendarData | None = None
        self.add_dialog: AddYearDialog | None = None
        self.correct_dialog: CorrectDayDialog | None = None
        self.remove_dialog: RemoveYearDialog | None = None
        self._select_year: int | None = None
        self._select_day: date | None = None  # the day a correction saved, shown once loaded
        self._notice = ""
        self.setObjectName("holidayCalendarsDialog")
        self.setWindowTitle("Holiday calendars")

        self.calendar_combo = QComboBox()
        self.calendar_combo.setObjectName("calendarCombo")
        self.calendar_combo.setAccessibleName("Calendar")
        for code in CALENDAR_CODES:
            self.calendar_combo.addItem(f"{code} — {CALENDAR_TITLES.get(code, code)}", code)
        self.calendar_combo.currentIndexChanged.connect(lambda _i: self.reload())

        self.years_table = QTableWidget(0, 3)
        self.years_table.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        self.years_table.setObjectName("yearsTable")
        self.years_table.setAccessibleName("Years")
        self.years_table.setHorizontalHeaderLabels(["Year", "Status", "Source"])
        self._table_defaults(self.years_table)
        years_header = self.years_table.horizontalHeader()
        # Year as wide as its text; Status as wide as its labels (a year an officer entered
        # says who and when, whole in its tooltip: as its text the column took the room
        # of the Source, cut to "ourc"); Source the rest.
        years_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        years_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        years_header.setStretchLastSection(False)  # (kept it at 100 px, past the pane)
        years_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.years_table.itemSelectionChanged.connect(self._year_selected)
        # On tabs, choosing a year (Enter, double-click) shows its days.
        self.years_table.itemActivated.connect(lambda _item: self._show_days_tab())

        self.year_title = QLabel()
        self.year_title.setObjectName("yearTitle")
        self.year_title.setWordWrap(True)
        self.year_title.setTextFormat(Qt.TextFormat.RichText)
        self.month_view = MonthView()
        self.month_view.setObjectName("monthView")
        self.month_view.setAccessibleName("Month view")  # its days table is a Tab stop
        self.month_view.setGridVisible(True)
        self.month_view.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.month_view.clicked.connect(self._date_clicked)
        # The arrow keys move the selection without a click: the days list follows them
        # too (it kept another day selected than the one Correct a day… then opened on).
        self.month_view.selectionChanged.connect(
            lambda: self._date_clicked(self.month_view.selectedDate()))
        legend = self.legend = QLabel(self._legend_html())
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setObjectName("calendarLegend")
        legend.setWordWrap(True)
        legend.setMaximumWidth(MONTH_VIEW_MOST)  # wraps beneath the month view
        self.days_table = QTableWidget(0, 4)
        self.days_table.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        self.days_table.setObjectName("daysTable")
        self.days_table.setAccessibleName("Days of the year")
        self.days_table.setHorizontalHeaderLabels(["Date", "Day", "Kind", "Name"])
        self._table_defaults(self.days_table)
        days_header = self.days_table.horizontalHeader()
        # Date, Day and Kind as wide as their text, the Name the rest (whole in its tooltip):
        # no sideways scrolling to read a day's kind or name.
        for column in (0, 1, 2):
            days_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        days_header.setStretchLastSection(False)
        days_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # A long Name ("For the Chinese New Year (Spring Festival) day off on 2024-02-15")
        # wraps onto more lines of its row: cut, it lost the date that says which day off.
        # Date, Day and Kind are as wide as their text, so only the Name ever wraps.
        self.days_table.setWordWrap(True)
        rows = self.days_table.verticalHeader()
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # one line as high as before
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.days_table.itemSelectionChanged.connect(self._day_selected)
        # No focus frame on a row that is not the chosen day: Tab into the list framed its
        # first row unselected, and Correct a day… opened on another day (the month view's).
        self.days_table.currentCellChanged.connect(
            lambda row, _c, _r, _pc: self._frame_moved(row))

        self.add_button = QPushButton("&Add published year…")
        self.add_button.setObjectName("addYearButton")
        self.add_button.clicked.connect(self.open_add_year)
        self.correct_button = QPushButton("&Correct a day…")
        self.correct_button.setObjectName("correctDayButton")
        self.correct_button.clicked.connect(self.open_correct_day)
        # A year entered by mistake (a wrong year typed, an estimate entered for the wrong
        # calendar) taken back: only an officer-entered year, the one selected.
        self.remove_year_button = QPushButton("&Remove entered year…")
        self.remove_year_button.setObjectName("removeYearButton")
        self.remove_year_button.clicked.connect(self.open_remove_year)
        self.refusal_label = QLabel()
        self.refusal_label.setObjectName("calendarRefusal")
        self.refusal_label.setWordWrap(True)
        self.set_actor(actor)
        self.message = QLabel()
        self.message.setObjectName("calendarMessage")
        # Wrapped: "Removed the correction of …; no deadline changed." was cut at 200 %.
        self.message.setWordWrap(True)
        # After a save: which deadlines it moved or confirmed (entering a year or correcting
        # a day recounts every clock and condition on the calendar). One row each, cut short
        # with "…" and whole on hover, so that a long list does not push the days away: cut
        # in the middle, so that the case and the new date ("… → 2027-04-15") stay in view
        # (cut at its end, the new date was the part lost).
        self.changes_title = QLabel()
        self.changes_title.setObjectName("calendarChangesTitle")
        self.changes_title.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.deadline_changes = QListWidget()
        self.deadline_changes.setObjectName("calendarDeadlineChanges")
        self.deadline_changes.setAccessibleName("Deadlines the last change moved")
        self.deadline_changes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.deadline_changes.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.deadline_changes.itemActivated.connect(self._open_changed_case)
        opens = "Enter or double-click opens a deadline's case at its track."
        self.deadline_changes.setAccessibleDescription(opens)
        self.changes_title.setToolTip(opens)
        self.changes_box = QWidget()
        self.changes_box.setObjectName("calendarChangesBox")
        changes_row = _bare(QHBoxLayout(self.changes_box))
        changes_row.addWidget(self.changes_title)
        changes_row.addWidget(self.deadline_changes, 1)
        self.changes_box.setVisible(False)
        close = self.close_button = QPushButton("Close")
        close.setObjectName("calendarsCloseButton")
        close.clicked.connect(self.close)
        free_alt_keys(self, [close])  # Escape too

        # The three panes, moved between the two layouts (_set_layout).
        self.years_pane = QWidget()
        self.years_pane.setObjectName("yearsPane")
        years_layout = _bare(QVBoxLayout(self.years_pane))
        years_layout.addWidget(self.calendar_combo)
        years_layout.addWidget(self.years_table, 1)
        self.month_pane = QWidget()
        self.month_pane.setObjectName("monthPane")
        month_column = _bare(QVBoxLayout(self.month_pane))
        month_column.addWidget(self.month_view)
        month_column.addWidget(legend)
        month_column.addStretch(1)

        # Side by side: years | title over (month view, days), the divider draggable.
        left = QWidget()
        self._left_slot = _bare(QVBoxLayout(left))
        right = QWidget()
        self._right_slot = right_layout = _bare(QVBoxLayout(right))
        self._days_row = QHBoxLayout()
        right_layout.addLayout(self._days_row, 1)
        self.splitter = splitter = QSplitter()
        splitter.setObjectName("calendarSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        # The days (whose names are long) get most of the width; the years' Source, cut
        # short, is whole above the days and in its tooltip.
        splitter.setSizes([330, 770])
        splitter.splitterMoved.connect(self._divider_moved)
        # Tabs: the title over Years | Days | Month view, each pane the dialog's width.
        self.tabbed = QWidget()
        self.tabbed.setObjectName("calendarTabsPage")
        self._tabbed_slot = _bare(QVBoxLayout(self.tabbed))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("calendarTabs")
        self.tabs.setDocumentMode(True)
        self._tabbed_slot.addWidget(self.tabs, 1)
        self.month_scroll = QScrollArea()  # the month view may be taller than the tab
        self.month_scroll.setObjectName("monthScroll")
        self.month_scroll.setAccessibleName("Month view")
        self.month_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.month_scroll.setWidgetResizable(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.remove_year_button)
        buttons.addWidget(self.refusal_label, 1)
        buttons.addWidget(self.message)
        buttons.addWidget(close)
        layout = self.main_layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.tabbed, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.changes_box)
        # The dialog may be made narrower than the side-by-side layout needs: it then goes
        # to tabs (without this, that layout's minimum would hold the dialog at its width).
        self.setMinimumSize(320, 240)
        self._restore_layout()
        self._set_layout(self._layout_for(self.width()))
        self.reload()

    # -- layout -------------------------------------------------------------------------
    def _cell_width(self, texts: Any) -> int:
        metrics = self.days_table.fontMetrics()
        return max(metrics.horizontalAdvance(text) for text in texts) + CELL_PADDING

    def days_min_width(self) -> int:
        """The days table's width with Date, Day and Kind whole and NAME_MIN_CHARS of the
        Name, from the font alone (not the year shown: picking a year never changes the
        layout)."""
        table = self.days_table
        weekdays = [date(2024, 1, d).strftime("%a") for d in range(1, 8)]
        columns = (self._cell_width(["0000-00-00", "Date"]), self._cell_width([*weekdays, "Day"]),
                   self._cell_width(["Make-up working day (corrected)", "Kind"]),
                   table.fontMetrics().averageCharWidth() * NAME_MIN_CHARS + CELL_PADDING)
        return (sum(columns) + table.verticalScrollBar().sizeHint().width()
                + 2 * table.frameWidth())

    def years_min_width(self) -> int:
        """Year and Status whole, a little of the Source (whole in its tooltip)."""
        table = self.years_table
        return (self._cell_width(["0000", "Year"])
                + self._cell_width([*STATUS_LABELS.values(), "Status"])
                + table.fontMetrics().averageCharWidth() * SOURCE_MIN_CHARS
                + table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth())

    def side_by_side_width(self) -> int:
        """The narrowest dialog that shows the three panes side by side, each readable."""
        margins = self.main_layout.contentsMargins()
        spacing = max(self._days_row.spacing(), 0)
        return (self.years_min_width() + self.splitter.handleWidth()
                + self.month_view.sizeHint().width() + spacing + self.days_min_width()
                + margins.left() + margins.right())

    def _layout_for(self, width: int) -> str:
        return SIDE_BY_SIDE if width >= self.side_by_side_width() else TABS

    def _set_layout(self, mode: str) -> None:
        """Move the panes into the layout `mode`; the selection and data stay as they are."""
        if mode == self.layout_mode:
            return
        current = self.tabs.currentWidget() if self.layout_mode == TABS else None
        self.layout_mode = mode
        self.setUpdatesEnabled(False)
        try:
            if mode == SIDE_BY_SIDE:
                self.tabs.clear()
                self.month_scroll.takeWidget()
                self._left_slot.addWidget(self.years_pane)
                self._right_slot.insertWidget(0, self.year_title)
                self._days_row.addWidget(self.month_pane)
                self._days_row.addWidget(self.days_table, 2)
                for pane in (self.years_pane, self.month_pane, self.days_table):
                    pane.show()  # a tab not current was hidden by the tabs
                # The splitter keeps each pane readable: it cannot be dragged past them.
                self.years_pane.setMinimumWidth(self.years_min_width())
                self.days_table.setMinimumWidth(self.days_min_width())
                self.tabbed.hide()
                self.splitter.show()
                # Tab as the panes read, left to right (moved in, the days came before
                # the month between them).
                QWidget.setTabOrder(self.years_table, self.month_view)
                QWidget.setTabOrder(self.month_view, self.days_table)
            else:
                self.years_pane.setMinimumWidth(0)
                self.days_table.setMinimumWidth(0)
                self._tabbed_slot.insertWidget(0, self.year_title)
                self.month_scroll.setWidget(self.month_pane)
                self.tabs.addTab(self.years_pane, "&Years")
                self.tabs.addTab(self.days_table, "&Days")
                self.tabs.addTab(self.month_scroll, "&Month view")
                self.tabs.setCurrentWidget(current or self.days_table)
                self.splitter.hide()
                self.tabbed.show()
            self._show_title()
        finally:
            self.setUpdatesEnabled(True)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # The dialog opened with the focus on Close (the first in the focus chain once the
        # panes were moved into their layout): Enter closed it, and Tab had to go round to
        # reach the years. The focus starts on the years (side by side) or the tab shown.
        if self.focusWidget() in (None, self.close_button):
            pane = self.years_table if self.layout_mode == SIDE_BY_SIDE else self.tabs.currentWidget()
            if pane is not None:
                pane.setFocus()

    def _show_days_tab(self) -> None:
        if self.layout_mode == TABS:
            self.tabs.setCurrentWidget(self.days_table)

    def resizeEvent(self, event: Any) -> None:
        self._set_layout(self._layout_for(event.size().width()))
        super().resizeEvent(event)
        if self.layout_mode == TABS:  # the source is cut to the new width
            self._show_title()

    def _divider_moved(self, _pos: int, _index: int) -> None:
        self.split_moved = True

    def _restore_layout(self) -> None:
        """The size and place and the divider where the officer left them: a size saved at
        another display scale is not restored (keep_geometry), one saved on a larger screen
        is fitted to this one."""
        keep_geometry(self, self.settings, SETTINGS_GEOMETRY, 1100, 680)
        split = self.settings.value(SETTINGS_SPLITTER) if self.settings else None
        if isinstance(split, QByteArray) and not split.isEmpty() and self.splitter.restoreState(split):
            self.split_moved = True

    def hideEvent(self, event: Any) -> None:
        # Closing hides the dialog (it is kept for the window's life): remember the divider.
        if self.settings is not None and self.split_moved:
            self.settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        if not event.spontaneous():
            # Opened again, it starts clean: the last save's words and the deadlines it
            # moved were still shown, as if just saved (the audit trail keeps them).
            self.message.clear()
            self.show_deadline_changes([])
        super().hideEvent(event)

    @staticmethod
    def _table_defaults(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(22)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.setWordWrap(False)

    @staticmethod
    def _legend_html() -> str:
        c = _colours()
        return (f'<span style="background-color:{c["holiday"].name()}">&nbsp;holiday&nbsp;</span> '
                f'<span style="background-color:{c["workday"].name()}">&nbsp;make-up working '
                f'day&nbsp;</span> <b><u>corrected day</u></b> — an estimated year is '
                f'<span style="background-color:{c["estimated"].name()}"><i>&nbsp;grey, '
                f'in italics&nbsp;</i></span>')

    # -- loading ------------------------------------------------------------------------
    @property
    def code(self) -> str:
        return str(self.calendar_combo.currentData())

    def reload(self, select_year: int | None = None, notice: str = "",
               select_day: date | None = None) -> None:
        code = self.code
        self._select_year = select_year if select_year is not None else self.selected_year()
        self._select_day = select_day
        self._notice = notice  # shown once the reloaded data is in
        self.message.setText("Loading…")
        self.tasks.latest_read("calendar", lambda session: load_calendar(session, code),
                               self._show,
                               lambda exc: self._failed("Could not load the holiday calendar", exc))

    def _failed(self, title: str, exc: BaseException) -> None:
        self.message.setText("")
        show_error(self, title, exc)

    def changeEvent(self, event: QEvent) -> None:
        # The day shading and the legend are chosen for the palette (the data read afresh).
        redraw_on_palette_change(self, event, self._show_again)
        super().changeEvent(event)

    def _show_again(self) -> None:
        if getattr(self, "data", None) is not None:
            self.legend.setText(self._legend_html())
            self.reload()

    def _show(self, data: CalendarData) -> None:
        if data.code != self.code:
            return  # the officer switched calendars meanwhile
        self.data = data
        self.message.setText(self._notice)
        self._notice = ""
        wanted = self._select_year or date.today().year
        estimated = QBrush(_colours()["estimated"])
        self.years_table.blockSignals(True)
        self.years_table.setRowCount(len(data.years))
        select_row = 0
        # A year no longer listed (an entered year removed, far ahead): this year, not 1990.
        if all(y.year != wanted for y in data.years):
            wanted = date.today().year
        self.years_table.horizontalHeader().resizeSection(
            1, self._cell_width([*STATUS_LABELS.values(), "Status"]))
        for row, year in enumerate(data.years):
            items = [QTableWidgetItem(str(year.year)), QTableWidgetItem(year.status_text),
                     QTableWidgetItem(source_text(year.source))]
            items[1].setToolTip(year.status_detail)
            items[2].setToolTip(year.source)
            for column, item in enumerate(items):
                item.setData(Qt.ItemDataRole.UserRole, year.year)
                if not year.official:
                    item.setBackground(estimated)
                    item.setFont(_estimated_font(item.font()))
                if column == 0 and year.corrected_days:
                    # A year with a corrected day, marked as the legend marks the day (bold,
                    # underlined); the Status cell's tooltip and the year's title list them.
                    item.setToolTip(year.status_detail)
                    font = item.font()
                    font.setBold(True)
                    font.setUnderline(True)
                    item.setFont(font)
                self.years_table.setItem(row, column, item)
            if year.year == wanted:
                select_row = row
        self.years_table.blockSignals(False)
        self.years_table.selectRow(select_row)
        self._year_selected()
        day, self._select_day = self._select_day, None
        if day is not None and self.selected_year() == day.year:
            self.show_day(day)
        self._update_buttons()
        self.loaded.emit(data.code)

    def set_actor(self, actor: Actor) -> None:
        """Go by `actor`'s roles as they are now (an administrator may have changed them
        while the dialog was open or closed)."""
        self.actor = actor
        self.refusal = _refusal(actor)
        self.refusal_label.setText(self.refusal)
        self.refusal_label.setVisible(bool(self.refusal))
        self._update_buttons()

    def _update_buttons(self) -> None:
        # Greyed out until the data is there, and only usable if permitted: either way says why.
        why = self.refusal or ("" if self.data is not None else "Reading the calendar…")
        for button in (self.add_button, self.correct_button):
            set_available(button, why)
        year = self.selected_year()
        row = self.year_row(year) if year is not None else None
        if not why and row is not None and not row.is_entered:
            why = (f"{self.code} {row.year} ships with the app: only a year entered with Add "
                   "published year… can be removed." if row.status == "shipped" else
                   f"{self.code} {row.year} was not entered (its days are estimated): there is "
                   "nothing entered to remove.")
        set_available(self.remove_year_button, why,
                      f"Take back the schedule entered for {year}" if year else "")

    # -- selection ------------------------------------------------------------------------
    def selected_year(self) -> int | None:
        rows = self.years_table.selectionModel().selectedRows() if self.years_table.model() else []
        if not rows:
            return None
        return int(cell_data(self.years_table, rows[0].row()))

    def select_year(self, year: int) -> None:
        for row in range(self.years_table.rowCount()):
            if cell_data(self.years_table, row) == year:
                self.years_table.selectRow(row)
                return
        raise KeyError(year)

    def data_weekend(self) -> frozenset[int]:
        return self.data.weekend if self.data else frozenset({5, 6})

    def year_row(self, year: int) -> YearRow | None:
        return self.data.year(year) if self.data else None

    def _year_selected(self) -> None:
        year = self.selected_year()
        row = self.year_row(year) if year is not None else None
        if row is None:
            return
        self._title_year = row
        self._show_title()
        self.days_table.blockSignals(True)
        self.days_table.setRowCount(len(row.days))
        colours = _colours()
        bold = QFont()
        bold.setBold(True)
        for i, day in enumerate(row.days):
            # A weekday corrected to a working day is no make-up day (none is owed).
            kind = ("Holiday" if day.kind == "holiday" else "Make-up working day"
                    if day.day.weekday() in self.data_weekend() else "Working day")
            if day.corrected:
                kind += " (corrected)"
            name, name_tip = day_name_text(day)
            items = [QTableWidgetItem(day.day.isoformat()),
                     QTableWidgetItem(day.day.strftime("%a")),
                     QTableWidgetItem(kind), QTableWidgetItem(name)]
            tips = [day.day.strftime("%A %d %B %Y"), day.day.strftime("%A"), kind, name_tip]
            if day.corrected and day.source:
                # The notice the officer cited for this one day: the year's source, shown
                # above, is not the one that declared it (a typhoon closure).
                said = correction_words(day.source)
                tips = [f"{tip}\n{said[0].upper()}{said[1:]}" for tip in tips]
            for column, item in enumerate(items):
                item.setToolTip(tips[column])  # the whole text, where a narrow cell cuts it
                item.setData(Qt.ItemDataRole.UserRole, day.day.isoformat())
                item.setBackground(QBrush(colours[day.kind]))
                if day.corrected:
                    item.setFont(bold)
                if not row.official:  # an estimated year, as in the month view
                    item.setFont(_estimated_font(item.font()))
                self.days_table.setItem(i, column, item)
        self.days_table.blockSignals(False)
        self._paint_month(row)
        # The list marks the day the month view chose (the day Correct a day… opens on), or
        # none: its old current row kept the focus frame on a day no longer chosen.
        self._date_clicked(self.month_view.selectedDate())
        self._update_buttons()  # Remove entered year… is for an entered year only

    def _show_title(self) -> None:
        """The selected year's headline and source; on tabs the source is cut to one line
        (whole in the tooltip): wrapped, it took half of a 200 % screen's height."""
        row = getattr(self, "_title_year", None)
        if row is None:
            return
        holidays = sum(d.kind == "holiday" for d in row.days)
        workdays = sum(d.kind == "workday" for d in row.days)
        warn = "" if row.official else (
            f"<br><span style='color:{error_colour()}'>Deadlines that touch {row.year} are "
            "marked estimated until the official schedule is entered.</span>")
        source = source_text(row.source)
        shown = source
        if self.layout_mode == TABS:
            small = QFont(self.year_title.font())
            small.setPointSizeF(small.pointSizeF() * 0.85)  # <small>
            width = max(self.width() - 40, 100)
            shown = QFontMetrics(small).elidedText(source, Qt.TextElideMode.ElideRight, width)
        self.year_title.setToolTip(source if shown != source else "")
        self.year_title.setText(
            f"<b>{self.code} {row.year}</b> — {html.escape(row.status_detail)}: "
            f"{_count(holidays, 'holiday')}, "
            f"{_count(workdays, 'make-up working day')}<br><small>{html.escape(shown)}"
            f"</small>{warn}")

    def _paint_month(self, row: YearRow) -> None:
        view = self.month_view
        view.setDateTextFormat(QDate(), QTextCharFormat())  # clear earlier years' colours
        view.setMinimumDate(QDate(row.year, 1, 1))
        view.setMaximumDate(QDate(row.year, 12, 31))
        colours = _colours()
        # The month view's own red for weekends cannot be read on the dark shades.
        weekend = QTextCharFormat()
        weekend.setForeground(QBrush(QColor("#ffcdd2" if is_dark() else "#c62828")))
        for day_of_week in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            view.setWeekdayTextFormat(day_of_week, weekend)
        if not row.official:
            shade = QTextCharFormat()
            shade.setBackground(QBrush(colours["estimated"]))
            shade.setFontItalic(True)
            each = date(row.year, 1, 1)
            while each.year == row.year:
                view.setDateTextFormat(QDate(each.year, each.month, each.day), shade)
                each += timedelta(days=1)
        for day in row.days:
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(colours[day.kind]))
            fmt.setToolTip(day.name)
            fmt.setFontItalic(not row.official)  # the year's mark, on its named days too
            if day.corrected:
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setFontUnderline(True)
            view.setDateTextFormat(QDate(day.day.year, day.day.month, day.day.day), fmt)
        today = date.today()
        if today.year == row.year:
            view.setSelectedDate(QDate(today.year, today.month, today.day))
        elif row.days:
            first = row.days[0].day
            view.setSelectedDate(QDate(first.year, first.month, first.day))

    def _frame_moved(self, row: int) -> None:
        # A row framed and not selected is the list taking the focus (the arrow keys and a
        # click select the row they frame). Selecting it would move the day chosen in the
        # month view on a mere Tab through the list: the frame goes instead, and Down
        # starts at the first row.
        if row >= 0 and not self.days_table.selectionModel().isRowSelected(row):
            self.days_table.selectionModel().clearCurrentIndex()

    def _day_selected(self) -> None:
        rows = self.days_table.selectionModel().selectedRows()
        if rows:
            day = date.fromisoformat(str(cell_data(self.days_table, rows[0].row())))
            self.month_view.setSelectedDate(QDate(day.year, day.month, day.day))

    def show_day(self, day: date) -> None:
        """`day` selected in the month view (at its month) and in the days list when listed:
        after a correction the view stayed on January, the corrected day out of sight."""
        qdate = QDate(day.year, day.month, day.day)
        self.month_view.setSelectedDate(qdate)
        self.month_view.setCurrentPage(day.year, day.month)
        self._date_clicked(qdate)
        rows = self.days_table.selectionModel().selectedRows()
        if rows:
            self.days_table.scrollTo(rows[0])

    def _date_clicked(self, qdate: QDate) -> None:
        iso = qdate.toString("yyyy-MM-dd")
        for row in range(self.days_table.rowCount()):
            if cell_data(self.days_table, row) == iso:
                self.days_table.blockSignals(True)
                self.days_table.selectRow(row)
                self.days_table.blockSignals(False)
                return
        self.days_table.selectionModel().clear()  # no selection, and no focus frame left

    def selected_date(self) -> date:
        return self.month_view.selectedDate().toPython()  # type: ignore[return-value]

    # -- editing ------------------------------------------------------------------------
    def open_add_year(self) -> AddYearDialog:
        held = [y.year for y in (self.data.years if self.data else ()) if y.official]
        first_estimated = next((y.year for y in (self.data.years if self.data else ())
                                if not y.official and y.year > date.today().year - 1), None)
        year = first_estimated or (max(held) + 1 if held else date.today().year + 1)
        dialog = AddYearDialog(self.runner, self.actor, self.code, year, self.data, self)
        dialog.saved.connect(self._saved)
        self.add_dialog = dialog
        dialog.open()
        return dialog

    def open_correct_day(self) -> CorrectDayDialog:
        dialog = CorrectDayDialog(self.runner, self.actor, self.code, self.selected_date(),
                                  self.data, self)
        dialog.saved.connect(lambda year, text, changes: self._saved(
            year, text, changes, day=dialog.saved_day))
        self.correct_dialog = dialog
        dialog.open()
        return dialog

    def open_remove_year(self) -> RemoveYearDialog | None:
        year = self.selected_year()
        row = self.year_row(year) if year is not None else None
        if row is None or row.removal is None or not self.remove_year_button.isEnabled():
            return None  # greyed out, its tooltip says why
        dialog = RemoveYearDialog(self.runner, self.actor, self.code, row, self.data, self)
        dialog.saved.connect(self._saved)
        self.remove_dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, year: int, text: str, changes: list[DeadlineChange], *,
               day: date | None = None) -> None:
        self.reload(select_year=year, notice=text if changes else f"{text} No deadline changed.",
                    select_day=day)
        self.show_deadline_changes(changes)
        self.changed.emit()

    def show_deadline_changes(self, changes: list[DeadlineChange]) -> None:
        """List the deadlines the last save changed (hidden when it changed none)."""
        self.deadline_changes.clear()
        for change in changes:
            item = QListWidgetItem(change.line)
            item.setData(Qt.ItemDataRole.UserRole, (change.reference, change.regime))
            item.setToolTip(change.line)
            self.deadline_changes.addItem(item)
        self.changes_title.setText(f"{_count(len(changes), 'deadline')} changed:")
        rows = min(len(changes), CHANGES_ROWS_ON_TABS if self.layout_mode == TABS
                   else CHANGES_ROWS)
        frame = 2 * self.deadline_changes.frameWidth()
        self.deadline_changes.setFixedHeight(
            rows * max(self.deadline_changes.sizeHintForRow(0), 1) + frame)
        self.changes_box.setVisible(bool(changes))


    def _open_changed_case(self, item: QListWidgetItem) -> None:
        """A changed deadline's case, at its track (the main window opens it), or at its
        Tracks tab when the track is not known."""
        reference, regime = item.data(Qt.ItemDataRole.UserRole) or (None, None)
        if not reference or reference.startswith("("):  # "(no case)": nothing to open
            return
        main = self.parent()
        at_track = getattr(main, "open_case_at_track", None)
        if regime and callable(at_track):
            at_track(reference, regime)
        else:
            open_case_at(main, reference, "Tracks")


class TypedDateEdit(QDateEdit):
    """A date field that reads a date typed as the notices and the app write it,
    2027-10-08 (or 2027/10/08, 2027-1-8). Qt moves on to the next part after a full year or
    month, and then again at the "-" typed after it: 2027-10-08 typed over 2026-11-30
    became 2027-11-10, silently. A separator right after such a move is taken as said.

    A date that does not exist is not taken silently either: Qt drops the digit it cannot
    show or moves the day into the month, so 2027-02-30 typed became 2027-02-03 and
    2027-02-29 became 2027-02-28 (another day corrected, with no word). `typed_problem`
    says why the date typed is no date until a date is typed or chosen again;
    `typedProblemChanged` tells the dialog."""

    SEPARATORS = "-/."
    typedProblemChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._moved_on = False  # the last digit typed moved on to the next part
        self._typed = ""  # the digits and separators typed one after another
        self._prefix = ""  # the parts shown before the one where that typing began
        self._in_key = False
        self._section_after = -1  # the part the cursor was in after the last key
        self.typed_problem = ""
        self.dateChanged.connect(self._chosen)

    def _set_problem(self, problem: str) -> None:
        if problem != self.typed_problem:
            self.typed_problem = problem
            self.typedProblemChanged.emit()

    def _chosen(self, _date: QDate) -> None:
        # A date picked in the popup, stepped with the arrows or set: that day is meant.
        if not self._in_key:
            self._typed = ""
            self._set_problem("")

    def keyPressEvent(self, event: Any) -> None:
        if event.matches(QKeySequence.StandardKey.SelectAll):
            # Ctrl+A then a date typed over it: Qt dropped the year's digits typed over the
            # whole text (2027-10-08 became 2026-10-08). The year selected, it is typed over.
            self.setSelectedSection(QDateTimeEdit.Section.YearSection)
            self._typed = ""
            self._section_after = self.currentSectionIndex()
            event.accept()
            return
        text = event.text()
        if self.currentSectionIndex() != self._section_after:
            self._typed = ""  # the cursor was put in another part since the last key
        if text and (text.isdigit() or text in self.SEPARATORS):
            if not self._typed:
                shown = self.date()
                self._prefix = {QDateTimeEdit.Section.MonthSection: f"{shown.year():04d}-",
                                QDateTimeEdit.Section.DaySection:
                                    f"{shown.year():04d}-{shown.month():02d}-"}.get(
                    self.currentSection(), "")
            self._typed += text
        else:
            self._typed = ""  # an arrow, Backspace, …: what follows is typed afresh
        before = self.date()
        self._in_key = True
        try:
            if text and text in self.SEPARATORS and self._moved_on:
                self._moved_on = False
                event.accept()
            else:
                section = self.currentSectionIndex()
                super().keyPressEvent(event)
                self._moved_on = text.isdigit() and self.currentSectionIndex() != section
        finally:
            self._in_key = False
            self._section_after = self.currentSectionIndex()
        if self._typed:
            typed = self._prefix + self._typed
            problem = typed_date_problem(typed)
            meant = typed_whole_date(typed)
            if not problem and meant is not None and meant != self.date().toPython():
                problem = f"{meant.isoformat()} was typed"  # any other way Qt took another day
            self._set_problem(problem)
        elif self.date() != before:  # stepped with an arrow or Page Up: that day is meant
            self._set_problem("")

    def focusInEvent(self, event: Any) -> None:
        self._moved_on = False
        self._typed = ""
        super().focusInEvent(event)

    def mousePressEvent(self, event: Any) -> None:
        self._typed = ""  # a click into another part: typing starts there
        super().mousePressEvent(event)


class _CalendarChangeDialog(QDialog):
    """What the dialogs that change a calendar share: the calendar and the data the
    calendars dialog read, the fields the officer has touched (their messages show), and
    the signal a saved change sends."""

    # The year, a message for the status line and the deadlines the change recounted.
    saved = Signal(int, str, list)
    save_button: QPushButton  # made by each dialog, before _lay_out

    def __init__(self, runner: TaskRunner, actor: Actor, code: str, data: CalendarData | None,
                 parent: QWidget | None, *, name: str, title: str, size: tuple[int, int]) -> None:
        super().__init__(parent)
        self.runner = runner
        self.tasks = runner.bound_to(self)
        self.actor = actor
        self.code = code
        self.data = data
        self._touched: set[str] = set()
        self.discard_box: QMessageBox | None = None  # the question before typing is dropped
        self._discarding = False
        self._saving = False  # a save is on the write worker (see _set_saving)
        self._following_focus = False  # connected to focusChanged while shown
        self.cancel_button: QPushButton | None = None  # made in _lay_out
        # Which deadlines saving would move, asked before saving (the window says it after).
        self.preview_button = QPushButton("Show the &deadlines it changes")
        self.preview_button.setObjectName("calendarPreviewButton")
        self.preview_button.setAutoDefault(False)  # Enter saves (the dialog's default)
        self.preview_button.setToolTip("Count every open deadline again as if this were "
                                       "saved, and list those that change (nothing is saved)")
        self.preview_button.clicked.connect(self.preview_deadlines)
        self.preview = QLabel()
        self.preview.setObjectName("calendarPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setVisible(False)
        self._preview_round = 0  # a preview answered after an edit is out of date: dropped
        self.setObjectName(name)
        self.setWindowTitle(title)
        resize_to_screen(self, *size)

    def typed_input(self) -> str:
        """What the officer has typed that is not saved, in a few words, or ""."""
        raise NotImplementedError

    def reject(self) -> None:
        """Cancel, Escape or the title bar's close with typed input asks first (without
        blocking): a year's schedule typed line by line was lost to one Escape."""
        if self._saving:  # it is being saved: nothing left to cancel or discard
            return
        typed = self.typed_input()
        if self._discarding or not typed:
            super().reject()
            return
        self.discard_box = ask_to_discard(
            self, self.windowTitle(), f"Discard {typed}? Nothing of it is saved.",
            "calendarDiscardQuestion", self._discard)

    def _discard(self) -> None:
        self._discarding = True
        super().reject()

    def set_saving(self, saving: bool) -> None:
        """While the change is on the write worker the fields, Cancel and the buttons are
        greyed out: a keystroke meanwhile made Save available again (a second save), and
        Cancel asked to discard what was being saved, saying "Nothing of it is saved"."""
        self._saving = saving
        if (content := self.form_scroll.widget()) is not None:
            content.setEnabled(not saving)
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(not saving)
        self.save_button.setEnabled(not saving)
        self.preview_button.setEnabled(not saving)

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget, shown: QWidget | None = None) -> None:
        """A form row whose label's Alt letter moves to `field` (in `shown`, the box that
        holds it with its messages): by keyboard alone the fields were reached only by Tab."""
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, shown if shown is not None else field)

    @staticmethod
    def _stack(*widgets: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for widget in widgets:
            column.addWidget(widget)
        return box

    def pending_change(self) -> Callable[[Any], object] | None:
        """The edit saving would make, as `change(session)`; None while the input is wrong
        (its messages then shown)."""
        raise NotImplementedError

    def preview_subject(self) -> str:
        """What the preview counts the deadlines of, as its heading says it."""
        return "Saving this"

    def _forget_preview(self, available: bool) -> None:
        """The input changed: a listed preview no longer says what saving would do."""
        self._preview_round += 1
        self.preview.setVisible(False)
        self.preview.clear()
        self.preview_button.setEnabled(available)

    def preview_deadlines(self) -> None:
        change = self.pending_change()
        if change is None:
            return
        round_ = self._preview_round
        self.preview_button.setEnabled(False)
        self.preview.setText("Counting the open deadlines again…")
        self.preview.setVisible(True)

        def done(changes: list[DeadlineChange]) -> None:
            if round_ == self._preview_round:
                self.preview_button.setEnabled(True)
                self._show_preview(changes)

        def failed(exc: BaseException) -> None:
            if round_ == self._preview_round:
                self.preview_button.setEnabled(True)
                self.preview.setText("The deadlines could not be counted: "
                                     + (", ".join(p.message for p in exc.problems)
                                        if isinstance(exc, InputError) else user_message(exc)))

        self.tasks.write(
            lambda session: preview_deadline_changes(session, lambda: change(session)),
            done, failed)

    def _show_preview(self, changes: list[DeadlineChange]) -> None:
        subject = self.preview_subject()
        if not changes:
            self.preview.setText(f"{subject} changes no open deadline.")
        else:
            shown = PREVIEW_LINES if len(changes) > PREVIEW_LINES + 1 else len(changes)
            lines = [html.escape(c.line) for c in changes[:shown]]
            if len(changes) > shown:
                lines.append(f"… and {len(changes) - shown:,} more, all listed after saving.")
            self.preview.setText(
                f"<b>{html.escape(subject)} changes {counted(len(changes), 'deadline')}</b> "
                "(nothing is saved yet):<br>" + "<br>".join(lines))
        # Below the button, and on a short form (200 %) below the edge: brought into sight
        # once laid out with its new text.
        QTimer.singleShot(0, self, self._bring_preview_into_sight)

    def _bring_preview_into_sight(self) -> None:
        """Scroll the form to the whole preview. Its new height first: scrolled before the
        form was laid out again, at 200 % only its first line's top showed."""
        content = self.form_scroll.widget()
        if content is None:
            return
        if (layout := content.layout()) is not None:
            layout.activate()
        content.resize(content.width(), max(content.height(), content.sizeHint().height()))
        self.form_scroll.ensureWidgetVisible(self.preview, 0, 0)

    def _lay_out(self, form: QFormLayout, message: QLabel, cancel: QPushButton, *,
                 intro: QWidget | None = None) -> None:
        """The form under its introduction, and at the foot the message line beside
        Cancel and the dialog's save button."""
        self.cancel_button = cancel
        # Wrapped: "To save: type the holiday's name; type the source …" on one line made
        # Correct a day… 856 px wide at 200 %, Save correction off a laptop's screen.
        message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(message, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        # The fields scroll, the buttons stay: at 200 % on a laptop screen the form is
        # taller than the screen, and Save year and Cancel were below its edge.
        content = QWidget()
        fields = QVBoxLayout(content)
        fields.setContentsMargins(0, 0, 0, 0)
        if intro is not None:
            fields.addWidget(intro)
        fields.addLayout(form)
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.preview_button)
        preview_row.addStretch(1)
        fields.addLayout(preview_row)
        fields.addWidget(self.preview)
        fields.addStretch(1)
        scroll = self.form_scroll = QScrollArea()
        scroll.setObjectName("calendarFormScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not to it
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self._following_focus:
            app.focusChanged.connect(self._scroll_to_focus)
            self._following_focus = True

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._following_focus:
            app.focusChanged.disconnect(self._scroll_to_focus)
            self._following_focus = False

    def _scroll_to_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The field given the focus is scrolled into view however it got it: the scroll
        area follows Tab only, and at 200 % Alt+O put the cursor into Source below the
        fold, the notice typed there out of sight."""
        scroll: QScrollArea | None = getattr(self, "form_scroll", None)
        content = scroll.widget() if scroll is not None else None
        if scroll is None or new is None or content is None or not content.isAncestorOf(new):
            return
        if new.height() > scroll.viewport().height():  # a tall box: its top in view
            top = new.mapTo(content, new.rect().topLeft())
            scroll.ensureVisible(top.x(), top.y(), 0, 0)
        else:
            scroll.ensureWidgetVisible(new)

    def _edited(self, field: str) -> None:
        self._touched.add(field)
        self.validate()

    def validate(self, *, everything: bool = False) -> object:
        """Check the fields, showing the messages of those touched (all when saving)."""
        raise NotImplementedError


class AddYearDialog(_CalendarChangeDialog):
    """Enter a newly published schedule: the year, its holidays, make-up days and source."""

    def __init__(self, runner: TaskRunner, actor: Actor, code: str, year: int,
                 data: CalendarData | None, parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, code, data, parent, name="addYearDialog",
                         title=f"Add the published {code} schedule", size=(620, 620))

        us = code == "US"
        example = _independence_day(year)
        intro = QLabel(
            "Type the federal holidays, one date per line, then the name — e.g. "
            f"<code>{example}</code>. A holiday on a Saturday "
            "is observed the Friday before, one on a Sunday the Monday after: list the "
            "observed day, which is the day off. Weekends need no entry." if us else
            "Type the days exactly as the official notice lists them: one date or range per "
            f"line, then the name — e.g. <code>{year}-02-06..{year}-02-13 Spring Festival</code>. "
            "Weekends need no entry; list weekend days that are worked as make-up working "
            "days. Or paste the notice's text into Holidays and press <b>Read the notice's "
            "text</b>.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.year_edit = QSpinBox()
        self.year_edit.setObjectName("yearEdit")
        # The form's labels name the boxes around these, not the fields: name them here.
        self.year_edit.setAccessibleName("Year")
        self.year_edit.setRange(1990, 2200)
        self.year_edit.setValue(year)
        self.year_note = QLabel()
        self.year_note.setObjectName("yearNote")
        self.year_note.setWordWrap(True)
        self.year_error = _error_label("yearError")
        self.holidays_edit = QPlainTextEdit()
        self.holidays_edit.setObjectName("holidaysEdit")
        self.holidays_edit.setTabChangesFocus(True)  # Tab moves on to the next field
        self.holidays_edit.setAccessibleName("Holidays (not worked)")
        self.holidays_edit.setMinimumHeight(200)
        self.holidays_edit.setPlaceholderText(
            f"{year}-01-01 New Year's Day\n{example}" if us else
            f"{year}-01-01 New Year's Day\n{year}-02-06..{year}-02-13 Spring Festival")
        self.holidays_error = _error_label("holidaysError")
        # The State Council notice's own text, pasted into Holidays, read into one date or
        # range per line (and its 上班 days into Make-up working days): typed line by line,
        # a year's 20-odd days were the slowest part of entering it.
        self.notice_button = QPushButton("Read the no&tice's text")
        self.notice_button.setObjectName("readNoticeButton")
        self.notice_button.setAutoDefault(False)  # Enter saves (the dialog's default)
        self.notice_button.setToolTip(
            "Paste the State Council notice's text into Holidays (二、春节：2月15日（…）至23日"
            "（…）放假调休…), then press this: its holidays become one range per line, and "
            "the days it says are worked (…上班) become the make-up working days")
        self.notice_button.clicked.connect(self.read_notice_text)
        self.notice_note = QLabel()
        self.notice_note.setObjectName("noticeNote")
        self.notice_note.setWordWrap(True)
        self.notice_note.setVisible(False)
        self._filling = False  # the notice's days are being written into the boxes
        notice_row = QWidget()
        notice_layout = QHBoxLayout(notice_row)
        notice_layout.setContentsMargins(0, 0, 0, 0)
        notice_layout.addWidget(self.notice_button)
        notice_layout.addStretch(1)
        notice_row.setVisible(not us)  # the US has no notice to paste
        self.workdays_edit = text_field(QPlainTextEdit, "workdaysEdit", "Make-up working days",
                                        f"{year}-02-20 Make-up working day")
        self.workdays_edit.setTabChangesFocus(True)
        self.workdays_edit.setMaximumHeight(90)
        self.workdays_error = _error_label("workdaysError")
        self.source_edit = text_field(QLineEdit, "sourceEdit", "Source",
                                      "the notice that published it, with its URL")
        self.source_error = _error_label("sourceError")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("yearReason")
        self.reason_edit.setPlaceholderText("optional: why (recorded in the audit trail)")
        self.summary = QLabel()
        self.summary.setObjectName("addYearSummary")
        self.summary.setWordWrap(True)
        self.save_button = QPushButton("&Save year")
        self.save_button.setObjectName("saveYearButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton("&Cancel")  # Alt+C
        cancel.clicked.connect(self.reject)

        form = QFormLayout()  # Alt+S saves, Alt+D shows the deadlines it changes
        self._row(form, "&Year", self.year_edit,
                  self._stack(self.year_edit, self.year_note, self.year_error))
        self._row(form, "&Holidays\n(not worked)", self.holidays_edit,
                  self._stack(self.holidays_edit, notice_row, self.notice_note,
                              self.holidays_error))
        workdays_box = self._stack(self.workdays_edit, self.workdays_error)
        self._row(form, "&Make-up\nworking days", self.workdays_edit, workdays_box)
        self._row(form, "S&ource", self.source_edit,
                  self._stack(self.source_edit, self.source_error))
        self._row(form, "R&eason", self.reason_edit)
        # The US has no make-up working days: a box for them only invited guesses.
        form.setRowVisible(workdays_box, not us)
        self._lay_out(form, self.summary, cancel, intro=intro)

        self.year_edit.valueChanged.connect(lambda _v: self._edited("year"))
        self.holidays_edit.textChanged.connect(lambda: self._edited("holidays"))
        self.workdays_edit.textChanged.connect(lambda: self._edited("workdays"))
        self.source_edit.textChanged.connect(lambda _t: self._edited("source"))
        # The days, make-up days and source of a year entered before, filled in when Year
        # is set to it: one wrong line of an entered schedule was put right by typing the
        # whole year again.
        self._prefill: tuple[str, str, str] = ("", "", "")
        self.year_edit.valueChanged.connect(self._fill_entered)
        self._fill_entered(year)
        self.validate()

    def _boxes(self) -> tuple[str, str, str]:
        return (self.holidays_edit.toPlainText(), self.workdays_edit.toPlainText(),
                self.source_edit.text())

    def _fill_entered(self, year: int) -> None:
        """Fill the boxes with what was entered for `year`, unless the officer typed in
        them (their typing is kept); emptied again for a year entered by nobody."""
        current = self._boxes()
        if current != self._prefill and any(text.strip() for text in current):
            return
        held = self.data.year(year) if self.data else None
        wanted = (entered_lines(held) if held is not None and held.status in (
            "officer", "officer_unofficial") else ("", "", ""))
        if wanted == current:
            self._prefill = wanted
            return
        self._filling = True
        try:
            self.holidays_edit.setPlainText(wanted[0])
            self.workdays_edit.setPlainText(wanted[1])
            self.source_edit.setText(wanted[2])
        finally:
            self._filling = False
        self._prefill = wanted
        self._touched -= {"holidays", "workdays", "source"}  # nothing typed to check yet
        self.validate()

    def typed_input(self) -> str:
        fields = (self.holidays_edit.toPlainText(), self.workdays_edit.toPlainText(),
                  self.source_edit.text(), self.reason_edit.text())
        if self._boxes() == self._prefill and not self.reason_edit.text().strip():
            return ""  # only what was entered before, filled in: nothing of the officer's
        return (f"the {self.code} {self.year_edit.value()} schedule you typed"
                if any(f.strip() for f in fields) else "")

    def validate(self, *, everything: bool = False) -> list[dict[str, Any]] | None:
        """Check the fields; show messages next to those the officer has touched (all of
        them when saving). Returns the days for the service, or None if any is wrong."""
        year = self.year_edit.value()
        shown = (lambda _f: True) if everything else (lambda f: f in self._touched)
        held = self.data.year(year) if self.data else None
        note = ""
        if held is not None and held.official and held.status == "shipped":
            # Saved days are laid over the shipped schedule: one left out is not removed.
            note = (f"{year} is already held ({held.status_label.lower()}): the days saved "
                    "here are added to its shipped schedule and its source is replaced; a "
                    "shipped day left out stays as shipped (Correct a day… changes one).")
        elif held is not None and held.status in ("officer", "officer_unofficial"):
            corrected = [d.day.isoformat() for d in held.days if d.corrected]
            listed = ", ".join(corrected[:3]) + (", …" if len(corrected) > 3 else "")
            note = (f"{year} is already held ({held.status_text.lower()}): the days entered "
                    "for it are filled in below; change what was wrong and save, which "
                    "replaces them and its source."
                    + (f" {_count(len(corrected), 'corrected day')} ({listed}) "
                       f"{'is' if len(corrected) == 1 else 'are'} replaced too."
                       if corrected else ""))
        elif held is not None and held.official:
            note = (f"{year} is already held ({held.status_label.lower()}); saving replaces "
                    "its source and the days entered for it before.")
        elif corrected := [d.day.isoformat() for d in (held.days if held else ()) if d.corrected]:
            # Saving the schedule replaces the officer's corrections of the year's days:
            # said before, not found out after (the trail keeps them).
            listed = ", ".join(corrected[:3]) + (", …" if len(corrected) > 3 else "")
            note = (f"{_count(len(corrected), 'corrected day')} of {year} ({listed}) "
                    f"{'is' if len(corrected) == 1 else 'are'} replaced by the schedule "
                    "saved here.")
        self.year_note.setText(note)
        self.year_note.setVisible(bool(note))
        holidays, holiday_problems = parse_day_lines(self.holidays_edit.toPlainText(), year,
                                                     None)
        notice = (read_notice(self.holidays_edit.toPlainText(), year)
                  if self.code == "CN" else None)
        self.notice_button.setEnabled(bool(notice and notice.found))
        if notice is not None and notice.found and holiday_problems:
            # Each line of a pasted notice "does not start with a date": say the one thing
            # to do instead.
            holiday_problems = ["this is the notice's text: press Read the notice's text "
                                "(Alt+T) to turn it into one date or range per line"]
        workdays, workday_problems = parse_day_lines(self.workdays_edit.toPlainText(), year,
                                                     "Make-up working day")
        if not holidays and not holiday_problems:
            holiday_problems.append("enter the year's holidays, one date or range per line")
        holiday_days = {d.day: d.line for d in holidays}
        weekend = self.data.weekend if self.data else frozenset({5, 6})
        for d in workdays:
            if d.day in holiday_days:
                workday_problems.append(f"line {d.line}: {d.day} is also listed as a holiday "
                                        f"(line {holiday_days[d.day]})")
            elif d.day.weekday() not in weekend:
                # A weekday is worked anyway: the notice's make-up days fall on weekends,
                # so this is a mistyped date (and saved it would change nothing).
                workday_problems.append(
                    f"line {d.line}: {d.day} is a {d.day.strftime('%A')}, a working day "
                    "anyway; make-up working days are the weekend days the notice says are "
                    "worked")
        source_problems = ([] if self.source_edit.text().strip() else
                           ["say where the schedule was published (the notice and its URL)"])
        _show_problems(self.holidays_error, holiday_problems if shown("holidays") else [])
        _show_problems(self.workdays_error, workday_problems if shown("workdays") else [])
        _show_problems(self.source_error, source_problems if shown("source") else [])
        # Days typed for another year than the one chosen: one message at Year, besides
        # each line's "is not in".
        typed = {int(m[:4]) for m in _ANY_DATE.findall(self.holidays_edit.toPlainText()
                                                      + "\n" + self.workdays_edit.toPlainText())}
        _show_problems(self.year_error, [f"the days are in {typed.pop()}: set Year to it"]
                       if len(typed) == 1 and year not in typed else [])
        problems = holiday_problems + workday_problems + source_problems
        ok = not problems
        self._forget_preview(ok)
        # Untouched fields show no message yet: the greyed-out button says what is missing,
        # and so does the line beside it (a greyed-out button answers no click, and its
        # tooltip only shows to whoever rests the mouse on it).
        set_available(self.save_button, "" if ok else "To save: " + "; ".join(problems) + ".")
        untouched = [text for field, texts in (("holidays", holiday_problems),
                                               ("workdays", workday_problems),
                                               ("source", source_problems))
                     if not shown(field) for text in texts]
        # The fields whose own message says what is wrong: named here too, since at 200 %
        # the message may be scrolled out of sight while Save stays greyed out, unexplained.
        marked = [label for field, label, texts in (
            ("holidays", "Holidays", holiday_problems),
            ("workdays", "Make-up working days", workday_problems),
            ("source", "Source", source_problems)) if shown(field) and texts]
        if ok:
            self.summary.setText(f"{_count(len(holidays), 'holiday')} and "
                                 f"{_count(len(workdays), 'make-up working day')} in {year}."
                                 + self._unlisted_note(year, {d.day for d in holidays})
                                 + few_working_days_note(year, {d.day for d in holidays},
                                                         {d.day for d in workdays},
                                                         self.data_weekend()))
        else:
            said = ([f"correct {marked[0]} (said in red under it)"] if len(marked) == 1 else
                    [f"correct {', '.join(marked[:-1])} and {marked[-1]} (said in red under "
                     "each)"] if marked else [])
            parts = said + untouched
            self.summary.setText("To save: " + "; ".join(parts) + "." if parts else "")
        if not ok:
            return None
        return ([{"day": d.day.isoformat(), "kind": "holiday", "name": d.name} for d in holidays]
                + [{"day": d.day.isoformat(), "kind": "workday", "name": d.name}
                   for d in workdays])

    def _edited(self, field: str) -> None:
        if field in ("holidays", "workdays") and not self._filling:
            self.notice_note.setVisible(False)  # said of the days read, now edited
        super()._edited(field)

    def _unlisted_note(self, year: int, listed: set[date]) -> str:
        """" Not listed: …" — the weekdays the law makes holidays every year that the
        typed schedule lacks (calendars.unlisted_statutory_days). Said, not refused: the
        rules may be out of date, and the notice is the authority. A shipped year's days
        stay with those typed here, so nothing of it is missing."""
        held = self.data.year(year) if self.data else None
        if held is not None and held.status == "shipped":
            return ""
        missing = unlisted_statutory_days(self.code, year, listed, self.data_weekend())
        if not missing:
            return ""
        days = [f"{day} {name}" for day, name in missing]
        shown = "; ".join(days[:4]) + (f"; and {len(days) - 4} more" if len(days) > 4 else "")
        them = "it a holiday" if len(days) == 1 else "them holidays"
        return (f" Not listed, though the law makes {them} every year: {shown}. Check the "
                "notice: a day not listed counts as a working day, and no deadline over it "
                "says estimated once the year is saved.")

    def data_weekend(self) -> frozenset[int]:
        return self.data.weekend if self.data else frozenset({5, 6})

    def read_notice_text(self) -> None:
        """Replace the notice's text pasted in Holidays by its days, one range per line, and
        Make-up working days by the days it says are worked; Ctrl+Z in each box brings back
        what was there. Lines it cannot read are named at Holidays and nothing changes."""
        text = self.holidays_edit.toPlainText()
        notes = []
        reading = read_notice(text, self.year_edit.value())
        wanted = reading.notice_year
        if (wanted is not None and wanted != self.year_edit.value()
                and self.year_edit.minimum() <= wanted <= self.year_edit.maximum()):
            self.year_edit.setValue(wanted)
            notes.append(f"Year set to {wanted}, as the notice's heading says.")
            reading = read_notice(text, wanted)
        if reading.problems or not reading.holidays:
            self._touched.add("holidays")
            _show_problems(self.holidays_error, reading.problems or [
                "no holiday found in the notice's text (a line such as 二、春节：2月15日"
                "（周日）至23日（周一）放假调休，共9天。)"])
            return
        self._filling = True
        try:
            _replace_text(self.holidays_edit, reading.holiday_lines())
            _replace_text(self.workdays_edit, reading.workday_lines())
        finally:
            self._filling = False
        notes.append(
            f"Read from the notice: {_count(len(reading.holidays), 'holiday')} "
            f"({_count(sum((b - a).days + 1 for a, b, _n in reading.holidays), 'day')}) and "
            f"{_count(len(reading.workdays), 'make-up working day')}. Check them against the "
            "notice before saving (Ctrl+Z in Holidays brings its text back).")
        if reading.title and not self.source_edit.text().strip():
            self.source_edit.setText(reading.title)
            notes.append("Source is the notice's title: add its URL.")
        if reading.left_out:
            notes.append("Not entered here, being in another year's schedule: "
                         + "; ".join(reading.left_out) + ".")
        self.notice_note.setText(" ".join(notes))
        self.notice_note.setVisible(True)
        self.holidays_edit.setFocus()
        # At 200 % the note is below the fold: brought into sight once laid out.
        QTimer.singleShot(0, self, lambda: self.form_scroll.ensureWidgetVisible(
            self.notice_note, 0, 0))

    def pending_change(self) -> Callable[[Any], object] | None:
        days = self.validate(everything=True)
        if days is None:
            return None
        actor, code, year = self.actor, self.code, self.year_edit.value()
        source, reason = self.source_edit.text().strip(), self.reason_edit.text().strip()
        return lambda session: add_calendar_year(
            session=session, actor=actor, calendar=code, year=year, source=source, days=days,
            reason=reason)

    def save(self) -> None:
        change = self.pending_change()
        if change is None:
            return
        code, year = self.code, self.year_edit.value()
        count = len(self.validate() or [])

        def done(outcome: tuple[Any, list[DeadlineChange]]) -> None:
            self.saved.emit(year, f"{code} {year} saved as official ({_count(count, 'day')}).",
                            outcome[1])
            self.accept()

        self.set_saving(True)
        self.summary.setText("Saving…")
        self.tasks.write(lambda session: with_deadline_changes(session, lambda: change(session)),
                         done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText("")
        self.set_saving(False)
        if isinstance(exc, InputError):  # the service's own checks, placed at their field
            by_field: dict[QLabel, list[str]] = {}
            for problem in exc.problems:
                head = problem.path.split(".")[0].split("[")[0]
                label = {"year": self.year_error, "source": self.source_error}.get(
                    head, self.holidays_error)
                by_field.setdefault(label, []).append(problem.message)
            for label, messages in by_field.items():
                _show_problems(label, messages)
            return
        show_error(self, "Could not save the year", exc)


class CorrectDayDialog(_CalendarChangeDialog):
    """Correct one day: a holiday (not worked) or a working day, with name and source."""

    def __init__(self, runner: TaskRunner, actor: Actor, code: str, day: date,
                 data: CalendarData | None, parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, code, data, parent, name="correctDayDialog",
                         title=f"Correct a day of the {code} calendar", size=(520, 320))

        self.saved_day: date | None = None  # the day saved, for the calendars window to show
        self.date_edit = TypedDateEdit()
        self.date_edit.setObjectName("dayEdit")
        self.date_edit.setAccessibleName("Date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDateRange(QDate(1990, 1, 1), QDate(2200, 12, 31))
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.current = QLabel()
        self.current.setObjectName("dayCurrent")
        self.current.setWordWrap(True)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("dayKind")
        self.kind_combo.setAccessibleName("The day is")
        self.kind_combo.addItem("Holiday — not worked", "holiday")
        self.kind_combo.addItem("Working day", "workday")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("dayName")
        self.name_edit.setAccessibleName("Name")  # its form label names the box around it
        self.name_edit.setPlaceholderText("e.g. typhoon closure, Make-up working day")
        self.source_edit = text_field(QLineEdit, "daySource", "Source", SOURCE_PLACEHOLDER)
        # The day's name as listed, put in Name when the day is to stay what it is (a new
        # source recorded for a named holiday made the officer type its name again); gone
        # again with a change of date or kind unless the officer has edited it.
        self._prefilled = ""
        self.reason_edit = text_field(QLineEdit, "dayReason", "Reason",
                                      "why (recorded in the audit trail)")
        self.reason_error = _error_label("dayReasonError")
        self.date_error = _error_label("dayDateError")
        self.name_error = _error_label("dayNameError")
        self.source_error = _error_label("daySourceError")
        self.kind_error = _error_label("dayKindError")
        self.save_button = QPushButton("&Save correction")
        self.save_button.setObjectName("saveDayButton")
        # Enter in a field saves, as in Add published year…: with no default, Enter pressed
        # Remove correction (the first button in the dialog) and took the correction back.
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("correctDayMessage")
        # A corrected day can be put back as its year's schedule has it (a mistaken
        # correction could only be "corrected" the other way, and stayed marked corrected).
        self.remove_button = QPushButton("&Remove correction")
        self.remove_button.setObjectName("removeCorrectionButton")
        self.remove_button.setAutoDefault(False)  # only ever by its own click or Alt+R
        self.remove_button.clicked.connect(self.remove_correction)
        cancel = QPushButton("&Cancel")  # Alt+C
        cancel.clicked.connect(self.reject)

        form = QFormLayout()  # Alt+S saves, Alt+R removes, Alt+D shows the deadlines
        self._row(form, "Da&te", self.date_edit,
                  self._stack(self.date_edit, self.date_error, self.current,
                              self.remove_button))
        self._row(form, "The day &is", self.kind_combo,
                  self._stack(self.kind_combo, self.kind_error))
        self._row(form, "&Name", self.name_edit, self._stack(self.name_edit, self.name_error))
        self._row(form, "S&ource", self.source_edit,
                  self._stack(self.source_edit, self.source_error))
        self._row(form, "R&eason", self.reason_edit,
                  self._stack(self.reason_edit, self.reason_error))
        self._lay_out(form, self.message, cancel)
        self.date_edit.dateChanged.connect(lambda _d: self._date_changed())
        self.date_edit.typedProblemChanged.connect(lambda: self.validate())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.name_edit.textChanged.connect(lambda _t: self._edited("name"))
        self.source_edit.textChanged.connect(lambda _t: self._edited("source"))
        self.reason_edit.textChanged.connect(lambda _t: self._edited("reason"))
        self._date_changed()

    def day(self) -> date:
        return self.date_edit.date().toPython()  # type: ignore[return-value]

    def typed_input(self) -> str:
        name = self.name_edit.text()
        fields = ("" if name == self._prefilled else name, self.source_edit.text(),
                  self.reason_edit.text())
        return (f"the correction of {self.day().isoformat()} you typed"
                if any(f.strip() for f in fields) else "")

    def _listed(self) -> DayRow | None:
        """The chosen day's row in the calendars dialog's data, when it lists the day."""
        day = self.day()
        row = self.data.year(day.year) if self.data else None
        return next((d for d in row.days if d.day == day), None) if row else None

    def _current(self) -> tuple[str, str] | None:
        """(kind, name) of the chosen day as the calendar stands, when the year is loaded."""
        day = self.day()
        if self.data is None or self.data.year(day.year) is None:
            return None
        listed = self._listed()
        if listed is not None:
            return listed.kind, listed.name
        return ("holiday", "weekend") if day.weekday() >= 5 else ("workday", "")

    def is_correction(self) -> bool:
        listed = self._listed()
        return listed is not None and listed.corrected

    def _kept(self) -> DayRow | None:
        """The day's listed row when the kind chosen keeps it what it is (a new name or
        source to record), else None."""
        listed = self._listed()
        if listed is None or listed.kind != self.kind_combo.currentData():
            return None
        return listed

    def _prefill(self) -> None:
        """Name and Source say what is known of a day kept as it is: its name in Name (the
        officer's own typing is never replaced), its source in Source's placeholder."""
        kept = self._kept()
        name = kept.name if kept is not None and not _unnamed(kept.name) else ""
        if self.name_edit.text() in ("", self._prefilled) and self.name_edit.text() != name:
            self.name_edit.blockSignals(True)  # not the officer's edit
            self.name_edit.setText(name)
            self.name_edit.blockSignals(False)
        if self.name_edit.text() == name:
            self._prefilled = name
        self.source_edit.setPlaceholderText(
            f"the new notice (now: {kept.source})" if kept is not None and kept.source
            else SOURCE_PLACEHOLDER)
        self.source_edit.setToolTip(f"Now: {kept.source}" if kept is not None and kept.source
                                    else "")

    def _kind_changed(self) -> None:
        self._prefill()
        self.validate()

    def _date_changed(self) -> None:
        current = self._current()
        if current is None:  # a year the calendars dialog does not list (yet)
            self.current.setText(f"{self.day().year} is not listed yet: choose what the day "
                                 "is.")
        else:
            kind, name = current
            if (kind, name) == ("holiday", "weekend"):  # not "a holiday (weekend)"
                self.current.setText("Now a weekend day, not worked.")
            else:
                text = "a holiday" if kind == "holiday" else "a working day"
                if self.is_correction():
                    # An unnamed correction is named "holiday (officer entry)": said once.
                    named = f" ({name})" if name and "officer entry" not in name else ""
                    listed = self._listed()
                    said = correction_words(listed.source if listed is not None else "")
                    self.current.setText(f"Now {text}{named}, {said}.")
                else:
                    self.current.setText(f"Now {text}{f' ({name})' if name else ''}.")
            # Offer the opposite: a correction usually flips the day.
            self.kind_combo.setCurrentIndex(1 if kind == "holiday" else 0)
        self._prefill()
        self.validate()

    def validate(self, *, everything: bool = False) -> bool:
        # A date typed that does not exist: said at Date, and nothing saved or removed for
        # the day Qt shows instead (2027-02-30 typed showed 2027-02-03).
        typed = self.date_edit.typed_problem
        _show_problems(self.date_error, [
            f"{typed}; the field shows {self.day().isoformat()}, which is not the day "
            "typed: type the date again, YYYY-MM-DD"] if typed else [])
        reason = [] if self.reason_edit.text().strip() else ["say why the day is corrected"]
        _show_problems(self.reason_error,
                       reason if everything or "reason" in self._touched else [])
        current = self._current()
        kept = self._kept()
        name, source = self.name_edit.text().strip(), self.source_edit.text().strip()
        # An ordinary day (a weekday worked, a weekend off, listed nowhere) has no name or
        # source to record: a "correction" keeping it what it is changed nothing, yet was
        # saved and counted as a corrected day.
        same = (current is not None and current[0] == self.kind_combo.currentData()
                and (self._listed() is None
                     or (name in ("", kept.name if kept else "")
                         and source in ("", kept.source if kept else ""))))
        _show_problems(self.kind_error, [
            "the day already is one: nothing to correct (choose the other kind, or give a "
            "new name or source to record)"] if same else [])
        # A holiday is saved with its name, as Add published year… asks (an unnamed one was
        # listed as "holiday (officer entry)", hiding which holiday it was); a working day
        # needs none.
        unnamed = (not same and self.kind_combo.currentData() == "holiday"
                   and not self.name_edit.text().strip())
        # A control character or a paste of a page: said as typed, as the service refuses it.
        bad_name = one_line_problem(self.name_edit.text(), NAME_CHARS, "a name")
        bad_source = one_line_problem(self.source_edit.text(), REASON_CHARS, "a source")
        _show_problems(self.name_error, [bad_name] if bad_name else
                       [HOLIDAY_NAME_NEEDED] if unnamed and (everything or "name" in self._touched)
                       else [])
        # Every correction cites its notice, a renamed day too (the notice naming it): the
        # auditor sees where each corrected day came from, as the service insists.
        unsourced = not same and not source
        _show_problems(self.source_error, [bad_source] if bad_source else
                       [CORRECTION_SOURCE_NEEDED]
                       if unsourced and (everything or "source" in self._touched) else [])
        ok = (not typed and not reason and not same and not unnamed and not unsourced
              and not bad_name and not bad_source)
        # A corrected day with nothing new to save: the preview counts what Remove
        # correction would move (it had none; Save's hint led to a second correction).
        # Not once a name or source is typed: that is a new correction being entered.
        self._removal_previewed = (not ok and self.is_correction() and not typed and not reason
                                   and name in ("", self._prefilled) and not source)
        self._forget_preview(ok or self._removal_previewed)
        why = ("type a date that exists" if typed
               else "the day already is one: nothing to correct" if same
               else "type the holiday's name" if unnamed
               else "correct the name" if bad_name
               else "type the source (the notice that says so)" if unsourced
               else "correct the source" if bad_source
               else "say why the day is corrected" if reason else "")
        set_available(self.save_button, f"To save: {why}." if why else "")
        self.remove_button.setVisible(self.is_correction())
        set_available(self.remove_button,
                      "To remove the correction: type a date that exists." if typed
                      else "To remove the correction: say why." if reason else "",
                      "Put the day back as its year's schedule has it")
        # Said beside the greyed-out button too, unless a field's own message says it.
        untold = [why for why, missing, said in (
            ("type the holiday's name", unnamed, self.name_error),
            ("type the source (the notice that says so)", unsourced, self.source_error),
            ("say why the day is corrected", reason and not same, self.reason_error))
            if missing and not said.isVisibleTo(self)]
        said = f"To save: {'; '.join(untold)}." if untold else ""
        if self.is_correction() and not ok:
            said = " ".join(filter(None, (said, "To put the day back as its year's schedule "
                                                "has it: Remove correction (Alt+R).")))
        self.message.setText(said)
        return ok

    def preview_subject(self) -> str:
        return "Removing the correction" if self._removal_previewed else "Saving this"

    def pending_change(self) -> Callable[[Any], object] | None:
        """What the preview counts: the correction Save would make, or for a corrected day
        with nothing new to save, what Remove correction would do."""
        if not self._removal_previewed:  # as the last check of the fields left it
            return self._correction()
        actor, code, day = self.actor, self.code, self.day()
        reason = self.reason_edit.text().strip()
        return lambda session: remove_calendar_correction(
            session=session, actor=actor, calendar=code, day=day, reason=reason)

    def _correction(self) -> Callable[[Any], object] | None:
        """The correction Save makes; None while the input is wrong (said at the fields)."""
        if not self.validate(everything=True):
            return None
        actor, code, day = self.actor, self.code, self.day()
        kind = str(self.kind_combo.currentData())
        name, source = self.name_edit.text().strip(), self.source_edit.text().strip()
        reason = self.reason_edit.text().strip()
        return lambda session: correct_calendar_day(
            session=session, actor=actor, calendar=code, day=day, kind=kind, name=name,
            source=source, reason=reason)

    def save(self) -> None:
        change = self._correction()
        if change is None:
            return
        code, day = self.code, self.day()
        what = "a holiday" if self.kind_combo.currentData() == "holiday" else "a working day"

        def done(outcome: tuple[None, list[DeadlineChange]]) -> None:
            self.saved_day = day
            self.saved.emit(day.year, f"{code} {day.isoformat()} is now {what}.", outcome[1])
            self.accept()

        self._write(self.save_button, "Could not correct the day", done, change)

    def remove_correction(self) -> None:
        # The button is greyed out: said at Reason, or at Date for a day that does not exist.
        if not self.reason_edit.text().strip() or self.date_edit.typed_problem:
            self.validate(everything=True)
            return
        actor, code, day = self.actor, self.code, self.day()
        reason = self.reason_edit.text().strip()

        def done(outcome: tuple[tuple[bool, str], list[DeadlineChange]]) -> None:
            working, name = outcome[0]
            what = "a working day" if working else "not worked"
            why = f" ({name})" if name else ""
            self.saved_day = day
            self.saved.emit(day.year, f"{code} {day.isoformat()}: correction removed; "
                                      f"{what}{why} as the schedule has it.", outcome[1])
            self.accept()

        self._write(self.remove_button, "Could not remove the correction", done,
                    lambda session: remove_calendar_correction(
                        session=session, actor=actor, calendar=code, day=day, reason=reason))

    def _write(self, button: QPushButton, failure_title: str,
               done: Callable[[Any], object], change: Callable[[Any], Any]) -> None:
        """Run `change(session)` (what `button` does) on the write worker with the deadlines
        it moves, the dialog greyed out meanwhile. A refusal of the reason or source is said
        at that field, another of Remove correction's input at the kind; anything else in a
        message box."""
        def failed(exc: BaseException) -> None:
            self.message.setText("")
            self.set_saving(False)
            self.validate()  # Save and Remove correction as the fields allow again
            if isinstance(exc, InputError):
                fields = {"reason": self.reason_error, "source": self.source_error}
                at_fields = all(p.path in fields for p in exc.problems)
                if at_fields:  # each at its own field (a correction needs both)
                    for path, label in fields.items():
                        _show_problems(label, [p.message for p in exc.problems
                                               if p.path == path])
                    return
                if button is self.remove_button:
                    _show_problems(self.kind_error, [p.message for p in exc.problems])
                    return
            show_error(self, failure_title, exc)

        self.set_saving(True)
        self.message.setText("Saving…")
        self.tasks.write(lambda session: with_deadline_changes(session, lambda: change(session)),
                         done, failed)


def _day_entries(entries: list[list[str]]) -> str:
    """[day, kind, name, …] as "2027-01-26 (holiday, second closure)", joined."""
    return ", ".join(
        f"{e[0]} ({'holiday' if e[1] == 'holiday' else 'working day'}"
        + (f", {e[2]}" if len(e) > 2 and e[2] else "") + ")" for e in entries)


def removal_text(code: str, row: YearRow) -> str:
    """What Remove entered year… does to `row`, in words (rich text), before it is done:
    the entry, what the year becomes, its corrections made since (removed with it) and
    those made before it was entered (back)."""
    removal = row.removal
    assert removal is not None
    entered = f" {row.entered}" if row.entered else ""
    parts = [
        f"<b>{code} {row.year}</b> was entered{html.escape(entered)}: "
        f"{_count(len(removal.days), 'day')}, source: {html.escape(removal.source)}.",
        f"Removing it puts {row.year} back to {html.escape(removal.words())}, as before it "
        "was entered: every open deadline counted through it is counted again"
        + (" and marked estimated." if removal.falls_back_to == "estimated" else "."),
    ]
    if removal.corrections:
        one = len(removal.corrections) == 1
        parts.append(
            f"<b>{'Its correction' if one else f'Its {len(removal.corrections)} corrections'}"
            f" made since it was entered {'goes' if one else 'go'} with it:</b> "
            f"{html.escape(_day_entries(removal.corrections))}. Keep "
            f"{'it' if one else 'one'} by correcting the day again afterwards.")
    if removal.restored:
        one = len(removal.restored) == 1
        parts.append(
            f"{'The correction' if one else f'The {len(removal.restored)} corrections'} made "
            f"before it was entered, which it replaced, {'comes' if one else 'come'} back: "
            f"{html.escape(_day_entries(removal.restored))}.")
    parts.append("The audit trail keeps the entry and every correction.")
    return "<br><br>".join(parts)


class RemoveYearDialog(_CalendarChangeDialog):
    """Take back a year entered by mistake: what it does said first, a reason, the
    deadlines it moves on request, then Remove year."""

    def __init__(self, runner: TaskRunner, actor: Actor, code: str, row: YearRow,
                 data: CalendarData | None, parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, code, data, parent, name="removeYearDialog",
                         title=f"Remove the entered {code} {row.year} schedule",
                         size=(560, 400))
        self.year = row.year
        self.intro = QLabel(removal_text(code, row))
        self.intro.setObjectName("removeYearIntro")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.year_error = _error_label("removeYearError")  # the service's refusal of the year
        self.reason_edit = text_field(QLineEdit, "removeYearReason", "Reason",
                                      "why (recorded in the audit trail)")
        self.reason_error = _error_label("removeYearReasonError")
        self.message = QLabel()
        self.message.setObjectName("removeYearMessage")
        self.save_button = QPushButton("&Remove year")
        self.save_button.setObjectName("removeYearSaveButton")
        self.save_button.setDefault(True)  # Enter in Reason removes, as Enter saves elsewhere
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton("&Cancel")  # Alt+C
        cancel.setObjectName("removeYearCancel")
        cancel.clicked.connect(self.reject)

        form = QFormLayout()  # Alt+E the reason, Alt+D the deadlines, Alt+R removes
        self._row(form, "R&eason", self.reason_edit,
                  self._stack(self.reason_edit, self.reason_error))
        self._lay_out(form, self.message, cancel,
                      intro=self._stack(self.intro, self.year_error))
        self.reason_edit.textChanged.connect(lambda _t: self._edited("reason"))
        self.validate()

    def typed_input(self) -> str:
        return "the reason you typed" if self.reason_edit.text().strip() else ""

    def preview_subject(self) -> str:
        return "Removing the year"

    def validate(self, *, everything: bool = False) -> bool:
        missing = "say why the entered year is removed"
        reason = [] if self.reason_edit.text().strip() else [missing]
        _show_problems(self.reason_error,
                       reason if everything or "reason" in self._touched else [])
        ok = not reason
        self._forget_preview(ok)
        set_available(self.save_button, "" if ok else f"To remove: {missing}.")
        self.message.setText("" if ok or self.reason_error.isVisibleTo(self)
                             else f"To remove: {missing}.")
        return ok

    def pending_change(self) -> Callable[[Any], object] | None:
        if not self.validate(everything=True):
            return None
        actor, code, year = self.actor, self.code, self.year
        reason = self.reason_edit.text().strip()
        return lambda session: remove_calendar_year(
            session=session, actor=actor, calendar=code, year=year, reason=reason)

    def save(self) -> None:
        change = self.pending_change()
        if change is None:
            return
        code, year = self.code, self.year

        def done(outcome: tuple[YearRemoval, list[DeadlineChange]]) -> None:
            # Short, on the window's button row (at 200 % a longer line was cut): the year's
            # title then says what it is and which days stay corrected.
            self.saved.emit(year, f"{code} {year}: entered year removed.", outcome[1])
            self.accept()

        def failed(exc: BaseException) -> None:
            self.message.setText("")
            self.set_saving(False)
            self.validate()
            if isinstance(exc, InputError):  # the reason at Reason, the year above it
                _show_problems(self.reason_error,
                               [p.message for p in exc.problems if p.path == "reason"])
                _show_problems(self.year_error,
                               [p.message for p in exc.problems if p.path != "reason"])
                return
            show_error(self, "Could not remove the entered year", exc)

        self.set_saving(True)
        self.message.setText("Removing…")
        self.tasks.write(lambda session: with_deadline_changes(session, lambda: change(session)),
                         done, failed)


def add_calendar_action(window: QMainWindow) -> QAction:
    """View → Holiday calendars… on the main window (which has `runner`, `actor`,
    `view_menu` and `refresh`): one dialog, kept while the window lives."""
    action = QAction("&Holiday calendars…", window)
    action.setObjectName("calendarsAction")

    def make() -> HolidayCalendarsDialog:
        dialog = HolidayCalendarsDialog(window.runner, window.actor, window)  # type: ignore[attr-defined]
        dialog.changed.connect(window.refresh)  # type: ignore[attr-defined]
        # Open case windows too: a condition counted in days is recounted on the new
        # calendar (its Tracks tab said "estimated" until Refresh).
        dialog.changed.connect(lambda: [view.reload() for view in list(
            getattr(window, "case_views", {}).values())])
        if (roles_changed := getattr(window, "roles_changed", None)) is not None:
            roles_changed.connect(dialog.set_actor)  # kept for the window's life
        return dialog

    def again(dialog: HolidayCalendarsDialog) -> None:
        dialog.set_actor(window.actor)  # type: ignore[attr-defined]  # as re-checked
        dialog.reload()

    action.triggered.connect(
        lambda _checked=False: show_kept(window, "calendars_dialog", make, again))
    window.view_menu.addAction(action)  # type: ignore[attr-defined]
    return action
