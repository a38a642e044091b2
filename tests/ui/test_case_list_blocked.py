"""The case list shows a deal that cannot be completed: a track refused by its authority
(here a technology export) beside the least advanced open track, in the Status cell, its
tooltip, the text filter and the Status filter's "Blocked" item."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack
from approvals.ui.case_list import COLUMNS, STATUS_COLUMN
from approvals.ui.main_window import MainWindow
from approvals.ui.widgets import overdue_colour
from approvals.ui.workers import TaskRunner

TODAY = date(2026, 12, 16)


def _case(db: Database, admin: Actor, *tracks: tuple[str, str]) -> str:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=admin, today=TODAY,
                           status="draft")
        s.add_all([FilingTrack(case_id=case.id, regime=kind, kind=kind, state=state,
                               outcome="approval_required") for kind, state in tracks])
        stored = s.get(Case, case.id)
        assert stored is not None
        stored.status = "open"  # an open case with just these tracks
        return case.reference


def test_a_refused_export_is_visible_in_the_list(qtbot, db: Database, data_dir: DataDir,
                                                  admin: Actor) -> None:
    refused = _case(db, admin, ("CN-TECH-EXPORT", "prohibited"),
                    ("CN-DATA-EXPORT", "assessment"))
    running = _case(db, admin, ("CN-DATA-EXPORT", "assessment"))
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    model = window.model
    qtbot.waitUntil(lambda: window.runner.idle and model.total == 2, timeout=10_000)
    assert COLUMNS[STATUS_COLUMN].title == "Status"
    cells = {model.row_at(r).reference: (
        model.data(model.index(r, STATUS_COLUMN)),
        model.data(model.index(r, STATUS_COLUMN), Qt.ItemDataRole.ToolTipRole))
        for r in range(model.rowCount())}
    # On hover the case's own status first, as the case window's header says it.
    assert cells[running] == ("Assessment", "Open; least advanced: Assessment")
    # Red and bold as an overdue deadline is, only where completion is blocked.
    styled = {model.row_at(r).reference: (
        model.data(model.index(r, STATUS_COLUMN), Qt.ItemDataRole.ForegroundRole),
        model.data(model.index(r, STATUS_COLUMN), Qt.ItemDataRole.FontRole))
        for r in range(model.rowCount())}
    assert styled[running] == (None, None)
    assert styled[refused][0].color() == overdue_colour() and styled[refused][1].bold()
    text, tip = cells[refused]
    assert text == "Assessment (blocked: Export refused)"
    assert tip.splitlines() == ["Open; least advanced: Assessment (blocked: Export refused)",
                                "Least advanced open track: Assessment",
                                "Blocks completion of the case:",
                                "  CN-TECH-EXPORT: Export refused"]
    assert "blocked" in model.headerData(STATUS_COLUMN, Qt.Orientation.Horizontal,
                                         Qt.ItemDataRole.ToolTipRole)
    # The Status filter picks the blocked cases; typing the refusal finds them too.
    combo = window.status_filter
    combo.setCurrentIndex(combo.findData("blocked"))
    assert combo.currentText() == "Blocked: refused, prohibited, facts missing"
    assert [model.row_at(r).reference for r in range(model.rowCount())] == [refused]
    combo.setCurrentIndex(0)
    window.filter_edit.setText("export refused")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5_000)
    assert model.row_at(0).reference == refused
    window.runner.wait_for_done()


def test_a_negative_list_prohibition_blocks_the_case_in_the_list_and_the_header(
        qtbot, db: Database, data_dir: DataDir, admin: Actor) -> None:
    """No filing track carries the negative list's prohibition, nor a regime the screening
    could not decide; the case still cannot be completed, and both places say so."""
    from tests.ui.case_window import open_view

    with db.session() as s:
        news = create_case(s, facts=parse_facts(demo_facts()[6]), actor=admin,
                           today=TODAY).reference
    running = _case(db, admin, ("CN-DATA-EXPORT", "assessment"))
    runner = TaskRunner(db)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    model = window.model
    qtbot.waitUntil(lambda: window.runner.idle and model.total == 2, timeout=10_000)
    row = next(r for r in range(model.rowCount()) if model.row_at(r).reference == news)
    # Facts missing beside a prohibition: said on hover, not in the cell.
    said = "Open (blocked: prohibited by screening)"
    assert model.data(model.index(row, STATUS_COLUMN)) == said
    assert model.data(model.index(row, STATUS_COLUMN),
                      Qt.ItemDataRole.ToolTipRole).splitlines() == [
        said, "Blocks completion of the case:",
        "  CN-NEGATIVE-LIST: prohibited by screening", "  CN-TECH-EXPORT: facts missing"]
    combo = window.status_filter
    combo.setCurrentIndex(combo.findData("blocked"))
    assert [model.row_at(r).reference for r in range(model.rowCount())] == [news]
    assert running not in [model.row_at(r).reference for r in range(model.rowCount())]
    view = open_view(qtbot, runner, admin, data_dir, news)
    assert f" · {said} · owner " in view.header.text().replace("\u00a0", " ")
    assert not view.complete_button.isEnabled()
    assert "CN-NEGATIVE-LIST" in view.complete_button.toolTip()
    view.close()
    window.runner.wait_for_done()
