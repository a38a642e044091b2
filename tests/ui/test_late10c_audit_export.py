"""View → Audit trail… → Export CSV…: filters that match no event say "Nothing to export"
and why instead of opening the save dialog (the file held column titles alone), and a
filtered export's proposed name says "filtered" (a part of the trail must not pass for the
whole of it), as the case window's Timeline export does."""

from __future__ import annotations

import csv
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from approvals.paths import DataDir
from approvals.services.exports import NOTHING
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.audit_trail import AuditTrailWindow
from tests.conftest import FolderTemplates
from tests.ui.test_audit_trail_window import _apply, opened_trail


def today() -> str:
    """Read when a test checks a name (a module constant went stale when a run crossed
    midnight)."""
    return date.today().isoformat()


@pytest.fixture
def window(qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
           admin: Actor) -> Any:
    yield from opened_trail(qtbot, folder_templates, db, data_dir, admin)


def _dialog(window: AuditTrailWindow) -> QFileDialog | None:
    dialog = getattr(window, "file_dialog", None)
    return dialog if isinstance(dialog, QFileDialog) and dialog.isVisible() else None


def _proposed(qtbot: Any, window: AuditTrailWindow) -> str:
    window.export_button.click()
    qtbot.waitUntil(lambda: _dialog(window) is not None, timeout=10_000)
    dialog = _dialog(window)
    assert dialog is not None
    name = Path(dialog.selectedFiles()[0]).name
    dialog.reject()
    return name


def _nothing_said(qtbot: Any, window: AuditTrailWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: isinstance(getattr(window, "export_message", None), QMessageBox),
                    timeout=10_000)
    box = window.export_message
    assert box.objectName() == "nothingToExport" and box.isVisible()
    assert (box.windowTitle(), box.text()) == (NOTHING, NOTHING)
    assert box.informativeText().startswith("No event matches the filters.")
    assert _dialog(window) is None
    box.close()
    return box


def test_filters_that_match_nothing_are_not_exported(qtbot: Any,
                                                     window: AuditTrailWindow) -> None:
    window.text_filter.setText("no-such-word-anywhere")
    assert _apply(qtbot, window) == []
    qtbot.waitUntil(lambda: window.total == 0, timeout=10_000)
    window.export_button.click()
    _nothing_said(qtbot, window)


def test_filters_typed_and_not_applied_are_counted_before_the_dialog(
        qtbot: Any, window: AuditTrailWindow) -> None:
    qtbot.waitUntil(lambda: window.total is not None, timeout=10_000)
    assert window.total  # the list counts the unfiltered trail
    window.debounce.stop()
    window.text_filter.setText("no-such-word-anywhere")
    window.debounce.stop()  # typed, not applied: the list's count is not of these filters
    window.export_button.click()
    _nothing_said(qtbot, window)


def test_a_filtered_export_is_named_filtered(qtbot: Any, window: AuditTrailWindow) -> None:
    assert _proposed(qtbot, window) == f"audit-trail-{today()}.csv"
    window.user_filter.setEditText("li.wei")
    assert _apply(qtbot, window)
    assert _proposed(qtbot, window) == f"audit-trail-filtered-{today()}.csv"


def test_the_file_holds_the_filters_its_name_was_proposed_for(
        qtbot: Any, window: AuditTrailWindow, tmp_path: Path) -> None:
    window.user_filter.setEditText("li.wei")
    wanted = {e.id for e in _apply(qtbot, window)}
    assert wanted and not window.more
    window.export_button.click()
    qtbot.waitUntil(lambda: _dialog(window) is not None, timeout=10_000)
    dialog = _dialog(window)
    assert dialog is not None and "filtered" in dialog.selectedFiles()[0]
    window.clear_filters()  # while the dialog is open: the list shows the whole trail again
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    out = tmp_path / "trail.csv"
    dialog.fileSelected.emit(str(out))
    dialog.reject()
    qtbot.waitUntil(lambda: isinstance(getattr(window, "export_message", None), QMessageBox),
                    timeout=10_000)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert {int(r[0]) for r in rows} == wanted
    window.export_message.close()


def test_export_csv_is_greyed_out_while_the_file_is_written(
        qtbot: Any, window: AuditTrailWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals.ui import audit_trail

    release = threading.Event()
    real = audit_trail.export_audit_csv

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # a long trail: the file is still being written
        return real(*args, **kwargs)

    monkeypatch.setattr(audit_trail, "export_audit_csv", held)
    usual = window.export_button.toolTip()
    window.export_to(tmp_path / "trail.csv")
    assert not window.export_button.isEnabled()  # a second click wrote it twice
    assert window.export_button.toolTip().startswith("Exporting to trail.csv…")
    release.set()
    qtbot.waitUntil(lambda: isinstance(getattr(window, "export_message", None), QMessageBox),
                    timeout=10_000)
    assert window.export_button.isEnabled() and window.export_button.toolTip() == usual
    window.export_message.close()
