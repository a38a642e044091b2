"""The Chinese application printed the English commercial rationale as its 投资目的: the
facts hold one rationale, which the US notification prints too. A filing particular,
the purpose in Chinese, now stands above it; a draft without one says the purpose is in
English only."""

from __future__ import annotations

import io
import json
import re

import pypdf

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.filings import render_filing, set_filing_particulars
from approvals.store.db import Database
from tests.conftest import EXAMPLES_DIR
from tests.unit.test_control_at_half_stake import ADMIN

PURPOSE = "对一家前沿模型研发企业进行少数股权成长型投资。"


def _draft(db: Database, purpose: str | None) -> str:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(data), actor=ADMIN).reference
        if purpose is not None:
            set_filing_particulars(session=session, actor=ADMIN, reference=reference,
                                   values={"applicant": {"purpose_zh": purpose}})
    with db.read_session() as session:
        pdf = render_filing(session=session, reference=reference, kind="cn-application",
                            actor=ADMIN).pdf
    return re.sub(r"\s+", "", "".join(p.extract_text() or ""
                                      for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


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
