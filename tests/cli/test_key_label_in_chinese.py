"""A key exported with a label in Chinese is written, and trusted elsewhere with its label."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_cli


def test_a_key_labelled_in_chinese_goes_from_one_office_to_the_other(tmp_path: Path) -> None:
    beijing, new_york = tmp_path / "beijing", tmp_path / "new-york"
    key_file = tmp_path / "beijing.pub"
    exported = run_cli("key", "export", "--out", key_file, "--label", "北京办公室",
                       data_dir=beijing)
    assert exported.code == 0, exported.stderr
    assert "Traceback" not in exported.stderr
    assert key_file.read_text(encoding="utf-8").rstrip().endswith(" 北京办公室")
    fingerprint = run_cli("key", "show", "--json", data_dir=beijing).json()["fingerprint"]

    assert run_cli("user", "add", "pat", "--role", "admin", "--password-stdin",
                   stdin="correct horse battery\n", data_dir=new_york).code == 0
    trusted = run_cli("key", "trust", key_file, "--fingerprint", fingerprint,
                      data_dir=new_york)
    assert trusted.code == 0, trusted.stderr
    listed = run_cli("key", "list", "--json", data_dir=new_york).json()
    assert [k["label"] for k in listed["keys"]] == ["北京办公室"], listed
