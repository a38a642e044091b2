"""Editing a case's facts with field-level audit and optimistic locking.

The write unit of work starts with BEGIN IMMEDIATE, so the version read here cannot move
before the update: a second save that loaded the same version gets a ConflictError that
lists the fields the first save changed, and nothing of it is written.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from sqlmodel import Session, col, select

from approvals.domain.errors import ConflictError
from approvals.domain.facts import Facts, put_at, value_at
from approvals.domain.field_labels import fact_named
from approvals.services.access import require
from approvals.services.case_lifecycle import writable_case
from approvals.services.cases import CaseDetail, _denormalised, _detail, _parties
from approvals.store.audit import Actor, append_event
from approvals.store.models import Event, Party, utc_now


def leaf_changes(old: Any, new: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """(path, old, new) for every leaf that differs; lists are compared as whole values.

    A section that appears or goes away (None <-> object) is recorded leaf by leaf.
    """
    old_is_dict, new_is_dict = isinstance(old, dict), isinstance(new, dict)
    if (old_is_dict or new_is_dict) and (old_is_dict or old is None) and (new_is_dict or new is None):
        o, n = old or {}, new or {}
        out: list[tuple[str, Any, Any]] = []
        for key in sorted(set(o) | set(n)):
            out += leaf_changes(o.get(key), n.get(key), f"{path}.{key}" if path else key)
        return out
    return [] if old == new else [(path or "(document)", old, new)]


def rebased_facts(opened: Any, typed: Any, now: Any) -> tuple[dict[str, Any], list[str]]:
    """The changes made from the facts `opened` to `typed` put on `now` (the case as saved
    since by someone else), each leaf as typed (a leaf gone, gone); and the paths both
    changed, where the typed value replaces theirs."""
    mine = leaf_changes(opened, typed)
    theirs = {path for path, _old, _new in leaf_changes(opened, now)}
    merged = copy.deepcopy(now)
    for path, _old, new in mine:
        parts = path.split(".")
        if new is not None:
            put_at(merged, parts, new)
        elif isinstance(parent := value_at(merged, parts[:-1]), dict):
            parent.pop(parts[-1], None)
    return merged, [path for path, _old, _new in mine if path in theirs]


def _changes_since(session: Session, case_id: int, version: int) -> list[tuple[str, str, str]]:
    """(facts path, who, when) of each change other saves made after `version`, once."""
    events = session.exec(
        select(Event).where(Event.case_id == case_id, Event.action == "field.changed")
        .order_by(col(Event.id))
    ).all()
    out: list[tuple[str, str, str]] = []
    for e in events:
        if int(json.loads(e.details or "{}").get("version", 0)) > version and e.field:
            entry = (e.field, e.actor, e.occurred_at)
            if entry not in out:
                out.append(entry)
    return out


def fields_changed_since(session: Session, case_id: int, version: int) -> list[str]:
    """The facts paths other saves changed after `version` (from the audit trail)."""
    return [f"{path} (by {who} at {when})"
            for path, who, when in _changes_since(session, case_id, version)]


def update_case_facts(
    *,
    session: Session,
    case_id: int,
    expected_version: int,
    new_facts: Facts,
    actor: Actor,
    reason: str = "",
    details: dict[str, Any] | None = None,
    permission: str = "case.edit",
) -> CaseDetail:
    """Save new facts: one `field.changed` event per changed leaf, version + 1.

    `permission` lets a caller that applies someone else's change (an accepted review
    proposal, permission "review.decide") check the right it really exercises;
    `details` are added to every event (e.g. the reviewer who proposed the change).
    """
    actor = require(session, actor, permission)
    # A closed case's facts stand as they were closed (a reviewer's accepted change too).
    case = writable_case(session, case_id)
    if case.version != expected_version:
        changed = fields_changed_since(session, case_id, expected_version)
        # In the officer's words, each with its path to find it in a facts file.
        said = [f"{fact_named(path)} (by {who} at {when})"
                for path, who, when in _changes_since(session, case_id, expected_version)]
        raise ConflictError(
            f"Case {case.reference} was saved by someone else since you opened it "
            f"(version {expected_version}, now {case.version})"
            + (f"; they changed: {'; '.join(said)}" if said else "")
            + ". Reload the case and apply your changes again; nothing was saved.",
            changed,
        )
    old = json.loads(case.facts)
    new = new_facts.to_json_dict()
    changes = leaf_changes(old, new)
    if not changes:
        return _detail(case)
    case.facts = new_facts.to_json()
    for key, value in _denormalised(new_facts).items():
        setattr(case, key, value)
    case.version += 1
    case.updated_at = utc_now()
    session.add(case)
    for party in session.exec(select(Party).where(Party.case_id == case_id)).all():
        session.delete(party)
    session.flush()
    session.add_all(_parties(case_id, new_facts))
    for path, before, after in changes:
        append_event(
            session, actor=actor, action="field.changed", entity="case",
            entity_id=case.reference, case_id=case_id, field=path, old=before, new=after,
            reason=reason, details={**(details or {}), "version": case.version},
        )
    session.flush()
    return _detail(case)
