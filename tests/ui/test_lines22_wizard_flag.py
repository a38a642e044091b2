"""The wizard's help on the distillation question says the flag as the case window and
the filings do, from one place (domain.wording): "risk flag" once, the source it is
assessed under named. It said "Distillation risk flag (OSTP NSTM-4): … Recorded as a risk
flag, not a legal determination." — the flag twice, in words of its own."""

from __future__ import annotations

from approvals.domain.wording import DISTILLATION_FLAG, distillation_flag_sentence


def test_the_distillation_help_is_the_filings_sentence(qtbot, wizard) -> None:
    wizard.autosave_timer.stop()
    field = wizard.distilled_field
    help_text = field.hint
    assert help_text == distillation_flag_sentence(
        "outputs of US models used as training data", "")[0]
    assert help_text.startswith(f"{DISTILLATION_FLAG[0]}: outputs of US models")
    assert help_text.lower().count("risk flag") == 1, help_text
    assert "It is assessed under OSTP memorandum NSTM-4" in help_text
    assert help_text.endswith("and is not a legal determination.")
    # The officer reads it as the box's tooltip and a screen reader as its description.
    assert field.widget.toolTip() == help_text
    assert field.widget.accessibleDescription() == help_text
    wizard._dirty = False
