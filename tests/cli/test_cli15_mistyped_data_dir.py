"""A mistyped --data-dir (or APPROVALS_DATA_DIR) on a writing command: a folder whose own
parent folder is missing too (`/srv/aproval/data`, a drive not mounted) is refused with
exit 2, naming the option and the missing folder, and nothing is made; a new folder in an
existing one is a new data folder (made quietly, as before), and so is the per-user
default with its parents (the app's first start)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR

FACTS = EXAMPLES_DIR / "frontier-lab.json"
PASSWORD = "correct horse battery\n"


def test_writing_commands_refuse_a_data_folder_whose_parent_is_missing(tmp_path: Path) -> None:
    missing = tmp_path / "not-mounted"  # the folder the data folder would be made in
    data = missing / "approvals"
    particulars = tmp_path / "particulars.json"
    particulars.write_text(json.dumps({"representative": {"name": "Jane Roe"}}),
                           encoding="utf-8")
    source = tmp_path / "source"
    public_key = tmp_path / "source.pub"
    [exported] = run_many(("key", "export", "--out", public_key, "--label", "Source",
                           "--data-dir", source))
    assert exported.code == 0, exported
    results = run_many(
        ("demo", "--data-dir", data),
        ("case", "import", FACTS, "--json", "--data-dir", data),
        (("user", "add", "ada", "--role", "admin", "--password-stdin", "--data-dir", data),
         PASSWORD),
        ("key", "show", "--data-dir", data),
        ("key", "export", "--out", tmp_path / "new.pub", "--label", "X", "--data-dir", data),
        ("key", "trust", public_key, "--data-dir", data),
        ("filing", "particulars", particulars, "--data-dir", data),
        # A parent missing two levels up is named by its outermost missing folder.
        ("case", "import", FACTS, "--data-dir", missing / "deeper" / "approvals"),
    )
    said = (f"--data-dir: {data} does not exist, nor does the folder {missing} it would be "
            "made in: check the name (or whether its drive is mounted); to start a new data "
            "folder there, create the folder first\n")
    for result in results[:-1]:
        assert (result.code, result.stdout, result.stderr) == (2, "", said), result
    deeper = results[-1]
    assert deeper.code == 2 and deeper.stderr.startswith(
        f"--data-dir: {missing / 'deeper' / 'approvals'} does not exist, nor does the folder "
        f"{missing} it would be made in"), deeper
    assert not missing.exists()
    assert not (tmp_path / "new.pub").exists()


def test_the_variable_is_named_when_it_set_the_folder(tmp_path: Path) -> None:
    data = tmp_path / "not-mounted" / "approvals"
    [imported] = run_many(("case", "import", FACTS), env={"APPROVALS_DATA_DIR": str(data)})
    assert imported.code == 2, imported
    assert imported.stderr.startswith(f"APPROVALS_DATA_DIR: {data} does not exist, nor does "
                                      f"the folder {data.parent} it would be made in")
    assert not data.parent.exists()


def test_a_new_folder_in_an_existing_one_and_the_default_folder_are_made(tmp_path: Path) -> None:
    new = tmp_path / "data"  # its parent exists: a new data folder, made as before
    xdg = tmp_path / "xdg" / "share"  # the per-user default, parents and all
    imported, listed = run_many(("case", "import", FACTS, "--json", "--data-dir", new),
                                ("case", "list", "--json", "--data-dir", new))
    assert (imported.code, imported.stderr) == (0, ""), imported
    assert [c["reference"] for c in listed.json()["cases"]] == [imported.json()["reference"]]
    [default] = run_many((("user", "add", "ada", "--role", "admin", "--password-stdin"),
                          PASSWORD), env={"XDG_DATA_HOME": str(xdg)})
    assert default.code == 0, default
    assert any(xdg.glob("*/approvals.db"))


def test_restore_keeps_making_a_new_machines_folder_with_its_parents(tmp_path: Path) -> None:
    """restore's own rule (cli.backup): the folder and its parents are made, and said."""
    source, backup = tmp_path / "source", tmp_path / "backup.zip"
    target = tmp_path / "new-machine" / "approvals"
    made, backed_up, restored = run_many(
        (("user", "add", "ada", "--role", "admin", "--password-stdin", "--data-dir", source),
         PASSWORD),
        ("backup", "--out", backup, "--data-dir", source),
        ("restore", backup, "--data-dir", target),
    )
    assert made.code == 0 and backed_up.code == 0, (made, backed_up)
    assert restored.code == 0, restored
    assert f"the data folder {target} did not exist" in restored.stderr
    assert (target / "approvals.db").is_file()
