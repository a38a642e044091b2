"""The deadlines dashboard as a report: one row per item it lists, in its sections, with
what a meeting or an auditor needs beside the due date — the days left (or overdue) in the
clock's own unit, whether the date is estimated, since when a stopped clock stands.

- `deadline_report` reads the rows (the dashboard's own queries, services.workspace, so a
  row is listed here exactly when the dashboard lists it) and counts the days.
- `export_deadlines_csv` writes them as CSV (services.exports' writer and formula guard,
  written atomically) and records the export; `save_deadlines_pdf` writes the printable
  report (filings.deadline_report) and records it; `render_deadlines_pdf` gives the PDF
  for printing.

The sections are the dashboard's (`section_of`; ui.dashboard groups its lists by it). The
dashboard's current filter is honoured by the `keys` of the rows it shows, in its order;
the file says what was included ("All open tracks", or the filter typed).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from approvals.domain import workflow as wf
from approvals.domain.calendars import Calendar
from approvals.domain.clocks import (
    clock_status,
    compute_deadline,
    counted_between,
    pauses_from_json,
)
from approvals.domain.errors import InputError, NotFound, Problem
from approvals.domain.numbers import humanise
from approvals.filings.deadline_report import (
    ALL_OPEN,
    CONDITION,
    CSV_HEADER,
    EXPECTED,
    EXPECTED_GROUPS,
    EXPECTED_TITLE,
    EXPECTED_TITLES,
    GROUPS,
    ITEM_WORDS,
    SECTIONS,
    TITLES,
    TRACK,
    UNIT_WORDS,
    DeadlineReport,
    DeadlineRow,
    Progress,
    RowKey,
    build_pdf,
    nothing_listed,
    section_title,
)
from approvals.services.access import require
from approvals.services.exports import ExportResult, _write_csv
from approvals.services.workflow import calendar_for
from approvals.services.workspace import (
    ExpectedNotification,
    OpenTrack,
    expected_notifications,
    open_deadlines,
)
from approvals.store.audit import Actor, append_event
from approvals.store.db import reading_beside
from approvals.store.files import atomic_output, check_writable
from approvals.store.models import utc_now

# The report's own terms (filings.deadline_report), for the dashboard to group by.
__all__ = [
    "ALL_OPEN", "CSV_HEADER", "EXPECTED_GROUPS", "EXPECTED_TITLE", "EXPECTED_TITLES",
    "GROUPS", "SECTIONS", "TITLES", "DeadlineReport", "DeadlineRow", "RenderedReport",
    "RowKey", "SavedReport", "deadline_report", "export_deadlines_csv", "included_text",
    "key_of", "prohibition_note", "record_deadlines_printed", "render_deadlines_pdf",
    "save_deadlines_pdf", "section_of", "section_title", "state_words",
]

# Amber, across the app, means "due within 3 working days" (counted on the deadline's own
# calendar): the case list's Next deadline, its Due within 3 working days filter, and the
# dashboard's rows. The dashboard's "Due this week" is a section, not a colour.
DUE_SOON_WORKING_DAYS = 3


def due_soon_limit(session: Session, code: str, today: date) -> str | None:
    """The last day (ISO) of those due within DUE_SOON_WORKING_DAYS working days on
    calendar `code`: the day before the next working day after them. A deadline on a
    weekend or holiday has to be met by the working day before it (a US-OISP notice due
    on Christmas is sent by 24 December), so it turns amber with that day, not a working
    day later."""
    deadline = compute_deadline(calendar_for(session, code), today,
                                DUE_SOON_WORKING_DAYS + 1, "working")
    return (deadline.due - timedelta(days=1)).isoformat() if deadline.due else None


@dataclass(frozen=True)
class DueSoon:
    """The last amber day on each calendar (ISO dates), as of `today`."""

    today: str
    cn: str | None
    us: str | None

    def covers(self, regime: str, due: str | None) -> bool:
        """Whether a deadline of `regime` falls due today or within the working days."""
        last = self.us if _calendar_of(regime) == "US" else self.cn
        return bool(due and last and self.today <= due <= last)


def due_soon_limits(session: Session, today: date) -> DueSoon:
    return DueSoon(today.isoformat(), due_soon_limit(session, "CN", today),
                   due_soon_limit(session, "US", today))


def section_of(track: OpenTrack, today: date) -> str:
    """Which section a track belongs to: a prohibited deal's track first (it can neither
    be filed nor completed, so no deadline will ever count), a stopped clock, then by due
    date ("this week" runs to Sunday). A section, not a colour: the dashboard marks a row
    amber by DueSoon, as the case list does."""
    # Another regime's prohibition holds back a track still in preparation; one filed
    # already runs on the authority's clock, which stays in view by its due date (an
    # accepted CN-US-CAPITAL review was listed as "cannot be filed").
    held_back = bool(track.deal_prohibited_by) and track.state in wf.PREPARATION_STATES
    if (track.outcome == "prohibited" or held_back) and not track.condition:
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


def key_of(row: OpenTrack | ExpectedNotification) -> RowKey:
    """The key of a row the dashboard shows (see RowKey)."""
    if isinstance(row, ExpectedNotification):
        return (EXPECTED, row.track_id)
    if row.obligation_id is not None:
        return (CONDITION, row.obligation_id)
    return (TRACK, row.track_id)


def prohibition_note(track: OpenTrack) -> str:
    """Where another regime's prohibition blocks the deal, which, after the track's state:
    " (deal prohibited: CN-NEGATIVE-LIST)", so that a data export draft does not read as
    prohibited itself (section_of lists it as prohibited while it is in preparation, by
    its due date once filed)."""
    if track.deal_prohibited_by and track.outcome != "prohibited" and not track.condition:
        return f" (deal prohibited: {', '.join(track.deal_prohibited_by)})"
    return ""


def state_words(kind: str, state: str) -> str:
    """A state as the kind's workflow names it; the code made readable for an unknown one."""
    try:
        return wf.state_label(kind, state)
    except NotFound:  # a kind or state this installation's workflows do not know
        return humanise(state)



