"""The start-up boxes when the data folder or its database cannot be used: a failed
upgrade names the copy it made once (its message names it; the box said it again, under
"Nothing was changed" after "It was left as it was"), and the buttons have Alt keys."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from approvals.domain.errors import InputError, Problem
from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.store.migrate import MigrationFailed
from approvals.ui import application


def _texts(box: QMessageBox) -> list[str]:
    return sorted(b.text() for b in box.buttons())


def test_a_failed_upgrade_names_its_copy_once(
        qtbot: Any, data_dir: DataDir, db: Database) -> None:
    db.dispose()
    # A database one revision behind whose upgrade fails (its columns are there already).
    with sqlite3.connect(data_dir.database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0009'")
    with pytest.raises(MigrationFailed) as raised:
        application._open_data_folder(data_dir)
    failure = raised.value
    backup = str(failure.backup)
    assert backup in str(failure)  # the upgrade's own words name the copy
    box = application.startup_failure_box(failure, data_dir)
    qtbot.addWidget(box)
    said = box.text() + "\n" + box.informativeText()
    assert said.count(backup) == 1
    assert "Nothing was changed" not in said  # "It was left as it was" says it
    assert "go back to that copy, close the app and copy it over approvals.db" in box.informativeText()
    assert "Traceback" not in said
    assert _texts(box) == ["&Close", "Open &backups folder"]


def test_a_copy_the_message_does_not_name_is_given_in_the_box(
        qtbot: Any, data_dir: DataDir) -> None:
    backup = data_dir.backups / "approvals-before-0010.db"
    failure = MigrationFailed("The upgrade of the database failed: disk I/O error.", backup)
    box = application.startup_failure_box(failure, data_dir)
    qtbot.addWidget(box)
    assert (box.text() + box.informativeText()).count(str(backup)) == 1
    assert "go back to this copy, close the app and copy it over approvals.db" in box.informativeText()
    assert box.findChild(QPushButton, "openBackupsButton").text() == "Open &backups folder"


def test_the_data_folder_problem_closes_with_alt_c(qtbot: Any, tmp_path: Any) -> None:
    box = application.data_folder_problem_box(
        InputError(Problem(str(tmp_path), "this user may not write in it")))
    qtbot.addWidget(box)
    assert _texts(box) == ["&Close"]
