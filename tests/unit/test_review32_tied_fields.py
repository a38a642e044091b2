"""A proposal for one field of a group stated only whole (an amount's value and currency)
was made with the other as it was: the other changed here since the export is a conflict,
shown and never accepted silently (the reviewer's 35,000,000 meant in USD, stored as CNY)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import ConflictError
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.store.models import Case
from tests.review_support import PAT, RITA, open_review_pair, write_response
from tests.unit.test_review6_changed_here import edit_here


def test_the_fields_tied_together_are_those_of_a_group_stated_only_whole() -> None:
    assert review.tied_fields("deal.amount.value") == ("deal.amount.currency",)
    assert review.tied_fields("deal.amount.currency") == ("deal.amount.value",)
    # A group with fields of its own standing (only its name required): none tied.
    assert review.tied_fields("target.name_en") == ()
    assert review.tied_fields("deal.stake_after_pct") == ()


@pytest.fixture
def currency_changed(tmp_path: Path, data_dir: DataDir, db: Database):
    """The reviewer proposes a new amount; meanwhile the currency is changed here."""
    pair = open_review_pair(tmp_path, data_dir, db)
    with db.read_session() as s:
        case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
        currency = json.loads(case.facts)["deal"]["amount"]["currency"]
    other = "CNY" if currency != "CNY" else "USD"
    review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                          field_path="deal.amount.value", value=35_000_000, actor=RITA)
    response = write_response(pair, tmp_path / "response.zip")
    edit_here(db, pair.reference, {"deal.amount.currency": other}, actor=PAT, reason="per the SPA")
    with db.session() as s:
        result = review.import_response(s, data_dir=data_dir, path=response, actor=PAT)
    yield pair, result, currency, other
    pair.b_db.dispose()


def test_a_changed_currency_makes_the_amount_proposal_a_conflict(currency_changed, db) -> None:
    pair, result, was, now = currency_changed
    # The import says which field changed here.
    assert (pair.reference, "deal.amount.currency") in result.conflicts
    with db.read_session() as s:
        (view,) = review.list_proposals(s, reference=pair.reference)
    assert view.conflict
    assert view.current_value == view.base_value  # its own field unchanged
    assert view.tied_changed == (("deal.amount.currency", was, now),)
    assert view.changed_here is not None and view.changed_here.reason == "per the SPA"


def test_accepting_it_needs_the_conflict_overridden(currency_changed, db) -> None:
    pair, _result, was, now = currency_changed
    with db.session() as s:
        (view,) = review.list_proposals(s, reference=pair.reference)
        with pytest.raises(ConflictError) as refused:
            review.decide_proposal(s, proposal_id=view.id, accept=True, actor=PAT)
    message = str(refused.value)
    assert f'changed here from "{was}" to "{now}"' in message and "35000000" in message
    with db.session() as s:  # nothing was stored by the refusal
        case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
        assert json.loads(case.facts)["deal"]["amount"]["value"] != 35_000_000
        done = review.decide_proposal(s, proposal_id=view.id, accept=True, actor=PAT,
                                      override_conflict=True, reason="meant in the new currency")
    assert done.status == "accepted"
    with db.read_session() as s:
        case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
        assert json.loads(case.facts)["deal"]["amount"] == {"currency": now, "value": 35_000_000}


def test_the_currency_changed_back_is_no_conflict(currency_changed, db) -> None:
    pair, _result, was, _now = currency_changed
    edit_here(db, pair.reference, {"deal.amount.currency": was}, actor=PAT, reason="undone")
    with db.read_session() as s:
        (view,) = review.list_proposals(s, reference=pair.reference)
    assert not view.conflict and view.tied_changed == ()


def test_the_value_and_the_currency_proposed_together_are_no_conflict(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    """The reviewer meant 35,000,000 in the currency they proposed with it: accepting the
    currency first leaves the value to be accepted as any other (and the other way round)."""
    pair = open_review_pair(tmp_path, data_dir, db)
    with db.read_session() as s:
        case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
        currency = json.loads(case.facts)["deal"]["amount"]["currency"]
    other = "CNY" if currency != "CNY" else "USD"
    for path, value in (("deal.amount.value", 35_000_000), ("deal.amount.currency", other)):
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                              field_path=path, value=value, actor=RITA)
    response = write_response(pair, tmp_path / "response.zip")
    with db.session() as s:
        result = review.import_response(s, data_dir=data_dir, path=response, actor=PAT)
    assert result.conflicts == ()
    with db.read_session() as s:
        views = {v.field_path: v for v in review.list_proposals(s, reference=pair.reference)}
    with db.session() as s:
        review.decide_proposal(s, proposal_id=views["deal.amount.currency"].id, accept=True, actor=PAT)
    with db.read_session() as s:
        value = {v.field_path: v for v in review.list_proposals(s, reference=pair.reference)}[
            "deal.amount.value"]
    assert not value.conflict and value.tied_changed == ()
    with db.session() as s:  # no override asked for
        review.decide_proposal(s, proposal_id=value.id, accept=True, actor=PAT)
    with db.read_session() as s:
        case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
        assert json.loads(case.facts)["deal"]["amount"] == {"currency": other, "value": 35_000_000}
    pair.b_db.dispose()


def test_each_case_of_a_response_is_judged_by_its_own_exported_facts(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    """Two cases in one pack, the second with another amount: the first case's currency
    proposal, nothing changed here, is no conflict (the import compared it with the facts of
    the last case of the response, and said "changed here" of a case nobody had touched)."""
    from approvals.services.cases import import_case
    from tests.conftest import EXAMPLES_DIR
    from tests.review_support import ROOT

    with db.session() as s:
        first = import_case(s, data=json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
            encoding="utf-8")), actor=ROOT).reference
        other = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        other["deal"]["amount"] = {"currency": "EUR", "value": 60_000_000}
        second = import_case(s, data=other, actor=ROOT).reference
    pair = open_review_pair(tmp_path, data_dir, db)  # trusts both ways; its own pack aside
    pack = tmp_path / "two.zip"
    try:
        with db.session() as s:
            review.export_review_pack(s, data_dir=data_dir, references=[first, second], out=pack,
                                      actor=PAT)
        with pair.b_db.session() as s:
            pack_id = review.open_review_pack(s, data_dir=pair.b_dir, path=pack, actor=RITA).pack_id
        review.propose_change(data_dir=pair.b_dir, pack_id=pack_id, reference=first,
                              field_path="deal.amount.currency", value="CNY", actor=RITA)
        with pair.b_db.session() as s:
            review.export_response_pack(s, data_dir=pair.b_dir, pack_id=pack_id,
                                        out=tmp_path / "answer.zip", actor=RITA)
    finally:
        pair.b_db.dispose()
    with db.session() as s:
        result = review.import_response(s, data_dir=data_dir, path=tmp_path / "answer.zip",
                                        actor=PAT)
    assert result.conflicts == ()
