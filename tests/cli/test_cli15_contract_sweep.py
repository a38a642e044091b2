"""Line-by-line findings of the command-line contract check (../shared/spec/cli.md)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many


def test_audit_verify_says_which_folder_held_nothing_to_check(tmp_path: Path) -> None:
    """A scheduled `audit verify --data-dir` with a mistyped folder said "Audit trail
    intact: 0 events checked." alone: a trail checked and found intact. It names the
    folder as `case list` and `user list` do, and still creates nothing (exit 0: an empty
    chain is intact)."""
    never = tmp_path / "aprovals"
    verified, listed = run_many(("audit", "verify", "--data-dir", never),
                                ("case", "list", "--data-dir", never))
    assert (verified.code, verified.stderr) == (0, ""), verified
    assert verified.stdout == (f"Audit trail intact: 0 events checked. {never} holds no "
                               "Approvals database (is the data folder right?).\n")
    assert f"{never} holds no Approvals database (is the data folder right?)." in listed.stdout
    assert not never.exists()