def included_text(filter_text: str | None, shown: int | None = None,
                  total: int | None = None) -> str:
    """What a report holds: every open track, or the rows a filter kept."""
    words = " ".join((filter_text or "").split())
    if not words:
        return ALL_OPEN
    counts = f" ({shown:,} of {total:,} rows)" if shown is not None and total is not None else ""
    return f"Only the rows matching the filter “{words}”{counts}"


class _Days:
    """Days left and overdue, counted on each calendar once per due date (100,000 tracks
    share a few hundred due dates); a stopped clock's remainder once per clock."""

    def __init__(self, session: Session, today: date) -> None:
        self.session, self.today = session, today
        self.calendars: dict[str, Calendar] = {}
        self.counts: dict[tuple[str, str, str], tuple[int | None, int | None]] = {}
        self.remainders: dict[tuple[Any, ...], int | None] = {}

    def calendar(self, code: str) -> Calendar:
        if code not in self.calendars:
            self.calendars[code] = calendar_for(self.session, code)
        return self.calendars[code]

    def until(self, due: str, unit: str, code: str) -> tuple[int | None, int | None]:
        """(days left, days overdue) of a due date counted in `unit` on calendar `code`;
        the day counted from is not counted (today, or the due date)."""
        key = (due, unit, code)
        if key not in self.counts:
            day = date.fromisoformat(due)
            calendar = self.calendar(code)
            if day >= self.today:
                self.counts[key] = (counted_between(calendar, self.today, day, unit), None)
            else:
                self.counts[key] = (None, counted_between(calendar, day, self.today, unit))
        return self.counts[key]

    def remaining(self, clock: tuple[Any, ...], code: str) -> int | None:
        """What a stopped clock has left to run when it resumes (in its unit)."""
        _calendar, unit, days, start, pauses = clock
        if days is None or not start or unit not in UNIT_WORDS:
            return None
        key = (code, *clock)
        if key not in self.remainders:
            status = clock_status(self.calendar(code), date.fromisoformat(start), days, unit,
                                  self.today, pauses=pauses_from_json(json.loads(pauses or "[]")))
            # A stop recorded for a later day: what is left when it stops, not today.
            self.remainders[key] = (status.remaining if status.left_at_stop is None
                                    else status.left_at_stop)
        return self.remainders[key]


