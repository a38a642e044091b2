"""The audit anchor: a trail cut at its end (or emptied) is caught, the anchor file cannot
be edited unseen, it follows the true head with two processes writing, and a restore or
an upgraded database starts it anew."""

from __future__ import annotations

import base64
import contextlib
import json
import sqlite3
import subprocess
import sys
import threading

import pytest
from sqlmodel import select

from approvals.domain.audit import Anchor, anchor_payload
from approvals.paths import ANCHOR_FILE, DataDir
from approvals.services import backup
from approvals.services.audit import verify
from approvals.store import anchor
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.keys import load_or_create_identity
from approvals.store.migrate import open_database
from approvals.store.models import Event, Setting
from tests.cli.helpers import run_many

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))


def _append(db: Database, n: int = 1, actor: Actor = ROOT) -> None:
    for i in range(n):
        with db.session() as s:
            append_event(s, actor=actor, action="note.added", entity="note", entity_id=i,
                         new={"n": i})


def _sql(data_dir: DataDir, sql: str) -> None:
    conn = sqlite3.connect(data_dir.database)
    try:
        conn.executescript(sql)
        conn.commit()
    finally:
        conn.close()


def _head(data_dir: DataDir) -> tuple[int, str]:
    conn = sqlite3.connect(data_dir.database)
    try:
        row = conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return int(row[0]), str(row[1])


def _file(data_dir: DataDir) -> dict:
    return json.loads(anchor.anchor_path(data_dir).read_text(encoding="utf-8"))


def _verify(db: Database):
    with db.read_session() as s:
        return verify(s)


def _cli(data_dir: DataDir) -> subprocess.CompletedProcess[str]:
    """`approvals audit verify` in a process forked by run_many (tests/cli/helpers.py);
    tests/cli/test_audit_cli.py runs it in a process of its own."""
    [result] = run_many(("audit", "verify", "--data-dir", data_dir.root))
    return subprocess.CompletedProcess([], result.code, result.stdout, result.stderr)


def test_every_committed_append_moves_the_signed_anchor_to_the_head(db, data_dir) -> None:
    _append(db, 3)
    recorded = _file(data_dir)
    assert (recorded["event_id"], recorded["hash"]) == _head(data_dir) == (3, recorded["hash"])
    identity = load_or_create_identity(data_dir.keys)
    assert recorded["key"] == identity.fingerprint
    report = _verify(db)
    assert report.ok and report.events_checked == 3 and not report.cut
    assert "the head #3 matches the anchor" in report.anchor
    with db.read_session() as s:
        started = json.loads(s.get(Setting, anchor.SETTING_STARTED).value)
    assert started["event_id"] == 1  # anchoring began with the first event


def test_a_write_that_rolls_back_leaves_the_anchor(db, data_dir) -> None:
    _append(db, 2)
    before = anchor.anchor_path(data_dir).read_bytes()
    with pytest.raises(RuntimeError), db.session() as s:
        append_event(s, actor=ROOT, action="note.added", entity="note")
        raise RuntimeError("the unit of work fails after the insert was flushed")
    assert anchor.anchor_path(data_dir).read_bytes() == before
    assert _verify(db).ok


def test_deleting_the_last_events_is_caught_and_named(db, data_dir) -> None:
    _append(db, 6)
    head_hash = _head(data_dir)[1]
    _sql(data_dir, "DELETE FROM events WHERE id > 4")
    report = _verify(db)
    assert not report.ok and report.cut and not report.rewritten
    assert report.first_bad_event == 5
    assert "(the 4 events there link up with each other)" in report.summary, report.summary
    assert report.message.startswith("events after #4 are missing: the anchor recorded #6 "
                                     f"with hash {head_hash[:12]}… at ")
    result = _cli(data_dir)
    assert result.returncode == 1 and "Audit trail" not in result.stdout  # passing checks only
    assert "events after #4 are missing" in result.stderr and "#6" in result.stderr
    assert "Traceback" not in result.stderr


def test_deleting_every_event_is_caught(db, data_dir) -> None:
    _append(db, 3)
    _sql(data_dir, "DELETE FROM events")
    report = _verify(db)
    assert not report.ok and report.cut and report.first_bad_event == 1
    assert report.message.startswith("all events are missing: the anchor recorded #3")


