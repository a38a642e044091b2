"""The app shell on a temporary data folder."""

from __future__ import annotations

from unittest import mock

import pytest
from PySide6.QtCore import QByteArray, QSettings

from approvals import __version__
from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template


@pytest.fixture
def make_window(qtbot, db: Database, data_dir: DataDir, admin: Actor):
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        runner = TaskRunner(db)
        window = MainWindow(runner, data_dir, admin)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.runner.wait_for_done()


def _loaded(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.runner.idle and window.count_label.text() != "", timeout=10_000)


def test_lists_the_demo_cases(folder_templates: FolderTemplates, qtbot, make_window, db: Database, admin: Actor) -> None:
    load_demo_from_template(folder_templates, db, admin)
    window = make_window()
    _loaded(qtbot, window)
    assert window.stack.currentIndex() == 0
    assert window.model.rowCount() >= 12
    targets = {window.model.row_at(r).target for r in range(window.model.rowCount())}
    assert "Zhiyuan Frontier Intelligence Co., Ltd." in targets


def test_empty_state_then_load_demo_from_it(qtbot, make_window) -> None:
    window = make_window()
    _loaded(qtbot, window)
    assert window.stack.currentIndex() == 1
    with qtbot.waitSignal(window.cases_loaded, timeout=20_000, check_params_cb=lambda n: n > 0):
        window.demo_button.click()
    assert window.stack.currentIndex() == 0
    assert window.model.rowCount() >= 12


def test_filter_narrows_the_list(folder_templates: FolderTemplates, qtbot, make_window, db: Database, admin: Actor) -> None:
    load_demo_from_template(folder_templates, db, admin)
    window = make_window()
    _loaded(qtbot, window)
    qtbot.keyClicks(window.filter_edit, "kowloon")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=2_000)
    assert window.model.row_at(0).target.startswith("Kowloon")
    assert "1 of" in window.count_label.text()


def test_about_shows_version_and_data_folder(qtbot, make_window, data_dir: DataDir) -> None:
    window = make_window()
    box = window.show_about()
    assert __version__ in box.text() and str(data_dir.root) in box.text()
    box.close()


def test_geometry_is_remembered(qtbot, make_window, data_dir: DataDir) -> None:
    window = make_window()
    window.resize(640, 480)
    window.close()
    settings = QSettings(str(data_dir.root / "settings.ini"), QSettings.Format.IniFormat)
    assert isinstance(settings.value("main_window/geometry"), QByteArray)
    again = make_window()
    assert again.size() == window.size()


def test_geometry_and_remembered_folders_share_the_data_folders_settings(
        qtbot, make_window, data_dir: DataDir, tmp_path) -> None:
    """One settings.ini per data folder (ui.files.settings_for): the window saving its
    geometry keeps a folder a file dialog remembered meanwhile, and the other way round."""
    from approvals.ui.files import BACKUPS, remember_folder, remembered_folder, settings_for

    window = make_window()
    assert window.settings.fileName() == settings_for(data_dir).fileName() \
        == str(data_dir.root / "settings.ini")
    drive = tmp_path / "drive"
    drive.mkdir()
    remember_folder(data_dir, BACKUPS, drive / "monday.zip")
    window.close()
    assert remembered_folder(data_dir, BACKUPS) == drive
    assert isinstance(settings_for(data_dir).value("main_window/geometry"), QByteArray)


def test_uncaught_exception_is_shown_and_app_keeps_running(qtbot, make_window) -> None:
    from approvals.ui import errors

    window = make_window()
    shown = []
    with mock.patch.object(errors, "show_unexpected", side_effect=lambda *a: shown.append(a)):
        errors.install_exception_hook()
        import sys

        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown and "boom" in str(shown[0][1]) and "RuntimeError" in shown[0][2]
    assert window.isEnabled()


def test_an_error_with_no_active_window_is_still_shown_over_the_main_window(
        qtbot, make_window, monkeypatch) -> None:
    """Another program has the focus (no window of the app is active): the box was made
    with no parent and nothing kept it, so Python freed it at once and nothing showed."""
    import gc
    import sys

    from PySide6.QtWidgets import QApplication, QMessageBox

    from approvals.ui import errors

    window = make_window()
    window.show()
    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: None))
    previous = sys.excepthook
    errors.install_exception_hook()
    try:
        try:
            raise RuntimeError("boom while unfocused")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    gc.collect()
    boxes = [b for b in window.findChildren(QMessageBox, "unexpectedErrorDialog")]
    assert len(boxes) == 1 and boxes[0].isVisible()
    assert "boom while unfocused" in boxes[0].informativeText()
    boxes[0].done(0)
    # With no window at all, the box is kept until it is closed.
    unowned = errors.show_unexpected(None, RuntimeError("no window"), "details")
    gc.collect()
    assert unowned in errors._UNOWNED and unowned.isVisible()
    unowned.done(0)
    # Let go of once its signal has returned (not inside it: that deleted the box while
    # Qt was still in it), then freed here, on the GUI thread.
    which = id(unowned)
    qtbot.waitUntil(lambda: all(id(b) != which for b in errors._UNOWNED), timeout=5_000)
    del unowned
    gc.collect()


def test_background_failure_is_reported_not_raised(qtbot, make_window) -> None:
    window = make_window()
    errors_seen = []

    def fail(_session):
        raise ValueError("disk on fire")

    window.runner.read(fail, on_error=errors_seen.append)
    qtbot.waitUntil(lambda: bool(errors_seen), timeout=5_000)
    assert isinstance(errors_seen[0], ValueError)


def test_working_shows_only_for_work_that_lasts(qtbot, make_window) -> None:
    """A quick read (the session check runs every few seconds) must not flash 'Working…';
    work that lasts longer than the delay says so until it ends."""
    import threading

    window = make_window()
    _loaded(qtbot, window)
    window.runner.read(lambda _session: None)
    assert window.busy_label.text() == "" and window.busy_delay.isActive()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    assert window.busy_label.text() == ""
    assert not window.busy_delay.isActive()

    release = threading.Event()
    window.runner.read(lambda _session: release.wait(10))
    qtbot.waitUntil(lambda: window.busy_label.text() == "Working…", timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: window.busy_label.text() == "", timeout=10_000)
