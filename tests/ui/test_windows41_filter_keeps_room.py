"""In a narrow window the case filter keeps room for what is typed (a reference), the
Status and Regime lists giving way: it shrank to "Fi…" beside a Status list as wide as its
longest choice."""

from __future__ import annotations

from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root


def test_the_filter_keeps_room_for_a_reference(qtbot, runner: TaskRunner, db: Database,
                                               data_dir) -> None:
    from approvals.ui.main_window import MainWindow

    make_root(db)
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    window.show()
    window.resize(200, 400)  # as narrow as it goes
    qtbot.waitUntil(lambda: window.width() < 700, timeout=5_000)
    edit = window.filter_edit
    wanted = edit.fontMetrics().horizontalAdvance("AP-2026-0001")
    qtbot.waitUntil(lambda: edit.width() >= wanted, timeout=5_000)
    assert window.status_filter.width() < window.status_filter.sizeHint().width()
    window.close()
