"""Particulars typed in the case window's Filing particulars editor but not saved are
listed as unsaved input, so Quit, Users ▸ Sign out and closing the case window ask before
dropping them (they went with the window unasked; only a half-typed comment was listed)."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_particulars_ui import edit, new_case, opened, retype


def test_particulars_typed_and_not_saved_are_unsaved_input(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.particulars_button.click()
    editor = opened(qtbot, view.particulars_editor)
    assert view.unsaved_input() == []  # opened, nothing typed: nothing to lose

    retype(qtbot, edit(editor, "applicant", "legal_representative"), "Zhang Wei")
    assert view.unsaved_input() == [
        f"the filing particulars being edited for {reference} (Save in Filing particulars)"]

    view.tabs.setCurrentWidget(view.comments_page)
    view.comment_edit.setPlainText("Ask for the board minutes")
    assert len(view.unsaved_input()) == 2  # both named, the comment first
    assert view.unsaved_input()[0].startswith("the comment typed")


def test_edit_facts_changed_and_not_saved_are_unsaved_input(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    """Edit facts' changes went with Quit or Sign out without a question (Escape in the
    wizard asked, the case window and the main window did not know of them)."""
    from tests.ui.test_wizard import edit as wizard_field

    reference = new_case(db, admin, "DEMO-02")
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.edit_facts()
    wizard = view.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible, timeout=5_000)
    assert view.unsaved_input() == []  # opened, nothing changed: nothing to lose
    wizard_field(wizard, "field_target_name_en").setText("Renamed AI Co., Ltd.")
    assert view.unsaved_input() == [
        f"the changes to the facts of {reference} (Save changes in Edit facts)"]
    wizard._discard_ok = True  # the officer's answer, so the wizard closes unasked
    wizard.reject()
    assert view.unsaved_input() == []
