"""The data folder moved away while the window is open: the next session check says so in
a message (every save is refused from then on), once; after the folder is back and gone
again, once more. Before, the window went on as if all were well until a save failed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.alone_support import signed_in_alone
from tests.ui.conftest import settle

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def window(qtbot, runner: TaskRunner, db: Database, data_dir: DataDir) -> Iterator[MainWindow]:
    yield from signed_in_alone(qtbot, runner, db, data_dir)


def _boxes(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox, "errorDialog")
            if "moved or deleted while it was open" in b.informativeText()]


def test_a_moved_data_folder_is_said_at_the_next_check_once(
        qtbot, window: MainWindow, runner: TaskRunner, data_dir: DataDir,
        tmp_path: Path) -> None:
    features: ui_auth.UserFeatures = window.user_features  # type: ignore[attr-defined]
    settle(qtbot, runner)
    features.check_session()
    settle(qtbot, runner)
    assert _boxes(window) == []  # all is well: nothing said

    moved = tmp_path / "moved away"
    data_dir.root.rename(moved)
    try:
        features.check_session()
        qtbot.waitUntil(lambda: len(_boxes(window)) == 1, timeout=10_000)
        assert _boxes(window)[0].text() == "Nothing can be saved now"
        features.check_session()  # said once, not at every check
        settle(qtbot, runner)
        assert len(_boxes(window)) == 1
    finally:
        moved.rename(data_dir.root)
    features.check_session()
    settle(qtbot, runner)
    data_dir.root.rename(moved)  # gone again after it was back: said again
    try:
        features.check_session()
        qtbot.waitUntil(lambda: len(_boxes(window)) == 2, timeout=10_000)
    finally:
        for box in _boxes(window):
            box.close()
        moved.rename(data_dir.root)
