"""Export review pack…'s filter follows the typing at once: it waited a quarter of a second
after each key, though one pass over 100,000 cases takes some 15 ms. Keys typed together
(queued while a pass runs) still make one pass, not one each."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.review import ExportPackDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_review5_export_cases_ui import _cases, _shown


def test_keys_typed_together_filter_once_and_at_once(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    references = _cases(db, admin)
    dialog = ExportPackDialog(runner, admin, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.case_model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    passes: list[str] = []
    real = model.set_filter

    def counted(text: str) -> None:
        passes.append(text)
        real(text)

    model.set_filter = counted  # type: ignore[method-assign]
    wanted = references[1].lower()
    qtbot.keyClicks(dialog.filter_edit, wanted)  # delivered together, no turn of the loop
    assert passes == [] and _shown(model) == references  # not a pass per key
    QApplication.processEvents()  # the next turn of the event loop: no pause to wait out
    assert passes == [wanted] and _shown(model) == [references[1]]
    dialog.close()
