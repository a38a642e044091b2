"""Starting the app on a chosen data folder that is not one:

- a mistyped `--data-dir` (or APPROVALS_DATA_DIR) whose parent does not exist either is
  refused in the command line's words, with nothing made (the app made the whole path
  and opened an empty data folder, the real data unseen);
- an existing folder with other files in it and no Approvals data is asked about first
  (the app put its database and folders among the files without a word);

and the keys of the Security settings dialog and of the discard question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.cli import main as cli_main
from approvals.domain.errors import InputError
from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database
from approvals.ui import application
from approvals.ui import auth as ui_auth
from approvals.ui.path_field import PathField
from approvals.ui.widgets import ask_to_discard
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root


def _listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[InputError]:
    said: list[InputError] = []
    monkeypatch.setattr(application, "show_data_folder_problem",
                        lambda exc, _data_dir=None: said.append(exc))
    return said


@pytest.fixture
def signed(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The sign-in, closed at once: the app quits after opening the data folder."""
    opened: list[Any] = []

    def sign_in(db: Any, _runner: Any, _notice: str = "") -> None:
        opened.append(db)

    monkeypatch.setattr(application, "sign_in", sign_in)
    monkeypatch.setattr(QApplication, "exec", lambda _app=None: 0)
    return opened


@pytest.mark.parametrize("chosen_by", ["option", "variable"])
def test_a_data_folder_in_a_missing_folder_is_refused_as_on_the_command_line(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: list[InputError],
        signed: list[Any], capsys: pytest.CaptureFixture[str], chosen_by: str) -> None:
    mistyped = tmp_path / "aproval" / "data"
    before = _listing(tmp_path)
    if chosen_by == "option":
        args = ["--data-dir", str(mistyped)]
    else:
        monkeypatch.setenv("APPROVALS_DATA_DIR", str(mistyped))
        args = []
    assert application.run_gui(args) == 2
    assert signed == []  # the data folder was never opened
    where = "--data-dir" if chosen_by == "option" else "APPROVALS_DATA_DIR"
    [refused] = shown
    assert str(refused) == (
        f"{where}: {mistyped} does not exist, nor does the folder {mistyped.parent} it "
        "would be made in: check the name (or whether its drive is mounted); to start a "
        "new data folder there, create the folder first")
    assert _listing(tmp_path) == before  # nothing made
    # The command line says the same.
    assert cli_main(["key", "show", *args]) == 2
    assert str(refused) in capsys.readouterr().err
    assert _listing(tmp_path) == before


def test_a_new_folder_in_an_existing_one_is_still_made(
        qtbot, tmp_path: Path, shown: list[InputError], signed: list[Any]) -> None:
    new = tmp_path / "data"
    assert application.run_gui(["--data-dir", str(new)]) == 0
    assert shown == [] and len(signed) == 1 and (new / "approvals.db").is_file()


@pytest.mark.parametrize("answer", [False, True])
def test_a_folder_with_other_files_is_asked_about_first(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: list[InputError],
        signed: list[Any], answer: bool) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "tax 2025.pdf").write_bytes(b"%PDF")
    (folder / "photos").mkdir()
    (folder / ".directory").write_text("")  # a file manager's: not counted
    before = _listing(folder)
    asked: list[list[str]] = []

    def ask(data_dir: DataDir, others: list[str]) -> bool:
        asked.append(others)
        return answer

    monkeypatch.setattr(application, "ask_to_use_folder", ask)
    code = application.run_gui(["--data-dir", str(folder)])
    assert asked == [["photos", "tax 2025.pdf"]]
    if not answer:  # Quit: nothing made among the files
        assert code == 2 and signed == [] and _listing(folder) == before
    else:
        assert code == 0 and len(signed) == 1 and (folder / "approvals.db").is_file()
        # A data folder from now on: not asked again.
        assert application.run_gui(["--data-dir", str(folder)]) == 0
        assert len(asked) == 1
    assert shown == []


def test_a_data_folder_and_an_empty_one_are_not_asked_about(
        qtbot, tmp_path: Path, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch,
        signed: list[Any]) -> None:
    db.dispose()
    (data_dir.root / "notes.txt").write_text("mine")  # beside a database: its owner's choice
    empty = tmp_path / "empty"
    empty.mkdir()
    only_ours = tmp_path / "logs-only"
    (only_ours / "logs").mkdir(parents=True)
    monkeypatch.setattr(application, "ask_to_use_folder",
                        lambda *_a: pytest.fail("asked about a data folder"))
    for folder in (data_dir.root, empty, only_ours):
        assert application.run_gui(["--data-dir", str(folder)]) == 0
    assert len(signed) == 3


def test_the_question_names_the_files_and_quit_is_the_default(qtbot, tmp_path: Path) -> None:
    names = [f"file {n}.txt" for n in range(8)]
    box = application.folder_question(DataDir(tmp_path), names)
    qtbot.addWidget(box)
    assert box.text() == (
        "This folder is not an Approvals data folder: it holds other files (file 0.txt, "
        "file 1.txt, file 2.txt, file 3.txt, file 4.txt and 3 more) and no Approvals "
        "database.")
    assert box.findChild(PathField).path() == str(tmp_path)  # on a line above
    texts = sorted(b.text() for b in box.buttons())
    assert texts == ["&Quit", "&Use this folder"]
    assert box.defaultButton().text() == "&Quit" and box.escapeButton().text() == "&Quit"


def test_the_security_settings_keep_at_most_what_the_service_keeps(
        qtbot, runner: TaskRunner, db: Database, monkeypatch: pytest.MonkeyPatch,
        fast_hash: None) -> None:
    monkeypatch.setattr(backup_service, "MAX_KEEP", 30)
    make_root(db)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    assert dialog.keep.maximum() == 30
    assert dialog.save_button.text() == "&Save"


def test_the_discard_question_has_alt_keys(qtbot) -> None:
    box = ask_to_discard(None, "Close", "Discard what is typed?", "q", lambda: None)  # type: ignore[arg-type]
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Discard).text() == "&Discard"
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "&Cancel"
    box.close()
