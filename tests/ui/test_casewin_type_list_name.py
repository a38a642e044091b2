"""The Type list's text field (where the focus is: the list is editable) has a name a
screen reader says, as the list has."""

from __future__ import annotations

from approvals.ui.document_access import type_list


def test_the_type_fields_text_box_is_named(qtbot) -> None:
    box = type_list([("org_chart", "Organisation chart")], name="documentType")
    qtbot.addWidget(box)
    line = box.lineEdit()
    assert line is not None and line.accessibleName() == box.accessibleName() == "Document type"
