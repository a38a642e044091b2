"""`approvals rulebook pack` of a folder whose version was not raised: signed all the same
(going back on purpose is allowed), with a warning that installations will refuse it as not
newer, and which version to give it instead."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from approvals.domain.rulebook import default_rulebook
from tests.cli.helpers import run_cli
from tests.conftest import REPO_ROOT


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
    result = run_cli("rulebook", "pack", _folder(tmp_path, None), "--out", out,
                     "--data-dir", tmp_path / "team")
    assert result.code == 0 and out.is_file()
    assert f"warning: version {shipped} in rulebook.json is not newer than the rulebook " \
           f"this app ships ({shipped})" in result.stderr
    assert "--allow-older" in result.stderr and "raise the version" in result.stderr
    as_json = run_cli("rulebook", "pack", tmp_path / "rules-None", "--out", out, "--json",
                      "--data-dir", tmp_path / "team")
    assert as_json.code == 0 and "warning: version" in as_json.stderr
    assert json.loads(as_json.stdout)["declared_version"] == shipped  # stdout stays JSON


def test_a_raised_version_is_packed_without_a_warning(tmp_path: Path) -> None:
    result = run_cli("rulebook", "pack", _folder(tmp_path, "2099.1.1"), "--out",
                     tmp_path / "new.zip", "--data-dir", tmp_path / "team")
    assert result.code == 0 and "warning" not in result.stderr
