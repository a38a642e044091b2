"""`approvals backup` / `restore`: warnings go to stderr, so stdout holds the result alone
(its --json parses); a restore into a data folder that did not exist (a new machine, or a
mistyped --data-dir) says so; one into a folder without data says nothing was replaced."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.cli.helpers import run_many

PASSWORD = "correct horse battery\n"


def _backup_with_a_gap(tmp_path: Path) -> tuple[Path, Path]:
    """A demo data folder whose backup warns (one stored document lost before it)."""
    data, out = tmp_path / "data", tmp_path / "gap.zip"
    (demo,) = run_many(("demo", "--data-dir", data))
    assert demo.code == 0, demo
    min(p for p in (data / "documents").iterdir() if p.is_file()).unlink()
    (made,) = run_many(("backup", "--out", out, "--data-dir", data))
    assert made.code == 0 and "is recorded but missing" in made.stderr, made
    return data, out


def test_json_results_stay_json_and_the_warnings_go_to_stderr(tmp_path: Path) -> None:
    data, out = _backup_with_a_gap(tmp_path)
    made, checked, restored = run_many(
        ("backup", "--out", tmp_path / "again.zip", "--json", "--data-dir", data),
        ("restore", "--check", out, "--json", "--data-dir", data),
        ("restore", out, "--json", "--data-dir", data),
    )
    for result in (made, checked, restored):
        assert result.code == 0, result
        json.loads(result.stdout)  # nothing but the JSON on stdout
    assert any("is recorded but missing" in w for w in made.json()["warnings"])
    # The restore's JSON has no warnings key (the contract's keys stay): stderr says them.
    for result in (checked, restored):
        assert "warning: when this backup was made: " in result.stderr, result
        assert "is recorded but missing" in result.stderr, result


def test_a_restore_into_a_folder_that_did_not_exist_says_so(tmp_path: Path) -> None:
    source, backup = tmp_path / "source", tmp_path / "b.zip"
    typo = tmp_path / "dta"
    made, backed_up, restored = run_many(
        (
            ("user", "add", "petra", "--role", "admin", "--password-stdin", "--data-dir", source),
            PASSWORD,
        ),
        ("backup", "--out", backup, "--data-dir", source),
        ("restore", backup, "--data-dir", typo),
    )
    assert made.code == 0 and backed_up.code == 0, (made, backed_up)
    # Restoring onto a new machine is what restore is for: done, and said plainly.
    assert restored.code == 0, restored
    assert (typo / "approvals.db").is_file()
    assert (
        f"the data folder {typo} did not exist: it was made for this restore" in restored.stderr
    ), restored
    assert "check --data-dir" in restored.stderr
    assert "nothing was replaced" in restored.stdout, restored
    assert "did not exist" not in restored.stdout


def test_a_restore_over_existing_data_says_nothing_of_a_new_folder(tmp_path: Path) -> None:
    data, backup = tmp_path / "data", tmp_path / "b.zip"
    _made, _backed_up, restored = run_many(
        (
            ("user", "add", "petra", "--role", "admin", "--password-stdin", "--data-dir", data),
            PASSWORD,
        ),
        ("backup", "--out", backup, "--data-dir", data),
        ("restore", backup, "--data-dir", data),
    )
    assert restored.code == 0, restored
    assert "did not exist" not in restored.stderr
    assert "The data it replaced is kept in" in restored.stdout
    assert "nothing was replaced" not in restored.stdout


def test_a_backup_of_a_folder_that_does_not_exist_is_refused_and_nothing_is_made(
    tmp_path: Path,
) -> None:
    typo = tmp_path / "dta"
    out = tmp_path / "b.zip"
    backed_up, kept = run_many(
        ("backup", "--out", out, "--data-dir", typo),
        ("backup", "--keep", "3", "--data-dir", typo),
    )
    for result in (backed_up, kept):
        assert result.code == 2 and f"{typo}: holds no database" in result.stderr, result
    assert not typo.exists() and not out.exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_restore_and_its_check_say_how_far_they_are_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from approvals.cli import main

    data, out = tmp_path / "data", tmp_path / "b.zip"
    made, backed_up = run_many(
        (
            ("user", "add", "petra", "--role", "admin", "--password-stdin", "--data-dir", data),
            PASSWORD,
        ),
        ("backup", "--out", out, "--data-dir", data),
    )
    assert made.code == 0 and backed_up.code == 0, (made, backed_up)
    for argv, what in (
        (["restore", "--check", str(out), "--data-dir", str(data)], "Checking: "),
        (["restore", str(out), "--data-dir", str(data)], "Restoring: "),
    ):
        terminal = _Terminal()
        monkeypatch.setattr("sys.stderr", terminal)
        assert main(argv) == 0
        shown = terminal.getvalue()
        assert f"\r{what}" in shown and " % " in shown, shown
        assert shown.endswith("\r")  # the line is cleared: the result follows on stdout
        assert "warning" not in capsys.readouterr().out
