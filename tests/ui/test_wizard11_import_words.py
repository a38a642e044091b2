"""What an imported file's values look like in the wizard: a name longer than its box
shows its beginning (it showed its end, the cursor left after it), and a currency the
schema refuses is said in words, not as the schema's pattern ("does not match
^[A-Z]{3}$")."""

from __future__ import annotations

import json
from pathlib import Path

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit
from tests.ui.test_wizard_audit2 import example


def _import(qtbot, wizard: IntakeWizard, data: dict, tmp_path: Path) -> list[str]:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: wizard.findChild(object, "errorDialog") is not None, timeout=5_000)
    return wizard.findChild(object, "errorDialog").informativeText().splitlines()


def test_a_loaded_name_longer_than_its_box_shows_its_beginning(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    data["target"]["name_en"] = "Kowloon Bay Holdings Limited " * 3
    data["deal"]["amount"]["currency"] = "usd"
    lines = _import(qtbot, wizard, data, tmp_path)
    name = edit(wizard, "field_target_name_en")
    assert name.text() == data["target"]["name_en"]
    assert name.cursorPosition() == 0
    assert lines == [
        'Amount (Deal) — currency [deal.amount.currency]: "usd" is not a currency code: its '
        'three capital letters, e.g. USD or CNY — read as USD 20,000,000: check it'], lines
    wizard._dirty = False


def test_a_list_or_true_where_a_text_belongs_is_left_out_not_spelt_as_python(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    data["investor"]["name"] = ["Sand Hill Frontier Ventures IV, L.P."]
    data["investor"]["ultimate_parent"] = True
    lines = _import(qtbot, wizard, data, tmp_path)
    assert edit(wizard, "field_investor_name").text() == ""
    assert edit(wizard, "field_investor_ultimate_parent").text() == ""
    assert lines == [
        "Name (Investor) [investor.name]: must be text in quotes (got a list) — left out: "
        "enter it in the wizard",
        "Ultimate parent (Investor) [investor.ultimate_parent]: must be text in quotes, or null "
        "when not known (got true) — left out: enter it in the wizard"], lines
    wizard._dirty = False


def test_a_long_import_report_keeps_its_box_on_the_screen(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    """A file of 300 unknown fields made a report box 4,000 px tall, its OK out of reach."""
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    for i in range(300):
        data["target"][f"extra_{i}"] = i
    lines = _import(qtbot, wizard, data, tmp_path)
    assert len(lines) == 13
    assert lines[-1] == "… and 288 more: Show Details… lists all 300"
    box = wizard.findChild(object, "errorDialog")
    every = box.detailedText().splitlines()
    assert len(every) == 300 and every[:12] == lines[:12]
    assert "target.extra_299: unknown field — left out" in every
    wizard._dirty = False


def test_a_name_of_only_spaces_is_named_in_the_report(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    """A required name of only spaces passed the schema and emptied its field without a
    word in the report (the form's "required" only), where `approvals screen` names it."""
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    data["target"]["name_en"] = "   "
    lines = _import(qtbot, wizard, data, tmp_path)
    assert edit(wizard, "field_target_name_en").text().strip() == ""
    assert len(lines) == 1 and lines[0].startswith(
        "Name (English) (Target company) [target.name_en]: holds only spaces or invisible "
        "characters"), lines
    assert lines[0].endswith("— left out: enter it in the wizard"), lines
    wizard._dirty = False
