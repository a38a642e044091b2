"""The rulebook window's counts in the right number: on a date when one rule applies it
said "17 rules; 1 apply on 2020-06-01", and with one rule to verify "1 rules are marked
Verify: check them"."""

from __future__ import annotations

from approvals.ui.rulebook import unverified_words
from approvals.ui.workers import TaskRunner
from tests.ui.test_rulebook_window import open_window, type_date


def test_one_applying_rule_is_said_in_the_singular(qtbot, runner: TaskRunner) -> None:
    window = open_window(qtbot, runner)
    assert window.overview is not None
    total = len(window.overview.rules)
    # Pick a date on which exactly one rule version applies: the day the first one took
    # effect, when no other had yet.
    first = min(r.effective_from for r in window.overview.rules if r.status == "in_force")
    type_date(qtbot, window, first.isoformat())
    applying = [r for r in window.overview.rules if r.standing == "applies"]
    assert len(applying) == 1
    assert (f"{total} rules; 1 applies on {first.isoformat()}."
            in window.version_label.text())


def test_one_rule_to_verify_is_said_in_the_singular() -> None:
    assert unverified_words(1) == ("⚠ 1 rule is marked Verify: check it against the "
                                   "official text first.")
    assert unverified_words(9).startswith("⚠ 9 rules are marked Verify: check them")
