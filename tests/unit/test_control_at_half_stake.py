"""A stake of 50 % or more is control whatever the officer's assessment says (the facts
schema; Order 37). With "acquires control: no" beside a 50 % stake, the Chinese
application stated "双方声明，外国投资者不取得…实际控制权" in Part 4 while Part 9 of the same
PDF said the stake is control. It now states the control the stake is, and the screening
asks (a point to check, printed in a draft's box) for the answer to be corrected."""

from __future__ import annotations

from datetime import date

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from approvals.store.db import Database
from tests.cn_draft import cn_draft_text, frontier


def _facts(stake: float, control: bool | None) -> dict:
    return frontier(lambda data: data["deal"].update(
        stake_after_pct=stake, acquires_control=control, veto_rights=False, board_seats=0))


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
    return cn_draft_text(db, _facts(stake, control))


def test_the_application_states_control_at_half_whatever_the_assessment(db: Database) -> None:
    text = _part_4(db, 50, False)
    assert "外国投资者持有申请人50%的股权，将取得对申请人的实际控制权" in text
    assert "With50%oftheequity,theforeigninvestorwillacquireactualcontroloftheapplicant" in text
    assert "不取得对申请人的实际控制权" not in text and "willnotacquire" not in text
    assert "correcttheanswer" in text  # the draft's box asks for the answer to be corrected
    # And Part 4 says so where the answer is overridden, whatever the stored screening
    # (one made before it named the point) carries.
    assert ("Thefactsanswerthattheforeigninvestordoesnotacquirecontrol;astakeof50%ormoreis"
            "controlwhateverthatanswersays,sothispartstatescontrol:correcttheanswer") in text
    assert "事实信息中填写外国投资者不取得控制权；持股比例达到50%以上即构成控制" in text


def test_below_half_the_parties_statement_stands(db: Database) -> None:
    text = _part_4(db, 30, False)
    assert "双方声明，外国投资者不取得对申请人的实际控制权" in text
    assert "Thepartiesstatethattheforeigninvestorwillnotacquireactualcontrol" in text
    assert "Thefactsanswerthat" not in text
