"""A QA pass over the printed filings (content format 23): one fact printed from one source
within a filing, and a list said once.

- Part 9 of the Chinese application quoted a stake of 50 % from a screening made before
  the stake was changed to 45 %, which Part 3 printed, with nothing in Part 9 saying so.
  Where facts changed after the screening, Part 9 (and the US notification's screening
  determination) names them above the reasons, by the rows that give them now.
- The missing-information box named facts otherwise than their rows ("Whether technology
  is transferred or licensed" over the row "Technology transferred or licensed to the
  foreign investor"): each fact the form requires is named by its row's label.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from approvals.domain.approval_changes import FactChange, Unscreened
from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.common import forms, missing_fields
from approvals.filings.data import FilingData
from tests.unit.test_filing_content_version import NOW, synthetic_case

STAKE = "deal.stake_after_pct"


def _stale(data: FilingData, *regimes: str) -> FilingData:
    """The fixed case with its stake changed after the screening, which the reasons of
    `regimes` quote."""
    change = FactChange(STAKE, "li.wei", "2026-11-19T10:00:00Z")
    return replace(data, unscreened=Unscreened((change,), frozenset(regimes)))


def _after(document: c.FilingDocument, heading_en: str) -> list[c.Block]:
    """The blocks of the section headed `heading_en` (up to the next level-1 heading)."""
    blocks = list(document.blocks)
    start = next(i for i, b in enumerate(blocks)
                 if isinstance(b, c.Heading) and b.en.startswith(heading_en))
    out = []
    for block in blocks[start + 1:]:
        if isinstance(block, c.Heading) and block.level == 1:
            break
        out.append(block)
    return out


def _paras(blocks: list[c.Block]) -> list[c.Para]:
    return [b for b in blocks if isinstance(b, c.Para)]


def test_part_9_names_the_facts_changed_after_the_screening_by_their_rows() -> None:
    data = _stale(synthetic_case(), "CN-FISR")
    document, missing = compose(data, "cn-application", final=False, now=NOW)
    assert "screening" in dict(missing)  # the box asks for a new screening, as it did
    part9 = _paras(_after(document, "Part 9."))
    said = [p for p in part9 if p.en.startswith("Facts changed after this screening")]
    assert len(said) == 1 and said[0].style == "flag"
    # By Part 3's row, in both languages, and the regime whose reasons quote the old value.
    assert "Shareholding after the transaction (Part 3)" in said[0].en
    assert "The reasons for CN-FISR below quote them as they were screened" in said[0].en
    assert said[0].zh is not None
    assert "交易后持股比例（第三部分）" in said[0].zh and "外商投资安全审查" in said[0].zh
    row = next(f for b in document.blocks if isinstance(b, c.Fields) for f in b.rows
               if f.path == STAKE)
    assert row.label_en in said[0].en and row.label_zh and row.label_zh in said[0].zh


def test_the_us_notification_says_it_above_its_determination() -> None:
    data = _stale(synthetic_case(), "US-OISP")
    document, _missing = compose(data, "us-notification", final=False, now=NOW)
    said = [p.en for p in _paras(list(document.blocks))
            if p.en.startswith("Facts changed after this screening")]
    # The notification prints the stake without a part of its own: by the row's label.
    assert said and "The reasons for US-OISP below" in said[0]


@pytest.mark.parametrize("regimes", [(), ("US-OISP",)])
def test_part_9_says_nothing_where_its_reasons_hold(regimes: tuple[str, ...]) -> None:
    # Nothing changed, or the change alters no Chinese regime's reasons.
    data = synthetic_case() if not regimes else _stale(synthetic_case(), *regimes)
    document, _missing = compose(data, "cn-application", final=False, now=NOW)
    assert not any(p.en.startswith("Facts changed after this screening")
                   for p in _paras(list(document.blocks)))


@pytest.mark.parametrize("kind", ["cn-application", "us-notification"])
def test_the_box_names_each_required_fact_as_its_row_is_labelled(kind: str) -> None:
    """The form's name of a fact (forms.json `required`, what the box prints) holds its
    row's label, after whose it is at most ("申请人中文名称 / Applicant's name (Chinese)"
    over the row 中文名称 / Name (Chinese))."""
    document, _missing = compose(synthetic_case(), kind, final=False, now=NOW)
    rows = {f.path: f for b in document.blocks if isinstance(b, c.Fields) for f in b.rows
            if f.path}
    checked, wrong = 0, []
    for path, name_en, *rest in forms()[kind]["required"]:
        row = rows.get(path)
        if row is None or path == "deal.data_export":
            continue
        checked += 1
        if row.label_en.lower() not in name_en.lower():
            wrong.append(f"{path}: box {name_en!r}, row {row.label_en!r}")
        if row.label_zh and row.label_zh not in (rest[0] or ""):
            wrong.append(f"{path}: box {rest[0]!r}, row {row.label_zh!r}")
    assert checked >= 10 and wrong == []


def test_the_box_names_technology_transfer_as_part_8_does() -> None:
    data = synthetic_case()
    deal = data.facts.deal.model_copy(update={"technology_transfer": None})
    data = replace(data, facts=data.facts.model_copy(update={"deal": deal}))
    document, _missing = compose(data, "cn-application", final=False, now=NOW)
    box = next(b for b in document.blocks if isinstance(b, c.Missing))
    label = dict(box.items)["deal.technology_transfer.transfers"]
    assert label.startswith("是否向外国投资者转让或许可技术") and \
        "Technology transferred or licensed to the foreign investor" in label


def test_part_7s_rows_and_the_box_name_a_fact_alike() -> None:
    """The box named a Part 7 fact the screening needs by the wizard's words with their
    section ("Individuals (non-sensitive PI) since 1 Jan this year (Technology transfer and
    data export)"), not as its row ("Non-sensitive personal information exported since 1
    January (individuals)"): forms.json `rows` holds the row's words, for both."""
    document, _missing = compose(synthetic_case(), "cn-application", final=False, now=NOW)
    rows = {f.path: f for b in document.blocks if isinstance(b, c.Fields) for f in b.rows
            if f.path}
    listed = forms()["cn-application"]["rows"]
    assert len(listed) >= 4
    for path, name_en, name_zh in listed:
        assert (rows[path].label_en, rows[path].label_zh) == (name_en, name_zh), path
    # The screening asks for one of them: the box names it so.
    data = synthetic_case()
    assert data.screening is not None
    regime = next(d.regime for d in data.screening.determinations
                  if d.regime.startswith("CN-"))
    asked = replace(data, screening=replace(data.screening, determinations=tuple(
        replace(d, missing=("deal.data_export.pi_subjects_current_year",))
        if d.regime == regime else d for d in data.screening.determinations)))
    named = dict(missing_fields("cn-application", asked))
    said = named["deal.data_export.pi_subjects_current_year"]
    assert said.startswith("自当年1月1日起出境个人信息（不含敏感个人信息）人数，")
    assert "/ Non-sensitive personal information exported since 1 January (individuals), " \
        f"needed by the {regime} screening" in said


def test_a_fact_changed_since_the_screening_is_named_by_the_form_in_the_box() -> None:
    _document, missing = compose(_stale(synthetic_case(), "CN-FISR"), "cn-application",
                                final=False, now=NOW)
    said = dict(missing)["screening"]
    assert "（交易后持股比例）" in said and "(Shareholding after the transaction)" in said
    assert "Stake after the deal" not in said
