"""Export review pack… with many cases: the cases are read and prepared on a worker and
shown through a checkable model (a QListWidget of 100,000 items froze the window), the
list says "Reading the cases…" meanwhile, and the filter, the ticked count and the keyboard
work through the model."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.review import ExportCaseModel, ExportCases, ExportPackDialog, read_export_cases
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR


def _cases(db: Database, admin: Actor) -> list[str]:
    references = []
    with db.session() as s:
        for name, own in (("frontier-lab", "MY-OWN-7"), ("consumer-app", ""),
                          ("vision-startup", "")):
            facts = json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))
            facts["reference"] = own
            references.append(import_case(s, data=facts, actor=admin).reference)
    return references


def _shown(model: ExportCaseModel) -> list[str]:
    return [model.reference_at(row) for row in range(model.rowCount())]


def test_the_list_is_a_model_read_on_a_worker_and_says_it_is_reading(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    references = _cases(db, admin)
    dialog = ExportPackDialog(runner, admin, data_dir, [references[1]])
    qtbot.addWidget(dialog)
    dialog.show()
    # Nothing listed on the GUI thread yet: the worker's result has not been delivered.
    assert not isinstance(dialog.case_list, QListWidget)
    assert dialog.case_model.rowCount() == 0
    assert dialog.case_list.placeholder() == "Reading the cases…"
    dialog.export()  # not "No cases to send yet" while they are being read
    assert dialog.status.text().startswith("The cases are still being read")
    qtbot.waitUntil(lambda: dialog.case_model.rowCount() == 3, timeout=10_000)
    assert dialog.case_list.placeholder() == ""
    assert dialog.ticked_label.text() == "1 case ticked"
    assert dialog.case_list.currentIndex().data(Qt.ItemDataRole.UserRole) == references[1]
    dialog.close()


def test_filter_keyboard_and_count_work_through_the_model(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    references = _cases(db, admin)
    dialog = ExportPackDialog(runner, admin, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.case_model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    assert dialog.ticked_label.text() == ""
    # Arrows move, Space ticks the case in focus and the count follows.
    view = dialog.case_list
    view.setFocus()
    view.setCurrentIndex(model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert dialog.checked() == [references[1]]
    assert dialog.ticked_label.text() == "1 case ticked"
    # The officer's own reference finds its case (applied at once on Enter).
    dialog.filter_edit.setText("my-own")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert _shown(model) == [references[0]]
    assert view.hasFocus() and view.currentIndex().row() == 0  # Space ticks what was found
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert dialog.checked() == [references[0], references[1]]
    qtbot.keyClick(view, Qt.Key.Key_Space)
    # Typing on narrows; a word taken away widens again; two words both have to match.
    dialog._filter_cases("my-own-7x")
    assert _shown(model) == [] and view.placeholder() == "No case matches the filter."
    dialog._filter_cases("my-own")
    assert _shown(model) == [references[0]]
    dialog._filter_cases("")
    assert _shown(model) == references
    assert view.currentIndex().row() == 0  # still a case in focus: Space ticks it
    dialog._filter_cases(f"{references[2].lower()} ←")
    assert _shown(model) == [references[2]]
    # The ticked case filtered out of sight still goes in the pack, and still counts.
    assert dialog.checked() == [references[1]]
    assert dialog.ticked_label.text() == "1 case ticked"
    dialog.close()


def test_the_worker_reads_each_line_and_what_the_filter_finds(
        admin: Actor, db: Database) -> None:
    references = _cases(db, admin)
    with db.read_session() as s:
        cases = read_export_cases(s)
    assert isinstance(cases, ExportCases) and cases.references == references
    assert cases.lines[0].startswith(f"{references[0]}  Example Frontier Intelligence")
    assert " ← " in cases.lines[0]
    assert "示例前沿智能有限公司" in cases.haystacks[0] and "my-own-7" in cases.haystacks[0]
