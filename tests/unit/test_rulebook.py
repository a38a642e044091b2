"""The rulebook as data: validation names the file and entry; versions apply by date."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import (
    PROVISIONS,
    REGIMES,
    RulebookError,
    default_rulebook,
    default_rulebook_dir,
    gap_problems,
    load_rulebook,
)
from approvals.domain.screening import screen
from tests.unit.test_screening import facts_with


@pytest.fixture
def book_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped rulebook that a test may edit."""
    target = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_dir(), target)
    return target


def edit(book_dir: Path, name: str, change) -> None:
    path = book_dir / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def problems_of(book_dir: Path) -> list[str]:
    with pytest.raises(RulebookError) as err:
        load_rulebook(book_dir)
    return [str(p) for p in err.value.problems]


def test_the_shipped_rulebook_has_no_gap() -> None:
    assert gap_problems(default_rulebook()) == []


def test_shipped_rulebook_is_complete() -> None:
    book = default_rulebook()
    assert book.regimes == REGIMES
    declared = json.loads((default_rulebook_dir() / "rulebook.json").read_text())["version"]
    assert book.version.startswith(declared + "+")
    for regime in REGIMES:
        assert book.versions(regime, PROVISIONS[regime][0]), regime
    ids = [r.id for r in book.rules]
    assert len(ids) == len(set(ids))
    for rule in book.rules:
        assert rule.citation and rule.title
    # "(verify)" items of the reference are carried as unverified rules.
    assert book.rule("US-OISP.excepted.2025").verified is False
    assert book.rule("CN-SAMR.thresholds.2008").verified is False
    assert book.rule("US-OISP.notifiable.2025").verified is True


def test_every_rule_has_a_chinese_title_and_citation() -> None:
    """The bilingual filings print both; the Chinese instruments are named as published."""
    book = default_rulebook()
    for rule in book.rules:
        for text in (rule.title_zh, rule.citation_zh):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (rule.id, text)
        # A published Chinese instrument is cited by its title in 《》 (the reported measure
        # has none); US rules keep the CFR reference beside the Chinese one.
        if rule.regime.startswith("CN-") and rule.status == "in_force":
            assert "《" in rule.citation_zh and "》" in rule.citation_zh, rule.id
        if rule.regime.startswith("US-"):
            assert "31 CFR" in rule.citation_zh, rule.id
    assert book.rule("CN-FISR.scope.2021").citation_zh.startswith("《外商投资安全审查办法》")
    assert "第四条" in book.rule("CN-FISR.scope.2021").citation_zh
    assert "《促进和规范数据跨境流动规定》" in book.rule("CN-DATA-EXPORT.thresholds.2024-03").citation_zh
    assert "《数据出境安全评估办法》" in book.rule("CN-DATA-EXPORT.thresholds.2022-09").citation_zh
    assert "国务院令第773号" in book.rule("CN-SAMR.thresholds.2024").citation_zh

def test_rules_in_force_by_date() -> None:
    book = default_rulebook()

    def rule_id(day: date, regime: str, provision: str, proposed: bool = False) -> str | None:
        rule = book.rules_on(day, proposed).get(regime, provision)
        return rule.id if rule else None

    assert rule_id(date(2022, 8, 31), "CN-DATA-EXPORT", "thresholds") is None
    assert rule_id(date(2024, 3, 21), "CN-DATA-EXPORT", "thresholds") == "CN-DATA-EXPORT.thresholds.2023-06"
    assert rule_id(date(2024, 3, 22), "CN-DATA-EXPORT", "thresholds") == "CN-DATA-EXPORT.thresholds.2024-03"
    assert rule_id(date(2025, 1, 1), "US-OISP", "scope") is None
    assert rule_id(date(2025, 1, 2), "US-OISP", "scope") == "US-OISP.scope.2025"
    assert rule_id(date(2026, 12, 1), "CN-US-CAPITAL", "approval") is None
    assert rule_id(date(2026, 12, 1), "CN-US-CAPITAL", "approval", True) == "CN-US-CAPITAL.approval.2026-04"


