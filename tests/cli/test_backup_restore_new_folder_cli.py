"""`approvals restore FILE --data-dir NEW` (restoring onto a new machine): a backup refused
by the check leaves no new, empty data folder behind, nor the parents made for it; a good
backup restores there as before."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.cli.helpers import run_many


def test_a_refused_restore_into_a_new_folder_leaves_no_folder_behind(tmp_path: Path) -> None:
    source = tmp_path / "source"
    backup = tmp_path / "backup.zip"
    not_a_backup = tmp_path / "notes.zip"
    with zipfile.ZipFile(not_a_backup, "w") as zf:
        zf.writestr("notes.txt", "not a backup")
    refused, damaged_into, good_into = (tmp_path / "new" / "data", tmp_path / "damaged",
                                        tmp_path / "restored" / "data")
    made, backed_up = run_many(
        (("user", "add", "petra", "--role", "admin", "--password-stdin", "--data-dir", source),
         "correct horse battery\n"),
        ("backup", "--out", backup, "--data-dir", source),
    )
    assert made.code == 0 and backed_up.code == 0, (made, backed_up)
    damaged = tmp_path / "damaged.zip"
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))

    wrong, broken, restored = run_many(
        ("restore", not_a_backup, "--data-dir", refused),
        ("restore", damaged, "--data-dir", damaged_into),
        ("restore", backup, "--data-dir", good_into),
    )
    assert wrong.code == 1 and "Nothing was changed" in wrong.stderr, wrong
    assert not (tmp_path / "new").exists()  # the parent made for it goes too
    assert broken.code == 1 and "Nothing was changed" in broken.stderr, broken
    assert not damaged_into.exists()
    assert restored.code == 0, restored
    assert (good_into / "approvals.db").is_file()


def test_a_refused_restore_into_an_empty_folder_made_for_it_leaves_it_empty(tmp_path: Path) -> None:
    """`mkdir data` first, then the wrong file: "Nothing was changed" holds there too (no
    backups/, documents/ nor logs/ left set up in it)."""
    folder = tmp_path / "data"
    folder.mkdir()
    not_a_backup = tmp_path / "report.pdf"
    not_a_backup.write_bytes(b"%PDF-1.4\n%%EOF\n")
    [wrong] = run_many(("restore", not_a_backup, "--data-dir", folder))
    assert wrong.code == 1 and "Nothing was changed" in wrong.stderr, wrong
    assert list(folder.iterdir()) == []
