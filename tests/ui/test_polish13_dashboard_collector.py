"""The dashboard's worker prepares the rows of 100,000 cases' tracks with the collector held
off (as the case list's load does): full collections set off meanwhile walked every object
the app holds, the case list's 100,000 rows too, and held the window still for half a
second to a second each (bench_polish13_officer_day)."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from approvals.store.db import Database
from approvals.ui import dashboard


@pytest.mark.usefixtures("automatic_collector")
def test_the_dashboard_is_prepared_with_the_collector_held_off(
        demo: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    collecting: list[bool] = []
    real = dashboard.prepare_dashboard

    def recording(*args: Any, **kwargs: Any) -> Any:
        collecting.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard, "prepare_dashboard", recording)
    assert gc.isenabled()
    with demo.read_session() as session:
        prepared = dashboard.load_prepared(session)
    assert collecting == [False]
    assert gc.isenabled()  # collecting again after
    assert prepared.data.tracks
