"""`approvals audit verify` through the real entry point: a subprocess for an intact chain,
forked processes (tests/cli/helpers.py, run_many) for the other checks."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import run_many


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "approvals", *args], capture_output=True,
                          text=True, timeout=120)


def test_verify_after_demo_then_after_tampering(demo_data: Path) -> None:
    data = str(demo_data)  # a copy of the folder `approvals demo` loaded (tests/cli/conftest.py)
    ok = run("audit", "verify", "--data-dir", data)
    assert ok.returncode == 0, ok.stderr
    count = int(ok.stdout.split(":")[1].split()[0])
    assert count > 14  # at least one event per demo case
    conn = sqlite3.connect(Path(data) / "approvals.db")
    conn.execute("UPDATE events SET occurred_at = '2020-01-01T00:00:00Z' WHERE id = 7")
    conn.commit()
    conn.close()
    [bad] = run_many(("audit", "verify", "--data-dir", data))
    assert bad.code == 1
    assert "event 7" in bad.stderr and "altered" in bad.stderr
    # Only what passed on standard output: the chain's failure is not among it.
    assert "event 7" not in bad.stdout and all(
        line.startswith(("Documents: ", "Records: ")) and "match" in line
        for line in bad.stdout.splitlines()), bad.stdout


def test_verify_on_a_missing_data_folder_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "never"
    [result] = run_many(("audit", "verify", "--data-dir", data))
    assert result.code == 0, result.stderr
    assert "0 events checked" in result.stdout
    assert not data.exists()


def test_records_edited_outside_the_app_fail_verify(demo_data: Path) -> None:
    """A track's state and a user's roles edited in the database with sqlite3 passed
    `audit verify` (the events were intact): the case list showed no overdue deadline, the
    user held a role nobody had given. Each is named, with the event that set it last."""
    data = str(demo_data)
    added, ok = run_many(
        (("user", "add", "qa.admin", "--role", "admin", "--password-stdin", "--data-dir", data),
         "correct horse battery\n"),
        ("audit", "verify", "--data-dir", data))
    assert added.code == 0 and ok.code == 0, (added.stderr, ok.stderr)
    assert "Records: the states and outcomes of " in ok.stdout and "the roles and status of 1 user match" \
        in ok.stdout, ok.stdout
    conn = sqlite3.connect(Path(data) / "approvals.db")
    reference, regime, state = conn.execute(
        "SELECT c.reference, t.regime, t.state FROM filing_tracks t JOIN cases c "
        "ON c.id = t.case_id WHERE t.state = 'draft' ORDER BY t.id LIMIT 1").fetchone()
    conn.execute("UPDATE filing_tracks SET state = 'withdrawn' WHERE id = (SELECT t.id FROM "
                 "filing_tracks t JOIN cases c ON c.id = t.case_id WHERE c.reference = ? "
                 "AND t.regime = ?)", (reference, regime))
    conn.execute("UPDATE users SET roles = '[\"admin\", \"approver\"]', active = 0 "
                 "WHERE username = 'qa.admin'")
    conn.commit()
    conn.close()
    [bad] = run_many(("audit", "verify", "--data-dir", data))
    assert bad.code == 1, bad
    lines = bad.stderr.splitlines()
    assert "Records: 3 records differ from what the audit trail recorded last (changed in " \
        "the database outside the app):" in lines, bad.stderr
    assert any(line.startswith(f"  {reference} {regime} track: Withdrawn (withdrawn) in the "
                               "database; event #") and line.endswith(f"left it Draft ({state})")
               for line in lines), bad.stderr
    assert any(line.startswith("  user qa.admin: roles admin, approver in the database; event #")
               and line.endswith("left them admin") for line in lines), bad.stderr
    assert any(line.startswith("  user qa.admin: deactivated in the database; event #")
               for line in lines), bad.stderr


def test_records_added_or_removed_outside_the_app_fail_verify(demo_data: Path) -> None:
    """A user inserted with sqlite3 (an administrator nobody created) and a track deleted
    passed: only rows with an event were compared."""
    data = str(demo_data)
    conn = sqlite3.connect(Path(data) / "approvals.db")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(users)")]
    values = {"username": "mallory", "display_name": "", "password_hash": "x",
              "roles": '["admin", "approver"]', "active": 1, "failed_attempts": 0,
              "version": 1, "created_at": "2026-12-01T00:00:00Z"}
    known = {c: v for c, v in values.items() if c in columns}
    conn.execute(f"INSERT INTO users ({', '.join(known)}) VALUES "
                 f"({', '.join('?' for _ in known)})", tuple(known.values()))
    track_id = conn.execute("SELECT min(id) FROM filing_tracks").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM obligations WHERE track_id = ?", (track_id,))
    conn.execute("DELETE FROM filing_tracks WHERE id = ?", (track_id,))
    conn.commit()
    conn.close()
    [bad] = run_many(("audit", "verify", "--data-dir", data))
    assert bad.code == 1, bad
    assert "  user mallory: in the database, but no event records its creation" in \
        bad.stderr.splitlines(), bad.stderr
    assert any(line.startswith(f"  track {track_id}: event #") and
               line.endswith("records it, but it is not in the database")
               for line in bad.stderr.splitlines()), bad.stderr



def test_an_outcome_edited_outside_the_app_fails_verify(demo_data: Path) -> None:
    """A prohibited track's outcome rewritten with sqlite3 let the deal be completed, and
    `audit verify` passed: the outcome is compared with the event that opened the track."""
    data = str(demo_data)
    conn = sqlite3.connect(Path(data) / "approvals.db")
    reference, regime, track_id = conn.execute(
        "SELECT c.reference, t.regime, t.id FROM filing_tracks t JOIN cases c "
        "ON c.id = t.case_id WHERE t.outcome = 'prohibited' ORDER BY t.id LIMIT 1").fetchone()
    conn.execute("UPDATE filing_tracks SET outcome = 'notification_required' WHERE id = ?",
                 (track_id,))
    conn.commit()
    conn.close()
    [bad] = run_many(("audit", "verify", "--data-dir", data))
    assert bad.code == 1, bad
    lines = bad.stderr.splitlines()
    assert any(line.startswith(f"  {reference} {regime} track: outcome 'notification_required' "
                               "in the database; event #") and line.endswith("recorded it 'prohibited'")
               for line in lines), bad.stderr