def _calendar_of(regime: str) -> str:
    """The calendar a date of `regime` is counted on when the row does not say."""
    return "US" if regime.startswith("US") else "CN"


_CLOCKS_SQL = """
    SELECT id, clock_calendar, clock_unit, clock_days, clock_start, clock_pauses,
           clock_stopped_on
    FROM filing_tracks WHERE completed_on IS NULL
"""
_OBLIGATION_UNITS_SQL = "SELECT id, due_unit, due_calendar FROM obligations WHERE status = 'open'"


def _clocks(session: Session) -> tuple[dict[int, tuple[Any, ...]], dict[int, tuple[Any, ...]]]:
    """Each open track's clock, and each open obligation's unit and calendar (plain tuples
    from the session's own DB-API cursor, as services.workspace reads the open tracks)."""
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        tracks = {r[0]: r[1:] for r in cursor.execute(_CLOCKS_SQL).fetchall()}
        obligations = {r[0]: r[1:] for r in cursor.execute(_OBLIGATION_UNITS_SQL).fetchall()}
    finally:
        cursor.close()
    return tracks, obligations


def _rows(session: Session, today: date) -> list[DeadlineRow]:
    """Every row the dashboard lists, section by section in its order."""
    deadlines, expected = open_deadlines(session), expected_notifications(session, today=today)
    clocks, obligation_units = _clocks(session)
    days = _Days(session, today)
    names: dict[tuple[str, str], str] = {}

    def state(kind: str, code: str) -> str:
        if (kind, code) not in names:
            names[(kind, code)] = state_words(kind, code)
        return names[(kind, code)]

    by_section: dict[str, list[DeadlineRow]] = {s: [] for s in SECTIONS}
    for t in deadlines:
        section = section_of(t, today)
        clock = clocks.get(t.track_id, (None,) * 6)
        calendar_code, unit, clock_days, start, pauses, stopped_on = clock
        left = overdue = None
        if t.condition is not None:
            unit, calendar_code = obligation_units.get(t.obligation_id or 0, (None, None))
            unit = unit or "calendar"  # a typed date: counted as it reads, in calendar days
            stopped_on = None
        elif t.stopped:
            code = calendar_code or _calendar_of(t.regime)
            left = days.remaining((calendar_code, unit, clock_days, start, pauses), code)
        unit = unit or ("calendar" if t.due_date else None)
        if t.due_date and not t.stopped and unit in UNIT_WORDS:
            left, overdue = days.until(t.due_date, unit, calendar_code or _calendar_of(t.regime))
        by_section[section].append(DeadlineRow(
            section=section, item=CONDITION if t.condition is not None else TRACK,
            reference=t.reference, target=t.target, target_zh=t.target_zh, regime=t.regime,
            kind=t.kind, state=state(t.kind, t.state) + prohibition_note(t),
            prohibited_by=tuple(t.deal_prohibited_by) if prohibition_note(t) else (),
            condition=t.condition or "",
            due_date=t.due_date, estimated=t.due_estimated, days_left=left,
            days_overdue=overdue, unit=unit if (left is not None or overdue is not None) else None,
            stopped_since=stopped_on if t.stopped else None, expected_completion=None,
            owner=t.owner, key=key_of(t), owner_name=t.owner_name,
            stops_ahead=bool(t.stopped and stopped_on and stopped_on > today.isoformat()),
            follow_up=t.follow_up))
    spec = wf.clock_spec("US-OISP", "notification", today)
    for e in expected:
        section = "projected" if e.projected_due else "not_known"
        left = overdue = None
        if e.projected_due:
            left, overdue = days.until(e.projected_due, spec.unit, spec.calendar)
        by_section[section].append(DeadlineRow(
            section=section, item=EXPECTED, reference=e.reference, target=e.target,
            target_zh=e.target_zh, regime="US-OISP", kind=e.kind, state=state(e.kind, e.state),
            condition="", due_date=e.projected_due, estimated=e.estimated, days_left=left,
            days_overdue=overdue, unit=spec.unit if e.projected_due else None,
            stopped_since=None, expected_completion=e.expected_completion, owner=e.owner,
            key=key_of(e), owner_name=e.owner_name,
            completion_passed=e.completion_passed(today.isoformat())))
    return [row for section in SECTIONS for row in by_section[section]]


