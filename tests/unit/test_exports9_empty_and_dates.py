"""Exports that match nothing say so in the file (a line under the column titles, as the
deadlines report's CSV does) and on the command line; the case list's next deadline is a
date a spreadsheet can sort, with whether it is estimated in a column of its own; a track's
event names its regime."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services.cases import CaseRow, import_case, list_cases
from approvals.services.exports import (
    AUDIT_HEADER,
    CASE_HEADER,
    NOTHING,
    export_audit_csv,
    export_case_list_csv,
)
from approvals.store.audit import Actor, iter_events
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from tests.cli.helpers import run_many

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "frontier-lab.json"


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def reference(db: Database, admin: Actor) -> str:
    with db.session() as s:
        return import_case(s, data=json.loads(EXAMPLE.read_text(encoding="utf-8")),
                           actor=admin).reference


def last_details(db: Database) -> dict[str, object]:
    with db.read_session() as s:
        return json.loads(list(iter_events(s))[-1]["details"])


@pytest.mark.parametrize("scope", ["case", "all"])
def test_an_audit_export_matching_nothing_says_so(db: Database, admin: Actor, reference: str,
                                                  tmp_path: Path, scope: str) -> None:
    out = tmp_path / "trail.csv"
    case = reference if scope == "case" else None
    with db.session() as s:
        result = export_audit_csv(s, actor=admin, out=out, case_reference=case,
                                  text="no-such-word-anywhere")
    rows = read_csv(out)
    assert tuple(rows[0]) == AUDIT_HEADER and len(rows) == 2
    said = (f"{NOTHING}: no event of {reference} matches the filter." if case
            else f"{NOTHING}: no event matches the filter.")
    assert rows[1] == [said] + [""] * (len(AUDIT_HEADER) - 1)
    assert (result.rows, result.note) == (0, said)
    assert last_details(db)["rows"] == 0  # the line is no event


def test_an_audit_export_with_rows_has_no_note(db: Database, admin: Actor, reference: str,
                                               tmp_path: Path) -> None:
    with db.session() as s:
        result = export_audit_csv(s, actor=admin, out=tmp_path / "t.csv",
                                  case_reference=reference)
    assert result.rows > 0 and result.note == ""
    assert NOTHING not in (tmp_path / "t.csv").read_text(encoding="utf-8-sig")


def test_an_empty_case_list_says_so(db: Database, admin: Actor, reference: str,
                                    tmp_path: Path) -> None:
    out = tmp_path / "cases.csv"
    with db.session() as s:
        result = export_case_list_csv(s, actor=admin, out=out, text="no-such-word-anywhere")
    rows = read_csv(out)
    said = f"{NOTHING}: no case matches the filter."
    assert rows == [list(CASE_HEADER), [said] + [""] * (len(CASE_HEADER) - 1)]
    assert (result.rows, result.note) == (0, said)


def test_next_deadline_is_a_date_and_estimated_is_its_own_column(
        db: Database, admin: Actor, reference: str, tmp_path: Path) -> None:
    with db.read_session() as s:
        (row,) = list_cases(s)
    shown: list[CaseRow] = [
        row._replace(next_deadline="2027-04-14", next_deadline_estimated=True),
        row._replace(reference="AP-2026-0999", next_deadline="2026-12-31",
                     next_deadline_estimated=False),
        row._replace(reference="AP-2026-0998", next_deadline=None)]
    out = tmp_path / "cases.csv"
    with db.session() as s:
        export_case_list_csv(s, actor=admin, out=out, rows=shown)
    rows = [dict(zip(CASE_HEADER, r, strict=True)) for r in read_csv(out)[1:]]
    assert [(r["Next deadline"], r["Next deadline estimated"]) for r in rows] == [
        ("2027-04-14", "yes"), ("2026-12-31", "no"), ("", "")]
    # The filter still finds an estimated deadline by the word, as the list says it.
    with db.session() as s:
        found = export_case_list_csv(s, actor=admin, out=tmp_path / "e.csv", rows=shown,
                                     text="estimated")
    assert found.rows == 1


def test_the_command_line_says_an_empty_export_in_words(data_dir: DataDir, reference: str,
                                                        tmp_path: Path) -> None:
    folder = data_dir.root
    trail, cases = tmp_path / "trail.csv", tmp_path / "cases.csv"
    audit, listed, as_json = run_many(
        ("audit", "export", "--out", trail, "--filter", "no-such-word-anywhere",
         "--data-dir", folder),
        ("case", "export", "--out", cases, "--filter", "no-such-word-anywhere",
         "--data-dir", folder),
        ("case", "export", "--out", cases, "--filter", "no-such-word-anywhere", "--json",
         "--data-dir", folder))
    assert audit.code == listed.code == as_json.code == 0
    assert audit.stdout == (f"{NOTHING}: no event matches the filter. {trail} says so under "
                            "its column titles.\n")
    assert listed.stdout == (f"{NOTHING}: no case matches the filter. {cases} says so under "
                             "its column titles.\n")
    assert as_json.json() == {"file": str(cases), "rows": 0}  # the contract's keys, as before
    assert read_csv(trail)[1][0] == f"{NOTHING}: no event matches the filter."


def test_a_track_event_names_its_regime(db: Database, admin: Actor, reference: str,
                                        tmp_path: Path) -> None:
    """Entity ID names a track by its number only; the Regime column says which (as the
    audit window's Regime column does), after the columns scripts read by position."""
    out = tmp_path / "trail.csv"
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=out, case_reference=reference)
    with db.read_session() as s:
        regimes = {str(t.id): t.regime for t in s.exec(select(FilingTrack)).all()}
    # After the columns scripts read by position; the actor's current name came after it.
    assert AUDIT_HEADER[14:18] == ("Event hash", "Previous hash", "Regime",
                                   "Actor name (current)")  # a later one follows (audit13)
    rows = [dict(zip(AUDIT_HEADER, r, strict=True)) for r in read_csv(out)[1:]]
    opened = [r for r in rows if r["Action"] == "track.opened"]
    assert opened and regimes
    assert all(r["Regime"] == regimes[r["Entity ID"]] for r in opened)
    assert all(r["Regime"] == "" for r in rows if r["Entity"] == "case")
