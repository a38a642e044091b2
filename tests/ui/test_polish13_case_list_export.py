"""File → Export case list (CSV)… with 100,000 cases took seconds with no word of how far it
had got and no way to stop it. Now it shows its progress ("40,000 of 100,000 cases
written to …") with Cancel, as the audit trail's export does; a cancelled export leaves
no file (one of that name already there as it was) and records nothing, and the menu
item is greyed out while it runs (a second one wrote the file twice)."""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox
from sqlmodel import select

from approvals.services import exports
from approvals.services.cases import CaseRow
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import exports as ui_exports
from approvals.ui.case_list import CaseTableModel, prepare_rows
from approvals.ui.exports import CaseListExport
from approvals.ui.progress import ProgressDialog, ProgressPanel
from approvals.ui.workers import TaskRunner

CASES = 40


def rows(count: int = CASES) -> list[CaseRow]:
    return [CaseRow(n, f"AP-2026-{n:04d}", f"Target {n} Co., Ltd.", "Fund, L.P.",
                    1_000_000.0 * n, "USD", "open", "pat", "2026-11-30T00:00:00Z",
                    ("CN-FISR",), "draft", None) for n in range(1, count + 1)]


def exports_recorded(db: Database) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event).where(Event.action == "cases.exported")).all())


@pytest.fixture
def export(qtbot: Any, runner: TaskRunner, admin: Actor,
           monkeypatch: pytest.MonkeyPatch) -> CaseListExport:
    monkeypatch.setattr(exports, "REPORT_EVERY", 10)
    window = QMainWindow()
    qtbot.addWidget(window)
    return CaseListExport(window, runner, admin)


def test_cancelling_the_case_list_export_leaves_the_old_file(
        qtbot: Any, export: CaseListExport, db: Database, tmp_path: Path, gate: Any) -> None:
    out = tmp_path / "cases.csv"
    out.write_text("last week's list")
    gate.rearm(lambda _meter, message: message.startswith("20 of 40 cases written"))
    dialog = export.export_to(out, rows=rows())
    assert export.window.export_progress is dialog  # type: ignore[attr-defined]
    assert not export.action.isEnabled()  # no second export of the same file meanwhile
    assert gate.reached.wait(10)
    dialog.panel.cancel_button.click()
    gate.open()
    qtbot.waitUntil(lambda: not dialog.panel.running, timeout=10_000)
    assert dialog.panel.label.text() == ui_exports.export_cancelled_text(out)
    assert out.read_text() == "last week's list"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["cases.csv"]  # no part file
    assert exports_recorded(db) == 0
    assert export.action.isEnabled()  # back for another try
    assert getattr(export.window, "export_message", None) is None  # no "Exported" message
    dialog.close()


def test_the_case_list_export_reports_the_cases_written(
        qtbot: Any, export: CaseListExport, db: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = ProgressPanel.update_progress

    def update_progress(panel: ProgressPanel, percent: int, message: str) -> None:
        seen.append(message)
        real(panel, percent, message)

    monkeypatch.setattr(ProgressPanel, "update_progress", update_progress)
    dialog = export.export_to(tmp_path / "cases.csv", rows=rows())
    assert isinstance(dialog, ProgressDialog)
    qtbot.waitUntil(lambda: isinstance(getattr(export.window, "export_message", None),
                                       QMessageBox), timeout=10_000)
    assert dialog.panel.bar.value() == 100
    assert "20 of 40 cases written to cases.csv" in seen
    assert seen[-1] == "40 of 40 cases written to cases.csv"
    assert len((tmp_path / "cases.csv").read_text(encoding="utf-8-sig").splitlines()) == 41
    assert exports_recorded(db) == 1
    assert export.action.isEnabled()
    export.window.export_message.close()  # type: ignore[attr-defined]


@pytest.mark.usefixtures("automatic_collector")
def test_the_rows_shown_are_picked_out_on_the_worker_with_the_collector_held_off(
        qtbot: Any, export: CaseListExport, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows the list shows (filtered, sorted) are what the file holds, in that order;
    they are picked out on the worker, not the GUI thread (100,000 took 50 ms there), and
    the collector waits while the cells are made (a full collection walked every case the
    window holds: a stall of half a second)."""
    model = CaseTableModel()
    model.set_rows(prepare_rows(rows()))
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_filter("AP-2026-001")  # 10 to 19 of the 40
    export.window.model = model  # type: ignore[attr-defined]
    seen: dict[str, Any] = {}
    real = ui_exports.export_case_list_csv

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen["thread"] = threading.current_thread()
        seen["collecting"] = gc.isenabled()
        return real(*args, **kwargs)

    monkeypatch.setattr(ui_exports, "export_case_list_csv", recording)
    out = tmp_path / "cases.csv"
    export.export_to(out)
    qtbot.waitUntil(lambda: getattr(export.window, "export_message", None) is not None,
                    timeout=10_000)
    assert seen["thread"] is not threading.main_thread()
    assert seen["collecting"] is False
    assert gc.isenabled()  # and collecting again after
    references = [line.split(",")[0] for line in
                  out.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert references == [f"AP-2026-{n:04d}" for n in range(19, 9, -1)]
    export.window.export_message.close()  # type: ignore[attr-defined]
