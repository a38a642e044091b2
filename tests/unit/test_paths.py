from __future__ import annotations

from pathlib import Path

import pytest

from approvals.paths import ENV_VAR, resolve_data_dir


def test_option_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "opt").root == (tmp_path / "opt").resolve()
    assert resolve_data_dir(None).root == (tmp_path / "env").resolve()


def test_platform_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    root = resolve_data_dir(None).root
    assert root.name == "approvals"


def test_ensure_creates_the_folders(tmp_path: Path) -> None:
    data = resolve_data_dir(tmp_path / "new").ensure()
    for sub in ("documents", "backups", "logs"):
        assert (data.root / sub).is_dir()
