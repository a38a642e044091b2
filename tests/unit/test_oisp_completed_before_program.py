"""US-OISP covers only transactions completed on or after the program's start
(`covers_completions_from` in the scope rule): a deal completed earlier is not covered,
whenever it is screened, and the reasons say why and what the program would have found."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from approvals.domain.facts import Facts
from approvals.domain.rulebook import RulebookError, default_rulebook_dir, load_rulebook
from approvals.domain.screening import screen
from approvals.services.rulebook import parameter_lines
from tests.conftest import EXAMPLES_DIR

TODAY = date(2026, 12, 7)


def frontier(completion: str | None, compute: float | None = None) -> Facts:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    data["deal"]["expected_completion_date"] = completion
    if compute is not None:
        data["target"]["ai"]["max_training_compute_ops"] = compute
    return Facts.model_validate(data)


def oisp(facts: Facts, as_of: date = TODAY, rulebook=None):
    det = screen(facts, as_of, rulebook=rulebook).determination("US-OISP")
    assert det is not None
    return det


def test_a_deal_completed_the_day_before_is_not_covered_and_says_why() -> None:
    det = oisp(frontier("2025-01-01"))
    assert det.outcome == "not_required" and det.missing == ()
    ground, check = det.reasons
    assert ground.rule == "US-OISP.scope.2025" and not ground.advice
    assert ground.text == ("expected completion date 2025-01-01 is before 2025-01-02: the program "
                           "covers only transactions completed on or after that day")
    assert ground.text_zh == "预计交割日期2025年1月1日早于2025年1月2日：本规则仅适用于该日或之后完成的交易"
    # What a mistyped date would hide: the frontier lab's deal is otherwise prohibited.
    assert check.advice and check.text.endswith("correct the date: it would be a prohibited transaction")


@pytest.mark.parametrize("completion", ["2025-01-02", "2027-01-20", None])
def test_completion_on_or_after_the_start_or_unknown_is_screened_as_before(completion) -> None:
    det = oisp(frontier(completion))
    assert det.outcome == "prohibited"
    assert not any("the program covers only" in r.text for r in det.reasons)


def test_the_point_to_check_names_a_notification_for_a_notifiable_deal() -> None:
    assert oisp(frontier(None, compute=5e23)).outcome == "notification_required"
    det = oisp(frontier("2024-06-30", compute=5e23))
    assert det.outcome == "not_required"
    assert det.reasons[1].text.endswith("correct the date: a notification would be due")


def test_before_the_program_was_in_force_the_regime_is_not_in_force() -> None:
    assert oisp(frontier("2024-06-30"), as_of=date(2024, 12, 1)).outcome == "not_in_force"


@pytest.fixture
def rule_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_dir(), folder)
    return folder


def _edit_scope(folder: Path, change) -> None:
    path = folder / "us-oisp.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(next(r for r in data["rules"] if r["provision"] == "scope")["parameters"])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_an_update_written_without_the_parameter_does_not_look_at_the_date(rule_folder: Path) -> None:
    _edit_scope(rule_folder, lambda p: p.pop("covers_completions_from"))
    book = load_rulebook(rule_folder)
    assert oisp(frontier("2024-06-30"), rulebook=book).outcome == "prohibited"


def test_the_day_is_rule_data(rule_folder: Path) -> None:
    _edit_scope(rule_folder, lambda p: p.update(covers_completions_from="2025-07-01"))
    book = load_rulebook(rule_folder)
    det = oisp(frontier("2025-06-30"), rulebook=book)
    assert det.outcome == "not_required" and "before 2025-07-01" in det.reasons[0].text
    scope = next(r for r in book.rules if r.id == "US-OISP.scope.2025")
    line = next(x for x in parameter_lines(scope) if x.name == "covers_completions_from")
    assert (line.label, line.value) == ("Covers transactions completed on or after", "2025-07-01")


@pytest.mark.parametrize("bad", ["2025-1-2", "20250102", 20250102, "soon"])
def test_a_day_not_written_yyyy_mm_dd_is_refused_naming_the_entry(rule_folder: Path, bad) -> None:
    _edit_scope(rule_folder, lambda p: p.update(covers_completions_from=bad))
    with pytest.raises(RulebookError) as exc:
        load_rulebook(rule_folder)
    assert "us-oisp.json" in str(exc.value) and "US-OISP.scope.2025" in str(exc.value)
    assert "parameters.covers_completions_from: expected a date YYYY-MM-DD or null" in str(exc.value)


def test_screened_before_the_program_a_deal_completing_after_it_says_what_it_would_be() -> None:
    """Screened on 2024-12-15, a deal completing in February 2025 read only "not in
    force", and nothing said it would be prohibited when it closed."""
    det = oisp(frontier("2025-02-01"), as_of=date(2024, 12, 15))
    assert det.outcome == "not_in_force"
    ahead = det.reasons[-1]
    assert ahead.advice and ahead.text == (
        "the deal is expected to complete on 2025-02-01, and the program covers transactions "
        "completed on or after 2025-01-02: screened as of then, it would be a prohibited "
        "transaction")
    assert ahead.text_zh.endswith("按届时规则筛查，该交易将属于禁止交易")
    notifiable = oisp(frontier("2025-02-01", compute=5e23), as_of=date(2024, 12, 15))
    assert notifiable.reasons[-1].text.endswith("a notification would be due")
    # Completing before the program, or not covered at all: nothing to foretell.
    for facts in (frontier("2024-12-31"), frontier("2025-02-01", compute=5e21)):
        det = oisp(facts, as_of=date(2024, 12, 15))
        assert det.outcome == "not_in_force" and len(det.reasons) == 1


def test_a_deal_not_covered_on_a_later_date_either_has_the_date_alone() -> None:
    """"correct the date: it would be screened under the program" was said of a deal the
    program would not cover on any date (no US person), as if the date were the point."""
    det = oisp(frontier("2024-12-15", compute=5e21))
    assert det.outcome == "not_required"
    assert [r.text for r in det.reasons] == [
        "expected completion date 2024-12-15 is before 2025-01-02: the program covers only "
        "transactions completed on or after that day"]

