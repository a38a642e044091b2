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



def test_a_filing_of_a_case_holding_text_that_is_not_utf8_says_so(demo_data: Path,
                                                                  tmp_path: Path) -> None:
    """Text altered to bytes that are not UTF-8 while the app had the database open (its
    opening check long passed): "internal error: OperationalError: Could not decode to
    UTF-8 column 'reason'" was all a filing, a case window said. It was changed outside the
    app, and the way on is the audit check and a backup."""
    from approvals.paths import DataDir
    from approvals.services.filings import render_filing
    from approvals.store.audit import Actor
    from approvals.store.db import DatabaseUnreadable
    from approvals.store.migrate import open_database

    db = open_database(DataDir(demo_data))
    try:
        con = sqlite3.connect(demo_data / "approvals.db")
        with con:
            case_id, reference = con.execute(
                "SELECT id, reference FROM cases ORDER BY id LIMIT 1").fetchone()
            con.execute("UPDATE events SET reason = CAST(x'e4b8ff41' AS TEXT) WHERE id = "
                        "(SELECT MIN(id) FROM events WHERE case_id = ?)", (case_id,))
        con.close()
        with pytest.raises(DatabaseUnreadable) as exc, db.session() as session:
            render_filing(session=session, reference=reference, kind="status-report",
                          actor=Actor("root", ("preparer", "reviewer", "approver", "admin")))
        said = str(exc.value)
        assert "holds text that is not UTF-8 (column 'reason'): it was changed outside the app" \
            in said, said
        assert "Where the record is an audit event, View → Verify audit trail (approvals " \
            "audit verify) names it" in said
        assert "approvals restore FILE" in said
    finally:
        db.dispose()
    # The command line, whose opening check finds it first, says so too (no internal error).
    result = run_cli("filing", "render", reference, "--kind", "status-report",
                     "--out", str(tmp_path / "cli.pdf"), data_dir=demo_data)
    assert result.code == 1 and "internal error" not in result.stderr, result
    assert "Could not decode to UTF-8 column 'reason'" in result.stderr
