"""Backups carry the installed rulebook updates (rulebook/: the update folders and
installed.json): a restore, here or on another computer, screens with the same rulebook
its stored screenings name; a backup made before that still restores; a damaged or
altered rulebook member is refused with nothing changed; a cut-off restore puts the
rulebook back with the rest."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed
from approvals.paths import DataDir
from approvals.services import backup, screening
from approvals.services.cases import import_case
from approvals.services.rulebook import INSTALLED_FILE, rulebook_for, rulebook_in_use
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Case, Event
from tests.unit.test_rulebook_updates import (
    AFTER,
    ROOT,
    Team,
    frontier,
    install,
    revert,
    rule_folder,
    state,
)


def _screen(db: Database, reference: str) -> tuple[str, str]:
    """Re-screen the case as of AFTER: (rulebook version, US-OISP outcome)."""
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        stored = screening.screen_case(session=s, case_id=case_id, actor=ROOT, as_of=AFTER)
    return stored.rulebook_version, stored.result.outcomes()["US-OISP"]


def _stored_versions(database: Path) -> set[str]:
    conn = sqlite3.connect(database)
    try:
        return {r[0] for r in conn.execute("SELECT rulebook_version FROM screenings")}
    finally:
        conn.close()


def _manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read(backup.MANIFEST))


def _rewrite(src: Path, dst: Path, change: Callable[[dict, dict[str, bytes]], None]) -> None:
    """A copy of the backup `src` whose manifest and members `change` edits in place."""
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist() if n != backup.MANIFEST}
        manifest = json.loads(zf.read(backup.MANIFEST))
    change(manifest, members)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr(backup.MANIFEST, json.dumps(manifest))


def _old_format(manifest: dict, members: dict[str, bytes]) -> None:
    """As the previous version wrote it: no rulebook member, no rulebook entry."""
    for name in [n for n in members if n.startswith("rulebook/")]:
        del members[name]
    manifest["members"] = [m for m in manifest["members"] if not m["path"].startswith("rulebook/")]
    manifest.pop("rulebook")
    manifest["format_version"] = backup.FORMAT_VERSION


def _folder_state(data_dir: DataDir) -> tuple:
    """Everything a refused restore must leave as it was."""
    conn = sqlite3.connect(data_dir.database)
    try:
        dump = list(conn.iterdump())
    finally:
        conn.close()
    files = sorted((p.relative_to(data_dir.root).as_posix(), p.read_bytes())
                   for p in data_dir.root.rglob("*") if p.is_file()
                   and not p.relative_to(data_dir.root).as_posix().startswith(("logs", "approvals.db")))
    return dump, files, state(data_dir)


# -- backup and restore carry the installed update --------------------------------------------
def test_an_installed_update_goes_with_the_backup_to_another_computer(
        db: Database, data_dir: DataDir, update: Path, tmp_path: Path) -> None:
    with db.session() as s:
        reference = import_case(s, data=frontier(), actor=ROOT).reference
    new = install(db, data_dir, update).after.version
    version, outcome = _screen(db, reference)
    assert version == new and outcome != "prohibited"  # the update's outcome

    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    manifest = _manifest(saved.path)
    assert manifest["format_version"] == backup.FORMAT_VERSION_RULEBOOK
    assert manifest["rulebook"] == {"readable": True, "in_use": f"the installed update {new}"}
    folder = rulebook_in_use(data_dir).update.folder
    listed = {m["path"]: m for m in manifest["members"]}
    assert f"rulebook/{INSTALLED_FILE}" in listed
    for rule_file in (data_dir.rulebook / folder).glob("*.json"):
        entry = listed[f"rulebook/{folder}/{rule_file.name}"]  # with its hash, checked on restore
        assert entry["sha256"] == hashlib.sha256(rule_file.read_bytes()).hexdigest()
    assert saved.warnings == ()
    assert backup.verify_backup(saved.path).rulebook == f"the installed update {new}"

    # Another computer: a fresh data folder, which has never seen the update.
    fresh = DataDir(tmp_path / "elsewhere").ensure()
    result = backup.restore_backup(fresh, saved.path, actor=ROOT)
    assert result.rulebook_restored and result.rulebook == f"the installed update {new}"
    assert result.rulebook_note == ""
    assert rulebook_for(fresh).version == new
    assert state(fresh)[1] == state(data_dir)[1]  # the same record, byte for byte
    assert version in _stored_versions(fresh.database)  # the version it names is here
    restored = open_database(fresh)
    try:
        assert _screen(restored, reference) == (version, outcome)  # re-screening flips nothing
        with restored.read_session() as s:
            details = json.loads(s.exec(select(Event.details)
                                        .where(Event.action == "backup.restored")).one())
        assert details["rulebook"] == f"the installed update {new}" and details["rulebook_restored"]
    finally:
        restored.dispose()


def test_restore_puts_the_backed_up_rulebook_back_and_keeps_the_replaced_one(
        db: Database, data_dir: DataDir, team: Team, update: Path, tmp_path: Path) -> None:
    shipped = rulebook_for(data_dir).version
    at_shipped = backup.create_backup(data_dir, out=tmp_path / "shipped.zip", actor=ROOT, db=db)
    assert _manifest(at_shipped.path)["format_version"] == backup.FORMAT_VERSION
    assert _manifest(at_shipped.path)["rulebook"]["in_use"] == f"the shipped rulebook {shipped}"
    first = install(db, data_dir, update).after.version
    at_first = backup.create_backup(data_dir, out=tmp_path / "first.zip", actor=ROOT, db=db)
    second_file = tmp_path / "second.zip"
    team.pack(rule_folder(tmp_path, "2026.12.2"), second_file)
    second = install(db, data_dir, second_file).after.version
    record = (data_dir.rulebook / INSTALLED_FILE).read_bytes()

    # Back to the backup made with the first update: the second one is undone...
    result = backup.restore_backup(data_dir, at_first.path, actor=ROOT, db=db)
    assert rulebook_for(data_dir).version == first
    assert rulebook_in_use(data_dir).revert_to.startswith("the shipped rulebook")
    # ...and kept with the replaced data.
    assert result.replaced is not None
    assert (result.replaced / "rulebook" / INSTALLED_FILE).read_bytes() == record
    kept = rulebook_in_use(DataDir(result.replaced))
    assert kept.version == second
    assert not any(p.name.startswith(".") for p in data_dir.root.iterdir())

    # A backup made with the shipped rulebook in use puts the shipped rulebook back.
    result = backup.restore_backup(data_dir, at_shipped.path, actor=ROOT)
    assert result.rulebook == f"the shipped rulebook {shipped}" and result.rulebook_restored
    assert rulebook_for(data_dir).version == shipped and not data_dir.rulebook.exists()
    assert rulebook_in_use(DataDir(result.replaced)).version == first


def test_automatic_backups_hold_the_rulebook(db: Database, data_dir: DataDir, update: Path) -> None:
    new = install(db, data_dir, update).after.version
    made = backup.auto_backup_if_due(data_dir, db, now=datetime(2026, 12, 1, 9, tzinfo=UTC))
    assert made is not None
    assert any(m["path"].startswith("rulebook/") for m in _manifest(made)["members"])
    assert backup.verify_backup(made).rulebook == f"the installed update {new}"


def test_an_install_during_the_backup_is_not_half_in_it(db, data_dir, update, tmp_path,
                                                        monkeypatch) -> None:
    """The record changes while the database is copied: the backup copies both again, so
    the record it holds belongs with the trail it holds."""
    copy = backup._copy_database
    calls: list[int] = []

    def copy_while_installing(data_dir_: DataDir, snapshot: Path) -> None:
        copy(data_dir_, snapshot)
        if not calls:
            install(db, data_dir, update)  # commits after the copy, before the re-read
        calls.append(1)

    monkeypatch.setattr(backup, "_copy_database", copy_while_installing)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip")
    assert len(calls) == 2
    fresh = DataDir(tmp_path / "fresh").ensure()
    backup.restore_backup(fresh, saved.path, actor=ROOT)
    assert rulebook_for(fresh).version == rulebook_for(data_dir).version != rulebook_for(None).version
    conn = sqlite3.connect(fresh.database)
    try:
        assert conn.execute("SELECT count(*) FROM events WHERE action = 'rulebook.installed'"
                            ).fetchone() == (1,)
    finally:
        conn.close()


# -- a backup made before backups held the rulebook ----------------------------------------------
def test_an_old_backup_restores_and_keeps_the_rulebook_in_use(db, data_dir, update, tmp_path) -> None:
    with db.session() as s:
        reference = import_case(s, data=frontier(), actor=ROOT).reference
    made = backup.create_backup(data_dir, out=tmp_path / "new.zip", actor=ROOT, db=db)
    old = tmp_path / "old.zip"
    _rewrite(made.path, old, _old_format)
    assert backup.verify_backup(old).rulebook is None
    new = install(db, data_dir, update).after.version
    record = (data_dir.rulebook / INSTALLED_FILE).read_bytes()

    result = backup.restore_backup(data_dir, old, actor=ROOT, db=db)
    assert not result.rulebook_restored and result.rulebook == f"the installed update {new}"
    # Its trail has no rulebook change: nothing to say.
    assert result.rulebook_note == ""
    assert (data_dir.rulebook / INSTALLED_FILE).read_bytes() == record
    assert not (result.replaced / "rulebook").exists()  # nothing of it was replaced
    reopened = open_database(data_dir)
    try:
        assert _screen(reopened, reference)[0] == new
    finally:
        reopened.dispose()


def test_an_old_backup_on_another_computer_says_which_update_to_install_again(
        db, data_dir, update, tmp_path) -> None:
    new = install(db, data_dir, update).after.version
    made = backup.create_backup(data_dir, out=tmp_path / "new.zip", actor=ROOT, db=db)
    old = tmp_path / "old.zip"
    _rewrite(made.path, old, _old_format)
    fresh = DataDir(tmp_path / "elsewhere").ensure()
    result = backup.restore_backup(fresh, old, actor=ROOT)
    shipped = rulebook_for(None).version
    assert rulebook_for(fresh).version == shipped and not result.rulebook_restored
    assert f"kept ({shipped})" in result.rulebook_note
    assert f"put {new} in use" in result.rulebook_note
    # The app's menu item (the command line's words: test_words22b_*).
    assert "View → Rulebook → Install update…" in result.rulebook_note


# -- a damaged or altered rulebook member is refused, nothing changes --------------------------
def _flip_rule_file(manifest: dict, members: dict[str, bytes]) -> None:
    name = next(n for n in members if n.startswith("rulebook/") and n.endswith("us-oisp.json"))
    members[name] = members[name].replace(b'"MO"', b'"CN"')  # the hash no longer matches


def _altered_with_its_hash(manifest: dict, members: dict[str, bytes]) -> None:
    """Someone edits a rule file and recomputes the manifest's hash (backups are not signed)."""
    _flip_rule_file(manifest, members)
    for entry in manifest["members"]:
        if entry["path"] in members:
            data = members[entry["path"]]
            entry["sha256"], entry["size"] = hashlib.sha256(data).hexdigest(), len(data)


