"""Start-up opens the data folder off the GUI thread: the database's integrity check reads
the whole file, which for a large installation not yet in the disk cache takes long
enough that a frozen, windowless start would look like a failure."""

from __future__ import annotations

import threading
import time
from unittest import mock

from PySide6.QtWidgets import QProgressDialog

from approvals.paths import DataDir
from approvals.ui import application


def test_the_database_is_opened_off_the_gui_thread_with_a_note_when_slow(
        qtbot, data_dir: DataDir) -> None:
    real = application.open_database
    threads: list[threading.Thread] = []
    shown: list[str] = []

    def slow(folder: DataDir):  # as a large database's integrity check would be
        threads.append(threading.current_thread())
        time.sleep(0.6)
        return real(folder)

    def show(dialog: QProgressDialog) -> None:
        shown.append(dialog.labelText())

    with mock.patch.object(application, "open_database", slow), \
            mock.patch.object(QProgressDialog, "show", show), \
            mock.patch.object(application, "sign_in", lambda *args: None):
        code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 0
    assert threads and threads[0] is not threading.main_thread()
    assert shown == ["Opening the data folder and checking the database…"]
    assert data_dir.database.is_file()

