"""Finding a case row, by reference or by id, or saying plainly that there is none."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from approvals.domain.errors import NotFound
from approvals.store.models import Case, Comment, Document, Event, FilingTrack

CaseRow = TypeVar("CaseRow", FilingTrack, Event, Comment, Document)

# The statements below are built once, the case a bound parameter: nearly every service
# call finds its case, and a prebuilt statement skips building it and its cache key.
_CASE_BY_REFERENCE = select(Case).where(Case.reference == bindparam("reference"))


def _rows_of_case_statement(table: Any) -> Any:
    return select(table).where(table.case_id == bindparam("case_id")).order_by(col(table.id))


_ROWS_OF_CASE: dict[type, Any] = {
    table: _rows_of_case_statement(table) for table in (FilingTrack, Event, Comment, Document)}


def case_by_reference(session: Session, reference: str) -> Case:
    case = session.exec(_CASE_BY_REFERENCE, params={"reference": reference}).first()
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
    if case_id is None:  # `case_id IS NULL`: a bound NULL would match no row
        model: Any = table
        return session.exec(select(table).where(model.case_id == None)  # noqa: E711
                            .order_by(col(model.id))).all()
    read_once: dict[tuple[type, int], Any] | None = session.info.get(_READ_ONCE)
    if read_once is not None and (table, case_id) in read_once:
        return read_once[(table, case_id)]
    rows: Sequence[CaseRow] = session.exec(_ROWS_OF_CASE[table],
                                           params={"case_id": case_id}).all()
    if read_once is not None:
        read_once[(table, case_id)] = rows
    return rows


_READ_ONCE = "approvals.rows_of_case"


@contextmanager
def rows_read_once(session: Session) -> Iterator[None]:
    """Within the block, a case's rows of a table (rows_of_case) are read from the database
    once, for a reading of several parts that each read them (the case window's: its
    timeline, its tracks' step notes from the filing's data), in one transaction: a large
    case's thousands of events were read, and made into objects, twice."""
    if _READ_ONCE in session.info:  # already within one
        yield
        return
    session.info[_READ_ONCE] = {}
    try:
        yield
    finally:
        del session.info[_READ_ONCE]
