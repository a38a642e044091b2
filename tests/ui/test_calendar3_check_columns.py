"""Check open cases… on a narrow window (200 % on a laptop screen): the stored and new
outcomes stay in sight — a long target name gives up its width, not the columns the
window is about (they were scrolled off to the right)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from approvals.ui import open_cases_check as module
from approvals.ui.open_cases_check import OpenCasesCheckWindow
from tests.ui.test_case_view import fisr_case  # noqa: F401 (fixture)
from tests.ui.test_open_cases_check_ui import window  # noqa: F401 (fixture)


def test_the_outcomes_fit_before_the_target_name(
        qtbot: Any, window: OpenCasesCheckWindow) -> None:  # noqa: F811
    window.resize(620, 500)
    [change] = window.model.changes
    long_name = change.target + " International Holdings Group Limited" * 3
    window.model.set_rows([replace(change, target=long_name)])
    window.fit_columns()
    header = window.table.horizontalHeader()
    new_outcome = module.COLUMNS.index("New outcome")
    right_edge = header.sectionPosition(new_outcome) + header.sectionSize(new_outcome)
    assert right_edge <= window.table.viewport().width()
    target = module.COLUMNS.index("Target")
    assert header.sectionSize(target) >= header.fontMetrics().horizontalAdvance("Target")
    # Widened again, the name gets its width back.
    window.resize(2400, 500)
    qtbot.waitUntil(lambda: header.sectionSize(target) >= window.table.sizeHintForColumn(target))
