"""An amount closed half-typed keeps no currency the officer did not choose: reopened, the
default USD was taken as chosen and 8亿 typed then was read as dollars without a word."""

from __future__ import annotations

from approvals.ui.wizard import AmountField, IntakeWizard


def amount_of(w: IntakeWizard) -> AmountField:
    return next(f for f in w.fields if isinstance(f, AmountField))


def test_a_mistyped_amount_is_kept_without_the_unchosen_default_currency(
    qtbot, wizard: IntakeWizard
) -> None:
    amount = amount_of(wizard)
    amount.value_edit.setText("US$ 2,5 million")  # a decimal comma: refused, kept as typed
    kept = wizard.collect(draft=True)["deal"]["amount"]
    assert kept == {"value": "US$ 2,5 million"}
    wizard.load_data({"schema_version": 1, "deal": {"amount": kept}})  # reopened
    amount.value_edit.setText("8亿")
    assert "says no currency" in (amount.problem() or "")
    amount.value_edit.setText("US$ 2.5 million")
    assert amount.parse() == {"value": 2_500_000, "currency": "USD"}


def test_a_currency_chosen_stays_with_a_mistyped_amount(qtbot, wizard: IntakeWizard) -> None:
    amount = amount_of(wizard)
    amount.currency.setCurrentText("CNY")
    amount._choose_currency()  # as choosing it from the list does
    amount.value_edit.setText("8,5亿")
    assert wizard.collect(draft=True)["deal"]["amount"] == {"value": "8,5亿", "currency": "CNY"}
