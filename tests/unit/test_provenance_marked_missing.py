"""An undeclared model provenance was listed on a draft's page 1 as missing, but Part 6
only said "the applicant has not yet declared …", with no MISSING mark where the box
said it belongs. It is now a row of its own, marked in place."""

from __future__ import annotations

import io
import json
import re

import pypdf

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.filings import render_filing
from approvals.store.db import Database
from tests.conftest import EXAMPLES_DIR
from tests.unit.test_control_at_half_stake import ADMIN


def _text(db: Database, provenance: bool | None) -> str:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    data["target"]["ai"]["trained_on_us_model_outputs"] = provenance
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(data), actor=ADMIN).reference
    with db.read_session() as session:
        pdf = render_filing(session=session, reference=reference, kind="cn-application",
                            actor=ADMIN).pdf
    return re.sub(r"\s+", "", "".join(p.extract_text() or ""
                                      for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def test_an_undeclared_provenance_is_marked_missing_in_part_6(db: Database) -> None:
    text = _text(db, None)
    part_6 = text[text.index("模型来源声明Model-provenancedeclaration"):]
    assert part_6.startswith("模型来源声明Model-provenancedeclaration声明Declaration"
                             "■缺少（必填）MISSING(required)")


def test_a_declared_one_reads_as_before(db: Database) -> None:
    text = _text(db, False)
    assert "申请人声明，其模型训练未使用美国来源模型的输出。" in text
    assert "声明■缺少" not in text