def test_a_cut_trail_written_on_keeps_the_evidence(db, data_dir) -> None:
    """New events after a cut neither move the anchor back nor past the rewritten events."""
    _append(db, 5)
    recorded = _file(data_dir)
    _sql(data_dir, "DELETE FROM events WHERE id > 2")
    _append(db, 1)  # #3 again, but another event
    assert _file(data_dir) == recorded  # not moved back to #3
    assert "events after #3 are missing" in _verify(db).message
    _append(db, 4)  # now up to #7: the event at #5 is not the one recorded
    assert _file(data_dir) == recorded
    report = _verify(db)
    assert not report.ok and report.first_bad_event == 5
    assert "event #5 is not the event the anchor recorded" in report.message
    # They link up because they were written anew: not said to be intact.
    assert report.rewritten and "intact" not in report.summary, report.summary
    assert report.summary.startswith("audit trail rewritten: event #5 is not the event the "
                                     "anchor recorded"), report.summary
    assert "(the trail was written anew from this event or one before it)" in report.summary


@pytest.mark.parametrize("edit, words", [
    (lambda d: {**d, "event_id": d["event_id"] - 2}, "signature does not match"),
    (lambda d: {**d, "hash": "0" * 64}, "signature does not match"),
    (lambda d: {**d, "recorded_at": "2020-01-01T00:00:00Z"}, "signature does not match"),
    (lambda d: {k: v for k, v in d.items() if k != "signature"}, "damaged or altered"),
])
def test_an_edited_anchor_file_is_caught(db, data_dir, edit, words) -> None:
    _append(db, 4)
    _sql(data_dir, "DELETE FROM events WHERE id > 2")  # and the file edited to match
    path = anchor.anchor_path(data_dir)
    path.write_text(json.dumps(edit(_file(data_dir))), encoding="utf-8")
    report = _verify(db)
    assert not report.ok and report.cut and words in report.message
    # The anchor file is what is wrong: no event is known to be missing from the trail.
    assert report.summary.startswith("audit anchor broken: "), report.summary
    _append(db, 1)
    assert words in _verify(db).message  # a later write does not paper over it


def test_an_anchor_signed_with_another_key_is_caught(db, data_dir, tmp_path) -> None:
    _append(db, 4)
    _sql(data_dir, "DELETE FROM events WHERE id > 2")
    forger = load_or_create_identity(tmp_path / "forger-keys")
    forged = Anchor(2, _head(data_dir)[1], "2026-01-01T00:00:00Z")
    document = {"format": "approvals-audit-anchor", "version": 1, **forged.as_dict(),
                "key": forger.fingerprint, "signature": base64.b64encode(
                    forger.sign(anchor_payload(forged, forger.fingerprint))).decode()}
    anchor.anchor_path(data_dir).write_text(json.dumps(document), encoding="utf-8")
    report = _verify(db)
    assert not report.ok and "signed with another key" in report.message


def test_a_key_file_replaced_on_disk_is_the_key_read_next(db, data_dir, tmp_path) -> None:
    """The key is parsed once per content, not once per path: another key put in its place
    is the one the next read returns, and the anchor signed by the first is said to be."""
    from approvals.paths import PRIVATE_KEY_FILE

    _append(db, 2)
    signed_by = load_or_create_identity(data_dir.keys).fingerprint
    other = load_or_create_identity(tmp_path / "other-keys")
    (data_dir.keys / PRIVATE_KEY_FILE).write_bytes(
        (tmp_path / "other-keys" / PRIVATE_KEY_FILE).read_bytes())
    assert load_or_create_identity(data_dir.keys).fingerprint == other.fingerprint != signed_by
    report = _verify(db)
    assert not report.ok and "signed with another key" in report.message


