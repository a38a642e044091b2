"""`approvals case import` of facts that are each valid but contradict each other (a
completion before the signing, a worldwide turnover under the China one, US models used
yet none named): the case is created as the file says (exit 0, stdout the reference
alone, as cli.md has it) and stderr says each conflict at its path, in the words the
wizard uses at the field (domain.consistency, one rule for both). An amount with more
decimal places than its currency has, which the wizard refuses at its field, is warned of
the same way."""

from __future__ import annotations

import json
from pathlib import Path

from approvals.domain.consistency import fact_conflicts, facts_to_check, figure_problems
from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR


def _example(name: str = "frontier-lab.json") -> dict:
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def test_each_conflict_is_a_warning_and_the_case_is_created(tmp_path: Path) -> None:
    facts = _example()
    facts["deal"]["signing_date"], facts["deal"]["expected_completion_date"] = (
        "2026-11-20", "2026-10-01")
    facts["target"]["turnover_cny"] = {"china": 900_000_000, "worldwide": 90_000_000}
    facts["target"].setdefault("ai", {}).update(trained_on_us_model_outputs=True,
                                                us_models_used=[])
    path = tmp_path / "contradicting.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    folder = tmp_path / "data"
    plain, as_json, listed = run_many(("case", "import", path, "--data-dir", folder),
                                      ("case", "import", path, "--json", "--data-dir", folder),
                                      ("case", "list", "--json", "--data-dir", folder))
    assert plain.code == 0 and as_json.code == 0, (plain, as_json)
    reference = plain.stdout.strip()
    assert json.loads(as_json.stdout) == {"reference": "AP-2026-0002"}
    assert [c["reference"] for c in json.loads(listed.stdout)["cases"]] == [
        reference, "AP-2026-0002"]
    held = f"({reference} holds it as the file gave it: correct it in the case's facts)"
    assert plain.stderr.splitlines() == [
        "warning: target.turnover_cny.worldwide: RMB 90,000,000 is less than the China "
        f"turnover, RMB 900,000,000, which it includes: check both figures {held}",
        "warning: target.ai.us_models_used: no model is named, yet the target trained on "
        "outputs of US-origin models: name them, or leave the list out when they are not "
        f"known {held}",
        "warning: deal.expected_completion_date: 2026-10-01 is before the signing date, "
        f"2026-11-20 {held}"]
    assert "Traceback" not in plain.stderr + as_json.stderr


def test_a_figure_finer_than_its_currency_is_a_warning_and_the_case_is_created(
        tmp_path: Path) -> None:
    facts = _example()
    facts["deal"]["amount"] = {"value": 150_000_000.005, "currency": "USD"}
    facts["investor"]["turnover_cny"] = {"china": 2_100_000_000.125,
                                         "worldwide": 90_000_000_000}
    path = tmp_path / "unrounded.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    (imported,) = run_many(("case", "import", path, "--data-dir", tmp_path / "data"))
    assert imported.code == 0, imported
    held = (f"({imported.stdout.strip()} holds it as the file gave it: correct it in the "
            "case's facts)")
    assert imported.stderr.splitlines() == [
        "warning: investor.turnover_cny.china: '2,100,000,000.125' has 3 decimal places, "
        f"and a CNY amount has at most 2: check the figure {held}",
        "warning: deal.amount.value: '150,000,000.005' has 3 decimal places, and a USD "
        f"amount has at most 2: check the figure {held}"]


def test_the_spec_examples_import_without_a_warning(tmp_path: Path) -> None:
    results = run_many(*[("case", "import", path, "--data-dir", tmp_path / "data")
                         for path in sorted(EXAMPLES_DIR.glob("*.json"))])
    assert [(r.code, r.stderr) for r in results] == [(0, "")] * len(results)


