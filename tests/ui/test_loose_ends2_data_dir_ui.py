"""The desktop app started with `--data-dir ""` (a launcher's unset variable): the data
folder window names the option and the app exits 2, rather than opening the per-user
folder (the user's real data) in its place; an empty APPROVALS_DATA_DIR counts as not
set, and the log says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from approvals.domain.errors import InputError
from approvals.ui import application


@pytest.mark.parametrize("option", ["", "   "])
def test_an_empty_data_dir_option_stops_the_app_naming_it(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str) -> None:
    monkeypatch.setenv("APPROVALS_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    shown: list[InputError] = []
    monkeypatch.setattr(application, "show_data_folder_problem",
                        lambda exc, _data_dir=None: shown.append(exc))
    assert application.run_gui(["--data-dir", option]) == 2
    assert [[(p.path, p.message) for p in exc.problems] for exc in shown] == [
        [("--data-dir", "is empty; name the data folder")]]
    assert list(tmp_path.iterdir()) == []  # neither the variable's folder nor the per-user one


def test_an_empty_variable_opens_the_per_user_folder_and_logs_why(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPROVALS_DATA_DIR", " ")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    signed: list[Any] = []

    def sign_in(db: Any, _runner: Any, _notice: str = "") -> None:
        signed.append(db)
        return None  # the officer closes the sign-in window: the app quits

    monkeypatch.setattr(application, "sign_in", sign_in)
    monkeypatch.setattr(QApplication, "exec", lambda _app=None: 0)
    assert application.run_gui([]) == 0
    assert len(signed) == 1
    per_user = (tmp_path / "xdg" / "approvals").resolve()
    assert (per_user / "approvals.db").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xdg"]  # no folder named " "
    log = (per_user / "logs" / "approvals.log").read_text(encoding="utf-8")
    assert ("APPROVALS_DATA_DIR is set but empty (' '), so it was taken as not set: the data "
            f"folder is the per-user one, {per_user}") in log