@pytest.mark.parametrize(
    ("file", "change", "where", "message"),
    [
        ("us-oisp.json", lambda d: d["rules"][2]["parameters"].update(ai_compute_more_than_ops="1e23"),
         "us-oisp.json: rules[2] (US-OISP.notifiable.2025)",
         "parameters.ai_compute_more_than_ops: expected a number, got \"1e23\""),
        ("cn-samr.json", lambda d: d["rules"][1]["parameters"].pop("china_each_more_than_cny"),
         "cn-samr.json: rules[1] (CN-SAMR.thresholds.2024)",
         "parameters.china_each_more_than_cny: required parameter is missing"),
        ("cn-samr.json", lambda d: d["rules"][1]["parameters"].update(china_each_more_then_cny=1),
         "cn-samr.json: rules[1] (CN-SAMR.thresholds.2024)",
         "parameters.china_each_more_then_cny: unknown parameter"),
        ("cn-fisr.json", lambda d: d["rules"][0].update(effective_from="2021-13-01"),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "effective_from: expected a date"),
        # A compact date would be read as a day by Python; the data write YYYY-MM-DD only.
        ("cn-fisr.json", lambda d: d["rules"][0].update(effective_from="20210601"),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "effective_from: expected a date"),
        ("cn-fisr.json", lambda d: d["rules"][0].update(effective_to="2020-01-01"),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "is before effective_from"),
        ("cn-fisr.json", lambda d: d["rules"][0].update(status="rumoured"),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "status: \"rumoured\" is not one of"),
        ("cn-fisr.json", lambda d: d["rules"][0].update(verified="yes"),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "verified: expected true or false"),
        ("cn-fisr.json", lambda d: d["rules"][0].pop("citation"),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "citation: required field is missing"),
        ("cn-samr.json", lambda d: d["rules"][1].pop("citation_zh"),
         "cn-samr.json: rules[1] (CN-SAMR.thresholds.2024)", "citation_zh: required field is missing"),
        ("us-oisp.json", lambda d: d["rules"][2].pop("title_zh"),
         "us-oisp.json: rules[2] (US-OISP.notifiable.2025)", "title_zh: required field is missing"),
        ("cn-fisr.json", lambda d: d["rules"][0].update(citation_zh="  "),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "citation_zh: expected text"),
        ("cn-fisr.json", lambda d: d["rules"][0].update(title_zh=None),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "title_zh: expected text, got null"),
        ("cn-fisr.json", lambda d: d["rules"][0].update(provision="scoop"),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "provision: \"scoop\" is not one of scope"),
        ("cn-fisr.json", lambda d: d["rules"][0].update(threshold=3),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "threshold: unknown field"),
        ("cn-samr.json", lambda d: d["rules"][1].update(id="CN-SAMR.thresholds.2008"),
         "cn-samr.json: rules[1] (CN-SAMR.thresholds.2008)", "id: CN-SAMR.thresholds.2008 is also used in"),
        # Time limits are workflow data (workflow/clocks.json), not rulebook provisions.
        ("cn-fisr.json", lambda d: d["rules"][0].update(provision="clock"),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)",
         "provision: \"clock\" is not one of scope (time limits belong in workflow/clocks.json)"),
        ("cn-data-export.json", lambda d: d["rules"][2]["parameters"].update(counting_period="weekly"),
         "cn-data-export.json: rules[2] (CN-DATA-EXPORT.thresholds.2024-03)", "counting_period: expected one of"),
        ("cn-negative-list.json", lambda d: d["rules"][0]["parameters"].update(foreign_equity_cap_pct={"x": 150}),
         "cn-negative-list.json: rules[0] (CN-NEGATIVE-LIST.access.2024)", "x: expected a percentage"),
        ("cn-samr.json", lambda d: d["rules"][0].update(regime="US-OISP"),
         "cn-samr.json: rules[0] (CN-SAMR.thresholds.2008)", "does not match the file's regime CN-SAMR"),
        # A misspelt code would never match a fact: the rule would silently never apply.
        ("cn-negative-list.json", lambda d: d["rules"][0]["parameters"].update(prohibited_activities=["news_info"]),
         "cn-negative-list.json: rules[0] (CN-NEGATIVE-LIST.access.2024)",
         "parameters.prohibited_activities: unknown code \"news_info\""),
        ("cn-negative-list.json",
         lambda d: d["rules"][0]["parameters"].update(foreign_equity_cap_pct={"value_added_telcom": 50}),
         "cn-negative-list.json: rules[0] (CN-NEGATIVE-LIST.access.2024)",
         "unknown activity code \"value_added_telcom\""),
        ("cn-fisr.json", lambda d: d["rules"][0]["parameters"].update(sectors_regardless_of_control=["militray"]),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "unknown code \"militray\""),
        ("cn-fisr.json", lambda d: d["rules"][0]["parameters"].update(covered_instruments=["equity", "loan"]),
         "cn-fisr.json: rules[0] (CN-FISR.scope.2021)", "parameters.covered_instruments: unknown code \"loan\""),
        ("us-oisp.json", lambda d: d["rules"][1]["parameters"].update(ai_end_uses=["surveillance"]),
         "us-oisp.json: rules[1] (US-OISP.prohibited.2025)", "parameters.ai_end_uses: unknown code"),
        ("us-oisp.json", lambda d: d["rules"][0]["parameters"].update(countries_of_concern=["CN", "hk"]),
         "us-oisp.json: rules[0] (US-OISP.scope.2025)",
         "parameters.countries_of_concern: expected two-letter upper-case country codes (e.g. CN), got \"hk\""),
        ("cn-us-capital.json", lambda d: d["rules"][0]["parameters"].pop("covered_instruments"),
         "cn-us-capital.json: rules[0] (CN-US-CAPITAL.approval.2026-04)",
         "parameters.covered_instruments: required parameter is missing"),
        # What applied before the earliest rule held is said in both languages, or not at all.
        ("cn-tech-export.json", lambda d: d.pop("earlier_editions_zh"),
         "cn-tech-export.json", "earlier_editions, earlier_editions_zh: give both, as text"),
    ],
)
def test_bad_rule_data_names_file_and_entry(book_dir, file, change, where, message) -> None:
    edit(book_dir, file, change)
    problems = problems_of(book_dir)
    assert any(p.startswith(where) and message in p for p in problems), problems