def test_an_anchor_this_process_wrote_with_its_signature_changed_is_caught(db, data_dir) -> None:
    """The anchor a process has just signed is known good only byte for byte: a signature
    changed in the file (all else as written) is verified, and fails."""
    _append(db, 3)
    document = _file(data_dir)
    signature = bytearray(base64.b64decode(document["signature"]))
    signature[0] ^= 0x01
    document["signature"] = base64.b64encode(bytes(signature)).decode("ascii")
    anchor.anchor_path(data_dir).write_text(json.dumps(document), encoding="utf-8")
    report = _verify(db)
    assert not report.ok and "signature does not match" in report.message


def test_garbage_in_the_anchor_file_is_caught(db, data_dir) -> None:
    _append(db, 2)
    anchor.anchor_path(data_dir).write_bytes(b"\x00not json")
    report = _verify(db)
    assert not report.ok and "cannot be read" in report.message


def test_a_deleted_anchor_is_caught_once_anchoring_began(db, data_dir) -> None:
    _append(db, 3)
    anchor.anchor_path(data_dir).unlink()
    report = _verify(db)
    assert not report.ok and report.cut
    assert "audit-anchor.json is missing" in report.message and "#1" in report.message
    _append(db, 1)
    assert not anchor.anchor_path(data_dir).exists()  # not quietly written anew
    assert "is missing" in _verify(db).message


def test_an_upgraded_database_without_an_anchor_passes_and_gets_one(db, data_dir) -> None:
    """A database from before anchoring: events, no anchor file, no setting, no record
    beside the key."""
    _append(db, 4)
    anchor.anchor_path(data_dir).unlink()
    _sql(data_dir, f"DELETE FROM settings WHERE key = '{anchor.SETTING_STARTED}'")
    (data_dir.keys / anchor.STARTED_FILE).unlink()
    result = _cli(data_dir)
    assert result.returncode == 0, result.stderr
    assert "Audit trail intact: 4 events checked." in result.stdout
    assert "no anchor yet (a database from an earlier version): anchored the head #4 now" \
        in result.stdout
    assert _file(data_dir)["event_id"] == 4
    again = _verify(db)
    assert again.ok and "matches" in again.anchor


def test_deleting_the_anchor_and_the_database_s_record_is_still_caught(db, data_dir) -> None:
    # Both deleted, the trail read as one from before anchoring and verify anchored
    # whatever it held (a rewritten trail included): the record beside the key remains.
    _append(db, 3)
    assert (data_dir.keys / anchor.STARTED_FILE).is_file()
    anchor.anchor_path(data_dir).unlink()
    _sql(data_dir, f"DELETE FROM settings WHERE key = '{anchor.SETTING_STARTED}'")
    result = _cli(data_dir)
    assert result.returncode == 1, result.stdout
    assert "audit-anchor.json is missing" in result.stderr + result.stdout
    assert not anchor.anchor_path(data_dir).exists()  # nothing anchored over it


def test_a_database_with_no_events_needs_no_anchor(db, data_dir) -> None:
    report = _verify(db)
    assert report.ok and report.events_checked == 0 and report.anchor.startswith("no events")
    assert not anchor.anchor_path(data_dir).exists()


