"""The wizard's groups of boxes had no Alt key (activities, security-review fields, end
uses): a keyboard user tabbed through every field before them. The group's label now has
one, which moves to its first box without ticking it; the "None of these" boxes have one
where a letter of theirs is free on the page; no key is shared on a page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from approvals.ui.wizard import IntakeWizard, MultiChoiceField
from tests.ui.test_wizard import click_next, type_into
from tests.ui.ux_checks import dead_alt_keys, mnemonic_clashes


def _field(wizard: IntakeWizard, *path: str) -> MultiChoiceField:
    found = next(f for f in wizard.fields if f.path == path)
    assert isinstance(found, MultiChoiceField)
    return found


def _alt(qtbot, wizard: IntakeWizard, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or wizard, key, Qt.KeyboardModifier.AltModifier)


def test_a_group_s_alt_key_moves_to_its_first_box_ticking_nothing(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    activities = _field(wizard, "target", "activities")
    label = wizard.currentPage().form.labelForField(activities.container)
    assert isinstance(label, QLabel) and label.text() == "Acti&vities"
    first = activities.boxes["ai_model_development"]
    _alt(qtbot, wizard, Qt.Key.Key_V)
    qtbot.waitUntil(first.hasFocus, timeout=2_000)
    assert not first.isChecked() and activities.parse() is None  # still unanswered
    qtbot.keyClick(first, Qt.Key.Key_Space)
    assert activities.parse() == ["ai_model_development"]
    sectors = _field(wizard, "target", "security_sectors")
    _alt(qtbot, wizard, Qt.Key.Key_R)
    qtbot.waitUntil(sectors.boxes["military"].hasFocus, timeout=2_000)
    assert sectors.parse() is None


def test_none_of_these_ticks_with_its_alt_key(qtbot, wizard: IntakeWizard) -> None:
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    activities = _field(wizard, "target", "activities")
    assert activities.none_box.text() == "None &of these"
    _alt(qtbot, wizard, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: activities.parse() == [], timeout=2_000)


def test_no_alt_key_is_shared_or_dead_on_any_page(qtbot, wizard: IntakeWizard) -> None:
    type_into(qtbot, wizard, "field_target_name_en", "Shenzhen Example Co., Ltd.")
    _field(wizard, "target", "activities").boxes["ai_model_development"].setChecked(True)
    while wizard.currentPage() is not wizard.review_page:
        assert mnemonic_clashes(wizard) == [], wizard.currentPage().objectName()
        assert dead_alt_keys(wizard) == [], wizard.currentPage().objectName()
        if wizard.currentPage().objectName() == "aiPage":
            ends = _field(wizard, "target", "ai", "end_uses")
            label = wizard.currentPage().form.labelForField(ends.container)
            assert isinstance(label, QLabel) and "&" in label.text()
            assert "&" in ends.none_box.text()
        if wizard.currentPage().objectName() == "investorPage":
            type_into(qtbot, wizard, "field_investor_name", "Y Fund")
        if wizard.currentPage().objectName() == "dealPage":
            wizard.currentPage().fields[0].set_value("equity")
        click_next(qtbot, wizard)


def test_the_arrow_keys_move_between_a_group_s_boxes_ticking_none(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    activities = _field(wizard, "target", "activities")
    boxes = activities.boxes
    _alt(qtbot, wizard, Qt.Key.Key_V)
    qtbot.waitUntil(boxes["ai_model_development"].hasFocus, timeout=2_000)
    qtbot.keyClick(boxes["ai_model_development"], Qt.Key.Key_Right)
    assert boxes["ai_application"].hasFocus()
    qtbot.keyClick(boxes["ai_application"], Qt.Key.Key_Down)
    assert boxes["semiconductor_fabrication"].hasFocus()  # the box below, right column
    qtbot.keyClick(boxes["semiconductor_fabrication"], Qt.Key.Key_Left)
    assert boxes["semiconductor_design"].hasFocus()
    boxes["other"].setFocus()
    qtbot.keyClick(boxes["other"], Qt.Key.Key_Down)  # the last row: on to "None of these"
    assert activities.none_box.hasFocus()
    qtbot.keyClick(activities.none_box, Qt.Key.Key_Up)
    assert boxes["data_processing"].hasFocus()
    assert activities.parse() is None  # moving ticks nothing
