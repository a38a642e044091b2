"""Progress and Cancel in the app: File → Back up… and Restore…, and attaching a document.

The work is held at a known point (a gate in the service's progress meter, opened by the
Cancel click or by the test) so the test sees it running without sleeping; small copy
chunks make the cancel land in the middle of a file."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from approvals.domain.errors import Cancelled
from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Document, Event
from approvals.ui.backup import BACKUP_CANCELLED, RESTORE_CANCELLED, install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.progress import ATTACH_CANCELLED
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.storage_support import patterned_bytes
from tests.ui.case_window import open_view
from tests.ui.conftest import mid_file


def _case(db: Database, admin: Actor) -> str:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        return import_case(s, data=facts, actor=admin).reference


def _big(path: Path, size: int = 1_000_000) -> Path:
    path.write_bytes(patterned_bytes(size, 253))
    return path


def _window(qtbot, runner: TaskRunner, data_dir: DataDir, actor: Actor) -> MainWindow:
    window = MainWindow(runner, data_dir, actor)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return window


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_backup_shows_progress_and_cancel_writes_nothing(qtbot, tmp_path, data_dir, db, runner,
                                                         admin, gate):
    ref = _case(db, admin)
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == ref)).one()
        attach_document(s, actor=admin, data_dir=data_dir, case_id=case_id,
                        source=_big(tmp_path / "data-room.bin"))
    window = _window(qtbot, runner, data_dir, admin)
    features = install_backup_features(window, runner, admin)
    # Mid-way through the document (the database, copied in steps, reports before it).
    gate.when = lambda meter, message: "data-room.bin" in message and mid_file(meter, message)
    out = tmp_path / "saved" / "backup.zip"

    dialog = features.backup_to(out)
    panel = dialog.panel
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)  # shown once the work outlasts SHOW_AFTER_MS
    assert not dialog.isModal()
    assert gate.reached.wait(10)
    qtbot.waitUntil(lambda: panel.bar.value() > 0, timeout=5_000)
    assert panel.cancel_button.isVisible() and panel.cancel_button.isEnabled()
    assert window.isEnabled()  # the main window stays usable meanwhile
    panel.cancel_requested.connect(gate.open)
    with qtbot.waitSignal(features.backup_cancelled, timeout=10_000):
        _click(qtbot, panel.cancel_button)
    assert panel.label.text() == BACKUP_CANCELLED
    assert dialog.close_button.isVisible() and not panel.cancel_button.isVisible()
    assert not out.exists() and list(out.parent.iterdir()) == []
    assert not any(p.name.startswith(".") for p in data_dir.root.iterdir())
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "backup.created")).all() == []
    _click(qtbot, dialog.close_button)
    assert not dialog.isVisible()


def test_backup_runs_to_its_end_and_closes_its_progress_window(qtbot, tmp_path, data_dir, db,
                                                               runner, admin, gate):
    _case(db, admin)
    window = _window(qtbot, runner, data_dir, admin)
    features = install_backup_features(window, runner, admin)
    with qtbot.waitSignal(features.backed_up, timeout=10_000):
        dialog = features.backup_to(tmp_path / "b.zip")
    assert not dialog.isVisible()
    assert dialog.panel.bar.value() == 100
    assert (tmp_path / "b.zip").is_file()


def test_restore_cancel_changes_nothing_and_is_disabled_once_it_swaps(
        qtbot, tmp_path, data_dir, db, runner, admin, gate):
    first = _case(db, admin)
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == first)).one()
        attach_document(s, actor=admin, data_dir=data_dir, case_id=case_id,
                        source=_big(tmp_path / "data-room.bin"))
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=admin, db=db)
    second = _case(db, admin)
    window = _window(qtbot, runner, data_dir, admin)
    features = install_backup_features(window, runner, admin)

    # Cancelled while checking the backup: nothing changes.
    gate.when = mid_file
    dialog = features.restore_from(saved.path)
    assert gate.reached.wait(10)
    qtbot.waitUntil(lambda: dialog.panel.bar.value() > 0, timeout=5_000)
    dialog.panel.cancel_requested.connect(gate.open)
    with qtbot.waitSignal(features.restore_cancelled, timeout=10_000):
        _click(qtbot, dialog.panel.cancel_button)
    assert dialog.panel.label.text() == RESTORE_CANCELLED
    with db.read_session() as s:
        assert sorted(c.reference for c in s.exec(select(Case)).all()) == sorted([first, second])
    assert not any(p.name.startswith("replaced-") for p in data_dir.backups.iterdir())
    assert not any(p.name.startswith(".") for p in data_dir.root.iterdir())
    dialog.close()

    # Held just as the data folder starts being replaced: Cancel is no longer offered.
    gate.reached.clear()
    gate.opened.clear()
    gate.when = lambda _meter, message: message == backup_service.SWAPPING
    dialog = features.restore_from(saved.path)
    assert gate.reached.wait(10)
    panel = dialog.panel
    qtbot.waitUntil(lambda: not panel.cancel_button.isEnabled(), timeout=5_000)
    assert "can no longer be cancelled" in panel.cancel_button.toolTip()
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)  # shown once the work outlasts SHOW_AFTER_MS
    dialog.close()  # ignored while it runs
    assert dialog.isVisible()
    with qtbot.waitSignal(features.restored, timeout=10_000):
        gate.open()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    with db.read_session() as s:
        assert [c.reference for c in s.exec(select(Case)).all()] == [first]


def test_closing_the_restore_check_cancels_it(qtbot, tmp_path, data_dir, db, runner, admin,
                                              gate, monkeypatch):
    _case(db, admin)
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=admin, db=db)
    window = _window(qtbot, runner, data_dir, admin)
    features = install_backup_features(window, runner, admin)
    outcome: list[BaseException | None] = []
    verify = backup_service.check_for_restore

    def recorded(*args, **kwargs):
        try:
            result = verify(*args, **kwargs)
        except BaseException as exc:
            outcome.append(exc)
            raise
        outcome.append(None)
        return result

    monkeypatch.setattr(backup_service, "check_for_restore", recorded)
    gate.when = lambda meter, _message: meter.total > 0  # once checking has begun
    box = features.confirm_restore(saved.path)
    assert gate.reached.wait(10)
    box.done(QMessageBox.StandardButton.Cancel)
    gate.open()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    assert not box.button(QMessageBox.StandardButton.Yes).isEnabled()  # never said intact
    assert not any(w.objectName() == "errorDialog" for w in window.findChildren(QMessageBox))
    assert not any(p.name.startswith(".restore-") for p in data_dir.root.iterdir())


def test_attach_shows_progress_and_cancel_stores_nothing(qtbot, tmp_path, data_dir, db, runner,
                                                         admin, gate):
    ref = _case(db, admin)
    view = open_view(qtbot, runner, admin, data_dir, ref)
    view.tabs.setCurrentWidget(view.documents_page)
    panel = view.attach_progress
    assert not panel.isVisible()
    gate.when = mid_file

    view.attach_document(str(_big(tmp_path / "minutes.pdf")))
    assert gate.reached.wait(10)
    qtbot.waitUntil(lambda: panel.bar.value() > 0, timeout=5_000)
    assert panel.cancel_button.isEnabled() and "minutes.pdf" in panel.label.text()
    assert not view.attach_button.isEnabled()  # one file at a time
    panel.cancel_requested.connect(gate.open)
    _click(qtbot, panel.cancel_button)
    qtbot.waitUntil(lambda: panel.label.text() == ATTACH_CANCELLED, timeout=10_000)
    assert not panel.cancel_button.isVisible() and view.attach_button.isEnabled()
    with db.read_session() as s:
        assert s.exec(select(Document)).all() == []
        assert s.exec(select(Event).where(Event.action == "document.attached")).all() == []
    assert list(data_dir.documents.iterdir()) == []  # no partial .incoming-* copy

    # Attaching again runs to the end: the panel goes away and the table shows the file.
    gate.reached.clear()
    gate.when = lambda _meter, _message: False
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(tmp_path / "minutes.pdf"))
    assert not panel.isVisible()
    assert view.documents.rowCount() == 1


def test_the_closing_word_has_a_close_button_of_its_own_size_that_enter_presses(qtbot) -> None:
    """After a cancel the window says so with Close at the right, its own size (not a bar
    across the window), and focused: Enter closes the window."""
    from PySide6.QtWidgets import QApplication, QWidget

    from approvals.ui.progress import ProgressDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = ProgressDialog(parent, "Back up", what="backup")
    dialog.finished_with(BACKUP_CANCELLED)
    qtbot.waitUntil(dialog.isVisible, timeout=2_000)
    dialog.activateWindow()
    close = dialog.close_button
    qtbot.waitUntil(lambda: QApplication.focusWidget() is close, timeout=2_000)
    assert close.width() < dialog.width() / 2
    assert close.geometry().right() > dialog.width() - 30  # at the right edge
    qtbot.keyClick(close, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)


def test_the_closing_words_close_button_has_its_alt_key(qtbot) -> None:
    """Close after a cancel is Alt+L, as the filing preview's Close (it had no key; focus
    elsewhere in the window, it was reached only by Tab or Escape)."""
    from PySide6.QtWidgets import QWidget

    from approvals.ui.progress import ProgressDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = ProgressDialog(parent, "Back up", what="backup")
    dialog.finished_with(BACKUP_CANCELLED)
    qtbot.waitUntil(dialog.isVisible, timeout=2_000)
    assert dialog.close_button.text() == "C&lose"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2_000)
    dialog.panel.setFocus()
    qtbot.keyClick(dialog, "l", Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)
