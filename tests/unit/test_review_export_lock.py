"""Exporting a review pack does not hold the database's write lock while it reads and
hashes the documents: another session saves a case meanwhile, and the pack still holds
one consistent snapshot (the versions in its manifest are those of its content). Opening
or importing one checks it outside the lock too. A pack (or an opened one) whose audit
record does not commit is removed again."""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed
from approvals.domain.facts import parse_facts
from approvals.exchange.pack import PackRefused
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store import files
from approvals.store.db import Database
from approvals.store.models import Case, Event
from tests.conftest import EXAMPLES_DIR, new_database
from tests.review_support import PAT, ROOT
from tests.storage_support import patterned_bytes

NEW_NAME = "Renamed While Exporting Ltd"


@pytest.fixture
def case(tmp_path: Path, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch):
    """A case with a 400 kB document; small chunks, so the export reports many times."""
    monkeypatch.setattr(files, "CHUNK", 4096)
    with db.session() as s:
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        created = import_case(s, data=data, actor=ROOT)
    source = tmp_path / "data-room.bin"
    source.write_bytes(patterned_bytes(400_000, 251))
    with db.session() as s:
        doc = attach_document(s, actor=ROOT, data_dir=data_dir, case_id=created.id, source=source)
    return created.reference, created.id, doc


def _save_a_change(db: Database, case_id: int) -> int:
    """What another user's save does: new facts, version + 1, audit events."""
    with db.session() as s:
        row = s.get(Case, case_id)
        assert row is not None
        facts = json.loads(row.facts)
        facts["target"]["name_en"] = NEW_NAME
        return update_case_facts(session=s, case_id=case_id, expected_version=row.version,
                                 new_facts=parse_facts(facts), actor=ROOT).version


def _save_midway(db, case_id: int, work: str):
    """A progress callback that, once `work` is under way, has another session save the
    case and waits for it (a save stuck behind a write lock fails the test); and the list
    the saved version is put in."""
    saved: list[int] = []
    saver = threading.Thread(target=lambda: saved.append(_save_a_change(db, case_id)))

    def gate(fraction: float, _message: str) -> None:
        if 0.3 < fraction < 1.0 and not saver.is_alive() and not saved:
            saver.start()
            saver.join(timeout=5)
            assert saved, f"the save waited for {work}'s write lock"

    return gate, saved


def _pack_json(pack: Path, member: str):
    with zipfile.ZipFile(pack) as zf:
        return json.loads(zf.read(member))


def test_another_session_saves_a_case_while_an_export_is_writing(case, data_dir, db, tmp_path):
    reference, case_id, _doc = case
    with db.read_session() as s:
        version_before = s.get(Case, case_id).version
    # Halfway through copying the document in, another session saves the case, and the
    # export waits for it: with the write lock held, the save could not finish.
    gate, saved = _save_midway(db, case_id, "the export")

    out = tmp_path / "review.zip"
    with db.session() as s:
        result = review.export_review_pack(s, data_dir=data_dir, references=[reference],
                                           out=out, actor=PAT, progress=gate)
    assert saved == [version_before + 1]

    # The pack is the snapshot taken before the save: manifest, case.json and events.json
    # agree with each other, and the audit record names the version that was exported.
    manifest = _pack_json(out, "manifest.json")
    folder = manifest["cases"][0]["folder"]
    exported = _pack_json(out, f"{folder}/case.json")
    events = _pack_json(out, f"{folder}/events.json")
    assert manifest["cases"][0]["version"] == exported["version"] == version_before
    assert exported["facts"]["target"]["name_en"] != NEW_NAME
    assert manifest["cases"][0]["last_event_id"] == events[-1]["id"]
    with db.read_session() as s:
        record = s.exec(select(Event).where(Event.action == "review.exported")).one()
        details = json.loads(record.details)
        newer = s.exec(select(Event).where(Event.case_id == case_id,
                                           Event.id > events[-1]["id"],
                                           Event.action != "review.exported")).all()
        assert s.get(Case, case_id).version == version_before + 1
    assert details["version"] == version_before and details["pack_id"] == result.pack_id
    assert details["facts"] == exported["facts"]
    assert newer  # the save's own events, after the snapshot and so not in the pack


