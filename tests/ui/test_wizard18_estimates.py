"""A figure typed as the documents word an estimate ("about 2 million", "approx.
100,000", "约8亿", "8亿左右") says to type the figure alone, naming it: it said only
"'about 2 million' is not a number", and the officer tried "approx. 2m", then "~2m"."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.ui.wizard import IntakeWizard


@pytest.mark.parametrize(("path", "typed", "figure"), [
    ("deal.data_export.pi_subjects_processed", "about 2 million", "2 million"),
    ("deal.data_export.pi_subjects_processed", "approx. 100,000", "100,000"),
    ("target.turnover_cny.china", "约8亿", "8亿"),
    ("target.turnover_cny.china", "RMB 650 million approx.", "RMB 650 million"),
    ("deal.amount", "around US$150 million", "US$150 million"),
    ("target.ai.max_training_compute_ops", "~3e25", "3e25"),
    ("deal.stake_after_pct", "c. 6.5 %", "6.5 %"),
])
def test_an_estimate_says_to_type_the_figure_alone(
        qtbot: Any, wizard: IntakeWizard, path: str, typed: str, figure: str) -> None:
    wizard.autosave_timer.stop()
    field = wizard.field_at(path)
    assert field is not None
    edit = field.focus_widget()
    edit.setText(typed)  # type: ignore[union-attr]
    field.show_problem()
    assert field.error_label.text() == (
        f"'{typed}' is not a number: type the figure alone, e.g. {figure} (the best figure "
        "known), or leave the field empty when it is not known")
    edit.setText(figure)  # type: ignore[union-attr]
    field.show_problem()
    assert field.error_label.isHidden()
    wizard._dirty = False


def test_other_words_keep_their_message(qtbot: Any, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    field = wizard.field_at("deal.board_seats")
    assert field is not None
    field.widget.setText("about one")
    field.show_problem()
    assert field.error_label.text() == "'about one' is not a number"
    amount = wizard.field_at("deal.amount")
    assert amount is not None
    amount.focus_widget().setText("about USD 5m")  # type: ignore[union-attr]
    amount.show_problem()
    assert "'m' means a thousand in some accounts" in amount.error_label.text()
    wizard._dirty = False
