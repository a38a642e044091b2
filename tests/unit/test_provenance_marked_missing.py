"""An undeclared model provenance was listed on a draft's page 1 as missing, but Part 6
only said "the applicant has not yet declared …", with no MISSING mark where the box
said it belongs. It is now a row of its own, marked in place."""

from __future__ import annotations

from approvals.store.db import Database
from tests.cn_draft import cn_draft_text, frontier


def _text(db: Database, provenance: bool | None) -> str:
    return cn_draft_text(db, frontier(
        lambda data: data["target"]["ai"].update(trained_on_us_model_outputs=provenance)))


def test_an_undeclared_provenance_is_marked_missing_in_part_6(db: Database) -> None:
    text = _text(db, None)
    part_6 = text[text.index("模型来源声明Model-provenancedeclaration"):]
    assert part_6.startswith("模型来源声明Model-provenancedeclaration声明Declaration"
                             "■缺少（必填）MISSING(required)")


def test_a_declared_one_reads_as_before(db: Database) -> None:
    text = _text(db, False)
    assert "申请人声明，其模型训练未使用美国来源模型的输出。" in text
    assert "声明■缺少" not in text
