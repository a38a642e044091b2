"""The whole audit trail, read a page at a time for View → Audit trail (and the filter
its CSV export shares with it).

The permission rule is the whole-trail export's (services.exports): an administrator sees
every event; other roles see the events about cases, which each case's timeline shows them
anyway (sign-ins, user and key administration are an administrator's business).

A trail of 200,000 events must open at once, so nothing here reads it whole: a page is the
newest `limit` events that match, read newest first through the primary key, and the next
page continues below the last id shown (oldest first: the oldest, and above it). The
filter is SQL (`_where`), so the count of matches, the pages and the export's set of ids
all say exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from approvals.domain.audit import ACTION_LABELS, action_label, command_line_owner, stored_value
from approvals.domain.event_text import EventFacts, event_sentence, state_namer
from approvals.services.access import require
from approvals.store.audit import Actor

PAGE = 200  # events a page: a screenful at 100 %, several at 200 %
NEIGHBOURS = 5  # newer events listed above the one gone to (audit_page_at)
_JOINS = ("FROM events e LEFT JOIN cases c ON c.id = e.case_id "
          "LEFT JOIN filing_tracks t ON t.id = e.track_id")
# What the text filter searches: the event's stored words, its case and track, its hash.
# Each column on its own (a word never spans two): three times as fast as searching them
# joined into one text, which SQLite built anew for every event.
_SEARCHED = ("e.actor", "e.role", "e.action", "e.entity", "e.entity_id", "e.field",
             "e.old_value", "e.new_value", "e.reason", "e.details", "c.reference", "t.regime",
             "e.hash")


@dataclass(frozen=True)
class AuditFilter:
    """Which events: every word of `text` (in the event's stored words, its action's label,
    its case reference, track or hash, the actor's current full name; `#123` also finds
    event 123), by `user` (the login, any case, or a user's full name whole), of the
    `actions`, about a case whose reference holds `case_reference`, at or after `start`
    and before `end` (UTC stamps as stored, `2026-11-23T00:00:00Z`; see `day_range_utc`).
    Empty parts do not filter."""

    text: str = ""
    user: str = ""
    actions: tuple[str, ...] = ()
    case_reference: str = ""
    start: str | None = None
    end: str | None = None

    @property
    def empty(self) -> bool:
        return self == AuditFilter()

    def as_details(self) -> dict[str, Any]:
        """The parts set, for the export's record in the trail."""
        parts: dict[str, Any] = {
            "text": self.text.strip(), "user": self.user.strip(),
            "actions": sorted(self.actions), "case": self.case_reference.strip(),
            "from": self.start, "before": self.end}
        return {k: v for k, v in parts.items() if v}


@dataclass(frozen=True)
class AuditEntry:
    """One event as the audit window lists it."""

    id: int
    occurred_at: str  # UTC, as stored
    actor: str
    role: str
    action: str
    label: str  # the action in words (domain.audit.action_label)
    sentence: str  # what it did, as the case Timeline and the status report say it
    case_reference: str  # "" for an event about no case
    regime: str  # the track's, "" for none
    reason: str
    hash: str
    prev_hash: str
    entity: str = ""
    entity_id: str = ""
    field: str | None = None
    old_value: Any = None  # decoded from the stored JSON
    new_value: Any = None
    # The actor's full name as the user list holds it now ("" for none, and for cli:…,
    # system or a login no longer listed): the event records the login alone.
    actor_name: str = ""
    kind: str = ""  # the track's kind (its workflow names its states), "" for none

    @property
    def person(self) -> str:
        """Who, in words and by login: "Li Wei (li.wei)", or the login alone."""
        return person_text(self.actor, self.actor_name)


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditEntry, ...]
    more: bool  # older matching events follow the last one
    # Newer matching events stand above the first one (a page read from an event inward,
    # audit_page_at, rather than from the newest).
    newer: bool = False


@dataclass(frozen=True)
class AuditChoices:
    """What the filters offer: the users and the actions in the trail the actor may see."""

    users: tuple[str, ...] = ()
    actions: tuple[str, ...] = field(default=())
    names: Mapping[str, str] = field(default_factory=dict)  # user_names(): full name by login


