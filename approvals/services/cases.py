"""Cases: create from facts, list, read."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Integer, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from approvals.domain.calendars import ESTIMATED_MARK
from approvals.domain.errors import NotFound
from approvals.domain.facts import Facts, parse_facts, stored_facts
from approvals.domain.numbers import humanise
from approvals.domain.screening import blocks_from_text, blocks_text
from approvals.domain.typed_input import name_text, search_key
from approvals.domain.workflow import state_label, worst_state
from approvals.services.access import require
from approvals.services.audit_view import user_names
from approvals.services.case_lifecycle import CLOSED, DISCARDED, OPEN
from approvals.services.screening import open_tracks, screen_case
from approvals.store.audit import Actor, append_event
from approvals.store.cases import case_by_id, case_by_reference, case_id_by_reference
from approvals.store.models import Case, Party, utc_now

REFERENCE_PREFIX = "AP"


class CaseRow(NamedTuple):
    """One line of the case list (a tuple: the workspace builds 100,000 of them at
    start-up, and a tuple is the cheapest row Python can make)."""

    id: int
    reference: str
    target: str
    investor: str
    amount_value: float | None
    amount_currency: str | None
    status: str
    owner: str
    updated_at: str
    regimes: tuple[str, ...]
    worst_state: str
    next_deadline: str | None
    # The next deadline counts a year without an official holiday schedule.
    next_deadline_estimated: bool = False
    # The target's Chinese name (the Target (Chinese) column, hidden at first) and the
    # officer's own reference (shown on hovering the Reference); the filter finds both.
    target_zh: str = ""
    own_reference: str = ""
    # What blocks the deal's completion for good, whatever the other tracks do: (regime,
    # words) for each track refused by its authority ("Export refused", also once closed)
    # or found prohibited by the screening (services.workflow.completion_blockers).
    blocked: tuple[tuple[str, str], ...] = ()
    # The owner's full name ("" when the user has none, or is `cli:…`/`system`): the list's
    # Owner column shows it, the login on hover; the CSV keeps `owner`, the login.
    owner_name: str = ""
    # The regime of the track (or of the condition's track) whose date is the next
    # deadline: its calendar decides the amber "due within 3 working days", not the case's
    # other tracks' ("" when there is no deadline, or a row made without it).
    next_deadline_regime: str = ""
    # A track (or a condition's track) on the other calendar due the very same day (""
    # without): of two tracks due the same day the Chinese one is named above, and the
    # deadline is amber when either calendar counts it due soon, as the dashboard marks
    # either row (services.deadline_report.DueSoon).
    next_deadline_also: str = ""
    # The parties' identifiers (the target's USCC, the investor's LEI), space-separated:
    # officers know a company by its code, and the filter finds a case by it.
    identifiers: str = ""
    # The earliest deadline on the other calendar when it falls on a later day than the
    # next deadline ("2026-10-08 CN-FISR"; "" without): a US date not yet due soon may
    # stand before a Chinese one that is, across a holiday, which the dashboard marks
    # amber; the list does too.
    later_deadline: str = ""


# A due date counted through a year without an official holiday schedule says so.
ESTIMATED = " (estimated)"
# A track the screening found prohibited can never be filed: it blocks completion. So does a
# prohibition no track carries (the negative list's), and a regime it could not decide.
SCREENING_PROHIBITS = "prohibited by screening"
SCREENING_UNDECIDED = "facts missing"
SCREENING_BLOCK_WORDS = {"prohibited": SCREENING_PROHIBITS, "needs_info": SCREENING_UNDECIDED}
# A case whose facts are still being entered (the New case wizard's draft), and one
# discarded before it was finished, as the case list, its Status filter, its CSV and
# `approvals case list` say them. Never "draft" alone: that is a filing track's first
# state ("Draft" on the dashboard and in the Status column), and the two read alike.
INTAKE_NOT_FINISHED = "Intake not finished"
INTAKE_DISCARDED = "Intake discarded"
# A closed case (services.case_lifecycle) and a discarded intake, as the list says them.
ENDED_STATUSES = {CLOSED: "Closed", DISCARDED: INTAKE_DISCARDED}
# The least advanced state of a case none of whose tracks is open, all withdrawn (or some
# closed): the case's own status is said first.
TRACKS_WITHDRAWN = "withdrawn"
# The same when every track was closed after its decision: "Closed" alone read as the case
# itself closed (greyed out elsewhere, left out by the Status filter's "All but closed").
TRACKS_CLOSED = "closed"


def status_text(status: str, worst_state: str,
                blocked: tuple[tuple[str, str], ...] = ()) -> str:
    """A case's status as the case list, its CSV export and `approvals case list` say it:
    its least advanced open track's state, and what blocks its completion for good
    ("Assessment (blocked: Export refused)"); when that refusal is the least advanced
    state itself, the refusal in its track's words ("Export refused (blocks completion)")."""
    if status == "draft":  # facts still being entered: not a draft filing track
        return INTAKE_NOT_FINISHED
    if status in ENDED_STATUSES:  # the case's own end says more than its withdrawn tracks
        return ENDED_STATUSES[status]
    said = list(dict.fromkeys(w for _regime, w in blocked))
    if len(said) > 1 and SCREENING_UNDECIDED in said:
        # Beside a refusal or a prohibition, which block for good, facts still to give are
        # not what the row is read for (the tooltip lists every regime's block): "Draft
        # (blocked: prohibited by screening, facts missing)" took the Status column so wide
        # that the companies' names were cut.
        said.remove(SCREENING_UNDECIDED)
    words = ", ".join(said)
    if worst_state in (TRACKS_WITHDRAWN, TRACKS_CLOSED):
        # No track open, the least advanced withdrawn (a case reopened after closing, whose
        # tracks closing withdrew) or every one closed: "Withdrawn" or "Closed" alone read
        # as the case itself withdrawn or closed.
        return (f"{humanise(status)} (tracks {worst_state}"
                f"{'; blocked: ' + words if words else ''})")
    if not words:
        return humanise(worst_state or status)
    if worst_state == "prohibited":  # every track has ended, a refusal among them
        return f"{words} (blocks completion)"
    return f"{humanise(worst_state or status)} (blocked: {words})"


