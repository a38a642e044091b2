"""Import JSON… in the wizard says every value it reads as another, each on its own line
naming its field: "Wilmington, Delaware" taken as US, 中国 as CN. A place's name read as
a code was taken without a word (the facts then said US where the file said Delaware),
while the file's other readings were reported."""

from __future__ import annotations

from pathlib import Path

from approvals.domain.facts import value_at
from approvals.ui.wizard import IntakeWizard, read_differently
from tests.ui.test_wizard11_import_words import _import
from tests.ui.test_wizard_audit2 import example


def test_places_read_as_codes_are_each_said_with_their_field(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    data["investor"]["jurisdiction"] = "Wilmington, Delaware"
    data["target"]["headquarters"] = "中国"
    lines = _import(qtbot, wizard, data, tmp_path)
    assert lines == [
        'Headquarters (Target company) [target.headquarters]: "中国" — read as CN (China): '
        "check it",
        'Jurisdiction (Investor) [investor.jurisdiction]: "Wilmington, Delaware" — read as US '
        "(United States): check it"], lines
    box = wizard.findChild(object, "errorDialog")
    assert box.text() == "Some facts in the file were read as other values: check them"
    assert wizard.collect()["investor"]["jurisdiction"] == "US"
    wizard._dirty = False


def test_a_reading_is_said_beside_the_file_s_invalid_values(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    data["investor"]["jurisdiction"] = "Delaware"
    data["target"]["name_en"] = "Kowloon " * 30
    lines = _import(qtbot, wizard, data, tmp_path)
    assert lines == [
        "Name (English) (Target company) [target.name_en]: is 239 characters long; a name "
        "takes at most 200: shorten it — marked at its field: correct it there",
        'Jurisdiction (Investor) [investor.jurisdiction]: "Delaware" — read as US (United '
        "States): check it"], lines
    assert wizard.findChild(object, "errorDialog").text() == (
        "Some facts in the file are not valid: check them")
    wizard._dirty = False


def test_a_file_whose_values_are_taken_as_written_says_nothing(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    """The examples' values (codes, numbers such as 4e22, lists in any order) are read as
    they are written: no report box."""
    wizard.autosave_timer.stop()
    for name in ("vision-startup.json", "frontier-lab.json", "consumer-app.json"):
        data = example(name)
        wizard.load_data(data)
        raw = wizard.raw_values()
        read = {".".join(f.path): r for f in wizard.fields if wizard.field_applies(f, raw)
                and (r := read_differently(f, value_at(data, f.path))) is not None}
        assert read == {}, (name, read)
    wizard._dirty = False