def user_names(session: Session) -> dict[str, str]:
    """Each user's full name by login, for those that have one: what the trail's logins
    are shown with. Users are few: read once for a page (or a case's Timeline), never once
    an event. A name the same as its login is left out (it would say it twice)."""
    rows = session.connection().execute(text("SELECT username, display_name FROM users"))
    return {str(login): name.strip() for login, name in rows
            if name and name.strip() and name.strip() != login}


def person_text(login: str, name: str = "") -> str:
    """Who an event's actor is, in words: "Li Wei (li.wei)" (the login stays, it is the
    identity the hashed event records), or the login alone when there is no name
    (`cli:root`, `system`, a user without one)."""
    return f"{name} ({login})" if name and name != login else login


def owner_tip(login: str, name: str = "") -> str:
    """A case's owner on hovering the case list's and the dashboard's Owner cells: "Li Wei
    (li.wei)"; a case made from the command line (`approvals demo`, `case import`) "Created
    by the computer's user root, from the command line (cli:root in the audit trail)", as
    the filings name that login, not "cli:root" again."""
    by_command = command_line_owner(login)
    return f"Created by {by_command}" if by_command else person_text(login, name)


def person_named(login: str, names: Mapping[str, str]) -> str:
    """person_text with the name looked up in user_names()' map (the login alone if absent)."""
    return person_text(login, names.get(login, ""))


def acting_text(login: str, name: str, roles: str) -> str:
    """Who acted in which roles, one form whether or not the user has a full name:
    "Li Wei (li.wei), as approver", "cli:root, as administrator", "system"."""
    return person_text(login, name) + (f", as {roles}" if roles else "")


def logins_named(names: Mapping[str, str], word: str) -> list[str]:
    """The logins whose full name holds `word` (casefolded), for the text filter: "wei"
    finds Li Wei's events, which record only li.wei."""
    folded = word.casefold()
    return sorted(login for login, name in names.items() if folded in name.casefold())


def day_range_utc(first: date | None, last: date | None,
                  zone: Any = None) -> tuple[str | None, str | None]:
    """Local days `first` to `last` (both included) as the UTC stamps AuditFilter takes:
    from the start of `first` to the start of the day after `last`, in `zone` (the
    computer's time zone when None), so "last week" means the officer's week."""

    def stamp(day: date, days_after: int = 0) -> str | None:
        try:
            moment = datetime.combine(day + timedelta(days=days_after), time.min)
            local = moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()
            return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (OverflowError, ValueError):
            # The calendar's first or last day (0001-01-01, 9999-12-31: "no end"), whose
            # bound falls outside it: nothing lies beyond, so there is no bound to set.
            return None

    return (stamp(first) if first else None, stamp(last, 1) if last else None)


def _one_of(column: str, prefix: str, values: Sequence[str], params: dict[str, Any]) -> str:
    """`column IN (:prefix0, :prefix1, …)`, the values bound into `params`."""
    names = []
    for m, value in enumerate(values):
        params[f"{prefix}{m}"] = value
        names.append(f":{prefix}{m}")
    return f"{column} IN ({', '.join(names)})"


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(where: AuditFilter, *, everything: bool,
           full_names: Mapping[str, str] | None = None) -> tuple[str, dict[str, Any]]:
    """The filter (and the permission rule) as an SQL condition and its parameters; a word
    of the text also finds the events of the users whose full name (`full_names`, by
    login) holds it."""
    terms: list[str] = []
    params: dict[str, Any] = {}
    if not everything:  # the whole-trail export's rule (module docstring)
        terms.append("e.case_id IS NOT NULL")
    for n, word in enumerate(where.text.casefold().split()):
        params[f"w{n}"] = _like(word)
        either = [f"{column} LIKE :w{n} ESCAPE '\\'" for column in _SEARCHED]
        labelled = [a for a, label in ACTION_LABELS.items() if word in label.casefold()]
        if labelled:
            either.append(_one_of("e.action", f"w{n}a", labelled, params))
        named = logins_named(full_names or {}, word)
        if named:
            either.append(_one_of("e.actor", f"w{n}u", named, params))
        number = word.removeprefix("#")
        if word.startswith("#") and number.isdigit():  # not "0002": a case's number
            params[f"w{n}id"] = int(number)
            either.append(f"e.id = :w{n}id")
        terms.append("(" + " OR ".join(either) + ")")
    if where.user.strip():
        # The login, or a user's full name typed whole ("Li Wei" for li.wei's events).
        user = where.user.strip()
        same = [login for login, name in (full_names or {}).items()
                if name.casefold() == user.casefold()]
        either = ["e.actor = :user COLLATE NOCASE"]
        for m, login in enumerate(same):
            params[f"user{m}"] = login
            either.append(f"e.actor = :user{m}")
        terms.append("(" + " OR ".join(either) + ")")
        params["user"] = user
    if where.actions:
        names = []
        for m, action in enumerate(sorted(set(where.actions))):
            params[f"a{m}"] = action
            names.append(f":a{m}")
        terms.append(f"e.action IN ({', '.join(names)})")
    if where.case_reference.strip():
        terms.append("c.reference LIKE :case ESCAPE '\\'")
        params["case"] = _like(where.case_reference.strip())
    if where.start:
        terms.append("e.occurred_at >= :start")
        params["start"] = where.start
    if where.end:
        terms.append("e.occurred_at < :end")
        params["end"] = where.end
    return (" AND ".join(terms) or "1"), params