def status_explained(status: str, worst_state: str,
                     blocked: tuple[tuple[str, str], ...] = ()) -> str:
    """The case's own status and the case list's Status text (status_text) in one line,
    as the case window's header and the Status cell's tooltip say them: "Open; tracks:
    Internal review (blocked: Export refused)". The header's "Open" beside the list's
    "Draft" read as two answers to one question. The list's text alone where it already
    says the case's own status (Closed, "Open (tracks closed)", a case without tracks)."""
    listed = status_text(status, worst_state, blocked)
    own = ENDED_STATUSES.get(status) or (INTAKE_NOT_FINISHED if status == "draft"
                                         else humanise(status))
    return listed if listed.startswith(own) else f"{own}; least advanced: {listed}"


def case_status_words(status: str, tracks: Iterable[tuple[str, str, str, str | None]],
                      closed_refusals: Iterable[str] = (),
                      screening_blocks: Iterable[tuple[str, str]] = ()) -> str:
    """status_explained for one case from its tracks, as (regime, kind, state, the
    screening's outcome), the kinds of its closed tracks that were refused, and what its
    current screening found blocking (ScreeningResult.binding_blocks): decided as the case
    list decides it for its rows (list_cases), for the case window's header."""
    if status in ENDED_STATUSES:  # as _rows: nothing blocks a deal that is not going ahead
        return status_explained(status, "", ())
    tracks = list(tracks)
    states = " ".join(f"{kind}:{state}" + (":prohibited" if outcome == "prohibited" else "")
                      for _regime, kind, state, outcome in tracks)
    worst, blocked = _worst(states or None)
    blocked = (*blocked, *(_refusal(kind) for kind in closed_refusals),
               *_untracked_blocks(blocks_text(screening_blocks),
                                  " ".join(regime for regime, *_ in tracks)))
    return status_explained(status, worst, blocked)


