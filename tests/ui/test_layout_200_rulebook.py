"""View → Rulebook… at 200 % on a 1366×768 screen: while an install's or a revert's outcome
is shown, the rules list keeps four or five rows (the outcome scrolls in two lines, the
details and the gaps give some room back), and the window is as before once it is gone."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.ui import rulebook as rulebook_ui
from approvals.ui.rulebook import RulebookWindow
from approvals.ui.workers import TaskRunner

SMALL = (683, 354)  # 1366×768 at QT_SCALE_FACTOR=2, less the title bar


def open_small(qtbot, runner: TaskRunner) -> RulebookWindow:
    return open_at(qtbot, runner, SMALL)


def open_at(qtbot, runner: TaskRunner, size: tuple[int, int]) -> RulebookWindow:
    """The rulebook window shown at `size`, its rules read."""
    window = RulebookWindow(runner)
    qtbot.addWidget(window)
    window.resize(*size)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    QApplication.processEvents()
    return window


def rows_shown(window: RulebookWindow) -> float:
    tree = window.tree
    height = tree.rowHeight(tree.indexFromItem(tree.topLevelItem(0)))
    return tree.viewport().height() / height


def test_the_rules_list_keeps_four_rows_while_an_outcome_is_shown(qtbot,
                                                                  runner: TaskRunner) -> None:
    window = open_small(qtbot, runner)
    assert window.is_short()
    before = rows_shown(window)
    assert before >= 4.5
    details = window.details.minimumHeight()
    links = ", ".join(f"<a href='case:AP-2026-{n:04}'>AP-2026-{n:04}</a>" for n in range(60))
    window.update_area.setVisible(True)
    window._set_outcome(f"<b>Installed:</b> 60 open cases would change — to review: {links}")
    QApplication.processEvents()
    assert rows_shown(window) >= 4, "the outcome took the rules list's rows"
    # The outcome scrolls inside its two lines; the details keep two lines of their own.
    line = window.update_label.fontMetrics().lineSpacing()
    assert window.update_area.height() <= line * rulebook_ui.SHORT_OUTCOME_LINES
    assert window.update_area.verticalScrollBar().maximum() > 0
    assert window.details.height() >= window.fontMetrics().height() * 2
    # Closed and opened again: no outcome, the window's gaps and details as before.
    window.close()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.reload()
        window.show()
    QApplication.processEvents()
    assert not window.update_area.isVisible()
    assert window.details.minimumHeight() == details
    assert rows_shown(window) >= 4.5
    runner.wait_for_done()


def test_a_tall_window_keeps_its_five_lines_and_gaps(qtbot, runner: TaskRunner) -> None:
    window = RulebookWindow(runner)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    spacing = window.layout().spacing()
    details = window.details.minimumHeight()
    links = ", ".join(f"<a href='case:AP-2026-{n:04}'>AP-2026-{n:04}</a>" for n in range(200))
    window.update_area.setVisible(True)
    window._set_outcome(f"<b>Installed:</b> 200 open cases would change — to review: {links}")
    line = window.update_label.fontMetrics().lineSpacing()
    assert line * 4 < window.update_area.height() <= line * rulebook_ui.OUTCOME_LINES
    assert window.layout().spacing() == spacing
    assert window.details.minimumHeight() == details
    runner.wait_for_done()
