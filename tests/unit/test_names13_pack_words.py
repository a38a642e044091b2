"""A file chosen as a review pack or a response that is no zip at all was refused as "not a
readable pack file", a word no menu uses: it is named against what it was chosen as."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from approvals.exchange.pack import RULEBOOK_KIND, PackRefused, declared_signer, verify_pack


@pytest.mark.parametrize("kind, chosen_as", [
    ("review", "review pack"), ("response", "response pack"),
    (None, "review or response pack")])
def test_a_pdf_chosen_as_a_pack_is_named_against_what_it_was_chosen_as(
        tmp_path: Path, kind: str | None, chosen_as: str) -> None:
    scan = tmp_path / "scan.zip"
    scan.write_bytes(b"%PDF-1.4 a scanned letter")
    with pytest.raises(PackRefused) as refused:
        verify_pack(scan, trusted={}, into=tmp_path / "into", expect_kind=kind)
    said = str(refused.value)
    assert f"it is not a readable {chosen_as}: it is a PDF document, not a zip file" in said
    assert "pack file" not in said


def test_a_cut_file_whose_signer_is_to_be_trusted_is_named_as_a_pack(tmp_path: Path) -> None:
    cut = tmp_path / "cut.zip"
    cut.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    with pytest.raises(PackRefused) as refused:
        declared_signer(cut)
    assert "it is not a readable review or response pack — damaged or truncated" in str(
        refused.value)


def _photos(folder: Path) -> Path:
    photos = folder / "photos.zip"
    with zipfile.ZipFile(photos, "w") as zf:
        zf.writestr("IMG_0001.jpg", b"\xff\xd8\xff" + b"x" * 64)
    return photos


@pytest.mark.parametrize("kind, chosen_as", [
    ("review", "review pack"), ("response", "response pack"),
    (None, "review or response pack"), (RULEBOOK_KIND, "rulebook update")])
def test_an_ordinary_zip_is_named_against_what_it_was_chosen_as_and_says_what_to_do(
        tmp_path: Path, kind: str | None, chosen_as: str) -> None:
    """A zip of photos chosen as a reviewer's response was "not an approvals review pack",
    and the refusal ended with a zip header's time stamp in hex: nothing to do."""
    with pytest.raises(PackRefused) as refused:
        verify_pack(_photos(tmp_path), trusted={}, into=tmp_path / "into", expect_kind=kind)
    reason = refused.value.reason
    assert reason.startswith(f"it is not an approvals {chosen_as} (it has neither ")
    assert reason.endswith(". Choose the right file, or ask the sender for it again")