def deadline_text(row: CaseRow) -> str:
    """The next deadline, marked when it is estimated ("" when there is none)."""
    return (row.next_deadline or "") + (ESTIMATED if row.next_deadline_estimated else "")


@dataclass(frozen=True)
class CaseDetail:
    id: int
    reference: str
    facts: Facts
    status: str
    owner: str
    created_at: str
    updated_at: str
    version: int


def next_reference(session: Session, year: int) -> str:
    """The next free `AP-YYYY-NNNN` (callers hold the write lock, so it cannot be taken)."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    # The highest by number: as text, AP-2026-9999 came after AP-2026-10000, which was
    # then offered again and refused as taken, and no case could be made that year.
    number = func.substr(Case.reference, len(prefix) + 1)
    last = session.exec(
        select(func.max(func.cast(number, Integer)))
        .where(col(Case.reference).like(prefix + "%"), number.op("GLOB")("[0-9]*"),
               number.op("NOT GLOB")("*[^0-9]*"))
    ).one()
    return f"{prefix}{(last or 0) + 1:04d}"


def _denormalised(facts: Facts) -> dict[str, Any]:
    amount = facts.deal.amount
    return {
        "target_name": facts.target.name_en,
        "investor_name": facts.investor.name,
        "amount_value": float(amount.value) if amount else None,
        "amount_currency": amount.currency if amount else None,
        "target_name_zh": (facts.target.name_zh or "").strip(),
        "own_reference": (facts.reference or "").strip(),
        "identifiers": " ".join(code for code in (facts.target.uscc, facts.investor.lei) if code),
    }


def _parties(case_id: int, facts: Facts) -> list[Party]:
    return [
        Party(
            case_id=case_id,
            role="target",
            name_en=facts.target.name_en,
            name_zh=facts.target.name_zh,
            identifier_kind="USCC" if facts.target.uscc else None,
            identifier=facts.target.uscc,
            jurisdiction=facts.target.jurisdiction,
        ),
        Party(
            case_id=case_id,
            role="investor",
            name_en=facts.investor.name,
            identifier_kind="LEI" if facts.investor.lei else None,
            identifier=facts.investor.lei,
            jurisdiction=facts.investor.jurisdiction,
        ),
    ]


def _insert_case(session: Session, *, reference: str, facts_json: str, status: str,
                 actor: Actor, columns: dict[str, Any]) -> Case:
    """A new case row, open or draft, owned by `actor` and flushed so that it has its id;
    `columns` are the list columns derived from its facts."""
    now = utc_now()
    case = Case(reference=reference, facts=facts_json, status=status, owner=actor.username,
                created_at=now, updated_at=now, **columns)
    session.add(case)
    session.flush()
    return case


def create_case(
    session: Session,
    *,
    facts: Facts,
    actor: Actor,
    status: str = "open",
    today: date | None = None,
    include_proposed: bool = False,
) -> CaseDetail:
    """Create a case from validated facts, with its parties and a `case.created` event;
    an open one is screened (with the reported / proposed measures when
    `include_proposed`) and its tracks opened."""
    actor = require(session, actor, "case.create")
    today = today or date.today()
    reference = next_reference(session, today.year)
    case = _insert_case(session, reference=reference, facts_json=facts.to_json(), status=status,
                        actor=actor, columns=_denormalised(facts))
    assert case.id is not None
    session.add_all(_parties(case.id, facts))
    append_event(
        session,
        actor=actor,
        action="case.created",
        entity="case",
        entity_id=reference,
        case_id=case.id,
        new=facts.to_json_dict(),
        details={"status": status},
    )
    if status != "draft":
        _screen_and_open_tracks(session, case_id=case.id, actor=actor, as_of=today,
                                include_proposed=include_proposed)
    return _detail(case)


def _screen_and_open_tracks(session: Session, *, case_id: int, actor: Actor,
                           as_of: date | None = None, include_proposed: bool = False) -> None:
    """What opening a case does, whether created outright or finished from a draft: screen
    it once and open a track per regime needing action, in the caller's unit of work."""
    screen_case(session=session, case_id=case_id, actor=actor, as_of=as_of,
                include_proposed=include_proposed)
    open_tracks(session=session, case_id=case_id, actor=actor)