def test_invalid_json_names_file_line_and_column(book_dir: Path) -> None:
    (book_dir / "cn-fisr.json").write_text('{"regime": "CN-FISR",\n "rules": [,]}', encoding="utf-8")
    problems = problems_of(book_dir)
    assert any(p.startswith("cn-fisr.json:2:") and "not valid JSON" in p for p in problems), problems
    # Said once: not also as a regime without rules.
    assert not any("no rules for regime CN-FISR" in p for p in problems), problems


def test_a_file_whose_rules_are_refused_is_not_also_said_to_have_none(book_dir: Path) -> None:
    """A rule ending before it starts, or an empty list, was said with a second line
    "cn-fisr.json: no rules for regime CN-FISR", though the file held a rule."""
    def ends_before(d: dict) -> None:
        d["rules"][0]["effective_to"] = "2020-01-01"
    edit(book_dir, "cn-fisr.json", ends_before)
    edit(book_dir, "cn-samr.json", lambda d: d.update(rules=[]))
    problems = problems_of(book_dir)
    assert any("effective_to: 2020-01-01 is before effective_from" in p for p in problems)
    assert not any("no rules for regime" in p for p in problems), problems


def test_an_unterminated_string_is_said_in_words_that_end(book_dir: Path) -> None:
    """"not valid JSON: Unterminated string starting at" stopped at "at"."""
    (book_dir / "cn-fisr.json").write_text('{"regime": "CN-FISR",\n "rules": [{"id": "x}]}',
                                           encoding="utf-8")
    problems = problems_of(book_dir)
    assert "cn-fisr.json:2:19: not valid JSON: a string starts here and is never closed " \
        "(a \" is missing at its end)" in problems, problems


def test_unknown_regime_and_missing_regime(book_dir: Path) -> None:
    (book_dir / "cn-samr.json").unlink()
    (book_dir / "eu-fdi.json").write_text(json.dumps({"regime": "EU-FDI", "rules": []}), encoding="utf-8")
    problems = problems_of(book_dir)
    assert any(p.startswith("eu-fdi.json: regime: \"EU-FDI\" is not one of") for p in problems), problems
    # Named by its file (an update's folder is a temporary one the officer never saw).
    assert "cn-samr.json: no rules for regime CN-SAMR: the file is missing" in problems, problems


