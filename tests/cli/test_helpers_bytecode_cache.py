"""The Python processes a test run starts keep their bytecode in one folder outside the
working tree where PYTHONDONTWRITEBYTECODE is set (tests/bytecode_cache.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import bytecode_cache

ROOT = Path(__file__).resolve().parents[2]


def test_a_started_process_writes_its_bytecode_to_the_shared_folder_not_the_tree(
        tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    folder = tmp_path / "bytecode"
    assert bytecode_cache.share(env, str(folder))
    subprocess.run([sys.executable, "-m", "approvals", "--version"], env=env, check=True,
                   capture_output=True, timeout=120)
    compiled = {p.name for p in folder.rglob("*.pyc")}
    assert any(name.startswith("app.") for name in compiled), sorted(compiled)[:10]
    assert ROOT not in folder.parents


def test_without_the_setting_or_with_a_folder_of_the_callers_nothing_changes() -> None:
    own = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": "/somewhere"}
    assert not bytecode_cache.share(own, "/elsewhere")
    assert own == {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": "/somewhere"}
    unset = {"HOME": "/h"}
    assert not bytecode_cache.share(unset, "/elsewhere") and unset == {"HOME": "/h"}
    empty = {"PYTHONDONTWRITEBYTECODE": ""}  # empty counts as not set, as for Python
    assert not bytecode_cache.share(empty, "/elsewhere") and empty == {
        "PYTHONDONTWRITEBYTECODE": ""}


def test_this_run_writes_bytecode_only_outside_the_tree() -> None:
    # conftest applied it: either Python writes bytecode where it does by default (the
    # setting was not there), or into a folder outside the checkout.
    prefix = os.environ.get("PYTHONPYCACHEPREFIX")
    assert not os.environ.get("PYTHONDONTWRITEBYTECODE") or prefix
    if prefix:
        assert ROOT not in Path(prefix).resolve().parents
