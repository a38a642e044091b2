"""A key exported with a label in Chinese is written, and trusted elsewhere with its label."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many


def test_a_key_labelled_in_chinese_goes_from_one_office_to_the_other(tmp_path: Path) -> None:
    beijing, new_york = tmp_path / "beijing", tmp_path / "new-york"
    key_file = tmp_path / "beijing.pub"
    exported, shown = run_many(
        ("key", "export", "--out", key_file, "--label", "北京办公室", "--data-dir", beijing),
        ("key", "show", "--json", "--data-dir", beijing))
    assert exported.code == 0, exported.stderr
    assert "Traceback" not in exported.stderr
    assert key_file.read_text(encoding="utf-8").rstrip().endswith(" 北京办公室")

    added, trusted, listed = run_many(
        (("user", "add", "pat", "--role", "admin", "--password-stdin", "--data-dir", new_york),
         "correct horse battery\n"),
        ("key", "trust", key_file, "--fingerprint", shown.json()["fingerprint"],
         "--data-dir", new_york),
        ("key", "list", "--json", "--data-dir", new_york))
    assert added.code == 0 and trusted.code == 0, (added, trusted)
    assert [k["label"] for k in listed.json()["keys"]] == ["北京办公室"], listed
