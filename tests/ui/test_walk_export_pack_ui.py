"""Export review pack…, as an officer sends cases: the message after the export reads out
the fingerprint the reviewer must compare before trusting the key (it said only to look
it up in another window)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.review import ExportPackDialog
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR


def _case(db: Database, admin: Actor, name: str = "frontier-lab") -> str:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        return import_case(s, data=facts, actor=admin).reference


def test_the_export_message_says_the_fingerprint_to_read_out(
        qtbot: Any, tmp_path: Path, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        db: Database) -> None:
    reference = _case(db, admin)
    dialog = ExportPackDialog(runner, admin, data_dir, [reference])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.case_model.rowCount() == 1, timeout=10_000)
    dialog.out_edit.setText(str(tmp_path / "pack.zip"))
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.export()
    grouped = review.installation_identity(data_dir).fingerprint_grouped
    text = dialog.status.text()
    assert text.startswith("Wrote pack.zip with 1 case, signed by this installation.")
    assert f"read the reviewer its fingerprint, {grouped}, by phone or in person" in text
    # Selectable, to be copied into an e-mail or a note of the call.
    assert dialog.status.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    dialog.close()


def _type_in_list(qtbot: Any, dialog: ExportPackDialog, text: str) -> None:
    """Keys typed where the focus is, starting in the list: the first character takes the
    focus to the filter, where the others go."""
    assert dialog.case_list.hasFocus()
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)
        assert QApplication.focusWidget() is dialog.filter_edit


def test_tick_all_shown_and_typing_in_the_list_filters_it(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    """Sending many cases took a Space (or a click) for each; typing in the list, where the
    focus starts, went to its search by the start of a line ("AP-…") and found nothing."""
    references = [_case(db, admin, name)
                  for name in ("frontier-lab", "vision-startup", "consumer-app")]
    dialog = ExportPackDialog(runner, admin, data_dir)
    qtbot.addWidget(dialog)
    assert not dialog.tick_all_button.isEnabled()  # nothing listed yet
    dialog.show()
    model = dialog.case_model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    button = dialog.tick_all_button
    assert button.isEnabled() and button.text() == "Tick &all shown"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.checked() == references
    assert dialog.ticked_label.text() == "3 cases ticked"
    assert button.text() == "Untick &all shown"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.checked() == [] and button.text() == "Tick &all shown"

    # Typed in the list: the filter takes the characters; Space in the list still ticks.
    view = dialog.case_list
    view.setFocus()
    second = references[1]
    _type_in_list(qtbot, dialog, second[-4:])
    assert dialog.filter_edit.text() == second[-4:]
    dialog._filter_cases(dialog.filter_edit.text())  # as the pause after typing does
    assert [model.reference_at(r) for r in range(model.rowCount())] == [second]
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)  # back to the list
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert dialog.checked() == [second]
    # All shown are ticked: the button unticks them, and only them.
    assert button.text() == "Untick &all shown"
    dialog._filter_cases("")
    assert button.text() == "Tick &all shown"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # ticks the other two as well
    assert dialog.checked() == references
    dialog._filter_cases(second[-4:])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.checked() == [references[0], references[2]]
    # Typing in the list again starts a new filter: it does not go on the old one's end.
    view.setFocus()
    _type_in_list(qtbot, dialog, references[2][-4:])
    assert dialog.filter_edit.text() == references[2][-4:]
    dialog.close()


def test_tick_all_shown_leaves_the_focus_where_it_went_meanwhile(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    """Alt+A clicks the button a moment later: Alt+F and a file name typed meanwhile went
    half into the file field and half, once the click took the focus to the list, into the
    filter."""
    references = [_case(db, admin, name) for name in ("frontier-lab", "vision-startup")]
    dialog = ExportPackDialog(runner, admin, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.case_model.rowCount() == 2, timeout=10_000)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.tick_all_button.setFocus()
    dialog.out_edit.setFocus()  # Alt+F, before the click lands
    dialog.tick_all_button.click()
    assert dialog.checked() == references
    assert QApplication.focusWidget() is dialog.out_edit
    # Clicked where it has the focus: back to the list, where Space and the arrows work.
    dialog.tick_all_button.setFocus()
    dialog.tick_all_button.click()
    assert dialog.checked() == []
    assert QApplication.focusWidget() is dialog.case_list
    dialog.close()
