"""Names and text pasted from Chinese documents, web pages and macOS PDFs: a file's and a
reviewer's are filed as the wizard files them (no zero-width space, no spaces around,
composed accents), the same name typed another way is the same name to the duplicate
check and to every search, swapped names are warned of on import, and a comment or a
type of invisible characters alone is no comment or type."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from approvals.domain.consistency import facts_to_check
from approvals.domain.errors import InputError
from approvals.domain.facts import parse_facts
from approvals.domain.typed_input import has_visible_text, name_text, search_key
from approvals.services.cases import SameFacts, cases_of_the_same_deal, create_case
from approvals.services.exports import export_case_list_csv
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.unit.test_same_deal import deal

NFD = "Socie\u0301te\u0301 Ge\u0301ne\u0301rale Capital"  # as a macOS PDF copy gives it
NFC = "Société Générale Capital"


def _deal(**changes: Any) -> dict[str, Any]:
    return deal("DEMO-02", **changes)


def test_a_files_names_are_filed_as_the_wizard_files_them() -> None:
    raw = _deal(**{"target.name_en": "  Example\u200b Beijing \u3000Co.,  Ltd.\u3000",
                   "target.name_zh": "\ufeff北京\u200b示例 科技有限公司\u3000",
                   "investor.name": NFD, "investor.ultimate_parent": "\u200b",
                   "reference": " \u3000",
                   "target.ai.us_models_used": ["  Llama-3\u200b (Meta) "]})
    as_read = copy.deepcopy(raw)
    facts = parse_facts(raw)
    assert facts.target.name_en == "Example Beijing Co., Ltd."
    assert facts.target.name_zh == "北京示例科技有限公司"
    assert facts.investor.name == NFC
    # Nothing left of an optional text: not given, as the wizard leaves an empty field.
    assert facts.investor.ultimate_parent is None and facts.reference is None
    assert facts.target.ai is not None and facts.target.ai.us_models_used == ["Llama-3 (Meta)"]
    assert raw == as_read  # the caller's data stays as read
    # A name of invisible characters alone is still refused at its field, not filed blank.
    with pytest.raises(InputError) as err:
        parse_facts(_deal(**{"investor.name": "\u200b\ufeff"}))
    assert [p.path for p in err.value.problems] == ["investor.name"]


def test_search_key_reads_full_width_decomposed_and_invisible_as_typed() -> None:
    assert search_key("ＡＰ－２０２６－０００８") == "ap-2026-0008"
    assert search_key(NFD) == search_key(NFC) == "société générale capital"
    assert search_key("北京\u200b示例") == "北京示例"
    assert search_key("Ｅｘａｍｐｌｅ") == "example"
    assert search_key("Straße") == "strasse"
    assert name_text(NFD) == NFC
    assert not has_visible_text("\u200b\ufeff \u3000\n") and has_visible_text("\u200b!")


@pytest.mark.parametrize("investor", [NFD, "Société\u200b Générale Capital",
                                      "SOCIÉTÉ GÉNÉRALE  CAPITAL ", "Ｓociété Générale Capital"])
def test_the_same_investor_typed_another_way_is_the_same_deal(
        db: Database, admin: Actor, investor: str) -> None:
    first = _deal(**{"investor.name": NFC, "investor.lei": None})
    with db.session() as s:
        reference = create_case(s, facts=parse_facts(first), actor=admin).reference
    # Another amount: not the same facts, but the same target (USCC) and investor (name).
    again = _deal(**{"investor.name": investor, "investor.lei": None, "deal.amount.value": 7})
    # The model tidies what the wizard tidies; the comparison reads the rest (case,
    # full-width letters) as the same name too.
    with db.read_session() as s:
        assert cases_of_the_same_deal(s, parse_facts(again)) == [
            SameFacts(reference, "open", whole=False)]
    other = _deal(**{"investor.name": "Société Générale Ventures", "investor.lei": None,
                     "deal.amount.value": 7})
    with db.read_session() as s:
        assert cases_of_the_same_deal(s, parse_facts(other)) == []


def test_swapped_or_pinyin_names_are_warned_of_at_their_fields() -> None:
    swapped = _deal(**{"target.name_en": "示例前沿智能有限公司",
                       "target.name_zh": "Shili Qianyan Zhineng"})
    warned = {p.path: p.message for p in facts_to_check(swapped)}
    assert "in Chinese characters" in warned["target.name_en"]
    assert "has no Chinese characters" in warned["target.name_zh"]
    assert not {"target.name_en", "target.name_zh"} & {p.path for p in facts_to_check(_deal())}


def test_a_comment_of_invisible_characters_is_no_comment(db: Database, admin: Actor) -> None:
    with db.session() as s:
        reference = create_case(s, facts=parse_facts(_deal()), actor=admin).reference
    for body in ("\u200b\ufeff", " \u3000\n\u2060"):
        with db.session() as s, pytest.raises(InputError) as err:
            add_comment(s, actor=admin, reference=reference, body=body)
        assert str(err.value) == "Comment: cannot be empty"


def test_the_case_export_filter_finds_a_name_however_it_is_typed(
        db: Database, admin: Actor, tmp_path) -> None:
    with db.session() as s:
        create_case(s, facts=parse_facts(_deal(**{"investor.name": NFC})), actor=admin)
    for typed, found in (("Société", True), (NFD.split()[0], True), ("ＳＯＣＩＥＴＥ", False),
                         ("société\u200b", True), ("Sociétés", False)):
        out = tmp_path / "cases.csv"
        with db.session() as s:
            export_case_list_csv(s, out=out, actor=admin, text=typed)
        body = out.read_text(encoding="utf-8-sig")
        assert (NFC in body) is found, typed


def test_the_case_list_filter_finds_a_name_however_it_is_typed(qtbot) -> None:
    from approvals.services.cases import CaseRow
    from approvals.ui.case_list import CaseTableModel

    rows = [CaseRow(1, "AP-2026-0008", "Ｅｘａｍｐｌｅ Robotics", NFC, None, None, "open", "li",
                    "", ("CN-FISR",), "filed", None, target_zh="北京\u200b示例科技"),
            CaseRow(2, "AP-2026-0009", "Other", "Fund", None, None, "open", "li", "",
                    ("CN-FISR",), "filed", None)]
    model = CaseTableModel()
    model.set_rows(rows)
    for typed in ("example", "ＡＰ－２０２６－０００８", NFD.split()[0], "北京示例", "société"):
        model.set_filter(typed)
        assert [model.row_at(i).id for i in range(model.rowCount())] == [1], typed
