"""The error boxes' OK has an Alt key of its own, as Show Details has Alt+D: a keyboard
user saw every button underlined but OK. It closes the box; Enter and Escape still do."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.domain.errors import ApprovalsError
from approvals.ui import errors
from approvals.ui.widgets import access_key
from tests.ui.ux_checks import mnemonic_clashes


def _shown(qtbot: Any, box: QMessageBox) -> QMessageBox:
    qtbot.addWidget(box)
    box.show()
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=5_000)
    return box


def _unexpected(qtbot: Any) -> QMessageBox:
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        return _shown(qtbot, errors.show_unexpected(None, exc, "Traceback\nRuntimeError: boom"))


def _ok(box: QMessageBox) -> Any:
    ok = box.button(QMessageBox.StandardButton.Ok)
    assert ok is not None
    return ok


@pytest.mark.parametrize("make", ["unexpected", "error", "refusal"])
def test_ok_has_an_alt_key_of_its_own_and_closes_the_box(qtbot: Any, make: str) -> None:
    if make == "unexpected":
        box = _unexpected(qtbot)
    else:
        exc = RuntimeError("disk on fire") if make == "error" else ApprovalsError("Refused.")
        box = _shown(qtbot, errors.show_error(None, "Saving failed", exc))
    ok = _ok(box)
    assert ok.text() == "&OK" and access_key(ok.text()) == "o"
    assert mnemonic_clashes(box) == []
    assert all(access_key(b.text()) for b in box.buttons())  # Show Details too, where shown
    assert box.defaultButton() is ok and box.escapeButton() is ok
    qtbot.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_O,
                   Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2_000)


def test_escape_still_closes_the_unexpected_error_box(qtbot: Any) -> None:
    box = _unexpected(qtbot)
    qtbot.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2_000)
