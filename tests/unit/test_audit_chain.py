"""The audit chain: field edits, deletions, reordering and hash edits made directly in
SQLite are each caught, naming the event; the CLI exits 1 on a broken chain."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable

import pytest

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.audit import verify
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.cli.helpers import run_many

EDITOR = Actor("pat", ("preparer",))


def _seed(db: Database) -> int:
    """A case and two facts edits: six or more events in the chain."""
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=EDITOR, status="draft")
    for i, name in enumerate(("Renamed Co., Ltd.", "Renamed Again Co., Ltd.")):
        data = dict(demo_facts()[0])
        data["target"] = {**data["target"], "name_en": name}
        data["deal"] = {**data["deal"], "board_seats": i + 1}
        with db.session() as s:
            update_case_facts(session=s, case_id=case.id, expected_version=i + 1,
                              new_facts=parse_facts(data), actor=EDITOR, reason="correction")
    with db.read_session() as s:
        report = verify(s)
    assert report.ok and report.events_checked == 5 and report.first_bad_event is None
    return report.events_checked


def _tamper(data_dir: DataDir, sql: str) -> None:
    conn = sqlite3.connect(data_dir.database)
    try:
        conn.executescript(sql)
        conn.commit()
    finally:
        conn.close()


SWAP_3_AND_4 = """
UPDATE events SET id = -1 WHERE id = 3;
UPDATE events SET id = 3 WHERE id = 4;
UPDATE events SET id = 4 WHERE id = -1;
"""

CASES: dict[str, tuple[str, int, str]] = {
    "edit a field": ("UPDATE events SET new_value = '\"Evil Co.\"' WHERE id = 3", 3, "altered"),
    "edit the reason": ("UPDATE events SET reason = '' WHERE id = 4", 4, "altered"),
    "delete an event": ("DELETE FROM events WHERE id = 3", 4, "missing"),
    "reorder two events": (SWAP_3_AND_4, 3, "does not link"),
    "change a hash": ("UPDATE events SET hash = '" + "ab" * 32 + "' WHERE id = 3", 3, "altered"),
    "append a forged copy": (
        "INSERT INTO events (id, occurred_at, actor, role, action, entity, entity_id, reason,"
        " details, prev_hash, hash) SELECT 99, occurred_at, 'mallory', role, action, entity,"
        " entity_id, reason, details, prev_hash, hash FROM events WHERE id = 5", 99, "missing"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_verify_catches_tampering_and_names_the_event(db: Database, data_dir: DataDir,
                                                     case: str) -> None:
    _seed(db)
    sql, bad_id, words = CASES[case]
    _tamper(data_dir, sql)
    with db.read_session() as s:
        report = verify(s)
    assert not report.ok
    assert report.first_bad_event == bad_id
    assert f"event {bad_id}" in report.message and words in report.message


def _cli(data_dir: DataDir) -> subprocess.CompletedProcess[str]:
    """`approvals audit verify` in a process forked by run_many (tests/cli/helpers.py);
    tests/cli/test_audit_cli.py runs it in a process of its own."""
    [result] = run_many(("audit", "verify", "--data-dir", data_dir.root))
    return subprocess.CompletedProcess([], result.code, result.stdout, result.stderr)


@pytest.mark.parametrize("tamper", [
    lambda d: _tamper(d, "UPDATE events SET actor = 'mallory' WHERE id = 2"),
])
def test_cli_exit_1_names_the_first_bad_event(db: Database, data_dir: DataDir,
                                             tamper: Callable[[DataDir], None]) -> None:
    _seed(db)
    ok = _cli(data_dir)
    assert ok.returncode == 0 and "5 events" in ok.stdout
    tamper(data_dir)
    bad = _cli(data_dir)
    assert bad.returncode == 1
    assert "event 2" in bad.stderr and "Traceback" not in bad.stderr
