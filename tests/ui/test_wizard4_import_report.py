"""An imported file's values that its fields refuse although the schema takes them (a
USCC's check character, an LEI's check digits, a completion before the signing) are in
the import's report with the schema's problems, each named with its key; before, the
report left them out and the LEI's was found only on reaching the Investor page. A code
the wizard does not offer is named without the list of every code it does."""

from __future__ import annotations

import json
from pathlib import Path

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard_audit2 import example


def _report(qtbot, wizard: IntakeWizard, data: dict, tmp_path: Path) -> list[str]:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: wizard.findChild(object, "errorDialog") is not None, timeout=5_000)
    return wizard.findChild(object, "errorDialog").informativeText().splitlines()


def test_values_their_fields_refuse_are_reported_with_the_schemas_problems(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    data = example("vision-startup.json")
    data["target"]["uscc"] = "91110108MA01ABCDEA"  # the check character is N
    data["investor"]["lei"] = "5493001KJTIIGC8Y1R13"
    data["deal"]["signing_date"] = "2027-03-01"
    data["deal"]["expected_completion_date"] = "2027-01-15"
    data["target"]["activities"] = ["cloud"]
    lines = _report(qtbot, wizard, data, tmp_path)
    assert len(lines) == 4, lines
    uscc, activities, lei, completion = lines
    assert uscc.startswith("Unified Social Credit Code (Target company) [target.uscc]: check character is")
    assert uscc.endswith("— marked at its field: correct it there")
    assert activities.startswith('Activities (Target company), item 1 [target.activities[0]]: '
                                 '"cloud" is not one of its choices — left out'), activities
    assert "ai_model_development" not in activities
    assert lei == ("Legal Entity Identifier (Investor) [investor.lei]: check digits are '13', expected '12' — "
                   "marked at its field: correct it there")
    assert completion.startswith("Expected completion (Deal) [deal.expected_completion_date]: "
                                "2027-01-15 is before the signing date, 2027-03-01")


def test_a_file_whose_only_problem_is_a_check_digit_is_reported(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    data = example("vision-startup.json")
    data["investor"]["lei"] = "5493001KJTIIGC8Y1R13"
    assert _report(qtbot, wizard, data, tmp_path) == [
        "Legal Entity Identifier (Investor) [investor.lei]: check digits are '13', expected '12' — marked at its "
        "field: correct it there"]
