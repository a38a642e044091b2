"""Wizard wording slips: the Review page's "Needed before Submit" list kept each message's
full stop ("….; CN-TECH-EXPORT: …"); "EU" said "write" twice; a currency was quoted back
upper-cased ('US DOLLAR' for "us dollar"); a list item was named "[0]"; a place typed as a
name the app cannot read ("Korea") was counted nowhere but at its field; a form label's
last glyph was cut at 200 %."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLabel

from approvals.domain.places import read_place
from approvals.domain.typed_input import Unreadable, currency_code, currency_problem
from approvals.ui.wizard import FactsPage, IntakeWizard, field_words, needed_later_text
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_wizard import edit, error_text, type_into


def test_needed_later_items_are_joined_without_doubled_stops() -> None:
    text = needed_later_text([
        ("CN-FISR", "fill in Unified Social Credit Code (Target company)."),
        ("CN-TECH-EXPORT", "attach the licence contract.")])
    assert ".;" not in text and ".." not in text
    assert ("CN-FISR: fill in Unified Social Credit Code (Target company); CN-TECH-EXPORT: "
            "attach the licence contract. Finish opens") in text


def test_an_ambiguous_place_says_what_to_write_once() -> None:
    with pytest.raises(Unreadable) as eu:
        read_place("EU")
    assert str(eu.value) == ("'EU' could be any member state of the EU: write the state's code "
                    "(DE, FR, LU, NL …)")
    with pytest.raises(Unreadable) as korea:
        read_place("Korea")
    assert str(korea.value).endswith("South Korea (KR) or North Korea (KP): write the two-letter code")


def test_a_currency_is_quoted_as_typed() -> None:
    assert currency_problem(currency_code("us dollar"), "us dollar") == (
        "'us dollar' is not a currency code: write the three letters, e.g. USD or CNY")
    assert currency_problem("CYN", "cyn") == "'cyn' is not an ISO 4217 currency code: did you mean CNY?"
    assert currency_problem("CYN") == "'CYN' is not an ISO 4217 currency code: did you mean CNY?"


def test_the_currency_field_quotes_what_was_typed(qtbot, wizard: IntakeWizard) -> None:
    wizard.import_file(EXAMPLES_DIR / "frontier-lab.json")
    qtbot.waitUntil(lambda: edit(wizard, "field_target_name_en").text() != "", timeout=5_000)
    combo = wizard.findChild(QComboBox, "field_deal_amount_currency")
    assert combo is not None and combo.isEditable()
    combo.setEditText("us dollar")
    field = wizard.field_at("deal.amount")
    assert field is not None
    assert "'us dollar' is not a currency code" in (field.problem() or "")


def test_a_list_item_is_named_by_its_place_from_one() -> None:
    assert field_words("target.activities[0]", keys=True) == (
        "Activities (Target company), item 1 [target.activities[0]]")
    assert field_words("target.activities[2]") == "Activities (Target company), item 3"


def test_a_place_only_its_field_refuses_is_counted_and_listed(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.import_file(EXAMPLES_DIR / "frontier-lab.json")
    qtbot.waitUntil(lambda: edit(wizard, "field_target_name_en").text() != "", timeout=5_000)
    assert wizard.problems() == []
    type_into(qtbot, wizard, "field_target_jurisdiction", "Korea")
    assert "could be South Korea" in error_text(wizard, "error_target_jurisdiction")
    problems = wizard.problems()
    assert len(problems) == 1 and problems[0].startswith("target.jurisdiction: 'Korea' could be")
    wizard.review_page.refresh()
    shown = wizard.review_page.problems_label.text()
    assert "Fix these before finishing" in shown and "Korea" in shown
    assert not wizard.review_page.isComplete()


def test_form_labels_leave_room_for_a_last_glyph(wizard: IntakeWizard) -> None:
    page = next(p for p in wizard.findChildren(FactsPage) if p.fields)
    label = page.form.labelForField(page.fields[0].container)
    assert isinstance(label, QLabel) and label.contentsMargins().right() >= 2
