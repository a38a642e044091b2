"""A --data-dir (or APPROVALS_DATA_DIR) naming a folder that holds other files and no
Approvals data (someone's Documents folder, a project checkout) is refused by every
command that would set up a data folder there: exit 2 (cli.md's bad input: the option's
value is wrong, and "nothing written"), one message naming the folder and what it holds,
and nothing made among the files. The check is the app's own (paths.other_files, asked
about at its start). An empty folder, a new one, or a data folder is used as before."""

from __future__ import annotations

from pathlib import Path

from approvals.paths import DataDir, other_files_problem, other_files_text
from approvals.ui import application
from approvals.ui.path_field import PathField
from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR

FACTS = EXAMPLES_DIR / "frontier-lab.json"
PASSWORD = "correct horse battery\n"


def _listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _someones_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "Documents"
    (folder / "photos").mkdir(parents=True)
    (folder / "tax 2025.pdf").write_bytes(b"%PDF")
    (folder / ".directory").write_text("")  # a file manager's: not counted
    return folder


def test_writing_commands_refuse_a_folder_of_other_files(tmp_path: Path) -> None:
    folder = _someones_folder(tmp_path)
    before = _listing(folder)
    source, backup = tmp_path / "source", tmp_path / "backup.zip"
    made, backed_up = run_many(
        (("user", "add", "ada", "--role", "admin", "--password-stdin", "--data-dir", source),
         PASSWORD),
        ("backup", "--out", backup, "--data-dir", source))
    assert made.code == 0 and backed_up.code == 0, (made, backed_up)
    results = run_many(
        ("demo", "--data-dir", folder),
        ("case", "import", FACTS, "--json", "--data-dir", folder),
        (("user", "add", "ada", "--role", "admin", "--password-stdin", "--data-dir", folder),
         PASSWORD),
        ("key", "show", "--data-dir", folder),
        ("restore", backup, "--data-dir", folder),
        ("--data-dir", folder, "demo"),  # the option before the command
    )
    said = (f"--data-dir: {folder} is not an Approvals data folder: it holds other files "
            "(photos, tax 2025.pdf) and no Approvals database. Nothing was made in it. If "
            "you meant your existing data folder, check the name; for a new data folder, "
            "give an empty or new folder\n")
    for result in results:
        assert (result.code, result.stdout, result.stderr) == (2, "", said), result
    assert _listing(folder) == before


def test_the_variable_is_named_when_it_set_the_folder(tmp_path: Path) -> None:
    folder = _someones_folder(tmp_path)
    before = _listing(folder)
    [imported] = run_many(("case", "import", FACTS), env={"APPROVALS_DATA_DIR": str(folder)})
    assert imported.code == 2, imported
    assert imported.stderr.startswith(f"APPROVALS_DATA_DIR: {folder} is not an Approvals "
                                      "data folder: it holds other files"), imported
    assert _listing(folder) == before


def test_an_empty_folder_a_new_one_and_a_data_folder_are_used(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    new = tmp_path / "new"
    only_ours = tmp_path / "logs-only"  # a data folder's own names only
    (only_ours / "logs").mkdir(parents=True)
    results = run_many(*[("case", "import", FACTS, "--json", "--data-dir", folder)
                         for folder in (empty, new, only_ours)])
    assert [r.code for r in results] == [0, 0, 0], results
    # Files of the user's own beside a database: its owner's choice, used as before.
    (new / "notes.txt").write_text("mine")
    [again] = run_many(("case", "import", FACTS, "--json", "--data-dir", new))
    assert again.code == 0, again


def test_the_command_line_and_the_app_say_the_same_of_the_folder(qtbot, tmp_path: Path) -> None:
    folder = _someones_folder(tmp_path)
    data_dir = DataDir(folder)
    others = application.chosen_folder_files(data_dir, str(folder))
    problem = other_files_problem(data_dir, "--data-dir")
    assert problem is not None and others == ["photos", "tax 2025.pdf"]
    box = application.folder_question(data_dir, others)
    qtbot.addWidget(box)
    # The app names the folder "This folder", its path on a line above the sentence.
    assert box.text() == other_files_text(data_dir, others, folder="This folder")
    assert box.findChild(PathField).path() == str(folder)
    assert problem.message.startswith(other_files_text(data_dir, others))
    assert problem.message.startswith(str(folder) + box.text().removeprefix("This folder"))
