"""The Chinese screening reasons name places in Chinese (中国（CN）, not CN), from the
place names of resources/filings/labels.json; the English reasons are word for word what
they were; the cn-application prints the Chinese wording."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pypdf

from approvals.domain.facts import parse_facts
from approvals.domain.places import names_zh, place_name_zh, place_zh, places_zh
from approvals.domain.rulebook import default_rulebook
from approvals.domain.screening import Reason, ScreeningResult, screen
from approvals.filings.common import labels
from approvals.services.cases import create_case
from approvals.services.filings import render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.conftest import EXAMPLES_DIR
from tests.unit.test_bilingual_reasons import DATES, SCREENINGS
from tests.unit.test_screening import AS_OF, COMPUTE, facts_with

GOLDEN = Path(__file__).with_name("screening_reasons_en.json")


def _reasons(changes: dict[str, Any], as_of: date = AS_OF) -> list[Reason]:
    result = screen(parse_facts(facts_with(changes)), as_of, True)
    return [r for d in result.determinations for r in d.reasons]


def _zh(changes: dict[str, Any]) -> list[str]:
    return [r.text_zh for r in _reasons(changes)]


def test_a_chinese_target_an_american_investor_and_a_cayman_holding_company() -> None:
    # A CN target, a US investor: the place named, its code kept once.
    zh = _zh({"target.jurisdiction": "CN", "target.headquarters": "CN", "investor.jurisdiction": "US",
              "target.leading_tech_enterprise": True})
    assert "目标公司注册于中国（CN）：位于境内" in zh
    assert "投资者注册于美国（US）：属于外国投资者" in zh
    assert "目标公司注册于中国（CN）：属于受关注国家人员" in zh  # the list is not said after CN
    assert "目标公司注册于中国（CN）：属于中国企业" in zh
    # A Cayman holding company run from China: organised where, headquartered where.
    zh = _zh({"target.jurisdiction": "KY", "target.headquarters": "CN", "investor.jurisdiction": "KY",
              "investor.us_person": True})
    assert "目标公司注册于开曼群岛（KY）、总部位于中国（CN）：位于境内" in zh
    assert "投资者注册于开曼群岛（KY）：属于外国投资者" in zh


def test_no_chinese_reason_writes_a_known_place_as_a_bare_code() -> None:
    known = set(labels()["countries"])
    # A code not inside its parentheses and not part of a rule id (CN-FISR.scope.2021).
    bare = re.compile(r"(?<![A-Za-z（.-])([A-Z]{2})(?![A-Za-z）.-])")
    for name, result in SCREENINGS:
        for det in result.determinations:
            for reason in det.reasons:
                # What the officer typed is quoted as typed (“AI interactive interface”).
                own_words = re.sub(r"“[^”]*”", "", reason.text_zh)
                codes = set(bare.findall(own_words)) & known
                assert not codes, f"{name}: {reason.text_zh}"


def test_a_place_named_twice_gives_its_code_once() -> None:
    zh = _zh({"target.jurisdiction": "us", "target.headquarters": "US"})
    assert "目标公司注册地和总部均在美国（US）：不位于境内" in zh
    zh = _zh({"investor.jurisdiction": "CN", "investor.us_person": True})
    assert ("投资者注册于中国（CN）：不属于外国投资者，尽管标为美国人（如经由注册于中国的主体投资，"
            "请以其背后的外国投资者进行筛查）") in zh


def test_a_code_without_a_chinese_name_stays_the_code() -> None:
    assert place_zh("ZZ") == place_name_zh("ZZ") == "ZZ"


def test_two_letters_iso_3166_does_not_give_are_no_place_elsewhere() -> None:
    # "ZH" (for Zhongguo?) read as a country outside China cleared a Chinese frontier lab
    # of US-OISP: it is unknown, the determination needs the place, the code is named.
    for code, en, zh in (
            ("ZH", "'ZH' is not an ISO 3166 country code", "“ZH”不是ISO 3166国家代码"),
            ("UK", "'UK' is not an ISO 3166 code: the United Kingdom is GB",
             "“UK”不是ISO 3166国家代码，应填写英国（GB）")):
        result = screen(parse_facts(facts_with({"target.jurisdiction": code,
                                                "target.headquarters": code,
                                                COMPUTE: 3.1e25})), AS_OF, True)
        oisp = result.determination("US-OISP")
        assert oisp is not None and oisp.outcome == "needs_info", oisp
        assert {"target.jurisdiction", "target.headquarters"} <= set(oisp.missing)
        assert any(en in r.text for r in oisp.reasons), oisp.reasons
        assert any(zh in r.text_zh for r in oisp.reasons), oisp.reasons
    zh_text = _zh({"target.jurisdiction": "ZZ", "target.headquarters": "SG"})
    assert not any("目标公司注册于ZZ" in text for text in zh_text)


def test_an_unreadable_place_keeps_its_wording() -> None:
    zh = _zh({"target.jurisdiction": "China", "target.headquarters": "CN"})
    # With the code to write for the name (tests/unit/test_caselist17_place_codes.py).
    assert ("目标公司总部位于中国（CN）：位于境内（注册地“China”不是两位字母国家代码（ISO 3166-1 alpha-2），"
            "应填写中国（CN））" in zh)
    zh = _zh({"investor.jurisdiction": "China", "investor.us_person": False,
              "target.security_sectors": ["military"]})
    assert "投资者的注册地“China”不是两位字母国家代码（ISO 3166-1 alpha-2），应填写中国（CN）" in zh


def test_names_come_from_the_labels_data() -> None:
    # Short names where labels.json gives them, the formal name otherwise.
    assert place_name_zh("CN") == labels()["countries_short"]["CN"][1] == "中国"
    assert place_name_zh("KY") == labels()["countries"]["KY"][1] == "开曼群岛"
    assert places_zh(["HK", "HK", "US"]) == ["中国香港（HK）", "中国香港", "美国（US）"]
    assert names_zh(["CN", "HK", "MO"]) == "中国、中国香港、中国澳门"
    assert set(labels()["countries_short"]) <= set(labels()["countries"])


def test_every_place_the_rulebook_names_has_a_chinese_name() -> None:
    named = 0
    for rule in default_rulebook().rules:
        for key in ("territory", "target_countries", "countries_of_concern"):
            for code in rule.parameters.get(key, ()):
                assert place_name_zh(code) != code, (rule.id, key, code)
                named += 1
    assert named


def test_english_reasons_of_the_spec_examples_are_unchanged() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))["screenings"]
    examples = sorted(EXAMPLES_DIR.glob("*.json"))
    assert examples
    seen = 0
    for path in examples:
        facts = parse_facts(json.loads(path.read_text(encoding="utf-8")))
        for day in DATES:
            key = f"{path.stem}@{day}"
            result: ScreeningResult = screen(facts, day, True)
            got = [[d.regime, d.outcome, [[r.rule, r.text] for r in d.reasons]] for d in result.determinations]
            assert got == golden[key], key
            seen += 1
    assert seen == len(golden)


def test_cn_application_prints_the_places_in_chinese(db: Database, admin: Actor) -> None:
    facts = parse_facts(json.loads((EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8")))
    with db.session() as session:
        reference = create_case(session, facts=facts, actor=admin, today=AS_OF).reference
    with db.read_session() as session:
        pdf = render_filing(session=session, reference=reference, kind="cn-application", actor=admin).pdf
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert "目标公司注册于中国（CN）：位于境内" in text
    assert "投资者注册于美国（US）：属于外国投资者" in text
    assert "targetisorganisedinCN:withintheterritory" in text
