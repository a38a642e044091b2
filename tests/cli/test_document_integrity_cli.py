"""`approvals audit verify` checks the stored documents too (the entry point, in a process
forked by run_many; test_audit_cli.py runs the command in a process of its own): exit 0
with a documents line after the chain's lines, exit 1 naming each bad document."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from tests.cli.helpers import Result, run_many


def verify(data: Path) -> Result:
    return run_many(("audit", "verify", "--data-dir", data))[0]


HEADLINE = "stored files fail the check against their recorded SHA-256:"


def _rows(data: Path) -> dict[str, tuple[int, str, str]]:
    """File name -> (document id, case reference, stored path) for the demo's documents."""
    conn = sqlite3.connect(data / "approvals.db")
    rows = conn.execute("SELECT d.file_name, d.id, c.reference, d.stored_path FROM documents d "
                        "JOIN cases c ON c.id = d.case_id").fetchall()
    conn.close()
    return {name: (doc_id, reference, stored) for name, doc_id, reference, stored in rows}


def _any_attachment(data: Path) -> tuple[str, int, str, Path]:
    name, (doc_id, reference, stored) = sorted(
        (n, v) for n, v in _rows(data).items() if not v[2].count("/"))[0]
    return name, doc_id, reference, data / "documents" / stored


def test_all_intact_says_so_after_the_chain_lines(demo_data: Path) -> None:
    result = verify(demo_data)
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    count = len(_rows(demo_data))
    assert count >= 3
    assert lines[0].startswith("Audit trail intact: ") and lines[0].endswith(" events checked.")
    assert lines[1].startswith("Anchor: ")
    assert lines[2] == f"Documents: {count} stored files match their recorded SHA-256."
    assert len(lines) == 4 and re.fullmatch(
        r"Records: the states and outcomes of \d+ filing tracks match the audit trail\.", lines[3]), lines
    assert result.stderr == ""


def test_a_flipped_byte_fails_naming_the_document(demo_data: Path) -> None:
    name, doc_id, reference, path = _any_attachment(demo_data)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    path.write_bytes(bytes(data))
    result = verify(demo_data)
    assert result.code == 1
    # The chain's lines are said as before; the documents' failure follows on stderr.
    assert result.stdout.splitlines()[0].startswith("Audit trail intact: ")
    assert result.stdout.splitlines()[1].startswith("Anchor: ")
    err = result.stderr.splitlines()
    assert err[0] == f"Documents: 1 of {len(_rows(demo_data))} {HEADLINE}"
    assert err[1].startswith(f"  {reference} {name} (document {doc_id}): changed: ")


def test_a_truncated_and_a_deleted_file_are_both_named(demo_data: Path) -> None:
    rows = sorted(_rows(demo_data).items())
    (cut_name, (cut_id, _, cut_stored)), (gone_name, (gone_id, _, gone_stored)) = rows[:2]
    cut = demo_data / "documents" / cut_stored
    cut.write_bytes(cut.read_bytes()[:100])
    (demo_data / "documents" / gone_stored).unlink()
    result = verify(demo_data)
    assert result.code == 1
    assert f"{cut_name} (document {cut_id}): size differs: the file has 100 bytes" in result.stderr
    assert f"{gone_name} (document {gone_id}): missing" in result.stderr
    assert f"Documents: 2 of {len(rows)} {HEADLINE}" in result.stderr


def test_an_edited_sha256_in_the_row_fails(demo_data: Path) -> None:
    name, doc_id, _, _ = _any_attachment(demo_data)
    conn = sqlite3.connect(demo_data / "approvals.db")
    conn.execute("UPDATE documents SET sha256 = ? WHERE id = ?", ("f" * 64, doc_id))
    conn.commit()
    conn.close()
    result = verify(demo_data)
    assert result.code == 1
    assert (f"{name} (document {doc_id}): row differs from the audit record: the row says "
            "SHA-256 ffffffffffff… where event #") in result.stderr


def test_a_broken_chain_and_a_bad_document_are_both_reported(demo_data: Path) -> None:
    name, doc_id, _, path = _any_attachment(demo_data)
    path.unlink()
    conn = sqlite3.connect(demo_data / "approvals.db")
    conn.execute("UPDATE events SET occurred_at = '2020-01-01T00:00:00Z' WHERE id = 7")
    conn.commit()
    conn.close()
    result = verify(demo_data)
    # The records passed (standard output); the chain and the document failed (standard error).
    assert result.code == 1 and result.stdout.startswith("Records: "), result.stdout
    assert "Documents: " not in result.stdout and "Documents: " in result.stderr
    err = result.stderr.splitlines()
    assert err[0].startswith("audit trail broken at event 7: ") and "altered" in err[0]
    assert f"{name} (document {doc_id}): missing" in result.stderr


def test_a_changed_restricted_document_fails(data_dir: DataDir, tmp_path: Path,
                                             fast_hash: None) -> None:
    admin = Actor("root", ("preparer", "reviewer", "approver", "admin"))
    source = tmp_path / "Closing memo.pdf"
    source.write_bytes(b"%PDF-1.4 privileged closing memo " * 500)
    db = open_database(data_dir)
    try:
        with db.session() as s:
            users.create_first_admin(s, username="root", password="correct horse battery")
        with db.session() as s:
            case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=admin)
            doc = documents.attach_document(s, actor=admin, data_dir=data_dir,
                                            case_id=case.id, source=source, restricted=True)
    finally:
        db.dispose()
    stored = data_dir.documents / f"{doc.sha256}.pdf"
    intact = verify(data_dir.root)
    assert intact.code == 0, intact.stderr
    assert "Documents: 1 stored file matches its recorded SHA-256." in intact.stdout
    stored.write_bytes(stored.read_bytes().replace(b"privileged", b"PRIVILEGED"))
    result = verify(data_dir.root)
    assert result.code == 1
    assert f"Closing memo.pdf (document {doc.id}): changed: " in result.stderr
    assert "privileged" not in result.stderr.lower()