def test_a_pack_whose_audit_record_does_not_commit_is_removed(case, data_dir, db, tmp_path):
    reference, _case_id, _doc = case
    out = tmp_path / "review.zip"
    with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[reference], out=out,
                                  actor=PAT)
        assert not out.exists()  # written beside it; put in place by the commit
        # A row whose foreign key is checked only at COMMIT: the commit itself fails.
        s.connection().exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        s.connection().exec_driver_sql(
            "INSERT INTO comments (uid, case_id, author, body, created_at, origin) "
            "VALUES ('x', 999999, 'x', 'x', '2026-01-01', 'local')")
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if "review.zip" in p.name]  # no part left
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "review.exported")).all() == []


def test_a_document_changed_in_the_data_folder_is_not_exported(case, data_dir, db, tmp_path):
    """Same size, one byte different: the size check passes, the hash does not."""
    reference, _case_id, doc = case
    stored = data_dir.documents / (doc.sha256 + ".bin")
    raw = bytearray(stored.read_bytes())
    raw[1000] ^= 0x01
    stored.write_bytes(bytes(raw))
    out = tmp_path / "review.zip"
    with pytest.raises(CheckFailed, match="does not match its recorded SHA-256"), db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[reference], out=out,
                                  actor=PAT)
    assert list(tmp_path.glob("review.zip*")) == []
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "review.exported")).all() == []


def test_an_export_in_a_unit_of_work_under_way_sees_its_own_changes(data_dir, db, tmp_path):
    """A case created in the same unit of work (not yet committed) is exported too."""
    out = tmp_path / "review.zip"
    with db.session() as s:
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=data, actor=ROOT).reference
        result = review.export_review_pack(s, data_dir=data_dir, references=[reference],
                                           out=out, actor=PAT)
    assert result.references == (reference,) and out.is_file()


# ---------------------------------------------------------------------------------------
# Opening or importing a pack checks it outside the write lock too


@pytest.fixture
def on_b(case, data_dir, db, tmp_path):
    """A's pack (with the 400 kB document) and installation B, which trusts A and has a
    case of its own to save."""
    reference, _case_id, _doc = case
    pack = tmp_path / "review.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[reference], out=pack,
                                  actor=PAT)
    b_dir = DataDir(tmp_path / "B").ensure()
    b_db = new_database(b_dir)
    with b_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(data_dir).public_key_text,
                         label="A", actor=ROOT)
        data = json.loads((EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8"))
        b_case = import_case(s, data=data, actor=ROOT).id
    yield pack, b_dir, b_db, b_case
    b_db.dispose()


@pytest.mark.parametrize("how", ["open", "import"])
def test_another_session_saves_while_a_pack_is_checked(on_b, how):
    pack, b_dir, b_db, b_case = on_b
    gate, saved = _save_midway(b_db, b_case, "the pack check")

    service = review.open_review_pack if how == "open" else review.import_pack
    with b_db.session() as s:
        service(s, data_dir=b_dir, path=pack, actor=ROOT, progress=gate)
    assert saved and len(review.list_open_reviews(b_dir)) == 1


def test_a_key_untrusted_while_the_pack_is_checked_refuses_it(on_b, data_dir):
    pack, b_dir, b_db, _b_case = on_b
    fingerprint = review.installation_identity(data_dir).fingerprint
    untrusted: list[bool] = []

    def gate(fraction: float, _message: str) -> None:
        if 0.3 < fraction < 1.0 and not untrusted:
            with b_db.session() as other:  # another user, meanwhile
                review.untrust_key(other, fingerprint=fingerprint, actor=ROOT)
            untrusted.append(True)

    with pytest.raises(PackRefused, match="stopped being trusted"), b_db.session() as s:
        review.open_review_pack(s, data_dir=b_dir, path=pack, actor=ROOT, progress=gate)
    assert untrusted and review.list_open_reviews(b_dir) == []
    assert not any(p.name.startswith(".incoming-") for p in b_dir.root.iterdir())
    with b_db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "review.opened")).all() == []


def test_an_opened_pack_whose_record_does_not_commit_is_removed(on_b):
    pack, b_dir, b_db, _b_case = on_b
    with pytest.raises(Exception, match="FOREIGN KEY"), b_db.session() as s:
        review.open_review_pack(s, data_dir=b_dir, path=pack, actor=ROOT)
        assert len(review.list_open_reviews(b_dir)) == 1
        s.connection().exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        s.connection().exec_driver_sql(
            "INSERT INTO comments (uid, case_id, author, body, created_at, origin) "
            "VALUES ('x', 999999, 'x', 'x', '2026-01-01', 'local')")
    assert review.list_open_reviews(b_dir) == []
    with b_db.session() as s:  # and it opens afresh, not "already open"
        assert not review.open_review_pack(s, data_dir=b_dir, path=pack, actor=ROOT).already_open
