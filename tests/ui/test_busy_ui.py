"""The app when another window or command holds the database's write lock beyond the
busy timeout: the work is refused with one plain message (no "unexpected error" with a
traceback), nothing is written, the window stays usable, and an output file the officer
chose keeps its earlier content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from approvals.domain.errors import DatabaseBusy
from approvals.paths import DataDir
from approvals.store import db as db_module
from approvals.store.audit import Actor
from approvals.store.db import BUSY_MESSAGE, Database
from approvals.ui.exports import install_export_features
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template, new_database
from tests.locking_support import write_lock_held

OLD = b"last week's case list\r\n"


@pytest.fixture
def db(data_dir: DataDir, admin: Actor, monkeypatch: pytest.MonkeyPatch,
       folder_templates: FolderTemplates) -> Iterator[Database]:
    """The demo data, on a database that waits 0.2 s for a lock rather than 10 s; the
    `runner` fixture runs on it. Migrated and loaded from the session's copies (as the
    shared `db` and `demo` fixtures are)."""
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    database = new_database(data_dir)
    load_demo_from_template(folder_templates, database, admin)
    yield database
    database.dispose()


def choose_existing(dialog: QFileDialog, path: Path) -> None:
    """Pick an existing file in the save dialog; the officer answers its "Replace?" with
    yes (Qt asks in a nested modal box, which a test cannot click)."""
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)
    dialog.selectFile(str(path))
    dialog.accept()


def error_box(window: MainWindow) -> QMessageBox | None:
    box = window.findChild(QMessageBox, "errorDialog")
    return box if box is not None and box.isVisible() else None


def test_a_csv_export_on_a_busy_database_says_so_and_keeps_the_earlier_file(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor, tmp_path: Path) -> None:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    install_export_features(window, runner, admin)
    qtbot.waitUntil(lambda: runner.idle and window.count_label.text() != "", timeout=10_000)
    out = tmp_path / "cases.csv"
    out.write_bytes(OLD)
    action = next(a for a in window.file_menu.actions()
                  if a.objectName() == "exportCaseListAction")
    with write_lock_held(data_dir.database):
        action.trigger()
        choose_existing(window.file_dialog, out)
        qtbot.waitUntil(lambda: error_box(window) is not None, timeout=10_000)
    box = error_box(window)
    assert box is not None
    assert box.text() == "The case list could not be exported"
    assert box.informativeText() == BUSY_MESSAGE
    assert box.detailedText() == ""  # an expected condition: no traceback to copy
    assert window.findChild(QMessageBox, "unexpectedErrorDialog") is None
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.csv", "data"]
    box.close()
    # The lock gone, the same export goes through and replaces the file.
    action.trigger()
    choose_existing(window.file_dialog, out)
    qtbot.waitUntil(lambda: getattr(window, "export_message", None) is not None, timeout=10_000)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfReference,")
    window.export_message.close()


def test_a_save_on_a_busy_database_is_a_plain_refusal(qtbot, runner: TaskRunner,
                                                      data_dir: DataDir) -> None:
    """Any write task: the worker gets DatabaseBusy, which the app shows as a message."""
    failures: list[BaseException] = []
    with write_lock_held(data_dir.database):
        runner.write(lambda s: s.connection().exec_driver_sql("UPDATE cases SET owner = owner"),
                           on_error=failures.append)
        qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    assert isinstance(failures[0], DatabaseBusy) and str(failures[0]) == BUSY_MESSAGE
