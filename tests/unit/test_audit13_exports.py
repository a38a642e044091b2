"""The audit CSV for an auditor's spreadsheet: a date-time column a spreadsheet sorts and
filters by day (the stored stamp kept exact beside it), key fingerprints in Entity ID kept
as text as hashes are, and an export filtered as the audit window filters streamed, never
gathering every matching event's id first."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from approvals.services import exports
from approvals.services.audit_view import AuditFilter
from approvals.services.cases import import_case
from approvals.services.exports import AUDIT_HEADER, export_audit_csv
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "frontier-lab.json"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == AUDIT_HEADER
    return [dict(zip(AUDIT_HEADER, r, strict=True)) for r in rows[1:]]


@pytest.fixture
def reference(db: Database, admin: Actor) -> str:
    with db.session() as s:
        case = import_case(s, data=json.loads(EXAMPLE.read_text(encoding="utf-8")), actor=admin)
        for n in range(6):
            add_comment(s, actor=admin, reference=case.reference, body=f"note {n}")
    return case.reference


def test_each_event_has_its_time_as_a_spreadsheet_date_time(db: Database, admin: Actor,
                                                            reference: str,
                                                            tmp_path: Path) -> None:
    # After the earlier columns: a script reading them by position reads them as before
    # (the event in words follows it).
    assert AUDIT_HEADER.index("Date-time (UTC)") == 18
    assert AUDIT_HEADER.index("Actor name (current)") == 17
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=tmp_path / "t.csv")
    rows = read_rows(tmp_path / "t.csv")
    for row in rows:
        stamp = row["Time (UTC)"]  # the stored stamp exactly, as the event's hash covers it
        assert stamp.endswith("Z") and "T" in stamp
        assert row["Date-time (UTC)"] == stamp.replace("T", " ").removesuffix("Z")


def test_a_key_fingerprint_a_spreadsheet_takes_for_a_number_stays_text(
        db: Database, admin: Actor, tmp_path: Path) -> None:
    digits = "1234567890" * 6 + "1234"  # 64 digits: Excel showed 1.23457E+63
    around_e = "12" * 20 + "e" + "34" * 11 + "5"  # digits around one e: a number too
    lettered = "ab" * 32
    with db.session() as s:
        for fingerprint in (digits, around_e, lettered):
            append_event(s, actor=admin, action="key.trusted", entity="trusted_key",
                         entity_id=fingerprint, new={"label": "HQ"})
        append_event(s, actor=admin, action="user.created", entity="user", entity_id="7")
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=tmp_path / "t.csv")
    ids = [r["Entity ID"] for r in read_rows(tmp_path / "t.csv")]
    assert ids == ["'" + digits, "'" + around_e, lettered, "7"]  # a row id stays a number


def test_a_filtered_export_streams_the_matching_events(db: Database, admin: Actor,
                                                       reference: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The first rows are written before the last matching id is read: two million
    matching ids gathered first held 200 MB more."""
    monkeypatch.setattr(exports, "ID_BATCH", 2)
    monkeypatch.setattr(exports, "REPORT_EVERY", 2)
    matched = exports.matching_event_ids
    consumed: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Iterator[int]:
        for event_id in matched(*args, **kwargs):
            consumed.append(event_id)
            yield event_id

    monkeypatch.setattr(exports, "matching_event_ids", counting)
    read_when_written: list[int] = []

    def progress(_fraction: float, message: str) -> None:
        if " written to " in message and not message.startswith("0 "):
            read_when_written.append(len(consumed))

    where = AuditFilter(text="note")
    with db.session() as s:
        result = export_audit_csv(s, actor=admin, out=tmp_path / "t.csv", where=where,
                                  progress=progress)
    assert result.rows == 6 == len(consumed)
    assert read_when_written and read_when_written[0] < len(consumed)
    rows = read_rows(tmp_path / "t.csv")
    assert [json.loads(r["New value"])["body"] for r in rows] == [f"note {n}" for n in range(6)]
    assert [int(r["Sequence"]) for r in rows] == sorted(int(r["Sequence"]) for r in rows)


def test_a_filtered_export_counts_its_events_for_the_progress(db: Database, admin: Actor,
                                                              reference: str,
                                                              tmp_path: Path) -> None:
    messages: list[str] = []
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=tmp_path / "t.csv", where=AuditFilter(text="note"),
                         progress=lambda _f, m: messages.append(m))
    assert messages[0] == "Counting the events the filters match…"
    assert messages[-1] == "6 of 6 events written to t.csv"
