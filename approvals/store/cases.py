"""Finding a case row, by reference or by id, or saying plainly that there is none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from approvals.domain.errors import NotFound
from approvals.store.models import Case, Comment, Document, Event, FilingTrack

CaseRow = TypeVar("CaseRow", FilingTrack, Event, Comment, Document)


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


def rows_of_case(session: Session, table: type[CaseRow], case_id: int | None) -> Sequence[CaseRow]:
    """A case's tracks, events, comments or documents in the order they were written
    (the audit chain's and the filings' order)."""
    model: Any = table  # each of these tables has case_id and id columns
    return session.exec(
        select(table).where(model.case_id == case_id).order_by(col(model.id))
    ).all()
