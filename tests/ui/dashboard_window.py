"""The deadlines dashboard as the layout tests open it: at a size, with its own settings
file, shown once its deadlines are read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from approvals.ui.dashboard import DeadlinesDashboard
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
