"""Drafts: cases whose facts are still being entered in the intake wizard.

A draft is a `cases` row with status "draft" and facts JSON that need not validate, so
the officer never loses work to a form that cannot be saved until it is complete. Saving
a draft is not a regulated act: only its creation and its completion are audited (an
autosave every few seconds would flood the audit trail). `finish_draft` validates the
facts, turns the draft into an open case with the same reference, records
`case.created`, and screens it and opens its tracks, exactly as if it had been imported.

Besides the facts, a draft keeps the wizard's own state under one reserved key
(`DRAFT_STATE`), never part of the facts: the values of fields hidden because an earlier
answer no longer asks for them, so that changing the answer back brings them back after
the window was closed. Drafts saved before that key existed (format 1) still open; the
wizard of that time wrote every unticked list as `[]`, so those empty lists were never
the officer's answer and reopen as not stated (`DraftInfo.lists_reset` names them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, delete

from approvals.domain.errors import ConflictError, InputError, Problem
from approvals.domain.facts import Facts, parse_facts
from approvals.services.access import require
from approvals.services.cases import (
    CaseDetail,
    _denormalised,
    _detail,
    _insert_case,
    _parties,
    _screen_and_open_tracks,
    next_reference,
)
from approvals.store.audit import Actor, append_event
from approvals.store.cases import case_by_reference
from approvals.store.models import Case, Party, utc_now

DRAFT = "draft"
# The reserved key of a draft's JSON that holds the wizard's state beside the facts; the
# facts schema has no such key, and it is removed before any facts are read.
DRAFT_STATE = "_draft"
DRAFT_FORMAT = 2
# The lists whose absence means unknown and `[]` means none (facts.schema.json).
STATED_LISTS: tuple[tuple[str, ...], ...] = (
    ("target", "activities"),
    ("target", "security_sectors"),
    ("target", "ai", "end_uses"),
    ("target", "ai", "us_models_used"),
    ("deal", "technology_transfer", "restricted_catalogue_items"),
    ("deal", "technology_transfer", "prohibited_catalogue_items"),
)


@dataclass(frozen=True)
class DraftInfo:
    reference: str
    data: dict[str, Any]  # the facts typed so far, without the wizard's state
    version: int
    owner: str
    updated_at: str
    # Values of fields hidden when saved, by dotted fact path (never part of the facts).
    held: dict[str, Any] = field(default_factory=dict)
    format: int = DRAFT_FORMAT
    # Empty lists of a format-1 draft, reopened as not stated (dotted paths).
    lists_reset: tuple[str, ...] = ()


def _as_dict(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(Problem("(document)", "draft facts must be a JSON object"))
    return data


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def _list_columns(data: dict[str, Any]) -> dict[str, Any]:
    """What the case list shows of a draft: whatever has been typed so far."""
    amount = _section(_section(data, "deal"), "amount")
    value = amount.get("value")
    currency = amount.get("currency")
    return {
        "target_name": str(_section(data, "target").get("name_en") or ""),
        "investor_name": str(_section(data, "investor").get("name") or ""),
        "amount_value": float(value) if isinstance(value, int | float) else None,
        "amount_currency": currency if isinstance(currency, str) and currency else None,
    }


def _draft(session: Session, reference: str) -> Case:
    case = case_by_reference(session, reference)
    if case.status != DRAFT:
        raise InputError(Problem("reference", f"{reference} is not a draft (it is {case.status})"))
    return case


def _split(stored: Any) -> tuple[dict[str, Any], dict[str, Any], int]:
    """A stored draft as (facts, held values, format)."""
    if not isinstance(stored, dict):
        return {}, {}, 1
    data = dict(stored)
    state = data.pop(DRAFT_STATE, None)
    if not isinstance(state, dict):
        return data, {}, 1
    held = state.get("held")
    fmt = state.get("format")
    return (data, held if isinstance(held, dict) else {},
            fmt if isinstance(fmt, int) and not isinstance(fmt, bool) else DRAFT_FORMAT)


def _reset_unasked_lists(data: dict[str, Any]) -> tuple[str, ...]:
    """Drop the empty lists a format-1 draft holds (the wizard then wrote `[]` for every
    list left unticked), in place; the dotted paths dropped."""
    reset = []
    for path in STATED_LISTS:
        node: Any = data
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and node.get(path[-1]) == []:
            del node[path[-1]]
            reset.append(".".join(path))
    return tuple(reset)


def _info(case: Case) -> DraftInfo:
    data, held, fmt = _split(json.loads(case.facts or "{}"))
    reset = _reset_unasked_lists(data) if fmt < 2 else ()
    return DraftInfo(
        reference=case.reference,
        data=data,
        version=case.version,
        owner=case.owner,
        updated_at=case.updated_at,
        held=held,
        format=fmt,
        lists_reset=reset,
    )


def _stored_text(data: dict[str, Any], held: dict[str, Any] | None) -> str:
    state = {"format": DRAFT_FORMAT, "held": dict(held or {})}
    return json.dumps({**data, DRAFT_STATE: state}, ensure_ascii=False, sort_keys=True)


def save_draft(
    session: Session,
    *,
    actor: Actor,
    data: Any,
    reference: str | None = None,
    expected_version: int | None = None,
    today: date | None = None,
    held: dict[str, Any] | None = None,
) -> DraftInfo:
    """Create a draft (no reference yet) or overwrite an existing one with partial facts.

    `held` keeps the values of fields hidden for now (by dotted path) beside the facts.
    `expected_version` guards against two windows editing the same draft: a stale save
    raises ConflictError instead of silently overwriting the other's work.
    """
    actor = require(session, actor, "case.create")
    data = _as_dict(data)
    if DRAFT_STATE in data:
        raise InputError(Problem(DRAFT_STATE, "is reserved for the wizard's state"))
    if held is not None and not isinstance(held, dict):
        raise InputError(Problem("held", "must be an object of fact paths and values"))
    text = _stored_text(data, held)
    now = utc_now()
    if reference is None:
        case = _insert_case(session, reference=next_reference(session, (today or date.today()).year),
                            facts_json=text, status=DRAFT, actor=actor, columns=_list_columns(data))
        append_event(session, actor=actor, action="case.draft_created", entity="case",
                     entity_id=case.reference, case_id=case.id)
        return _info(case)
    case = _draft(session, reference)
    if expected_version is not None and case.version != expected_version:
        raise ConflictError(
            f"The draft {reference} was saved elsewhere since you opened it "
            f"(version {case.version}, you have {expected_version}). Reopen it to continue."
        )
    case.facts = text
    for key, value in _list_columns(data).items():
        setattr(case, key, value)
    case.updated_at = now
    case.version += 1
    session.add(case)
    session.flush()
    return _info(case)


def load_draft(session: Session, *, actor: Actor, reference: str) -> DraftInfo:
    actor = require(session, actor, "case.create")
    return _info(_draft(session, reference))


def finish_draft(
    session: Session,
    *,
    actor: Actor,
    reference: str,
    data: Any | None = None,
    expected_version: int | None = None,
) -> CaseDetail:
    """Validate the draft's facts (or `data`, the wizard's final state) and open the case:
    screened once and its tracks opened, through the same code as `create_case`.

    Invalid facts raise InputError with every problem's field path; nothing is changed.
    """
    actor = require(session, actor, "case.create")
    case = _draft(session, reference)
    if expected_version is not None and case.version != expected_version:
        raise ConflictError(f"The draft {reference} was saved elsewhere since you opened it.")
    # The wizard's state (held values of hidden fields) never reaches the case's facts.
    facts: Facts = parse_facts(_split(json.loads(case.facts))[0] if data is None else data)
    case.facts = facts.to_json()
    case.status = "open"
    for key, value in _denormalised(facts).items():
        setattr(case, key, value)
    case.updated_at = utc_now()
    case.version += 1
    session.add(case)
    assert case.id is not None
    session.exec(delete(Party).where(Party.case_id == case.id))  # type: ignore[arg-type]
    session.add_all(_parties(case.id, facts))
    session.flush()
    append_event(session, actor=actor, action="case.created", entity="case",
                 entity_id=reference, case_id=case.id, new=facts.to_json_dict(),
                 details={"status": "open", "from_draft": True})
    _screen_and_open_tracks(session, case_id=case.id, actor=actor)
    return _detail(case)

