"""Progress and Cancel for review packs in the app: exporting a review pack, opening one in
review mode, exporting a response and importing one.

As in test_progress_ui, the worker is held at a gate inside the service's progress meter
(opened by the Cancel click or by the test), so each test sees the work running without
sleeping; small copy chunks put the cancel in the middle of a document."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.services.progress import Meter
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Comment, Event
from approvals.ui.main_window import MainWindow
from approvals.ui.review import (
    EXPORT_CANCELLED,
    IMPORT_CANCELLED,
    OPEN_CANCELLED,
    RESPONSE_CANCELLED,
    ReviewFeatures,
    install_review_features,
)
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.storage_support import patterned_bytes
from tests.ui.conftest import mid_file


def _checking(meter: Meter, _message: str) -> bool:
    return meter.total > 0  # a pack's check has begun


def _case_with_document(db: Database, data_dir: DataDir, tmp_path: Path, admin: Actor) -> str:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    source = tmp_path / "data-room.bin"
    source.write_bytes(patterned_bytes(600_000, 253))
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == ref)).one()
        attach_document(s, actor=admin, data_dir=data_dir, case_id=case_id, source=source)
    return ref


def _setup(qtbot, runner: TaskRunner, data_dir: DataDir, actor: Actor
           ) -> tuple[MainWindow, ReviewFeatures]:
    window = MainWindow(runner, data_dir, actor)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return window, install_review_features(window, runner, actor)


def _events(db: Database, action: str) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event).where(Event.action == action)).all())


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_export_shows_progress_and_cancel_writes_no_pack(qtbot, tmp_path, data_dir, db, runner,
                                                         admin, gate):
    ref = _case_with_document(db, data_dir, tmp_path, admin)
    window, features = _setup(qtbot, runner, data_dir, admin)
    dialog = features.export_pack()
    qtbot.waitUntil(lambda: dialog.case_model.rowCount() == 1, timeout=10_000)
    dialog.set_checked([ref])
    out = tmp_path / "packs" / "review.zip"
    out.parent.mkdir()
    dialog.out_edit.setText(str(out))
    panel = dialog.progress
    assert not panel.isVisible()

    gate.when = mid_file
    _click(qtbot, dialog.export_button)
    assert gate.reached.wait(10)
    qtbot.waitUntil(lambda: panel.bar.value() > 0, timeout=5_000)
    assert panel.isVisible() and panel.cancel_button.isVisible() and panel.cancel_button.isEnabled()
    assert "review.zip" in panel.label.text()
    assert not dialog.export_button.isEnabled()  # one pack at a time
    assert not dialog.isModal() and window.isEnabled()  # the case list stays usable
    dialog.close()  # closing while it writes asks to cancel; the dialog stays to say so
    assert dialog.isVisible() and panel.label.text() == "Cancelling…"
    with qtbot.waitSignal(dialog.export_cancelled, timeout=10_000):
        gate.open()
    assert panel.label.text() == EXPORT_CANCELLED
    assert not panel.cancel_button.isVisible() and dialog.export_button.isEnabled()
    assert list(out.parent.iterdir()) == []  # neither the pack nor its .part
    assert _events(db, "review.exported") == 0

    # Cancel pressed on the button, then an export that runs to its end.
    gate.rearm(mid_file)
    _click(qtbot, dialog.export_button)
    assert gate.reached.wait(10)
    panel.cancel_requested.connect(gate.open)
    with qtbot.waitSignal(dialog.export_cancelled, timeout=10_000):
        _click(qtbot, panel.cancel_button)
    assert list(out.parent.iterdir()) == []
    gate.rearm(lambda _meter, _message: False)
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        _click(qtbot, dialog.export_button)
    assert not panel.isVisible() and out.is_file()
    assert dialog.status.text().startswith("Wrote review.zip with 1 case,")
    assert _events(db, "review.exported") == 1
    dialog.close()
    assert not dialog.isVisible()


def test_opening_a_pack_shows_progress_and_cancel_opens_nothing(qtbot, tmp_path, data_dir, db,
                                                                runner, admin, gate):
    ref = _case_with_document(db, data_dir, tmp_path, admin)
    pack = tmp_path / "review.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[ref], out=pack, actor=admin)
    window, features = _setup(qtbot, runner, data_dir, admin)

    gate.when = mid_file
    dialog = features.open_file(pack)
    panel = dialog.panel
    assert gate.reached.wait(10)
    qtbot.waitUntil(lambda: panel.bar.value() > 0, timeout=5_000)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)  # shown once the work outlasts SHOW_AFTER_MS
    assert not dialog.isModal() and window.isEnabled()
    assert panel.cancel_button.isVisible() and panel.cancel_button.isEnabled()
    panel.cancel_requested.connect(gate.open)
    with qtbot.waitSignal(features.open_cancelled, timeout=10_000):
        _click(qtbot, panel.cancel_button)
    assert panel.label.text() == OPEN_CANCELLED
    assert window.statusBar().currentMessage() == OPEN_CANCELLED
    assert features.review_windows == {} and review.list_open_reviews(data_dir) == []
    assert not any(p.name.startswith(".") for p in data_dir.root.iterdir())  # no .incoming-*
    assert _events(db, "review.opened") == 0
    _click(qtbot, dialog.close_button)
    assert not dialog.isVisible()

    # Opened again without a cancel: the progress window goes, review mode opens.
    gate.rearm(lambda _meter, _message: False)
    with qtbot.waitSignal(features.opened, timeout=20_000):
        dialog = features.open_file(pack)
    assert not dialog.isVisible() and dialog.panel.bar.value() == 100
    rw = next(iter(features.review_windows.values()))
    qtbot.addWidget(rw)
    qtbot.waitUntil(lambda: rw.view is not None, timeout=10_000)
    assert len(review.list_open_reviews(data_dir)) == 1


def test_response_export_and_import_show_progress_and_cancel_changes_nothing(
        qtbot, tmp_path, data_dir, db, runner, admin, gate):
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    pack = tmp_path / "review.zip"
    with db.session() as s:  # reviewed here, by the exporter: a self-review, kept simple
        review.export_review_pack(s, data_dir=data_dir, references=[ref], out=pack, actor=admin)
    with db.session() as s:  # the pack is in place once its record commits
        pack_id = review.open_review_pack(s, data_dir=data_dir, path=pack, actor=admin).pack_id
    review.add_review_comment(data_dir=data_dir, pack_id=pack_id, reference=ref,
                              body="Check the board seats", actor=admin)
    window, features = _setup(qtbot, runner, data_dir, admin)
    rw = features.show_review(pack_id)
    qtbot.addWidget(rw)
    qtbot.waitUntil(lambda: rw.view is not None, timeout=10_000)

    # The response: held as it starts writing, then cancelled.
    panel = rw.response_progress
    response = tmp_path / "out" / "response.zip"
    gate.when = lambda _meter, message: message.startswith("Wrote")  # written, not yet kept
    rw.export_response(response)
    assert gate.reached.wait(10)
    assert panel.isVisible() and panel.cancel_button.isEnabled()
    assert not rw.respond_button.isEnabled()
    panel.cancel_requested.connect(gate.open)
    with qtbot.waitSignal(rw.response_cancelled, timeout=10_000):
        _click(qtbot, panel.cancel_button)
    assert panel.label.text() == RESPONSE_CANCELLED and rw.respond_button.isEnabled()
    assert list(response.parent.iterdir()) == []
    assert _events(db, "review.responded") == 0
    assert review.list_open_reviews(data_dir)[0].responded is False

    gate.rearm(lambda _meter, _message: False)
    with qtbot.waitSignal(rw.response_exported, timeout=20_000):
        rw.export_response(response)
    assert not panel.isVisible() and response.is_file()

    # The import: held as the check begins, cancelled, nothing merged.
    gate.rearm(_checking)
    dialog = features.import_file(response)
    assert gate.reached.wait(10)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)  # shown once the work outlasts SHOW_AFTER_MS
    assert not dialog.isModal() and window.isEnabled()
    assert dialog.panel.cancel_button.isVisible() and dialog.panel.cancel_button.isEnabled()
    assert "response.zip" in dialog.panel.label.text()
    dialog.panel.cancel_requested.connect(gate.open)
    with qtbot.waitSignal(features.import_cancelled, timeout=10_000):
        _click(qtbot, dialog.panel.cancel_button)
    assert dialog.panel.label.text() == IMPORT_CANCELLED
    with db.read_session() as s:
        assert s.exec(select(Comment)).all() == []
    assert _events(db, "review.imported") == 0
    assert not any(p.name.startswith(".") for p in data_dir.root.iterdir())
    dialog.close()

    # Imported for real: the comment arrives and the message says so.
    gate.rearm(lambda _meter, _message: False)
    with qtbot.waitSignal(features.imported, timeout=20_000):
        features.import_file(response)
    with db.read_session() as s:
        assert [c.body for c in s.exec(select(Comment))] == ["Check the board seats"]
    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox, "importedMessage")),
                    timeout=10_000)
    for box in window.findChildren(QMessageBox, "importedMessage"):
        box.close()


def test_closing_review_mode_while_the_response_is_written_cancels_it(
        qtbot, tmp_path, data_dir, db, runner, admin, gate):
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    pack = tmp_path / "review.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[ref], out=pack, actor=admin)
    with db.session() as s:  # the pack is in place once its record commits
        pack_id = review.open_review_pack(s, data_dir=data_dir, path=pack, actor=admin).pack_id
    review.set_recommendation(data_dir=data_dir, pack_id=pack_id, reference=ref,
                              recommendation="approve", reasons="", actor=admin)
    _window, features = _setup(qtbot, runner, data_dir, admin)
    rw = features.show_review(pack_id)
    qtbot.waitUntil(lambda: rw.view is not None, timeout=10_000)
    response = tmp_path / "response.zip"
    gate.when = lambda _meter, message: message.startswith("Writing")
    rw.export_response(response)
    assert gate.reached.wait(10)
    rw.close()
    assert rw.isVisible()  # stays until the cancel has landed
    with qtbot.waitSignal(rw.response_cancelled, timeout=10_000):
        gate.open()
    qtbot.waitUntil(lambda: pack_id not in features.review_windows, timeout=10_000)
    assert not response.exists() and _events(db, "review.responded") == 0


def test_a_save_in_the_app_completes_while_an_export_writes(qtbot, tmp_path, data_dir, db,
                                                            runner, admin, gate):
    """The export runs beside the serial write pool and holds no write lock while it
    copies: the user's own save (on the write pool) goes through meanwhile."""
    ref = _case_with_document(db, data_dir, tmp_path, admin)
    _window, features = _setup(qtbot, runner, data_dir, admin)
    dialog = features.export_pack()
    qtbot.waitUntil(lambda: dialog.case_model.rowCount() == 1, timeout=10_000)
    dialog.set_checked([ref])
    out = tmp_path / "review.zip"
    dialog.out_edit.setText(str(out))
    gate.when = mid_file
    _click(qtbot, dialog.export_button)
    assert gate.reached.wait(10)

    def save(session) -> int:
        case = session.exec(select(Case).where(Case.reference == ref)).one()
        facts = json.loads(case.facts)
        facts["deal"]["board_seats"] = 9
        return update_case_facts(session=session, case_id=case.id, expected_version=case.version,
                                 new_facts=parse_facts(facts), actor=admin).version

    saved: list[int] = []
    runner.write(save, saved.append)
    try:
        qtbot.waitUntil(lambda: bool(saved), timeout=5_000)
    finally:
        gate.open()
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        pass
    assert saved == [2] and out.is_file()
    with db.read_session() as s:
        exported = s.exec(select(Event.details).where(Event.action == "review.exported")).one()
    assert json.loads(exported)["version"] == 1  # the snapshot, before the save
    dialog.close()
