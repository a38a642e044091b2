"""Attaching several files chosen at once (or dragged onto the list): one after another,
each with the type and restriction the form had when they were chosen; the form cleared
after the last; a file refused stops the rest and the line under the buttons says how far
it got."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

pytestmark = pytest.mark.usefixtures("fast_hash")
REF = "AP-2026-0002"


def papers(folder: Path, *names: str) -> list[Path]:
    made = []
    for name in names:
        path = folder / name
        path.write_bytes(b"%PDF-1.4 " + name.encode() if not name.startswith("empty") else b"")
        made.append(path)
    return made


def test_files_chosen_at_once_are_all_attached_with_the_forms_type(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    before = len(view.data.documents)
    view.doc_type.setCurrentText("KYC pack")
    qtbot.mouseClick(view.attach_button, Qt.MouseButton.LeftButton)
    dialog = view.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.fileMode() == QFileDialog.FileMode.ExistingFiles  # several at once
    chosen = papers(tmp_path, "kyc-1.pdf", "kyc-2.pdf", "kyc-3.pdf")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.setDirectory(str(tmp_path))
        dialog.selectFile(" ".join(f'"{p.name}"' for p in chosen))  # as typed, or Ctrl+click
        dialog.accept()
    runner.wait_for_done()
    docs = {d.file_name: d for d in view.data.documents}
    assert len(view.data.documents) == before + 3
    assert {docs[p.name].doc_type for p in chosen} == {"KYC pack"}
    assert view.attach_progress.label.text() == "Attached 3 of 3 files."
    # The form is cleared for the next, unrelated file (as after one file).
    assert view.doc_type.currentText() == ""


def test_a_refused_file_stops_the_rest_and_says_how_far_it_got(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    before = {d.file_name for d in view.data.documents}
    chosen = papers(tmp_path, "one.pdf", "empty.pdf", "three.pdf")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_documents([str(p) for p in chosen])
    runner.wait_for_done()
    added = {d.file_name for d in view.data.documents} - before
    assert added == {"one.pdf"}
    box = view.findChild(QMessageBox, "errorDialog")
    assert box is not None and "empty.pdf" in box.windowTitle() + box.text()
    box.close()
    assert view.attach_progress.label.text() == (
        "Attached 1 of 3 files; empty.pdf was refused, it and the files after it not attached.")
    assert view.attach_button.isEnabled()


def drop(view, *urls: QUrl) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls(list(urls))
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.documents.dropEvent(event)
    return event


def test_files_dragged_onto_the_list_are_attached(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    before = {d.file_name for d in view.data.documents}
    assert view.documents.acceptDrops() and "dragged" in view.attach_button.toolTip()
    # A web link is not a file: nothing is taken.
    assert not drop(view, QUrl("https://example.com/a.pdf")).isAccepted()
    # Not while Attach file… may not be used (a file attaching, no role, a closed case).
    one, two = papers(tmp_path, "dropped-1.pdf", "dropped-2.pdf")
    view.attach_button.setEnabled(False)
    assert not drop(view, QUrl.fromLocalFile(str(one))).isAccepted()
    view.attach_button.setEnabled(True)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        assert drop(view, QUrl.fromLocalFile(str(one)), QUrl.fromLocalFile(str(two))).isAccepted()
    runner.wait_for_done()
    assert {d.file_name for d in view.data.documents} - before == {"dropped-1.pdf", "dropped-2.pdf"}
    assert view.attach_progress.label.text() == "Attached 2 of 2 files."


def test_cancel_during_a_batch_keeps_those_attached_and_stops_the_rest(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals.domain.errors import Cancelled
    from approvals.services import documents

    attach = documents.attach_document

    def cancelled_at_the_second(*args: object, **kwargs: object) -> object:
        if str(kwargs["source"]).endswith("second.pdf"):  # as Cancel during its copy
            raise Cancelled()
        return attach(*args, **kwargs)

    monkeypatch.setattr(documents, "attach_document", cancelled_at_the_second)
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    before = {d.file_name for d in view.data.documents}
    chosen = papers(tmp_path, "first.pdf", "second.pdf", "third.pdf")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_documents([str(p) for p in chosen])
    runner.wait_for_done()
    assert {d.file_name for d in view.data.documents} - before == {"first.pdf"}
    assert view.attach_progress.label.text() == (
        "Attached 1 of 3 files; cancelled at second.pdf, it and the files after it not "
        "attached.")
    assert view.findChild(QMessageBox, "errorDialog") is None  # a cancel is no error
    assert view.attach_button.isEnabled()
