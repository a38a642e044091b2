"""Help → Open log folder and Help → About Approvals: what support asks an officer for
(the log, the version, the data folder, the database, the rulebook in use) is one menu
item away, and a folder that cannot be shown is said, with where it is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton

from approvals import __version__, logging_setup
from approvals.paths import DataDir
from approvals.services.rulebook import rulebook_in_use
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import help as guide_help
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner


@pytest.fixture
def window(
    qtbot: Any, db: Database, data_dir: DataDir, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    monkeypatch.setattr(logging_setup, "_configured", {})  # as a start with no log set up
    data_dir.logs.mkdir(parents=True, exist_ok=True)
    runner = TaskRunner(db)
    main = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(main)
    yield main
    runner.wait_for_done()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """The URLs handed to QDesktopServices.openUrl (none is really opened)."""
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


def _item(window: MainWindow) -> Any:
    names = [a.objectName() for a in window.help_menu.actions() if not a.isSeparator()]
    assert names.index("openLogFolderAction") == names.index("aboutAction") - 1
    return window.log_folder_action


def test_help_open_log_folder_opens_the_data_folders_logs(
    window: MainWindow, data_dir: DataDir, opened: list[QUrl]
) -> None:
    item = _item(window)
    assert item.text().replace("&", "") == "Open log folder"
    item.trigger()
    assert [Path(u.toLocalFile()) for u in opened] == [data_dir.logs.resolve()]
    assert getattr(window, "log_folder_box", None) is None  # nothing to say


def test_a_log_written_to_a_fallback_folder_is_the_one_opened(
    window: MainWindow, data_dir: DataDir, opened: list[QUrl], tmp_path: Path
) -> None:
    fallback = tmp_path / "fallback-logs"
    fallback.mkdir()
    wanted = (data_dir.logs / logging_setup.LOG_FILE).resolve()
    logging_setup._configured[wanted] = fallback / logging_setup.LOG_FILE
    window.log_folder_action.trigger()
    assert [Path(u.toLocalFile()) for u in opened] == [fallback]


def test_a_folder_no_program_shows_is_said_with_where_it_is(
    window: MainWindow, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    window.log_folder_action.trigger()
    box = window.log_folder_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.windowTitle() == "Could not open the log folder"
    assert str(data_dir.logs.resolve()) in box.informativeText()
    assert "approvals.log" in box.informativeText()
    box.close()


def test_a_missing_log_folder_is_said(
    window: MainWindow, data_dir: DataDir, opened: list[QUrl]
) -> None:
    data_dir.logs.rmdir()
    window.log_folder_action.trigger()
    box = window.log_folder_box
    assert opened == []
    assert str(data_dir.logs.resolve()) in box.text() and "not there" in box.text()
    box.close()


def test_no_log_at_all_is_said(window: MainWindow, data_dir: DataDir, opened: list[QUrl]) -> None:
    wanted = (data_dir.logs / logging_setup.LOG_FILE).resolve()
    logging_setup._configured[wanted] = None
    window.log_folder_action.trigger()
    box = window.log_folder_box
    assert opened == []
    assert box.windowTitle() == "Approvals is running without a log"
    box.close()


def test_about_gives_what_support_asks_for(
    qtbot: Any, window: MainWindow, data_dir: DataDir, opened: list[QUrl]
) -> None:
    about = window.show_about()
    assert about.isVisible()
    version = rulebook_in_use(data_dir).version
    qtbot.waitUntil(lambda: version in about.text(), timeout=10_000)
    text = about.text()
    for shown in (
        __version__,
        str(data_dir.root),
        str(data_dir.database),
        str(data_dir.logs.resolve()),
        "Shipped rulebook",
    ):
        assert shown in text, shown
    about.copy_button.click()
    copied = QGuiApplication.clipboard().text().splitlines()
    assert f"Version: Approvals {__version__}" in copied
    assert f"Database: {data_dir.database}" in copied
    assert f"Log folder: {data_dir.logs.resolve()}" in copied
    assert any(line.startswith("Rulebook in use: Shipped rulebook " + version) for line in copied)
    about.log_button.click()
    assert [Path(u.toLocalFile()) for u in opened] == [data_dir.logs.resolve()]
    assert about.isVisible()  # Open log folder leaves About open
    about.close()


def test_about_says_when_the_rulebook_in_use_cannot_be_read(
    qtbot: Any, window: MainWindow, data_dir: DataDir
) -> None:
    data_dir.rulebook.mkdir(parents=True, exist_ok=True)
    (data_dir.rulebook / "installed.json").write_text("{ not json", encoding="utf-8")
    about = guide_help.show_about(window)
    qtbot.waitUntil(lambda: "cannot be read" in about.text(), timeout=10_000)
    assert "Traceback" not in about.text()
    about.close()


def test_about_shows_every_detail_whole_when_it_wraps(
    qtbot: Any, window: MainWindow, data_dir: DataDir
) -> None:
    """On a narrow screen (a laptop at 200 %) the rows wrap; none is cut off."""
    about = window.show_about()
    version = rulebook_in_use(data_dir).version
    qtbot.waitUntil(lambda: version in about.text(), timeout=10_000)
    about.setMinimumWidth(0)
    about.label.setMinimumWidth(0)
    about.resize(300, 120)
    about._rulebook_read(about.rulebook + " " + "words that wrap " * 50)
    qtbot.waitUntil(lambda: about.layout().geometry().width() == about.width(), timeout=2_000)
    for name, label in about.values.items():
        assert label.height() >= label.heightForWidth(label.width()), name
    about.close()


def test_a_database_that_cannot_be_opened_says_where_the_log_is(
    qtbot: Any, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from approvals.store.migrate import MigrationFailed
    from approvals.ui.application import startup_failure_box

    monkeypatch.setattr(logging_setup, "_configured", {})
    backup = data_dir.backups / "approvals-before-0010.db"
    failure = MigrationFailed("The upgrade of the database failed: disk I/O error.", backup)
    box = startup_failure_box(failure, data_dir)
    qtbot.addWidget(box)
    assert box.text() == str(failure)
    said = box.informativeText()
    assert str(backup) in said  # the copy the upgrade made, as before
    assert str((data_dir.logs / "approvals.log").resolve()) in said
    assert box.findChild(QPushButton, "openBackupsButton") is not None
