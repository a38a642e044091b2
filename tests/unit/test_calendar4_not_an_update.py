"""A zip that is no approvals file at all (photos.zip) chosen as a rulebook update is
refused as not a rulebook update; it read "not an approvals review pack", naming a file
the officer never meant. The review-pack wording stays for review packs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from approvals.exchange.pack import RULEBOOK_KIND, PackRefused, verify_pack
from approvals.paths import DataDir
from approvals.store.db import Database
from tests.cli.helpers import run_many


def _photos(folder: Path) -> Path:
    photos = folder / "photos.zip"
    with zipfile.ZipFile(photos, "w") as zf:
        zf.writestr("IMG_0001.jpg", b"\xff\xd8\xff" + b"x" * 64)
        zf.writestr("holiday/IMG_0002.jpg", b"\xff\xd8\xff" + b"y" * 64)
    return photos


def test_each_refusal_names_the_file_its_reader_expected(tmp_path: Path) -> None:
    photos = _photos(tmp_path)
    with pytest.raises(PackRefused) as update:
        verify_pack(photos, trusted={}, into=tmp_path / "u", expect_kind=RULEBOOK_KIND)
    assert update.value.reason.startswith(
        "it is not an approvals rulebook update (it has neither manifest.json nor "
        "manifest.sig), or it was altered after it was written. Choose the right file")
    assert "review pack" not in update.value.reason
    with pytest.raises(PackRefused) as review:
        verify_pack(photos, trusted={}, into=tmp_path / "r", expect_kind="review")
    assert review.value.reason.startswith(
        "it is not an approvals review pack (it has neither manifest.json nor "
        "manifest.sig), or it was altered after it was written. Choose the right file")


def test_a_file_that_is_no_zip_is_named_as_the_update_file(tmp_path: Path) -> None:
    pdf = tmp_path / "notice.zip"
    pdf.write_bytes(b"%PDF-1.7\n" + b"x" * 64)
    with pytest.raises(PackRefused) as update:
        verify_pack(pdf, trusted={}, into=tmp_path / "u", expect_kind=RULEBOOK_KIND)
    assert update.value.reason.startswith("it is not a readable rulebook update file: it is "
                                          "a PDF document")


def test_the_cli_says_what_it_expected(tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    db.dispose()  # the CLI opens the folder's database itself
    # Forked (run_many): `rulebook install` keeps a real process in test_rulebook_updates_cli.
    [result] = run_many(("rulebook", "install", _photos(tmp_path), "--data-dir", data_dir.root))
    assert result.code == 1, result.stderr
    assert ("The rulebook update photos.zip was refused: it is not an approvals rulebook "
            "update (it has neither manifest.json nor manifest.sig)") in result.stderr
    assert "review pack" not in result.stderr and "Traceback" not in result.stderr
