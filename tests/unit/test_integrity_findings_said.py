"""An integrity check that finds a hundred damaged cells says the first few and how many
more there are; the log keeps them all. Its whole output (101 lines) went into the
start-up box, 3,000 px tall on an 800 px screen, Close and Open backups folder off it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from approvals.store import migrate


class _Checked:
    def __init__(self, rows: list[tuple[str]]) -> None:
        self.rows = rows

    def execute(self, _sql: str) -> Any:
        return self

    def fetchall(self) -> list[tuple[str]]:
        return self.rows

    def close(self) -> None:
        pass

    def set_progress_handler(self, *_args: Any) -> None:
        pass


def test_many_findings_are_said_as_the_first_three_and_a_count(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    rows = [(f"On tree page {n} cell 6: invalid page number -1",) for n in range(101)]
    monkeypatch.setattr(migrate.sqlite3, "connect", lambda *_a, **_k: _Checked(rows))
    with caplog.at_level(logging.WARNING):
        said = migrate.integrity_problem(tmp_path / "approvals.db")
    assert said == ("On tree page 0 cell 6: invalid page number -1; On tree page 1 cell 6: "
                    "invalid page number -1; On tree page 2 cell 6: invalid page number -1; "
                    "and 98 more (all of them are in the log)")
    assert "On tree page 100 cell 6" in caplog.text


def test_a_few_findings_are_said_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrate.sqlite3, "connect",
                        lambda *_a, **_k: _Checked([("row 3 missing from index x",)]))
    assert migrate.integrity_problem(tmp_path / "a.db") == "row 3 missing from index x"
    monkeypatch.setattr(migrate.sqlite3, "connect", lambda *_a, **_k: _Checked([("ok",)]))
    assert migrate.integrity_problem(tmp_path / "a.db") is None
