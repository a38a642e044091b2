"""Audit CSV exports in the app: the audit window's and the Timeline's Export CSV… show
progress with Cancel (a cancel writes no file, leaves an old one as it was and records
no export), and follow the signed-in user's roles when an administrator changes them."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services import exports
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import audit_trail
from approvals.ui import exports as ui_exports
from approvals.ui.audit_trail import AuditTrailWindow
from approvals.ui.case_view import CaseView
from approvals.ui.progress import ProgressDialog, ProgressPanel
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates
from tests.ui.case_window import open_view
from tests.ui.test_audit_trail_window import opened_trail

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "frontier-lab.json"
NO_ROLES = Actor("alice", ())  # an administrator took every role away


@pytest.fixture
def window(qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
           admin: Actor) -> Any:
    yield from opened_trail(qtbot, folder_templates, db, data_dir, admin)


def exports_recorded(db: Database) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event).where(Event.action == "audit.exported")).all())


def held_until_cancelled(monkeypatch: pytest.MonkeyPatch, module: Any) -> threading.Event:
    """`module.export_audit_csv` waits (on its worker) until the export is cancelled, as a
    long trail's would still be writing; returns the event set once it has started."""
    started = threading.Event()
    real = module.export_audit_csv

    def held(*args: Any, **kwargs: Any) -> Any:
        started.set()
        for _ in range(1000):  # at most 10 s: the test cancels at once
            if kwargs["cancelled"]():
                break
            threading.Event().wait(0.01)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "export_audit_csv", held)
    return started


def cancelled_in(qtbot: Any, dialog: ProgressDialog, started: threading.Event) -> None:
    qtbot.waitUntil(started.is_set, timeout=10_000)
    dialog.panel.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.panel.running, timeout=10_000)


def test_cancelling_the_audit_window_s_export_leaves_the_old_file(
        qtbot: Any, window: AuditTrailWindow, db: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "trail.csv"
    out.write_text("last week's export")
    started = held_until_cancelled(monkeypatch, audit_trail)
    window.export_to(out)
    dialog = window.export_progress
    assert isinstance(dialog, ProgressDialog) and not window.export_button.isEnabled()
    cancelled_in(qtbot, dialog, started)
    assert dialog.isVisible()  # the closing word stays until closed
    assert dialog.panel.label.text() == ui_exports.export_cancelled_text(out)
    assert "nothing was written to trail.csv" in dialog.panel.label.text()
    assert out.read_text() == "last week's export"
    # No temporary file left beside it (the data folder is in tmp_path too).
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["trail.csv"]
    assert exports_recorded(db) == 0
    assert window.export_button.isEnabled()  # back for another try
    assert getattr(window, "export_message", None) is None  # no "Exported" message
    dialog.close()


def test_closing_the_audit_window_stops_its_export(
        qtbot: Any, window: AuditTrailWindow, db: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    started = held_until_cancelled(monkeypatch, audit_trail)
    runner = window.main.runner
    out = tmp_path / "trail.csv"
    window.export_to(out)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    window.close()  # no file turning up later with no word of it
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert not out.exists() and exports_recorded(db) == 0


def test_the_audit_window_s_export_reports_progress(
        qtbot: Any, window: AuditTrailWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "REPORT_EVERY", 5)
    seen: list[str] = []
    real = ProgressPanel.update_progress

    def update_progress(panel: ProgressPanel, percent: int, message: str) -> None:
        seen.append(message)
        real(panel, percent, message)

    monkeypatch.setattr(ProgressPanel, "update_progress", update_progress)
    window.export_to(tmp_path / "trail.csv")
    dialog = window.export_progress
    qtbot.waitUntil(lambda: isinstance(getattr(window, "export_message", None), QMessageBox),
                    timeout=10_000)
    assert dialog.panel.bar.value() == 100
    assert any(text.endswith("events written to trail.csv") for text in seen)
    assert "a hash or a text value it would take for a number" in \
        window.export_message.informativeText()
    window.export_message.close()


def test_export_csv_follows_the_roles_in_the_audit_window(window: AuditTrailWindow,
                                                          admin: Actor) -> None:
    assert window.export_button.isEnabled()
    window.main._roles_read(NO_ROLES)  # the session watch read the roles anew
    assert not window.export_button.isEnabled()
    assert "may not export the audit trail" in window.export_button.toolTip()
    window.main._roles_read(admin)  # and gave them back
    assert window.export_button.isEnabled()
    assert window.export_button.toolTip().startswith("Write every event the filters match")


def test_a_role_change_during_an_export_keeps_the_button_greyed_out(
        qtbot: Any, window: AuditTrailWindow, admin: Actor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    started = held_until_cancelled(monkeypatch, audit_trail)
    window.export_to(tmp_path / "trail.csv")
    window.main._roles_read(Actor("alice", ("preparer",)))  # still allowed to export
    assert not window.export_button.isEnabled()  # a second click wrote the file twice
    cancelled_in(qtbot, window.export_progress, started)
    assert window.export_button.isEnabled()
    window.export_progress.close()


@pytest.fixture
def case_ref(db: Database, admin: Actor) -> str:
    with db.session() as s:
        case = import_case(s, data=json.loads(EXAMPLE.read_text(encoding="utf-8")), actor=admin)
    return case.reference


def test_cancelling_the_timeline_export_writes_nothing(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.find_events()
    started = held_until_cancelled(monkeypatch, ui_exports)
    out = tmp_path / "timeline.csv"
    dialog = ui_exports.export_timeline(view, out)
    assert view.export_progress is dialog
    assert not view.timeline_export_button.isEnabled()
    cancelled_in(qtbot, dialog, started)
    assert dialog.panel.label.text() == ui_exports.export_cancelled_text(out)
    assert not out.exists() and exports_recorded(db) == 0
    assert view.timeline_export_button.isEnabled()
    dialog.close()


def test_closing_the_case_window_stops_its_timeline_export(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As the main window opens it: deleted on close (so not handed to qtbot to close).
    view = CaseView(runner, admin, data_dir, case_ref)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    view.find_events()
    started = held_until_cancelled(monkeypatch, ui_exports)
    out = tmp_path / "timeline.csv"
    ui_exports.export_timeline(view, out)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    view.close()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert not out.exists() and exports_recorded(db) == 0


def test_the_timeline_export_follows_the_roles_read_with_the_case(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        case_ref: str) -> None:
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.timeline_page)
    button = view.timeline_export_button
    assert button.isEnabled()
    assert view.data is not None
    view._show(replace(view.data, actor=NO_ROLES))  # a reload read the roles taken away
    assert not button.isEnabled() and "may not export" in button.toolTip()
    view._show(replace(view.data, actor=admin))
    assert button.isEnabled()
