"""The Chinese application printed the English commercial rationale as its 投资目的: the
facts hold one rationale, which the US notification prints too. A filing particular,
the purpose in Chinese, now stands above it; a draft without one says the purpose is in
English only."""

from __future__ import annotations

import json
import re

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.filings import set_filing_particulars
from approvals.store.db import Database
from tests.cn_draft import ADMIN, cn_draft_text, frontier
from tests.conftest import EXAMPLES_DIR

PURPOSE = "对一家前沿模型研发企业进行少数股权成长型投资。"


def _draft(db: Database, purpose: str | None) -> str:
    return cn_draft_text(db, frontier(), None if purpose is None
                         else {"applicant": {"purpose_zh": purpose}})


def test_the_chinese_purpose_stands_above_the_english_rationale(db: Database) -> None:
    rationale = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
        encoding="utf-8"))["deal"]["commercial_rationale"]
    text = _draft(db, PURPOSE)
    squashed = re.sub(r"\s+", "", rationale)
    assert f"投资目的Purposeoftheinvestment{PURPOSE}{squashed}" in text
    assert "投资目的仅有英文" not in text


def test_without_it_a_draft_says_the_purpose_is_in_english_only(db: Database) -> None:
    text = _draft(db, None)
    assert "投资目的仅有英文：请在Filingparticulars（申请人—投资目的（中文））中填写中文。" in text
    assert "ThepurposeoftheinvestmentisinEnglishonly" in text


def test_it_is_one_cases_and_in_chinese(db: Database) -> None:
    import pytest

    from approvals.domain.errors import InputError

    with db.session() as session, pytest.raises(InputError) as err:
        set_filing_particulars(session=session, actor=ADMIN,
                               values={"applicant": {"purpose_zh": PURPOSE}})
    assert str(err.value).startswith("particulars.applicant.purpose_zh: is one case's")
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(data), actor=ADMIN).reference
    with db.session() as session, pytest.raises(InputError) as err:
        set_filing_particulars(session=session, actor=ADMIN, reference=reference,
                               values={"applicant": {"purpose_zh": "Acquire control"}})
    assert "has no Chinese characters: type it in Chinese" in str(err.value)