def import_case(session: Session, *, data: Any, actor: Actor) -> CaseDetail:
    """Validate raw decoded JSON facts and create a case; nothing is written when invalid."""
    return create_case(session, facts=parse_facts(data), actor=actor)


@dataclass(frozen=True)
class SameFacts:
    """A case (or intake draft) that already holds the facts about to be imported."""

    reference: str
    status: str
    # False: not these facts but an open case of the same target (its USCC) and investor
    # (cases_of_the_same_deal), most likely the same deal typed in again with a change.
    whole: bool = True

    @property
    def words(self) -> str:
        """"AP-2026-0003 (open)", "AP-2026-0007 (intake not finished)"."""
        status = ENDED_STATUSES.get(self.status) or (
            INTAKE_NOT_FINISHED if self.status == "draft" else humanise(self.status))
        return f"{self.reference} ({status[:1].lower()}{status[1:]})"


def cases_with_same_facts(session: Session, facts: Facts) -> list[SameFacts]:
    """The cases and intake drafts, discarded drafts aside, whose facts are exactly `facts`,
    oldest first: the same file imported twice would otherwise make a second case of one
    deal that nobody notices until its filings are made twice."""
    wanted = facts.to_json_dict()
    # The names narrow the search to a few rows (they are kept in step with the facts);
    # the facts then compare as values, not as text an older version may have written
    # with other spacing or key order.
    rows = session.exec(
        select(Case.reference, Case.status, Case.facts)
        .where(Case.target_name == facts.target.name_en,
               Case.investor_name == facts.investor.name, Case.status != DISCARDED)
        .order_by(col(Case.id))).all()
    return [SameFacts(reference, status) for reference, status, text in rows
            if _facts_as_values(text) == wanted]


# What the question (and the command line's warning) says of cases that are not the same
# facts but the same parties: "… are already in AP-2026-0002 (open)".
SAME_PARTIES = "The same target company (by its USCC) and investor are"


def cases_of_the_same_deal(session: Session, facts: Facts) -> list[SameFacts]:
    """cases_with_same_facts; without any, the open cases of the same target company (by
    its USCC) and investor (by LEI where both cases give one, else by name), marked not
    `whole`: a deal typed in again with a name corrected is one deal in two cases, filed
    twice, unless the officer means a deal of its own (another round, another instrument)."""
    same = cases_with_same_facts(session, facts)
    if same or not facts.target.uscc:
        return same
    target, investor = aliased(Party), aliased(Party)
    rows = session.exec(
        select(Case.reference, Case.status, investor.name_en, investor.identifier)
        .join(target, (col(target.case_id) == Case.id) & (col(target.role) == "target"))
        .join(investor, (col(investor.case_id) == Case.id) & (col(investor.role) == "investor"))
        .where(target.identifier == facts.target.uscc, Case.status == OPEN)
        .order_by(col(Case.id))).all()
    lei, name = facts.investor.lei, _name_key(facts.investor.name)
    return [SameFacts(reference, status, whole=False)
            for reference, status, their_name, their_lei in rows
            if (lei == their_lei if lei and their_lei else _name_key(their_name) == name)]


def _name_key(name: str) -> str:
    """A name as the same name compares, however it was typed or pasted: spacing, letter
    case, full-width letters, a decomposed accent or a zero-width space aside."""
    return search_key(name_text(name))


def _facts_as_values(text: str) -> Any:
    """Stored facts as to_json_dict gives them; a draft's unfinished facts as typed."""
    try:
        return stored_facts(text).to_json_dict()
    except ValueError:  # pydantic's ValidationError: facts still being entered
        return json.loads(text)


def _detail(case: Case) -> CaseDetail:
    assert case.id is not None
    return CaseDetail(
        id=case.id,
        reference=case.reference,
        facts=stored_facts(case.facts),
        status=case.status,
        owner=case.owner,
        created_at=case.created_at,
        updated_at=case.updated_at,
        version=case.version,
    )


def get_case(session: Session, reference: str) -> CaseDetail:
    return _detail(case_by_reference(session, reference))


