"""Finding a case row, by reference or by id, or saying plainly that there is none."""

from __future__ import annotations

from sqlmodel import Session, select

from approvals.domain.errors import NotFound
from approvals.store.models import Case


def case_by_reference(session: Session, reference: str) -> Case:
    case = session.exec(select(Case).where(Case.reference == reference)).first()
    if case is None or case.id is None:
        raise NotFound(f"There is no case {reference}.")
    return case


def case_id_by_reference(session: Session, reference: str) -> int:
    case_id = case_by_reference(session, reference).id
    assert case_id is not None  # case_by_reference refuses a row without one
    return case_id


def case_by_id(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"There is no case with id {case_id}.")
    return case
