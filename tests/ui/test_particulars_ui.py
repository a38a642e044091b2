"""The Filing particulars editor: typed into like an officer would, saved through the
service (audited), reached from the case view and from the Generate filing dialog."""

from __future__ import annotations

import copy
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.filings import render_filing, set_filing_particulars
from approvals.services.particulars import load_particulars
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Event
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.particulars import ParticularsEditor
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.ui.case_window import open_view

REVIEWER = Actor("rita", ("reviewer",))
CN_REQUIRED = {  # what a final Chinese application needs, typed as an officer would
    ("applicant", "legal_representative"): "张伟",
    ("applicant", "registered_address"): "北京市海淀区中关村大街1号",
    ("applicant", "contact_name"): "王芳",
    ("applicant", "contact_phone"): "+86 10 6255 0000",
    ("foreign_investor", "address"): "600 Grant Street, Pittsburgh, PA 15219, United States",
    ("foreign_investor", "authorised_representative"): "Dana Whitfield",
}


def demo_reference(db: Database, demo_ref: str) -> str:
    with db.read_session() as session:
        for case in session.exec(select(Case)).all():
            if json.loads(case.facts)["reference"] == demo_ref:
                return case.reference
    raise AssertionError(demo_ref)


def new_case(db: Database, actor: Actor, demo_ref: str) -> str:
    """A case from demo facts without anything the demo loader adds (no particulars), and
    its investor's ultimate parent not yet known (a fact its filings still lack)."""
    facts = copy.deepcopy(next(f for f in demo_facts() if f["reference"] == demo_ref))
    facts["investor"].pop("ultimate_parent", None)
    with db.session() as session:
        return create_case(session, facts=parse_facts(facts), actor=actor).reference


def edit(editor: ParticularsEditor, section: str, name: str) -> QLineEdit:
    widget = editor.findChild(QLineEdit, f"particular_{section}_{name}")
    assert widget is not None, (section, name)
    return widget


