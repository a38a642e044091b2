"""No text field took a maximum length: a pasted megabyte went whole into the facts, the
filings and the case list. Each kind of field now has its most (typed_input: names 200,
a reference 100, a place 100, a list's line 300 and 200 lines, the commercial rationale
4,000 characters); a longer text is refused at the field with its length and the most,
never cut to fit, and Next waits until it is shortened. An imported file's over-long
value is taken as written and marked at its field, like any other value its field
refuses: the file is not refused."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWizard

from approvals.domain.typed_input import (
    DESCRIPTION_CHARS,
    ITEM_CHARS,
    LIST_ITEMS,
    NAME_CHARS,
    PLACE_CHARS,
    REFERENCE_CHARS,
)
from approvals.ui.wizard import Field, IntakeWizard
from tests.ui.test_wizard import edit
from tests.ui.test_wizard_audit2 import example


def _field(wizard: IntakeWizard, path: str) -> Field:
    return next(f for f in wizard.fields if ".".join(f.path) == path)


def _error(wizard: IntakeWizard, path: str) -> str:
    field = _field(wizard, path)
    field.show_problem()  # the message under the field (on its page, when shown)
    return field.error_label.text() if not field.error_label.isHidden() else ""


def test_a_pasted_name_longer_than_a_name_is_refused_whole_at_the_field(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    name = edit(wizard, "field_target_name_en")
    pasted = "Beijing Moxin Intelligence Technology Co., Ltd. " * 6  # 288 characters
    QApplication.clipboard().setText(pasted)
    name.paste()
    assert name.text() == pasted  # not cut to fit
    assert _error(wizard, "target.name_en") == (
        f"is {len(pasted.strip())} characters long; a name takes at most 200: shorten it")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    name.setText("N" * NAME_CHARS)  # the most is taken
    assert _error(wizard, "target.name_en") == ""
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard._dirty = False


def test_a_megabyte_paste_is_said_to_be_at_least_what_the_box_kept(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    name = edit(wizard, "field_investor_name")
    name.setText("x" * 1_048_576)  # a one-line box keeps 32,767 characters of it
    assert _error(wizard, "investor.name") == (
        "is at least 32,767 characters long; a name takes at most 200: shorten it")
    wizard._dirty = False


def test_each_kind_of_field_has_its_most(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    for box, path, most, what in [
        ("field_reference", "reference", REFERENCE_CHARS, "a reference"),
        ("field_target_name_zh", "target.name_zh", NAME_CHARS, "a name"),
        ("field_investor_ultimate_parent", "investor.ultimate_parent", NAME_CHARS, "a name"),
        ("field_target_headquarters", "target.headquarters", PLACE_CHARS, "a place"),
    ]:
        text = "中" * (most + 1)
        edit(wizard, box).setText(text)
        assert _error(wizard, path) == (
            f"is {most + 1} characters long; {what} takes at most {most}: shorten it"), path
        edit(wizard, box).clear()
    rationale = wizard.findChild(QPlainTextEdit, "field_deal_commercial_rationale")
    rationale.setPlainText("r" * (DESCRIPTION_CHARS + 1))
    assert _error(wizard, "deal.commercial_rationale") == (
        "is 4,001 characters long; the description takes at most 4,000: shorten it")
    rationale.setPlainText("r" * DESCRIPTION_CHARS)
    assert _error(wizard, "deal.commercial_rationale") == ""
    wizard._dirty = False


def test_a_list_names_its_over_long_line_and_counts_its_items(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    items = wizard.findChild(QPlainTextEdit,
                             "field_deal_technology_transfer_restricted_catalogue_items")
    items.setPlainText("184301X Crop breeding\n\n" + "m" * (ITEM_CHARS + 1))
    field = _field(wizard, "deal.technology_transfer.restricted_catalogue_items")
    assert field.parse_problem() == (
        "line 3 is 301 characters long; an item takes at most 300: shorten it")
    items.setPlainText("\n".join(f"item {i}" for i in range(LIST_ITEMS + 1)))
    assert field.parse_problem() == "has 201 items; the list takes at most 200: shorten it"
    items.setPlainText("\n".join(f"item {i}" for i in range(LIST_ITEMS)))
    assert field.parse_problem() is None
    wizard._dirty = False


def test_an_imported_over_long_name_is_taken_and_marked_at_its_field(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    long_name = "Sand Hill Frontier Ventures IV, L.P. " * 10  # 370 characters
    data["investor"]["name"] = long_name
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: wizard.findChild(object, "errorDialog") is not None, timeout=5_000)
    report = wizard.findChild(object, "errorDialog").informativeText().splitlines()
    assert report == [
        "Name (Investor) [investor.name]: is 369 characters long; a name takes at most 200: "
        "shorten it — marked at its field: correct it there"]
    # Everything else of the file is in the wizard; the name as written, to shorten.
    assert edit(wizard, "field_investor_name").text() == long_name
    assert edit(wizard, "field_target_name_en").text() == data["target"]["name_en"]
    wizard._dirty = False
