"""A worldwide turnover smaller than the China turnover it includes (a digit short, 万
typed for 亿) was taken without a word, and the merger-control screening weighed both
figures. The wizard says so at Worldwide turnover, for the target and for the investor's
group, and Next waits, as for a completion date before the signing."""

from __future__ import annotations

import pytest

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit, error_text, next_button, type_into


@pytest.mark.parametrize("side", ["target", "investor"])
def test_a_worldwide_turnover_below_the_china_one_is_said_at_the_field(
        qtbot, wizard: IntakeWizard, side: str) -> None:
    # setText: QtTest types no Chinese characters.
    edit(wizard, f"field_{side}_turnover_cny_china").setText("9亿")
    edit(wizard, f"field_{side}_turnover_cny_worldwide").setText("8500万")
    worldwide = next(f for f in wizard.fields
                     if f.path == (side, "turnover_cny", "worldwide"))
    assert worldwide.problem() == ("RMB 85,000,000 is less than the China turnover, "
                                   "RMB 900,000,000, which it includes: check both figures")
    assert worldwide.error_label.text() == worldwide.problem()
    page = wizard.currentPage()
    if side == "target":
        type_into(qtbot, wizard, "field_target_name_en", "Kowloon Reasoning Labs Limited")
        assert not next_button(wizard).isEnabled()
        assert "Worldwide turnover (RMB): RMB 85,000,000 is less than" in page.blocked_label.text()
        # Corrected (either figure), the message goes and Next is available.
        edit(wizard, "field_target_turnover_cny_worldwide").setText("85亿")
        assert error_text(wizard, "error_target_turnover_cny_worldwide") == ""
        assert next_button(wizard).isEnabled()


def test_equal_figures_and_a_missing_one_are_no_problem(qtbot, wizard: IntakeWizard) -> None:
    type_into(qtbot, wizard, "field_target_turnover_cny_china", "900,000,000")
    worldwide = next(f for f in wizard.fields
                     if f.path == ("target", "turnover_cny", "worldwide"))
    assert worldwide.problem() is None  # worldwide not known
    edit(wizard, "field_target_turnover_cny_worldwide").setText("RMB 900 million")
    assert worldwide.problem() is None