def test_an_empty_version_is_said_to_be_empty(book_dir: Path) -> None:
    manifest = json.loads((book_dir / "rulebook.json").read_text(encoding="utf-8"))
    (book_dir / "rulebook.json").write_text(json.dumps({**manifest, "version": " "}),
                                            encoding="utf-8")
    assert problems_of(book_dir) == [
        "rulebook.json: version: is empty; give the rulebook's version, e.g. 2026.11.4"]


def test_two_versions_with_the_same_start_are_ambiguous(book_dir: Path) -> None:
    def duplicate(data: dict[str, Any]) -> None:
        copy = dict(data["rules"][0], id="CN-FISR.scope.2021-bis")
        data["rules"].append(copy)

    edit(book_dir, "cn-fisr.json", duplicate)
    problems = problems_of(book_dir)
    assert any("cn-fisr.json: CN-FISR.scope.2021-bis" in p and "ambiguous" in p for p in problems), problems


def _notifiable_with_a_gap(ends: str, starts: str):
    def change(data: dict[str, Any]) -> None:
        old = next(r for r in data["rules"] if r["id"] == "US-OISP.notifiable.2025")
        old["effective_to"] = ends
        data["rules"].append(dict(old, id="US-OISP.notifiable.2027", effective_from=starts,
                                  effective_to=None))
    return change


@pytest.mark.parametrize(("ends", "starts", "gap"), [
    ("2027-05-30", "2027-06-01", "2027-05-31"),  # one day, in the future
    ("2026-01-01", "2027-01-01", "2026-01-02"),  # a year, today among it
])
def test_a_needed_provision_missing_on_a_day_its_regime_applies_is_refused(
        book_dir: Path, ends: str, starts: str, gap: str) -> None:
    """Signed and installed, such an update made every screening on the gap's days fail
    (on today's, every screening) with a message naming neither file nor entry."""
    edit(book_dir, "us-oisp.json", _notifiable_with_a_gap(ends, starts))
    problems = [str(p) for p in gap_problems(load_rulebook(book_dir))]
    assert problems == [
        f"us-oisp.json: US-OISP.notifiable.2025: no 'notifiable' rule of US-OISP applies on "
        f"{gap}, while US-OISP.scope.2025 does: screening needs one on every day the regime "
        "applies (end the version before the day the next one starts)"], problems


def test_versions_that_meet_leave_no_gap(book_dir: Path) -> None:
    edit(book_dir, "us-oisp.json", _notifiable_with_a_gap("2027-05-31", "2027-06-01"))
    book = load_rulebook(book_dir)
    assert gap_problems(book) == []
    assert book.rules_on(date(2027, 5, 31)).get("US-OISP", "notifiable").id == "US-OISP.notifiable.2025"
    assert book.rules_on(date(2027, 6, 1)).get("US-OISP", "notifiable").id == "US-OISP.notifiable.2027"


def test_a_key_given_twice_in_a_rule_is_refused(book_dir: Path) -> None:
    """json keeps the last: a threshold given again further down became 1e30 silently."""
    path = book_dir / "us-oisp.json"
    text = path.read_text(encoding="utf-8")
    assert text.count('"ai_compute_more_than_ops": 1e23') == 1
    path.write_text(text.replace('"ai_compute_more_than_ops": 1e23',
                                 '"ai_compute_more_than_ops": 1e23, "ai_compute_more_than_ops": 1e30'),
                    encoding="utf-8")
    problems = problems_of(book_dir)
    assert len(problems) == 1 and problems[0].startswith(
        "us-oisp.json: rules[2].parameters.ai_compute_more_than_ops: is given twice"), problems


def test_missing_folder_or_manifest(tmp_path: Path, book_dir: Path) -> None:
    with pytest.raises(RulebookError, match="rulebook folder not found"):
        load_rulebook(tmp_path / "nowhere")
    (book_dir / "rulebook.json").unlink()
    with pytest.raises(RulebookError, match="manifest not found"):
        load_rulebook(book_dir)