def case_id_for(session: Session, reference: str) -> int:
    return case_id_by_reference(session, reference)


# The "worst" state of a case is its least advanced open track, in the workflow tables'
# progress order (domain.workflow.STATE_ORDER); next_deadline is the earliest due date of
# a track still running (completed tracks have no due date that counts) or of an open
# obligation (a condition of a clearance outlives its track).
_LIST_CASES_SQL = (
    "SELECT id, reference, target_name, investor_name, amount_value, amount_currency, status, "
    "owner, updated_at, action_regimes, target_name_zh, own_reference, identifiers, "
    "screening_blocks FROM cases "
    "{where} "
    "ORDER BY reference"
)
# One grouped pass over the tracks (the index on case_id keeps each group in track order,
# and so the order of a case's blockers: an index that kept them by kind would reverse some).
# ix_filing_tracks_list does not cover it (no outcome, no due_estimated); an index that did
# saved too little to be worth a migration (tests/bench/bench_case_list_read.py).
# The earliest due date on each calendar (services.deadline_report: a US regime's on the US
# one, every other's on the Chinese one), as `date 0|1 regime` so that one min() settles a
# tie: an estimated date first (the "(estimated)" is not lost), then the regime by name.
# (A single min() with bare columns took the regime from any one of the tracks due that
# day: the calendar the case list counted amber on was whichever SQLite met first.)
_EARLIEST = ("min(CASE WHEN {open} AND substr({regime}, 1, 2) {on} 'US' THEN {due} || ' ' || "
             "CASE WHEN {estimated} THEN '0' ELSE '1' END || {regime} END)")
_TRACK_DUE = {"open": "completed_on IS NULL", "regime": "regime", "due": "due_date",
              "estimated": "due_estimated"}
# A track the screening found prohibited carries a third part, `kind:state:prohibited`
# (only those: the common strings, and so the cached rankings, stay as few as before).
_LIST_TRACKS_SQL = (
    "SELECT case_id, group_concat(regime, ' '), group_concat(kind || ':' || state || "
    "CASE WHEN outcome = 'prohibited' THEN ':prohibited' ELSE '' END, ' '), "
    + _EARLIEST.format(on="<>", **_TRACK_DUE) + ", " + _EARLIEST.format(on="=", **_TRACK_DUE)
    + " FROM filing_tracks {where} GROUP BY case_id"
)
# The same for the open conditions: whether the stored text (kept current by a calendar
# edit's recount) carries domain.calendars' estimated note, and the calendar of its track.
_CONDITION_DUE = {"open": "o.due_date IS NOT NULL", "regime": "t.regime", "due": "o.due_date",
                  "estimated": "instr(o.text, ?) > 0"}
_LIST_OBLIGATIONS_SQL = (
    "SELECT t.case_id, " + _EARLIEST.format(on="<>", **_CONDITION_DUE) + ", "
    + _EARLIEST.format(on="=", **_CONDITION_DUE)
    + " FROM obligations o JOIN filing_tracks t ON t.id = o.track_id WHERE o.status = 'open' "
    "AND o.due_date IS NOT NULL {where} GROUP BY t.case_id"
)
# A refused track that has been closed still blocks completion: its refusal is the step
# that closed it (only closing leaves `prohibited`). The events' terms are those of the
# partial index ix_events_refusals (models.Event, migration 0009), which holds only these
# few events: SQLite uses it only while the query's terms imply the index's condition.
_LIST_CLOSED_REFUSALS_SQL = (
    "SELECT t.case_id, t.kind FROM filing_tracks t JOIN events e "
    "ON e.track_id = t.id WHERE t.state = 'closed' AND e.action = 'track.transition' "
    "AND e.old_value = '\"prohibited\"' {where}"
)


@lru_cache(maxsize=4096)
def _regimes(screened: str | None, tracked: str | None) -> tuple[str, ...]:
    """Regimes needing action: the current screening's, and any with a track (a track can
    outlive a re-screening that no longer needs it until it is closed)."""
    return tuple(sorted(set((screened or "").split()) | set((tracked or "").split())))


