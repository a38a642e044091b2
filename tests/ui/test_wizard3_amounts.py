"""An amount closed half-typed: the USD beside it may be the list's first entry, never
chosen; reopened, it was taken as chosen and 8亿 typed then was read as dollars."""

from __future__ import annotations

from approvals.ui.wizard import AmountField, IntakeWizard


def amount_of(w: IntakeWizard) -> AmountField:
    return next(f for f in w.fields if isinstance(f, AmountField))


def test_a_reopened_mistyped_amount_does_not_make_its_default_currency_chosen(
    qtbot, wizard: IntakeWizard
) -> None:
    amount = amount_of(wizard)
    amount.currency.setCurrentText("USD")  # standing there unchosen, as in an older draft
    amount.value_edit.setText("US$ 2,5 million")  # a decimal comma: refused, kept as typed
    kept = wizard.collect(draft=True)["deal"]["amount"]
    assert kept == {"value": "US$ 2,5 million", "currency": "USD"}
    wizard.load_data({"schema_version": 1, "deal": {"amount": kept}})  # reopened
    amount.value_edit.setText("8亿")
    assert "says no currency" in (amount.problem() or "")
    amount.value_edit.setText("US$ 2.5 million")
    assert amount.parse() == {"value": 2_500_000, "currency": "USD"}
    wizard.load_data({"schema_version": 1, "deal": {"amount": {"value": 5, "currency": "USD"}}})
    amount.value_edit.setText("8亿")  # a figure read came with its currency: chosen
    assert amount.parse() == {"value": 800_000_000, "currency": "USD"}


def test_a_reopened_mistyped_amount_in_yuan_reads_8yi_as_yuan(
    qtbot, wizard: IntakeWizard
) -> None:
    amount = amount_of(wizard)
    wizard.load_data({"schema_version": 1,
                      "deal": {"amount": {"value": "8,5亿", "currency": "CNY"}}})
    amount.value_edit.setText("8.5亿")
    assert amount.parse() == {"value": 850_000_000, "currency": "CNY"}


def test_the_data_export_counts_read_15wan_ren_and_compute_reads_flop(
    qtbot, wizard: IntakeWizard
) -> None:
    people = next(f for f in wizard.fields
                  if f.path == ("deal", "data_export", "pi_subjects_current_year"))
    people.widget.setText("15万人")
    assert people.problem() is None and people.parse() == 150_000
    people.show_normalised()
    assert people.widget.text() == "150,000"
    compute = next(f for f in wizard.fields
                   if f.path == ("target", "ai", "max_training_compute_ops"))
    compute.widget.setText("9.8e24 FLOP")
    assert compute.parse() == 9.8e24
