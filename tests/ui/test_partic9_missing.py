"""What a draft lists as missing, as the Generate filing dialog's status line names it."""

from __future__ import annotations

from approvals.ui.filing_preview import missing_words


def test_a_missing_track_or_screening_is_named_with_where_to_supply_it() -> None:
    """The status line under a draft said "…; tracks; and 10 more"."""
    assert missing_words("tracks") == "An open track for this filing (Tracks tab)"
    assert missing_words("screening") == "A current screening of the case (Screening tab)"
    assert missing_words("investor.ultimate_parent") == "Ultimate parent (Investor)"  # as was
