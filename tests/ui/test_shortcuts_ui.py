"""The windows' keyboard shortcuts, made with their slot given positionally (the form the
PySide6 stubs know): each still does its job, and a shortcut meant for one field stays
with that field (PySide6 drops the context argument when a slot is given with it)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from approvals.services.cases import import_case
from approvals.ui.review import ReviewModeWindow
from tests.conftest import EXAMPLES_DIR
from tests.review_support import RITA, open_review_pair
from tests.ui.case_window import open_view


def _shortcut(owner: QWidget, keys: str | QKeySequence) -> QShortcut:
    sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    (found,) = [s for s in owner.findChildren(QShortcut) if s.key() == sequence
                and s.parent() is owner]
    return found


def test_case_view_shortcuts_switch_tabs_and_escape_stays_in_the_filter(
        qtbot, runner, admin, data_dir, db) -> None:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, ref)
    for i in range(view.tabs.count()):
        _shortcut(view, f"Alt+{i + 1}").activated.emit()
        assert view.tabs.currentIndex() == i
    view.timeline_filter.setText("screened")
    escape = _shortcut(view.timeline_filter, QKeySequence(Qt.Key.Key_Escape))
    # Escape elsewhere in the window (a dialog's cancel, a list) is not taken by the filter.
    assert escape.context() == Qt.ShortcutContext.WidgetShortcut
    escape.activated.emit()
    assert view.timeline_filter.text() == ""
    _shortcut(view, QKeySequence(QKeySequence.StandardKey.Close)).activated.emit()
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5_000)


def test_review_window_alt_keys_choose_its_tabs(qtbot, runner, data_dir, db, tmp_path) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        window = ReviewModeWindow(runner, RITA, pair.b_dir, pair.pack_id)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
        for i in reversed(range(window.tabs.count())):
            _shortcut(window, f"Alt+{i + 1}").activated.emit()
            assert window.tabs.currentIndex() == i
    finally:
        pair.b_db.dispose()
