"""The Timeline tab's Export CSV… with a filter that hides every event says "Nothing to
export" and why instead of writing a file of column titles; an export that matched
nothing (the audit window's) says so in the file's words, not "Exported 0 events"."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.services.exports import NOTHING, ExportResult
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.exports import show_exported
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "frontier-lab.json"


def test_a_timeline_filtered_to_nothing_is_not_exported(qtbot, runner: TaskRunner,
                                                        admin: Actor, data_dir: DataDir,
                                                        db: Database) -> None:
    with db.session() as s:
        reference = import_case(s, data=json.loads(EXAMPLE.read_text(encoding="utf-8")),
                                actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.timeline_page)
    total = view.timeline.rowCount()
    view.timeline_filter.setText("no-such-word-anywhere")
    assert total and view.visible_timeline_rows() == 0
    view.timeline_export_button.click()
    box = view.export_message
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert (box.windowTitle(), box.text()) == (NOTHING, NOTHING)
    assert box.informativeText().startswith(f"The filter shows none of the {total} events.")
    assert not isinstance(getattr(view, "file_dialog", None), QFileDialog) \
        or not view.file_dialog.isVisible()
    box.close()


def test_an_export_that_matched_nothing_says_so(qtbot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    note = f"{NOTHING}: no event matches the filter."
    box = show_exported(parent, ExportResult(tmp_path / "t.csv", 0, note=note), "event")
    assert (box.windowTitle(), box.text()) == (NOTHING, note)
    assert str(tmp_path / "t.csv") in box.informativeText()
    box.close()
    box = show_exported(parent, ExportResult(tmp_path / "t.csv", 3), "event")
    assert (box.windowTitle(), box.text()) == ("Exported", f"Exported 3 events to {tmp_path / 't.csv'}")
    box.close()
