"""The deadlines dashboard as the layout tests open it: at a size, with its own settings
file, shown once its deadlines are read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSettings
from PySide6.QtWidgets import QApplication

from approvals.ui.dashboard import DashboardData, DeadlinesDashboard, prepare_dashboard
from approvals.ui.workers import TaskRunner

SMALL = (683, 354)  # 1366×768 at QT_SCALE_FACTOR=2, less the title bar
NORMAL = (1340, 700)  # the dashboard's own size at 100 %


def open_at(qtbot, runner: TaskRunner, tmp_path: Path, size: tuple[int, int],
            settings: QSettings | None = None) -> DeadlinesDashboard:
    if settings is None:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dashboard = DeadlinesDashboard(runner, settings=settings)
    qtbot.addWidget(dashboard)
    dashboard.resize(*size)
    with qtbot.waitSignal(dashboard.loaded, timeout=20_000):
        dashboard.show()
        dashboard.reload()
    QApplication.processEvents()
    return dashboard


def open_deep(dashboard: DeadlinesDashboard, depth: int) -> tuple[Any, Any, int, int]:
    """6,000 generated cases shown, the longest group expanded and given rows down to
    `depth`, and its row at `depth` current, as scrolling there and clicking leaves it:
    (tree, model, the group's row, the current row's prepared index)."""
    from tests.ui.test_dashboard_scale import TODAY, generated

    dashboard._show(prepare_dashboard(DashboardData(generated(6_000), []), TODAY))
    tree = dashboard.tree
    model = tree.model()
    g = max(range(model.rowCount()), key=lambda k: len(model.visible[k]))
    tree.expand(model.index(g, 0))
    model.give_up_to(g, depth)  # as scrolling down there gives them
    row = model.index(depth, 0, model.index(g, 0))
    tree.selectionModel().setCurrentIndex(
        row, QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    return tree, model, g, model.source(row)[1]
