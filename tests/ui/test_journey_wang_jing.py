"""Defects found walking the app as a Shanghai compliance officer (Chinese input, a 1366x768
laptop at 125 %, a preparer and an approver sharing it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit, error_text, next_button, type_into


def ime_type(qtbot, widget: QLineEdit, text: str) -> None:
    """Chinese text as a Pinyin input method hands it over: one committed string."""
    widget.setFocus()
    widget.clear()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
    assert widget.text() == text


def test_a_country_typed_by_its_chinese_or_english_name_is_read_as_its_code(
    qtbot, wizard: IntakeWizard
) -> None:
    # "中国" in Headquarters was refused ("use the two-letter ISO 3166 code"): Next stayed
    # grey until the officer worked out that the app wanted "CN".
    type_into(qtbot, wizard, "field_target_name_en", "Shanghai Zhiyuan Co., Ltd.")
    headquarters = edit(wizard, "field_target_headquarters")
    ime_type(qtbot, headquarters, "中国")
    assert error_text(wizard, "error_target_headquarters") == ""
    assert next_button(wizard).isEnabled()
    qtbot.keyClick(headquarters, Qt.Key.Key_Tab)  # leaving shows what was read
    assert headquarters.text() == "CN"
    ime_type(qtbot, edit(wizard, "field_target_jurisdiction"), "开曼群岛")
    type_into(qtbot, wizard, "field_target_jurisdiction", "Cayman Islands")
    data = wizard.collect(draft=True)
    assert data["target"]["headquarters"] == "CN"
    assert data["target"]["jurisdiction"] == "KY"
    ime_type(qtbot, edit(wizard, "field_target_jurisdiction"), "开曼群岛")
    assert wizard.collect(draft=True)["target"]["jurisdiction"] == "KY"
    # A name the app does not know is still refused, not guessed.
    type_into(qtbot, wizard, "field_target_jurisdiction", "Atlantis")
    assert "two-letter" in error_text(wizard, "error_target_jurisdiction")
    assert not next_button(wizard).isEnabled()
