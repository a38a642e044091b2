"""`approvals user add` reports every problem of one command at once (README, Scripted
provisioning): a user name already taken on the data folder, or too like one to tell
apart, is said with a short password and an unknown role, not at the next run once those
are right. A folder without a database has no names to compare with and is left as it
was."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many

PW = "correct horse battery staple"


def test_a_taken_name_is_said_with_the_other_problems(tmp_path: Path) -> None:
    data, empty = tmp_path / "data", tmp_path / "new"
    d = ("--data-dir", data)
    made, taken, twin, cased, fine, on_new = run_many(
        (("user", "add", "ada.wong", "--role", "admin", "--password-stdin", *d), PW + "\n"),
        (("user", "add", "ada.wong", "--role", "wizard", "--password-stdin", *d), "short\n"),
        # o and 0 look alike: refused with the rest too.
        (("user", "add", "ada.w0ng", "--role", "admin", "--password-stdin", *d), ""),
        (("user", "add", "ADA.WONG", "--role", "admin", "--password-stdin", *d), PW + "\n"),
        (("user", "add", "bo.chen", "--role", "reviewer", "--password-stdin", *d), PW + "\n"),
        (("user", "add", "ada.wong", "--role", "wizard", "--password-stdin",
          "--data-dir", empty), "short\n"),
    )
    assert made.code == 0, made
    assert (taken.code, taken.stdout) == (2, ""), taken
    assert taken.stderr.splitlines() == [
        "username: 'ada.wong' is already taken",
        "password: must be at least 12 characters long (it has 5)",
        "--role: unknown role 'wizard'; the roles are preparer, reviewer, approver, admin",
    ]
    assert (twin.code, twin.stdout) == (2, ""), twin
    assert twin.stderr.splitlines() == [
        "--password-stdin: standard input is empty; give the password on its first line",
        "username: 'ada.w0ng' looks too much like the existing user 'ada.wong' (I, l and 1, "
        "O and 0, rn and m are hard to tell apart): choose another name",
    ]
    assert (cased.code, cased.stderr.strip()) == (
        2, "username: 'ADA.WONG' is already taken: it is the user 'ada.wong' (letter case "
           "does not make another account)")
    assert fine.code == 0 and fine.stdout == "Created user bo.chen (reviewer).\n", fine
    assert (on_new.code, on_new.stdout) == (2, ""), on_new
    assert on_new.stderr.splitlines() == [
        "password: must be at least 12 characters long (it has 5)",
        "--role: unknown role 'wizard'; the roles are preparer, reviewer, approver, admin",
    ]
    assert not empty.exists()


def test_at_a_terminal_a_name_based_password_is_refused_before_it_is_typed_again(
        tmp_path: Path, monkeypatch, capsys) -> None:
    """`approvals user add tty.user` at a terminal: "tty.user2026!" was taken, asked again,
    and only then refused as the user name with digits added."""
    import getpass
    import sys

    from approvals.cli import main

    asked: list[str] = []

    def typed(prompt: str = "Password: ") -> str:
        asked.append(prompt)
        return "tty.user2026!"

    monkeypatch.setattr(getpass, "getpass", typed)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    code = main(["user", "add", "tty.user", "--role", "preparer",
                 "--data-dir", str(tmp_path / "data")])
    said = capsys.readouterr()
    assert code == 2 and asked == ["Password: "], (asked, said)
    assert "must not be the user name" in said.err
    assert not (tmp_path / "data").exists()
