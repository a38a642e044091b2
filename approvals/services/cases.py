"""Cases: create from facts, list, read."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, select

from approvals.domain.errors import InputError, NotFound, Problem
from approvals.domain.facts import Facts, loads_strict, parse_facts
from approvals.domain.permissions import require
from approvals.domain.workflow import worst_state
from approvals.services.screening import open_tracks, screen_case
from approvals.store.audit import Actor, append_event
from approvals.store.models import Case, Party, utc_now

REFERENCE_PREFIX = "AP"
_REFERENCE = re.compile(rf"^{REFERENCE_PREFIX}-(\d{{4}})-(\d{{4,}})$")


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    reference: str
    target: str
    investor: str
    amount_value: float | None
    amount_currency: str | None
    status: str
    regimes: tuple[str, ...]
    worst_state: str
    next_deadline: str | None
    owner: str
    updated_at: str


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


def read_json_file(path: str | Path) -> Any:
    """Decode a JSON file; a missing file or a syntax error is bad input with its location."""
    file = Path(path)
    try:
        text_ = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Problem(str(path), "file not found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(str(path), f"cannot be read: {exc}")) from None
    try:
        return loads_strict(text_)
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(f"{path}:{exc.lineno}:{exc.colno}", f"not valid JSON: {exc.msg}")
        ) from None
    except ValueError as exc:
        raise InputError(Problem(str(path), f"not valid JSON: {exc}")) from None


def next_reference(session: Session, year: int) -> str:
    """The next free `AP-YYYY-NNNN` (callers hold the write lock, so it cannot be taken)."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    last = session.exec(
        select(func.max(Case.reference)).where(Case.reference.like(prefix + "%"))  # type: ignore[attr-defined]
    ).one()
    number = int(_REFERENCE.match(last).group(2)) + 1 if last and _REFERENCE.match(last) else 1
    return f"{prefix}{number:04d}"


def _denormalised(facts: Facts) -> dict[str, Any]:
    amount = facts.deal.amount
    return {
        "target_name": facts.target.name_en,
        "investor_name": facts.investor.name,
        "amount_value": float(amount.value) if amount else None,
        "amount_currency": amount.currency if amount else None,
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


def create_case(
    session: Session,
    *,
    facts: Facts,
    actor: Actor,
    status: str = "open",
    today: date | None = None,
) -> CaseDetail:
    """Create a case from validated facts, with its parties and a `case.created` event."""
    require(actor, "case.create")
    today = today or date.today()
    reference = next_reference(session, today.year)
    now = utc_now()
    case = Case(
        reference=reference,
        facts=facts.to_json(),
        status=status,
        owner=actor.username,
        created_at=now,
        updated_at=now,
        **_denormalised(facts),
    )
    session.add(case)
    session.flush()
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
        # A submitted case is screened at once and its tracks opened, in this unit of work.
        screen_case(session=session, case_id=case.id, actor=actor, as_of=today)
        open_tracks(session=session, case_id=case.id, actor=actor)
    return _detail(case)


def import_case(session: Session, *, data: Any, actor: Actor) -> CaseDetail:
    """Validate raw decoded JSON facts and create a case; nothing is written when invalid."""
    return create_case(session, facts=parse_facts(data), actor=actor)


def _detail(case: Case) -> CaseDetail:
    assert case.id is not None
    return CaseDetail(
        id=case.id,
        reference=case.reference,
        facts=Facts.model_validate_json(case.facts, strict=False),
        status=case.status,
        owner=case.owner,
        created_at=case.created_at,
        updated_at=case.updated_at,
        version=case.version,
    )


def get_case(session: Session, reference: str) -> CaseDetail:
    case = session.exec(select(Case).where(Case.reference == reference)).first()
    if case is None:
        raise NotFound(f"There is no case {reference}.")
    return _detail(case)


def case_id_for(session: Session, reference: str) -> int:
    case_id = session.exec(select(Case.id).where(Case.reference == reference)).first()
    if case_id is None:
        raise NotFound(f"There is no case {reference}.")
    return case_id


# The "worst" state of a case is its least advanced open track, in the workflow tables'
# progress order (domain.workflow.STATE_ORDER); next_deadline is the earliest due date of
# a track still running (decided and final tracks have no due date).
_LIST_SQL = text(
    """
    SELECT c.id, c.reference, c.target_name, c.investor_name, c.amount_value,
           c.amount_currency, c.status, c.owner, c.updated_at,
           (SELECT group_concat(t.regime, ' ') FROM filing_tracks t WHERE t.case_id = c.id),
           (SELECT group_concat(t.kind || ':' || t.state, ' ') FROM filing_tracks t
              WHERE t.case_id = c.id),
           (SELECT min(t.due_date) FROM filing_tracks t
              WHERE t.case_id = c.id AND t.due_date IS NOT NULL AND t.completed_on IS NULL)
    FROM cases c
    WHERE c.status != 'draft' OR :with_drafts
    ORDER BY c.reference
    """
)


def list_cases(session: Session, *, include_drafts: bool = True) -> list[CaseRow]:
    """All cases with the figures the case list shows, in one query."""
    rows = session.connection().execute(_LIST_SQL, {"with_drafts": include_drafts}).all()
    out = []
    for row in rows:
        regimes = tuple(row[9].split()) if row[9] else ()
        tracks = [tuple(p.split(":", 1)) for p in row[10].split()] if row[10] else []
        worst = worst_state((k, st) for k, st in tracks)
        out.append(
            CaseRow(
                id=row[0],
                reference=row[1],
                target=row[2],
                investor=row[3],
                amount_value=row[4],
                amount_currency=row[5],
                status=row[6],
                owner=row[7],
                updated_at=row[8],
                regimes=regimes,
                worst_state=worst,
                next_deadline=row[11],
            )
        )
    return out


def facts_dict(session: Session, case_id: int) -> dict[str, Any]:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"There is no case with id {case_id}.")
    return json.loads(case.facts)
