"""A USCC copied from a business licence or a registry page comes with its label
("统一社会信用代码：9111…"), an LEI from its record ("LEI: 5493…"): the field read the label
as part of the code and said "must be 18 characters, got 27". The label (and its colon)
is taken off and the code read; an LEI that itself begins with the letters LEI is left
whole."""

from __future__ import annotations

import pytest

from approvals.ui.wizard import LEI_LABELS, USCC_LABELS, IntakeWizard, without_label
from tests.ui.test_wizard import edit

VALID_USCC = "9111000072HD1TJ3YN"
VALID_LEI = "549300JSIOM1TMA7V337"


@pytest.mark.parametrize("typed", [
    f"统一社会信用代码：{VALID_USCC}", f"统一社会信用代码 {VALID_USCC}",
    f"统一社会信用代码（USCC）：{VALID_USCC}", f"USCC: {VALID_USCC}",
    f"Unified Social Credit Code: {VALID_USCC.lower()}", f"信用代码:{VALID_USCC}",
])
def test_a_uscc_copied_with_its_label_is_read(qtbot, wizard: IntakeWizard, typed: str) -> None:
    box = edit(wizard, "field_target_uscc")
    box.setText(typed)
    field = next(f for f in wizard.fields if f.path == ("target", "uscc"))
    assert field.problem() is None
    box.editingFinished.emit()
    assert box.text() == VALID_USCC


@pytest.mark.parametrize("typed", [f"LEI: {VALID_LEI}", f"LEI {VALID_LEI}",
                                   f"LEI code: {VALID_LEI}", f"lei：{VALID_LEI}"])
def test_an_lei_copied_with_its_label_is_read(qtbot, wizard: IntakeWizard, typed: str) -> None:
    edit(wizard, "field_investor_lei").setText(typed)
    assert wizard.collect()["investor"]["lei"] == VALID_LEI


def test_letters_that_begin_the_code_itself_are_not_a_label() -> None:
    assert without_label("LEIX00JSIOM1TMA7V337", LEI_LABELS) == "LEIX00JSIOM1TMA7V337"
    assert without_label("LEI:", LEI_LABELS) == "LEI:"  # no code after it: as typed
    assert without_label(VALID_USCC, USCC_LABELS) == VALID_USCC
