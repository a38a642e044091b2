"""A sum of money under 1,000 (a turnover of "8.6" meant as 8.6亿, an amount of "25" meant
as 25 million) gets a grey note under its field saying how it is read and how to write
the larger sum; Next stays available (the value is allowed). It stood as RMB 8.6, unseen,
and was screened against the turnover thresholds as such."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from approvals.ui.wizard import IntakeWizard, small_sum_note
from tests.ui.test_wizard import edit


def _note(wizard: IntakeWizard, name: str) -> str:
    label = wizard.findChild(object, name)
    return label.text() if not label.isHidden() else ""


def test_a_small_turnover_or_amount_gets_a_note_and_next_stays(wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    edit(wizard, "field_target_name_en").setText("Yunhai Data Holdings Ltd.")
    edit(wizard, "field_target_turnover_cny_china").setText("8.6")
    assert _note(wizard, "note_target_turnover_cny_china") == (
        "RMB 8.6, in whole yuan: for 8.6亿 or 8.6 million, write 亿 or million after the figure")
    assert wizard.currentPage().isComplete()
    edit(wizard, "field_target_turnover_cny_china").setText("8.6亿")
    assert _note(wizard, "note_target_turnover_cny_china") == ""
    edit(wizard, "field_target_turnover_cny_worldwide").setText("0")  # none: a real answer
    assert _note(wizard, "note_target_turnover_cny_worldwide") == ""
    currency = wizard.findChild(QComboBox, "field_deal_amount_currency")
    currency.setCurrentIndex(currency.findText("USD"))
    edit(wizard, "field_deal_amount_value").setText("25")
    assert _note(wizard, "note_deal_amount").startswith("USD 25, in whole US dollars")
    edit(wizard, "field_deal_amount_value").setText("25 million")
    assert _note(wizard, "note_deal_amount") == ""
    wizard._dirty = False


def test_the_note_is_for_sums_under_a_thousand_only() -> None:
    assert small_sum_note("USD", 999) is not None
    assert small_sum_note("USD", 1000) is None
    assert small_sum_note("USD", 0) is None
    assert small_sum_note("USD", True) is None
