"""A stake of 50 % or more is control whatever the officer's assessment says (the facts
schema; Order 37). With "acquires control: no" beside a 50 % stake, the Chinese
application stated "双方声明，外国投资者不取得…实际控制权" in Part 4 while Part 9 of the same
PDF said the stake is control. It now states the control the stake is, and the screening
asks (a point to check, printed in a draft's box) for the answer to be corrected."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pypdf
import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from approvals.services.cases import create_case
from approvals.services.filings import render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.conftest import EXAMPLES_DIR

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))


def _facts(stake: float, control: bool | None) -> dict:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    data["deal"].update(stake_after_pct=stake, acquires_control=control, veto_rights=False,
                        board_seats=0)
    return data


def _advice(stake: float, control: bool | None) -> list[str]:
    result = screen(parse_facts(_facts(stake, control)), date(2026, 12, 1))
    fisr = next(d for d in result.determinations if d.regime == "CN-FISR")
    return [r.text for r in fisr.reasons if r.advice and "correct the answer" in r.text]


@pytest.mark.parametrize(("stake", "control", "asked"), [
    (50, False, True), (75.5, False, True), (50, True, False), (50, None, False),
    (49.99, False, False)])
def test_the_screening_asks_to_correct_no_control_beside_a_controlling_stake(
        stake: float, control: bool | None, asked: bool) -> None:
    said = _advice(stake, control)
    assert bool(said) is asked, said
    if asked:
        assert said == ["the officer's assessment says the investor does not acquire control, "
                        "but a stake of 50 % or more is control whatever it says: correct the "
                        "answer"]


def _part_4(db: Database, stake: float, control: bool | None) -> str:
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(_facts(stake, control)),
                                actor=ADMIN).reference
    with db.read_session() as session:
        pdf = render_filing(session=session, reference=reference, kind="cn-application",
                            actor=ADMIN).pdf
    text = re.sub(r"\s+", "", "".join(p.extract_text() or ""
                                      for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    return text


def test_the_application_states_control_at_half_whatever_the_assessment(db: Database) -> None:
    text = _part_4(db, 50, False)
    assert "外国投资者持有申请人50%的股权，将取得对申请人的实际控制权" in text
    assert "With50%oftheequity,theforeigninvestorwillacquireactualcontroloftheapplicant" in text
    assert "不取得对申请人的实际控制权" not in text and "willnotacquire" not in text
    assert "correcttheanswer" in text  # the draft's box asks for the answer to be corrected


def test_below_half_the_parties_statement_stands(db: Database) -> None:
    text = _part_4(db, 30, False)
    assert "双方声明，外国投资者不取得对申请人的实际控制权" in text
    assert "Thepartiesstatethattheforeigninvestorwillnotacquireactualcontrol" in text
