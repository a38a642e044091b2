"""Review → Import response… offered "Review packs (*.zip)" as the file type: the wrong
file to pick, when a review pack given as the response is refused. The chooser names
response packs (the folder remembered with the review packs': they travel together)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui import files
from approvals.ui.files import REVIEW_PACKS
from approvals.ui.review import ReviewFeatures
from approvals.ui.workers import TaskRunner


def test_import_response_names_response_packs(qtbot, runner: TaskRunner, admin: Actor,
                                              data_dir: DataDir, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    features = ReviewFeatures(window, runner, admin, data_dir)
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    files.remember_folder(data_dir, REVIEW_PACKS, outbox / "review-pack.zip")
    dialog = features.import_response()
    assert dialog.nameFilters() == ["Response packs (*.zip)", "All files (*)"]
    assert Path(dialog.directory().absolutePath()) == outbox
    dialog.reject()
    opened = features.open_pack()
    assert opened.nameFilters()[0] == "Review packs (*.zip)"
    opened.reject()
