"""Spreadsheet exports for auditors: the audit trail (of one case, or all of it) and the case
list, as CSV files that Excel, LibreOffice and Numbers open as they are.

What the files are, so that a spreadsheet shows them right and cannot be tricked:

- UTF-8 with a byte-order mark (Excel reads a BOM-less CSV in the local code page and
  garbles Chinese names), RFC 4180 quoting by the csv module, CRLF line ends; a value
  with a line break or a comma stays one cell.
- Hashes stay text: an event hash that a spreadsheet would read as a number (the first
  event's previous hash, 64 zeros, showed as `0`; a hash of digits alone, or digits around
  one `e`, would become a rounded number) gets the same leading apostrophe, so the exact
  hex is kept, and a leading apostrophe in a hash cell is never part of the hash. Every
  other hash is written exactly, so the chain can be checked link by link from the file.
- Text values stay text: an old or new value stored as text that a spreadsheet would read
  as a number (an all-digit USCC, a reference "000123") gets the same leading apostrophe;
  values stored as numbers stay numbers.
- Formula injection is neutralised: a text cell that begins with `=`, `+`, `-`, `@`, a tab
  or a carriage return gets a leading apostrophe, so a spreadsheet shows it as text and
  never evaluates it (a reason typed as `=HYPERLINK(...)` stays a reason). Plain numbers
  are left alone so that they stay numbers, negative ones included: `-12.5` is a number,
  `-1+2` or `-A1` is not and is neutralised.
- Written atomically (store.files.atomic_output): into a temporary file beside it, which
  replaces the chosen file only when the unit of work that records the export commits;
  on any failure (a cancel, a busy database, a failed commit) a file of that name that
  was there before is left exactly as it was.
- Rows are streamed, a batch of events at a time, so a long trail never sits in memory;
  the audit export reports its progress (events read of the events in scope) and stops at
  the next batch when cancelled, leaving no file behind.
- An export that matches nothing has one line under the column titles, saying so in its
  first cell ("Nothing to export: no event matches the filter."); it counts as no row.

Each export is checked (`audit.export`) and recorded in the trail itself (`audit.exported`,
`cases.exported`: the file name and the number of rows, no content). A whole-trail export
holds every event for an administrator; for other roles the events about cases, which
they see on each case's timeline anyway (sign-ins, user and key administration are an
administrator's business).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import text as sql_text
from sqlmodel import Session, col, func, select

from approvals.domain.audit import action_label, stored_value
from approvals.domain.event_text import EventFacts
from approvals.domain.typed_input import search_key
from approvals.services.access import require
from approvals.services.audit_view import (
    AuditFilter,
    audit_count,
    matching_event_ids,
    person_named,
    sees_everything,
    trail_sentence,
    user_names,
)
from approvals.services.cases import CaseRow, deadline_text, list_cases, status_text
from approvals.services.progress import CancelCheck, Meter, Progress
from approvals.store.audit import Actor, append_event, iter_events
from approvals.store.cases import case_by_reference
from approvals.store.db import reading_beside
from approvals.store.files import atomic_output, check_writable
from approvals.store.models import Case, Event, FilingTrack, Obligation

AUDIT_HEADER: tuple[str, ...] = (
    "Sequence", "Time (UTC)", "Actor", "Role", "Action", "Action (label)", "Entity",
    "Entity ID", "Case", "Field", "Old value", "New value", "Reason", "Details",
    "Event hash", "Previous hash",
    # After the columns scripts already read by position: the track's regime, as the audit
    # window's Regime column says it (Entity ID names a track by its number only).
    "Regime",
    # The display name the user list holds for the actor at export time (an event records
    # the login alone): a user renamed since shows under the new name. Empty for the
    # command line and the system, for a login the user list does not hold, and for a
    # name that is only the login again (audit_view.user_names, as Event in words says it).
    "Actor name (current)",
    # Time (UTC) again as a spreadsheet reads a date-time ("2026-11-30 08:05:25"): sorted,
    # filtered by day or month, counted with. Time (UTC) stays the stored stamp exactly
    # (what the event's hash covers), which Excel keeps as text.
    "Date-time (UTC)",
    # What the event did, in the sentence the Audit trail window's Event column says
    # (audit_view.trail_sentence: one wording): the old and new values above are the
    # stored ones, JSON for a record, which an auditor had to read field by field.
    "Event in words",
)
CASE_HEADER: tuple[str, ...] = (
    "Reference", "Target (EN)", "Target (ZH)", "Investor", "Amount", "Currency",
    "Regimes needing action", "Status", "Next deadline", "Next deadline estimated", "Owner",
)
# Cell starts a spreadsheet takes for a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)
_PLAIN_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_HEX = re.compile(r"[0-9a-f]+")
_DIGEST_LENGTH = 32  # hex digits from which an entity ID is a digest (MD5 and up), not a row id
ID_BATCH = 500  # events read by their ids at a time
# Events read between two progress reports (each also checks for a cancel).
REPORT_EVERY = 2000


# What an empty export's one line begins with (the app's message for it says the same).
NOTHING = "Nothing to export"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int  # data rows written (the header not counted)
    # Why no row was written, as the file's one line says it ("" when rows were written);
    # keyword-only, so that a subclass's positional fields follow `rows`.
    note: str = field(default="", kw_only=True)


def safe_cell(value: Any) -> str:
    """One cell's text: empty for None, numbers as they are, text neutralised against
    formula injection (a leading apostrophe, see the module docstring)."""
    if type(value) is str:  # most cells, 16 a row of a million-event trail: tested first
        text = value
    elif value is None:
        return ""
    elif isinstance(value, bool):  # before int: True is an int
        return "true" if value else "false"
    elif isinstance(value, int):
        return str(value)
    elif isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    else:
        text = str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _hash_cell(value: str | None) -> str:
    """An event hash as text a spreadsheet keeps: a leading apostrophe before one it would
    read as a number (the first event's previous hash, 64 zeros, showed as `0`), the
    exact hex otherwise. A hash never holds an apostrophe: a reader strips a leading one."""
    text = value or ""
    # Lowercase hex is a number to a spreadsheet when it is digits alone, or digits around
    # one `e`. String methods, not a regular expression: two hashes a row, a million rows.
    if text.replace("e", "", 1).isdecimal() and text[:1] != "e" and text[-1:] != "e":
        return "'" + text
    return text


def _spreadsheet_time(stamp: str | None) -> str:
    """A stored UTC stamp ("2026-11-30T08:05:25Z") as Excel, LibreOffice and Numbers read
    a date-time ("2026-11-30 08:05:25"); one not in that form as it is."""
    text = stamp or ""
    if len(text) == 20 and text[10] == "T" and text[19] == "Z":
        return f"{text[:10]} {text[11:19]}"
    return text


def _id_cell(value: str | None) -> str | None:
    """An entity ID: a key's fingerprint (64 hex digits) is protected as a hash is (one of
    digits alone, or digits around one `e`, became a rounded number); a row id ("7"), a
    reference or a file name as it is."""
    if value is not None and len(value) >= _DIGEST_LENGTH and _HEX.fullmatch(value):
        return _hash_cell(value)
    return value


def _safe_cells(row: Sequence[Any]) -> list[Any]:
    """`safe_cell` of each value, without the call for the most common ones, which need
    no change (text not starting a formula, None and whole numbers, which the csv module
    writes as safe_cell would): a million-event trail has seventeen million cells."""
    return [v if (type(v) is str and v[:1] not in _FORMULA_FIRST) or v is None
            or type(v) is int else safe_cell(v) for v in row]


def _write_csv(out: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Stream `rows` into `out` (the temporary file of atomic_output); the rows written."""
    count = 0
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)  # excel dialect: RFC 4180 quoting, CRLF line ends
        writer.writerow(header)
        for row in rows:
            writer.writerow(_safe_cells(row))
            count += 1
    return count


