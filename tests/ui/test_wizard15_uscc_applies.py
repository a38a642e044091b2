"""Only an entity registered in mainland China has a Unified Social Credit Code, yet the
field stood on the page for a Hong Kong or Cayman target, asked to be filled. It applies
while the place of organisation is CN, not given, or not read yet; for another place it is
hidden, and a code typed before is named on the Review page as left out of the facts."""

from __future__ import annotations

import pytest

from approvals.ui.wizard import IntakeWizard, organised_in_mainland
from tests.ui.test_wizard import edit

VALID_USCC = "9111000072HD1TJ3YN"


@pytest.mark.parametrize(("place", "applies"), [
    (None, True), ("CN", True), ("Zhejiang", True), ("HK", False), ("KY", False),
    ("MO", False), ("US", False),
])
def test_the_uscc_applies_to_a_mainland_or_unknown_place(place, applies: bool) -> None:
    assert organised_in_mainland(place) is applies


def _uscc_shown(wizard: IntakeWizard) -> bool:
    return edit(wizard, "field_target_uscc").isVisibleTo(wizard)


def test_a_hong_kong_target_is_not_asked_for_a_uscc(qtbot, wizard: IntakeWizard) -> None:
    assert _uscc_shown(wizard)
    edit(wizard, "field_target_uscc").setText(VALID_USCC)
    edit(wizard, "field_target_jurisdiction").setText("Hong Kong SAR")
    assert not _uscc_shown(wizard)
    data = wizard.collect()
    assert "uscc" not in data["target"] and data["target"]["jurisdiction"] == "HK"
    assert any("Unified Social Credit Code" in left for left in wizard.left_out())
    # Back to the mainland, the code typed is there again.
    edit(wizard, "field_target_jurisdiction").setText("CN")
    assert _uscc_shown(wizard)
    assert wizard.collect()["target"]["uscc"] == VALID_USCC


def test_a_loaded_uscc_of_a_cayman_target_is_shown_and_kept(
        qtbot, runner, admin) -> None:
    data = {"schema_version": 1, "target": {"name_en": "Yunji Holdings (Cayman) Ltd.",
                                            "uscc": VALID_USCC, "jurisdiction": "KY"},
            "investor": {"name": "Meridian"}, "deal": {"instrument": "equity"}}
    w = IntakeWizard(runner, admin, mode="edit", reference="AP-2026-0001", data=data)
    qtbot.addWidget(w)
    w.show()
    assert _uscc_shown(w)  # opening facts never drops one
    assert w.collect()["target"]["uscc"] == VALID_USCC