def test_facts_that_agree_or_are_not_given_are_no_conflict() -> None:
    assert fact_conflicts({}) == []
    assert fact_conflicts({"deal": None, "target": {"turnover_cny": None}}) == []
    same_day = {"deal": {"signing_date": "2026-11-20", "expected_completion_date": "2026-11-20"}}
    assert fact_conflicts(same_day) == []
    equal = {"investor": {"turnover_cny": {"china": 5, "worldwide": 5}}}
    assert fact_conflicts(equal) == []
    assert [p.path for p in fact_conflicts(
        {"investor": {"turnover_cny": {"china": 6, "worldwide": 5.5}}})] == [
        "investor.turnover_cny.worldwide"]
    # Models not known (the list left out) is no conflict; an empty list without the flag neither.
    assert fact_conflicts({"target": {"ai": {"trained_on_us_model_outputs": True}}}) == []
    assert fact_conflicts({"target": {"ai": {"trained_on_us_model_outputs": None,
                                             "us_models_used": []}}}) == []


def test_each_amount_is_checked_against_its_own_currency() -> None:
    def paths(facts: dict) -> list[str]:
        return [p.path for p in figure_problems(facts)]

    assert paths({}) == [] and paths({"deal": {"amount": None}}) == []
    assert paths({"deal": {"amount": {"value": 1000.5, "currency": "JPY"}}}) == [
        "deal.amount.value"]  # the yen is whole
    assert paths({"deal": {"amount": {"value": 1000.125, "currency": "KWD"}}}) == []
    assert paths({"deal": {"amount": {"value": 1000.25, "currency": "USD"},
                           "lp_commitment_usd": 2_000_000.001}}) == ["deal.lp_commitment_usd"]
    assert paths({"target": {"turnover_cny": {"china": 8e8, "worldwide": 1.5}},
                  "investor": {"turnover_cny": {"worldwide": 0.001}}}) == [
        "investor.turnover_cny.worldwide"]
    both = {"deal": {"amount": {"value": 0.001, "currency": "EUR"},
                     "signing_date": "2026-11-20", "expected_completion_date": "2026-10-01"}}
    assert [p.path for p in facts_to_check(both)] == [
        "deal.amount.value", "deal.expected_completion_date"]


def test_a_place_written_as_a_name_is_a_warning_naming_the_code(tmp_path: Path) -> None:
    """"jurisdiction": "China" went in without a word: screening compares codes and took
    the target's place as unknown (US-OISP "needs info" for a Chinese AI company)."""
    facts = _example()
    facts["target"]["jurisdiction"], facts["target"]["headquarters"] = "China", "cn"
    facts["investor"]["jurisdiction"] = "XX"
    path = tmp_path / "names.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    [imported] = run_many(("case", "import", path, "--data-dir", tmp_path / "data"))
    assert imported.code == 0, imported
    held = f"({imported.stdout.strip()} holds it as the file gave it: correct it in the case's facts)"
    assert imported.stderr.splitlines() == [
        f"warning: target.jurisdiction: 'China' is not an ISO 3166 country code: write CN "
        f"(China) {held}",
        f"warning: target.headquarters: 'cn' is not an ISO 3166 country code: write CN "
        f"(China) {held}",
        f"warning: investor.jurisdiction: 'XX' is not an ISO 3166 country code: use the "
        f"two-letter code, e.g. CN, HK, US {held}"]


def test_codes_and_places_not_stated_are_no_warning() -> None:
    facts = _example()
    assert facts["target"]["jurisdiction"] == "CN"
    facts["target"]["headquarters"] = None
    assert facts_to_check(facts) == []
    facts["investor"]["jurisdiction"] = "  "
    assert [(p.path, p.message) for p in facts_to_check(facts)] == [
        ("investor.jurisdiction", "holds only spaces; give the two-letter code, or null "
                                  "when not known")]


def test_a_personal_data_count_below_one_it_includes_is_a_warning(tmp_path: Path) -> None:
    facts = _example()
    facts["deal"]["data_export"] = {"pi_subjects_current_year": 1_200_000,
                                    "pi_subjects_since_previous_year": 120_000,
                                    "pi_subjects_processed": 1_500_000}
    path = tmp_path / "counts.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    [imported] = run_many(("case", "import", path, "--data-dir", tmp_path / "data"))
    assert imported.code == 0, imported
    held = f"({imported.stdout.strip()} holds it as the file gave it: correct it in the case's facts)"
    assert imported.stderr.splitlines() == [
        "warning: deal.data_export.pi_subjects_since_previous_year: 120,000 is fewer than the "
        "1,200,000 of “Individuals (non-sensitive PI) since 1 Jan this year”, which it "
        f"includes: check both figures {held}"]
