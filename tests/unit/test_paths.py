from __future__ import annotations

import os
from pathlib import Path

import pytest

from approvals.domain.errors import InputError
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


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(InputError) as caught:
        resolve_data_dir(tmp_path / "data").ensure()
    assert str(caught.value) == f"{tmp_path / 'data'}: is a file, not a folder; choose another data folder"
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "backups").write_text("")  # a sub-folder's name taken by a file
    with pytest.raises(InputError, match=r"backups: is a file"):
        resolve_data_dir(tmp_path / "ok").ensure()
    # Only logs/ may be unusable: the log goes elsewhere (test_data_dir_robustness.py).
    (tmp_path / "ok" / "backups").unlink()
    (tmp_path / "ok" / "logs").write_text("")
    assert resolve_data_dir(tmp_path / "ok").ensure().backups.is_dir()


def test_a_folder_that_cannot_be_created_or_written_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    with monkeypatch.context() as patch:
        patch.setattr(Path, "mkdir", refused)
        with pytest.raises(InputError) as caught:
            resolve_data_dir(tmp_path / "new").ensure()
    assert caught.value.problems[0].path == str(tmp_path / "new")
    assert caught.value.problems[0].message == "cannot create the folder (Permission denied)"
    # Tests may run as root, who may write anywhere: the check itself is what is tested.
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(InputError, match="may not write in it"):
        resolve_data_dir(tmp_path / "ro").ensure()


def test_undecodable_names_are_shown_with_their_bytes() -> None:
    """Argument and file names that are not UTF-8 are shown byte for byte, wherever the
    lone surrogates came from (the file system's escapes, or a JSON \\ud800)."""
    import os

    from approvals.paths import undecodable_shown

    assert undecodable_shown("Vertrag-ä.pdf") is None
    assert undecodable_shown(os.fsdecode(b"Vertrag-\xe4.pdf")) == "Vertrag-\\xe4.pdf"
    assert undecodable_shown("a\ud800b") == "a\\ud800b"
