"""`approvals backup` / `approvals restore` with an installed rulebook update, through the
real entry point: the restore on another computer shows and screens with the same
rulebook; a backup made before backups held the rulebook still restores (and says which
update to install again); a tampered rulebook member is refused with nothing changed."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from tests.cli.helpers import run_many
from tests.cli.test_rulebook_updates_cli import FACTS, _flip, _oisp, _rule_folder


def _dump(database: Path) -> list[str]:
    conn = sqlite3.connect(database)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _old_format(src: Path, dst: Path) -> None:
    """The backup as the previous version wrote it: no rulebook member or entry."""
    with zipfile.ZipFile(src) as zf:
        manifest = json.loads(zf.read("backup-manifest.json"))
        members = {n: zf.read(n) for n in zf.namelist()
                   if n != "backup-manifest.json" and not n.startswith("rulebook/")}
    manifest.pop("rulebook")
    manifest["format_version"] = 1
    manifest["members"] = [m for m in manifest["members"] if m["path"] in members]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr("backup-manifest.json", json.dumps(manifest))


def test_backup_restore_carries_the_installed_rulebook(tmp_path: Path) -> None:
    officer, elsewhere, older = tmp_path / "officer", tmp_path / "elsewhere", tmp_path / "older"
    update, saved = tmp_path / "rulebook-2026.12.1.zip", tmp_path / "backup.zip"
    screen = ("screen", FACTS, "--as-of", "2031-06-01", "--json", "--data-dir")
    # An installation trusts its own key: the officer's folder signs and installs here.
    (_shown, packed, installed, screened, made, checked, restored, shown, rescreened) = run_many(
        ("rulebook", "show", "--json", "--data-dir", officer),
        ("rulebook", "pack", _rule_folder(tmp_path), "--out", update, "--data-dir", officer),
        ("rulebook", "install", update, "--json", "--data-dir", officer),
        (*screen, officer),
        ("backup", "--out", saved, "--data-dir", officer),
        ("restore", saved, "--check", "--data-dir", officer),
        ("restore", saved, "--json", "--data-dir", elsewhere),
        ("rulebook", "show", "--json", "--data-dir", elsewhere),
        (*screen, elsewhere),
    )
    assert packed.code == 0 and installed.code == 0, packed.stderr + installed.stderr
    version = installed.json()["after"]["version"]
    assert screened.json()["rulebook"] == version and _oisp(screened) != "prohibited"
    assert made.code == 0, made.stderr
    assert f"the installed update {version}" in made.stdout
    assert checked.code == 0 and f"Restoring it puts the installed update {version} in use" \
        in checked.stdout
    assert restored.code == 0, restored.stderr
    assert set(restored.json()) == {"restored_from", "backup_created_at", "replaced"}

    # The other computer shows and screens with the same rulebook, from the same signer.
    assert shown.json()["source"] == "installed" and shown.json()["version"] == version
    assert shown.json()["installed_by"] == installed_by(officer)
    assert rescreened.json()["rulebook"] == version
    assert rescreened.json()["determinations"] == screened.json()["determinations"]

    # A backup made by the previous version (no rulebook in it) still restores: the
    # rulebook here stays, and the officer is told which update the trail had in use.
    old = tmp_path / "old.zip"
    _old_format(saved, old)
    old_restored, old_shown = run_many(
        ("restore", old, "--data-dir", older),
        ("rulebook", "show", "--json", "--data-dir", older),
    )
    assert old_restored.code == 0, old_restored.stderr
    assert "kept: the backup was made before backups held the rulebook" in old_restored.stdout
    # What to do about it is a warning: on stderr, as every command's warnings are.
    assert f"put {version} in use" in old_restored.stderr
    assert "approvals rulebook install" in old_restored.stderr
    assert old_shown.json()["source"] == "shipped"


def installed_by(data: Path) -> str:
    record = json.loads((data / "rulebook" / "installed.json").read_text(encoding="utf-8"))
    return record["installed"][-1]["installed_by"]


def test_a_tampered_rulebook_member_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    officer = tmp_path / "officer"
    update, saved = tmp_path / "update.zip", tmp_path / "backup.zip"
    first = run_many(
        ("rulebook", "show", "--json", "--data-dir", officer),
        ("rulebook", "pack", _rule_folder(tmp_path), "--out", update, "--data-dir", officer),
        ("rulebook", "install", update, "--data-dir", officer),
        ("backup", "--out", saved, "--data-dir", officer),
        ("rulebook", "revert", "--data-dir", officer),  # a restore would change the rulebook
    )
    assert [r.code for r in first] == [0] * 5, [r.stderr for r in first]
    with zipfile.ZipFile(saved) as zf:
        member = next(n for n in zf.namelist()
                      if n.startswith("rulebook/") and n.endswith("us-oisp.json"))
    tampered = tmp_path / "tampered.zip"
    _flip(saved, tampered, member)
    before = _dump(officer / "approvals.db")
    listing = sorted(p.relative_to(officer).as_posix() for p in officer.rglob("*")
                     if "logs" not in p.parts and p.name != "approvals.db")

    refused, check, shown = run_many(
        ("restore", tampered, "--data-dir", officer),
        ("restore", tampered, "--check", "--data-dir", officer),
        ("rulebook", "show", "--json", "--data-dir", officer),
    )
    assert refused.code == 1 and check.code == 1, refused.stderr
    assert member in refused.stderr and "Nothing was changed" in refused.stderr
    assert "Traceback" not in refused.stderr + check.stderr
    assert shown.json()["source"] == "shipped"
    assert _dump(officer / "approvals.db") == before
    assert sorted(p.relative_to(officer).as_posix() for p in officer.rglob("*")
                  if "logs" not in p.parts and p.name != "approvals.db") == listing
