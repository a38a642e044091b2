"""The Filing particulars editor, used as an officer would: at 200 %, on a case closed
meanwhile, with text pasted from elsewhere, after a role was taken away."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QScrollArea

from approvals.services.case_lifecycle import CLOSED
from approvals.services.particulars import load_particulars
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.ui.particulars import ParticularsEditor
from approvals.ui.workers import TaskRunner
from tests.ui.test_particulars_ui import edit, new_case, opened, retype


def test_a_section_not_printed_does_not_widen_the_form_at_double_scaling(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """Why a section is not printed is said inside it, wrapped: in the section's title it
    set the form's least width, and at 200 % every field ran off the right edge behind a
    sideways scroll bar."""
    reference = new_case(db, admin, "DEMO-01")  # a US track only: the Chinese sections idle
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    font = editor.font()
    font.setPointSizeF(font.pointSizeF() * 2)  # the scale factor is fixed at start-up
    editor.setFont(font)
    editor.resize(1300, 700)  # a 1366 × 768 screen's width, in device pixels at 200 %
    editor.show()
    qtbot.waitExposed(editor)
    area = editor.findChild(QScrollArea)
    assert not area.horizontalScrollBar().isVisible()
    for widget in editor.findChildren(QLineEdit):
        if not area.isAncestorOf(widget):
            continue  # the Reason beneath the form, as wide as the dialog
        right = widget.mapTo(area.viewport(), widget.rect().topRight()).x()
        assert right <= area.viewport().width(), widget.objectName()
    note = editor.section_notes["applicant"]
    assert note.isVisible()
    assert "no track for the Chinese application" in note.text()


def close_case(db: Database, reference: str) -> None:
    """The case closed by someone else (its status as the close service leaves it)."""
    with db.session() as session:
        case = case_by_reference(session, reference)
        case.status = CLOSED
        session.add(case)


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def test_a_closed_case_opens_read_only_with_the_reason(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """Typing was allowed, and only Save said "could not be saved" in an error box."""
    reference = new_case(db, admin, "DEMO-02")
    close_case(db, reference)
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    assert edit(editor, "applicant", "legal_representative").isReadOnly()
    assert not editor.save_button.isEnabled()
    assert editor.save_reason.isVisible()
    assert f"Case {reference} is closed" in editor.save_reason.text()
    assert "reopen it first" in editor.save_button.toolTip()


def test_a_case_closed_meanwhile_refuses_the_save_in_place_and_keeps_the_input(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    name = edit(editor, "applicant", "legal_representative")
    retype(qtbot, name, "张伟")
    close_case(db, reference)
    editor.save_button.click()
    qtbot.waitUntil(lambda: "Not saved" in editor.message.text(), timeout=10_000)
    assert f"Case {reference} is closed" in editor.message.text()
    assert not message_boxes()  # said in the editor, not as a failure in an error box
    assert not editor.save_button.isEnabled()
    assert "is closed" in editor.save_reason.text()
    assert name.text() == "张伟"
    with db.read_session() as session:
        assert load_particulars(session, actor=admin, reference=reference) \
            .values["applicant"]["legal_representative"] == ""
    # What was typed is not dropped unasked: it may still be copied elsewhere.
    editor.reject()
    assert editor.isVisible()
    assert editor.discard_box is not None and editor.discard_box.isVisible()
    editor.discard_box.button(QMessageBox.StandardButton.Cancel).click()
    assert editor.isVisible() and name.text() == "张伟"
    editor.reload_button.click()  # the officer looks again: still closed, input still kept
    qtbot.waitUntil(lambda: "Reloaded" in editor.message.text(), timeout=10_000)
    assert name.text() == "张伟" and name.isReadOnly()
    assert "cannot be saved" in editor.message.text()
    assert "and save" not in editor.message.text()


def test_a_control_character_pasted_in_is_said_at_the_field_as_typed(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """A soft line break copied from a Word document (U+000B): Save was offered, and only
    the service's refusal showed it, after the officer had pressed Save."""
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    address = edit(editor, "applicant", "registered_address")
    address.setFocus()
    QApplication.clipboard().setText("北京市海淀区\x0b中关村大街1号")
    address.paste()
    error = editor.findChild(type(editor.message), "error_applicant_registered_address")
    assert error.isVisible()
    assert "control character (U+000B)" in error.text()
    assert not editor.save_button.isEnabled()
    assert "Registered address (domicile)" in editor.save_reason.text()
    retype(qtbot, address, "北京市海淀区中关村大街1号")
    assert not error.isVisible() and editor.save_button.isEnabled()