def sees_everything(actor: Actor) -> bool:
    """Whether `actor` (as `require` returned them: their current roles) sees every event."""
    return "admin" in actor.roles


def matching_event_ids(session: Session, where: AuditFilter, *,
                       everything: bool) -> Iterator[int]:
    """The ids of the events `where` matches, oldest first (the export's rows); the caller
    has checked the permission and says whether the actor sees `everything`."""
    condition, params = _where(where, everything=everything,
                               full_names=_names_for(session, where))
    rows = session.connection().execute(
        text(f"SELECT e.id {_JOINS} WHERE {condition} ORDER BY e.id"), params)
    for (event_id,) in rows:
        yield int(event_id)


def audit_page(session: Session, *, actor: Actor, where: AuditFilter = AuditFilter(),
               below: int | None = None, limit: int = PAGE, oldest_first: bool = False,
               above: int | None = None) -> AuditPage:
    """The newest `limit` events matching `where` (with `below`, those older than event
    `below`: the next page), newest first, each in words. With `oldest_first`, the oldest
    ones, oldest first (with `above`, those newer than event `above`): an auditor reads a
    trail in the order it happened, and 5,000 events newest first were 25 pages to scroll
    before the first."""
    actor = require(session, actor, "audit.export")
    names = user_names(session)
    condition, params = _where(where, everything=sees_everything(actor),
                               full_names=names)
    if below is not None:
        condition += " AND e.id < :below"
        params["below"] = below
    if above is not None:
        condition += " AND e.id > :above"
        params["above"] = above
    order = "ASC" if oldest_first else "DESC"
    rows = session.connection().execute(text(
        "SELECT e.id, e.occurred_at, e.actor, e.role, e.action, e.entity, e.entity_id, e.field, "
        "e.old_value, e.new_value, e.reason, e.details, e.hash, e.prev_hash, e.case_id, "
        f"c.reference, t.regime, t.kind {_JOINS} WHERE {condition} "
        f"ORDER BY e.id {order} LIMIT :limit"), {**params, "limit": limit + 1}).all()
    more = len(rows) > limit
    rows = rows[:limit]
    conditions = _condition_texts(session, [str(r.entity_id) for r in rows
                                            if r.action.startswith("obligation.")])
    return AuditPage(tuple(_entry(r, conditions, names) for r in rows), more)


def audit_page_at(session: Session, *, actor: Actor, event_id: int, limit: int = PAGE,
                  newer: int = NEIGHBOURS) -> AuditPage:
    """A page of the whole trail, newest first, that holds event `event_id` with up to
    `newer` of the events newer than it above it and the older ones below: the verify
    result's "Show event #N", where a broken link is judged against its neighbours. From
    the newest event when it is that near the top, so the list reads as it always does."""
    above = audit_page(session, actor=actor, oldest_first=True, above=event_id, limit=newer)
    if not above.more:
        return audit_page(session, actor=actor, limit=limit)
    page = audit_page(session, actor=actor, below=above.entries[-1].id + 1, limit=limit)
    return AuditPage(page.entries, page.more, newer=True)


