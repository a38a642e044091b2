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
    assert backed_up.code == 0 and "(AP-" in backed_up.stdout, backed_up
    warned = next(line for line in backed_up.stdout.splitlines() if line.startswith("warning: "))
    said = f"warning: when this backup was made: {warned.removeprefix('warning: ')}"
    assert "is recorded but missing" in said
    assert check.code == 0 and said in check.stdout, check
    assert restored.code == 0 and said in restored.stdout, restored
