"""The unexpected-error box and the start-up boxes put each path on a line of its own.

The unexpected-error box had no Alt key on Show Details... and did not say where the log
is; the start-up failure box wrapped the log's and the backup copy's paths mid-name at
their hyphens, and the data folder problem wrapped two paths inside one sentence."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QTextEdit

from approvals import logging_setup
from approvals.domain.errors import InputError
from approvals.paths import DataDir, missing_parent_problem
from approvals.store.migrate import MigrationFailed
from approvals.ui import application, errors
from approvals.ui.path_field import PathField, lift_paths
from tests.logging_support import app_log_undone
from tests.ui.ux_checks import mnemonic_clashes

LONG = ("Compliance-Department-Shared-Workspace/Outbound-Investment-Approvals-2026/"
        "Project-Nightingale-Series-B-Financing/approvals-data-folder-for-the-review-team")


def _scaled(box: QMessageBox, scale: int) -> None:
    if scale != 1:  # the letters' size at 200 %, as QT_SCALE_FACTOR=2 draws them
        font = box.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        box.setFont(font)


def _settle(qtbot: Any, box: QMessageBox) -> None:
    """Shown, active (its Alt keys answer) and laid out."""
    box.show()
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=5_000)
    QApplication.processEvents()


def _shown_words(box: QMessageBox) -> str:
    """The text a reader sees: the visible labels (not the hidden whole-text ones)."""
    shown = [label for label in box.findChildren(QLabel) if label.isVisible() and label.text()]
    shown.sort(key=lambda label: label.mapTo(box, label.rect().topLeft()).y())
    return "\n".join(label.text() for label in shown)


def _fields(box: QMessageBox) -> list[PathField]:
    return [f for f in box.findChildren(PathField) if f.isVisible()]


def _fits(box: QMessageBox, field: PathField) -> None:
    shown = field.text()
    assert field.fontMetrics().horizontalAdvance(shown) <= field.width()
    assert box.rect().contains(field.geometry().translated(field.parentWidget().pos())
                               if field.parentWidget() is not box else field.geometry())
    if "…" in shown:  # cut in the middle: its start and its end in sight
        start, end = shown.split("…")
        assert field.path().startswith(start) and field.path().endswith(end)


@pytest.fixture
def log_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's log configured in a long data folder (removed afterwards)."""
    with app_log_undone(monkeypatch):
        written = logging_setup.configure_logging(tmp_path / LONG / "logs")
        assert written is not None
        yield written


def _unexpected(qtbot: Any, scale: int = 1) -> QMessageBox:
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        box = errors.show_unexpected(None, exc, "Traceback (most recent call last):\n"
                                                "  File x\nRuntimeError: boom")
    qtbot.addWidget(box)
    _scaled(box, scale)
    _settle(qtbot, box)
    return box


def _details_button(box: QMessageBox) -> QPushButton:
    button = next(b for b in box.buttons() if "Details" in b.text())
    assert isinstance(button, QPushButton)
    return button


@pytest.mark.parametrize("scale", [1, 2])
def test_the_unexpected_error_box_names_its_log_on_a_line_of_its_own(
        qtbot: Any, log_in: Path, scale: int) -> None:
    box = _unexpected(qtbot, scale)
    fields = _fields(box)
    assert [f.path() for f in fields] == [str(log_in)]
    _fits(box, fields[0])
    assert fields[0].toolTip() == str(log_in)
    words = _shown_words(box)
    assert "RuntimeError: boom" in words and "The details were written to the log" in words
    assert str(log_in) not in words and "Compliance-" not in words
    # The traceback only under the details, the app's windows untouched.
    assert "Traceback" not in words and "Traceback" not in box.informativeText()
    details = box.findChild(QTextEdit)
    assert details is not None and not details.isVisible()
    assert "Traceback" in box.detailedText()
    assert QApplication.focusWidget() is not fields[0]  # Enter still closes the box


def test_show_details_answers_alt_d_shown_and_hidden(qtbot: Any, log_in: Path) -> None:
    box = _unexpected(qtbot)
    button = _details_button(box)
    assert button.text() == "Show &Details..."
    assert mnemonic_clashes(box) == []
    details = box.findChild(QTextEdit)
    qtbot.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_D,
                  Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(details.isVisible, timeout=2_000)
    assert button.text() == "Hide &Details..."  # Qt's own re-labelling keeps the key
    qtbot.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_D,
                  Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not details.isVisible(), timeout=2_000)
    assert button.text() == "Show &Details..."


