"""`approvals user list` sorts by user name regardless of letter case, as the app's
Users window does: a name stored as typed with a capital ("Bob.Smith") came before
"ada.wong" in the table and the JSON, and the two views of the office disagreed."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many

PASSWORD = "copper meadow falcon\n"


def test_user_list_sorts_user_names_regardless_of_letter_case(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    *added, table, listed = run_many(
        (("user", "add", "ada.wong", "--role", "admin", "--password-stdin",
          "--data-dir", data), PASSWORD),
        (("user", "add", "Bob.Smith", "--role", "preparer", "--password-stdin",
          "--data-dir", data), PASSWORD),
        (("user", "add", "carol", "--role", "approver", "--password-stdin",
          "--data-dir", data), PASSWORD),
        ("user", "list", "--data-dir", data),
        ("user", "list", "--json", "--data-dir", data),
    )
    assert [r.code for r in added] == [0, 0, 0], [r.stderr for r in added]
    assert [u["username"] for u in listed.json()["users"]] == ["ada.wong", "Bob.Smith", "carol"]
    rows = [line.split()[0] for line in table.stdout.splitlines()[1:]]
    assert rows == ["ada.wong", "Bob.Smith", "carol"]
    assert table.code == listed.code == 0
