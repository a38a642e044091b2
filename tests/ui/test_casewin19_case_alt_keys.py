"""In the case window an Alt key whose button is greyed out typed its letter into the
field with the cursor: Alt+N (Add comme&nt) in the empty comment box wrote "n", which
turned Add comment on, and a second Alt+N added the comment "n" to the case for good.
Such a key types nothing in the comment box, the Documents tab's Reason, Type and filter,
or the Timeline's filter; typing (Shift too) still types."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.ux_checks import alt_key_in

ALT = Qt.KeyboardModifier.AltModifier


def test_alt_keys_of_greyed_out_buttons_type_nothing(
        qtbot, runner: TaskRunner, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0002", documents=True)
    view.tabs.setCurrentWidget(view.comments_page)
    assert not view.add_comment_button.isEnabled()  # nothing written yet
    alt_key_in(qtbot, view.comment_edit, Qt.Key.Key_N)
    assert view.comment_edit.toPlainText() == ""
    assert not view.add_comment_button.isEnabled()
    type_line = view.doc_type.lineEdit()
    assert type_line is not None
    view.tabs.setCurrentWidget(view.timeline_page)
    for field in (view.attach_reason, view.documents_filter, view.timeline_filter, type_line):
        alt_key_in(qtbot, field, Qt.Key.Key_W)
        assert field.text() == "", field.objectName()
    qtbot.keyClicks(view.comment_edit, "Call counsel")
    qtbot.keyClick(view.comment_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    assert view.comment_edit.toPlainText() == "Call counsels"
    assert view.add_comment_button.isEnabled()
    view.close_without_asking()
    runner.wait_for_done()
