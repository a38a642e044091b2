"""The summary an imported response shows says when an earlier response came late and
when the reviewer withdrew a proposal (the command line says both; the app said
"Nothing new" for a late response that was set aside)."""

from __future__ import annotations

from approvals.services.review import ImportResult
from approvals.ui.review import import_summary


def _result(**kw: object) -> ImportResult:
    return ImportResult(kind="response", pack_id="r" * 32, in_reply_to="p" * 32,
                        reviewer="rita", reviewer_label="Rita's laptop",
                        references=("AP-2026-0001",), **kw)  # type: ignore[arg-type]


def test_a_late_response_says_which_values_a_later_one_replaced() -> None:
    lines = import_summary(_result(
        comments_skipped=2,
        set_aside=(("AP-2026-0001", "deal.board_seats"), ("AP-2026-0001", "recommendation"))))
    text = "\n".join(lines)
    assert ("A later response from this reviewer was imported before this one and stands "
            "for: Board seats (Deal), the recommendation of AP-2026-0001 (this response's "
            "values are kept as replaced).") in text
    assert "Nothing new" not in text


def test_a_withdrawn_proposal_is_named_in_words() -> None:
    lines = import_summary(_result(withdrawn=(("AP-2026-0001", "deal.board_seats"),)))
    assert "AP-2026-0001: the reviewer withdrew the proposed change to Board seats (Deal)." in lines
    assert not any("Nothing new" in line for line in lines)


def test_nothing_new_still_says_so() -> None:
    assert any("Nothing new" in line for line in import_summary(_result(comments_skipped=1)))
