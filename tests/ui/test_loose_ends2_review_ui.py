"""Review → Import response… given the review pack this installation exported (the file
beside the reviewer's response, picked by mistake): refused by what it is, in the error
window, with no review window opened and nothing recorded; Open review pack… still
opens it for a second officer reviewing on the same installation."""

from __future__ import annotations

import json
import zipfile

from PySide6.QtWidgets import QMessageBox
from sqlmodel import func, select

from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.main_window import MainWindow
from approvals.ui.review import install_review_features
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR


def _events(db: Database) -> int:
    with db.read_session() as s:
        return s.exec(select(func.count()).select_from(Event)).one()


def test_importing_the_desks_own_review_pack_is_refused(qtbot, tmp_path, data_dir: DataDir,
                                                       db: Database, runner: TaskRunner,
                                                       admin: Actor) -> None:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    pack = tmp_path / "review.zip"
    with db.session() as s:
        pack_id = review.export_review_pack(s, data_dir=data_dir, references=[ref], out=pack,
                                            actor=admin, drafts=False).pack_id
    with zipfile.ZipFile(pack) as zf:
        created = json.loads(zf.read("manifest.json"))["created_at"]
    before = _events(db)

    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_review_features(window, runner, admin)

    def shown(name: str) -> QMessageBox | None:
        return next((w for w in window.findChildren(QMessageBox, name) if w.isVisible()), None)

    features.import_file(pack)
    qtbot.waitUntil(lambda: shown("errorDialog") is not None, timeout=20_000)
    error = shown("errorDialog")
    assert error is not None and error.text() == "The review pack was not imported"
    assert error.informativeText() == (
        f"The review pack review.zip was refused: it is the review pack {pack_id[:8]} that this "
        f"installation exported on {created[:10]} at {created[11:16]} UTC for {ref}, not a "
        "reviewer's response: import the response pack the reviewer sends back (to review "
        "these cases on this installation yourself, open the pack with Review → Open review "
        "pack (review mode)…). Nothing was changed.")
    error.close()
    assert features.review_windows == {}
    assert not review.reviews_dir(data_dir).exists()
    assert _events(db) == before

    # Asked for by name, the pack opens in review mode here.
    with qtbot.waitSignal(features.opened, timeout=20_000):
        features.open_file(pack)
    assert list(features.review_windows) == [pack_id]
    features.review_windows[pack_id].close()