def _refusal(kind: str) -> tuple[str, str]:
    """A refused track as the case list names it: its regime (a kind that can be refused or
    prohibited is its regime's own) and the refusal in the kind's words."""
    try:
        return kind, state_label(kind, "prohibited")
    except NotFound:  # a kind this installation's workflows do not know
        return kind, humanise("prohibited")


@lru_cache(maxsize=4096)
def _untracked_blocks(screening_blocks: str, tracked: str | None,
                      ) -> tuple[tuple[str, str], ...]:
    """What the screening found blocking (`regime:outcome` items, Case.screening_blocks)
    where no track of the regime carries it, in the case list's words; a track carries its
    own (its outcome, its refusal), as services.workflow.completion_blockers decides."""
    with_track = set((tracked or "").split())
    return tuple((regime, SCREENING_BLOCK_WORDS.get(outcome, humanise(outcome)))
                 for regime, outcome in blocks_from_text(screening_blocks)
                 if regime not in with_track)


@lru_cache(maxsize=4096)
def _worst(states: str | None) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The least advanced state of `kind:state[:prohibited]` items, and what blocks
    completion among them. Few distinct combinations exist, so each is read once."""
    if not states:
        return "", ()
    tracks = [item.split(":") for item in states.split()]
    blocked = []
    for kind, state, *outcome in tracks:
        if outcome:  # the screening found it prohibited: withdrawing does not lift it
            blocked.append((kind, SCREENING_PROHIBITS))
        elif state == "prohibited":
            blocked.append(_refusal(kind))
    return worst_state((kind, state) for kind, state, *_ in tracks), tuple(blocked)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while 100,000 rows are made: each new tuple
    counts towards a collection, and the passes over the growing list took more than the
    rows themselves (1.4 s of a 100,000-case read instead of 0.55 s). Rows hold no cycles,
    so nothing waits longer to be freed. Nested uses (the window's load_list pauses it too)
    leave it as they found it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def list_cases(session: Session, *, include_drafts: bool = True,
               first: int | None = None, include_discarded: bool = False) -> list[CaseRow]:
    """The case list in reference order, read in two passes (cases, then tracks grouped by
    case) rather than sub-queries per case. `first` limits it to the first rows, which the
    window shows while the rest loads. Discarded intake drafts only with
    `include_discarded` (and `include_drafts`); closed cases always, as "Closed"."""
    with _collector_paused():
        # The four reads' rows are freed as soon as the list is made (they are arguments
        # only): the collection that follows the pause then walks the 100,000 rows made,
        # not the 300,000 tuples read as well (70 ms to 28 ms for `approvals case list`).
        return _rows(*_read_list(session, include_drafts=include_drafts, first=first,
                                 include_discarded=include_discarded),
                     user_names(session))  # users are few: read once, not once a row


_Refusals = dict[int, list[tuple[str, str]]]  # case id: its closed tracks' refusals


def _read_list(session: Session, *, include_drafts: bool, first: int | None,
               include_discarded: bool,
               ) -> tuple[list[Any], dict[int, Any], dict[int, Any], _Refusals]:
    """list_cases's four reads: the cases, their tracks and open conditions grouped by case,
    and the closed tracks that were refused."""
    # The DB-API cursor of the session's own connection (same transaction): plain tuples,
    # without a result-row object per line.
    driver = session.connection().connection.driver_connection
    assert driver is not None  # an open connection always has its DB-API connection
    cursor = driver.cursor()
    try:
        hidden = ([] if include_drafts else ["'draft'"]) + (
            [] if include_drafts and include_discarded else [f"'{DISCARDED}'"])
        sql = _LIST_CASES_SQL.format(
            where=f"WHERE status NOT IN ({', '.join(hidden)})" if hidden else "")
        if first is None:
            cases = cursor.execute(sql).fetchall()
            ids = ""  # every case's tracks in one pass; a draft's are simply not asked for
        else:
            cases = cursor.execute(sql + " LIMIT ?", (int(first),)).fetchall()
            # Only the tracks of the rows read (a cheap IN list of integer ids).
            ids = "case_id IN (" + (",".join(str(int(c[0])) for c in cases) or "NULL") + ")"
        tracks = {r[0]: r for r in cursor.execute(
            _LIST_TRACKS_SQL.format(where=f"WHERE {ids}" if ids else ""))}
        obligations = {r[0]: r for r in cursor.execute(
            _LIST_OBLIGATIONS_SQL.format(where=f"AND t.{ids}" if ids else ""),
            (ESTIMATED_MARK, ESTIMATED_MARK))}
        closed_refusals: _Refusals = {}
        for case_id, kind in cursor.execute(
                _LIST_CLOSED_REFUSALS_SQL.format(where=f"AND t.{ids}" if ids else "")):
            closed_refusals.setdefault(case_id, []).append(_refusal(kind))
    finally:
        cursor.close()
    return cases, tracks, obligations, closed_refusals


def _due_parts(earliest: str) -> tuple[str, bool, str]:
    """An `_EARLIEST` text's date, whether it is estimated, and its regime."""
    due, _, rest = earliest.partition(" ")
    return due, rest[:1] == "0", rest[1:]


