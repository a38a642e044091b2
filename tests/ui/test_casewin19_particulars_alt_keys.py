"""Alt+S in Filing particulars while Save is greyed out (nothing changed yet) typed an "s"
into the field with the cursor; that was a change, Save came on, and a second Alt+S saved
"s李国华" as the legal representative the filings print. An Alt key no button answers
types nothing in the editor's fields."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.particulars import ParticularsEditor
from approvals.ui.workers import TaskRunner
from tests.ui.test_particulars_ui import edit, new_case, opened
from tests.ui.ux_checks import alt_key_in

ALT = Qt.KeyboardModifier.AltModifier


def test_alt_s_with_save_greyed_out_types_nothing(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    qtbot.waitExposed(editor)
    field = edit(editor, "applicant", "legal_representative")
    qtbot.waitUntil(field.isEnabled, timeout=10_000)
    field.setFocus()
    assert not editor.save_button.isEnabled()
    alt_key_in(qtbot, field, Qt.Key.Key_S)
    alt_key_in(qtbot, editor.reason, Qt.Key.Key_S)
    assert field.text() == "" and editor.reason.text() == ""
    assert not editor.is_dirty() and not editor.save_button.isEnabled()
    # Typing still types (Shift too), and Save comes on for it.
    qtbot.keyClicks(field, "Li Guohua")
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    assert field.text() == "Li Guohuas" and editor.save_button.isEnabled()
    editor.close()
    runner.wait_for_done()
