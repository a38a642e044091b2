"""Proposed changes: accepting over a field changed here since the export asks first, and
the question (and the highlighted row's tooltip) say who changed it here, when and why."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from approvals.store.models import User
from tests.ui.test_review_decision_reason_ui import _dialog
from tests.unit.test_review6_changed_here import LEE, edit_here


def test_the_question_names_whose_change_it_replaces(qtbot, tmp_path, data_dir, db,
                                                     runner) -> None:
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    (proposal,) = dialog.rows
    with db.session() as s:
        s.add(User(username="lee", display_name="Lee Chen", roles=json.dumps(["preparer"])))
    edit_here(db, proposal.reference, {"deal.board_seats": 4}, actor=LEE,
              reason="the SPA's final text")
    dialog.reload()
    qtbot.waitUntil(lambda: bool(dialog.rows) and dialog.rows[0].conflict, timeout=10_000)

    said = dialog.rows[0].changed_here
    assert said is not None
    expected = "Changed here by Lee Chen (lee) on " + said.words().split(" on ", 1)[1]
    assert expected.endswith(" UTC: the SPA's final text")
    current = dialog.table.item(0, 3)
    assert current.toolTip().splitlines()[-1] == expected

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible(),
                    timeout=5_000)
    question = dialog.confirm_box.informativeText().splitlines()
    assert question[2] == expected  # after the exported and the current value
    assert question[3].endswith("proposes: 1")
    dialog.confirm_box.button(QMessageBox.StandardButton.Cancel).click()
    dialog.close()
