"""Proposed changes: after Accept or Reject the decided row stayed selected, so the next
Accept (Alt+A) did nothing (or decided nothing new) until the officer clicked the next row.
The selection moves on to the next proposal still waiting, with the keyboard in the table."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_multi_support import open_review_desk
from tests.review_support import PAT


def _three_proposals(qtbot, tmp_path: Path, data_dir: DataDir, db: Database,
                     runner: TaskRunner) -> ProposalsDialog:
    desk = open_review_desk(tmp_path, data_dir, db)
    try:
        desk.propose("B", "deal.board_seats", 1)
        desk.propose("B", "target.name_en", "Frontier Lab Holdings")
        desk.propose("B", "deal.acquires_control", True)
        desk.import_(desk.respond("B", tmp_path / "rita.zip"))
    finally:
        desk.close()
    dialog = ProposalsDialog(runner, PAT, data_dir, desk.reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    return dialog


def _selected_row(dialog: ProposalsDialog) -> int:
    rows = dialog.table.selectionModel().selectedRows()
    return rows[0].row() if rows else -1


def test_a_decision_moves_to_the_next_waiting_proposal(qtbot, tmp_path, data_dir, db,
                                                       runner) -> None:
    dialog = _three_proposals(qtbot, tmp_path, data_dir, db, runner)
    dialog.table.selectRow(1)
    dialog.table.setFocus()
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.rows[1].status == "rejected" and _selected_row(dialog) == 2,
                    timeout=10_000)
    assert dialog.accept_button.isEnabled()
    assert dialog.table.hasFocus() or dialog.focusWidget() is dialog.table
    # The next one decided by the keys alone: then the one left, above.
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.rows[2].status == "accepted" and _selected_row(dialog) == 0,
                    timeout=10_000)
    assert dialog.focusWidget() is dialog.table
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: all(p.status != "pending" for p in dialog.rows), timeout=10_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    # Nothing left to decide: Accept and Reject say so rather than deciding again.
    assert not dialog.accept_button.isEnabled() and not dialog.reject_button.isEnabled()
    dialog.close()


def test_the_dialog_opens_with_the_first_waiting_proposal_selected(qtbot, tmp_path, data_dir,
                                                                   db, runner) -> None:
    """Opened (after an import) with nothing selected, Accept and Reject were greyed out
    until a row was clicked."""
    dialog = _three_proposals(qtbot, tmp_path, data_dir, db, runner)
    assert _selected_row(dialog) == 0
    assert dialog.accept_button.isEnabled() and dialog.reject_button.isEnabled()
    dialog.close()


def test_a_place_the_app_cannot_read_can_only_be_rejected(qtbot, tmp_path, data_dir, db,
                                                          runner) -> None:
    """A response's place the app cannot read (an older app's 'Atlantis'): its Proposed
    cell says so, Accept is greyed out saying why, and Accept asked anyway is refused with
    the field by its name, the status line no longer saying the decision before it."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.review_support import PAT as PAT_
    from tests.review_support import import_as_typed, open_review_pair

    pair = open_review_pair(tmp_path, data_dir, db)
    import_as_typed(pair, tmp_path, {"target.headquarters": "Atlantis", "deal.board_seats": 2})
    dialog = ProposalsDialog(runner, PAT_, data_dir, pair.reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    row = next(r for r, p in enumerate(dialog.rows) if p.field_path == "target.headquarters")
    assert dialog.table.item(row, 4).text() == "Atlantis (not a place the app can store: reject it)"
    dialog.table.selectRow(1 - row)
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        dialog.decide(True)  # the other proposal: accepted, the selection moves on
    qtbot.waitUntil(lambda: _selected_row(dialog) == row, timeout=10_000)
    assert dialog.status.text().startswith("Accepted:")
    assert not dialog.accept_button.isEnabled() and dialog.reject_button.isEnabled()
    assert dialog.accept_button.toolTip().startswith(
        "'Atlantis' is not a place the app knows: rita (Reviewer laptop) proposed it for ")
    dialog.decide(True)  # asked anyway (the button is greyed): the service refuses it

    def box() -> QMessageBox | None:
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMessageBox) and w.isVisible()
                     and w.objectName() == "errorDialog"), None)

    qtbot.waitUntil(lambda: box() is not None, timeout=10_000)
    shown = box()
    assert shown is not None
    said = shown.text() + "\n" + shown.informativeText()
    assert "Headquarters (Target company): 'Atlantis' is not a place the app knows" in said
    assert "target.headquarters:" not in said
    assert dialog.status.text() == ("Could not accept the proposed change to Headquarters "
                                    f"(Target company) of {pair.reference}: nothing changed.")
    shown.close()
    assert dialog.rows[row].status == "pending"
    dialog.close()


def test_every_button_of_the_review_dialogs_has_its_alt_key(qtbot, tmp_path, data_dir, db,
                                                            runner, admin) -> None:
    """Close in Export review pack…, Proposed changes… and Review packs opened here had no
    Alt key; each is Alt+L, shared with no other control of its window."""
    from PySide6.QtWidgets import QApplication, QPushButton

    from approvals.ui.review import ExportPackDialog, OpenedPacksDialog
    from tests.ui.ux_checks import mnemonic_clashes

    proposals = _three_proposals(qtbot, tmp_path, data_dir, db, runner)
    export = ExportPackDialog(runner, admin, data_dir)
    opened = OpenedPacksDialog(runner, data_dir)
    for dialog in (export, opened):
        qtbot.addWidget(dialog)
        dialog.show()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    for dialog in (proposals, export, opened):
        buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)]
        assert [b.text() for b in buttons if "&" not in b.text()] == [], dialog.objectName()
        assert mnemonic_clashes(dialog) == [], dialog.objectName()
        close = next(b for b in buttons if b.text().replace("&", "") == "Close")
        assert close.text() == "C&lose"
        dialog.activateWindow()
        qtbot.waitUntil(lambda d=dialog: QApplication.activeWindow() is d, timeout=5_000)
        qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda d=dialog: not d.isVisible(), timeout=5_000)
