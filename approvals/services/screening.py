"""Screening a case, opening its filing tracks, and re-screening open cases.

Every stored screening keeps the rulebook version and the date it applied, and its result
is the `approvals screen --json` document with each reason's Chinese text and citation
added (`ScreeningResult.to_storage_dict`); screenings stored before those existed still
load, with the Chinese fields empty. Re-screening first only *lists* what
would change; nothing is written until an officer accepts it for a case.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from approvals.domain.approval_changes import (
    SCREENING_ACTIONS,
    FactEventLike,
    Unscreened,
    changed_since_screening,
)
from approvals.domain.errors import (
    ApprovalsError,
    Cancelled,
    ConflictError,
    InputError,
    NotFound,
    Problem,
    TransitionRefused,
)
from approvals.domain.facts import Facts, stored_facts
from approvals.domain.identifiers import reference_order
from approvals.domain.rulebook import Rulebook, unverified_among
from approvals.domain.screening import (
    Determination,
    ScreeningResult,
    blocks_text,
    control_stake_threshold,
    determination_key,
    determine,
    regimes_that_may_differ,
    screen,
)
from approvals.domain.workflow import ACTION_OUTCOMES, is_final, track_kind_for
from approvals.services.access import require
from approvals.services.case_lifecycle import _check_version as check_case_version
from approvals.services.case_lifecycle import writable_case, writable_case_by_reference
from approvals.services.rulebook import rulebook_for
from approvals.store.audit import Actor, append_event
from approvals.store.db import DATABASE
from approvals.store.models import Case, Event, FilingTrack, Screening, utc_now

OPEN_STATUSES = ("open",)
RESCREEN_BATCH = 500  # open cases read (with their current screenings) per query


@dataclass(frozen=True)
class StoredScreening:
    id: int
    case_id: int
    as_of: date
    rulebook_version: str
    include_proposed: bool
    created_at: str
    created_by: str
    current: bool
    result: ScreeningResult


@dataclass(frozen=True)
class OpenedTrack:
    id: int
    regime: str
    kind: str
    outcome: str


@dataclass(frozen=True)
class OutcomeChange:
    """One regime of one open case whose outcome a re-screening would change."""

    case_id: int
    reference: str
    regime: str
    old_outcome: str | None  # None: the regime was not in the stored screening
    new_outcome: str | None  # None: the regime is no longer screened
    old_rulebook: str | None
    new_rulebook: str
    # Why the new outcome: the new determination's reasons (and the facts it misses), its
    # rule ids, and the stored screening's date; what an officer checks before accepting.
    why: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    old_as_of: date | None = None
    target: str = ""


@dataclass(frozen=True)
class RescreenCheck:
    """The open cases screened again on `as_of`: how many, and the outcomes that change."""

    as_of: date
    rulebook: str
    open_cases: int
    changes: tuple[OutcomeChange, ...]
    # (reference, regime) of each outcome that stays the same on other grounds (another
    # rule or citation, ScreeningResult.cited_differently): the filings print the grounds,
    # so the case's Screening tab offers the new screening though no outcome changes.
    recited: tuple[tuple[str, str], ...] = ()

    @property
    def cases_changed(self) -> int:
        return len({c.case_id for c in self.changes})


# Cases named in the words on outcomes cited differently; the rest counted.
NAMED_RECITED = 5


def recited_words(recited: Sequence[tuple[str, str]], as_of: date | None = None) -> str:
    """(reference, regime) of outcomes that stay the same on other grounds: not listed as
    changes, but their filings print the grounds, so each case's Screening tab offers the
    new screening (re-screening with today's rules: on or after a later `as_of`)."""
    if not recited:
        return ""
    regimes: dict[str, list[str]] = {}  # a case's regimes together: "and 8 more" counts cases
    for reference, regime in recited:
        regimes.setdefault(reference, []).append(regime)
    named = [f"{reference} ({', '.join(of)})"
             for reference, of in list(regimes.items())[:NAMED_RECITED]]
    more = len(regimes) - len(named)
    when = (f" on or after {as_of.isoformat()}" if as_of is not None and as_of > date.today()
            else "")
    return (f"Same outcome on other grounds (another rule or citation): {', '.join(named)}"
            + (f" and {more:,} more {'case' if more == 1 else 'cases'}" if more else "")
            + ". Their filings print the grounds: "
            f"accept the new screening on each case's Screening tab{when}.")


@dataclass(frozen=True)
class AcceptedRescreen:
    screening: StoredScreening
    changes: tuple[OutcomeChange, ...]
    opened: tuple[OpenedTrack, ...]


def _same_rulebook(book: Rulebook, expected: str | None, since: str, then: str) -> None:
    """Refuse (ConflictError) when `book` is not the version `expected` (the one what was
    shown used: an update installed or reverted meanwhile), saying since when and what to
    do `then`."""
    if expected is not None and book.version != expected:
        raise ConflictError(f"The rulebook in use changed since {since}: {book.version} is in "
                            f"use now, not {expected}. Nothing was stored; {then}.")


def _rulebook(session: Session, given: Rulebook | None, actor: Actor | None = None) -> Rulebook:
    """The rulebook given, else the one the session's data folder screens with: an installed
    rulebook update (services.rulebook_updates) or the shipped rulebook. A damaged record
    of the installed updates names the way back as the user works: the command for the
    command line (its actor is "cli:<login>"), else the app's menu item."""
    if given is not None:
        return given
    database = session.info.get(DATABASE)
    command_line = actor is not None and actor.on_command_line
    return rulebook_for(getattr(database, "data_dir", None), command_line=command_line)


def _facts(case: Case) -> Facts:
    return stored_facts(case.facts)


def _stored(row: Screening) -> StoredScreening:
    assert row.id is not None
    return StoredScreening(
        id=row.id,
        case_id=row.case_id,
        as_of=date.fromisoformat(row.as_of),
        rulebook_version=row.rulebook_version,
        include_proposed=row.include_proposed,
        created_at=row.created_at,
        created_by=row.created_by,
        current=row.current,
        result=ScreeningResult.from_json_dict(json.loads(row.result)),
    )


# Built once, the case a bound parameter: the case list, the case window and every
# screening step read a case's current screening.
_CURRENT_SCREENING = (
    select(Screening)
    .where(Screening.case_id == bindparam("case_id"), Screening.current == True)  # noqa: E712
    .order_by(col(Screening.id).desc())
)


def _current_row(session: Session, case_id: int) -> Screening | None:
    return session.exec(_CURRENT_SCREENING, params={"case_id": case_id}).first()


def _current_rows(session: Session, case_ids: Sequence[int]) -> dict[int, Screening]:
    """The current screening of each of `case_ids` that has one (the newest current row,
    as _current_row picks), in one query."""
    rows = session.exec(
        select(Screening)
        .where(col(Screening.case_id).in_(case_ids), Screening.current == True)  # noqa: E712
        .order_by(col(Screening.id).desc())
    )
    current: dict[int, Screening] = {}
    for row in rows:
        current.setdefault(row.case_id, row)
    return current


def current_screening(session: Session, case_id: int) -> StoredScreening | None:
    """The case's current screening, or None if it was never screened."""
    row = _current_row(session, case_id)
    return _stored(row) if row else None


def unverified_rules(session: Session, screening: StoredScreening | None) -> frozenset[str]:
    """The rules `screening` cites that the rulebook marks unverified (taken from secondary
    sources: the "(verify)" of regulatory-reference.md), for the Screening tab to mark
    their citations as `approvals screen` does."""
    if screening is None:
        return frozenset()
    return unverified_of(session, {r.rule for d in screening.result.determinations
                                   for r in d.reasons})


def unverified_of(session: Session, rule_ids: Iterable[str]) -> frozenset[str]:
    """Those of `rule_ids` that the rulebook in use marks unverified; none when the
    rulebook cannot be read (the case still opens and prints; its damage is said where
    the rulebook is used)."""
    try:
        book = _rulebook(session, None)
    except ApprovalsError:
        return frozenset()
    return unverified_among(book, rule_ids)


def control_threshold_of(session: Session, as_of: date) -> float | None:
    """The stake (in %) the security review counts as control on `as_of`, under the
    rulebook in use; None when it cannot be read (the filing then states the officer's
    assessment as given)."""
    try:
        book = _rulebook(session, None)
    except ApprovalsError:
        return None
    return control_stake_threshold(book, as_of)


def screening_history(session: Session, case_id: int) -> list[StoredScreening]:
    """Every stored screening of a case, newest first."""
    rows = session.exec(
        select(Screening).where(Screening.case_id == case_id).order_by(col(Screening.id).desc())
    ).all()
    return [_stored(r) for r in rows]


def unscreened_of(session: Session, case: Case) -> Unscreened:
    """unscreened_changes of `case` from its own fact and screening events (a decided
    review proposal, after the command line's `review decide`)."""
    events = session.exec(select(Event).where(
        Event.case_id == case.id,
        col(Event.action).in_(sorted({*SCREENING_ACTIONS, "field.changed"})))).all()
    return unscreened_changes(session, case, events)


def unscreened_changes(session: Session, case: Case,
                       events: Iterable[FactEventLike]) -> Unscreened:
    """The facts changed since the case's current screening (who changed each last, when)
    and the regimes whose determinations they change; `events`: the case's audit events.
    A regime counts when screening the facts as they are now, on the screening's date
    under its rulebook, does not give its determination and reasons word for word (a
    commercial rationale filled in changes none; a stake the CN-FISR reasons quote changes
    that one). Under another rulebook than the screening's, or one that cannot be read,
    every regime counts: no word-for-word check can be made, and a new screening is the way
    on either way."""
    changed = changed_since_screening(events)
    row = _current_row(session, case.id) if changed and case.id is not None else None
    if row is None:
        return Unscreened(changed)
    stored = {d["regime"]: d for d in json.loads(row.result)["determinations"]}
    try:
        rulebook = _rulebook(session, None)
    except ApprovalsError:
        return Unscreened(changed, frozenset(stored))
    if rulebook.version != row.rulebook_version:
        return Unscreened(changed, frozenset(stored))
    anew = {d.regime: d.to_json_dict(storage=True) for d in screen(
        _facts(case), date.fromisoformat(row.as_of), row.include_proposed,
        rulebook=rulebook).determinations}
    return Unscreened(changed, frozenset(
        regime for regime in {*stored, *anew} if stored.get(regime) != anew.get(regime)))


def _store(
    session: Session,
    *,
    case: Case,
    result: ScreeningResult,
    include_proposed: bool,
    actor: Actor,
    details: dict | None = None,
) -> StoredScreening:
    assert case.id is not None
    session.exec(
        update(Screening)
        .where(col(Screening.case_id) == case.id, col(Screening.current) == True)  # noqa: E712
        .values(current=False)
    )
    payload = result.to_storage_dict()
    case.action_regimes = " ".join(
        sorted(d.regime for d in result.determinations if d.outcome in ACTION_OUTCOMES)
    )
    case.screening_blocks = blocks_text(result.binding_blocks())
    session.add(case)
    row = Screening(
        case_id=case.id,
        as_of=result.as_of.isoformat(),
        rulebook_version=result.rulebook,
        include_proposed=include_proposed,
        result=json.dumps(payload, ensure_ascii=False),
        created_at=utc_now(),
        created_by=actor.username,
        current=True,
    )
    session.add(row)
    session.flush()
    append_event(
        session,
        actor=actor,
        action="case.screened",
        entity="case",
        entity_id=case.reference,
        case_id=case.id,
        new={
            "as_of": payload["as_of"],
            "rulebook": payload["rulebook"],
            "outcomes": result.outcomes(),
        },
        details={"screening_id": row.id, "include_proposed": include_proposed, **(details or {})},
    )
    return _stored(row)


def screen_case(
    *,
    session: Session,
    case_id: int,
    actor: Actor,
    as_of: date | None = None,
    include_proposed: bool = False,
    rulebook: Rulebook | None = None,
) -> StoredScreening:
    """Screen a case's facts and store the result as its current screening."""
    actor = require(session, actor, "case.screen")
    case = writable_case(session, case_id)  # stored as its current screening: a change
    result = screen(_facts(case), as_of or date.today(), include_proposed,
                    rulebook=_rulebook(session, rulebook, actor))
    return _store(session, case=case, result=result, include_proposed=include_proposed, actor=actor)


def open_tracks(
    *,
    session: Session,
    case_id: int,
    actor: Actor,
    result: ScreeningResult | None = None,
) -> tuple[OpenedTrack, ...]:
    """Open one draft filing track per determination that needs action (per
    `track_kind_for`), skipping regimes that already have a track that was not withdrawn
    (a withdrawn one has ended: a reopened case's re-screening opens a new track beside
    it). Uses the case's current screening unless a result is given."""
    actor = require(session, actor, "case.screen")
    case = writable_case(session, case_id)
    if result is None:
        stored = current_screening(session, case_id)
        if stored is None:
            raise NotFound(f"Case {case.reference} has not been screened yet.")
        result = stored.result
    existing = set(session.exec(select(FilingTrack.regime).where(
        FilingTrack.case_id == case_id, FilingTrack.state != "withdrawn")).all())
    opened = []
    now = utc_now()
    for d in result.determinations:
        kind = track_kind_for(d.regime, d.outcome)
        if kind is None or d.regime in existing:
            continue
        track = FilingTrack(
            case_id=case_id,
            regime=d.regime,
            kind=kind,
            outcome=d.outcome,
            state="draft",
            created_at=now,
            updated_at=now,
        )
        session.add(track)
        session.flush()
        assert track.id is not None
        existing.add(d.regime)
        append_event(
            session,
            actor=actor,
            action="track.opened",
            entity="track",
            entity_id=track.id,
            case_id=case_id,
            track_id=track.id,
            new={"regime": d.regime, "kind": kind, "outcome": d.outcome, "state": "draft"},
            details={"rulebook": result.rulebook, "as_of": result.as_of.isoformat()},
        )
        opened.append(OpenedTrack(track.id, d.regime, kind, d.outcome))
    return tuple(opened)


def _changes(case: Case, old: StoredScreening | None, new: ScreeningResult) -> list[OutcomeChange]:
    assert case.id is not None
    before = old.result.outcomes() if old else {}
    after = new.outcomes()
    changes = []
    for regime in list(after) + [r for r in before if r not in after]:
        if before.get(regime) != after.get(regime):
            determination = new.determination(regime)
            reasons = determination.reasons if determination else ()
            missing = determination.missing if determination else ()
            changes.append(
                OutcomeChange(
                    case_id=case.id,
                    reference=case.reference,
                    regime=regime,
                    old_outcome=before.get(regime),
                    new_outcome=after.get(regime),
                    old_rulebook=old.rulebook_version if old else None,
                    new_rulebook=new.rulebook,
                    why=(*(r.text for r in reasons), *(f"missing: {m}" for m in missing)),
                    rules=tuple(dict.fromkeys(r.rule for r in reasons)),
                    old_as_of=old.as_of if old else None,
                    target=case.target_name,
                )
            )
    return changes


def rescreen_open_cases(
    *,
    session: Session,
    as_of: date | None = None,
    rulebook: Rulebook | None = None,
    actor: Actor | None = None,
) -> list[OutcomeChange]:
    """Screen every open case again against the rulebook and list, case by case and regime
    by regime, the outcomes that would change. Changes nothing (read-only). `actor` only
    chooses the words of a refusal, as _rulebook's."""
    return list(check_open_cases(session=session, as_of=as_of, rulebook=rulebook,
                                 actor=actor).changes)


def check_open_cases(
    *,
    session: Session,
    as_of: date | None = None,
    rulebook: Rulebook | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    actor: Actor | None = None,
) -> RescreenCheck:
    """rescreen_open_cases with the count of open cases screened, progress after each
    batch and a cancel check between batches (a listing cut short raises Cancelled).
    A read for anybody: `actor` (the command line's "cli:<login>") only makes a damaged
    record of the installed updates name the command rather than the app's menu item."""
    day = as_of or date.today()
    rulebook = _rulebook(session, rulebook, actor)
    ids = _open_case_ids(session)
    changes: list[OutcomeChange] = []
    recited: list[tuple[str, str]] = []
    # A batch of cases and their current screenings at a time (two queries per batch, not
    # one per case), so 100,000 open cases are neither queried one by one nor all held in
    # memory at once; one read transaction throughout, so the listing is one snapshot.
    for start in range(0, len(ids), RESCREEN_BATCH):
        batch = ids[start:start + RESCREEN_BATCH]
        cases = {c.id: c for c in session.exec(select(Case).where(col(Case.id).in_(batch)))}
        current = _current_rows(session, batch)
        for case_id in batch:
            case = cases[case_id]
            row = current.get(case_id)
            old = _stored(row) if row else None
            include = old.include_proposed if old else False
            new = screen(_facts(case), day, include, rulebook=rulebook)
            changes.extend(_changes(case, old, new))
            if old is not None:
                recited.extend((case.reference, regime)
                               for regime in new.cited_differently(old.result))
        if progress is not None:
            done = min(start + RESCREEN_BATCH, len(ids))
            progress(done / len(ids), f"Screened {done:,} of {len(ids):,} open cases")
        if cancelled is not None and cancelled() and start + RESCREEN_BATCH < len(ids):
            raise Cancelled("The check of the open cases was cancelled.")
    return RescreenCheck(day, rulebook.version, len(ids), tuple(changes), tuple(recited))


def _open_case_ids(session: Session) -> list[int]:
    """The open cases' ids in the order of their references' numbers (AP-2026-10000 after
    AP-2026-9999, not among the 1000s as the text sorts): the order the listings show."""
    rows = session.exec(select(Case.id, Case.reference)
                        .where(col(Case.status).in_(OPEN_STATUSES))).all()
    # Ids of stored rows are never None (the model's `int | None` is for unsaved ones).
    return [case_id for case_id, _ in sorted(rows, key=lambda r: reference_order(r[1]))
            if case_id is not None]


def _why(determination: Determination | None) -> tuple[str, ...]:
    if determination is None:
        return ()
    return (*(r.text for r in determination.reasons),
            *(f"missing: {m}" for m in determination.missing))


def _rules(determination: Determination | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.rule for r in determination.reasons)) if determination else ()