def test_edited_threshold_changes_the_version_id(book_dir: Path) -> None:
    same = load_rulebook(book_dir)
    assert same.version == default_rulebook().version
    edit(book_dir, "us-oisp.json", lambda d: d["rules"][2]["parameters"].update(ai_compute_more_than_ops=5e22))
    changed = load_rulebook(book_dir)
    assert changed.version != same.version
    assert changed.declared_version == same.declared_version


def _add_rule(book_dir: Path, file: str, rule: dict[str, Any]) -> None:
    edit(book_dir, file, lambda d: d["rules"].append(rule))


def test_future_dated_version_applies_only_from_its_date(book_dir: Path) -> None:
    """A new rule version is data: no code change, and it applies from its effective date."""
    _add_rule(
        book_dir,
        "us-oisp.json",
        {
            "id": "US-OISP.notifiable.2027-test",
            "provision": "notifiable",
            "title": "Test version with a lower compute threshold",
            "title_zh": "测试版本：较低的算力门槛",
            "citation": "Test citation",
            "citation_zh": "测试依据",
            "effective_from": "2027-06-01",
            "effective_to": None,
            "status": "in_force",
            "verified": False,
            "parameters": {
                "ai_compute_more_than_ops": 1e22,
                "ai_end_uses": ["cybersecurity"],
                "activities": ["semiconductor_design"],
            },
        },
    )
    book = load_rulebook(book_dir)
    facts = parse_facts(facts_with({"target.ai.max_training_compute_ops": 5e22}))

    before = screen(facts, date(2027, 5, 31), False, rulebook=book).determination("US-OISP")
    after = screen(facts, date(2027, 6, 1), False, rulebook=book).determination("US-OISP")
    assert before is not None and after is not None
    assert before.outcome == "not_required"
    assert "US-OISP.notifiable.2025" in {r.rule for r in before.reasons}
    assert after.outcome == "notification_required"
    assert any(
        r.rule == "US-OISP.notifiable.2027-test" and "5e22 operations is more than 1e22" in r.text
        for r in after.reasons
    )
    # The shipped rulebook is untouched by the temporary one.
    shipped = screen(facts, date(2027, 6, 1), False).determination("US-OISP")
    assert shipped is not None and shipped.outcome == "not_required"


def test_proposed_version_only_when_asked(book_dir: Path) -> None:
    _add_rule(
        book_dir,
        "us-oisp.json",
        {
            "id": "US-OISP.prohibited.proposed-test",
            "provision": "prohibited",
            "title": "Proposed lower prohibition threshold (test)",
            "title_zh": "拟议的较低禁止门槛（测试）",
            "citation": "Proposed rule (test)",
            "citation_zh": "拟议规则（测试）",
            "effective_from": "2026-06-01",
            "effective_to": None,
            "status": "proposed",
            "verified": False,
            "parameters": {
                "ai_compute_more_than_ops": 1e24,
                "ai_bio_compute_more_than_ops": 1e23,
                "ai_end_uses": ["military"],
                "activities": ["quantum_computing"],
            },
        },
    )
    book = load_rulebook(book_dir)
    facts = parse_facts(facts_with({"target.ai.max_training_compute_ops": 5e24}))
    binding = screen(facts, date(2026, 12, 1), False, rulebook=book).determination("US-OISP")
    proposed = screen(facts, date(2026, 12, 1), True, rulebook=book).determination("US-OISP")
    assert binding is not None and proposed is not None
    assert (binding.outcome, binding.status) == ("notification_required", "in_force")
    assert (proposed.outcome, proposed.status) == ("prohibited", "proposed")


def test_superseded_version_ends_and_not_in_force_explains(book_dir: Path) -> None:
    edit(book_dir, "cn-fisr.json", lambda d: d["rules"][0].update(effective_to="2030-12-31"))
    book = load_rulebook(book_dir)
    facts = parse_facts(facts_with({"target.security_sectors": ["military"]}))
    det = screen(facts, date(2031, 1, 1), False, rulebook=book).determination("CN-FISR")
    assert det is not None and det.outcome == "not_in_force"
    assert det.reasons[0].text == ("CN-FISR is not in force on 2031-01-01: CN-FISR.scope.2021 "
                                   "ended on 2030-12-31, and no later version of it applies")