def deadline_report(session: Session, *, actor: Actor, today: date | None = None,
                    keys: Sequence[RowKey] | None = None,
                    filter_text: str | None = None) -> DeadlineReport:
    """The dashboard's rows as of `today` (default: today): every one, or only those of
    `keys` (the rows a filtered dashboard shows) in that order within each section.
    `filter_text` is what the filter held, said in the report's "Included" line."""
    require(session, actor, "audit.export")
    today = today or date.today()
    rows = _rows(session, today)
    total = len(rows)
    if keys is not None:
        order = {k: n for n, k in enumerate(keys)}
        # Unfiltered, the keys only order the rows: one a colleague added since the
        # dashboard read them is kept (at its section's end), where it was left out of a
        # report still saying "Included: All open tracks…".
        filtered = bool((filter_text or "").split())
        chosen = [r for r in rows if r.key in order or not filtered]
        # In the dashboard's order within each section; the sections in theirs.
        place = {s: n for n, s in enumerate(SECTIONS)}
        rows = sorted(chosen, key=lambda r: (place[r.section], order.get(r.key, len(order))))
    included = included_text(filter_text, len(rows), total)
    return DeadlineReport(today, utc_now(), included, rows, total)


def _check_keys(keys: Iterable[Any] | None) -> list[RowKey] | None:
    if keys is None:
        return None
    out = []
    for n, key in enumerate(keys):
        if (not isinstance(key, tuple | list) or len(key) != 2
                or key[0] not in ITEM_WORDS or not isinstance(key[1], int)):
            raise InputError(Problem(f"keys[{n}]", f"{key!r} is not a row of the dashboard"))
        out.append((str(key[0]), int(key[1])))
    return out


def _record(session: Session, actor: Actor, report: DeadlineReport | RenderedReport, *,
            kind: str, name: str, on_printer: bool = False, pages: int | None = None) -> None:
    """The report handed out, in the trail: its file (or printer), rows, date and scope.
    A printed one is its own action, so the trail can be filtered for what went to paper."""
    rows = report.rows if isinstance(report, RenderedReport) else len(report.rows)
    details: dict[str, Any] = {"printer" if on_printer else "file": name, "rows": rows,
                               "format": kind, "as_of": report.as_of.isoformat(),
                               "included": report.included}
    if pages is not None:
        details["pages"] = pages
    append_event(session, actor=actor,
                 action="deadlines.printed" if kind == "print" else "deadlines.exported",
                 entity="deadlines", entity_id=name, details=details)


def _empty_row(report: DeadlineReport) -> tuple[Any, ...]:
    """The one line of a CSV with no rows: why it is empty (as the PDF says it), with the
    date and what was included, which the data rows would otherwise carry."""
    cells: list[Any] = [""] * len(CSV_HEADER)
    cells[0] = nothing_listed(report)
    cells[-2:] = [report.as_of.isoformat(), report.included]
    return tuple(cells)


