"""A file that is no zip at all was refused with zipfile's own words in brackets ("(File is
not a zip file)"). Each reader of a chosen file (a backup to restore, a review pack, a
rulebook update, a pack whose signer to trust) now says what the file is and what to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.exchange.pack import RULEBOOK_KIND, PackRefused, declared_signer, verify_pack
from approvals.services import backup

RAW_WORDS = ("File is not a zip file", "Bad magic number", "Truncated", "zipfile")


def _as_backup(path: Path) -> str:
    with pytest.raises(CheckFailed) as refused:
        backup.verify_backup(path)
    return str(refused.value)


def _as_pack(kind: str | None) -> Callable[[Path], str]:
    def refused_words(path: Path) -> str:
        with pytest.raises(PackRefused) as refused:
            verify_pack(path, trusted={}, into=path.parent / "into", expect_kind=kind)
        return str(refused.value)
    return refused_words


def _as_signer(path: Path) -> str:
    with pytest.raises(PackRefused) as refused:
        declared_signer(path)
    return str(refused.value)


READERS = {"backup": (_as_backup, "backup file"),
           "review pack": (_as_pack("review"), "review pack"),
           "rulebook update": (_as_pack(RULEBOOK_KIND), "rulebook update file"),
           "signer's key": (_as_signer, "review or response pack")}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("name, data, words", [
    ("notes.txt", "Minutes of the 3 May meeting — ÅÄÖ\n".encode() * 4, "it is a text file, not a zip file"),
    ("facts.json", b'{"company": "Frontier Lab"}', "it is a text file, not a zip file"),
    ("blob.bin", bytes(range(256)), "it is a file of another kind, not a zip file"),
])
def test_a_file_that_is_no_zip_is_named_for_what_it_is(
        tmp_path: Path, reader: str, name: str, data: bytes, words: str) -> None:
    refuse, what = READERS[reader]
    chosen = tmp_path / name
    chosen.write_bytes(data)
    said = refuse(chosen)
    assert f"it is not a readable {what}: {words}; choose the right .zip file" in said
    reason = said.split(". Nothing was changed")[0]  # a backup's refusal adds a hint after
    assert not any(raw in said for raw in RAW_WORDS) and "(" not in reason


@pytest.mark.parametrize("reader", READERS)
def test_a_cut_or_empty_zip_is_said_as_damaged_in_words(tmp_path: Path, reader: str) -> None:
    refuse, what = READERS[reader]
    cut, empty = tmp_path / "cut.zip", tmp_path / "empty.zip"
    cut.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    empty.write_bytes(b"")
    said_cut, said_empty = refuse(cut), refuse(empty)
    assert (f"it is not a readable {what} — damaged or truncated (it starts as a zip file but "
            "its contents cannot be read)") in said_cut
    assert f"it is not a readable {what} — damaged or truncated (the file is empty)" in said_empty
    for said in (said_cut, said_empty):
        assert not any(raw in said for raw in RAW_WORDS)
        assert ("copy it again from where it is kept" if reader == "backup"
                else "ask the sender for it again") in said
