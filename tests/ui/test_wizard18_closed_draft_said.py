"""Closing the New case wizard mid-way keeps the draft without asking; the main window's
status line says where it went (the list's Status column, cut short at 200 %, read
"Intake not …", and nothing said the work was kept)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.ui.main_window_support import shown_main_window


def test_closing_the_wizard_mid_way_says_the_draft_is_kept(
        qtbot: Any, db: Database, data_dir: DataDir, admin: Actor) -> None:
    window = shown_main_window(qtbot, db, data_dir, admin)
    window.new_case()
    wizard = window.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible, timeout=10_000)
    wizard.autosave_timer.stop()
    name = wizard.field_at("target.name_en")
    assert name is not None
    qtbot.keyClicks(name.focus_widget(), "Example Frontier Intelligence Co., Ltd.")
    wizard.button(QWizard.WizardButton.CancelButton).click()  # Close (Alt+C)
    qtbot.waitUntil(lambda: not wizard.isVisible() and not wizard.saving and window.runner.idle,
                    timeout=10_000)
    assert wizard.reference
    message = window.statusBar().currentMessage()
    assert message == f"Draft {wizard.reference} kept: open its row to go on with it"
    qtbot.waitUntil(lambda: window.model.row_for_reference(wizard.reference) is not None,
                    timeout=10_000)


def test_closing_an_untouched_wizard_says_nothing_of_a_draft(
        qtbot: Any, db: Database, data_dir: DataDir, admin: Actor) -> None:
    window = shown_main_window(qtbot, db, data_dir, admin)
    window.new_case()
    wizard = window.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible, timeout=10_000)
    wizard.reject()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    assert "Draft" not in window.statusBar().currentMessage()


def test_the_empty_lists_buttons_have_alt_keys(
        qtbot: Any, db: Database, data_dir: DataDir, admin: Actor) -> None:
    """A new officer's first window: Create a case… (Alt+T) and Load demo cases (Alt+D)
    were reached only by tabbing (Ctrl+N was the one key for a first case)."""
    window = shown_main_window(qtbot, db, data_dir, admin)
    assert window.stack.currentIndex() == 1  # no cases yet
    assert window.create_button.text() == "Crea&te a case…"
    assert window.demo_button.text() == "Load &demo cases"
    window.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible(),
                    timeout=10_000)
    assert window.wizard is not None
    window.wizard.reject()
    window.runner.wait_for_done()
