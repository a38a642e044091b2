"""The intake wizard's amount and turnover fields read Chinese numerals in words
(人民币八亿元, 十二亿元), and say at the field what they cannot read (八亿五)."""

from __future__ import annotations

from approvals.ui.wizard import AmountField, IntakeWizard


def test_amounts_in_chinese_numerals_are_read_and_the_short_form_is_refused_at_the_field(
    qtbot, wizard: IntakeWizard
) -> None:
    amount = next(f for f in wizard.fields if isinstance(f, AmountField))
    amount.value_edit.setText("人民币八亿元")
    assert amount.problem() is None
    assert amount.parse() == {"value": 800_000_000, "currency": "CNY"}
    amount.value_edit.setText("人民币八亿五元")
    problem = amount.problem() or ""
    assert "八亿五千万" in problem and "850,000,000" in problem and "800,000,005" in problem
    # No currency written beside a Chinese figure: asked, as for 8亿.
    amount.value_edit.setText("十二亿")
    assert "says no currency" in (amount.problem() or "")
    turnover = next(f for f in wizard.fields if f.path == ("target", "turnover_cny", "china"))
    turnover.widget.setText("三千万")
    assert turnover.problem() is None and turnover.parse() == 30_000_000
