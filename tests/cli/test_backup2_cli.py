"""`approvals backup --out` over an existing file replaces it (as the app does once its save
dialog has asked; a command never asks) and says so; `restore --check` and `restore` pass on
what the backup warned of when it was made (their --json keys stay as the contract has
them)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many


def test_backup_over_an_earlier_file_replaces_it_and_says_so(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "nightly.zip"
    _user, first, second = run_many(
        (("user", "add", "petra", "--role", "admin", "--password-stdin", "--data-dir", data),
         "correct horse battery\n"),
        ("backup", "--out", out, "--data-dir", data),
        ("backup", "--out", out, "--data-dir", data),
    )
    assert first.code == 0 and "replaced" not in first.stdout, first
    assert second.code == 0 and "It replaced the earlier file nightly.zip there." in second.stdout


def test_the_check_and_the_restore_say_what_the_backup_warned_of(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "gap.zip"
    (demo,) = run_many(("demo", "--data-dir", data))
    assert demo.code == 0, demo
    # One stored document lost (a disk error, a file removed by hand) before the backup.
    min(p for p in (data / "documents").iterdir() if p.is_file()).unlink()
    backed_up, check, restored = run_many(
        ("backup", "--out", out, "--data-dir", data),
        ("restore", "--check", out, "--data-dir", data),
        ("restore", out, "--data-dir", data),
    )
    # Warnings on stderr (as every command's): stdout holds the result alone.
    assert backed_up.code == 0 and "(AP-" in backed_up.stderr, backed_up
    warned = next(line for line in backed_up.stderr.splitlines() if line.startswith("warning: "))
    said = f"warning: when this backup was made: {warned.removeprefix('warning: ')}"
    assert "is recorded but missing" in said
    assert check.code == 0 and said in check.stderr, check
    assert restored.code == 0 and said in restored.stderr, restored
    assert all("warning" not in r.stdout for r in (backed_up, check, restored))


def test_the_check_says_an_older_database_is_brought_up_to_date(tmp_path: Path) -> None:
    from approvals.paths import DataDir
    from approvals.services.backup import create_backup
    from approvals.store.db import make_engine
    from approvals.store.migrate import upgrade

    older = DataDir(tmp_path / "older")
    older.ensure()
    engine = make_engine(older.database)
    upgrade(engine, "0007")  # a data folder an earlier version of the app left
    engine.dispose()
    old, current = tmp_path / "old.zip", tmp_path / "current.zip"
    create_backup(older, out=old)
    _user, made, checked_old, checked_current = run_many(
        (("user", "add", "petra", "--role", "admin", "--password-stdin", "--data-dir",
          tmp_path / "data"), "correct horse battery\n"),
        ("backup", "--out", current, "--data-dir", tmp_path / "data"),
        ("restore", "--check", old, "--data-dir", tmp_path / "data"),
        ("restore", "--check", current, "--data-dir", tmp_path / "data"),
    )
    said = "Its database is from an earlier version of the app (revision 0007)"
    assert checked_old.code == 0 and said in checked_old.stdout, checked_old
    assert made.code == 0 and checked_current.code == 0 and said not in checked_current.stdout
