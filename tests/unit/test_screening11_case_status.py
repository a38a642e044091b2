"""A reopened case whose tracks closing withdrew is open: the case list, its CSV and
`approvals case list` say "Open (tracks withdrawn)" (and `--json` "open"), not
"Withdrawn", which read as the case itself withdrawn."""

from __future__ import annotations

import json

import pytest

from approvals.cli import main
from approvals.cli.cases import status_code
from approvals.paths import DataDir
from approvals.services.cases import list_cases, status_text
from approvals.store.db import Database
from tests.unit.test_case_lifecycle import close, new_case, reopen, tracks


def test_a_reopened_case_reads_as_open_with_its_tracks_withdrawn(
        data_dir: DataDir, db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    case_id, reference = new_case(db)
    close(db, case_id)
    reopen(db, case_id)
    assert {t.state for t in tracks(db, case_id)} == {"withdrawn"}
    with db.read_session() as s:
        row = next(r for r in list_cases(s) if r.reference == reference)
    assert row.status == "open"
    assert status_text(row.status, row.worst_state, row.blocked) == "Open (tracks withdrawn)"
    assert status_code(row.status, row.worst_state) == "open"
    db.dispose()

    assert main(["case", "list", "--data-dir", str(data_dir.root)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(reference))
    assert "Open (tracks withdrawn)" in line and "Withdrawn" not in line.replace("withdrawn)", "")
    assert main(["case", "list", "--json", "--data-dir", str(data_dir.root)]) == 0
    listed = json.loads(capsys.readouterr().out)["cases"]
    assert next(c for c in listed if c["reference"] == reference)["status"] == "open"


def test_withdrawn_tracks_keep_what_blocks_the_case_and_other_states_read_as_before() -> None:
    blocked = (("US-OISP", "prohibited by screening"),)
    assert status_text("open", "withdrawn", blocked) == \
        "Open (tracks withdrawn; blocked: prohibited by screening)"
    assert status_text("completed", "withdrawn") == "Completed (tracks withdrawn)"
    assert status_text("open", "general_review") == "General review"
    assert status_text("closed", "") == "Closed"
    assert status_code("open", "general_review") == "general_review"
    assert status_code("closed", "") == "closed"
