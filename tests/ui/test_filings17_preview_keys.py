"""Generate a filing: every button has its Alt key, none twice. Cancel rendering (Alt+C)
stops a rendering and keeps the dialog, with what it showed (Escape stops it too, but
closes the dialog); Close is Alt+L."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from approvals.store.audit import Actor
from approvals.ui import filing_preview
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.workers import TaskRunner


def _alt_letters(dialog: FilingDialog) -> dict[str, str]:
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [b.text() for b in dialog.findChildren(QAbstractButton) if b.text().strip()
              and b.text() not in ("−", "+")]  # zoom: Ctrl+- and Ctrl++, said on hover
    return {t: t[t.index("&") + 1].lower() if "&" in t else "" for t in texts}


def test_every_button_has_its_own_alt_key(qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    letters = _alt_letters(dialog)
    assert "" not in letters.values(), [t for t, k in letters.items() if not k]
    assert len(set(letters.values())) == len(letters), letters
    assert letters["C&lose"] == "l" and letters["&Cancel rendering"] == "c"


def test_alt_c_stops_a_rendering_and_keeps_the_dialog(
        qtbot, runner: TaskRunner, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    started, go = threading.Event(), threading.Event()

    def held(_session: Any, progress: Any, **_kwargs: Any) -> Any:
        started.set()
        go.wait(30)
        progress.report(50, "Laying out the pages…")  # raises once cancelled
        raise AssertionError("not cancelled")

    monkeypatch.setattr(filing_preview, "render", held)
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    try:
        dialog.generate()
        qtbot.waitUntil(started.is_set, timeout=10_000)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
        qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: dialog.status.text() == "Cancelled.", timeout=5_000)
        assert dialog.isVisible()
        assert dialog.generate_button.isEnabled() and not dialog.progress_row.isVisible()
    finally:
        go.set()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.status.text() == "Cancelled."
