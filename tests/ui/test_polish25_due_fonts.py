"""The dashboard's Due column at 200 % (683×354 logical pixels) is measured in the font each
row is drawn in: an overdue date, drawn bold, is whole; the demo's estimated date, not
overdue nor due soon and so drawn plain, is not given the room it would take in bold (12 px
that go to Target)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from approvals.services.cases import ESTIMATED
from approvals.store.db import Database
from approvals.ui.dashboard import (
    BOLD_MARKS,
    CELL_MARGIN,
    DUE,
    prepare_dashboard,
    short_estimate,
)
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import SMALL, open_at

TODAY = date(2026, 12, 3)


def test_due_is_measured_in_each_rows_font(qtbot, runner: TaskRunner, demo: Database,
                                           tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    # The demo's deadlines as read on a fixed day: 2026-11-09 overdue, 2027-04-14 months off.
    dashboard._show(prepare_dashboard(dashboard._prepared.data, TODAY))
    tree = dashboard.tree
    model = tree.model()
    plain = tree.fontMetrics()
    bold_font = QFont(tree.font())
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    room = tree.header().sectionSize(DUE) - 2 * tree.indentation() - CELL_MARGIN
    marked = [(t[DUE], mark) for g in model.prepared.groups
              for t, mark in zip(g.texts, g.marks, strict=True)]
    overdue = [text for text, mark in marked if mark in BOLD_MARKS and text[:1].isdigit()]
    estimated = [text for text, mark in marked if text.endswith(ESTIMATED)]
    assert overdue and estimated  # the demo's overdue and estimated dates
    assert all(mark not in BOLD_MARKS for text, mark in marked if text in estimated)
    # The bold date is whole.
    assert max(bold.horizontalAdvance(t) for t in overdue) <= room
    # The estimated date fits as drawn, plain ("(est.)" at 200 %), with no bold room kept.
    widest = max(plain.horizontalAdvance(short_estimate(t)) for t in estimated)
    assert widest <= room < max(bold.horizontalAdvance(short_estimate(t)) for t in estimated)
    # And it is drawn plain, as it was measured.
    for g in range(model.rowCount()):
        heading = model.index(g, 0)
        for r in range(model.rowCount(heading)):
            cell = model.index(r, DUE, heading)
            font = cell.data(Qt.ItemDataRole.FontRole)
            if str(cell.data()).endswith(ESTIMATED):
                assert font is None or not font.bold()
            elif str(cell.data()) in overdue:
                assert font is not None and font.bold()
    runner.wait_for_done()
