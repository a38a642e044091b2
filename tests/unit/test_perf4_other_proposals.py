"""A field's other proposals are read through, not copied per row: each of n rows held its
own tuple of the n - 1 others (5,000 proposals for one field: 25 million references)."""

from __future__ import annotations

import pytest

from approvals.services import review
from approvals.store.db import Database
from tests.unit.test_loose6_proposal_listing import _case, _propose


def _others(n: int) -> tuple[review.OtherProposal, ...]:
    return tuple(review.OtherProposal(i, f"r{i}", i, "pending", None) for i in range(n))


@pytest.mark.parametrize("skip", [None, 0, 2, 4])
def test_the_others_read_as_the_tuple_they_stand_for(skip: int | None) -> None:
    live = _others(5)
    expected = tuple(o for n, o in enumerate(live) if n != skip)
    others = review.OtherProposals(live, skip)
    assert len(others) == len(expected) and tuple(others) == expected
    assert [others[i] for i in range(len(others))] == list(expected)
    assert others[-1] == expected[-1] and others[1:3] == expected[1:3]
    assert others == expected and expected == others and others == list(expected)
    assert others != expected[:-1] and hash(others) == hash(expected)
    with pytest.raises(IndexError):
        others[len(expected)]


def test_no_row_copies_its_fields_proposals(db: Database) -> None:
    case_id, reference = _case(db)
    _propose(db, case_id, "deal.board_seats", [("pending", 3, n, None) for n in range(200)])
    with db.read_session() as s:
        listed = review.list_proposals(s, reference=reference)
    assert len(listed) == 200 and all(len(v.others) == 199 for v in listed)
    assert [o.id for o in listed[5].others] == [v.id for v in listed if v.id != listed[5].id]
    # Every row reads the one tuple of the field's proposals.
    shared = {id(v.others._live) for v in listed if isinstance(v.others, review.OtherProposals)}
    assert len(shared) == 1
