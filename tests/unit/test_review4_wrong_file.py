"""A file chosen by mistake (a PDF, a database) is said to be that, with what to choose
instead; a damaged zip says to copy it again."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.exchange.pack import PackRefused
from approvals.exchange.zipcheck import open_zip


def _refused(path: Path) -> str:
    with pytest.raises(PackRefused) as refused:
        open_zip(path, lambda reason: PackRefused(path, reason), "pack file")
    return str(refused.value)


def test_a_pdf_chosen_by_mistake_is_named_as_one(tmp_path: Path) -> None:
    pdf = tmp_path / "SPA.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% share purchase agreement")
    said = _refused(pdf)
    assert "it is a PDF document, not a zip file; choose the right .zip file" in said
    assert "damaged" not in said


def test_a_damaged_or_empty_pack_says_to_copy_it_again(tmp_path: Path) -> None:
    for name, data in (("cut.zip", b"PK\x03\x04" + b"\0" * 20), ("empty.zip", b"")):
        (tmp_path / name).write_bytes(data)
        said = _refused(tmp_path / name)
        assert "damaged or truncated" in said
        assert "copy it again, or ask the sender for it again" in said
