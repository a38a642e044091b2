"""A response's proposed value of the wrong kind for its field ("many" for board seats, a
date written "31/12", a code a choice does not have) was imported as waiting and refused
only at Accept, in the facts checks' bare words. Each proposed value is checked at import
by the checks every facts input passes (parse_facts, at that field): named in the
import's summary, on the command line (text and --json unfit_values) and in the trail,
kept as sent with the rest of the response, Accept refusing it with the field and why,
for the one deciding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from approvals.domain.errors import InputError
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import get_case
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.review import import_summary
from tests.conftest import EXAMPLES_DIR
from tests.review_support import (
    ROOT,
    accepted_on_the_command_line,
    import_as_typed,
    imported_twice_on_the_command_line,
    open_review_pair,
    proposals_by_field,
)

UNFIT = {"deal.board_seats": "many", "deal.signing_date": "31/12",
         "deal.instrument": "shares"}


def test_the_value_is_checked_at_its_field_alone() -> None:
    facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    assert review.value_problem(facts, "deal.board_seats", 3) == ""
    assert review.value_problem(facts, "deal.board_seats", "many").startswith(
        "must be a whole number")
    assert review.value_problem(facts, "deal.signing_date", "31/12").startswith(
        '"31/12" is not a valid date')
    assert review.value_problem(facts, "deal.instrument", "shares").startswith(
        '"shares" is not one of')
    assert review.value_problem(facts, "target.headquarters", "China") == ""  # stored as CN
    assert review.value_problem(facts, "target.headquarters", "Atlantis").startswith(
        "'Atlantis' is not a place the app knows")


def test_a_value_of_the_wrong_kind_is_said_at_import_kept_and_refused_at_accept(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    result = import_as_typed(pair, tmp_path, {**UNFIT, "deal.stake_after_pct": 40})
    # The rest of the response is in: the comment and every proposal, the fit one too.
    assert result.comments_added == 1 and result.proposals_added == 4
    assert not result.unreadable
    assert {(r, f, v) for r, f, v, _why in result.unfit} == {
        (pair.reference, f, v) for f, v in UNFIT.items()}
    lines = [x for x in import_summary(result) if "no value the app can store" in x]
    assert len(lines) == 3
    seats = next(x for x in lines if "Board seats" in x)
    assert seats.startswith(f"{pair.reference}: no value the app can store: the value must be "
                            'a whole number (got "many"): rita (Reviewer laptop) proposed it '
                            "for Board seats")
    assert seats.endswith("reject it, and ask the reviewer which value they meant.")
    date_line = next(x for x in lines if "31/12" in x)
    assert "write it" not in date_line and "null" not in seats  # not the typist's advice
    with db.read_session() as s:
        (details,) = s.exec(select(Event.details).where(
            col(Event.action) == "review.imported")).all()
    assert sorted(json.loads(details)["unfit_values"]) == sorted(UNFIT)
    rows = proposals_by_field(db)
    assert rows["deal.board_seats"].proposed_value == "many"  # kept as sent
    assert rows["deal.board_seats"].refused.startswith("the value must be a whole number")
    assert rows["deal.stake_after_pct"].refused == ""
    with db.session() as s, pytest.raises(InputError) as refused:
        review.decide_proposal(s, proposal_id=rows["deal.signing_date"].id, accept=True,
                               actor=ROOT)
    (problem,) = refused.value.problems
    assert problem.path == "deal.signing_date"
    assert problem.message.startswith('"31/12" is not a valid date: rita (Reviewer laptop) '
                                      "proposed it for ")
    with db.session() as s:  # the fit proposal and the rejections are unaffected
        review.decide_proposal(s, proposal_id=rows["deal.stake_after_pct"].id, accept=True,
                               actor=ROOT)
        for path in UNFIT:
            review.decide_proposal(s, proposal_id=rows[path].id, accept=False, actor=ROOT)
    with db.read_session() as s:
        assert get_case(s, pair.reference).facts.deal.stake_after_pct == 40
        # decided: no longer said (nothing to accept)
        assert all(not p.refused for p in review.list_proposals(s))


def test_the_command_line_says_it_and_refuses_to_accept_it(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    pair, imported, again = imported_twice_on_the_command_line(
        tmp_path, data_dir, db, {"deal.board_seats": "many"}, {"deal.instrument": "shares"})
    assert imported.code == 0, imported.stderr
    assert (f"{pair.reference}: deal.board_seats: no value the app can store: the value must be "
            'a whole number (got "many"): rita (Reviewer laptop) proposed it for ') \
        in imported.stdout
    assert again.code == 0, again.stderr
    body = again.json()
    assert body["unreadable_places"] == []
    (shares,) = body["unfit_values"]
    assert shares["field"] == "deal.instrument" and shares["value"] == "shares"
    assert shares["reference"] == pair.reference
    assert shares["problem"].startswith('"shares" is not one of')
    decided = accepted_on_the_command_line(db, data_dir, "deal.board_seats")
    assert decided.code == 2
    assert "deal.board_seats: the value must be a whole number" in decided.stderr
    assert "reject it, and ask the reviewer which value they meant" in decided.stderr
    assert "Traceback" not in decided.stderr
