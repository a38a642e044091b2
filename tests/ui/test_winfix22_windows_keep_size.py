"""The main window's other windows (View → Rulebook, Holiday calendars…, Audit trail, Check
open cases…; the user guide and the keyboard shortcuts) open at the size and place the
officer left them: each opened at its first size every time (the rulebook at 1100 × 720),
and a window made larger to read the rules or the guide was small again at the next start.
Kept in the data folder's settings as the main window's and the dashboard's are
(ui.geometry): a size kept at another display scale is not restored. The intake wizard's
kept size: test_geometry22_windows_keep_size.py."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.files import settings_for
from approvals.ui.help import GuideWindow, ShortcutsWindow
from approvals.ui.main_window import MainWindow
from tests.ui.window_size_support import SIZE, closed, device_scale, main_window

# (the menu action's object name, the main window's attribute for the window or the
# window's class (the help windows are the main window's children), its key)
WINDOWS: list[tuple[str, str | type[QWidget], str]] = [
    ("rulebookAction", "rulebook_window", "rulebook/geometry"),
    ("calendarsAction", "calendars_dialog", "holiday_calendars/geometry"),
    ("auditTrailAction", "audit_trail_window", "audit_trail/geometry"),
    ("openCasesCheckAction", "open_cases_check_window", "open_cases_check/geometry"),
    ("userGuideAction", GuideWindow, "user_guide/geometry"),
    ("shortcutsAction", ShortcutsWindow, "keyboard_shortcuts/geometry"),
]


def opened(qtbot, main: MainWindow, action: str, window_of: str | type[QWidget]) -> QWidget:
    [chosen] = [a for a in main.findChildren(QAction) if a.objectName() == action]
    chosen.trigger()
    if isinstance(window_of, str):
        window = getattr(main, window_of)
    else:
        [window] = [w for w in main.findChildren(window_of) if w.isVisible()]
    assert window.isVisible()
    qtbot.waitUntil(lambda: main.runner.idle, timeout=10_000)
    return window


@pytest.mark.parametrize(("action", "attribute", "key"), WINDOWS)
def test_a_window_opens_at_the_size_it_was_left(qtbot, db: Database, data_dir: DataDir,
                                                admin: Actor, action: str,
                                                attribute: str | type[QWidget],
                                                key: str) -> None:
    main = main_window(qtbot, db, data_dir, admin)
    window = opened(qtbot, main, action, attribute)
    first = (window.width(), window.height())
    assert first != SIZE
    window.resize(*SIZE)
    closed(qtbot, main, window)
    assert settings_for(data_dir).value(key) is not None

    # The next start (Sign out and in, or quitting and starting again): as it was left.
    again = main_window(qtbot, db, data_dir, admin)
    window = opened(qtbot, again, action, attribute)
    assert (window.width(), window.height()) == SIZE
    closed(qtbot, again, window)


def test_a_size_kept_at_another_scale_is_not_restored(qtbot, db: Database, data_dir: DataDir,
                                                      admin: Actor) -> None:
    """At 200 % a rulebook window left at 100 % would come back a small box (Qt's own
    restore): it opens at its first size."""
    main = main_window(qtbot, db, data_dir, admin)
    window = opened(qtbot, main, "rulebookAction", "rulebook_window")
    first = (window.width(), window.height())
    window.resize(*SIZE)
    closed(qtbot, main, window)
    settings: QSettings = settings_for(data_dir)
    settings.setValue("rulebook/geometry_scale", device_scale(window) * 2)  # as if kept at 200 %
    settings.sync()

    again = main_window(qtbot, db, data_dir, admin)
    window = opened(qtbot, again, "rulebookAction", "rulebook_window")
    assert (window.width(), window.height()) == first
    closed(qtbot, again, window)