def test_load_is_cached_until_a_file_changes(book_dir: Path) -> None:
    first = load_rulebook(book_dir)
    assert load_rulebook(book_dir) is first
    edit(book_dir, "cn-fisr.json", lambda d: d["rules"][0]["parameters"].update(control_stake_pct_at_least=49.5))  # size changes too
    assert load_rulebook(book_dir) is not first


def test_gap_in_a_regime_is_reported_not_crashed(book_dir: Path) -> None:
    # Refused when the rulebook is read (it was found only by a screening on such a day),
    # naming the file and the version that ends before the gap.
    edit(book_dir, "us-oisp.json", lambda d: d["rules"][1].update(effective_to="2025-12-31"))
    book = load_rulebook(book_dir)
    problems = [str(p) for p in gap_problems(book)]
    assert problems[0].startswith("us-oisp.json: US-OISP.prohibited.2025: no 'prohibited' rule "
                                  "of US-OISP applies on 2026-01-01"), problems
    # Read all the same (an update installed before the check): only its gap's days fail.
    facts = parse_facts(facts_with({}))
    assert screen(facts, date(2025, 12, 31), False, rulebook=book).determination("US-OISP")
    with pytest.raises(RulebookError, match="US-OISP: no 'prohibited' rule applies on 2026-01-01"):
        screen(facts, date(2026, 1, 1), False, rulebook=book)


def test_a_regime_whose_scope_rule_ended_says_which_rule_ended_and_when(book_dir: Path) -> None:
    """An update ending US-OISP's scope rule on 2026-12-31: the reason said "no US-OISP
    rule in this rulebook applies on 2027-01-01", as if the rulebook lacked one."""
    def ends(d: dict[str, Any]) -> None:
        for rule in d["rules"]:
            if rule["id"] == "US-OISP.scope.2025":
                rule["effective_to"] = "2026-12-31"
    edit(book_dir, "us-oisp.json", ends)
    book = load_rulebook(book_dir)
    result = screen(parse_facts(facts_with({})), date(2027, 1, 1), rulebook=book)
    oisp = result.determination("US-OISP")
    assert oisp is not None and oisp.outcome == "not_in_force"
    (reason,) = oisp.reasons
    assert reason.rule == "US-OISP.scope.2025"
    assert reason.text == ("US-OISP is not in force on 2027-01-01: US-OISP.scope.2025 ended on "
                           "2026-12-31, and no later version of it applies")
    assert reason.text_zh == "本规则于2026年12月31日失效，2027年1月1日无后续版本适用"
    on_the_day = screen(parse_facts(facts_with({})), date(2026, 12, 31), rulebook=book)
    assert on_the_day.determination("US-OISP").outcome != "not_in_force"


def test_the_published_date_of_a_rulebook_is_a_date(book_dir: Path) -> None:
    """"published": "next <b>Tuesday</b>" was packed and shown as "published next
    Tuesday"; dates everywhere are YYYY-MM-DD. Refused where an update is packed or
    installed (services.rulebook_updates), not where a rulebook installed before loads:
    a stricter check must not stop its screenings."""
    from approvals.domain.errors import InputError
    from approvals.domain.rulebook import published_problem
    from approvals.services.rulebook_updates import check_update_folder

    edit(book_dir, "rulebook.json", lambda d: d.update(published="next Tuesday"))
    manifest = (book_dir / "rulebook.json").read_bytes()
    problem = published_problem(manifest)
    assert problem is not None and str(problem) == (
        'rulebook.json: published: expected a date YYYY-MM-DD, got "next Tuesday"')
    assert load_rulebook(book_dir).version  # loads, as an installed update must
    with pytest.raises((RulebookError, InputError)) as refused:
        check_update_folder(book_dir)
    assert "published: expected a date YYYY-MM-DD" in str(refused.value)
    edit(book_dir, "rulebook.json", lambda d: d.update(published="2027-01-05"))
    assert published_problem((book_dir / "rulebook.json").read_bytes()) is None
