"""The deal amount's currency is never a default: the currency box starts with none, and a
figure with no currency written is refused at the field until one is chosen or written
(150,000,000 pasted from a yuan term sheet was filed as US dollars, the box standing at USD,
its first entry). A draft keeps such a figure without a currency, and an imported file or
a reopened draft with no amount leaves the box empty too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from approvals.ui.wizard import AmountField, IntakeWizard
from tests.ui.test_wizard import next_button
from tests.ui.test_wizard11_import_words import _import
from tests.ui.test_wizard_audit2 import example
from tests.ui.test_wizard_typing import field, paste, to_deal_page


def amount_of(w: IntakeWizard) -> AmountField:
    return next(f for f in w.fields if isinstance(f, AmountField))


def test_the_currency_box_starts_empty_and_a_bare_figure_asks_for_one(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    to_deal_page(qtbot, wizard)
    amount = amount_of(wizard)
    assert amount.currency.currentText() == ""
    paste(qtbot, wizard, "field_deal_amount_value", "150,000,000")
    problem = amount.problem() or ""
    assert problem.startswith("'150,000,000' says no currency: choose the currency beside it"), problem
    assert "USD 150,000,000, RMB 150,000,000" in problem
    assert not next_button(wizard).isEnabled()
    assert "says no currency" in wizard.currentPage().blocked_label.text()
    # A draft keeps the figure, its currency still unsaid: it reopens flagged, not as USD.
    assert amount.draft_value() == {"value": 150_000_000}
    wizard._dirty = False


def test_the_currency_typed_in_its_box_with_the_keyboard_settles_it(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    to_deal_page(qtbot, wizard)
    amount = amount_of(wizard)
    paste(qtbot, wizard, "field_deal_amount_value", "150,000,000")
    line = amount.currency.lineEdit()
    assert line is not None
    line.setFocus()
    qtbot.keyClicks(line, "cny")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert amount.problem() is None
    assert amount.parse() == {"value": 150_000_000, "currency": "CNY"}
    assert amount.currency.currentText() == "CNY"
    wizard._dirty = False


def test_a_currency_written_with_the_figure_needs_no_choice(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    to_deal_page(qtbot, wizard)
    amount = amount_of(wizard)
    paste(qtbot, wizard, "field_deal_amount_value", "RMB 150,000,000")
    assert amount.parse() == {"value": 150_000_000, "currency": "CNY"}
    paste(qtbot, wizard, "field_deal_amount_value", "$2,000,000")  # which dollar?
    assert "'$' is the sign of US, Hong Kong" in (amount.problem() or "")
    wizard._dirty = False


def test_loading_facts_without_an_amount_leaves_the_currency_unchosen(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    """A reopened draft or an imported file with no amount: the box stays empty (set_value
    of nothing put USD back in it), so the figure typed next still asks for its currency."""
    wizard.autosave_timer.stop()
    amount = amount_of(wizard)
    wizard.load_data({"schema_version": 1, "deal": {"amount": {"value": 5, "currency": "EUR"}}})
    wizard.load_data({"schema_version": 1, "deal": {}})
    assert amount.currency.currentText() == ""
    amount.value_edit.setText("150,000,000")
    assert "says no currency" in (amount.problem() or "")
    amount.value_edit.setText("")  # nothing typed: the import asks nothing
    data = example("vision-startup.json")
    del data["deal"]["amount"]
    data["target"]["name_en"] = "Kowloon " * 30  # something for the report to say
    _import(qtbot, wizard, data, tmp_path)
    assert amount.currency.currentText() == ""
    wizard._dirty = False


def test_an_imported_amount_without_its_currency_is_marked_not_read_as_usd(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    data["deal"]["amount"] = {"value": 150_000_000}
    lines = _import(qtbot, wizard, data, tmp_path)
    assert any(line.startswith("Amount (Deal)") and "marked at its field" in line
               for line in lines), lines
    amount = amount_of(wizard)
    assert amount.currency.currentText() == ""
    assert "says no currency" in (amount.problem() or "")
    wizard._dirty = False


def test_the_wizard_walks_on_once_the_currency_is_chosen(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    to_deal_page(qtbot, wizard)
    amount = amount_of(wizard)
    paste(qtbot, wizard, "field_deal_amount_value", "150,000,000")
    field(wizard, "deal", "amount").currency.activated.emit(amount.currency.findText("USD"))
    amount.currency.setCurrentIndex(amount.currency.findText("USD"))
    assert wizard.collect()["deal"]["amount"] == {"value": 150_000_000, "currency": "USD"}
    assert "says no currency" not in wizard.currentPage().blocked_label.text()
    wizard._dirty = False


def test_a_draft_keeps_a_figure_in_yi_as_typed(qtbot, wizard: IntakeWizard) -> None:
    """8亿 with no currency came back from the draft as 800,000,000, its hint to write
    8亿元 or 8亿美元 gone with the 亿 it was about ("kept as typed")."""
    wizard.autosave_timer.stop()
    to_deal_page(qtbot, wizard)
    amount = amount_of(wizard)
    paste(qtbot, wizard, "field_deal_amount_value", "8亿")
    assert amount.draft_value() == {"value": "8亿"}
    amount.set_value(amount.draft_value())
    assert amount.value_edit.text() == "8亿"
    assert "8亿元" in (amount.problem() or "")
    wizard._dirty = False


def test_a_currency_written_with_one_figure_is_not_taken_for_the_next(
        qtbot, wizard: IntakeWizard) -> None:
    """"USD 2 million" set the box to USD, not chosen; 150,000,000 typed in its place was
    then filed in dollars unasked, though a figure without a currency is never taken as
    USD. The written currency holds for its figure; another figure asks again."""
    wizard.autosave_timer.stop()
    to_deal_page(qtbot, wizard)
    amount = amount_of(wizard)
    paste(qtbot, wizard, "field_deal_amount_value", "USD 2 million")
    amount.show_normalised()  # leaving the field
    assert amount.value_edit.text() == "2,000,000" and amount.currency.currentText() == "USD"
    assert amount.problem() is None
    assert amount.parse() == {"value": 2_000_000, "currency": "USD"}
    paste(qtbot, wizard, "field_deal_amount_value", "150,000,000")
    assert (amount.problem() or "").startswith("'150,000,000' says no currency")
    amount.currency.activated.emit(amount.currency.findText("USD"))  # chosen now
    assert amount.problem() is None
    assert amount.parse() == {"value": 150_000_000, "currency": "USD"}
    wizard._dirty = False