def _broken_record(manifest: dict, members: dict[str, bytes]) -> None:
    members["rulebook/installed.json"] = b"{not json"
    for entry in manifest["members"]:
        if entry["path"] == "rulebook/installed.json":
            entry["sha256"] = hashlib.sha256(b"{not json").hexdigest()
            entry["size"] = len(b"{not json")


def _record_without_folder(manifest: dict, members: dict[str, bytes]) -> None:
    gone = [n for n in members if n.startswith("rulebook/") and n.count("/") == 2]
    for name in gone:
        del members[name]
    manifest["members"] = [m for m in manifest["members"] if m["path"] not in gone]


def _unlisted_kind(manifest: dict, members: dict[str, bytes]) -> None:
    members["rulebook/x/deeper/file.json"] = b"{}"
    manifest["members"].append({"path": "rulebook/x/deeper/file.json", "size": 2,
                                "sha256": hashlib.sha256(b"{}").hexdigest()})


def _rulebook_without_its_entry(manifest: dict, members: dict[str, bytes]) -> None:
    manifest.pop("rulebook")


@pytest.mark.parametrize(("tamper", "message"), [
    (_flip_rule_file, r"member rulebook/.*/us-oisp\.json"),
    (_altered_with_its_hash, r"does not match its rule files .*the backup is damaged"),
    (_broken_record, r"record of the installed rulebook updates \(rulebook/installed\.json\) "
                     r"cannot be read"),
    (_record_without_folder, r"update 2026\.12\.1\+\w+ \(rulebook/[^)]+\) does not load"),
    (_unlisted_kind, r"member 'rulebook/x/deeper/file\.json' has an unsafe name"),
    (_rulebook_without_its_entry, r"member rulebook/\S+ is not part of a backup of this format"),
])
def test_a_damaged_rulebook_member_is_refused_and_nothing_changes(
        db, data_dir, team, update, tmp_path, tamper, message) -> None:
    install(db, data_dir, update)
    made = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    bad = tmp_path / "bad.zip"
    _rewrite(made.path, bad, tamper)
    # Afterwards a newer update is in use: a restore would change it.
    second = tmp_path / "second.zip"
    team.pack(rule_folder(tmp_path, "2026.12.2"), second)
    install(db, data_dir, second)
    before = _folder_state(data_dir)

    with pytest.raises(CheckFailed, match=message):
        backup.verify_backup(bad)
    with pytest.raises(CheckFailed, match=message):
        backup.restore_backup(data_dir, bad, actor=ROOT, db=db)
    assert _folder_state(data_dir) == before
    assert not any(p.name.startswith(".") for p in data_dir.root.iterdir())
    assert [p.name for p in data_dir.backups.iterdir()] == []  # no replaced-… copy either


