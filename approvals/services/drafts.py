"""Drafts: cases whose facts are still being entered in the intake wizard.

A draft is a `cases` row with status "draft" and facts JSON that need not validate, so
the officer never loses work to a form that cannot be saved until it is complete. Saving
a draft is not a regulated act: only its creation and its completion are audited (an
autosave every few seconds would flood the audit trail). `finish_draft` validates the
facts, turns the draft into an open case with the same reference, records
`case.created`, and screens it and opens its tracks, exactly as if it had been imported.

Beside the facts, in its own column (`cases.draft_state`, so that no reader of the facts
ever sees it), a draft keeps the wizard's state: the values of fields hidden because an
earlier answer no longer asks for them, so that changing the answer back brings them back
after the window was closed, and the page the wizard was on, so that a draft reopens
where the officer left it. Drafts saved before that column (format 1, NULL there) still
open; the wizard of that time wrote every unticked list as `[]`, so those empty lists
were never the officer's answer and reopen as not stated (`DraftInfo.lists_reset`).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, delete

from approvals.domain.errors import ConflictError, InputError, Problem
from approvals.domain.facts import STATED_LISTS, Facts, parse_facts
from approvals.domain.typed_input import NAME_CHARS, REFERENCE_CHARS, name_text
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
DRAFT_FORMAT = 2  # 1: saved before drafts kept the wizard's state
CURRENCY_CHARS = 12  # of a currency still being typed, as the case list shows it


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
    # The wizard page it was saved on (its object name); "" when not recorded.
    page: str = ""
    # The review page's "Include reported / proposed measures", ticked when saved.
    include_proposed: bool = False


def _as_dict(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(Problem("(document)", "draft facts must be a JSON object"))
    return data


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def _listed(text: Any, most: int = NAME_CHARS) -> str:
    """A draft's text as the case list shows it: its beginning, with … when longer than a
    name can be (the field refuses it until shortened; a pasted megabyte stood whole in
    the list's cell, tooltip and search). The draft's facts keep it whole."""
    text = str(text or "").strip()
    if not name_text(text):
        return ""  # a zero-width space alone: an invisible cell the filter cannot find
    return text if len(text) <= most else text[:most - 1] + "…"


def _list_columns(data: dict[str, Any]) -> dict[str, Any]:
    """What the case list shows of a draft: whatever has been typed so far."""
    amount = _section(_section(data, "deal"), "amount")
    value = amount.get("value")
    currency = amount.get("currency")
    name_zh, own_reference = _section(data, "target").get("name_zh"), data.get("reference")
    return {
        "target_name": _listed(_section(data, "target").get("name_en")),
        "investor_name": _listed(_section(data, "investor").get("name")),
        # A draft holds whatever was typed: a figure too large for a float shows no amount.
        "amount_value": float(value) if isinstance(value, int | float)
        and abs(value) <= sys.float_info.max else None,
        "amount_currency": _listed(currency, CURRENCY_CHARS) or None
        if isinstance(currency, str) else None,
        "target_name_zh": _listed(name_zh) if isinstance(name_zh, str) else "",
        "own_reference": _listed(own_reference, REFERENCE_CHARS)
        if isinstance(own_reference, str) else "",
        # As typed so far (the field checks it): found by the filter all the same.
        "identifiers": " ".join(_listed(code, 40) for code in (
            _section(data, "target").get("uscc"), _section(data, "investor").get("lei"))
            if isinstance(code, str) and code.strip()),
    }


def _draft(session: Session, reference: str) -> Case:
    case = case_by_reference(session, reference)
    if case.status != DRAFT:
        raise InputError(Problem("reference", f"{reference} is not a draft (it is {case.status})"))
    return case


def _state(case: Case) -> tuple[dict[str, Any], int, str, bool]:
    """The draft's held values, format, page and whether the reported / proposed measures
    are included, from its state column (NULL: format 1)."""
    if case.draft_state is None:
        return {}, 1, "", False
    try:
        state = json.loads(case.draft_state)
    except ValueError:
        state = None
    if not isinstance(state, dict):  # damaged: the facts still open, without held values
        return {}, DRAFT_FORMAT, "", False
    held = state.get("held")
    fmt = state.get("format")
    page = state.get("page")
    return (held if isinstance(held, dict) else {},
            fmt if isinstance(fmt, int) and not isinstance(fmt, bool) else DRAFT_FORMAT,
            page if isinstance(page, str) else "",
            state.get("include_proposed") is True)


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


def _stored(case: Case) -> Any:
    try:
        return json.loads(case.facts or "{}")
    except ValueError:
        raise InputError(Problem(
            "facts", f"the draft {case.reference} is damaged: its stored facts are not JSON")
        ) from None


def _info(case: Case) -> DraftInfo:
    stored = _stored(case)
    data = stored if isinstance(stored, dict) else {}
    held, fmt, page, include_proposed = _state(case)
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
        page=page,
        include_proposed=include_proposed,
    )


def _state_text(held: dict[str, Any] | None, page: str | None = None,
                include_proposed: bool = False) -> str:
    state: dict[str, Any] = {"format": DRAFT_FORMAT, "held": dict(held or {})}
    if page:
        state["page"] = page
    if include_proposed:  # written only when ticked: earlier drafts' state stays as it was
        state["include_proposed"] = True
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def save_draft(
    session: Session,
    *,
    actor: Actor,
    data: Any,
    reference: str | None = None,
    expected_version: int | None = None,
    today: date | None = None,
    held: dict[str, Any] | None = None,
    page: str | None = None,
    include_proposed: bool = False,
) -> DraftInfo:
    """Create a draft (no reference yet) or overwrite an existing one with partial facts.

    `held` keeps the values of fields hidden for now (by dotted path) beside the facts,
    `page` the wizard page the officer is on, where the draft reopens, `include_proposed`
    the review page's box for the reported / proposed measures.
    `expected_version` guards against two windows editing the same draft: a stale save
    raises ConflictError instead of silently overwriting the other's work. A save of the
    facts and held values already stored changes nothing, the version included.
    """
    actor = require(session, actor, "case.create")
    data = _as_dict(data)
    if held is not None and not isinstance(held, dict):
        raise InputError(Problem("held", "must be an object of fact paths and values"))
    if page is not None and not isinstance(page, str):
        raise InputError(Problem("page", "must be the name of a wizard page"))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    state = _state_text(held, page, include_proposed)
    now = utc_now()
    if reference is None:
        case = _insert_case(session, reference=next_reference(session, (today or date.today()).year),
                            facts_json=text, status=DRAFT, actor=actor,
                            columns={**_list_columns(data), "draft_state": state})
        append_event(session, actor=actor, action="case.draft_created", entity="case",
                     entity_id=case.reference, case_id=case.id)
        return _info(case)
    case = _draft(session, reference)
    if expected_version is not None and case.version != expected_version:
        raise ConflictError(
            f"The draft {reference} was saved elsewhere since you opened it "
            f"(version {case.version}, you have {expected_version}). Reopen it to continue."
        )
    if case.facts == text and case.draft_state == state:
        # Nothing changed since the last save (a field left, a text normalised, the
        # autosave after a keystroke typed and deleted): no write, the version stays.
        return _info(case)
    case.facts = text
    case.draft_state = state
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
    include_proposed: bool = False,
) -> CaseDetail:
    """Validate the draft's facts (or `data`, the wizard's final state) and open the case:
    screened once (with the reported / proposed measures when `include_proposed`, as the
    wizard's review page showed it) and its tracks opened, through the same code as
    `create_case`.

    Invalid facts raise InputError with every problem's field path; nothing is changed.
    """
    actor = require(session, actor, "case.create")
    case = _draft(session, reference)
    if expected_version is not None and case.version != expected_version:
        raise ConflictError(f"The draft {reference} was saved elsewhere since you opened it.")
    facts: Facts = parse_facts(_stored(case) if data is None else data)
    case.facts = facts.to_json()
    # The wizard's state (held values of hidden fields) goes with the draft.
    case.draft_state = None
    case.status = "open"
    for key, value in _denormalised(facts).items():
        setattr(case, key, value)
    case.updated_at = utc_now()
    case.version += 1
    session.add(case)
    assert case.id is not None
    session.exec(delete(Party).where(col(Party.case_id) == case.id))
    session.add_all(_parties(case.id, facts))
    session.flush()
    append_event(session, actor=actor, action="case.created", entity="case",
                 entity_id=reference, case_id=case.id, new=facts.to_json_dict(),
                 details={"status": "open", "from_draft": True})
    _screen_and_open_tracks(session, case_id=case.id, actor=actor,
                            include_proposed=include_proposed)
    return _detail(case)

