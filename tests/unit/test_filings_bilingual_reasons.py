"""The cn-application prints each screening reason in Chinese followed by English and each
citation in both languages; the US notification stays English; a screening stored before
the Chinese text existed still renders (English only)."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pypdf
import pytest
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.filings.common import determinations_table
from approvals.filings.data import Determination, Reason
from approvals.services.cases import create_case
from approvals.services.filings import load_filing_data, render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Screening
from tests.conftest import EXAMPLES_DIR

TODAY = date(2026, 12, 1)
# vision-startup: CN-FISR needs approval (51 % stake), US-OISP a notification (robotics).
ZH_REASON = "交易后持股比例51%，达到50%以上：构成控制"
EN_REASON = "stake after the deal 51 % is at least 50 %: control"
ZH_CITATION = "《外商投资安全审查办法》（国家发展和改革委员会、商务部令第37号）第四条"
EN_CITATION = "NDRC & MOFCOM Order No. 37 (Foreign Investment Security Review Measures), Art. 4"
ZH_US_REASON = "人工智能最终用途包括机器人系统控制"
EN_US_REASON = "AI end uses include control of robotic systems"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(pdf: bytes) -> str:
    return _squash("".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def reference(db: Database, admin: Actor) -> str:
    facts = parse_facts(json.loads((EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8")))
    with db.session() as session:
        return create_case(session, facts=facts, actor=admin, today=TODAY).reference


def _render(db: Database, admin: Actor, reference: str, kind: str) -> str:
    with db.read_session() as session:
        return _text(render_filing(session=session, reference=reference, kind=kind, actor=admin).pdf)


def test_cn_application_prints_reasons_and_citations_in_both_languages(db, admin, reference) -> None:
    text = _render(db, admin, reference, "cn-application")
    for expected in (ZH_REASON, EN_REASON, ZH_CITATION, EN_CITATION):
        assert _squash(expected) in text, expected
    # Chinese first, its English beneath.
    assert text.index(_squash(ZH_REASON)) < text.index(_squash(EN_REASON))
    assert text.index(_squash(ZH_CITATION)) < text.index(_squash(EN_CITATION))


def test_us_notification_stays_english(db, admin, reference) -> None:
    text = _render(db, admin, reference, "us-notification")
    assert _squash(EN_US_REASON) in text
    assert _squash(ZH_US_REASON) not in text and "《美国联邦法规》" not in text


def test_a_screening_stored_without_chinese_text_still_renders(db, admin, reference) -> None:
    with db.session() as session:
        row = session.exec(select(Screening).where(Screening.current == True)).one()  # noqa: E712
        stored = json.loads(row.result)
        for det in stored["determinations"]:
            for reason in det["reasons"]:
                del reason["text_zh"], reason["citation_zh"]
        row.result = json.dumps(stored, ensure_ascii=False)
        session.add(row)
    with db.read_session() as session:
        data = load_filing_data(session, reference)
    assert data.screening is not None
    assert all(r.text_zh == "" and r.citation_zh == "" for d in data.screening.determinations for r in d.reasons)
    text = _render(db, admin, reference, "cn-application")
    assert _squash(EN_REASON) in text and _squash(f"[{EN_CITATION}]") in text
    assert _squash(ZH_REASON) not in text and _squash(ZH_CITATION) not in text


def test_reasons_cell_pairs_each_reason_and_merges_a_quoted_citation() -> None:
    us = Reason("US-OISP.notifiable.2025", "31 CFR 850.217", "compute is more than 1e23",
                "算力超过1e23", "《美国联邦法规》第31编第850.217节（31 CFR 850.217）")
    cn = Reason("CN-FISR.scope.2021", "Order No. 37, Art. 4", "target is in CN", "目标公司位于境内",
                "《外商投资安全审查办法》第四条")
    old = Reason("CN-FISR.scope.2021", "Order No. 37, Art. 4", "investor is foreign")
    det = Determination("US-OISP", "needs_info", "in_force", (us, cn, old),
                        ("target.uscc", "deal.x"))

    class Data:  # the two attributes determinations_table reads
        screening = type("S", (), {"determinations": (det,), "as_of": "2026-12-01", "rulebook": "r",
                                   "created_at": "2026-12-01T00:00:00+00:00", "created_by": "alice"})()

    def cell(bilingual: bool) -> str:
        table = determinations_table(Data(), "", bilingual=bilingual)[-1]  # type: ignore[arg-type]
        return table.rows[0][3]  # type: ignore[union-attr]

    lines = cell(True).split("\n")
    # The Chinese citation already quotes the English one: one heading line.
    assert lines[0] == "【《美国联邦法规》第31编第850.217节（31 CFR 850.217）】"
    # Engineers' e-notation prints as a power of ten.
    assert lines[1] == "• 算力超过10²³" and lines[2].strip() == "compute is more than 10²³"
    assert lines[3:5] == ["【《外商投资安全审查办法》第四条】", "[Order No. 37, Art. 4]"]
    assert lines[5] == "• 目标公司位于境内" and lines[6].strip() == "target is in CN"
    # A reason stored without Chinese keeps its English under its own citation.
    assert lines[7:9] == ["[Order No. 37, Art. 4]", "• investor is foreign"]
    # The missing facts one a line by name, Chinese then English, the path in brackets;
    # a path without a name prints alone.
    assert lines[9:] == ["缺少的事实 Missing:", "• 统一社会信用代码（目标公司）",
                         "\u00a0\u00a0\u00a0Unified Social Credit Code (Target company) [target.uscc]", "• deal.x"]
    assert cell(False).split("\n") == [
        "[31 CFR 850.217]", "• compute is more than 10²³",
        "[Order No. 37, Art. 4]", "• target is in CN", "• investor is foreign",
        "Missing:", "• Unified Social Credit Code (Target company) [target.uscc]", "• deal.x",
    ]


def test_long_chinese_reasons_wrap_inside_the_cell() -> None:
    """Chinese has no spaces: a Chinese line wraps between characters, never before a
    closing mark or after an opening one; English between words; no line runs past the cell."""
    from approvals.filings.fonts import NO_LINE_END, NO_LINE_START, register_fonts
    from approvals.filings.layout import _p, _styles

    register_fonts()
    zh = ("• 自2026年1月1日起向境外提供其个人信息的人数为1,250,000人，达到1,000,000人以上（“以上”含本数）"
          "；目标公司的经营活动均不属于禁止外商投资领域（2024年版）") * 3
    en = "\u00a0\u00a0\u00a0individuals whose personal information is exported since 1 January 2026: " * 3
    for width in (120.0, 150.0, 180.0, 233.0):
        para = _p(f"{zh}\n{en}", _styles()["cell"], width)
        para.wrap(width, 10_000)
        assert max(para.getActualLineWidths0()) <= width, width
        lines = [" ".join(line[1]) if isinstance(line, tuple) else "".join(
            f.text for f in line.words) for line in para.blPara.lines]
        assert len(lines) > 6
        for line in lines:
            assert line.strip()[0] not in NO_LINE_START, line
            assert line.strip()[-1] not in NO_LINE_END, line
        english = " ".join(lines[next(i for i, t in enumerate(lines) if "individuals" in t):])
        assert "personal information" in english and "January 2026:" in english