def compare_open_cases(
    *,
    session: Session,
    current: Rulebook,
    new: Rulebook,
    days: Sequence[date],
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[tuple[OutcomeChange, ...], ...]:
    """For each of `days`, the open cases' outcomes that screening them with `new` gives
    otherwise than screening them with `current` (old → new; `why` the new determination's,
    none where `new` no longer screens the regime), whatever screening each case holds:
    what a rulebook update itself would change. Read-only.

    At 100,000 open cases and four days this was eight full re-screenings. Now one pass:
    each case's facts read once, and on each day only the regimes whose rules differ
    between the two rulebooks screened, once with each (regimes_that_may_differ; a day on
    which none differs screens nothing). Progress after each batch, a cancel check between
    batches (raises Cancelled)."""
    differing = {(day, include): regimes_that_may_differ(current, new, day, include)
                 for day in days for include in (False, True)}
    # Each regime to compare on each day, with what its determination depends on under
    # either rulebook: a key met again on a later day reuses that determination.
    compared = {(day, include): [(regime, determination_key(current, regime, day, include),
                                  determination_key(new, regime, day, include))
                                 for regime in sorted(regimes)]
                for (day, include), regimes in differing.items()}
    found: list[list[OutcomeChange]] = [[] for _ in days]
    if not any(differing.values()):
        if progress is not None:
            progress(1.0, "No rule the open cases are screened by differs")
        return tuple(() for _ in days)
    ids = _open_case_ids(session)
    for start in range(0, len(ids), RESCREEN_BATCH):
        if cancelled is not None and cancelled():
            raise Cancelled("The comparison of the open cases was cancelled.")
        batch = ids[start:start + RESCREEN_BATCH]
        # Only the columns compared: not the stored screening's result (its outcomes are
        # not needed: both rulebooks screen the facts), nor the case's other fields.
        cases = {row[0]: row for row in session.exec(
            select(Case.id, Case.reference, Case.target_name, Case.facts)
            .where(col(Case.id).in_(batch)))}
        stored: dict[int, tuple[bool, str]] = {}
        for case_id, include, as_of in session.exec(
                select(Screening.case_id, Screening.include_proposed, Screening.as_of)
                .where(col(Screening.case_id).in_(batch), Screening.current == True)  # noqa: E712
                .order_by(col(Screening.id).desc())):
            stored.setdefault(case_id, (include, as_of))  # the newest current row
        for case_id in batch:
            _id, reference, target, facts_json = cases[case_id]
            include, stored_as_of = stored.get(case_id, (False, None))
            facts: Facts | None = None
            seen: dict[tuple[Any, ...], Determination | None] = {}  # this case's, by key
            for i, day in enumerate(days):
                regimes = compared[(day, include)]
                if not regimes:
                    continue
                if facts is None:
                    facts = stored_facts(facts_json)
                for regime, old_key, new_key in regimes:
                    for key, book in ((old_key, current), (new_key, new)):
                        if key not in seen:
                            seen[key] = determine(regime, facts, day, include, rulebook=book)
                    before, after = seen[old_key], seen[new_key]
                    old_outcome = before.outcome if before else None
                    new_outcome = after.outcome if after else None
                    if old_outcome == new_outcome:
                        continue
                    found[i].append(OutcomeChange(
                        case_id=case_id, reference=reference, regime=regime,
                        old_outcome=old_outcome, new_outcome=new_outcome,
                        old_rulebook=current.version, new_rulebook=new.version,
                        why=_why(after), rules=_rules(after) or _rules(before),
                        old_as_of=date.fromisoformat(stored_as_of) if stored_as_of else None,
                        target=target))
        if progress is not None:
            done = min(start + RESCREEN_BATCH, len(ids))
            progress(done / len(ids), f"Comparing the open cases under both rulebooks: "
                              f"{done:,} of {len(ids):,}")
    return tuple(tuple(changes) for changes in found)


def accept_rescreen(
    *,
    session: Session,
    case_id: int,
    actor: Actor,
    reason: str,
    as_of: date | None = None,
    rulebook: Rulebook | None = None,
    include_proposed: bool | None = None,
    expected_version: int | None = None,
    expected_rulebook: str | None = None,
) -> AcceptedRescreen:
    """Apply a re-screening to one case: store it as the current screening, open tracks
    for regimes that now need action, and record what changed and why (the reason, as
    every other recorded decision has one). `include_proposed` None keeps the current
    screening's setting for the reported / proposed measures; True or False sets it.
    `expected_version`: the case version whose facts the officer saw re-screened; a
    facts edit since is refused (ConflictError naming it), as the screening accepted
    would not be the one shown. `expected_rulebook`: the rulebook version the shown
    re-screening used; another in use now (an update installed or reverted meanwhile) is
    refused the same way: the reason typed was for the changes shown."""
    actor = require(session, actor, "case.accept_rescreen")
    why = _rescreen_reason(reason)
    case = writable_case(session, case_id)
    if expected_version is not None:
        check_case_version(session, case, expected_version)
    old = current_screening(session, case_id)
    kept = old.include_proposed if old else False
    include = kept if include_proposed is None else include_proposed
    book = _rulebook(session, rulebook, actor)
    _same_rulebook(book, expected_rulebook, "the re-screening was shown",
                   "re-screen the case again and check what would change")
    result = screen(_facts(case), as_of or date.today(), include, rulebook=book)
    changes = tuple(_changes(case, old, result))

    def setting(value: bool) -> dict[str, bool]:
        # Recorded on both sides only when the officer changed it, so the trail says so.
        return {"include_proposed": value} if include != kept else {}

    change_list = [
        {"regime": c.regime, "old": c.old_outcome, "new": c.new_outcome} for c in changes
    ]
    stored = _store(
        session,
        case=case,
        result=result,
        include_proposed=include,
        actor=actor,
        details={"rescreen": True, "previous_screening_id": old.id if old else None},
    )
    append_event(
        session,
        actor=actor,
        action="case.rescreen_accepted",
        entity="case",
        entity_id=case.reference,
        case_id=case_id,
        old=({"rulebook": old.rulebook_version, "as_of": old.as_of.isoformat(), **setting(kept)}
             if old else None),
        new={"rulebook": result.rulebook, "as_of": result.as_of.isoformat(), **setting(include)},
        reason=why,
        details={"changes": change_list, "screening_id": stored.id},
    )
    _update_track_outcomes(session, case_id=case_id, actor=actor, result=result, reason=why)
    opened = open_tracks(session=session, case_id=case_id, actor=actor, result=result)
    return AcceptedRescreen(stored, changes, opened)


def _rescreen_reason(reason: str) -> str:
    """The reason for accepting, stripped; refused before anything is written when blank
    (an auditor asks why a case's determinations changed)."""
    why = (reason or "").strip()
    if not why:
        raise InputError(Problem("reason", "say why the new screening is accepted (it is "
                                           "recorded in the audit trail)"))
    return why


def _update_track_outcomes(session: Session, *, case_id: int, actor: Actor,
                           result: ScreeningResult, reason: str) -> None:
    """A running track takes its regime's new outcome when the accepted screening still
    needs the same filing (same workflow kind): a US-OISP track opened as prohibited on a
    mistyped training compute is a notification once the facts are corrected, and its
    'not prohibited' guard then lets it be filed. A regime that now needs another filing, or
    none, keeps its track as it is; the Screening tab shows the difference and the officer
    decides (withdraw it, which lets the next accepted screening open the right one); a
    track opened as prohibited keeps blocking completion until then, which Mark completed
    says in those words (services.workflow.completion_blockers).
    Each change is recorded with the reason the re-screening was accepted for."""
    outcomes = result.outcomes()
    tracks = session.exec(select(FilingTrack).where(
        FilingTrack.case_id == case_id, FilingTrack.state != "withdrawn")).all()
    for track in tracks:
        new = outcomes.get(track.regime)
        if new is None or new == track.outcome or is_final(track.kind, track.state) \
                or track_kind_for(track.regime, new) != track.kind:
            continue
        old, track.outcome = track.outcome, new
        track.version += 1
        track.updated_at = utc_now()
        session.add(track)
        append_event(session, actor=actor, action="track.outcome_changed", entity="track",
                     entity_id=track.id or "", case_id=case_id, track_id=track.id,
                     field="outcome", old=old, new=new,
                     # The officer's why in the track's own history too.
                     reason=f"re-screening accepted: {reason}",
                     details={"rulebook": result.rulebook, "as_of": result.as_of.isoformat(),
                              "version": track.version})


@dataclass(frozen=True)
class RescreensAccepted:
    accepted: tuple[tuple[str, AcceptedRescreen], ...]  # (reference, what was stored)
    refused: tuple[tuple[str, str], ...]  # (reference, why: closed since, gone)


def accept_rescreens(
    *,
    session: Session,
    references: Sequence[str],
    actor: Actor,
    reason: str,
    as_of: date | None = None,
    rulebook: Rulebook | None = None,
    expected_rulebook: str | None = None,
) -> RescreensAccepted:
    """accept_rescreen for each of several cases, as the open-cases check lists them, with
    one reason for all; a case closed or removed since the listing is left out and said,
    the others are accepted. `expected_rulebook`: the version the listing used; another
    in use now is refused (ConflictError), nothing stored."""
    actor = require(session, actor, "case.accept_rescreen")
    why = _rescreen_reason(reason)  # before any case is written
    book = _rulebook(session, rulebook, actor)
    _same_rulebook(book, expected_rulebook, "the open cases were checked",
                   "check the open cases again")
    accepted: list[tuple[str, AcceptedRescreen]] = []
    refused: list[tuple[str, str]] = []
    for reference in dict.fromkeys(references):
        try:  # checked before anything is written for the case
            case = writable_case_by_reference(session, reference)
        except (NotFound, TransitionRefused) as exc:
            refused.append((reference, str(exc)))
            continue
        assert case.id is not None
        accepted.append((reference, accept_rescreen(session=session, case_id=case.id,
                                                    actor=actor, reason=why, as_of=as_of,
                                                    rulebook=book)))
    return RescreensAccepted(tuple(accepted), tuple(refused))

