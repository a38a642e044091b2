"""Tab walks the calendars window as it reads, left to right: the years, the month, the
days (it went from the years to the days and back to the month between them)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_dialog


def _chain(start: QWidget, count: int) -> list[QWidget]:
    found, widget = [], start
    while len(found) < count:
        widget = widget.nextInFocusChain()
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy().value & 1:
            found.append(widget)
    return found


def test_tab_goes_years_month_days(qtbot, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.resize(1300, 700)
    qtbot.waitUntil(lambda: dialog.layout_mode == "side by side")
    chain = _chain(dialog.years_table, 3)
    month = (dialog.month_view, dialog.month_view.focusProxy())
    assert chain[0] in month  # the month, then the days
    assert dialog.days_table in chain[1:]
    assert all(w in month for w in chain[:chain.index(dialog.days_table)])
