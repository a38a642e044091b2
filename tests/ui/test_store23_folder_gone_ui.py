"""The data folder moved away while the app is open: a save is refused in a message box that
names the folder on a line of its own (no "Unexpected error", no traceback), and nothing
reaches the moved database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.paths import DB_FILE, DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.path_field import PathField
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.conftest import settle


def _cases(database: Path) -> int:
    conn = sqlite3.connect(database)
    try:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        conn.close()


def test_a_save_after_the_data_folder_moved_is_a_message_naming_it(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        tmp_path: Path) -> None:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    settle(qtbot, runner)
    moved = tmp_path / "moved away"
    data_dir.root.rename(moved)
    try:
        window.import_facts_file(EXAMPLES_DIR / "frontier-lab.json")
        qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None,
                        timeout=20_000)
        settle(qtbot, runner)
        box = window.findChild(QMessageBox, "errorDialog")
        assert box.text() == "Could not import facts"
        said = f"{box.informativeText()}\n{box.detailedText()}"
        assert "the data folder was moved or deleted while it was open; nothing was saved" \
            in said, said
        assert "Traceback" not in said
        assert window.findChild(QMessageBox, "unexpectedErrorDialog") is None
        box.show()
        assert [f.path() for f in box.findChildren(PathField)] == [str(data_dir.root)]
        assert _cases(moved / DB_FILE) == 0
        assert not data_dir.root.exists()
    finally:
        box = window.findChild(QMessageBox, "errorDialog")
        if box is not None:
            box.close()
        moved.rename(data_dir.root)
