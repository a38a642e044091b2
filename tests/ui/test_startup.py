"""Starting the app on a database that cannot be upgraded shows a message, not a traceback."""

from __future__ import annotations

from unittest import mock

from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.store.db import make_engine
from approvals.store.migrate import upgrade
from approvals.ui import application


def test_failed_migration_offers_the_backup(qtbot, data_dir: DataDir) -> None:
    engine = make_engine(data_dir.database)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE settings (key TEXT)")  # blocks the next revision
    engine.dispose()

    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        return 0

    with mock.patch.object(QMessageBox, "exec", fake_exec):
        code = application.run_gui(["--data-dir", str(data_dir.root)])

    assert code == 1
    assert len(shown) == 1
    box = shown[0]
    assert "could not be upgraded" in box.text()
    # The backup copy is named once (in the reason), and a button opens its folder.
    backups = str(data_dir.root / "backups")
    assert (box.text() + box.informativeText()).count(backups) == 1
    assert [b.text() for b in box.buttons() if "backups" in b.text()]


def test_unreadable_database_is_a_message_too(qtbot, data_dir: DataDir) -> None:
    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        return 0

    def broken(_data_dir):
        raise PermissionError(13, "Permission denied", str(data_dir.database))

    with mock.patch.object(QMessageBox, "exec", fake_exec), \
            mock.patch.object(application, "open_checked", broken):
        code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 1
    assert len(shown) == 1 and "Permission denied" in shown[0].text()


def test_a_data_folder_that_is_a_file_is_a_message(qtbot, tmp_path) -> None:
    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        return 0

    (tmp_path / "data").write_text("")
    with mock.patch.object(QMessageBox, "exec", fake_exec):
        code = application.run_gui(["--data-dir", str(tmp_path / "data")])
    assert code == 2
    assert len(shown) == 1
    assert shown[0].text() == f"{tmp_path / 'data'}: is a file, not a folder; choose another data folder."
    assert "--data-dir" in shown[0].informativeText()


def test_start_up_sweeps_what_a_crash_left_half_copied(qtbot, data_dir: DataDir) -> None:
    import os
    import time

    data_dir.ensure()
    leftover = data_dir.documents / ".incoming-crashed"
    leftover.write_bytes(b"half a file")
    stamp = time.time() - 2 * 24 * 3600
    os.utime(leftover, (stamp, stamp))
    with mock.patch.object(application, "sign_in", lambda *args: None):  # nobody signs in
        code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 0
    assert not leftover.exists()
