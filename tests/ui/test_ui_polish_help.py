"""F1 in the main window opens the user guide where an officer at the case list needs it
(the Case list section; Getting started while there is no case yet), not at the top of the
README (its installation commands), as F1 in the wizard, the case window and the dashboard
opens theirs. Help → User guide chosen in the menu still opens the guide at its start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.services.cases import CaseRow
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import prepare_rows
from approvals.ui.help import GuideWindow
from approvals.ui.main_window import LoadedList, MainWindow
from approvals.ui.workers import TaskRunner


@pytest.fixture(autouse=True)
def close_guides() -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, GuideWindow):
            widget.close()


@pytest.fixture
def main_window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> Iterator[MainWindow]:
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.runner.idle and window.count_label.text() != "",
                    timeout=10_000)
    yield window
    window.runner.wait_for_done()


def a_case(n: int) -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target=f"Target {n} Ltd.",
                   investor="Fund", amount_value=None, amount_currency=None, status="open",
                   owner="alice", updated_at="", regimes=("CN-FISR",),
                   worst_state="general_review", next_deadline=None)


def press_f1(qtbot, window: MainWindow) -> GuideWindow:
    """F1 as the officer presses it, in the case list (the key goes to the window's
    action, as a shortcut event)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    target = window.table if window.stack.currentIndex() == 0 else window.create_button
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_F1)
    guide = window.findChild(GuideWindow)
    assert guide is not None, "F1 opened no guide"
    qtbot.waitUntil(lambda: guide.source is not None and guide.isVisible(), timeout=10_000)
    return guide


def guide_action(window: MainWindow) -> QAction:
    action = window.findChild(QAction, "userGuideAction")
    assert action is not None
    return action


def test_f1_in_the_case_list_opens_the_case_list_section(qtbot, main_window) -> None:
    main_window._show_cases(LoadedList(prepare_rows([a_case(1), a_case(2)]), ("CN-FISR",),
                                       None, None), main_window._generation)
    assert main_window.stack.currentIndex() == 0
    # The key is still the menu entry's (shown beside it), and the only F1 of the window.
    action = guide_action(main_window)
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    guide = press_f1(qtbot, main_window)
    assert guide.section_in_view().anchor == "case-list"
    item = guide.contents.currentItem()
    assert item is not None and item.text(0) == "Case list"


def test_f1_with_no_case_yet_opens_getting_started(qtbot, main_window) -> None:
    assert main_window.stack.currentIndex() == 1  # the empty list: Create a case, demo
    assert main_window.help_section() == "Getting started"
    guide = press_f1(qtbot, main_window)
    assert guide.section_in_view().anchor == "getting-started"


def test_the_menu_entry_opens_the_guide_at_its_start(qtbot, main_window) -> None:
    main_window._show_cases(LoadedList(prepare_rows([a_case(1)]), ("CN-FISR",), None, None),
                            main_window._generation)
    guide_action(main_window).trigger()  # a click on Help → User guide
    guide = main_window.findChild(GuideWindow)
    assert guide is not None
    qtbot.waitUntil(lambda: guide.source is not None and guide.isVisible(), timeout=10_000)
    assert guide.text.verticalScrollBar().value() == 0
    # F1 afterwards still goes to the list's section in the guide already open.
    assert press_f1(qtbot, main_window) is guide
    assert guide.section_in_view().anchor == "case-list"
