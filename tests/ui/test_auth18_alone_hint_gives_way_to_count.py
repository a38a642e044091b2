"""The only-user hint after sign-in is a status-bar message, which hides the case count
beside it ("3 of 14 cases shown"). Once the officer filters the list, the count is what
they need: the hint goes for good and the count shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.alone_support import signed_in_alone

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def window(qtbot, runner: TaskRunner, db: Database, data_dir: DataDir) -> Iterator[MainWindow]:
    yield from signed_in_alone(qtbot, runner, db, data_dir, demo_cases=3)


@pytest.mark.parametrize("how", ["type", "status"])
def test_filtering_takes_the_hint_away_and_shows_the_count(
        qtbot, window: MainWindow, how: str) -> None:
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage() == ui_auth.ALONE_HINT, timeout=10_000)
    features: ui_auth.UserFeatures = window.user_features  # type: ignore[attr-defined]
    assert not window.count_label.isVisible()  # the message covers it
    # The officer filters a list that is there (under load the list may still be loading).
    qtbot.waitUntil(lambda: window.runner.idle and window.model.total == 3, timeout=10_000)

    if how == "type":
        qtbot.keyClicks(window.filter_edit, "AP-2026")
    else:
        window.status_filter.setCurrentIndex(1)
    qtbot.waitUntil(lambda: bar.currentMessage() == "" and window.count_label.isVisible(),
                    timeout=10_000)
    assert not features.alone_hint.pending()
    assert "case" in window.count_label.text()
    window.filter_edit.clear()  # nothing brings it back
    QApplication.processEvents()
    QApplication.processEvents()
    assert bar.currentMessage() == ""
