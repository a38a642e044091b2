"""The empty case list's hint in a wide window (or at 200 %): each sentence ran the
window's whole width, centred, and the eye lost the next line's start. Its lines now
keep a readable length, and it is shown whole."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.main_window import EMPTY_HINT_CHARS, MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.scaling_support import doubled_app_font


def test_the_empty_lists_hint_keeps_readable_lines_and_shows_whole(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    with doubled_app_font():
        window = MainWindow(runner, data_dir, admin)
        qtbot.addWidget(window)
        window.resize(1366, 708)
        window.show()
        qtbot.waitUntil(lambda: window.stack.currentIndex() == 1, timeout=10_000)
        QApplication.processEvents()
        hint = window.empty_hint
        margins = hint.contentsMargins()
        text_width = hint.width() - margins.left() - margins.right()
        assert hint.width() > 2 * text_width * 0.6  # the window is wide, the lines are not
        assert text_width <= hint.fontMetrics().averageCharWidth() * EMPTY_HINT_CHARS
        assert hint.height() >= hint.heightForWidth(hint.width())  # no last line cut off
        window.close()
    runner.wait_for_done()


def test_its_margins_do_not_hold_the_window_wide(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    """The margins that keep its lines short in a wide window made that width the
    window's least: it could no longer be made narrower (683 px: 200 % on a laptop)."""
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 1, timeout=10_000)
    QApplication.processEvents()
    assert window.empty_hint.contentsMargins().left() > 0  # narrowed by its margins
    window.resize(683, 384)
    qtbot.waitUntil(lambda: window.width() == 683, timeout=2_000)
    hint = window.empty_hint
    qtbot.waitUntil(lambda: hint.height() >= hint.heightForWidth(hint.width()), timeout=2_000)
    window.close()
    runner.wait_for_done()
