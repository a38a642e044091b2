"""Review → Proposed changes, walked as a preparer with the keyboard:

- Enter in the reason field pressed Accept (the dialog's first button): a reason typed to
  reject a proposal accepted it. Enter now records nothing and says how to decide.
- The reason field had no Alt key (its hint was its only label): Alt+R moves to it.
- Escape (or Close) with a reason typed and not recorded closed the window and lost it:
  it asks first.
- A Proposed changes window left open while a second reviewer's response was imported
  went on showing the field without that reviewer's value: it reads the proposals again.
- Closed while a decision was being saved, the window dropped the answer, so a refused
  decision looked made: it closes once the decision is saved, and stays open on a refusal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton

from approvals.domain.errors import ConflictError
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.review import ProposalsDialog, install_review_features
from approvals.ui.workers import TaskRunner
from tests.review_multi_support import open_review_desk
from tests.review_support import PAT
from tests.ui.test_review_decision_reason_ui import _dialog

WHY = "Two seats per the signed SPA"


def test_enter_in_the_reason_field_decides_nothing(qtbot, tmp_path, data_dir, db,
                                                   runner) -> None:
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    assert not any(b.isDefault() or b.autoDefault()
                   for b in dialog.findChildren(QPushButton))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    dialog.reason_edit.setFocus()
    qtbot.keyClicks(dialog.reason_edit, WHY)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.deciding is None  # no decision on its way to the database
    assert dialog.status.text() == (
        "Enter records nothing: choose Accept (Alt+A) or Reject (Alt+J) to record the "
        "decision on the selected proposal with this reason.")
    assert dialog.reason_edit.text() == WHY
    dialog.reload()
    qtbot.waitSignal(dialog.loaded, timeout=10_000).wait()
    assert [p.status for p in dialog.rows] == ["pending"]
    # The decision is made with its button, the reason with it.
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        qtbot.keyClick(dialog, "j", Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.rows[0].status == "rejected", timeout=10_000)
    assert dialog.rows[0].decision_reason == WHY
    dialog.close()


def test_alt_r_moves_to_the_reason_field(qtbot, tmp_path, data_dir, db, runner) -> None:
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    (label,) = [w for w in dialog.findChildren(QLabel) if w.buddy() is dialog.reason_edit]
    assert label.text() == "&Reason:"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    dialog.table.setFocus()
    qtbot.keyClick(dialog, "r", Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.reason_edit
    dialog.close()


def test_escape_with_a_reason_typed_asks_first(qtbot, tmp_path, data_dir, db, runner) -> None:
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    dialog.reason_edit.setText(WHY)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert box is not None and box.isVisible() and dialog.isVisible()
    assert box.text() == (f"Discard the reason typed (“{WHY}”)? It is recorded only with "
                          "Accept or Reject; no decision was made with it.")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and dialog.reason_edit.text() == WHY
    dialog.close()  # Close asks too
    box = dialog.discard_box
    assert box is not None and box.isVisible() and dialog.isVisible()
    box.button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()


def test_escape_without_a_reason_closes_at_once(qtbot, tmp_path, data_dir, db, runner) -> None:
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    dialog.reason_edit.setText("   ")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Escape)
    assert dialog.discard_box is None and not dialog.isVisible()


def test_an_open_window_shows_a_second_reviewers_proposal_imported_later(
        qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    desk = open_review_desk(tmp_path, data_dir, db)
    try:
        desk.propose("B", "deal.board_seats", 1)
        rita = desk.respond("B", tmp_path / "rita.zip")
        desk.propose("C", "deal.board_seats", 3)
        ben = desk.respond("C", tmp_path / "ben.zip")
    finally:
        desk.close()
    window = MainWindow(runner, data_dir, PAT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_review_features(window, runner, PAT)

    def shown() -> list[ProposalsDialog]:
        return [d for d in window.findChildren(ProposalsDialog) if d.isVisible()]

    features.import_file(rita)
    qtbot.waitUntil(lambda: len(shown()) == 1 and len(shown()[0].rows) == 1, timeout=20_000)
    (first,) = shown()
    features.import_file(ben)
    qtbot.waitUntil(lambda: len(shown()) == 2, timeout=20_000)
    # The window opened first reads the proposals again: Ben's value beside Rita's.
    qtbot.waitUntil(lambda: len(first.rows) == 2, timeout=10_000)
    rita_row = next(p for p in first.rows if p.reviewer.startswith("rita"))
    assert [(o.reviewer.split()[0], o.proposed_value) for o in rita_row.others] == [("ben", 3)]
    for dialog in shown():
        dialog.close()


def test_closing_while_a_decision_is_saved_closes_once_it_is_saved(
        qtbot, tmp_path, data_dir, db, runner) -> None:
    """Closed at once, the window dropped the decision's answer (a refusal was never said)."""
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    (proposal,) = dialog.rows
    dialog.reason_edit.setText(WHY)
    dialog.decide(False)
    dialog.reject()  # Escape, Close or the title bar's close, before the answer came
    assert dialog.isVisible() and dialog.discard_box is None
    assert dialog.status.text() == (f"Saving the decision on #{proposal.id}… the window "
                                    "closes once it is saved.")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    with db.read_session() as s:
        (listed,) = review.list_proposals(s, reference=proposal.reference)
    assert (listed.status, listed.decision_reason) == ("rejected", WHY)


def test_a_decision_refused_after_close_was_asked_keeps_the_window_open(
        qtbot, tmp_path, data_dir, db, runner, monkeypatch) -> None:
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    (proposal,) = dialog.rows

    def refused(*_args, **_kwargs):
        raise ConflictError("The case was changed meanwhile.")

    monkeypatch.setattr(review, "decide_proposal", refused)
    dialog.decide(False)
    dialog.reject()
    qtbot.waitUntil(lambda: dialog.deciding is None, timeout=10_000)
    assert dialog.isVisible()
    assert dialog.status.text() == ("Could not reject the proposed change to Board seats (Deal) "
                                    f"of {proposal.reference}: nothing changed.")
    errors = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert errors and "changed meanwhile" in errors[0].informativeText()
    for box in errors:
        box.close()
    dialog.close()  # nothing saving now: it closes
    assert not dialog.isVisible()