def test_an_anchor_one_write_behind_still_verifies(db, data_dir, monkeypatch) -> None:
    """A crash between commit and anchor write leaves it behind, never ahead."""
    _append(db, 2)

    def crash(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(anchor, "_write_anchor", crash)
    _append(db, 1)  # committed; the anchor write failed and was logged
    monkeypatch.undo()
    assert _file(data_dir)["event_id"] == 2
    report = _verify(db)
    assert report.ok and "recorded #2" in report.anchor
    # Said as what it is, not "covered by the chain": so would events written outside.
    assert "the event after it rests on the hash chain alone until the next save " \
        "anchors it" in report.anchor
    _append(db, 1)
    assert _file(data_dir)["event_id"] == 4


def test_restoring_a_backup_resets_the_anchor_and_records_it(db, data_dir, tmp_path) -> None:
    _append(db, 3)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    _append(db, 5)
    before = _file(data_dir)
    result = backup.restore_backup(data_dir, saved.path, actor=ROOT, db=db)
    assert result.replaced is not None
    assert json.loads((result.replaced / ANCHOR_FILE).read_text()) == before
    restored = open_database(data_dir)
    try:
        report = _verify(restored)
        assert report.ok, report.message
        assert _file(data_dir)["event_id"] == _head(data_dir)[0] == report.events_checked
        with restored.read_session() as s:
            details = s.exec(select(Event.details).where(Event.action == "backup.restored")).one()
        replaced = json.loads(details)["anchor_before"]
        assert replaced == {k: before[k] for k in ("event_id", "hash", "recorded_at")}
    finally:
        restored.dispose()



class _PowerCut(BaseException):
    """The process stops here (not an error the restore could clean up after)."""


@pytest.mark.parametrize("cut", ["before the record", "after the record"])
def test_a_restore_cut_off_after_the_swap_is_recorded_at_the_next_start(
        db, data_dir, tmp_path, monkeypatch, cut: str) -> None:
    """The database was swapped in, then the power went: before the restore was recorded
    (the anchor still names the replaced trail's head), or after it was recorded but
    before the marker went. The next start records it exactly once and resets the anchor,
    so verify does not report the restored trail as cut."""
    _append(db, 3)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    _append(db, 5)
    real = backup._record_restore

    def power_cut(data_dir_, restore_id, **kwargs):
        if cut == "after the record":
            restored = open_database(data_dir_)
            try:
                with restored.session() as s:  # recorded, anchor reset pending
                    append_event(s, actor=ROOT, action="backup.restored", entity="backup",
                                 details={"restore_id": restore_id})
            finally:
                restored.dispose()
        raise _PowerCut

    monkeypatch.setattr(backup, "_record_restore", power_cut)
    with pytest.raises(_PowerCut):
        backup.restore_backup(data_dir, saved.path, actor=ROOT, db=db)
    assert (data_dir.root / backup.MARKER).exists()
    monkeypatch.setattr(backup, "_record_restore", real)
    assert backup.finish_interrupted_restore(data_dir) == "completed"
    assert not (data_dir.root / backup.MARKER).exists()
    restored = open_database(data_dir)
    try:
        report = _verify(restored)
        assert report.ok, report.message
        assert _file(data_dir)["event_id"] == _head(data_dir)[0]
        with restored.read_session() as s:
            records = s.exec(select(Event.actor, Event.details)
                             .where(Event.action == "backup.restored")).all()
        assert len(records) == 1
        if cut == "before the record":
            assert records[0][0] == "system"
            assert json.loads(records[0][1])["interrupted"] is True
    finally:
        restored.dispose()
    assert backup.finish_interrupted_restore(data_dir) is None  # nothing left to do


WRITER = """
import sys
from pathlib import Path
from approvals.paths import DataDir
from approvals.store.audit import Actor, append_event
from approvals.store.migrate import open_database
db = open_database(DataDir(Path(sys.argv[1])))
actor = Actor(sys.argv[2], ('preparer',))
for i in range(int(sys.argv[3])):
    with db.session() as s:
        append_event(s, actor=actor, action='note.added', entity='note', entity_id=i)
db.dispose()
"""


def test_two_processes_appending_leave_the_anchor_at_the_true_head(db, data_dir) -> None:
    _append(db, 1)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir.root), who, "40"])
             for who in ("ann", "ben")]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    assert _head(data_dir)[0] == 81
    recorded = _file(data_dir)
    assert (recorded["event_id"], recorded["hash"]) == _head(data_dir)
    assert _verify(db).ok


def test_two_sessions_in_threads_never_move_the_anchor_back(db, data_dir) -> None:
    """Two engines on one file (as two processes have), with the anchor watched meanwhile."""
    other = open_database(data_dir)
    seen: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            with contextlib.suppress(FileNotFoundError):
                seen.append(_file(data_dir)["event_id"])

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        writers = [threading.Thread(target=_append, args=(d, 25, Actor(n, ("preparer",))))
                   for d, n in ((db, "ann"), (other, "ben"))]
        for t in writers:
            t.start()
        for t in writers:
            t.join()
    finally:
        stop.set()
        watcher.join()
        other.dispose()
    assert seen == sorted(seen) and seen
    assert _file(data_dir)["event_id"] == _head(data_dir)[0] == 50
    assert _verify(db).ok
