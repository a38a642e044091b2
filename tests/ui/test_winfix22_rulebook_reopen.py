"""View → Rulebook opened again starts clean: a date refused before it was closed was still
said in red under the field, the typed text still in it, as if just typed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.ui.workers import TaskRunner
from tests.ui.test_rulebook_updates_ui import ADMIN, _open


def test_a_refused_date_is_not_said_again(qtbot, runner: TaskRunner) -> None:
    window = _open(qtbot, runner, ADMIN)
    shown = window.date_edit.text()
    window.date_edit.setFocus()
    window.date_edit.selectAll()
    qtbot.keyClicks(window.date_edit, "2024-13-45")
    qtbot.keyClick(window.date_edit, Qt.Key.Key_Return)
    assert window.date_error.isVisible() and "no month 13" in window.date_error.text()
    window.close()
    with qtbot.waitSignal(window.loaded, timeout=10_000):  # as View → Rulebook opens it
        window.reload()
        window.show()
    assert not window.date_error.isVisible()
    assert window.date_edit.text() == shown  # the date whose rules are marked
    assert window.date_edit.accessibleDescription() == ""
    window.close()
    runner.wait_for_done()


def test_a_date_applied_is_kept(qtbot, runner: TaskRunner) -> None:
    """The date the officer chose is no message: opened again, the rules are still marked
    for it."""
    window = _open(qtbot, runner, ADMIN)
    window.date_edit.setFocus()
    window.date_edit.selectAll()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.keyClicks(window.date_edit, "2024/3/22")
        qtbot.keyClick(window.date_edit, Qt.Key.Key_Return)
    window.close()
    window.show()
    assert window.date_edit.text() == "2024-03-22" and not window.date_error.isVisible()
    window.close()
    runner.wait_for_done()
