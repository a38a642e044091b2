"""An update installed although not newer is kept over a newer shipped rulebook: the
rulebook window and `approvals rulebook show` say so (only the audit trail did)."""

from __future__ import annotations

from pathlib import Path

from approvals.paths import DataDir
from approvals.services.rulebook import rulebook_in_use
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import Team, install, rule_folder

KEPT = "stays in use even over a newer shipped rulebook until it is reverted"


def test_an_update_installed_as_older_says_it_is_kept(db: Database, data_dir: DataDir,
                                                      team: Team, tmp_path: Path) -> None:
    newer, older = tmp_path / "newer.zip", tmp_path / "older.zip"
    team.pack(rule_folder(tmp_path, "2027.1.1"), newer)
    team.pack(rule_folder(tmp_path, "2026.12.1"), older)
    install(db, data_dir, newer)
    assert KEPT not in rulebook_in_use(data_dir).describe()
    install(db, data_dir, older, allow_older=True, reason="2027.1.1 has a wrong threshold")
    in_use = rulebook_in_use(data_dir)
    assert in_use.update is not None and in_use.update.pinned
    assert KEPT in in_use.describe()
