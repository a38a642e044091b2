"""CSV exports in the app: the Timeline tab's "Export CSV…" button and File → Export case
list (CSV)…, driven through the real controls and the (non-blocking) file dialog."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.services.exports import AUDIT_HEADER, CASE_HEADER
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.exports import install_export_features, shown_event_ids
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.ui.case_window import open_view

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "frontier-lab.json"


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def choose(qtbot, dialog: QFileDialog, path: Path) -> None:
    """Type the file name into the save dialog and accept it, as the officer would."""
    assert dialog.isVisible()  # open(), not exec(): the test goes on while it is shown
    dialog.selectFile(str(path))
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)


@pytest.fixture
def case_ref(db: Database, admin: Actor) -> str:
    with db.session() as s:
        case = import_case(s, data=json.loads(EXAMPLE.read_text(encoding="utf-8")), actor=admin)
        add_comment(s, actor=admin, reference=case.reference, body="请补充营业额\n=cmd|' /C calc'!A0")
        add_comment(s, actor=admin, reference=case.reference, body="plain note")
    return case.reference


def test_timeline_exports_exactly_the_events_shown(qtbot, runner: TaskRunner, admin: Actor,
                                                   data_dir: DataDir, db: Database,
                                                   case_ref: str, tmp_path: Path) -> None:
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.find_events()
    qtbot.keyClicks(view.timeline_filter, "comment")
    shown = view.visible_timeline_rows()
    assert 0 < shown < view.timeline.rowCount()
    button = view.timeline_export_button
    assert button.isEnabled() and button.accessibleName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    out = tmp_path / "timeline.csv"
    ids = shown_event_ids(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):  # reloaded after the export
        choose(qtbot, view.file_dialog, out)
    box = view.export_message
    assert box.isVisible()  # open(): shown without a nested event loop
    assert box.text() == f"Exported {shown} events to {out}"
    rows = read_csv(out)
    assert tuple(rows[0]) == AUDIT_HEADER
    assert sorted(int(r[0]) for r in rows[1:]) == sorted(ids) and len(rows) - 1 == shown
    action = AUDIT_HEADER.index("Action")
    assert {r[action] for r in rows[1:]} == {"comment.added"}
    new_values = [r[AUDIT_HEADER.index("New value")] for r in rows[1:]]
    bodies = {json.loads(v)["body"] for v in new_values}  # stored as JSON, shown as JSON
    assert bodies == {"请补充营业额\n=cmd|' /C calc'!A0", "plain note"}
    with db.read_session() as s:
        last = s.exec(select(Event.action, Event.details)
                      .order_by(Event.id.desc())).first()  # type: ignore[union-attr]
    assert last is not None and last[0] == "audit.exported"
    assert json.loads(last[1])["rows"] == shown
    # The timeline now shows the export itself.
    view.timeline_filter.clear()
    texts = [view.timeline.item(r, 2).text() for r in range(view.timeline.rowCount())]
    assert "Audit trail exported" in texts
    box.close()


def test_timeline_export_failure_is_reported(qtbot, runner: TaskRunner, admin: Actor,
                                             data_dir: DataDir, case_ref: str,
                                             tmp_path: Path) -> None:
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.timeline_page)
    view.timeline_export_button.click()
    dialog = view.file_dialog
    out = tmp_path / "gone" / "timeline.csv"  # its folder is removed under the dialog
    dialog.fileSelected.emit(str(out))
    dialog.reject()
    qtbot.waitUntil(lambda: view.findChild(QMessageBox, "errorDialog") is not None
                    and view.findChild(QMessageBox, "errorDialog").isVisible(), timeout=10_000)
    error = view.findChild(QMessageBox, "errorDialog")
    assert error.text() == "The timeline could not be exported"
    assert "does not exist" in error.informativeText()
    assert not out.parent.exists()
    error.close()


@pytest.fixture
def window(folder_templates: FolderTemplates, qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    load_demo_from_template(folder_templates, db, admin)
    win = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(win)
    install_export_features(win, runner, admin)
    qtbot.waitUntil(lambda: runner.idle and win.count_label.text() != "", timeout=10_000)
    return win


def test_case_list_exports_the_rows_shown(qtbot, window: MainWindow, tmp_path: Path) -> None:
    action = next(a for a in window.file_menu.actions()
                  if a.objectName() == "exportCaseListAction")
    assert action.isEnabled()
    # No shortcut of its own here: Ctrl+Shift+E already exports a review pack.
    taken = [a.shortcut() for a in window.findChildren(QAction) if a is not action
             and not a.shortcut().isEmpty()]
    assert action.shortcut().isEmpty() or action.shortcut() not in taken
    qtbot.keyClicks(window.filter_edit, "kowloon")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=2_000)
    action.trigger()
    out = tmp_path / "cases.csv"
    choose(qtbot, window.file_dialog, out)
    qtbot.waitUntil(lambda: getattr(window, "export_message", None) is not None, timeout=10_000)
    assert window.export_message.text() == f"Exported 1 case to {out}"
    rows = read_csv(out)
    assert tuple(rows[0]) == CASE_HEADER
    shown = window.model.row_at(0)
    assert [r[0] for r in rows[1:]] == [shown.reference]
    assert rows[1][1] == shown.target and rows[1][2]  # the Chinese name beside the English
    assert window.statusBar().currentMessage() == f"Exported 1 case to {out}"
    window.export_message.close()


def test_export_is_greyed_out_for_a_user_without_the_permission(
        qtbot, runner: TaskRunner, data_dir: DataDir) -> None:
    nobody = Actor("nobody", ())
    win = MainWindow(runner, data_dir, nobody)
    qtbot.addWidget(win)
    features = install_export_features(win, runner, nobody)
    assert not features.action.isEnabled()
    assert "may not export the audit trail" in features.action.toolTip()
    runner.wait_for_done()
