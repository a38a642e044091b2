"""A USCC or LEI whose check character does not match says, under the message, that a
character typed wrong anywhere gives it: "check character is 'M', expected 'N'" alone led
the officer to change the last character to the one expected, and a code with a mistyped
character before it then passed its check and went onto the filings."""

from __future__ import annotations

from typing import Any

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import VALID_LEI, VALID_USCC, error_text, type_into


def note_text(w: IntakeWizard, path: str) -> str:
    field = w.field_at(path)
    assert field is not None
    return "" if field.note_label.isHidden() else field.note_label.text()


def test_a_check_character_that_does_not_match_says_to_compare_the_whole_code(
        qtbot: Any, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    # One digit of the body mistyped (the 7 as 1): the check character is the one seen.
    typo = VALID_USCC[:8] + "12" + VALID_USCC[10:]
    type_into(qtbot, wizard, "field_target_uscc", typo)
    assert error_text(wizard, "error_target_uscc").startswith("check character is 'N', expected")
    assert note_text(wizard, "target.uscc") == (
        "A character mistyped anywhere gives this: check the whole code against the licence "
        "or registry record; changing only the last character makes a wrong code pass.")
    type_into(qtbot, wizard, "field_target_uscc", VALID_USCC)
    assert error_text(wizard, "error_target_uscc") == ""
    assert note_text(wizard, "target.uscc") == ""
    # Another problem says nothing of check characters.
    type_into(qtbot, wizard, "field_target_uscc", VALID_USCC[:-1])
    assert error_text(wizard, "error_target_uscc") == "must be 18 characters, got 17"
    assert note_text(wizard, "target.uscc") == ""
    wizard._dirty = False


def test_an_lei_whose_check_digits_do_not_match_says_so_too(
        qtbot: Any, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    lei = wizard.field_at("investor.lei")
    assert lei is not None
    lei.widget.setText(VALID_LEI[:-1] + "8")
    lei.show_problem()
    assert lei.error_label.text() == "check digits are '38', expected '37'"
    assert note_text(wizard, "investor.lei") == (
        "A character mistyped anywhere gives this: check the whole code against the LEI "
        "record; changing only the last two digits makes a wrong code pass.")
    wizard._dirty = False
