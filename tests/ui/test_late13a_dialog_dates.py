"""A step dialog refuses a typed date with the reason `approvals deadline --from` and the
wizard give (no such day, either day, another way of writing it), not only "is not a date
(YYYY-MM-DD)"; the dialog stays open with the date's field focused."""

from __future__ import annotations

from approvals.ui.case_dialogs import ActionDialog
from approvals.ui.case_steps import COMPLETE_ACTION
from tests.ui.test_step_dialog_fields import said_at


def test_the_step_date_says_which_days_it_could_be(qtbot) -> None:
    dialog = ActionDialog(COMPLETE_ACTION)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.on.setText("10/12/2026")
    dialog._check_and_accept()
    assert dialog.isVisible() and dialog.focusWidget() is dialog.on
    assert said_at(dialog, "on") == (
        "'10/12/2026' could be 10 December or 12 October: write it "
        "YYYY-MM-DD (2026-12-10 or 2026-10-12)")
    dialog.on.setText("2026-11-31")
    dialog._check_and_accept()
    assert said_at(dialog, "on") == (
        "'2026-11-31' is not a date (November 2026 has no day 31): "
        "use YYYY-MM-DD, e.g. 2026-10-22")
    dialog.on.setText("2026/12/10")
    dialog._check_and_accept()
    assert said_at(dialog, "on") == (
        "'2026/12/10' is not written YYYY-MM-DD: write 2026-12-10")
    dialog.on.setText("2026-12-10")
    dialog._check_and_accept()
    assert not dialog.isVisible() and dialog.params() == {"on": "2026-12-10"}

