"""Each rule's standing on a date (domain.rulebook.rule_standings) and the rulebook window's
data (services.rulebook.rulebook_overview, plain data read without Qt): the version marked
"applies" is exactly the one the screening uses on that date and setting, and parameters
read as the screening's reasons write them."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import (
    STANDING_LABELS,
    default_rulebook,
    default_rulebook_dir,
    load_rulebook,
    regime_names,
    rule_standings,
)
from approvals.domain.screening import screen
from approvals.services.demo import demo_facts
from approvals.services.rulebook import UNVERIFIED_WHY, parameter_lines, rulebook_overview
from tests.conftest import EXAMPLES_DIR


def standing(book, rule_id: str, on: date, include_proposed: bool = False):
    return next(s for s in rule_standings(book, on, include_proposed) if s.rule.id == rule_id)


def standings_of(book, regime: str, on: date, include_proposed: bool = False) -> dict[str, str]:
    return {s.rule.id: s.standing for s in rule_standings(book, on, include_proposed)
            if s.rule.regime == regime}


# -- the shipped rulebook's changes of version ------------------------------------------------
def test_cn_data_export_changes_version_on_2024_03_22() -> None:
    book = default_rulebook()
    assert standings_of(book, "CN-DATA-EXPORT", date(2024, 3, 21)) == {
        "CN-DATA-EXPORT.thresholds.2024-03": "not_yet_in_force",
        "CN-DATA-EXPORT.thresholds.2023-06": "applies",
        "CN-DATA-EXPORT.thresholds.2022-09": "superseded",
    }
    assert standings_of(book, "CN-DATA-EXPORT", date(2024, 3, 22)) == {
        "CN-DATA-EXPORT.thresholds.2024-03": "applies",
        "CN-DATA-EXPORT.thresholds.2023-06": "superseded",
        "CN-DATA-EXPORT.thresholds.2022-09": "superseded",
    }
    old = standing(book, "CN-DATA-EXPORT.thresholds.2023-06", date(2024, 3, 22))
    assert old.applied is not None and old.applied.id == "CN-DATA-EXPORT.thresholds.2024-03"
    assert "ended on 2024-03-21" in old.explanation
    assert "CN-DATA-EXPORT.thresholds.2024-03 (from 2024-03-22) applies" in old.explanation
    new = standing(book, "CN-DATA-EXPORT.thresholds.2024-03", date(2024, 3, 21))
    assert new.explanation == "Not yet in force on 2024-03-21: takes effect on 2024-03-22."


def test_us_oisp_is_not_in_force_before_2025_01_02() -> None:
    book = default_rulebook()
    before = [s for s in rule_standings(book, date(2025, 1, 1)) if s.rule.regime == "US-OISP"]
    after = [s for s in rule_standings(book, date(2025, 1, 2)) if s.rule.regime == "US-OISP"]
    assert len(before) == len(after) == 6  # scope, prohibited, notifiable, excepted, ...
    assert {s.standing for s in before} == {"not_yet_in_force"}
    assert not any(s.regime_in_force for s in before)
    assert {s.standing for s in after} == {"applies"}
    assert all(s.regime_in_force for s in after)


def test_a_reported_measure_applies_only_when_included() -> None:
    book = default_rulebook()
    rule_id = "CN-US-CAPITAL.approval.2026-04"
    left_out = standing(book, rule_id, date(2026, 11, 29))
    assert left_out.standing == "not_included" and not left_out.regime_in_force
    assert "first reported 2026-04-24" in left_out.explanation
    included = standing(book, rule_id, date(2026, 11, 29), include_proposed=True)
    assert included.standing == "applies" and included.regime_in_force
    assert "reported / proposed measures are included" in included.explanation
    early = standing(book, rule_id, date(2026, 4, 23), include_proposed=True)
    assert early.standing == "not_yet_in_force"
    assert early.explanation.endswith("is first reported on 2026-04-24.")


def test_every_rule_is_listed_once_in_the_rulebooks_order() -> None:
    book = default_rulebook()
    listed = rule_standings(book, date(2026, 11, 29))
    assert sorted(s.rule.id for s in listed) == sorted(r.id for r in book.rules)
    regimes = [s.rule.regime for s in listed]
    assert list(dict.fromkeys(regimes)) == list(book.regimes)
    assert all(s.standing in STANDING_LABELS and s.label for s in listed)


# -- the same selection as the screening ------------------------------------------------------
def _facts():
    examples = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES_DIR.glob("*.json"))]
    return [parse_facts(data) for data in [*examples, *demo_facts()[:4]]]


@pytest.mark.parametrize("include_proposed", [False, True])
def test_the_applied_versions_are_the_screenings(include_proposed: bool) -> None:
    """On each day around every version change, the rules marked "applies" are exactly
    those the screening selects, and every reason of an in-force determination cites one
    of them; a regime marked not in force screens as not_in_force."""
    book = default_rulebook()
    facts = _facts()
    days: set[date] = set()
    for rule in book.rules:
        days |= {rule.effective_from - timedelta(days=1), rule.effective_from}
        if rule.effective_to:
            days |= {rule.effective_to, rule.effective_to + timedelta(days=1)}
    for day in sorted(days):
        listed = rule_standings(book, day, include_proposed)
        applied = {s.rule.id for s in listed if s.standing == "applies"}
        selected = {r.id for r in book.rules_on(day, include_proposed).rules.values()}
        assert applied == selected, day
        in_force = {s.rule.regime: s.regime_in_force for s in listed}
        for case in facts:
            for det in screen(case, day, include_proposed).determinations:
                assert (det.outcome == "not_in_force") == (not in_force[det.regime]), (day, det)
                if det.outcome != "not_in_force":
                    assert {r.rule for r in det.reasons} <= applied, (day, det.regime)


# -- rulebooks edited by hand: an ended regime, a proposed version on the same date -----------
@pytest.fixture
def rule_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_dir(), folder)
    return folder


def _edit(folder: Path, name: str, change) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_rule_ended_without_a_successor_is_no_longer_in_force(rule_folder: Path) -> None:
    _edit(rule_folder, "cn-fisr.json", lambda d: d["rules"][0].update(effective_to="2025-12-31"))
    book = load_rulebook(rule_folder)
    assert standing(book, "CN-FISR.scope.2021", date(2025, 12, 31)).standing == "applies"
    ended = standing(book, "CN-FISR.scope.2021", date(2026, 1, 1))
    assert ended.standing == "ended" and ended.applied is None and not ended.regime_in_force
    assert ended.explanation == ("Ended on 2025-12-31; no version of this provision applies "
                                 "on 2026-01-01.")
    det = screen(_facts()[0], date(2026, 1, 1), rulebook=book).determination("CN-FISR")
    assert det is not None and det.outcome == "not_in_force"


def test_the_other_rules_of_a_regime_not_in_force_are_not_used(rule_folder: Path) -> None:
    """An update ending US-OISP's scope rule: its prohibited, notifiable, excepted, ...
    rules, still in force, were marked "Applies" (the version the screening uses) under a
    heading saying the regime was not in force."""
    def ends(d: dict) -> None:
        for rule in d["rules"]:
            if rule["id"] == "US-OISP.scope.2025":
                rule["effective_to"] = "2026-12-31"
    _edit(rule_folder, "us-oisp.json", ends)
    book = load_rulebook(rule_folder)
    day = date(2027, 1, 1)
    others = [s for s in rule_standings(book, day) if s.rule.regime == "US-OISP"
              and s.rule.id != "US-OISP.scope.2025" and s.rule.applies_on(day)]
    assert len(others) >= 3 and {s.standing for s in others} == {"regime_not_in_force"}
    assert others[0].label == "Not used (regime not in force)"
    assert "US-OISP screens as not in force" in others[0].explanation
    assert standing(book, "US-OISP.scope.2025", day).standing == "ended"
    # The day before, all as before.
    assert standing(book, "US-OISP.scope.2025", date(2026, 12, 31)).standing == "applies"


def test_a_proposed_version_supersedes_only_when_included(rule_folder: Path) -> None:
    def propose(data) -> None:
        current = dict(data["rules"][-1])
        current.update(id="CN-SAMR.thresholds.2026-proposed", status="proposed",
                       effective_from="2026-06-01", verified=False)
        current["parameters"] = dict(current["parameters"], china_each_more_than_cny=1000000000)
        data["rules"].append(current)

    _edit(rule_folder, "cn-samr.json", propose)
    book = load_rulebook(rule_folder)
    day = date(2026, 11, 29)
    assert standings_of(book, "CN-SAMR", day) == {
        "CN-SAMR.thresholds.2026-proposed": "not_included",
        "CN-SAMR.thresholds.2024": "applies",
        "CN-SAMR.thresholds.2008": "superseded",
    }
    assert standings_of(book, "CN-SAMR", day, include_proposed=True) == {
        "CN-SAMR.thresholds.2026-proposed": "applies",
        "CN-SAMR.thresholds.2024": "superseded",
        "CN-SAMR.thresholds.2008": "superseded",
    }
    overview = rulebook_overview(day, True, directory=rule_folder)
    assert overview.applied()[("CN-SAMR", "thresholds")] == "CN-SAMR.thresholds.2026-proposed"
    assert overview.version == book.version != default_rulebook().version


def test_regime_names_come_from_the_rule_files() -> None:
    names = regime_names(default_rulebook())
    assert list(names) == list(default_rulebook().regimes)
    assert names["US-OISP"] == "US Outbound Investment Security Program (31 CFR Part 850)"


# -- the window's data: parameters in words, clocks -------------------------------------------
def _lines(rule_id: str) -> dict[str, str]:
    return {p.name: p.value for p in parameter_lines(default_rulebook().rule(rule_id))}


def test_parameters_read_as_the_screening_writes_them() -> None:
    oisp = _lines("US-OISP.notifiable.2025")
    assert oisp["ai_compute_more_than_ops"] == "more than 10²³ operations"
    assert oisp["activities"] == "semiconductor design, semiconductor fabrication, semiconductor packaging"
    samr = _lines("CN-SAMR.thresholds.2024")
    assert samr["worldwide_combined_more_than_cny"] == "more than RMB 12,000,000,000"
    assert samr["control_stake_pct_at_least"] == "at least 50 %"
    data = _lines("CN-DATA-EXPORT.thresholds.2024-03")
    assert data["assessment_pi_exported_at_least"] == "at least 1,000,000 individuals"
    assert data["contract_sensitive_exported_at_least"] == "at least 1 individual"
    assert data["assessment_pi_processed_at_least"] == "none in this version"
    assert data["counting_period"] == "since 1 January of the current year"
    assert data["territory"] == "China (CN)"
    assert _lines("US-OISP.excepted.2025")["lp_interest_at_most_usd"] == "at most USD 2,000,000"
    assert _lines("US-OISP.penalties.2025")["criminal_max_years"] == "20 years"
    assert (_lines("CN-TECH-EXPORT.catalogue.2025")["licence_decision_working_days"]
            == "30 working days")
    caps = _lines("CN-NEGATIVE-LIST.access.2024")["foreign_equity_cap_pct"]
    assert caps == "value-added telecommunications: at most 50 %"
    raw = {p.name: p.raw for p in parameter_lines(default_rulebook().rule("US-OISP.scope.2025"))}
    assert raw["countries_of_concern"] == "CN, HK, MO"


def test_the_overview_row_of_a_rule() -> None:
    overview = rulebook_overview(date(2024, 3, 21))
    assert overview.version == default_rulebook().version
    row = next(r for r in overview.rules if r.rule_id == "CN-DATA-EXPORT.thresholds.2023-06")
    assert row.standing == "applies" and row.standing_label == "Applies"
    assert not row.verified and row in overview.unverified
    assert row.citations_text() == (
        "CAC Order No. 11, Art. 4; Measures on the Standard Contract for Outbound Transfer of "
        "Personal Information (in force 2023-06-01)\n"
        "《数据出境安全评估办法》（国家互联网信息办公室令第11号）第四条；"
        "《个人信息出境标准合同办法》（2023年6月1日起施行）")
    assert "cac order no. 11" in row.search_text() and "数据出境" in row.search_text()
    assert row.period == "2023-06-01 – 2024-03-21"
    regimes = {r.code: r for r in overview.regimes}
    assert regimes["US-OISP"].in_force is False and regimes["CN-SAMR"].in_force is True
    assert regimes["CN-US-CAPITAL"].screened is False
    assert regimes["CN-NEGATIVE-LIST"].in_force is False
    assert regimes["CN-NEGATIVE-LIST"].earlier_editions.startswith("earlier editions of the negative list")
    assert regimes["CN-SAMR"].earlier_editions == ""
    assert rulebook_overview(date(2024, 3, 21), True).regimes[0].screened is True
    assert "secondary sources" in UNVERIFIED_WHY


def test_clock_rows_follow_their_dates() -> None:
    early = {(c.kind, c.phase): c for c in rulebook_overview(date(2024, 12, 1)).clocks}
    late = {(c.kind, c.phase): c for c in rulebook_overview(date(2025, 1, 2)).clocks}
    assert early[("US-OISP", "notification")].standing == "not_yet_in_force"
    assert late[("US-OISP", "notification")].standing == "applies"
    phase_2 = late[("CN-SAMR", "phase_2_review")]
    assert phase_2.limit == "90 calendar days (CN calendar)"
    assert phase_2.extension == "up to 60 calendar days" and phase_2.rolls
    assert phase_2.phase_label == "Phase 2 review"
    assert late[("CN-US-CAPITAL", "review")].limit.startswith("no statutory time limit known")
    assert late[("US-OISP", "notification_after_knowledge")].phase_label == "Notification after knowledge"
    renewals = rulebook_overview(date(2024, 3, 22)).follow_ups
    assert [(f.kind, f.standing) for f in renewals] == [("CN-DATA-EXPORT", "applies")]
    assert "valid 3 years" in renewals[0].terms
    assert rulebook_overview(date(2024, 3, 21)).follow_ups[0].standing == "not_yet_in_force"


def test_a_superseded_clock_version(tmp_path: Path) -> None:
    clocks = json.loads((default_rulebook_dir() / "workflow" / "clocks.json").read_text(encoding="utf-8"))
    newer = dict(clocks["clocks"][0], effective_from="2026-01-01", days=20)
    clocks["clocks"].append(newer)
    path = tmp_path / "clocks.json"
    path.write_text(json.dumps(clocks), encoding="utf-8")
    rows = [c for c in rulebook_overview(date(2026, 2, 1), clocks_path=path).clocks
            if (c.kind, c.phase) == ("CN-FISR", "preliminary_review")]
    assert [(c.limit, c.standing) for c in rows] == [
        ("15 working days (CN calendar)", "superseded"), ("20 working days (CN calendar)", "applies")]


def test_a_mapping_parameter_shows_its_keys_with_their_values() -> None:
    """It showed the keys alone: "below_thresholds_note = 2024-01-22", a date where the
    rule file holds a note under that date."""
    from approvals.domain.rulebook import default_rulebook
    from approvals.services.rulebook import parameter_lines

    rule = next(r for r in default_rulebook().rules
                if "below_thresholds_note" in r.parameters)
    (line,) = [p for p in parameter_lines(rule) if p.name == "below_thresholds_note"]
    first = next(iter(rule.parameters["below_thresholds_note"]))
    assert line.raw.startswith("{" + f'{first}: "below') and line.raw.endswith("}")
    assert "…" in line.raw  # a long note cut; the words above give it whole
