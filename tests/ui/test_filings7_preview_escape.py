"""Esc in the preview stops what runs, as Close does: Esc hid the dialog (QDialog.reject)
without its close event, so a print job went on painting pages from a window nobody could
see, with no Cancel to press, and a rendering went on too."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import MagicMock

import pytest
from PySide6.QtCore import Qt

from approvals.store.audit import Actor
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_preview import pdf_printer, ready_to_print


def test_escape_while_printing_cancels_the_job(qtbot, runner: TaskRunner, admin: Actor,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ready_to_print(qtbot, runner, admin, monkeypatch, 40)
    dialog.print_button.setEnabled(True)
    printed: list[int] = []
    dialog.printed.connect(printed.append)
    dialog._print_to(pdf_printer(tmp_path / "escaped.pdf"))
    job = dialog._printing
    assert job is not None and dialog.busy
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert job.cancelled and not dialog.busy
    qtbot.waitUntil(lambda: runner.idle, timeout=60_000)
    assert printed == []


def test_escape_while_rendering_cancels_it(qtbot, runner: TaskRunner, admin: Actor,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ready_to_print(qtbot, runner, admin, monkeypatch, 2)
    cancelled: list[bool] = []

    class Running:  # a rendering job still at work (its worker stops at its next step)
        class progress:
            @staticmethod
            def cancel() -> None:
                cancelled.append(True)

    dialog._task = Running()  # type: ignore[assignment]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert cancelled == [True] and not dialog.busy


def test_a_refused_final_with_no_preview_stays_in_the_status_line(
        qtbot, runner: TaskRunner, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The message box listed what was missing; once dismissed, the dialog said only
    "press Generate" again, and nothing on it said the final had been refused."""
    from approvals.domain.errors import InputError, Problem
    from approvals.ui import filing_preview
    from approvals.ui.filing_preview import FilingDialog

    shown: list[str] = []
    monkeypatch.setattr(filing_preview, "show_error",
                        lambda _parent, title, exc: shown.append(f"{title}: {exc}") or MagicMock())
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog._failed(InputError([
        Problem("investor.ultimate_parent", "missing: Ultimate parent"),
        Problem("deal.commercial_rationale", "missing: Commercial rationale"),
        Problem("tracks", "not approved for filing yet: CN-FISR (draft)")]))
    assert shown  # the full list, in the message
    status = dialog.status.text()
    # The fact by the wizard's name alone: its key is under the message's Show Details….
    assert status.startswith("Not generated: Missing: Ultimate parent (Investor); ")
    assert "[investor.ultimate_parent]" not in status
    assert status.endswith("; and 2 more problems. A draft marks each missing item in place.")
