"""A place proposed in review mode went into the facts as typed: "China" (or "CN (China)",
as the Overview shows the place) was stored beside the codes every other case has, and
screening, which compares codes, took the accepted place as one it cannot read. Review
mode also showed a place as its bare code where the Overview says "CN (China)"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.exchange.pack import PackRefused
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.ui.review import proposal_hint, readable_value
from tests.review_support import PAT, RITA, open_review_pair, write_response


# The example's investor is in the US: each of these is a proposal of another place.
@pytest.mark.parametrize("typed, stored", [
    ("China", "CN"), ("CN (China)", "CN"), ("中国", "CN"), ("hk", "HK"), ("Cayman Islands", "KY"),
])
def test_a_place_is_proposed_as_its_code(tmp_path: Path, data_dir: DataDir, db: Database,
                                         typed: str, stored: str) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    draft = review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, field_path="investor.jurisdiction",
                                  value=typed, actor=RITA)
    assert draft is not None and draft.proposed_value == stored
    (case,) = review.get_review(pair.b_dir, pair.pack_id).cases
    assert [(p.field_path, p.proposed_value) for p in case.proposals] == [
        ("investor.jurisdiction", stored)]
    # The pack's own place typed by its name is no proposal (it withdraws one).
    assert review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                 reference=pair.reference, field_path="investor.jurisdiction",
                                 value="United States", actor=RITA) is None


@pytest.mark.parametrize("typed, said", [
    ("Korea", "could be South Korea (KR) or North Korea (KP)"),
    ("Atlantis", "is not a place the app knows"),
])
def test_a_place_the_app_cannot_read_is_refused_at_the_field(
        tmp_path: Path, data_dir: DataDir, db: Database, typed: str, said: str) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    with pytest.raises(InputError) as refused:
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, field_path="target.headquarters",
                              value=typed, actor=RITA)
    (problem,) = refused.value.problems
    assert problem.path == "target.headquarters" and said in problem.message


def test_review_mode_shows_a_place_as_the_overview_does() -> None:
    assert readable_value("target.jurisdiction", "CN") == "CN (China)"
    assert readable_value("investor.jurisdiction", "US") == "US (United States)"
    assert readable_value("target.name_en", "CN") == "CN"  # a name is no place
    assert proposal_hint("target.headquarters").startswith("A place: its code or name")


def test_a_group_of_fields_is_proposed_field_by_field(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    """`deal` (or `deal.amount`) proposed whole was one row of JSON, decided in one go for
    every field in it, beside proposals for some of the same fields."""
    pair = open_review_pair(tmp_path, data_dir, db)
    for group in ("deal", "deal.amount"):
        with pytest.raises(InputError) as refused:
            review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, field_path=group,
                                  value={"currency": "USD", "value": 1}, actor=RITA)
        (problem,) = refused.value.problems
        assert problem.path == "field" and "is a group of fields" in problem.message
    assert review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                 reference=pair.reference, field_path="deal.amount.value",
                                 value=1, actor=RITA) is not None
    # Sent whole all the same (another app, a hand): the response is refused, nothing kept.
    folder = review._review_folder(pair.b_dir, pair.pack_id)
    saved = json.loads((folder / review.INPUT_FILE).read_text(encoding="utf-8"))
    saved[pair.reference]["proposals"]["deal.amount"] = {
        "base_value": {"currency": "USD", "value": 5}, "proposed_value": {"currency": "USD", "value": 1},
        "author": "rita"}
    (folder / review.INPUT_FILE).write_text(json.dumps(saved), encoding="utf-8")
    try:
        out = write_response(pair, tmp_path / "response.zip")
    finally:
        pair.b_db.dispose()
    with pair.a_db.session() as s, pytest.raises(PackRefused) as refused_pack:
        review.import_response(s, data_dir=pair.a_dir, path=out, actor=PAT)
    assert "'deal.amount' as a whole, which is a group of fields" in str(refused_pack.value)
    with pair.a_db.read_session() as s:
        assert review.list_proposals(s, reference=pair.reference) == []