def test_a_rulebook_backed_up_unreadable_is_restored_as_it_was(db, data_dir, update,
                                                               tmp_path) -> None:
    """A broken record in the data folder is backed up with a warning, and that backup
    still restores (its database and documents matter more); the app then offers the revert."""
    install(db, data_dir, update)
    (data_dir.rulebook / INSTALLED_FILE).write_text("{broken", encoding="utf-8")
    made = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    assert any("cannot be read" in w and "backed up as it is" in w for w in made.warnings)
    assert _manifest(made.path)["rulebook"]["readable"] is False
    fresh = DataDir(tmp_path / "fresh").ensure()
    backup.restore_backup(fresh, made.path, actor=ROOT)
    assert (fresh.rulebook / INSTALLED_FILE).read_text(encoding="utf-8") == "{broken"
    with pytest.raises(CheckFailed, match="installed rulebook updates"):
        rulebook_for(fresh)


# -- a cut-off restore puts the rulebook back with the rest --------------------------------------
def _cut_after_the_rulebook_swap(data_dir: DataDir, file: Path) -> Path:
    """A power cut after documents/ and rulebook/ were swapped in, before the database."""
    staging = data_dir.root / ".restore-cut"
    backup.verify_backup(file, into=staging)
    old_docs = data_dir.root / ".documents-old-.restore-cut"
    old_rulebook = data_dir.root / ".rulebook-old-.restore-cut"
    data_dir.documents.rename(old_docs)
    (staging / "documents").mkdir(exist_ok=True)  # as _swap makes it for a backup without any
    (staging / "documents").rename(data_dir.documents)
    data_dir.rulebook.rename(old_rulebook)
    (staging / "rulebook").rename(data_dir.rulebook)
    (data_dir.root / backup.MARKER).write_text(json.dumps(
        {"staging": staging.name, "old_documents": old_docs.name,
         "old_rulebook": old_rulebook.name}))
    return staging