def audit_count(session: Session, *, actor: Actor, where: AuditFilter = AuditFilter()) -> int:
    """How many events `where` matches in all. Apart from the page: a word found in few of
    200,000 events reads them all to count (a second or so), the page not always."""
    actor = require(session, actor, "audit.export")
    condition, params = _where(where, everything=sees_everything(actor),
                               full_names=_names_for(session, where))
    return int(session.connection().execute(
        text(f"SELECT count(*) {_JOINS} WHERE {condition}"), params).scalar_one())


def audit_choices(session: Session, *, actor: Actor) -> AuditChoices:
    """The user names and actions of the events `actor` may see, for the filters' lists."""
    actor = require(session, actor, "audit.export")
    only = "" if sees_everything(actor) else " WHERE case_id IS NOT NULL"
    connection = session.connection()
    users = [u for (u,) in connection.execute(text(f"SELECT DISTINCT actor FROM events{only}"))]
    actions = [a for (a,) in connection.execute(
        text(f"SELECT DISTINCT action FROM events{only}"))]
    return AuditChoices(tuple(sorted(users, key=str.casefold)),
                        tuple(sorted(actions, key=lambda a: action_label(a).casefold())),
                        user_names(session))


def _names_for(session: Session, where: AuditFilter) -> dict[str, str]:
    """The full names the text and user filters search: none to read without them."""
    return user_names(session) if where.text.strip() or where.user.strip() else {}


def _condition_texts(session: Session, ids: list[str]) -> dict[str, str]:
    """The text of each condition the page's condition events name (they keep only its id)."""
    numbers = sorted({int(i) for i in ids if i.isdigit()})
    if not numbers:
        return {}
    names = ", ".join(f":o{n}" for n in range(len(numbers)))
    rows = session.connection().execute(
        text(f"SELECT id, text FROM obligations WHERE id IN ({names})"),
        {f"o{n}": number for n, number in enumerate(numbers)})
    return {str(i): str(t) for i, t in rows}


def trail_sentence(facts: EventFacts, *, kind: str | None, regime: str | None,
                   conditions: Mapping[str, str], person: Callable[[str], str],
                   namers: dict[str, Callable[[str], str] | None] | None = None) -> str:
    """An event in words as the Audit trail window's Event column says it, and the audit
    CSV's "Event in words" column with it (one wording): its track's states in the words of
    `kind`'s workflow, `regime` first, a condition by its text (`conditions`, by id: the
    event keeps only the id), a login by `person` ("Li Wei (li.wei)"). `namers`: a cache
    of each kind's state names, for a caller saying many events (the export)."""
    kind = kind or ""
    if namers is None:
        namer = state_namer(kind)
    elif kind in namers:
        namer = namers[kind]
    else:
        namer = namers[kind] = state_namer(kind)
    return event_sentence(
        facts, state_name=namer, kind=kind or None,
        condition=conditions.get(facts.entity_id) if facts.action.startswith("obligation.")
        else None, regime=regime or None, person=person)


def _entry(row: Any, conditions: Mapping[str, str], names: Mapping[str, str]) -> AuditEntry:
    details = stored_value(row.details)
    old, new = stored_value(row.old_value), stored_value(row.new_value)
    facts = EventFacts(row.action, row.entity_id, row.field, old, new,
                       details if isinstance(details, dict) else None)
    # "restricted to Li Wei (li.wei)": the names the Who column has, not logins alone.
    sentence = trail_sentence(facts, kind=row.kind, regime=row.regime, conditions=conditions,
                              person=lambda login: person_named(login, names))
    reference = row.reference or (f"case #{row.case_id}" if row.case_id is not None else "")
    return AuditEntry(int(row.id), row.occurred_at, row.actor, row.role, row.action,
                      action_label(row.action), sentence, reference, row.regime or "",
                      row.reason, row.hash, row.prev_hash, row.entity, row.entity_id,
                      row.field, old, new, names.get(row.actor, ""), row.kind or "")
