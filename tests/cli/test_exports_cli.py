"""`approvals audit export` and `approvals case export` through the real entry point."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from approvals.services.exports import AUDIT_HEADER, CASE_HEADER
from tests.cli.helpers import run_cli, run_many


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_audit_and_case_export(demo_data: Path, tmp_path: Path) -> None:
    trail, one, cases = tmp_path / "trail.csv", tmp_path / "one.csv", tmp_path / "cases.csv"
    result = run_cli("audit", "export", "--out", trail, data_dir=demo_data)
    assert result.code == 0, result.stderr
    conn = sqlite3.connect(demo_data / "approvals.db")
    try:
        events = conn.execute("SELECT id, action, hash FROM events ORDER BY id").fetchall()
        reference = conn.execute("SELECT reference FROM cases WHERE status != 'draft' "
                                 "ORDER BY reference LIMIT 1").fetchone()[0]
        case_events = conn.execute(
            "SELECT e.id FROM events e JOIN cases c ON c.id = e.case_id WHERE c.reference = ? "
            "ORDER BY e.id", (reference,)).fetchall()
        zh = dict(conn.execute("SELECT c.reference, p.name_zh FROM cases c JOIN parties p "
                               "ON p.case_id = c.id AND p.role = 'target'").fetchall())
    finally:
        conn.close()
    rows = read_csv(trail)
    assert tuple(rows[0]) == AUDIT_HEADER
    # Every event before the export's own one, in order, with its hash.
    assert [(int(r[0]), r[4], r[14]) for r in rows[1:]] == [tuple(e) for e in events[:-1]]
    assert events[-1][1] == "audit.exported"
    assert result.stdout == f"Exported {len(events) - 1} events to {trail}.\n"

    results = run_many(
        ("audit", "export", "--out", one, "--case", reference, "--json",
         "--data-dir", demo_data),
        ("case", "export", "--out", cases, "--data-dir", demo_data),
        ("case", "list", "--json", "--data-dir", demo_data),
    )
    assert [r.code for r in results] == [0, 0, 0], [r.stderr for r in results]
    assert results[0].json() == {"file": str(one), "rows": len(case_events)}
    assert [int(r[0]) for r in read_csv(one)[1:]] == [e[0] for e in case_events]
    listed = read_csv(cases)
    assert tuple(listed[0]) == CASE_HEADER
    listing = results[2].json()["cases"]
    assert [r[0] for r in listed[1:]] == [c["reference"] for c in listing]
    assert all(r[2] == (zh[r[0]] or "") for r in listed[1:])  # Chinese names intact
    assert results[1].stdout == f"Exported {len(listing)} cases to {cases}.\n"


def test_bad_input_exits_2_and_writes_nothing(demo_data: Path, tmp_path: Path) -> None:
    db = demo_data / "approvals.db"
    before = db.read_bytes()
    out = tmp_path / "x.csv"
    results = run_many(
        ("audit", "export", "--out", tmp_path / "missing" / "x.csv", "--data-dir", demo_data),
        ("audit", "export", "--out", tmp_path, "--data-dir", demo_data),
        ("audit", "export", "--out", out, "--case", "AP-1999-0001", "--data-dir", demo_data),
        ("audit", "export", "--out", out, "--action", "no.such", "--data-dir", demo_data),
        ("case", "export", "--data-dir", demo_data),  # --out is required
    )
    assert [r.code for r in results] == [2, 2, 2, 2, 2]
    assert "does not exist" in results[0].stderr
    assert "is a folder" in results[1].stderr
    assert "There is no case AP-1999-0001" in results[2].stderr
    assert "--action: 'no.such'" in results[3].stderr
    assert all("Traceback" not in r.stderr and r.stdout == "" for r in results)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]
    assert db.read_bytes() == before  # no event recorded


def test_a_folder_without_a_database_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "never"
    results = run_many(
        ("audit", "export", "--out", tmp_path / "a.csv", "--data-dir", data),
        ("audit", "export", "--out", tmp_path / "a.csv", "--case", "AP-2026-0001",
         "--data-dir", data),
        ("case", "export", "--out", tmp_path / "c.csv", "--data-dir", data),
    )
    assert [r.code for r in results] == [2, 2, 2]
    assert "holds no database" in results[0].stderr
    assert not data.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_filters(demo_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    [result] = run_many(("audit", "export", "--out", out, "--action", "track.opened", "--json",
                         "--data-dir", demo_data))
    assert result.code == 0, result.stderr
    rows = read_csv(out)[1:]
    assert rows and {r[4] for r in rows} == {"track.opened"}
    assert result.json()["rows"] == len(rows)
    last = sqlite3.connect(demo_data / "approvals.db").execute(
        "SELECT action, details FROM events ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == "audit.exported"
    assert json.loads(last[1])["actions"] == ["track.opened"]
