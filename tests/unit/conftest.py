"""Fixtures shared by the unit tests of rulebook updates and of backups that carry them, and
the widened-territory rulebook of the screening place tests."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from approvals.domain.rulebook import Rulebook, default_rulebook_dir, load_rulebook
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import ROOT, Team, rule_folder


@pytest.fixture
def team(tmp_path: Path, db: Database, data_dir: DataDir) -> Iterator[Team]:
    """The knowledge team's installation, whose key the officer's installation trusts."""
    team = Team(tmp_path / "team")
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


@pytest.fixture
def wider_territory(tmp_path: Path) -> Rulebook:
    """The shipped rulebook with every inbound territory widened to CN, HK and MO (a
    rulebook update may list more than one place)."""
    target = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_dir(), target)
    for path in target.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for rule in data.get("rules", ()):
            if "territory" in rule.get("parameters", {}):
                rule["parameters"]["territory"] = ["CN", "HK", "MO"]
                rule["parameters"].pop("foreign_by_reference", None)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_rulebook(target)
