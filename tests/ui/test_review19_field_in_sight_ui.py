"""Review mode at 200 % on a laptop: when a value is refused, the message under the value
field and the status line take room from the list of fields, and the field the value was
typed for slid out of sight below it ("150 must be at most 100" with no field in view).
The list keeps the selected field in sight when it gets shorter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_review18_refusals_ui import _open_here, _window

Button = QMessageBox.StandardButton


def _in_sight(rw) -> bool:
    tree = rw.facts_tree
    item = tree.currentItem()
    if item is None:
        return False
    rect = tree.visualItemRect(item)
    return rect.isValid() and tree.viewport().rect().contains(rect)


def test_the_refused_field_stays_in_sight(qtbot, tmp_path: Path, data_dir: DataDir,
                                          db: Database, runner: TaskRunner,
                                          admin: Actor) -> None:
    _ref, pack_id = _open_here(data_dir, db, admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.resize(650, 340)  # 1366×768 at 200 %, less the taskbar
    qtbot.waitUntil(lambda: rw.facts_tree.viewport().height() > 0, timeout=10_000)
    tree = rw.facts_tree
    rw.select_field("deal.stake_after_pct")
    tree.scrollToItem(tree.currentItem(), tree.ScrollHint.PositionAtBottom)  # at its foot
    assert _in_sight(rw)
    before = tree.viewport().height()
    rw.propose_edit.setText("150")
    rw.close()
    with qtbot.waitSignal(rw.close_kept, timeout=10_000):
        qtbot.mouseClick(rw.close_box.button(Button.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tree.viewport().height() < before, timeout=10_000)
    assert rw.propose_error.isVisible()
    assert _in_sight(rw)
    rw.propose_edit.clear()
    rw.close()
