"""View → Rulebook…: a CN-DATA-EXPORT version's details say what it counts, in English with
the Chinese beneath (Order 16: non-sensitive personal information; Order 11: all of it)."""

from __future__ import annotations

from approvals.ui.workers import TaskRunner
from tests.ui.test_rulebook_window import open_window


def test_the_details_say_what_each_data_export_version_counts(qtbot, runner: TaskRunner) -> None:
    window = open_window(qtbot, runner)
    try:
        window.select_rule("CN-DATA-EXPORT.thresholds.2024-03")
        text = window.details.toPlainText()
        assert "Security assessment: non-sensitive personal information exported of" in text
        assert "Standard contract / certification: non-sensitive personal information exported of" in text
        assert "向境外提供个人信息（不含敏感个人信息）人数" in text
        assert "(sensitive included)" not in text

        window.select_rule("CN-DATA-EXPORT.thresholds.2023-06")
        text = window.details.toPlainText()
        assert "Security assessment: personal information (sensitive included) exported of" in text
        assert "向境外提供个人信息（含敏感个人信息）人数" in text
        assert "non-sensitive" not in text
    finally:
        runner.wait_for_done()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        window.close()
