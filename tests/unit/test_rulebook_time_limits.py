"""A time limit stated both by a rule and by the track clocks (which ship with the app,
not with rulebook updates) must agree: an update that set the technology-export licence
decision to 20 working days installed without a word, the screening then said 20 while a
track in the same folder counted 30. Signing such an update is refused, and so is
installing one made where the clocks said otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from approvals.domain import workflow as wf
from approvals.domain.rulebook import RulebookError, default_rulebook
from approvals.paths import DataDir
from approvals.services import rulebook_updates as updates
from approvals.services.rulebook import rulebook_for
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import Team, install, rule_folder


def _twenty_days(folder: Path) -> None:
    path = folder / "cn-tech-export.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for rule in data["rules"]:
        if "licence_decision_working_days" in rule["parameters"]:
            rule["parameters"]["licence_decision_working_days"] = 20
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_shipped_rules_state_the_clocks_time_limits() -> None:
    assert wf.clock_disagreements(default_rulebook().rules) == []


def test_signing_an_update_with_another_time_limit_is_refused(team: Team, tmp_path: Path) -> None:
    with pytest.raises(RulebookError) as info:
        team.pack(rule_folder(tmp_path, edit=_twenty_days), tmp_path / "x.zip")
    said = str(info.value)
    assert "gives licence_decision_working_days 20, but the CN-TECH-EXPORT track clock counts " \
           "30 working days" in said and "Nothing was signed" in said, said
    assert not (tmp_path / "x.zip").exists()


def test_installing_one_made_where_the_clocks_differ_is_refused(
        db: Database, data_dir: DataDir, team: Team, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "rulebook-2026.12.1.zip"
    with monkeypatch.context() as patched:  # signed by a release whose clocks count 20
        patched.setattr(updates, "clock_disagreements", lambda _rules: [])
        team.pack(rule_folder(tmp_path, edit=_twenty_days), out)
    before = rulebook_for(data_dir).version
    with pytest.raises(RulebookError) as info:
        install(db, data_dir, out)
    said = str(info.value)
    assert "install the app release whose clocks count the new time limits first" in said, said
    assert "Nothing was installed" in said
    assert rulebook_for(data_dir).version == before
