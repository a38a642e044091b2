""""Acquires control: No" beside a stake after the deal of 50 % or more: screening counts
such a stake as control whatever the answer says, and the wizard said so only in the
answer's tooltip. A grey note under Acquires control says it (Next stays available: the
answer is the officer's)."""

from __future__ import annotations

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import choose, edit


def test_a_majority_stake_with_control_answered_no_gets_a_note(
        qtbot, wizard: IntakeWizard) -> None:
    control = wizard.control_field
    choose(wizard, "field_deal_acquires_control", "No")
    edit(wizard, "field_deal_stake_after_pct").setText("62%")
    assert control.note_label.text() == ("a stake of 62 % is control whatever this says: "
                                         "screening counts it as control")
    assert control.problem() is None  # a note, not a problem
    edit(wizard, "field_deal_stake_after_pct").setText("49.9")
    assert control.note_label.text() == ""
    edit(wizard, "field_deal_stake_after_pct").setText("50")
    choose(wizard, "field_deal_acquires_control", "Yes")
    assert control.note_label.text() == ""