def export_deadlines_csv(session: Session, *, actor: Actor, out: Path,
                         today: date | None = None, keys: Sequence[RowKey] | None = None,
                         filter_text: str | None = None,
                         progress: Callable[[float, str], None] | None = None) -> ExportResult:
    """Write the dashboard's rows (see deadline_report) to `out` as CSV and record the
    export; an existing file is replaced only when the record commits. `progress` may
    raise to cancel: after the rows are read, and once they are written, before the file
    takes its place (the dashboard's Cancel, and a Quit that said it stops the work, did
    not stop it: the file was written and its export recorded after the sign-out)."""
    report_progress = progress or (lambda _fraction, _message: None)
    out = check_writable(Path(out), "file")
    chosen = _check_keys(keys)
    with reading_beside(session) as reading:  # the file is written outside the write lock
        actor = require(reading, actor, "audit.export")
        report = deadline_report(reading, actor=actor, today=today, keys=chosen,
                                 filter_text=filter_text)
    # An empty export says why in its one line (a header alone told nothing, not even the
    # date); that line is no row of the report, so the count stays 0.
    report_progress(0.5, "Writing the rows…")
    lines = ([r.csv_row(report.as_of, report.included) for r in report.rows]
             if report.rows else [_empty_row(report)])
    with atomic_output(out, session=session) as tmp:  # in place when the event commits
        _write_csv(tmp, CSV_HEADER, lines)
        report_progress(0.95, "Saving the file…")  # a cancel now leaves no file
    # The last chance: the file takes its place only when the record commits.
    report_progress(0.99, "Recording the export…")
    _record(session, actor, report, kind="csv", name=out.name)
    # The empty file's line, for the message that says what was written (ui.exports).
    return ExportResult(out, len(report.rows), note="" if report.rows else lines[0][0])


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    pages: int
    rows: int
    as_of: date
    included: str


def render_deadlines_pdf(session: Session, *, actor: Actor, today: date | None = None,
                         keys: Sequence[RowKey] | None = None, filter_text: str | None = None,
                         progress: Progress | None = None) -> RenderedReport:
    """The "Deadlines as of <date>" report as PDF bytes (for printing); `progress` may
    raise to cancel."""
    report = deadline_report(session, actor=actor, today=today, keys=_check_keys(keys),
                             filter_text=filter_text)
    pdf, pages = build_pdf(report, progress=progress)
    return RenderedReport(pdf, pages, len(report.rows), report.as_of, report.included)


def record_deadlines_printed(session: Session, *, actor: Actor, rendered: RenderedReport,
                             pages: int, printer: str | None = None,
                             out: Path | None = None) -> None:
    """Record in the trail that a rendered report was printed (`deadlines.printed`, with
    the details a saved one has, format "print"): on `printer` (its name), or through the print
    dialog's "Print to File (PDF)" to `out`. Called once the pages have gone out."""
    actor = require(session, actor, "audit.export")
    if out is not None:
        _record(session, actor, rendered, kind="print", name=Path(out).name, pages=pages)
    else:
        _record(session, actor, rendered, kind="print", name=printer or "default printer",
                on_printer=True, pages=pages)


@dataclass(frozen=True)
class SavedReport(ExportResult):
    pages: int = 0


def save_deadlines_pdf(session: Session, *, actor: Actor, out: Path,
                       today: date | None = None, keys: Sequence[RowKey] | None = None,
                       filter_text: str | None = None,
                       progress: Progress | None = None) -> SavedReport:
    """Write the report's PDF to `out` and record the export (as the CSV)."""
    out = check_writable(Path(out), "file")
    chosen = _check_keys(keys)
    with reading_beside(session) as reading:
        actor = require(reading, actor, "audit.export")
        report = deadline_report(reading, actor=actor, today=today, keys=chosen,
                                 filter_text=filter_text)
    pdf, pages = build_pdf(report, progress=progress)  # laid out outside the write lock too
    with atomic_output(out, session=session) as tmp:
        tmp.write_bytes(pdf)
    _record(session, actor, report, kind="pdf", name=out.name, pages=pages)
    return SavedReport(out, len(report.rows), pages)
