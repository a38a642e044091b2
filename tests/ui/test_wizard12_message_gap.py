"""A field's message stands right under its field, as tall as its lines: a message shown
after being hidden kept the height the form had measured at a width of its own (a line
too many: a blank line under "'Korea' could be South Korea (KR) or North Korea (KP)…"),
at 100 % and with the font doubled (200 %), and in a window so narrow its rows wrap."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from approvals.ui.wizard import IntakeWizard
from tests.ui.scaling_support import doubled_app_font
from tests.ui.test_wizard import edit

PLACES = {"field_target_headquarters": "Korea",
          "field_target_jurisdiction": "Atlantis " * 3,
          "field_target_uscc": "91110000600037341X"}


def _assert_messages_fit(wizard: IntakeWizard) -> None:
    for name, text in PLACES.items():
        edit(wizard, name).setText(text)  # shown at once, not grown keystroke by keystroke
    QApplication.processEvents()
    shown = [f for f in wizard.fields if f.error_label.isVisible()]
    assert len(shown) == len(PLACES)
    for field in shown:
        label = field.error_label
        lines = label.heightForWidth(label.width())
        assert label.height() == lines, (field.path, label.height(), lines)
        spacing = field.container.layout().spacing()
        # A grey word under the message (a USCC's check character: compare the whole code)
        # as tall as its lines too.
        note = field.note_label
        below = 0
        if note.isVisible():
            below = note.heightForWidth(note.width())
            assert note.height() == below, (field.path, note.height(), below)
            below += spacing
        assert field.container.height() == field.widget.height() + spacing + lines + below, \
            field.path


@pytest.mark.parametrize("width", [900, 520])
def test_a_message_is_as_tall_as_its_lines(qtbot, wizard: IntakeWizard, width: int) -> None:
    wizard.resize(width, 700)
    _assert_messages_fit(wizard)


def test_a_message_is_as_tall_as_its_lines_at_200_percent(qtbot, wizard: IntakeWizard) -> None:
    with doubled_app_font():
        wizard.resize(1300, 760)
        _assert_messages_fit(wizard)


def test_a_message_follows_its_width(qtbot, wizard: IntakeWizard) -> None:
    wizard.resize(1300, 700)
    _assert_messages_fit(wizard)
    wizard.resize(560, 700)  # narrower: the place's message takes more lines
    for _ in range(5):
        QApplication.processEvents()
    label = wizard.findChild(type(wizard.fields[0].error_label), "error_target_jurisdiction")
    assert label.height() == label.heightForWidth(label.width()) > label.fontMetrics().lineSpacing()
