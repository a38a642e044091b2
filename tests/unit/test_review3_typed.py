"""Typed but unsaved review input, kept per user beside an opened pack (keep_typed_input)."""

from __future__ import annotations

import pytest

from approvals.domain.errors import NotFound
from approvals.paths import DataDir
from approvals.services import review


def _pack_folder(data_dir: DataDir, pack_id: str = "abc123"):
    folder = review.reviews_dir(data_dir) / pack_id
    folder.mkdir(parents=True)
    return folder


def test_each_user_keeps_their_own_and_empty_removes_it(data_dir: DataDir) -> None:
    folder = _pack_folder(data_dir)
    review.keep_typed_input(data_dir=data_dir, pack_id="abc", username="bea",
                            typed={"case_comment": "Check the SPA"})
    review.keep_typed_input(data_dir=data_dir, pack_id="abc", username="carl",
                            typed={"propose": "2"})
    assert review.typed_input(data_dir, "abc", "bea") == {"case_comment": "Check the SPA"}
    assert review.typed_input(data_dir, "abc", "carl") == {"propose": "2"}
    review.keep_typed_input(data_dir=data_dir, pack_id="abc", username="bea", typed={})
    assert review.typed_input(data_dir, "abc", "bea") == {}
    review.keep_typed_input(data_dir=data_dir, pack_id="abc", username="carl", typed={})
    assert not (folder / review.TYPED_FILE).exists()  # nothing kept: no file either


def test_a_damaged_file_reads_as_nothing_and_is_written_over(data_dir: DataDir) -> None:
    folder = _pack_folder(data_dir)
    (folder / review.TYPED_FILE).write_text("{not json", encoding="utf-8")
    assert review.typed_input(data_dir, "abc123", "bea") == {}
    review.keep_typed_input(data_dir=data_dir, pack_id="abc123", username="bea",
                            typed={"propose": "2"})
    assert review.typed_input(data_dir, "abc123", "bea") == {"propose": "2"}


def test_a_pack_not_open_here_is_refused(data_dir: DataDir) -> None:
    with pytest.raises(NotFound):
        review.keep_typed_input(data_dir=data_dir, pack_id="nope", username="bea", typed={})
