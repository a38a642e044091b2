"""list_cases lets go of what its four reads returned (300,000 tuples at 100,000 cases)
before the garbage collector resumes, so the collection that follows the read walks only
the rows it made (`approvals case list` and the case list's CSV export, which do not pause
it themselves: about 70 ms to 28 ms at 100,000 cases)."""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from approvals.services import cases as cases_service
from approvals.services.cases import list_cases
from approvals.store.db import Database
from tests.unit.test_perf4_case_list_rows import _fill


class _Cases(list[Any]):  # a list a weak reference can follow
    pass


class _Tracks(dict[int, Any]):
    pass


@pytest.fixture
def filled(db: Database) -> Database:
    con = sqlite3.connect(db.data_dir.database)
    try:
        _fill(con, 40, seed=9)
    finally:
        con.close()
    return db


def test_the_reads_are_freed_before_the_collector_resumes(
        filled: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[weakref.ref[Any]] = []
    alive_when_resumed: list[bool] = []
    real_read, real_paused = cases_service._read_list, cases_service._collector_paused

    def read(*args: Any, **kwargs: Any) -> Any:
        cases, tracks, obligations, refusals = real_read(*args, **kwargs)
        cases, tracks = _Cases(cases), _Tracks(tracks)
        reads[:] = [weakref.ref(cases), weakref.ref(tracks)]
        return cases, tracks, obligations, refusals

    @contextmanager
    def paused() -> Iterator[None]:
        with real_paused():
            yield
            # What the collector will find when it resumes, at the pause's end.
            alive_when_resumed.append(any(ref() is not None for ref in reads))

    monkeypatch.setattr(cases_service, "_read_list", read)
    monkeypatch.setattr(cases_service, "_collector_paused", paused)
    with filled.read_session() as s:
        rows = list_cases(s)
    assert alive_when_resumed == [False]
    assert len(rows) > 10  # the rows themselves are kept, of course
