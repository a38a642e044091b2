"""A stored screening citing a rule the rulebook in use no longer holds (an update
withdrew it) keeps its "(verify)" mark: it lost it, and its ground read as checked."""

from __future__ import annotations

from approvals.domain.rulebook import default_rulebook_dir, load_rulebook, unverified_among


def test_a_rule_the_rulebook_does_not_hold_is_marked() -> None:
    book = load_rulebook(default_rulebook_dir())
    verified = next(r.id for r in book.rules if r.verified)
    unverified = next(r.id for r in book.rules if not r.verified)
    assert unverified_among(book, [verified, unverified, "US-OISP.excepted.withdrawn", ""]) \
        == {unverified, "US-OISP.excepted.withdrawn"}
