"""The user guide's Back and Forward have an Alt letter like every other button (they had
only Alt+Left and Alt+Right): Alt+B and Alt+F, which no other control of the guide uses,
and Alt+Left / Alt+Right still work beside them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from approvals.ui.help import GuideWindow, ShortcutsWindow, collect_shortcuts
from approvals.ui.widgets import access_key, alt_keys_in_use
from tests.ui.ux_checks import alt_keys_taken_away, mnemonic_clashes


@pytest.fixture
def guide(qtbot) -> Iterator[GuideWindow]:
    window = GuideWindow()  # its own: not a closed one of another test, still to be deleted
    qtbot.addWidget(window)
    window.load()
    window.show()
    qtbot.waitUntil(lambda: window.source is not None, timeout=10_000)
    window.resize(1100, 700)
    qtbot.waitExposed(window)
    yield window
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, GuideWindow | ShortcutsWindow):
            widget.close()


def test_back_and_forward_have_alt_letters_nothing_else_in_the_guide_uses(
        guide: GuideWindow) -> None:
    buttons = (guide.back_button, guide.forward_button)
    keys = [access_key(b.text()) for b in buttons]
    assert all(keys) and keys[0] != keys[1], [b.text() for b in buttons]
    assert not set(keys) & alt_keys_in_use(guide, leave_out=buttons)
    assert mnemonic_clashes(guide) == []
    assert alt_keys_taken_away(guide) == []  # the underlined letter presses the button
    # Screen readers say the words, not the "&".
    assert [b.accessibleName() for b in buttons] == ["Back", "Forward"]
    # The keys list says each of the two keys of each.
    listed = {(e.keys, e.does) for e in collect_shortcuts(guide, "User guide")}
    for button, key in ((guide.back_button, QKeySequence.StandardKey.Back),
                        (guide.forward_button, QKeySequence.StandardKey.Forward)):
        native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        assert (native, button.accessibleName()) in listed
        assert native in button.toolTip() or not button.isEnabled()


def test_alt_letters_and_alt_arrows_go_back_and_forward(qtbot, guide: GuideWindow) -> None:
    assert guide.go_to("Holiday calendars")
    assert guide.go_to("restricted-documents")
    guide.activateWindow()
    guide.text.setFocus()
    back = Qt.Key(QKeySequence.mnemonic(guide.back_button.text())[0].key())
    forward = Qt.Key(QKeySequence.mnemonic(guide.forward_button.text())[0].key())
    # (a button's shortcut clicks it as a click looks: a moment later)
    qtbot.keyClick(guide.text, back, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: guide.section_in_view().anchor == "holiday-calendars", timeout=2_000)
    qtbot.keyClick(guide.text, forward, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: guide.section_in_view().anchor == "restricted-documents",
                    timeout=2_000)
    qtbot.keyClick(guide.text, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: guide.section_in_view().anchor == "holiday-calendars", timeout=2_000)
    qtbot.keyClick(guide.text, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: guide.section_in_view().anchor == "restricted-documents",
                    timeout=2_000)
    # Alt+F in the find field goes forward too, rather than typing an "f" there.
    guide.back()
    guide.find_edit.setFocus()
    qtbot.keyClick(guide.find_edit, forward, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: guide.section_in_view().anchor == "restricted-documents",
                    timeout=2_000)
    assert guide.find_edit.text() == ""