def test_an_interrupted_restore_rolls_the_rulebook_back(db, data_dir, team, update, tmp_path) -> None:
    install(db, data_dir, update)
    file = backup.create_backup(data_dir, out=tmp_path / "b.zip").path
    second = tmp_path / "second.zip"
    team.pack(rule_folder(tmp_path, "2026.12.2"), second)
    install(db, data_dir, second)
    before = state(data_dir)
    db.dispose()
    _cut_after_the_rulebook_swap(data_dir, file)
    assert backup.finish_interrupted_restore(data_dir) == "rolled back"
    assert state(data_dir) == before
    assert not any(p.name.startswith(".") for p in data_dir.root.iterdir())


def test_an_interrupted_restore_past_the_swap_keeps_the_backed_up_rulebook(
        db, data_dir, team, update, tmp_path) -> None:
    first = install(db, data_dir, update).after.version
    file = backup.create_backup(data_dir, out=tmp_path / "b.zip").path
    second = tmp_path / "second.zip"
    team.pack(rule_folder(tmp_path, "2026.12.2"), second)
    install(db, data_dir, second)
    db.dispose()
    staging = _cut_after_the_rulebook_swap(data_dir, file)
    (staging / "approvals.db").replace(data_dir.database)  # the commit point was reached
    assert backup.finish_interrupted_restore(data_dir) == "completed"
    assert rulebook_for(data_dir).version == first
    assert not any(p.name.startswith(".") for p in data_dir.root.iterdir())


def test_a_failed_swap_puts_the_rulebook_back(db, data_dir, team, update, tmp_path,
                                              monkeypatch) -> None:
    install(db, data_dir, update)
    file = backup.create_backup(data_dir, out=tmp_path / "b.zip").path
    second = tmp_path / "second.zip"
    team.pack(rule_folder(tmp_path, "2026.12.2"), second)
    install(db, data_dir, second)
    before = state(data_dir)
    real = backup.os.replace

    def refuse_the_database(src, dst):
        if Path(dst) == data_dir.database:
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(backup.os, "replace", refuse_the_database)
    with pytest.raises(CheckFailed, match="was not restored"):
        backup.restore_backup(data_dir, file, actor=ROOT, db=db)
    monkeypatch.undo()
    assert state(data_dir) == before
    assert not (data_dir.root / backup.MARKER).exists()
    assert not any(p.name.startswith(".") for p in data_dir.root.iterdir())


def test_reverting_after_a_restore_works_on_the_restored_record(db, data_dir, update,
                                                                tmp_path) -> None:
    install(db, data_dir, update)
    made = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    fresh = DataDir(tmp_path / "fresh").ensure()
    backup.restore_backup(fresh, made.path, actor=ROOT)
    restored = open_database(fresh)
    try:
        back = revert(restored, fresh)
    finally:
        restored.dispose()
    assert back.after.source == "shipped" and rulebook_for(fresh).version == rulebook_for(None).version
