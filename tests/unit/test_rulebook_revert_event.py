"""The audit event of a rulebook revert names the update taken out as its entity (as an
install names the one put in), and says in words which version is in use again."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from approvals.paths import DataDir
from approvals.services.exports import AUDIT_HEADER, export_audit_csv
from approvals.services.rulebook import INSTALLED_FILE
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import ROOT, Team, install, revert, rule_folder


def exported_rows(db: Database, out: Path, action: str) -> list[dict[str, str]]:
    with db.session() as s:
        export_audit_csv(s, actor=ROOT, out=out)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0]) == list(AUDIT_HEADER)
    return [r for r in rows if r["Action"] == action]


def test_the_export_names_the_reverted_update_and_the_one_in_use_again(
        db: Database, data_dir: DataDir, team: Team, tmp_path: Path) -> None:
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    team.pack(rule_folder(tmp_path, "2026.12.1"), first)
    team.pack(rule_folder(tmp_path, "2027.1.1"), second)
    kept = install(db, data_dir, first).after.version
    taken_out = install(db, data_dir, second).after.version
    revert(db, data_dir)

    [row] = exported_rows(db, tmp_path / "trail.csv", "rulebook.reverted")
    assert row["Entity"] == "rulebook" and row["Entity ID"] == taken_out
    assert json.loads(row["Old value"])["rulebook"] == taken_out
    assert json.loads(row["New value"])["rulebook"] == kept
    details = json.loads(row["Details"])
    assert details["reverted_update"] == taken_out
    assert details["summary"] == (f"reverted the installed update {taken_out}; "
                                  f"the installed update {kept} is in use again")
    # Install and revert of the same update share its id: an auditor filtering the export
    # by the version finds both.
    [installed] = [r for r in exported_rows(db, tmp_path / "trail2.csv", "rulebook.installed")
                   if r["Entity ID"] == taken_out]
    assert installed["Entity ID"] == row["Entity ID"]


def test_reverting_an_unreadable_record_says_so(db: Database, data_dir: DataDir, team: Team,
                                                update: Path, tmp_path: Path) -> None:
    install(db, data_dir, update)
    (data_dir.rulebook / INSTALLED_FILE).write_text("{not json", encoding="utf-8")
    after = revert(db, data_dir).after

    [row] = exported_rows(db, tmp_path / "trail.csv", "rulebook.reverted")
    assert row["Entity ID"] == "(unreadable record)"
    details = json.loads(row["Details"])
    assert details["summary"] == ("reset the unreadable record of installed updates; "
                                  f"the shipped rulebook {after.version} is in use again")
    assert "is not valid JSON" in details["unreadable"]
