"""Starting the app on a hostile data folder: a message that names the folder or file
instead of a traceback or a database error at the sign-in; an unwritable log does not
stop the app, and it is said once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals import logging_setup
from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui import application
from approvals.ui.auth import SignedIn
from approvals.ui.main_window import MainWindow
from tests.logging_support import app_log_undone


@pytest.fixture
def boxes() -> Iterator[list[QMessageBox]]:
    """The blocking start-up messages, recorded instead of shown."""
    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        return 0

    with mock.patch.object(QMessageBox, "exec", fake_exec):
        yield shown


@pytest.fixture
def clean_logging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with app_log_undone(monkeypatch):
        monkeypatch.setattr(logging_setup, "_notice", [])
        fallback = tmp_path / "fallback"
        monkeypatch.setattr(logging_setup, "_fallbacks", lambda: [fallback])
        yield fallback


@pytest.mark.parametrize("refused", [os.W_OK, os.R_OK])
def test_a_database_this_user_may_not_write_or_read_is_named_at_start(
        qtbot, db, data_dir: DataDir, boxes: list[QMessageBox],
        monkeypatch: pytest.MonkeyPatch, refused: int) -> None:
    """It opened, and the sign-in (a save) then failed with "attempt to write a readonly
    database"; a file it may not read was "damaged"."""
    db.dispose()
    real_access = os.access
    monkeypatch.setattr(application.os, "access", lambda path, mode: False if (
        Path(path) == data_dir.database and mode & refused) else real_access(path, mode))
    signed: list[Any] = []
    monkeypatch.setattr(application, "sign_in", lambda *args: signed.append(args))
    code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 2 and signed == []
    [box] = boxes
    assert box.windowTitle() == "Approvals cannot use its data folder"
    assert box.text() == (f"{data_dir.database}: this user may not write to the database file (it "
                          "is read-only); make it writable or choose another data folder."
                          if refused == os.W_OK else
                          f"{data_dir.database}: this user may not read the database file; ask "
                          "for access to it, or choose another data folder.")


def test_a_database_lost_from_its_folder_is_not_replaced_at_start(
        qtbot, db, data_dir: DataDir, admin: Actor, boxes: list[QMessageBox],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The app made a new database and asked for a first administrator."""
    from approvals.services.cases import create_case
    from tests.unit.test_data_dir_robustness import _facts

    with db.session() as session:
        create_case(session, facts=_facts(), actor=admin)
    db.dispose()
    data_dir.database.unlink()
    monkeypatch.setattr(application, "sign_in", lambda *args: pytest.fail("signed in"))
    code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 1
    [box] = boxes
    assert box.windowTitle() == "Approvals cannot open its database"
    assert box.text().startswith(f"The database {data_dir.database} is missing, but this data "
                                 "folder held one")
    assert not data_dir.database.exists()


def test_an_unwritable_log_does_not_stop_the_app_and_is_said_once(
        qtbot, data_dir: DataDir, clean_logging: Path, boxes: list[QMessageBox],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A log that could not be opened was a traceback before the first window (and an
    unwritable logs/ refused the whole data folder)."""
    (data_dir.logs / "approvals.log").mkdir()  # refuses root too
    queue: list[Actor | None] = [Actor("pat", ("preparer",)), Actor("aaron", ("approver",)), None]
    notices: list[list[str]] = []

    def fake_sign_in(_db: Any, _runner: Any, _notice: str = "") -> SignedIn | None:
        actor = queue.pop(0)
        return SignedIn(actor) if actor else None

    def fake_exec(_app: Any = None) -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        notices.append([b.text() for b in window.findChildren(QMessageBox, "logNotice")])
        window.user_features.sign_out_action.trigger()
        return 0

    monkeypatch.setattr(application, "sign_in", fake_sign_in)
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(application, "start_auto_backup", lambda *args, **kwargs: None)
    code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 0 and boxes == []  # nothing blocked the start
    used = clean_logging / "approvals.log"
    said = (f"The log cannot be written in {data_dir.logs} (Is a directory); it is written to "
            f"{used} instead.")
    assert notices == [[said], []]  # the first window says it; the next user's does not
    assert f"with data folder {data_dir.root}" in used.read_text(encoding="utf-8")


def test_a_data_folder_name_the_file_system_refuses_is_a_message(
        qtbot, tmp_path: Path, boxes: list[QMessageBox]) -> None:
    """A folder name longer than the file system allows was a traceback (OSError: File
    name too long) before any window."""
    folder = tmp_path / ("x" * 300)
    code = application.run_gui(["--data-dir", str(folder)])
    assert code == 2
    [box] = boxes
    assert box.windowTitle() == "Approvals cannot use its data folder"
    assert box.text() == f"{folder}: cannot create the folder (File name too long)"
    assert not folder.parent.joinpath("x" * 255).exists()


def test_an_unexpected_database_error_is_shown_in_one_line(qtbot) -> None:
    """The message of an unexpected database error carried SQLAlchemy's statement and web
    link; they stay in the copyable details."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from approvals.ui.errors import show_error, show_unexpected, user_message

    exc = OperationalError("UPDATE cases SET status=?", ("x",),
                           sqlite3.OperationalError("disk I/O error"), hide_parameters=True)
    assert user_message(exc) == "Something went wrong: OperationalError: disk I/O error"
    box = show_error(None, "The case could not be saved", exc)
    qtbot.addWidget(box)
    assert box.informativeText().startswith("Something went wrong: OperationalError: disk I/O "
                                            "error\n\nThe details were written to the log.")
    unexpected = show_unexpected(None, exc, "Traceback …\n" + str(exc))
    qtbot.addWidget(unexpected)
    # (then the log's path, where the app writes one)
    assert unexpected.informativeText().split("\n\n")[0] == "OperationalError: disk I/O error"
    assert "UPDATE cases" in unexpected.detailedText()


@pytest.mark.parametrize("state", ["newer", "cut short", "not sqlite"])
def test_a_database_the_app_cannot_use_is_refused_at_start_and_left_as_it_was(
        qtbot, db, data_dir: DataDir, boxes: list[QMessageBox], state: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    db.dispose()
    path = data_dir.database
    if state == "newer":
        conn = sqlite3.connect(path)
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
        conn.commit()
        conn.close()
    elif state == "cut short":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_text("not a database at all")
    before = path.read_bytes()
    monkeypatch.setattr(application, "sign_in", lambda *args: pytest.fail("signed in"))
    code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 1
    [box] = boxes
    assert box.windowTitle() == "Approvals cannot open its database"
    expected = {"newer": "was written by a newer version of Approvals (schema revision 0099",
                "cut short": "failed its integrity check",
                "not sqlite": "it is not an SQLite database file"}[state]
    assert expected in box.text()
    assert path.read_bytes() == before and list(data_dir.backups.iterdir()) == []
