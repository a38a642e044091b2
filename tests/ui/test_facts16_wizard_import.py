"""Import JSON… in the wizard: a file giving a key twice is refused with the field path
and lines, nothing of it taken into the fields; a NUL in a name is marked at its field in
the command line's words (it was taken as the name)."""

from __future__ import annotations

import json
from pathlib import Path

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit
from tests.ui.test_wizard11_import_words import _import
from tests.ui.test_wizard_audit2 import example


def test_a_key_given_twice_is_refused_and_nothing_is_taken(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    data["investor"]["us_person"] = True
    text = json.dumps(data, indent=2, ensure_ascii=False)
    text = text.replace('"us_person": true', '"us_person": false,\n    "us_person": true')
    path = tmp_path / "facts.json"
    path.write_text(text, encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: wizard.findChild(object, "errorDialog") is not None, timeout=5_000)
    box = wizard.findChild(object, "errorDialog")
    said = box.text() + "\n" + box.informativeText()
    line = next(n for n, each in enumerate(text.splitlines(), start=1)
                if each.strip().startswith('"us_person": true'))
    assert f"is given twice, on lines {line - 1} and {line} of" in said, said
    assert "investor.us_person" in said or "US person" in said, said
    assert edit(wizard, "field_target_name_en").text() == ""  # nothing taken
    wizard._dirty = False


def test_a_nul_in_a_name_is_marked_at_its_field(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    data["investor"]["name"] = "Example\u0000 Partners"
    lines = _import(qtbot, wizard, data, tmp_path)
    assert any(line.startswith("Name (Investor) [investor.name]: contains a control "
                               "character (U+0000), a NUL character, at character 8")
               and line.endswith("— marked at its field: correct it there")
               for line in lines), lines
    wizard._dirty = False
