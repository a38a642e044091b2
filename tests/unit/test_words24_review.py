"""words24: a refusal names a pack as the review windows and the other review messages do,
by the first 8 characters of its id, not by the whole 36-character id."""

from __future__ import annotations

from typing import Any

from approvals.services.review import _own_pack_refusal

PACK = "2c0c3162-9a1b-4c5d-8e7f-0123456789ab"


def test_own_review_pack_is_named_by_its_short_id() -> None:
    manifest = {"kind": "review", "pack_id": PACK, "created_at": "2026-11-29T22:41:00Z",
                "cases": [{"reference": "AP-2026-0001"}]}
    said = _own_pack_refusal(None, manifest, None)  # type: ignore[arg-type]
    assert said is not None and said.startswith(
        "it is the review pack 2c0c3162 that this installation exported on 2026-11-29 at 22:41 "
        "UTC for AP-2026-0001, not a reviewer's response"), said
    assert PACK not in said


def test_own_response_names_the_pack_it_answers_by_its_short_id(monkeypatch: Any) -> None:
    import approvals.services.review as review

    class Reading:
        def __enter__(self) -> object:
            return object()

        def __exit__(self, *_: object) -> None:
            return None

    monkeypatch.setattr(review, "reading_beside", lambda _session: Reading())
    monkeypatch.setattr(review, "_exported_cases", lambda _reading, _id: {"AP-2026-0001": (1, {})})
    manifest = {"kind": "response", "pack_id": "ffffffff-0000-0000-0000-000000000000",
                "in_reply_to": PACK}
    said = _own_pack_refusal(None, manifest, "review", command_line=True)  # type: ignore[arg-type]
    assert said is not None and "answering review pack 2c0c3162, not a review pack" in said, said
    assert PACK not in said
