"""Finishing a draft opens the case exactly as creating it does: screened once, tracks open."""

from __future__ import annotations

import json

from sqlmodel import select

from approvals.services.drafts import finish_draft, save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack, Screening
from tests.conftest import EXAMPLES_DIR


def test_finish_draft_screens_once_and_opens_tracks(db: Database, admin: Actor) -> None:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text())
    with db.session() as s:
        ref = save_draft(s, actor=admin, data={"target": {"name_en": "Half typed"}}).reference
    with db.session() as s:
        case = finish_draft(s, actor=admin, reference=ref, data=data)
    with db.read_session() as s:
        current = s.exec(select(Screening.current).where(Screening.case_id == case.id)).all()
        regimes = s.exec(select(FilingTrack.regime).where(FilingTrack.case_id == case.id)).all()
    assert current == [True]  # screened once, not once by the service and again by the UI
    assert regimes, "the frontier-lab facts need at least one filing"
    assert len(set(regimes)) == len(regimes)


def test_a_draft_keeps_values_typed_wrongly_and_lists_what_it_can(
    db: Database, admin: Actor
) -> None:
    """The wizard saves mistyped values as typed (an amount without currency, '150m',
    '6,5'); the draft stores them and the case list shows only what reads as a value."""
    from approvals.store.models import Case

    partial = {"target": {"name_en": "Half typed", "turnover_cny": {"china": "6,5"}},
               "deal": {"amount": {"value": "150m", "currency": "USD"}}}
    with db.session() as s:
        ref = save_draft(s, actor=admin, data=partial).reference
    with db.session() as s:
        info = save_draft(s, actor=admin, data={**partial, "deal": {"amount": {"value": 5}}},
                          reference=ref, expected_version=1)
    assert info.data["deal"]["amount"] == {"value": 5}
    with db.read_session() as s:
        row = s.exec(select(Case).where(Case.reference == ref)).one()
        assert (row.amount_value, row.amount_currency) == (5.0, None)
        assert json.loads(row.facts)["target"]["turnover_cny"]["china"] == "6,5"


def test_a_draft_with_a_figure_too_large_for_a_float_saves_and_finishing_names_it(
    db: Database, admin: Actor
) -> None:
    """400 digits in a draft's amount: the draft saves (the list shows no amount) instead of
    failing with an overflow, and finishing it is refused at the field."""
    import pytest

    from approvals.domain.errors import InputError
    from approvals.store.models import Case

    huge = int("9" * 400)
    with db.session() as s:
        ref = save_draft(s, actor=admin,
                         data={"deal": {"amount": {"value": huge, "currency": "USD"}}}).reference
    with db.read_session() as s:
        assert s.exec(select(Case.amount_value).where(Case.reference == ref)).one() is None
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text())
    data["deal"]["amount"]["value"] = huge
    with db.session() as s, pytest.raises(InputError) as err:
        finish_draft(s, actor=admin, reference=ref, data=data)
    assert [(p.path, p.message) for p in err.value.problems] == [
        ("deal.amount.value", "is too large to be a real figure (400 digits)")]