def test_a_field_both_changed_says_what_the_other_stored_after_reload(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """Two windows on one case: the reload kept the officer's value over the other's
    without a word of what the other had stored, and Save then overwrote it unseen."""
    from approvals.services.filings import set_filing_particulars

    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    contact = edit(editor, "applicant", "contact_name")
    retype(qtbot, contact, "李四")
    retype(qtbot, edit(editor, "applicant", "legal_representative"), "张伟")
    with db.session() as session:  # the other window saves first
        set_filing_particulars(session=session, actor=Actor("pat", ("preparer",)),
                               reference=reference,
                               values={"applicant": {"contact_name": "王芳",
                                                     "registered_address": "北京市海淀区"}})
    editor.save_button.click()
    qtbot.waitUntil(lambda: "were changed by pat" in editor.message.text(), timeout=10_000)
    editor.reload_button.click()
    qtbot.waitUntil(lambda: "Reloaded" in editor.message.text(), timeout=10_000)
    assert contact.text() == "李四"  # the officer's, kept
    assert edit(editor, "applicant", "registered_address").text() == "北京市海淀区"
    assert "Contact person 联系人 was changed meanwhile too" in editor.message.text()
    note = editor.findChild(type(editor.message), "note_applicant_contact_name")
    assert note.isVisible()
    assert "Changed meanwhile by pat to '王芳'" in note.text()
    # The legal representative only the officer changed: no such note.
    assert "meanwhile" not in editor.findChild(
        type(editor.message), "note_applicant_legal_representative").text()
    retype(qtbot, contact, "王芳")  # the officer takes theirs: nothing left to decide
    assert "meanwhile" not in note.text()


def test_the_keyboard_starts_at_the_first_field_on_screen(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """Opened from the case window with nothing marked missing, the focus sat on the scroll
    area around the fields: the first Tab went nowhere visible."""
    reference = new_case(db, admin, "DEMO-01")  # a US track only: its sections come first
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    assert editor.focusWidget() is edit(editor, "representative", "name")
    # Marked missing by a draft: that field, even below the first one.
    marked = opened(qtbot, ParticularsEditor(runner, admin, reference,
                                             highlight=["particulars.us_person.website"]))
    assert marked.focusWidget() is edit(marked, "us_person", "website")


def test_a_missing_field_further_down_is_scrolled_into_sight_at_double_scaling(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """From a draft's Edit particulars…: the missing field had the focus but, at 200 %,
    sat below the visible part of the form."""
    reference = new_case(db, admin, "DEMO-02")
    editor = ParticularsEditor(runner, admin, reference, highlight=[
        "particulars.foreign_investor.authorised_representative"])
    qtbot.addWidget(editor)
    font = editor.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    editor.setFont(font)
    editor.resize(1300, 700)
    editor.show()  # shown at once; the stored values come in after
    qtbot.waitUntil(lambda: editor.view is not None, timeout=10_000)
    field = edit(editor, "foreign_investor", "authorised_representative")
    assert editor.focusWidget() is field
    viewport = editor.scroll_area.viewport()

    def in_sight() -> bool:
        top = field.mapTo(viewport, field.rect().topLeft()).y()
        return top >= 0 and top + field.height() <= viewport.height()

    qtbot.waitUntil(in_sight, timeout=5_000)  # once the form is laid out


def test_a_failed_reading_says_so_where_save_is_explained(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """"Still being read" stayed under the form after the reading had failed."""
    editor = ParticularsEditor(runner, admin, "AP-2026-0999")  # no such case
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: "Could not read" in editor.message.text(), timeout=10_000)
    assert "could not be read: Reload to try again" in editor.save_reason.text()
    assert "still being read" not in editor.save_button.toolTip()


def test_fields_a_draft_marked_missing_are_not_called_unprinted(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """A Chinese application drafted for a case with no Chinese track yet lists its
    particulars as missing; Edit particulars… then called the section "not printed" and
    left out the "Missing on the draft" notes."""
    reference = new_case(db, admin, "DEMO-01")  # a US track only
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference, highlight=[
        "particulars.applicant.legal_representative"]))
    assert "not printed" not in editor.sections["applicant"].title()
    assert not editor.section_notes["applicant"].text()
    note = editor.findChild(type(editor.message), "note_applicant_legal_representative")
    assert note.text() == "Missing on the draft: the final Chinese application needs it."
    assert editor.body_layout.indexOf(editor.sections["applicant"]) < \
        editor.body_layout.indexOf(editor.sections["foreign_investor"])


def test_the_field_typed_in_stays_in_sight_when_its_problem_shows_at_double_scaling(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """At 200 %, the reason shown under the form as a bad telephone number was typed
    shrank the scrolled part, and the field with its message slid out of sight: the field
    typed in is brought back into sight, its message with it."""
    reference = new_case(db, admin, "DEMO-02")
    editor = ParticularsEditor(runner, admin, reference)
    qtbot.addWidget(editor)
    font = editor.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    editor.setFont(font)
    editor.resize(1300, 700)
    editor.show()
    qtbot.waitUntil(lambda: editor.view is not None, timeout=10_000)
    phone = edit(editor, "applicant", "contact_phone")
    phone.setFocus()
    # Out of sight, as the reason appearing under the form left it (or the mouse wheel).
    bar = editor.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    error = editor.findChild(type(editor.message), "error_applicant_contact_phone")
    for key in "＋86 512 6288 1234":
        QApplication.sendEvent(phone, _commit(key))  # as an input method types it
    qtbot.waitUntil(lambda: editor.save_reason.isVisible())
    viewport = editor.scroll_area.viewport()

    def in_sight() -> bool:
        bottom = error.mapTo(viewport, error.rect().bottomLeft()).y()
        top = phone.mapTo(viewport, phone.rect().topLeft()).y()
        return top >= 0 and bottom <= viewport.height()

    qtbot.waitUntil(in_sight, timeout=2_000)
    assert "full-width character '＋'" in error.text()


def _commit(text: str) -> QInputMethodEvent:
    event = QInputMethodEvent()
    event.setCommitString(text)
    return event


def test_full_width_figures_are_read_as_ascii_on_leaving_the_field(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """A number pasted from a Chinese document was refused whole, to be typed again; the
    wizard reads such figures and codes as ASCII, and so does this editor now."""
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    phone = edit(editor, "applicant", "contact_phone")
    error = editor.findChild(type(editor.message), "error_applicant_contact_phone")
    QApplication.sendEvent(phone, _commit("＋８６ １０ ５５５５ ０１００"))
    assert "full-width character '＋'" in error.text()  # said as typed
    phone.editingFinished.emit()  # Tab, or a click elsewhere
    assert phone.text() == "+86 10 5555 0100"
    assert not error.isVisible() and editor.save_button.isEnabled()
    # Names are taken as typed: full-width brackets belong in a Chinese name.
    contact = edit(editor, "applicant", "contact_name")
    QApplication.sendEvent(contact, _commit("王芳（经理）"))
    contact.editingFinished.emit()
    assert contact.text() == "王芳（经理）"


def test_ctrl_s_in_a_full_width_field_saves_it_as_ascii(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    phone = edit(editor, "applicant", "contact_phone")
    QApplication.sendEvent(phone, _commit("＋８６ １０ ５５５５ ０１００"))
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()  # Ctrl+S, the cursor still in the field
    with db.read_session() as session:
        assert load_particulars(session, actor=admin, reference=reference) \
            .values["applicant"]["contact_phone"] == "+86 10 5555 0100"