def retype(qtbot, widget: QLineEdit, text: str) -> None:
    """Select all, delete, type `text`: key by key, Chinese committed as an input method
    does (QTest only types ASCII)."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)


def opened(qtbot, editor: ParticularsEditor) -> ParticularsEditor:
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: editor.view is not None, timeout=10_000)
    return editor


def test_type_validate_save_and_audit_from_the_case_view(folder_templates: FolderTemplates,
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    load_demo_from_template(folder_templates, db, admin)
    reference = demo_reference(db, "DEMO-05")
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.particulars_button.click()
    editor = opened(qtbot, view.particulars_editor)
    assert editor.isVisible()
    # The demo entered this case's particulars; an unchanged form has nothing to save.
    assert edit(editor, "applicant", "legal_representative").text() == "张伟"
    assert not editor.save_button.isEnabled()
    assert editor.findChild(QLineEdit, "particular_applicant_legal_representative") \
        .accessibleName() == "Legal representative 法定代表人"

    retype(qtbot, edit(editor, "applicant", "legal_representative"), "李明")
    email = edit(editor, "applicant", "contact_email")
    retype(qtbot, email, "li.ming at shengwu")
    error = editor.findChild(type(editor.message), "error_applicant_contact_email")
    assert error.isVisible() and "not an e-mail address" in error.text()
    assert not editor.save_button.isEnabled()
    assert editor.save_reason.isVisible()
    assert "Contact e-mail" in editor.save_reason.text()
    assert "not an e-mail address" in editor.save_button.toolTip()
    editor.save()  # Ctrl+S while blocked stores nothing
    retype(qtbot, email, "li.ming@shengwu-protein.example")
    assert not error.isVisible() and not editor.save_reason.isVisible()
    assert editor.save_button.isEnabled()

    with qtbot.waitSignal(editor.saved, timeout=10_000), \
            qtbot.waitSignal(view.loaded, timeout=10_000):  # the case view reloads
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    with db.read_session() as session:
        stored = load_particulars(session, actor=admin, reference=reference)
        assert stored.values["applicant"]["legal_representative"] == "李明"
        assert stored.values["applicant"]["contact_email"] == "li.ming@shengwu-protein.example"
        assert stored.values["representative"]["name"] == "Emily Carter"  # untouched
        event = session.exec(select(Event).where(Event.action == "case.particulars_changed")
                             .order_by(Event.id.desc())).first()  # type: ignore[union-attr]
        assert event is not None and event.actor == "alice"
        assert event.field == f"filing.particulars.{reference}"
        assert json.loads(event.old_value)["applicant"]["legal_representative"] == "张伟"
        assert json.loads(event.new_value)["applicant"]["legal_representative"] == "李明"


def test_without_case_edit_save_is_disabled_with_the_reason(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, REVIEWER, reference))
    editor.show()
    field = edit(editor, "applicant", "legal_representative")
    assert field.isReadOnly()
    assert not editor.save_button.isEnabled()
    assert editor.save_reason.isVisible()
    assert "rita may not edit case facts" in editor.save_reason.text()
    assert "rita may not edit case facts" in editor.save_button.toolTip()
    assert not editor.defaults_button.isEnabled()
    # What the reviewer reads is still explained: a Chinese field this case needs.
    note = editor.findChild(type(editor.message), "note_applicant_legal_representative")
    assert "Needed for the final Chinese application" in note.text()


def test_empty_case_field_falls_back_to_the_organisation_default(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    with db.session() as session:
        set_filing_particulars(session=session, actor=admin, values={
            "representative": {"name": "Org Default Counsel", "email": "counsel@org.example"}})
        set_filing_particulars(session=session, actor=admin, reference=reference, values={
            "representative": {"name": "Case Counsel"}})
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    name = edit(editor, "representative", "name")
    note = editor.findChild(type(editor.message), "note_representative_name")
    assert name.text() == "Case Counsel"
    assert "Organisation-wide default: Org Default Counsel" in note.text()
    email_note = editor.findChild(type(editor.message), "note_representative_email")
    assert "use the organisation-wide default, counsel@org.example" in email_note.text()
    retype(qtbot, name, "")
    assert "Empty: the filings use the organisation-wide default, Org Default Counsel" \
        in note.text()
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save_button.click()
    with db.read_session() as session:
        draft = render_filing(session=session, reference=reference, kind="us-notification",
                              actor=admin)
    assert "particulars.representative.name" not in draft.missing
    assert "particulars.representative.email" not in draft.missing
    assert "particulars.representative.phone" in draft.missing  # neither has one


def test_a_save_conflict_keeps_the_input_and_reload_merges(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    retype(qtbot, edit(editor, "applicant", "legal_representative"), "张伟")
    with db.session() as session:  # someone else, meanwhile (e.g. the command line)
        set_filing_particulars(session=session, actor=Actor("pat", ("preparer",)),
                               reference=reference,
                               values={"applicant": {"contact_name": "王芳"}})
    editor.save_button.click()
    qtbot.waitUntil(lambda: "were changed by pat" in editor.message.text(), timeout=10_000)
    assert editor.isVisible()
    assert edit(editor, "applicant", "legal_representative").text() == "张伟"  # kept
    assert editor.save_button.isEnabled()  # may try again after reloading
    editor.reload_button.click()
    qtbot.waitUntil(lambda: edit(editor, "applicant", "contact_name").text() == "王芳",
                    timeout=10_000)
    assert edit(editor, "applicant", "legal_representative").text() == "张伟"
    assert "Your changes to 1 field are kept" in editor.message.text()
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save_button.click()
    with db.read_session() as session:
        values = load_particulars(session, actor=admin, reference=reference).values
    assert values["applicant"]["legal_representative"] == "张伟"
    assert values["applicant"]["contact_name"] == "王芳"


def test_edit_particulars_from_the_filing_dialog_rerenders_without_them_missing(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    # A refused final lists the particulars too: the button is offered at once.
    dialog.final.setChecked(True)
    dialog.generate_button.click()
    qtbot.waitUntil(lambda: dialog.particulars_button.isVisible(), timeout=60_000)
    assert "particulars.applicant.legal_representative" in dialog.missing
    dialog.final.setChecked(False)
    with qtbot.waitSignal(dialog.rendered, timeout=60_000):
        dialog.generate_button.click()
    assert "particulars.applicant.legal_representative" in dialog.missing
    assert dialog.particulars_button.isVisible() and "missing:" in dialog.status.text()

    dialog.particulars_button.click()
    editor = opened(qtbot, dialog.particulars_editor)
    note = editor.findChild(type(editor.message), "note_applicant_legal_representative")
    assert note.text() == "Missing on the draft: the final Chinese application needs it."
    assert edit(editor, "applicant", "legal_representative").hasFocus()
    for (section, name), text in CN_REQUIRED.items():
        retype(qtbot, edit(editor, section, name), text)
    with qtbot.waitSignal(editor.saved, timeout=10_000), \
            qtbot.waitSignal(dialog.rendered, timeout=60_000):
        editor.save_button.click()
    assert not [p for p in dialog.missing if p.startswith("particulars.")], dialog.missing
    assert "investor.ultimate_parent" in dialog.missing  # a fact, not a particular
    assert not dialog.particulars_button.isVisible()


def test_organisation_defaults_from_the_case_editor(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    retype(qtbot, edit(editor, "applicant", "contact_name"), "王芳")  # typed, unsaved
    defaults = opened(qtbot, editor.edit_defaults())
    assert defaults.windowTitle().endswith("organisation-wide defaults")
    website = edit(defaults, "us_person", "website")
    retype(qtbot, website, "allegheny.example")
    assert not defaults.save_button.isEnabled() and "https://" in defaults.save_reason.text()
    retype(qtbot, website, "https://allegheny.example")
    with qtbot.waitSignal(defaults.saved, timeout=10_000):
        defaults.save_button.click()
    note = editor.findChild(type(editor.message), "note_us_person_website")
    qtbot.waitUntil(lambda: "https://allegheny.example" in note.text(), timeout=10_000)
    assert edit(editor, "applicant", "contact_name").text() == "王芳"  # still there
    with db.read_session() as session:
        event = session.exec(select(Event).where(Event.action == "settings.changed",
                                                 Event.field == "filing.particulars")).one()
        assert json.loads(event.new_value)["us_person"]["website"] == "https://allegheny.example"
        assert load_particulars(session, actor=admin).values["us_person"]["website"] \
            == "https://allegheny.example"


@pytest.mark.parametrize("scale", ["2"])
def test_editor_fits_at_double_scaling(qtbot, runner: TaskRunner, admin: Actor, db: Database,
                                       scale: str) -> None:
    """Every field keeps a usable width at 200 % (the font doubled stands in for the
    scale factor, which is fixed when the application starts)."""
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    font = editor.font()
    font.setPointSizeF(font.pointSizeF() * float(scale))
    editor.setFont(font)
    editor.resize(760, 820)
    editor.show()
    qtbot.waitExposed(editor)
    for widget in editor.findChildren(QLineEdit):
        assert widget.width() >= 200, widget.objectName()
    assert editor.save_button.width() >= editor.save_button.sizeHint().width()


@pytest.mark.usefixtures("fast_hash")
def test_a_permission_refusal_at_save_is_shown_and_the_input_kept(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """Pat signed in as a preparer; an administrator takes the role away meanwhile: the
    service refuses, the editor says so, disables Save and keeps what Pat typed."""
    from approvals.services import users

    with db.session() as session:
        users.create_first_admin(session, username="root", password="correct horse battery")
        users.create_user(session, actor=Actor("root", ("admin",)), username="pat",
                          password="correct horse battery", roles=("preparer",))
    pat = Actor("pat", ("preparer",))
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, pat, reference))
    editor.show()
    retype(qtbot, edit(editor, "applicant", "legal_representative"), "张伟")
    assert editor.save_button.isEnabled()
    with db.session() as session:
        users.set_roles(session, actor=Actor("root", ("admin",)), username="pat",
                        roles=("reviewer",))
    editor.save_button.click()
    qtbot.waitUntil(lambda: "Not saved" in editor.message.text(), timeout=10_000)
    assert "no longer have the preparer role" in editor.message.text()
    assert not editor.save_button.isEnabled()
    assert "no longer have the preparer role" in editor.save_reason.text()
    assert edit(editor, "applicant", "legal_representative").text() == "张伟"
    with db.read_session() as session:
        assert load_particulars(session, actor=admin, reference=reference) \
            .values["applicant"]["legal_representative"] == ""


def test_closing_with_unsaved_changes_asks_first(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    retype(qtbot, edit(editor, "applicant", "contact_name"), "王芳")
    editor.close()
    box = editor.discard_box
    assert box is not None and box.isVisible() and editor.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert editor.isVisible() and edit(editor, "applicant", "contact_name").text() == "王芳"
    editor.reject()
    editor.discard_box.button(QMessageBox.StandardButton.Discard).click()
    assert not editor.isVisible()


def test_case_menu_opens_the_organisation_defaults(
        qtbot, runner: TaskRunner, admin: Actor, db: Database, data_dir: DataDir) -> None:
    from approvals.ui.main_window import MainWindow

    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    assert window.particulars_action in window.case_menu.actions()
    window.particulars_action.trigger()
    defaults = opened(qtbot, window.particulars_defaults)
    assert defaults.reference is None and defaults.isVisible()
    assert not defaults.defaults_button.isVisible()
    note = defaults.findChild(type(defaults.message), "note_applicant_legal_representative")
    assert "Cases that leave this empty have nothing for the final Chinese application" \
        in note.text()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_a_us_only_case_shows_the_us_sections_first_in_tab_order(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-01")  # a US track only
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    assert editor.view.filings == ("us-notification",)
    assert editor.sections["applicant"].title().endswith("— not printed")
    assert "Not printed: this case has no track for the Chinese application" in \
        editor.section_notes["applicant"].text()
    def next_field(widget: QLineEdit) -> QWidget:  # where Tab goes (the focus chain)
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() & Qt.FocusPolicy.TabFocus != Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
        return widget

    assert next_field(edit(editor, "representative", "name")) is \
        edit(editor, "representative", "title")
    assert next_field(edit(editor, "us_person", "website")) is \
        edit(editor, "applicant", "legal_representative")
