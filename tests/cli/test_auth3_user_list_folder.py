"""`approvals user list` on a folder with no database says which folder it looked at: a
mistyped --data-dir read "No users yet", as if the office had nobody."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many


def test_list_names_the_folder_without_a_database(tmp_path: Path) -> None:
    typo = tmp_path / "dat"
    [plain, listed] = run_many((("user", "list", "--data-dir", str(typo)), ""),
                               (("user", "list", "--json", "--data-dir", str(typo)), ""))
    assert plain.code == 0
    assert plain.stdout.startswith("No users yet.")
    assert f"{typo} holds no Approvals database" in plain.stdout
    assert listed.json() == {"users": []}  # the JSON stays as specified
    assert not typo.exists()  # looking created nothing
