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
    real = application.open_checked
    threads: list[threading.Thread] = []
    shown: list[str] = []

    def slow(folder: DataDir):  # as a large database's integrity check would be
        threads.append(threading.current_thread())
        time.sleep(0.6)
        return real(folder)

    def show(dialog: QProgressDialog) -> None:
        shown.append(dialog.labelText())

    with mock.patch.object(application, "open_checked", slow), \
            mock.patch.object(QProgressDialog, "show", show), \
            mock.patch.object(application, "sign_in", lambda *args: None):
        code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 0
    assert threads and threads[0] is not threading.main_thread()
    assert shown == ["Opening the data folder and checking the database…"]
    assert data_dir.database.is_file()



def test_escape_does_not_hide_the_note_while_the_check_goes_on(qtbot, data_dir: DataDir) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    real = application.open_checked
    release = threading.Event()
    seen: list[bool] = []

    def slow(folder: DataDir):
        assert release.wait(10), "the test never let the check finish"
        return real(folder)

    def press_escape() -> None:
        notes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QProgressDialog) and w.isVisible()]
        if not notes:  # not shown yet: look again
            QTimer.singleShot(50, press_escape)
            return
        qtbot.keyClick(notes[0], Qt.Key.Key_Escape)
        QApplication.processEvents()
        seen.append(notes[0].isVisible())
        release.set()

    QTimer.singleShot(0, press_escape)
    with mock.patch.object(application, "open_checked", slow), \
            mock.patch.object(application, "sign_in", lambda *args: None):
        code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 0 and seen == [True]
