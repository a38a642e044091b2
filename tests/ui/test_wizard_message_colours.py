"""A field's messages (the red problem, the grey note, a place's name) are coloured as
they are first shown, not as the wizard is built: most of the ~200 never show, and styling
each took about a fifth of opening the wizard. What the officer sees is the same: a shown
message is in the palette's readable colour, whichever palette it was first shown in."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from approvals.ui.widgets import error_colour, secondary_text_colour
from approvals.ui.wizard import CountryField, IntakeWizard
from tests.ui.conftest import dark_palette


def _line(wizard: IntakeWizard, name: str) -> QLineEdit:
    edit = wizard.findChild(QLineEdit, name)
    assert edit is not None, name
    return edit


def test_messages_are_styled_only_once_they_have_something_to_say(
        qtbot, wizard: IntakeWizard) -> None:
    labels = [label for field in wizard.fields
              for label in (field.error_label, field.note_label,
                            *([field.place_label] if isinstance(field, CountryField) else []))]
    assert len(labels) > 90
    assert [label.objectName() for label in labels if label.styleSheet()] == []
    qtbot.keyClicks(_line(wizard, "field_target_name_zh"), "Li")
    problem = wizard.findChild(type(wizard.fields[0].error_label), "error_target_name_zh")
    assert problem is not None and problem.isVisibleTo(wizard)
    assert problem.styleSheet() == f"color: {error_colour()};"
    place = next(f for f in wizard.fields if f.path == ("target", "jurisdiction"))
    assert isinstance(place, CountryField)
    place.set_value("CN")
    assert place.place_label.text() and place.place_label.isVisibleTo(wizard)
    assert place.place_label.styleSheet() == f"color: {secondary_text_colour()};"
    # The others are still as built.
    assert len([label for label in labels if label.styleSheet()]) == 2


def test_a_message_shown_in_a_dark_palette_is_in_its_colour_and_follows_a_switch_back(
        qtbot, wizard: IntakeWizard) -> None:
    light = error_colour()
    with dark_palette():
        dark = error_colour()
        assert dark != light
        # The wizard has been told of the switch (every label is styled for it then).
        qtbot.waitUntil(lambda: wizard.fields[0].error_label.styleSheet() == f"color: {dark};",
                        timeout=2_000)
        qtbot.keyClicks(_line(wizard, "field_target_name_zh"), "Li")
        field = next(f for f in wizard.fields if f.path == ("target", "name_zh"))
        assert field.error_label.isVisibleTo(wizard) and field.error_label.text()
        assert field.error_label.styleSheet() == f"color: {dark};"
    # Back to the light palette: the shown message and the ones not shown yet follow.
    qtbot.waitUntil(lambda: field.error_label.styleSheet() == f"color: {light};",
                    timeout=2_000)
    assert all(f.error_label.styleSheet() == f"color: {light};" for f in wizard.fields)
