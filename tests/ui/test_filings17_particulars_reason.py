"""The Filing particulars editor asks for an optional Reason, as the other edits of filed
facts do (a document's type, a condition): what is typed there goes into the audit event
of the save, with the old and the new values."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlmodel import col, select

from approvals.services.filings import PARTICULARS_ACTION
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.particulars import ParticularsEditor
from approvals.ui.workers import TaskRunner
from tests.ui.test_particulars_ui import REVIEWER, edit, new_case, opened, retype


def _last_event(db: Database, action: str) -> tuple[str, str, str]:
    """(entity id, reason, new value) of the last `action` event."""
    with db.read_session() as session:
        event = session.exec(select(Event).where(Event.action == action)
                             .order_by(col(Event.id).desc())).first()
        assert event is not None
        return event.entity_id, event.reason, event.new_value or ""


def _reason(editor: ParticularsEditor) -> QLineEdit:
    field = editor.findChild(QLineEdit, "particularsReason")
    assert field is not None
    return field


def test_the_reason_typed_goes_into_the_audit_event(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    qtbot.waitExposed(editor)
    retype(qtbot, edit(editor, "representative", "name"), "Jane Counsel")
    reason = _reason(editor)
    assert reason.isEnabled()
    assert reason.accessibleName() == "Reason"
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=5_000)
    qtbot.keyClick(editor, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Reaso&n
    assert QApplication.focusWidget() is reason
    qtbot.keyClicks(reason, "  counsel changed per engagement letter ")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save_button.click()
    entity_id, reason_kept, new = _last_event(db, PARTICULARS_ACTION)
    assert entity_id == reference
    assert reason_kept == "counsel changed per engagement letter"
    assert "Jane Counsel" in new


def test_without_a_reason_the_save_is_recorded_as_before(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    retype(qtbot, edit(editor, "representative", "name"), "Jane Counsel")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save_button.click()
    assert _last_event(db, PARTICULARS_ACTION)[1] == ""


def test_a_reason_alone_is_no_change_to_save(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    qtbot.keyClicks(_reason(editor), "just looking")
    assert not editor.save_button.isEnabled()
    assert not editor.is_dirty()  # Close asks nothing


def test_the_organisation_defaults_record_their_reason_too(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    editor = opened(qtbot, ParticularsEditor(runner, admin, None))
    editor.show()
    retype(qtbot, edit(editor, "representative", "email"), "counsel@org.example")
    qtbot.keyClicks(_reason(editor), "new general counsel")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save_button.click()
    assert _last_event(db, "settings.changed")[1] == "new general counsel"


def test_read_only_offers_no_reason(qtbot, runner: TaskRunner, admin: Actor,
                                    db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, REVIEWER, reference))
    editor.show()
    assert not _reason(editor).isEnabled()


def test_a_refused_save_keeps_the_reason(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    from approvals.services.filings import set_filing_particulars

    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    retype(qtbot, edit(editor, "representative", "name"), "Jane Counsel")
    qtbot.keyClicks(_reason(editor), "engagement letter")
    with db.session() as session:  # someone else saves meanwhile
        set_filing_particulars(session=session, actor=admin, reference=reference,
                               values={"representative": {"phone": "+86 10 5555 0100"}})
    editor.save_button.click()
    qtbot.waitUntil(lambda: "changed" in editor.message.text(), timeout=10_000)
    assert _reason(editor).text() == "engagement letter"


def test_every_button_and_the_reason_have_their_own_alt_key(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    texts = [w.text() for w in editor.findChildren(QLabel)
             if w.buddy() is not None and "&" in w.text()]
    texts += [b.text() for b in editor.findChildren(QAbstractButton) if b.isVisibleTo(editor)]
    assert all("&" in t for t in texts), texts
    letters = [t[t.index("&") + 1].lower() for t in texts]
    assert len(letters) == len(set(letters)), texts
    assert "&Close" in texts and "Reaso&n" in texts
