"""`approvals rulebook pack` of a folder whose version was not raised: signed all the same
(going back on purpose is allowed), with a warning that installations will refuse it as not
newer, and which version to give it instead."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from approvals.domain.rulebook import default_rulebook
from tests.cli.helpers import Result, run_cli, run_many
from tests.conftest import REPO_ROOT


def one(*args: str | Path) -> Result:
    """One invocation in a forked process (tests/cli/helpers.py, run_many). `key show`
    runs in a process of its own below; `rulebook pack` and `rulebook install` do in
    tests/cli/test_cli3_streams.py and test_rulebook_updates_cli.py."""
    return run_many(args)[0]


def _folder(base: Path, version: str | None) -> Path:
    folder = base / f"rules-{version}"
    shutil.copytree(REPO_ROOT / "resources" / "rulebook", folder)
    if version is not None:
        manifest = json.loads((folder / "rulebook.json").read_text(encoding="utf-8"))
        (folder / "rulebook.json").write_text(json.dumps({**manifest, "version": version}),
                                              encoding="utf-8")
    return folder


def test_a_version_not_raised_is_packed_with_a_warning(tmp_path: Path) -> None:
    shipped = default_rulebook().declared_version
    out = tmp_path / "same.zip"
    result = one("rulebook", "pack", _folder(tmp_path, None), "--out", out,
                 "--data-dir", tmp_path / "team")
    assert result.code == 0 and out.is_file()
    assert f"warning: version {shipped} in rulebook.json is not newer than the rulebook " \
           f"this app ships ({shipped})" in result.stderr
    assert "--allow-older" in result.stderr and "raise the version" in result.stderr
    as_json = one("rulebook", "pack", tmp_path / "rules-None", "--out", out, "--json",
                  "--data-dir", tmp_path / "team")
    assert as_json.code == 0 and "warning: version" in as_json.stderr
    assert json.loads(as_json.stdout)["declared_version"] == shipped  # stdout stays JSON


def test_a_raised_version_is_packed_without_a_warning(tmp_path: Path) -> None:
    result = one("rulebook", "pack", _folder(tmp_path, "2099.1.1"), "--out",
                 tmp_path / "new.zip", "--data-dir", tmp_path / "team")
    assert result.code == 0 and "warning" not in result.stderr


def test_install_lists_the_open_cases_it_changes_today_and_from_a_later_date(
        tmp_path: Path) -> None:
    from datetime import date, timedelta

    from tests.conftest import EXAMPLES_DIR

    day = date.today() + timedelta(days=20)
    folder = _folder(tmp_path, "2099.1.1")
    path = folder / "cn-us-capital.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["rules"].append({**data["rules"][0], "id": "CN-US-CAPITAL.approval.law",
                          "status": "in_force", "effective_from": day.isoformat()})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    team, officer, update = tmp_path / "team", tmp_path / "officer", tmp_path / "u.zip"
    assert one("rulebook", "pack", folder, "--out", update, "--data-dir", team).code == 0
    fingerprint = run_cli("key", "show", "--json", "--data-dir", team).json()["fingerprint"]
    assert one("key", "trust", update, "--label", "Knowledge team", "--fingerprint",
               fingerprint, "--data-dir", officer).code == 0
    imported = one("case", "import", EXAMPLES_DIR / "frontier-lab.json", "--json",
                   "--data-dir", officer)
    assert imported.code == 0, imported.stderr
    reference = imported.json()["reference"]
    result = one("rulebook", "install", update, "--data-dir", officer)
    assert result.code == 0, result.stderr
    assert "As of today: no open case's outcome would change." in result.stdout
    # In the words of the install preview (services.rulebook_updates.cases_text).
    assert (f"From {day.isoformat()} (CN-US-CAPITAL.approval.law takes effect): 1 open case's "
            f"outcome would change: {reference} (CN-US-CAPITAL not screened → approval "
            "required)") in result.stdout
