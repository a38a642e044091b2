"""Facts changed after a track was approved for filing, or after the case was screened.

An approver signed off on the facts as they were; an edit after that sign-off leaves the
approval standing (the workflow does not undo it), so the case view and the status report
say which facts changed since, by whom and when. Pure: it reads audit events the caller
loaded (services.approval_changes from the database, services.filings for the PDFs).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from approvals.domain import workflow as wf
from approvals.domain.clocks import fmt_date
from approvals.domain.document_types import is_filing_kind, submitted_with_filing

FILE_STEP = "file"  # the step that sends the approved filing to the authority


class FactEventLike(Protocol):
    """The fields of an audit event (store.models.Event, services.workspace.EventInfo)
    that say which fact changed, by whom and when."""

    @property
    def id(self) -> int | None: ...
    @property
    def action(self) -> str: ...
    @property
    def field(self) -> str | None: ...
    @property
    def actor(self) -> str: ...
    @property
    def occurred_at(self) -> str: ...


class EventLike(FactEventLike, Protocol):
    """The fields of an audit event (store.models.Event) this module reads."""

    @property
    def track_id(self) -> int | None: ...
    @property
    def details(self) -> str: ...
    @property
    def entity_id(self) -> str: ...
    @property
    def new_value(self) -> str | None: ...


@dataclass(frozen=True)
class FactChange:
    path: str  # facts path, e.g. deal.amount
    actor: str  # who changed it last
    at: str  # when (UTC stamp of the latest change to this path)


@dataclass(frozen=True)
class ChangedAfterApproval:
    track_id: int
    approved_by: str
    approved_at: str  # UTC stamp of the approval event
    approved_on: str | None  # the approval's effective date (YYYY-MM-DD), when recorded
    changes: tuple[FactChange, ...]  # one per path, in the order first changed

    @property
    def actors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.actor for c in self.changes))

    @property
    def last_at(self) -> str:
        return max(c.at for c in self.changes)

    @property
    def what(self) -> str:
        """"facts", or "case" when more than the facts changed (OTHER_CHANGES)."""
        return "case" if any(c.path in OTHER_CHANGES for c in self.changes) else "facts"


# What an approval covered besides the facts (domain.audit.ACTIONS_CHANGING_CONTENT), by
# the trail's action, in words: the particulars a final prints, its documents, its
# screening, changed after the sign-off, went unsaid while the final printed "Approved".
OTHER_CHANGES: dict[str, str] = {
    "case.particulars_changed": "the case's filing particulars",
    "document.attached": "a document attached",
    "document.withdrawn": "a document withdrawn",
    "document.type_changed": "a document's type",
    "document.restriction_changed": "who may open a document",
    "case.screened": "the screening",
    "case.rescreen_accepted": "the screening (a new one accepted)",
}


def awaiting_filing_states(kind: str) -> frozenset[str]:
    """The states of `kind` that are approved for filing but not filed: the sources of its
    filing step (read from the transition table, so every kind answers for itself)."""
    return frozenset(s for t in wf.workflow(kind).transitions if t.name == FILE_STEP
                     for s in t.sources)


def changed_after_approval(track_id: int, kind: str, state: str,
                           events: Iterable[EventLike]) -> ChangedAfterApproval | None:
    """The facts changed since the approval that stands for this track, or None when the
    track is not awaiting filing or nothing changed. `events`: the case's audit events in
    the order they were recorded (by id: stamps to the second cannot order one second)."""
    waiting = awaiting_filing_states(kind)
    if state not in waiting:
        return None
    ordered = sorted(events, key=lambda e: e.id or 0)
    approval = None
    approval_details: dict[str, object] = {}
    for e in ordered:
        if e.action != "track.transition" or e.track_id != track_id:
            continue
        d = json.loads(e.details or "{}")
        # Into an approved state from outside it: a step that stays there (recording the
        # completion date on US-OISP) is no new sign-off.
        if d.get("to") in waiting and d.get("from") not in waiting:
            approval, approval_details = e, d
    if approval is None:
        return None
    changes = changes_after(approval.id or 0, track_id, ordered)
    if not changes:
        return None
    on = approval_details.get("on")
    return ChangedAfterApproval(
        track_id=track_id, approved_by=approval.actor, approved_at=approval.occurred_at,
        approved_on=str(on) if on else None, changes=changes)


def changes_after(event_id: int, track_id: int,
                  events: Iterable[EventLike]) -> tuple[FactChange, ...]:
    """What changed of the case a filing of track `track_id` covers after event `event_id`
    (an approval, a submission): each facts path, and each of OTHER_CHANGES (another
    track's own document aside), who changed it last and when, in the order first
    changed. `events`: the case's, in any order."""
    ordered = sorted(events, key=lambda e: e.id or 0)
    outside = _outside_filing(ordered)
    latest: dict[str, FactChange] = {}
    for e in ordered:
        if (e.id or 0) <= event_id:
            continue
        if e.action == "field.changed" and e.field:
            latest[e.field] = FactChange(e.field, e.actor, e.occurred_at)
        elif e.action in OTHER_CHANGES and (not e.action.startswith("document.") or (
                e.track_id in (None, track_id) and str(e.entity_id) not in outside)):
            # Another track's own document is not this filing's, nor one it does not submit.
            latest[e.action] = FactChange(e.action, e.actor, e.occurred_at)
    return tuple(latest.values())


def _outside_filing(events: Iterable[EventLike]) -> set[str]:
    """The documents (by id) no filing submits, by their type as the trail last recorded
    it: a signed copy, the authority's papers, a stored final. Attaching the signed scan of
    the approved final, the step between approval and filing, read as "the case changed
    since the approval" on nearly every track."""
    types: dict[str, str] = {}
    for e in events:
        if e.action not in ("document.attached", "document.type_changed"):
            continue
        try:
            value = json.loads(e.new_value or "null")
        except ValueError:
            continue
        doc_type = value.get("doc_type") if isinstance(value, dict) else value
        if isinstance(doc_type, str):
            types[str(e.entity_id)] = doc_type
    return {doc for doc, doc_type in types.items()
            if is_filing_kind(doc_type) or not submitted_with_filing(doc_type)}


def changed_words(changes: Iterable[FactChange], label: Callable[[str], str] = str) -> str:
    """The changes named in words: a facts path by `label`, another change as
    OTHER_CHANGES says it ("the case's filing particulars")."""
    return ", ".join(OTHER_CHANGES.get(c.path) or label(c.path) for c in changes)


# The events that store a screening of the case's facts as they then were.
SCREENING_ACTIONS = frozenset({"case.screened", "case.rescreen_accepted"})


def changed_since_screening(events: Iterable[FactEventLike]) -> tuple[FactChange, ...]:
    """The facts changed since the case's current screening, one per path (who changed it
    last, when), in the order first changed; empty when nothing changed or the case was
    never screened. Edited facts are not screened again by themselves, so the current
    screening's reasons may quote old values (a stake of 12.5 % after it was set to 15 %).
    `events`: the case's audit events (ordered here by id: a stamp to the second cannot
    order one second)."""
    ordered = sorted(events, key=lambda e: e.id or 0)
    screened = max((e.id or 0 for e in ordered if e.action in SCREENING_ACTIONS), default=None)
    if screened is None:
        return ()
    latest: dict[str, FactChange] = {}
    for e in ordered:
        if e.action == "field.changed" and e.field and (e.id or 0) > screened:
            latest[e.field] = FactChange(e.field, e.actor, e.occurred_at)
    return tuple(latest.values())


@dataclass(frozen=True)
class Unscreened:
    """The facts changed since the case's current screening, and the regimes whose
    determination (outcome, reasons, missing facts) they change: the reasons quote the old
    values. A regime not among them was, in effect, screened on the facts as they are."""

    changes: tuple[FactChange, ...] = ()
    regimes: frozenset[str] = frozenset()

    def paths_for(self, prefix: str) -> tuple[str, ...]:
        """The changed paths where a regime starting with `prefix` ("CN-", "US-OISP") is
        among those changed; none otherwise."""
        if any(r.startswith(prefix) for r in self.regimes):
            return tuple(c.path for c in self.changes)
        return ()


def _day(value: str) -> str:
    return fmt_date(date.fromisoformat(value[:10]))


def describe(changed: ChangedAfterApproval, label: Callable[[str], str] = str, *,
             person: Callable[[str], str] = str, iso_dates: bool = False) -> str:
    """The warning in words; `label` names a facts path (field_labels.fact_label: the
    wizard's names, in the app and the status report; by default the path itself);
    `person` names a login ("Li Wei (li.wei)"; by default the login); `iso_dates` writes
    the days YYYY-MM-DD, as the status report writes every date."""
    def day(value: str) -> str:
        return value[:10] if iso_dates else _day(value)

    approved = day(changed.approved_on or changed.approved_at)
    fields = changed_words(changed.changes, label)
    return (f"The {changed.what} changed after this track was approved for filing on {approved} by "
            f"{person(changed.approved_by)}: {fields} — changed by "
            f"{' and '.join(person(a) for a in changed.actors)} "
            f"on {day(changed.last_at)}. Consider returning it for a new internal review.")
