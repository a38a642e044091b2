"""The main window as run_gui builds it (every feature's menu installed): no two of its
keyboard shortcuts, menu items' or window-wide QShortcuts', share a key, and every menu
item is reachable by an Alt key without a clash in its menu."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.application import signed_in_window
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

MNEMONIC = re.compile(r"&([^&\s])")
# The contexts in which a shortcut answers anywhere in the window (a WidgetShortcut
# answers only while its own field has the focus, so it may share a key: Return opens the
# current case in the list and confirms elsewhere).
WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut,
               Qt.ShortcutContext.WidgetWithChildrenShortcut)


def _full_window(qtbot, runner: TaskRunner, data_dir: DataDir, actor: Actor) -> MainWindow:
    window, _features = signed_in_window(runner, data_dir, actor, timeout_ms=3_600_000,
                                         check_ms=3_600_000)
    qtbot.addWidget(window)
    return window


def window_shortcuts(window: MainWindow) -> dict[str, list[str]]:
    """Every key answering window-wide: the menu items' and the QShortcuts' (by key)."""
    keys: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() not in WINDOW_WIDE:
            continue
        for sequence in action.shortcuts():
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            keys.setdefault(text, []).append(action.text().replace("&", "") or
                                             action.objectName())
    for shortcut in window.findChildren(QShortcut):
        if shortcut.context() not in WINDOW_WIDE or shortcut.parent().window() is not window:
            continue
        for sequence in shortcut.keys():  # noqa: SIM118 (a QShortcut, not a dict)
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            keys.setdefault(text, []).append(
                f"QShortcut {shortcut.objectName() or shortcut.whatsThis() or '?'}")
    return keys


def test_no_two_window_wide_shortcuts_share_a_key(qtbot, runner: TaskRunner,
                                                 data_dir: DataDir, admin: Actor) -> None:
    window = _full_window(qtbot, runner, data_dir, admin)
    keys = window_shortcuts(window)
    assert {k: v for k, v in keys.items() if len(v) > 1} == {}
    # The collection sees what it should: the File menu's New case, the list's Find.
    assert "Ctrl+N" in keys and "Ctrl+F" in keys
    window.runner.wait_for_done()


def menu_key_problems(window: MainWindow) -> list[str]:
    """Menu items without an Alt key (an underlined letter), and letters two items of one
    menu share (Qt then only moves between them, and neither is chosen)."""
    problems: list[str] = []

    def walk(menu: QMenu, path: str) -> None:
        letters: dict[str, list[str]] = {}
        for action in menu.actions():
            if action.isSeparator():
                continue
            text = action.text()
            name = f"{path} → {text.replace('&', '')}"
            match = MNEMONIC.search(text.replace("&&", ""))
            if match is None:
                problems.append(f"no Alt key: {name}")
            else:
                letters.setdefault(match.group(1).casefold(), []).append(name)
            if action.menu() is not None:
                walk(action.menu(), name)
        problems.extend(f"Alt+{key.upper()} shared: {' / '.join(names)}"
                        for key, names in letters.items() if len(names) > 1)

    for top in window.menuBar().actions():
        walk(top.menu(), top.text().replace("&", ""))
    return problems


def test_every_menu_item_has_an_alt_key_unique_in_its_menu(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    window = _full_window(qtbot, runner, data_dir, admin)
    # The menu bar's own titles first, then every item of every menu (View → Columns too:
    # its column names were reachable only by the arrows).
    bar = [a.text() for a in window.menuBar().actions()]
    assert all(MNEMONIC.search(t) for t in bar), bar
    assert menu_key_problems(window) == []
    window.runner.wait_for_done()


def test_the_column_chooser_names_each_column_by_its_title() -> None:
    from approvals.ui.case_list import COLUMNS
    from approvals.ui.main_window import COLUMN_MENU_TEXTS

    assert [COLUMN_MENU_TEXTS[c].replace("&", "") for c in range(len(COLUMNS))] == [
        c.title for c in COLUMNS]
