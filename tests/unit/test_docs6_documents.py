"""Documents (fresh-eyes pass 6): what an officer new to the app runs into when attaching."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.store.models import Document, Event
from tests.unit.test_documents import attach, case_id, db, first_reference  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_an_empty_file_is_refused_and_nothing_written(db, data_dir, case_id: int,  # noqa: F811
                                                      tmp_path: Path) -> None:
    """A 0-byte "organisation chart" (a save that failed) ticked the checklist and met the
    workflow's guard: it is refused, by name, with no row, event or stored file."""
    empty = tmp_path / "org chart.pdf"
    empty.write_bytes(b"")
    stored_before = sorted(p.name for p in data_dir.documents.iterdir())
    with db.read_session() as s:
        rows_before = len(s.exec(select(Document)).all())
        events_before = len(s.exec(select(Event)).all())
    with pytest.raises(InputError, match=r"org chart\.pdf.*empty \(0 bytes\)"):
        attach(db, data_dir, case_id, empty, doc_type="org_chart")
    assert sorted(p.name for p in data_dir.documents.iterdir()) == stored_before
    with db.read_session() as s:
        assert len(s.exec(select(Document)).all()) == rows_before
        assert len(s.exec(select(Event)).all()) == events_before


def test_a_file_gone_between_choosing_and_copying_says_so(
        db, data_dir, case_id: int, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    """It passed the first look and vanished before the copy: "cannot be read: No such file
    or directory" read like a disk fault; it is the same "file not found" as before."""
    gone = tmp_path / "组织架构图.pdf"
    real_is_file = Path.is_file
    monkeypatch.setattr(Path, "is_file", lambda p: p == gone or real_is_file(p))
    with pytest.raises(InputError, match=r"组织架构图\.pdf: file not found .*nothing was attached"):
        attach(db, data_dir, case_id, gone)
    assert not list(data_dir.documents.glob(".incoming-*"))


def test_a_file_another_program_holds_says_to_close_it_there(
        db, data_dir, case_id: int, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    locked = tmp_path / "contract.docx"
    locked.write_bytes(b"PK word document")
    real_open = Path.open

    def refuse(p: Path, *args, **kwargs):
        if p == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(p, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError, match=r"contract\.docx: cannot be read: Permission denied; "
                                         r"nothing was attached\. If another program has it "
                                         r"open, close it there"):
        attach(db, data_dir, case_id, locked)
    assert not list(data_dir.documents.glob(".incoming-*"))


def test_open_hands_out_a_read_only_copy_under_the_files_own_name(
        db, data_dir, case_id: int, tmp_path: Path) -> None:  # noqa: F811
    """Open gave the program the stored file itself ("d66364….docx"): edited and saved
    there, the case's evidence no longer matched its SHA-256."""
    import stat

    from approvals.domain.errors import CheckFailed, PermissionDenied
    from approvals.services import documents
    from tests.unit.test_documents import PAT, RITA

    source = tmp_path / "董事会决议.docx"
    source.write_bytes(b"PK board resolution")
    info = attach(db, data_dir, case_id, source)
    with db.read_session() as s:
        copy = documents.copy_to_open(s, actor=RITA, data_dir=data_dir, document_id=info.id)
    assert copy.name == "董事会决议.docx" and copy.read_bytes() == source.read_bytes()
    # Beside the data, not in the shared temporary folder, and never the stored file.
    assert data_dir.open_copies in copy.parents and data_dir.documents not in copy.parents
    assert not copy.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert not copy.parent.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO)  # private folder

    secret = attach(db, data_dir, case_id, tmp_path / "董事会决议.docx", restricted=True)
    with db.read_session() as s, pytest.raises(PermissionDenied):
        documents.copy_to_open(s, actor=RITA, data_dir=data_dir, document_id=secret.id)

    stored = data_dir.documents / f"{info.sha256}.docx"
    stored.write_bytes(b"PK changed behind the app's back")
    with db.read_session() as s, pytest.raises(CheckFailed, match="changed after it was"):
        documents.copy_to_open(s, actor=PAT, data_dir=data_dir, document_id=info.id)


def test_copies_opened_more_than_a_day_ago_are_removed_at_start(
        tmp_path: Path, db, data_dir, case_id: int) -> None:  # noqa: F811
    """Every Open left a copy behind, for ever; a start of the app removes those older than
    a day (a newer one may still be open in its program), read-only files included."""
    import os
    from datetime import UTC, datetime, timedelta

    from approvals.paths import DataDir
    from approvals.services import documents
    from tests.unit.test_documents import RITA

    source = tmp_path / "org-chart.pdf"
    source.write_bytes(b"%PDF chart")
    info = attach(db, data_dir, case_id, source)
    with db.read_session() as s:
        old = documents.copy_to_open(s, actor=RITA, data_dir=data_dir, document_id=info.id)
        new = documents.copy_to_open(s, actor=RITA, data_dir=data_dir, document_id=info.id)
    two_days_ago = (datetime.now(UTC) - timedelta(days=2)).timestamp()
    os.utime(old.parent, (two_days_ago, two_days_ago))
    assert documents.remove_old_open_copies(data_dir) == 1
    assert not old.parent.exists() and new.exists()
    assert documents.remove_old_open_copies(
        data_dir, now=datetime.now(UTC) + timedelta(days=2)) == 1
    assert not new.parent.exists() and data_dir.open_copies.is_dir()
    empty = DataDir(tmp_path / "never-opened")
    assert documents.remove_old_open_copies(empty) == 0  # no folder yet: nothing to do
