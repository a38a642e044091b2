"""The proposed file name says when a filter left rows out ("…-audit-trail-filtered-
<date>.csv", "case-list-filtered-<date>.csv"): a file sent on as the audit trail of a case
must not pass for the whole of it by its name. Unfiltered, the name is as before. The
status line counts one case as "1 case"."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow

from approvals.paths import DataDir
from approvals.services.cases import CaseRow, import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.exports import CaseListExport, choose_timeline_file
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "frontier-lab.json"


def today() -> str:
    """Read when a test checks a name (a module constant went stale when a run crossed
    midnight)."""
    return date.today().isoformat()


def proposed(dialog: object) -> str:
    assert isinstance(dialog, QFileDialog)
    name = Path(dialog.selectedFiles()[0]).name
    dialog.reject()
    return name


def test_a_filtered_timeline_is_named_filtered(qtbot, runner: TaskRunner, admin: Actor,
                                               data_dir: DataDir, db: Database) -> None:
    with db.session() as s:
        reference = import_case(s, data=json.loads(EXAMPLE.read_text(encoding="utf-8")),
                                actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.timeline_page)
    assert proposed(choose_timeline_file(view)) == f"{reference}-audit-trail-{today()}.csv"
    view.timeline_kind.setCurrentIndex(1)  # one kind of event: the others are hidden
    assert 0 < view.visible_timeline_rows() < view.timeline.rowCount()
    assert proposed(choose_timeline_file(view)) == f"{reference}-audit-trail-filtered-{today()}.csv"


class _Rows:
    """The case list's model as the export reads it: rows shown of the total."""

    def __init__(self, shown: int, total: int) -> None:
        self.shown, self.total = shown, total

    def rowCount(self) -> int:  # as Qt names it
        return self.shown


def test_a_filtered_case_list_is_named_filtered(qtbot, runner: TaskRunner,
                                                admin: Actor) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    export = CaseListExport(window, runner, admin)
    window.model = _Rows(3, 3)  # type: ignore[attr-defined]
    assert proposed(export.choose_file()) == f"case-list-{today()}.csv"
    window.model = _Rows(1, 3)  # type: ignore[attr-defined]
    assert proposed(export.choose_file()) == f"case-list-filtered-{today()}.csv"


def test_the_status_line_counts_one_case_in_the_singular(qtbot, runner: TaskRunner,
                                                         admin: Actor, tmp_path: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    export = CaseListExport(window, runner, admin)
    row = CaseRow(1, "AP-2026-0001", "Target Co., Ltd.", "Fund, L.P.", 1_000_000.0, "USD",
                  "open", "pat", "2026-11-30T00:00:00Z", ("CN-FISR",), "draft", None)
    out = tmp_path / "cases.csv"
    export.export_to(out, rows=[row])
    assert window.statusBar().currentMessage() == "Exporting 1 case…"  # not "1 cases"
    qtbot.waitUntil(lambda: getattr(window, "export_message", None) is not None,
                    timeout=10_000)
    assert window.export_message.text() == f"Exported 1 case to {out}"
    window.export_message.close()
