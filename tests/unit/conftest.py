"""Fixtures shared by the unit tests of rulebook updates and of backups that carry them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import ROOT, Team, rule_folder


@pytest.fixture
def team(tmp_path: Path, migrated_database: Path, db: Database, data_dir: DataDir) -> Iterator[Team]:
    """The knowledge team's installation, whose key the officer's installation trusts."""
    team = Team(tmp_path / "team", migrated_database)
    with db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(team.dir).public_key_text,
                         label="Knowledge team", actor=ROOT)
    yield team
    team.db.dispose()


@pytest.fixture
def update(team: Team, tmp_path: Path) -> Path:
    """A signed update from the team: the shipped rulebook as 2026.12.1, with a US-OISP
    scope version from 2031."""
    out = tmp_path / "rulebook-2026.12.1.zip"
    team.pack(rule_folder(tmp_path), out)
    return out
