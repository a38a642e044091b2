"""The audit CSV export as an auditor uses it: progress and cancel (a cancelled export
leaves no file and no half-written one over an old file), hashes a spreadsheet keeps as
text (the chain can still be checked link by link from the file), the actor's current
display name, and the faster cells giving what the plain conversions gave."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.audit import GENESIS
from approvals.domain.errors import Cancelled
from approvals.services import exports
from approvals.services.cases import import_case
from approvals.services.exports import (
    AUDIT_HEADER,
    _hash_cell,
    _safe_cells,
    _text_cell,
    _value,
    export_audit_csv,
    safe_cell,
)
from approvals.services.users import create_user, set_display_name
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor, append_event, iter_events
from approvals.store.db import Database
from approvals.store.models import Event

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "frontier-lab.json"
COLUMN = {name: i for i, name in enumerate(AUDIT_HEADER)}


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def reference(db: Database, admin: Actor) -> str:
    with db.session() as s:
        case = import_case(s, data=json.loads(EXAMPLE.read_text(encoding="utf-8")), actor=admin)
        for n in range(5):
            add_comment(s, actor=admin, reference=case.reference, body=f"note {n}")
    return case.reference


def exported_events(db: Database) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event).where(Event.action == "audit.exported")).all())


# --- progress and cancel ----------------------------------------------------------------


def test_progress_rises_to_every_event_written(db: Database, admin: Actor, reference: str,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "REPORT_EVERY", 2)
    reports: list[tuple[float, str]] = []
    with db.session() as s:
        result = export_audit_csv(s, actor=admin, out=tmp_path / "t.csv",
                                  progress=lambda f, m: reports.append((f, m)))
    fractions = [f for f, _m in reports]
    assert len(reports) > 2 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert reports[-1][1] == f"{result.rows:,} of {result.rows:,} events written to t.csv"
    # Each report counts the events in the file by then (REPORT_EVERY of them, not one less).
    assert reports[1][1].startswith("2 of ")


def test_a_filtered_export_says_events_read_and_written(db: Database, admin: Actor,
                                                        reference: str, tmp_path: Path) -> None:
    reports: list[str] = []
    with db.session() as s:
        total = len(list(iter_events(s)))
        result = export_audit_csv(s, actor=admin, out=tmp_path / "t.csv",
                                  actions=["comment.added"],
                                  progress=lambda _f, m: reports.append(m))
    assert result.rows == 5
    assert reports[-1] == f"{total:,} of {total:,} events read, 5 written to t.csv"


@pytest.mark.parametrize("existing", [False, True])
def test_a_cancel_mid_file_leaves_no_file_and_the_old_one_intact(
        db: Database, admin: Actor, reference: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, existing: bool) -> None:
    monkeypatch.setattr(exports, "REPORT_EVERY", 3)
    folder = tmp_path / "exports"  # the data folder is in tmp_path too
    folder.mkdir()
    out = folder / "trail.csv"
    if existing:
        out.write_bytes(b"the export of last week\r\n")
    reports: list[str] = []
    written_when_cancelled: list[int] = []

    def cancelled() -> bool:
        if len(reports) < 3:
            return False
        if not written_when_cancelled:  # rows were in the temporary file by now
            parts = [p for p in folder.iterdir() if p != out]
            written_when_cancelled.append(sum(p.stat().st_size for p in parts))
        return True

    with pytest.raises(Cancelled), db.session() as s:
        export_audit_csv(s, actor=admin, out=out, progress=lambda _f, m: reports.append(m),
                         cancelled=cancelled)
    assert written_when_cancelled and written_when_cancelled[0] > 0
    assert [p.name for p in folder.iterdir()] == (["trail.csv"] if existing else [])
    if existing:
        assert out.read_bytes() == b"the export of last week\r\n"
    assert exported_events(db) == 0  # no export recorded that did not happen


def test_a_cancel_while_matching_the_filters_stops_before_any_file(
        db: Database, admin: Actor, reference: str, tmp_path: Path) -> None:
    from approvals.services.audit_view import AuditFilter

    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(Cancelled), db.session() as s:
        export_audit_csv(s, actor=admin, out=folder / "t.csv",
                         where=AuditFilter(text="note"), cancelled=lambda: True)
    assert list(folder.iterdir()) == [] and exported_events(db) == 0


def test_a_filter_s_matches_are_read_by_their_ids(db: Database, admin: Actor, reference: str,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """"Every failed sign-in last week" out of a million events: the matches are read by
    their ids, not picked out of the whole trail read through."""
    from approvals.services.audit_view import AuditFilter

    def read_through(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the whole trail was read for a few events")

    monkeypatch.setattr(exports, "iter_events", read_through)
    reports: list[str] = []
    out = tmp_path / "t.csv"
    with db.session() as s:
        result = export_audit_csv(s, actor=admin, out=out, where=AuditFilter(text="note"),
                                  progress=lambda _f, m: reports.append(m))
    rows = read_csv(out)[1:]
    assert result.rows == 5 and {r[COLUMN["Action"]] for r in rows} == {"comment.added"}
    assert reports[-1] == "5 of 5 events written to t.csv"


def test_ids_outside_the_case_are_not_exported_with_it(db: Database, admin: Actor,
                                                       reference: str, tmp_path: Path) -> None:
    with db.session() as s:
        other = import_case(s, data=json.loads(EXAMPLE.read_text(encoding="utf-8")),
                            actor=admin).reference
    with db.read_session() as s:
        ids = [e["id"] for e in iter_events(s)]
    out = tmp_path / "t.csv"
    with db.session() as s:  # every event's id, the other case's among them
        result = export_audit_csv(s, actor=admin, out=out, case_reference=reference,
                                  event_ids=ids)
    cases = {r[COLUMN["Case"]] for r in read_csv(out)[1:]}
    assert cases == {reference} and other != reference and result.rows > 5


# --- hashes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "cell"), [
    (GENESIS, "'" + GENESIS),  # Excel showed 64 zeros as 0
    ("1" * 64, "'" + "1" * 64),  # rounded to 15 digits
    ("12e345", "'12e345"),  # a number in scientific notation
    ("ab" * 32, "ab" * 32),  # a hash with a letter is text as it is
    ("1e", "1e"),
    ("e12", "e12"),
    ("1e2e3", "1e2e3"),
    ("", ""),
    (None, ""),
])
def test_hash_cells(value: str | None, cell: str) -> None:
    assert _hash_cell(value) == cell


def test_the_chain_can_be_checked_link_by_link_from_the_file(
        db: Database, admin: Actor, reference: str, tmp_path: Path) -> None:
    out = tmp_path / "trail.csv"
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=out)
    with db.read_session() as s:
        stored = list(iter_events(s))[:-1]  # the export's own event follows its rows
    rows = read_csv(out)[1:]
    assert rows[0][COLUMN["Previous hash"]] == "'" + GENESIS  # text in a spreadsheet
    previous = GENESIS
    for row, event in zip(rows, stored, strict=True):
        link = row[COLUMN["Previous hash"]].removeprefix("'")
        this = row[COLUMN["Event hash"]].removeprefix("'")
        assert link == previous and this == event["hash"]
        previous = this


# --- the actor's name -------------------------------------------------------------------


def test_the_actor_s_current_display_name_is_a_column(db: Database, admin: Actor,
                                                      reference: str, tmp_path: Path) -> None:
    assert "Actor name (current)" in AUDIT_HEADER  # a later column (audit13) follows it
    with db.session() as s:
        create_user(s, actor=admin, username="li.wei", password="correct horse battery",
                    roles=["preparer"], display_name="Li Wei")
    li = Actor("li.wei", ("preparer",))
    with db.session() as s:
        add_comment(s, actor=li, reference=reference, body="checked the turnover")
        set_display_name(s, actor=admin, username="li.wei", display_name="Wei Li (Compliance)")
        append_event(s, actor=Actor("cli"), action="settings.changed", entity="settings")
    out = tmp_path / "trail.csv"
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=out)
    rows = [dict(zip(AUDIT_HEADER, r, strict=True)) for r in read_csv(out)[1:]]
    names = {r["Actor"]: r["Actor name (current)"] for r in rows}
    assert names["li.wei"] == "Wei Li (Compliance)"  # as the user list has it now
    assert names["cli"] == "" and names["alice"] == ""  # no user of that login


# --- the faster cells give what the plain conversions gave ------------------------------


@pytest.mark.parametrize("value", [
    None, "text", "", "审查意见：第二行", 'say "hi"', "line\nbreak", "back\\slash", "=SUM(A1)",
    "-12.5", 5, -3, 2.5, 5_000_000.0, True, False, {"body": "请补充营业额, =SUM(A1)\nx",
                                                      "n": 1.5}, [1, "a", None], "5",
])
def test_stored_values_read_as_before(value: Any) -> None:
    stored = None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    decoded = json.loads(stored) if stored is not None else None
    expected = (decoded if decoded is None or isinstance(decoded, int | float | bool)
                # text kept text where a spreadsheet would read it as a number ("'5")
                else _text_cell(decoded) if isinstance(decoded, str)
                else json.dumps(decoded, ensure_ascii=False, sort_keys=True))
    assert _value(stored) == expected and type(_value(stored)) is type(expected)


@pytest.mark.parametrize("value", [
    None, "", "plain", "=1+1", "-12.5", "-A1", "@x", "\tx", "\rx", "+1", 0, -7, 1.5,
    5_000_000.0, True, False, "'quoted",
])
def test_the_row_s_cells_are_safe_cell_s(value: Any) -> None:
    [cell] = _safe_cells([value])
    # What the csv module writes for the cell (None as nothing, a number as str()).
    assert ("" if cell is None else str(cell)) == safe_cell(value)
