"""An event tampered with a value the app never writes (bytes in a text column, text that
is not UTF-8) is named as altered by `audit verify`, exit 1: it stopped the check as an
"internal error: TypeError…" naming no event, which passed a tampering off as a bug."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import run_cli


@pytest.mark.parametrize("tamper", [
    "UPDATE events SET actor = CAST(actor AS BLOB) WHERE id = 20",
    "UPDATE events SET reason = CAST(x'ff41' AS TEXT) WHERE id = 20",
])
def test_an_event_holding_an_odd_value_is_named_as_altered(demo_data: Path, tamper: str) -> None:
    con = sqlite3.connect(demo_data / "approvals.db")
    with con:
        con.execute(tamper)
    con.close()
    result = run_cli("audit", "verify", data_dir=demo_data)
    assert result.code == 1, result
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert "audit trail broken at event 20: it was altered after it was recorded" \
        in result.stderr, result.stderr


def test_a_document_deleted_from_the_database_is_named(demo_data: Path) -> None:
    """The row and its file deleted: "Documents: 6 stored files match…", exit 0. The app
    never deletes a document's row (a withdrawal keeps it); the trail records each one."""
    con = sqlite3.connect(demo_data / "approvals.db")
    with con:
        doc_id, stored, name, reference = con.execute(
            "SELECT d.id, d.stored_path, d.file_name, c.reference FROM documents d "
            "JOIN cases c ON c.id = d.case_id ORDER BY d.id LIMIT 1").fetchone()
        con.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    con.close()
    (demo_data / "documents" / stored).unlink()
    result = run_cli("audit", "verify", data_dir=demo_data)
    assert result.code == 1, result
    assert f"{reference} {name} (document {doc_id}): event #" in result.stderr, result.stderr
    assert "records it, but it is not in the database" in result.stderr