def _next_deadline(cn: str | None, us: str | None) -> tuple[str, bool, str, str, str]:
    """The next deadline from the earliest on each calendar (`_EARLIEST`): its date, whether
    it is estimated, its regime and, due the same day on the other calendar, that one's
    regime; and the other calendar's on a later day ("date regime", see CaseRow). The same
    day on both: the Chinese regime named, the US one beside it."""
    if us is None or cn is None:
        due, estimated, regime = _due_parts(cn or us or "")
        return due, estimated, regime, "", ""
    on_cn, on_us = _due_parts(cn), _due_parts(us)
    if on_cn[0] != on_us[0]:
        first, then = min(on_cn, on_us), max(on_cn, on_us)
        return (*first, "", f"{then[0]} {then[2]}")
    return on_cn[0], on_cn[1] or on_us[1], on_cn[2], on_us[2], ""


def _rows(cases: list[Any], tracks: dict[int, Any], obligations: dict[int, Any],
          closed_refusals: _Refusals, names: dict[str, str]) -> list[CaseRow]:
    """The case list's rows from its four reads (list_cases), with as little Python per
    row as can be: 100,000 of them are made after every save that reloads the list."""
    none = (None, None, None, None, None, None)
    # tuple.__new__ makes the very same CaseRow without CaseRow.__new__'s Python frame.
    make = tuple.__new__
    track_of, condition_of, name_of = tracks.get, obligations.get, names.get
    out: list[CaseRow] = []
    append = out.append
    worst: str
    blocked: tuple[tuple[str, str], ...]
    for c in cases:
        case_id = c[0]
        t = track_of(case_id, none)
        cn, us = t[3], t[4]
        condition = condition_of(case_id)
        if condition is not None:  # a condition outlives its track: the earlier on each calendar
            if condition[1] is not None and (cn is None or condition[1] < cn):
                cn = condition[1]
            if condition[2] is not None and (us is None or condition[2] < us):
                us = condition[2]
        if cn is None and us is None:
            due, estimated, regime, also, later = None, False, "", "", ""
        else:
            due, estimated, regime, also, later = _next_deadline(cn, us)
        if c[6] in ENDED_STATUSES:
            # Its own status is what it is (`approvals case list --json` says "closed",
            # not its withdrawn tracks'); nothing blocks a deal that is not going ahead.
            worst, blocked = "", ()
        else:
            worst, blocked = _worst(t[2])
            if case_id in closed_refusals:
                blocked = (*blocked, *closed_refusals[case_id])
            if c[13]:
                blocked = (*blocked, *_untracked_blocks(c[13], t[1]))
        append(make(CaseRow, (case_id, c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8],
                              _regimes(c[9], t[1]), worst, due, estimated, c[10], c[11],
                              blocked, name_of(c[7], ""), regime, also, c[12], later)))
    return out


def facts_dict(session: Session, case_id: int) -> dict[str, Any]:
    return json.loads(case_by_id(session, case_id).facts)
