"""A button's Alt letter keeps working when it has a second key too (Ctrl+E beside
"&Edit facts…"): QAbstractButton.setShortcut replaced the Alt key, so the case window's
Alt+E, Alt+G and Alt+R, the Timeline's Alt+X and the filing preview's Alt+P and Alt+S
were underlined and did nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.widgets import second_key
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_walkthrough_fixes import _case
from tests.ui.ux_checks import alt_keys_taken_away


def test_both_keys_press_the_button_and_neither_a_greyed_out_one(qtbot) -> None:
    window = QWidget()
    layout = QVBoxLayout(window)
    button = QPushButton("&Refresh")
    layout.addWidget(button)
    second_key(button, "F5")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    pressed: list[str] = []
    button.clicked.connect(lambda: pressed.append("pressed"))
    for key, modifier in ((Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier),
                          (Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)):
        before = len(pressed)
        qtbot.keyClick(window.windowHandle(), key, modifier)
        qtbot.waitUntil(lambda b=before: len(pressed) > b, timeout=2_000)
    button.setEnabled(False)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F5)
    qtbot.wait(300)
    assert pressed == ["pressed", "pressed"]
    assert alt_keys_taken_away(window) == []


def test_no_button_of_the_case_window_or_its_filing_preview_lost_its_alt_key(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    reference, _track = _case(db, admin)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    assert alt_keys_taken_away(view) == []
    assert view.refresh_button.shortcut().toString() == "Alt+R"
    view.generate_filing()
    preview = view.preview
    assert preview is not None
    assert alt_keys_taken_away(preview) == []
    preview.close()
    runner.wait_for_done()