def test_without_a_log_the_box_says_the_error_only(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(errors, "log_file", lambda: None)
    box = _unexpected(qtbot)
    assert box.informativeText() == "RuntimeError: boom"
    assert _fields(box) == []


def test_an_error_shown_without_details_gets_its_traceback_and_is_logged(
        qtbot: Any, log_in: Path) -> None:
    try:
        raise ValueError("disk on fire")
    except ValueError as exc:
        box = errors.show_unexpected(None, exc, "")  # as case_lifecycle shows its failures
    qtbot.addWidget(box)
    assert "Traceback" in box.detailedText() and "disk on fire" in box.detailedText()
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "disk on fire" in log_in.read_text(encoding="utf-8")


@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize("named", [True, False])
def test_the_startup_failure_puts_the_backup_and_the_log_on_lines_of_their_own(
        qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scale: int,
        named: bool) -> None:
    monkeypatch.setattr(logging_setup, "_configured", {})
    data_dir = DataDir(tmp_path / LONG)
    backup = data_dir.backups / "approvals-before-0010-2026-12-02T07-55-00.db"
    said = (f"The database could not be upgraded from revision 0009 (duplicate column). It "
            f"was left as it was; a copy is in {backup}." if named
            else "The upgrade of the database failed: disk I/O error.")
    box = application.startup_failure_box(MigrationFailed(said, backup), data_dir)
    qtbot.addWidget(box)
    _scaled(box, scale)
    _settle(qtbot, box)
    log = (data_dir.logs / "approvals.log").resolve()
    assert [f.path() for f in _fields(box)] == [str(backup), str(log)]
    for field in _fields(box):
        _fits(box, field)
    words = _shown_words(box)
    assert "Compliance-" not in words and str(tmp_path) not in words
    assert "The log, for whoever looks into this:" in words
    assert ("go back to that copy" if named else "go back to this copy") in words
    # The box's own texts still say all of it (the backup named once).
    assert (box.text() + box.informativeText()).count(str(backup)) == 1


@pytest.mark.parametrize("scale", [1, 2])
def test_a_mistyped_long_data_folder_names_both_paths_on_lines_of_their_own(
        qtbot: Any, tmp_path: Path, scale: int) -> None:
    data_dir = DataDir(tmp_path / LONG.replace("Department", "Departmnet"))
    problem = missing_parent_problem(data_dir, "--data-dir")
    assert problem is not None
    box = application.data_folder_problem_box(InputError(problem), data_dir)
    qtbot.addWidget(box)
    _scaled(box, scale)
    _settle(qtbot, box)
    missing = tmp_path / "Compliance-Departmnet-Shared-Workspace"
    assert [f.path() for f in _fields(box)] == [str(data_dir.root), str(missing)]
    for field in _fields(box):
        _fits(box, field)
    words = _shown_words(box)
    assert str(tmp_path) not in words and "Departmnet" not in words
    assert words.startswith("The data folder named with --data-dir does not exist:\n"
                            "nor does the folder it would be made in:\n"
                            "Check the name (or whether its drive is mounted); to start a "
                            "new data folder there, create the folder first.")
    assert "Start the app again once that is put right" in words


def test_a_data_folder_that_is_a_file_is_named_above_its_reason(
        qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / LONG
    folder.parent.mkdir(parents=True)
    folder.write_text("")
    with pytest.raises(InputError) as raised:
        DataDir(folder).ensure()
    box = application.data_folder_problem_box(raised.value, DataDir(folder))
    qtbot.addWidget(box)
    _settle(qtbot, box)
    assert [f.path() for f in _fields(box)] == [str(folder)]
    words = _shown_words(box)
    assert words.startswith("is a file, not a folder; choose another data folder.")
    assert box.text() == f"{folder}: is a file, not a folder; choose another data folder."


def test_a_path_is_lifted_only_where_it_ends() -> None:
    text = "Data /srv/data-2 and /srv/data/approvals.db; copy in '/srv/data'. Done."
    assert lift_paths(text, ["/srv/data", "/srv/data/approvals.db"]) == [
        ("Data /srv/data-2 and", False), ("/srv/data/approvals.db", True),
        ("copy in", False), ("/srv/data", True), ("Done.", False)]


def test_a_path_closing_a_bracket_leaves_no_bracket_on_a_line_alone() -> None:
    text = "Restore a backup (the automatic ones are in /srv/data/backups), or choose another."
    assert lift_paths(text, ["/srv/data/backups"]) == [
        ("Restore a backup — the automatic ones are in", False), ("/srv/data/backups", True),
        ("or choose another.", False)]
