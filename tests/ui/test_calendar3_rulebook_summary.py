"""The rulebook window's summary counts the rules that apply among those listed: with one
regime chosen it said "4 of 18 rules listed; 4 apply on 2024-03-21" while one of the four
listed applied (the 4 were every regime's)."""

from __future__ import annotations

from approvals.domain.rulebook import default_rulebook
from approvals.ui.workers import TaskRunner
from tests.ui.test_rulebook_window import open_window, type_date


def test_the_applying_count_follows_the_listed_rules(qtbot, runner: TaskRunner) -> None:
    window = open_window(qtbot, runner)
    type_date(qtbot, window, "2024-03-21")
    total = len(default_rulebook().rules)
    assert window.overview is not None
    applying = sum(r.standing == "applies" for r in window.overview.rules)
    assert f"{total} rules; {applying} apply on 2024-03-21" in window.version_label.text()
    window.regime_combo.setCurrentIndex(window.regime_combo.findData("CN-DATA-EXPORT"))
    listed = sum(r.regime == "CN-DATA-EXPORT" for r in window.overview.rules)
    assert (f"{listed} of {total} rules listed; 1 of them applies on 2024-03-21"
            in window.version_label.text())
    window.filter_edit.setText("no such words")
    assert f"0 of {total} rules listed." in window.version_label.text()
