"""Review mode: a value refused while the window saves the reviewer's input at closing
(Save in the close question) was said in a box; it is said at the value field, as Propose
change says it, the window open and every piece of input still typed. "cannot be left
empty" (Clear value, or null typed, for a field that must have a value) was said on the
status line alone: it is said at the value field too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_review18_refusals_ui import _error_box, _open_here, _window

Button = QMessageBox.StandardButton


def _nothing_stored(data_dir: DataDir, pack_id: str) -> bool:
    case = review.get_review(data_dir, pack_id).cases[0]
    return not case.proposals and not [c for c in case.comments if c.origin == "review"]


def _discard(qtbot, rw) -> None:
    rw.close()
    qtbot.mouseClick(rw.close_box.button(Button.Discard), Qt.MouseButton.LeftButton)
    assert not rw.isVisible()


def test_a_value_refused_at_closing_is_said_at_its_field(qtbot, tmp_path: Path,
                                                         data_dir: DataDir, db: Database,
                                                         runner: TaskRunner,
                                                         admin: Actor) -> None:
    _ref, pack_id = _open_here(data_dir, db, admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it again
    rw.select_field("deal.stake_after_pct")
    rw.propose_edit.setText("150")  # read as a number: only the service refuses it
    rw.case_comment_edit.setText("Check the SPA")
    rw.tabs.setCurrentIndex(2)  # elsewhere: the refusal brings the reviewer back
    rw.close()
    with qtbot.waitSignal(rw.close_kept, timeout=10_000):
        qtbot.mouseClick(rw.close_box.button(Button.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert rw.isVisible()
    assert _error_box() is None
    assert rw.propose_error.isVisible() and rw.propose_error.text()
    why = rw.propose_error.text()
    assert rw.status.text().startswith(
        f"Could not propose the change to Stake after the deal (%) (Deal): {why}")
    assert rw.status.text().endswith(
        "Nothing saved: your input is still here, and the window stays open: correct it and "
        "close again, or Discard.")
    assert rw.tabs.currentIndex() == 0 and rw.selected_field() == "deal.stake_after_pct"
    assert rw.focusWidget() is rw.propose_edit
    assert rw.propose_edit.text() == "150" and rw.case_comment_edit.text() == "Check the SPA"
    assert _nothing_stored(data_dir, pack_id)
    # Corrected, Save at closing stores both and closes.
    rw.propose_edit.setText("15")
    rw.close()
    with qtbot.waitSignal(rw.closed, timeout=10_000):
        qtbot.mouseClick(rw.close_box.button(Button.Save), Qt.MouseButton.LeftButton)
    case = review.get_review(data_dir, pack_id).cases[0]
    assert [(p.field_path, p.proposed_value) for p in case.proposals] == [
        ("deal.stake_after_pct", 15)]


def test_cannot_be_left_empty_is_said_at_the_field(qtbot, tmp_path: Path, data_dir: DataDir,
                                                   db: Database, runner: TaskRunner,
                                                   admin: Actor) -> None:
    _ref, pack_id = _open_here(data_dir, db, admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.select_field("target.name_en")
    qtbot.mouseClick(rw.clear_value_button, Qt.MouseButton.LeftButton)
    assert rw.propose_error.isVisible()
    assert rw.propose_error.text() == "cannot be left empty: type its new value instead"
    assert "cannot be left empty" in rw.propose_edit.accessibleDescription()
    assert rw.focusWidget() is rw.propose_edit
    assert rw.status.text() == ("Name (English) (Target company) cannot be left empty: type "
                                "its new value instead. Nothing was saved.")
    # null typed and left for the close question: at the field too, the window open.
    rw.propose_edit.setText("null")
    assert rw.propose_error.isVisible()  # set programmatically: not a new typing
    rw.propose_edit.textEdited.emit("null")  # as typing it does
    assert not rw.propose_error.isVisible()
    rw.tabs.setCurrentIndex(2)
    rw.close()
    with qtbot.waitSignal(rw.close_kept, timeout=10_000):
        qtbot.mouseClick(rw.close_box.button(Button.Save), Qt.MouseButton.LeftButton)
    assert rw.isVisible() and rw.tabs.currentIndex() == 0
    assert rw.propose_error.isVisible()
    assert rw.propose_error.text() == "cannot be left empty: type its new value instead"
    assert rw.focusWidget() is rw.propose_edit and rw.propose_edit.text() == "null"
    assert _error_box() is None
    assert _nothing_stored(data_dir, pack_id)
    _discard(qtbot, rw)
