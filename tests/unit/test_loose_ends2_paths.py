"""An empty data-folder setting: `--data-dir ""` is refused (a script's unset variable must
not reach the user's real data), an empty APPROVALS_DATA_DIR counts as not set (POSIX)
and the log line says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.paths import (
    ENV_VAR,
    DataDir,
    blank_env_note,
    blank_option_problem,
    env_data_dir,
    resolve_data_dir,
)


@pytest.fixture
def per_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform's per-user data folder, moved under tmp_path (platformdirs reads
    XDG_DATA_HOME on Linux)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return (tmp_path / "xdg" / "approvals").resolve()


@pytest.mark.parametrize("option", ["", " ", "\t \n"])
def test_an_empty_option_is_refused_naming_the_option(option: str, per_user: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(per_user.parent / "env"))
    with pytest.raises(InputError) as caught:
        resolve_data_dir(option)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("--data-dir", "is empty; name the data folder")]
    assert blank_option_problem(option) is not None


@pytest.mark.parametrize("option", [None, "data", " data", Path("data")])
def test_a_named_folder_or_none_is_no_problem(option: str | Path | None) -> None:
    assert blank_option_problem(option) is None


@pytest.mark.parametrize("value", ["", "  ", "\t"])
def test_an_empty_environment_variable_counts_as_not_set(value: str, per_user: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # "  " was a folder of that name here, where it was run
    monkeypatch.setenv(ENV_VAR, value)
    assert env_data_dir() is None
    data_dir = resolve_data_dir()
    assert data_dir.root == per_user
    assert blank_env_note(data_dir) == (
        f"{ENV_VAR} is set but empty ({value!r}), so it was taken as not set: the data "
        f"folder is the per-user one, {per_user}")
    # The option still wins, and then the variable played no part: nothing to note.
    chosen = resolve_data_dir(tmp_path / "chosen")
    assert chosen.root == (tmp_path / "chosen").resolve()
    assert blank_env_note(chosen) == ""


def test_a_set_or_unset_variable_has_no_note(per_user: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert env_data_dir() == str(tmp_path / "env")
    assert resolve_data_dir().root == (tmp_path / "env").resolve()
    assert blank_env_note(resolve_data_dir()) == ""
    monkeypatch.delenv(ENV_VAR)
    assert env_data_dir() is None
    assert resolve_data_dir().root == per_user
    assert blank_env_note(DataDir(per_user)) == ""
