"""With several problems on a page, the line under the form repeated every message that
already stood under its field: three in full took four lines of the form's few at 200 %
on a 1366×768 screen. The line gives the first problem in full and names the others; the
greyed-out Next's tooltip (what a screen reader reads) still has every message."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit


def test_the_line_names_the_other_problems_and_the_tooltip_says_them(
        qtbot, wizard: IntakeWizard) -> None:
    edit(wizard, "field_target_uscc").setText("91110108MA01ABCD1X")
    edit(wizard, "field_target_jurisdiction").setText("Atlantis")
    line = wizard.currentPage().blocked_label.text()
    assert line == (
        "Next is unavailable until these are fixed — Name (English): required; type it in; "
        "also Unified Social Credit Code, Place of organisation (the message is under each)")
    tooltip = wizard.button(QWizard.WizardButton.NextButton).toolTip()
    assert "Unified Social Credit Code: check character is 'X', expected 'E'" in tooltip
    assert "'Atlantis' is not a place the app knows" in tooltip


def test_one_problem_is_said_in_full(qtbot, wizard: IntakeWizard) -> None:
    assert wizard.currentPage().blocked_label.text() == (
        "Next is unavailable until this is fixed — Name (English): required; type it in")
