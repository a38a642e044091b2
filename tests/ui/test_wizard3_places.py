"""A place typed by its everyday name in the wizard: read as its code on leaving the
field, with the place's name beside it; a name of several places refused at the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit, error_text, next_button, type_into


def test_usa_is_shown_as_us_on_leaving_the_field_with_its_name(
    qtbot, wizard: IntakeWizard
) -> None:
    type_into(qtbot, wizard, "field_target_name_en", "Zhiyuan AI Co., Ltd.")
    place = edit(wizard, "field_target_jurisdiction")
    place.setFocus()
    type_into(qtbot, wizard, "field_target_jurisdiction", "U.S.A.")
    assert error_text(wizard, "error_target_jurisdiction") == ""
    qtbot.keyClick(place, Qt.Key.Key_Tab)
    assert place.text() == "US"
    name = wizard.findChild(QLabel, "place_target_jurisdiction")
    assert name is not None and name.text() == "United States"
    assert wizard.collect(draft=True)["target"]["jurisdiction"] == "US"


def test_korea_is_refused_with_the_codes_it_could_mean(qtbot, wizard: IntakeWizard) -> None:
    type_into(qtbot, wizard, "field_target_name_en", "Zhiyuan AI Co., Ltd.")
    type_into(qtbot, wizard, "field_target_headquarters", "Korea")
    assert "(KR) or North Korea (KP)" in error_text(wizard, "error_target_headquarters")
    assert not next_button(wizard).isEnabled()
    assert edit(wizard, "field_target_headquarters").text() == "Korea"  # kept as typed
    assert wizard.findChild(QLabel, "place_target_headquarters").text() == ""


def test_the_place_name_shows_only_for_a_place_read(qtbot, wizard: IntakeWizard) -> None:
    name = wizard.findChild(QLabel, "place_investor_jurisdiction")
    assert name.isHidden()  # empty: the field as wide as the others
    place = edit(wizard, "field_investor_jurisdiction")
    type_into(qtbot, wizard, "field_investor_jurisdiction", "ch")
    assert name.isHidden()  # not while typing: "CH" on the way to "China"
    place.editingFinished.emit()  # leaving the field
    assert not name.isHidden() and name.text() == "Switzerland"  # CH is not China
    type_into(qtbot, wizard, "field_investor_jurisdiction", "Atlantis")
    assert name.isHidden()  # the name read before goes as the text changes
    place.setText("中国")  # (QTest cannot type Chinese)
    place.editingFinished.emit()
    assert name.text() == "China"
    wizard.load_data({"schema_version": 1, "investor": {"jurisdiction": "US"}})
    assert not name.isHidden() and name.text() == "United States"  # loaded: named


def test_a_wrapped_field_message_starts_right_under_its_field(
    qtbot, wizard: IntakeWizard
) -> None:
    # Centred in a box taller than its lines, it stood a blank line below the field.
    error = wizard.findChild(QLabel, "error_target_headquarters")
    assert error.alignment() & Qt.AlignmentFlag.AlignTop


def test_the_summary_names_each_place_beside_its_code() -> None:
    from approvals.ui.wizard import facts_summary_html

    shown = facts_summary_html({"target": {"jurisdiction": "CH", "headquarters": "CN"},
                                "investor": {"jurisdiction": "XX"}})
    assert "CH (Switzerland)" in shown and "CN (China)" in shown
    assert "<b>XX</b>" in shown  # no name known (no ISO 3166 code): the code alone


def test_a_chinese_name_typed_as_the_english_one_is_sent_to_its_field(
    qtbot, wizard: IntakeWizard
) -> None:
    name = edit(wizard, "field_target_name_en")
    name.setText("北京智源前沿人工智能有限公司")  # (QTest cannot type Chinese)
    assert "type it under Name (Chinese)" in error_text(wizard, "error_target_name_en")
    assert not next_button(wizard).isEnabled()
    name.setText("Beijing Zhiyuan 智源 AI Co., Ltd.")
    assert error_text(wizard, "error_target_name_en") == ""  # Latin letters: an English name
