"""Screening reasons as a compliance officer reads them: technology export speaks of a
recipient outside the territory (境外), not of a foreign investor (an investor of Hong Kong,
Macao or Taiwan is no foreign investor); the authority a below-threshold concentration
answers to is the one of the screening date, as the rule data names it (MOFCOM before
April 2018)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import (
    RulebookError,
    default_rulebook,
    default_rulebook_dir,
    load_rulebook,
)
from approvals.domain.screening import Determination, determination_key, screen
from tests.unit.test_screening import AS_OF, SAMR, facts_with

TRANSFER = {"transfers": True, "restricted_catalogue_items": [], "prohibited_catalogue_items": []}


def _determination(regime: str, changes: dict[str, Any], as_of: date = AS_OF) -> Determination:
    found = screen(parse_facts(facts_with(changes)), as_of, True).determination(regime)
    assert found is not None
    return found


@pytest.mark.parametrize(("place", "name_zh"), [("HK", "中国香港"), ("MO", "中国澳门"), ("TW", "中国台湾")])
def test_technology_export_to_hong_kong_macao_or_taiwan_is_to_a_recipient_outside_the_territory(
        place: str, name_zh: str) -> None:
    found = _determination("CN-TECH-EXPORT", {"investor.jurisdiction": place, "investor.us_person": False,
                                              "deal.technology_transfer": TRANSFER})
    assert found.outcome == "filing_required"
    texts = [r.text for r in found.reasons]
    texts_zh = [r.text_zh for r in found.reasons]
    assert f"investor is organised in {place}: a recipient outside the territory (CN)" in texts
    assert f"投资者注册于{name_zh}（{place}）：为境外接收方" in texts_zh
    assert not any("foreign investor" in t for t in texts)
    assert not any("外国投资者" in t for t in texts_zh)
    # The inbound rules apply to such an investor by reference, and say so.
    fisr = _determination("CN-FISR", {"investor.jurisdiction": place, "investor.us_person": False})
    assert any("screened as a foreign investor" in r.text and "by reference" in r.text for r in fisr.reasons)


def test_technology_export_to_an_american_investor_and_to_one_organised_in_china() -> None:
    abroad = _determination("CN-TECH-EXPORT", {"investor.jurisdiction": "US", "deal.technology_transfer": TRANSFER})
    assert "investor is organised in US: a recipient outside the territory (CN)" in [r.text for r in abroad.reasons]
    assert "投资者注册于美国（US）：为境外接收方" in [r.text_zh for r in abroad.reasons]
    home = _determination("CN-TECH-EXPORT", {"investor.jurisdiction": "CN", "investor.us_person": False,
                                             "deal.technology_transfer": TRANSFER})
    assert home.outcome == "not_required"
    assert [r.text_zh for r in home.reasons][-1] == "投资者注册于中国（CN）：位于境内，向其转让或许可技术不构成技术出口"
    assert not any("foreign investor" in r.text for r in home.reasons)


def _below_threshold(as_of: date) -> tuple[str, str]:
    # Control, but turnovers below every threshold of both versions.
    found = _determination("CN-SAMR", {**SAMR, "target.turnover_cny": {"china": 1, "worldwide": 1},
                                       "investor.turnover_cny": {"china": 1, "worldwide": 1}}, as_of)
    assert found.outcome == "not_required"
    return found.reasons[-1].text, found.reasons[-1].text_zh


def test_a_concentration_below_the_thresholds_before_samr_existed_answers_to_mofcom() -> None:
    text, text_zh = _below_threshold(date(2015, 6, 1))
    assert "MOFCOM" in text and "SAMR" not in text
    assert "商务部" in text_zh and "国家市场监督管理总局" not in text_zh
    text, text_zh = _below_threshold(date(2018, 4, 10))
    assert "SAMR" in text and "MOFCOM" not in text and "国家市场监督管理总局" in text_zh
    text, text_zh = _below_threshold(AS_OF)
    assert text.startswith("below the notification thresholds SAMR may still call the concentration in")
    assert "Anti-Monopoly Law, Art. 26" in text and "《中华人民共和国反垄断法》第二十六条" in text_zh
    # Two dates within one rule version but under different authorities are told apart.
    book = default_rulebook()
    assert determination_key(book, "CN-SAMR", date(2018, 4, 9)) != determination_key(book, "CN-SAMR", date(2018, 4, 10))
    assert determination_key(book, "CN-SAMR", date(2015, 1, 1)) == determination_key(book, "CN-SAMR", date(2016, 1, 1))


def _edited_rulebook(tmp_path: Path, edit: Any) -> Path:
    folder = tmp_path / f"rulebook-{edit.__name__}"
    shutil.copytree(default_rulebook_dir(), folder)
    path = folder / "cn-samr.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data["rules"][1]["parameters"])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def test_rule_data_without_the_authority_words_names_no_authority(tmp_path: Path) -> None:
    def drop(parameters: dict[str, Any]) -> None:
        del parameters["below_thresholds_note"], parameters["below_thresholds_note_zh"]

    book = load_rulebook(_edited_rulebook(tmp_path, drop))  # an update written before them
    found = screen(parse_facts(facts_with({**SAMR, "target.turnover_cny": {"china": 1, "worldwide": 1}})),
                   AS_OF, rulebook=book).determination("CN-SAMR")
    assert found is not None and found.reasons[-1].text == (
        "below the notification thresholds the anti-monopoly enforcement authority may still call the "
        "concentration in")


def test_the_chinese_words_must_have_the_english_dates(tmp_path: Path) -> None:
    def mismatch(parameters: dict[str, Any]) -> None:
        parameters["below_thresholds_note_zh"] = {"2024-02-01": "未达到申报标准"}

    with pytest.raises(RulebookError, match=r"below_thresholds_note_zh: expected the dates of "
                                            r"below_thresholds_note \(2024-01-22\), got 2024-02-01"):
        load_rulebook(_edited_rulebook(tmp_path, mismatch))

    def not_a_date(parameters: dict[str, Any]) -> None:
        parameters["below_thresholds_note"] = {"January 2024": "x"}

    with pytest.raises(RulebookError, match=r"below_thresholds_note: expected dates YYYY-MM-DD as keys"):
        load_rulebook(_edited_rulebook(tmp_path, not_a_date))


SENS = "deal.data_export.sensitive_pi_subjects_current_year"


def test_a_limb_that_counts_any_export_says_so_without_counting_words() -> None:
    none = _determination("CN-DATA-EXPORT", {SENS: 0})
    texts = [r.text for r in none.reasons]
    assert "no sensitive personal information has been exported since 1 January 2026" in texts
    assert "自2026年1月1日起未向境外提供敏感个人信息" in [r.text_zh for r in none.reasons]
    assert not any(t.endswith("is less than 1 (以上: inclusive)") for t in texts)
    some = _determination("CN-DATA-EXPORT", {SENS: 250})
    assert some.outcome == "filing_required"
    assert ("sensitive personal information of 250 individuals has been exported since 1 January 2026 "
            "(counted from the first individual): less than 10,000 (以上: inclusive)") in [r.text for r in some.reasons]
    assert ("自2026年1月1日起向境外提供250人的敏感个人信息（自第一人起计入），不满10,000人（“以上”含本数）"
            in [r.text_zh for r in some.reasons])
    # The thresholds that do count keep their counting words.
    assert any(t.endswith(": less than 10,000 (以上: inclusive)") for t in [r.text for r in some.reasons])


def test_both_figures_of_a_compute_comparison_carry_the_unit() -> None:
    found = _determination("US-OISP", {"target.ai.max_training_compute_ops": 3.1e25})
    assert "largest training run 3.1e25 operations is more than 1e25 operations" in [r.text for r in found.reasons]


def test_a_place_that_is_no_code_is_quoted_as_typed_text_is() -> None:
    long_place = "People's Republic of China, Beijing Municipality, Haidian District"
    found = _determination("CN-FISR", {"target.jurisdiction": long_place, "target.headquarters": "SG",
                                       "target.security_sectors": ["military"]})
    (text,) = [r.text for r in found.reasons if "not a two-letter country code" in r.text]
    # typed_input.quoted: single quotes, cut with its length; repr switched to double quotes.
    assert f"'{long_place[:39]}…' ({len(long_place)} characters) is not a two-letter" in text


def test_a_pause_without_both_dates_is_quoted_as_typed(capsys: pytest.CaptureFixture[str]) -> None:
    from approvals.cli import main

    code = main(["deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "15",
                 "--pause", "O'Neill:"])
    assert code == 2
    assert "--pause: 'O'Neill:' is not STOP:RESUME" in capsys.readouterr().err
