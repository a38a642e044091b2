"""The Users window's Close button and role boxes have Alt keys where a letter is free, and
no letter is the key of two controls in the window (Alt would then only move between
them)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton

from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.users_support import open_users_window

pytestmark = pytest.mark.usefixtures("fast_hash")


def _key(text: str) -> str:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else ""


def test_close_and_role_boxes_have_keys_and_no_letter_repeats(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = open_users_window(qtbot, runner, db)
    close = next(b for b in dialog.findChildren(QPushButton)
                 if b.text().replace("&", "") == "Close")
    assert _key(close.text()) == "o"
    keyed = {role: _key(box.text()) for role, box in dialog.role_boxes.items()}
    assert keyed["preparer"] == "e" and keyed["reviewer"] == "v" and keyed["admin"] == "u"
    # The shown text reads as before, the key only underlined.
    assert dialog.role_boxes["admin"].text().replace("&", "") == (
        "Administrator — users and settings")

    # Every key in the window: buttons (the active/reactivate one in both wordings) and
    # the labels that lead to a field.
    keys: list[tuple[str, str]] = []
    for button in dialog.findChildren(QAbstractButton):
        if _key(button.text()):
            keys.append((_key(button.text()), button.text()))
    keys.append(("t", "Reac&tivate"))  # active_button's other wording
    for label in dialog.findChildren(QLabel):
        if label.buddy() is not None and _key(label.text()):
            keys.append((_key(label.text()), label.text()))
    letters = [k for k, _text in keys]
    repeated = {k: [t for kk, t in keys if kk == k] for k in letters if letters.count(k) > 1}
    assert not repeated, repeated
    assert "c" in letters and "o" in letters  # Create user, Close

    # Alt+O closes the window.
    dialog.activateWindow()
    qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