class _OrNote:
    """`rows`, streamed and counted (`count`); without any, one line `note` (why, in the
    first of `width` columns): a file of column titles alone told nothing, not even that
    nothing matched. That line is no row of the export: `count` stays 0 (as the
    deadlines report's CSV says an empty report)."""

    def __init__(self, rows: Iterable[Sequence[Any]], note: str, width: int) -> None:
        self.rows, self.note, self.width, self.count = rows, note, width, 0

    def __iter__(self) -> Iterator[Sequence[Any]]:
        for row in self.rows:
            self.count += 1
            yield row
        if not self.count:
            yield (self.note, *[""] * (self.width - 1))


# Text a spreadsheet would take for a number: a USCC of 18 digits kept 15 of them, and a
# reference "000123" became 123. Such text is kept as text with the hashes' apostrophe.
_READS_AS_NUMBER = re.compile(r"[+-]?(?:\d+[.,]?\d*|[.,]\d+)(?:[eE][+-]?\d+)?%?")
_NUMBER_FIRST = frozenset("0123456789+-.,")  # the first characters it can start with


def _text_cell(text: str) -> str:
    """A stored text value for its cell: with a leading apostrophe when a spreadsheet would
    read it as a number (its digits then lost or rounded); as it is otherwise."""
    if text[:1] in _NUMBER_FIRST and _READS_AS_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _value(stored: str | None) -> Any:
    """A stored old/new value (JSON) for a cell: text as text (kept text where it reads as
    a number), anything else as JSON; numbers stay numbers."""
    if stored is None:
        return None
    # Stored by store.audit as json.dumps(sort_keys=True, ensure_ascii=False): a record or
    # a list is already the text this returns, and text with no escape is its quotes'
    # inside. Not decoded and encoded again: a third of a long export's time.
    first = stored[:1]
    if first in ("{", "["):
        return stored
    if first == '"' and len(stored) > 1 and stored[-1] == '"' \
            and "\\" not in stored and '"' not in stored[1:-1]:
        return _text_cell(stored[1:-1])
    value = stored_value(stored)
    if isinstance(value, str):
        return _text_cell(value)
    if value is None or isinstance(value, int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _details(stored: str | None) -> str:
    return "" if stored in (None, "", "{}") else str(stored)


class _Reading:
    """How far the audit export has got: `read` of `total` events in scope done, `written`
    of them to the file `name`. Reports to `meter` every REPORT_EVERY events, which raises
    Cancelled there once the user asked to stop."""

    def __init__(self, meter: Meter, total: int, name: str, *, every_one_written: bool) -> None:
        self.meter, self.total, self.name = meter, total, name
        self.every_one_written = every_one_written
        self.read = self.written = 0

    def report(self) -> None:
        if self.every_one_written:
            message = f"{self.written:,} of {self.total:,} events written to {self.name}"
        else:
            message = (f"{self.read:,} of {self.total:,} events read, {self.written:,} "
                       f"written to {self.name}")
        self.meter.report(self.read / self.total if self.total else 1.0, message)


def _events_with_ids(session: Session, ids: Iterable[int], *, case_id: int | None,
                     batch: int | None = None) -> Iterator[dict[str, Any]]:
    """The events `ids` (ascending; a list, or a stream read as it goes) in id order, with
    `case_id` that case's only, as iter_events gives them, a batch at a time: the few
    events a filter matched are read by their ids, not picked out of a million read
    through, and a filter matching a million is never held whole."""
    columns = [c.name for c in Event.__table__.columns]  # type: ignore[attr-defined]
    only = "" if case_id is None else " AND case_id = :case"
    query = sql_text(f"SELECT {', '.join(columns)} FROM events WHERE id IN :ids{only} "
                     "ORDER BY id").bindparams(bindparam("ids", expanding=True))
    pending = iter(ids)
    while chunk := list(islice(pending, batch or ID_BATCH)):
        rows = session.connection().execute(query, {"ids": chunk, "case": case_id}).all()
        for row in rows:
            yield dict(zip(columns, row, strict=True))


_JSON = json.JSONDecoder()  # json.loads' own decoder, without its wrapper a call


def _decoded(stored: str | None) -> Any:
    """stored_value (a stored old/new value or details, decoded), quicker for the sentence
    of each of a million events: a text with no escape is its quotes' inside."""
    if stored is None:
        return None
    if stored[:1] == '"' and stored[-1:] == '"' and len(stored) > 1 and "\\" not in stored \
            and '"' not in stored[1:-1]:
        return stored[1:-1]
    try:
        return _JSON.decode(stored)
    except ValueError:  # an altered row: its text, as stored_value gives it
        return stored


class _Words:
    """Each event's sentence for the audit CSV, as the Audit trail window says it: what
    the sentence names besides the event (the users' full names, each track kind's state
    names, the conditions' texts) read once for the whole export, never a query a row.
    `tracks`: the tracks whose conditions can appear (None: every track)."""

    def __init__(self, session: Session, tracks: list[int] | None,
                 full_names: dict[str, str] | None = None) -> None:
        self.session, self.tracks = session, tracks
        if full_names is None:
            full_names = user_names(session)
        self.person = lambda login: person_named(login, full_names)
        self.namers: dict[str, Any] = {}  # trail_sentence's cache of each kind's state names
        self.conditions: dict[str, str] | None = None  # read at the first condition event

    def _condition_texts(self) -> dict[str, str]:
        query = select(Obligation.id, Obligation.text)
        if self.tracks is not None:
            query = query.where(col(Obligation.track_id).in_(self.tracks))
        return {str(i): str(t) for i, t in self.session.exec(query).all()}

    def sentence(self, e: dict[str, Any], kind: str | None, regime: str | None) -> str:
        action = e["action"]
        if self.conditions is None and action.startswith("obligation."):
            self.conditions = self._condition_texts()
        # Decoded only where there is something to decode (most events have no old value
        # and no details): a million sentences.
        stored = e["details"]
        details = None if stored is None or stored == "{}" else _decoded(stored)
        facts = EventFacts(action, e["entity_id"] or "", e["field"], _decoded(e["old_value"]),
                           _decoded(e["new_value"]),
                           details if isinstance(details, dict) else None)
        return trail_sentence(facts, kind=kind, regime=regime, conditions=self.conditions or {},
                              person=self.person, namers=self.namers)


def _audit_rows(session: Session, *, case_id: int | None, references: dict[int, str],
               visible_only_cases: bool = False, actions: Collection[str] | None = None,
               text: str | None = None, event_ids: Collection[int] | None = None,
               matching: Iterable[int] | None = None,
               names: dict[str, str] | None = None,
               reading: _Reading | None = None) -> Iterator[tuple[Any, ...]]:
    """The trail's rows (AUDIT_HEADER order) in sequence order, filtered; read lazily,
    counted in `reading` (which reports progress and stops on a cancel). `matching`: the
    ids of the events to write, ascending, streamed (the audit window's filter), in place
    of reading the trail through."""
    terms = search_key(text or "").split()
    wanted = set(actions) if actions else None
    ids = set(event_ids) if event_ids is not None else None
    names = user_names(session) if names is None else names  # one map for both columns
    tracks = select(FilingTrack.id, FilingTrack.regime, FilingTrack.kind)
    if case_id is not None:
        tracks = tracks.where(FilingTrack.case_id == case_id)
    track_rows = session.exec(tracks).all()
    regimes: dict[int | None, str] = {track: regime for track, regime, _kind in track_rows}
    kinds: dict[int | None, str] = {track: kind for track, _regime, kind in track_rows}
    labels: dict[str, str] = {}  # action_label's answers: a few dozen actions in a million rows
    words = _Words(session, [track for track in kinds if track is not None]
                   if case_id is not None else None, names)
    if matching is not None:
        chosen = matching if ids is None else (i for i in matching if i in ids)
        events = _events_with_ids(session, chosen, case_id=case_id)
    elif ids is not None:
        events = _events_with_ids(session, sorted(ids), case_id=case_id)
    else:
        events = iter_events(session, case_id=case_id)
    for e in events:
        if reading is not None:  # the events before this one are in the file
            if reading.read and not reading.read % REPORT_EVERY:
                reading.report()
            reading.read += 1
        if ids is not None and e["id"] not in ids:
            continue
        if visible_only_cases and e["case_id"] is None:
            continue
        if wanted is not None and e["action"] not in wanted:
            continue
        action = e["action"]
        label = labels.get(action)
        if label is None:
            label = labels[action] = action_label(action)
        row = (e["id"], e["occurred_at"], e["actor"], e["role"], action, label,
               e["entity"], _id_cell(e["entity_id"]),
               references.get(e["case_id"], "") if e["case_id"] is not None else "",
               e["field"], _value(e["old_value"]), _value(e["new_value"]), e["reason"],
               _details(e["details"]), _hash_cell(e["hash"]), _hash_cell(e["prev_hash"]),
               regimes.get(e["track_id"], ""), names.get(e["actor"], ""),
               _spreadsheet_time(e["occurred_at"]),
               words.sentence(e, kinds.get(e["track_id"]), regimes.get(e["track_id"])))
        if terms:
            hay = search_key("\x1f".join("" if v is None else str(v) for v in row))
            if not all(t in hay for t in terms):
                continue
        if reading is not None:
            reading.written += 1
        yield row


def export_audit_csv(
    session: Session,
    *,
    actor: Actor,
    out: Path,
    case_reference: str | None = None,
    actions: Collection[str] | None = None,
    text: str | None = None,
    event_ids: Collection[int] | None = None,
    where: AuditFilter | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Write the audit trail (of `case_reference`, or every event the actor may see) to
    `out` as CSV, optionally only `actions`, events whose cells hold every word of `text`,
    the events `event_ids` (what a filtered timeline shows), or the events `where` matches
    (the audit window's filter, so the file holds exactly the rows it lists); record the
    export. `progress(fraction, message)` follows the events read; once `cancelled()` is
    True it stops at the next batch with Cancelled, no file written and none replaced."""
    meter = Meter(progress, cancelled)
    out = check_writable(Path(out), "file")
    with reading_beside(session) as reading:  # the file is written outside the write lock
        actor = require(reading, actor, "audit.export")
        if case_reference is not None:
            case = case_by_reference(reading, case_reference)
            assert case.id is not None
            case_id: int | None = case.id
            references = {case.id: case.reference}
        else:
            case_id = None
            references = {row_id: reference for row_id, reference
                          in reading.exec(select(Case.id, Case.reference)).all()
                          if row_id is not None}  # stored rows: the id is never None
        everything = case_id is None and sees_everything(actor)
        matching: Iterator[int] | None = None
        if where is not None and not where.empty:  # the window's own query, not a second one
            # Counted first, then streamed a batch at a time as the file is written: the
            # ids were gathered in a set first, 200 MB more for a filter matching two
            # million events (the note's bench).
            meter.report(0.0, "Counting the events the filters match…")
            matches = audit_count(reading, actor=actor, where=where)
            meter.check()
            matching = matching_event_ids(reading, where, everything=sees_everything(actor))
            if event_ids is not None:  # both: the filter's among those (never streamed)
                event_ids = set(event_ids).intersection(matching)
                matching = None
        # In place only when the event below commits: no file the trail lacks, no old
        # file lost to an export that did not happen.
        filtered = bool(actions or (text or "").strip() or event_ids is not None
                        or matching is not None)
        if filtered:
            note = (f"{NOTHING}: no event of {case_reference} matches the filter."
                    if case_reference else f"{NOTHING}: no event matches the filter.")
        else:
            note = (f"{NOTHING}: {case_reference} has no events." if case_reference else
                    f"{NOTHING}: the audit trail holds no events"
                    + ("." if everything else " about cases."))
        if matching is not None:
            total = matches
        elif event_ids is not None:  # read by their ids
            total = len(set(event_ids))
        else:
            in_scope = select(func.count()).select_from(Event)
            if case_id is not None:
                in_scope = in_scope.where(Event.case_id == case_id)
            total = reading.exec(in_scope).one()
        # "N of M events written" when every event read is written, else read and written.
        progress_of = _Reading(meter, total, out.name, every_one_written=not (
            actions or (text or "").strip()) and (event_ids is not None or everything
                                                  or matching is not None
                                                  or case_id is not None))
        # The names Event in words says too (audit_view.user_names: trimmed), one source:
        # a name stored with spaces around it was written so here and trimmed there.
        names = user_names(reading)
        lines = _OrNote(_audit_rows(
            reading, case_id=case_id, references=references,
            visible_only_cases=case_id is None and not everything, actions=actions,
            text=text, event_ids=event_ids, matching=matching, names=names,
            reading=progress_of),
            note, len(AUDIT_HEADER))
        progress_of.report()
        with atomic_output(out, session=session) as tmp:
            _write_csv(tmp, AUDIT_HEADER, lines)
        count = lines.count
        progress_of.report()  # the last events' count, before the record of the export
    details: dict[str, Any] = {"file": out.name, "rows": count,
                               "scope": case_reference or ("all" if everything else "cases")}
    if actions:
        details["actions"] = sorted(actions)
    if text:
        details["text"] = text
    if where is not None and not where.empty:
        details["filter"] = where.as_details()
    elif event_ids is not None:
        details["selected"] = True  # the events a filtered timeline showed
    append_event(session, actor=actor, action="audit.exported", entity="audit",
                 entity_id=out.name, case_id=case_id, details=details)
    return ExportResult(out, count, note="" if count else note)


def _case_rows(rows: Iterable[CaseRow]) -> Iterator[tuple[Any, ...]]:
    """The case list's rows in CASE_HEADER order; the Chinese name as the list shows it
    (an intake draft has no target party yet, and its cell was empty)."""
    for r in rows:
        yield (r.reference, r.target, r.target_zh or None, r.investor, r.amount_value,
               r.amount_currency, ", ".join(r.regimes), status_text(r.status, r.worst_state, r.blocked),
               # A date a spreadsheet sorts and counts with; estimated or not beside it, as
               # the deadlines report's CSV says it ("2027-04-14 (estimated)" was text).
               r.next_deadline or "",
               ("yes" if r.next_deadline_estimated else "no") if r.next_deadline else "",
               r.owner)


def _cases_written(rows: Iterable[tuple[Any, ...]], meter: Meter, total: int,
                   name: str) -> Iterator[tuple[Any, ...]]:
    """`rows` as they are written, the count reported to `meter` every REPORT_EVERY rows
    (which raises Cancelled there once the user asked to stop)."""
    for written, row in enumerate(rows):
        if written and not written % REPORT_EVERY:
            meter.report(written / total, f"{written:,} of {total:,} cases written to {name}")
        yield row


def export_case_list_csv(
    session: Session,
    *,
    actor: Actor,
    out: Path,
    rows: Sequence[CaseRow] | None = None,
    include_drafts: bool = False,
    text: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Write the case list to `out` as CSV: `rows` as given (the rows a filtered window
    shows, in its order), or every case in reference order (drafts only with
    `include_drafts`, as `approvals case list`), narrowed to rows holding every word of
    `text`; record the export. `progress(fraction, message)` follows the cases written;
    once `cancelled()` is True it stops at the next batch with Cancelled, no file written
    and none replaced."""
    meter = Meter(progress, cancelled)
    out = check_writable(Path(out), "file")
    with reading_beside(session) as reading:  # the file is written outside the write lock
        actor = require(reading, actor, "audit.export")
        meter.report(0.0, "Reading the cases…")
        chosen = list(rows) if rows is not None else list_cases(reading,
                                                                 include_drafts=include_drafts)
    cells = list(zip(chosen, _case_rows(chosen), strict=True))
    terms = search_key(text or "").split()
    # The cells the file holds, and the status and the deadline in words ("estimated").
    if terms:
        cells = [(r, row) for r, row in cells
                 if all(t in search_key("\x1f".join((r.worst_state, r.status, deadline_text(r), *(
                     str(c) for c in row if c is not None)))) for t in terms)]
    note = (f"{NOTHING}: no case matches the filter." if terms or rows is not None
            else f"{NOTHING}: the case list is empty.")
    lines = _OrNote(_cases_written((row for _r, row in cells), meter, len(cells), out.name),
                    note, len(CASE_HEADER))
    with atomic_output(out, session=session) as tmp:  # in place when the event commits
        _write_csv(tmp, CASE_HEADER, lines)
        meter.report(1.0, f"{len(cells):,} of {len(cells):,} cases written to {out.name}")
    count = lines.count
    details: dict[str, Any] = {"file": out.name, "rows": count}
    if rows is not None:
        details["selected"] = True  # the rows a filtered list showed
    if text:
        details["text"] = text
    append_event(session, actor=actor, action="cases.exported", entity="case_list",
                 entity_id=out.name, details=details)
    return ExportResult(out, count, note="" if count else note)
