"""File → Back up…: a backup that found a gap in the data folder (a document recorded but
missing) says so in a box, naming the document as the case does, not only "see the log"
in the status bar; the proposed file name carries the officer's local date and time."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Document
from approvals.ui.backup import RESTORING, BackupFeatures, install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR


def _case_with_a_lost_document(
    db: Database, data_dir: DataDir, admin: Actor, tmp_path: Path
) -> str:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=facts, actor=admin).reference
    source = tmp_path / "board minutes.pdf"
    source.write_bytes(b"%PDF-1.4 the minutes")
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        attach_document(s, actor=admin, data_dir=data_dir, case_id=case_id, source=source)
    with db.read_session() as s:
        stored = s.exec(select(Document.stored_path)).one()
    (data_dir.documents / stored).unlink()  # lost behind the app's back
    return reference


def _boxes(name: str) -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()
    ]


def test_a_backup_with_a_gap_says_so_in_a_box(
    qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner, admin: Actor
) -> None:
    reference = _case_with_a_lost_document(db, data_dir, admin, tmp_path)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, admin)
    with qtbot.waitSignal(features.backed_up, timeout=20_000) as made:
        features.backup_to(tmp_path / "b.zip")
    assert made.args[0].warnings
    qtbot.waitUntil(lambda: bool(_boxes("backupWarnings")), timeout=5_000)
    [box] = _boxes("backupWarnings")
    said = f"{box.text()} {box.informativeText()}"
    assert str(tmp_path / "b.zip") in said and "1 problem" in said
    assert f"board minutes.pdf ({reference}) is recorded but missing" in said
    assert "stored as documents/" not in said  # the hash name is for Show Details…
    assert "documents/" in box.detailedText()
    assert "see the log" not in window.statusBar().currentMessage()
    box.close()


def test_a_backup_without_a_gap_shows_no_box(
    qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner, admin: Actor
) -> None:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, admin)
    with qtbot.waitSignal(features.backed_up, timeout=20_000):
        features.backup_to(tmp_path / "b.zip")
    QApplication.processEvents()
    assert not _boxes("backupWarnings")
    assert window.statusBar().currentMessage() == f"Backed up to {tmp_path / 'b.zip'}"


@pytest.fixture
def in_shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[ZoneInfo]:
    """The computer's time zone is UTC+8 (no summer time: the test holds all year)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield ZoneInfo("Asia/Shanghai")
    monkeypatch.undo()
    time.tzset()


def test_the_proposed_name_has_the_local_date_and_time(
    qtbot,
    runner: TaskRunner,
    admin: Actor,
    data_dir: DataDir,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    in_shanghai: ZoneInfo,
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    window = QMainWindow()
    qtbot.addWidget(window)
    features = BackupFeatures(window, runner, admin, data_dir)
    before = datetime.now(in_shanghai).strftime("%Y-%m-%d-%H%M")
    dialog = features.choose_backup_file()
    after = datetime.now(in_shanghai).strftime("%Y-%m-%d-%H%M")
    [name] = [Path(f).name for f in dialog.selectedFiles()]
    # Either minute, should it turn meanwhile; the UTC stamp is eight hours off either.
    assert name in (f"approvals-backup-{before}.zip", f"approvals-backup-{after}.zip"), name
    dialog.reject()


def test_who_the_restore_signs_out_and_who_may_sign_in_are_named_as_people(
    qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner
) -> None:
    from approvals.services import backup as backup_service
    from approvals.services import users

    with db.session() as s:
        users.create_first_admin(
            s, username="ada.wong", password="correct horse battery", display_name="Ada Wong"
        )
    ada = Actor("ada.wong", ("admin",), "Ada Wong")
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ada, db=db)
    li = Actor("li.wei", ("admin",), "Li Wei")  # signed in here, not a user of the backup
    window = MainWindow(runner, data_dir, li)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, li)
    box = features.confirm_restore(saved.path)
    qtbot.waitUntil(box.button(QMessageBox.StandardButton.Yes).isEnabled, timeout=10_000)
    assert (
        "Restoring signs you out: Li Wei (li.wei) is not a user of the restored data (or "
        "is deactivated there): sign in as one of its users (Ada Wong (ada.wong))."
    ) in box.informativeText()
    box.done(QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_a_restore_waits_for_the_backup_running_in_the_background(
    qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner, admin: Actor
) -> None:
    """The automatic backup (or the database check) on the background thread has the
    database open: the restore's exclusive lock called it "another program" and refused.
    The restore waits for it, saying so, and then restores."""
    import sqlite3
    import threading

    from approvals.services import backup as backup_service

    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=admin, db=db)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, admin)
    reading, release = threading.Event(), threading.Event()

    def copying(_progress: object) -> None:  # as a backup's copy holds the database open
        conn = sqlite3.connect(data_dir.database)
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM events").fetchone()
            reading.set()
            release.wait(30)
        finally:
            conn.close()

    runner.background(copying)
    assert reading.wait(10)
    restored: list[object] = []
    features.restored.connect(restored.append)
    try:
        dialog = features.restore_from(saved.path)
        qtbot.waitUntil(
            lambda: "Waiting for the backup" in dialog.panel.label.text(), timeout=10_000
        )
        assert not restored and not _boxes("errorDialog")
        # Meanwhile no backup (of the data being replaced) and no second restore.
        for action in (features.backup_action, features.restore_action):
            assert not action.isEnabled() and action.toolTip() == RESTORING
    finally:
        release.set()
    qtbot.waitUntil(lambda: bool(restored), timeout=20_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert features.backup_action.isEnabled() and features.restore_action.isEnabled()
    assert features.backup_action.toolTip() != RESTORING


def test_the_verify_hint_comes_with_a_document_gap_only(
    qtbot, tmp_path: Path, data_dir: DataDir, runner: TaskRunner, admin: Actor
) -> None:
    from approvals.services.backup import BackupResult

    window = QMainWindow()
    qtbot.addWidget(window)
    features = BackupFeatures(window, runner, admin, data_dir)
    rulebook = (
        "the record of the installed rulebook updates (rulebook/installed.json) cannot be "
        "read; backed up as it is (View → Rulebook can revert it)"
    )
    document = "spa.pdf (AP-2026-0003), stored as documents/ab12.pdf, is recorded but missing"
    for warnings, hinted in (((rulebook,), False), ((rulebook, document), True)):
        result = BackupResult(tmp_path / "b.zip", "2026-12-01T05:00:00Z", 2048, 1, warnings)
        box = features._show_backup_warnings(result)
        assert ("View → Verify audit trail" in box.informativeText()) is hinted, warnings
        assert box.informativeText().startswith("the record of the installed rulebook")
        box.close()
