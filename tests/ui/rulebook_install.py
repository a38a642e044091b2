"""Install in the rulebook window's install preview, for the tests that install through it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from approvals.ui.rulebook import InstallPreview, RulebookWindow


def confirm_install(qtbot: Any, window: RulebookWindow, reason: str = "") -> None:
    """Install in the preview an install_update opened (with `reason` typed first)."""
    dialog = window.confirm_dialog
    assert isinstance(dialog, InstallPreview) and dialog.isVisible()
    if reason:
        assert dialog.reason is not None
        qtbot.keyClicks(dialog.reason, reason)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)
