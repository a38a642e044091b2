"""Export review pack… with many cases: a filter finds them, ticked cases stay ticked
while filtered out of sight, and the count says how many go in the pack."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from approvals.services.cases import get_case, import_case
from approvals.ui.review import ExportPackDialog
from tests.conftest import EXAMPLES_DIR


def test_the_filter_finds_cases_and_the_ticked_count_stays(qtbot, runner, admin, data_dir, db):
    refs = []
    with db.session() as s:
        for name in ("frontier-lab", "consumer-app", "vision-startup"):
            facts = json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))
            refs.append(import_case(s, data=facts, actor=admin).reference)
    dialog = ExportPackDialog(runner, admin, data_dir, [refs[0]])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.case_model.rowCount() == 3, timeout=10_000)
    assert dialog.ticked_label.text() == "1 case ticked"
    model = dialog.case_model

    def shown() -> list[str]:
        return [model.reference_at(row) for row in range(model.rowCount())]

    dialog.filter_edit.setText(refs[1].lower())
    # Applied on the next turn of the event loop (keys queued together filter once).
    qtbot.waitUntil(lambda: shown() == [refs[1]], timeout=5_000)
    model.setData(model.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert dialog.ticked_label.text() == "2 cases ticked"
    dialog.set_checked([refs[1]])  # every box set again: the count follows
    assert dialog.ticked_label.text() == "1 case ticked"
    dialog.set_checked([refs[0], refs[1]])
    assert dialog.checked() == [refs[0], refs[1]]  # the one out of sight still goes
    # Enter in the filter goes to the list; it does not export.
    dialog.filter_edit.setFocus()
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.status.text() == "" and not dialog.progress.running
    dialog.filter_edit.clear()
    qtbot.waitUntil(lambda: shown() == refs, timeout=5_000)
    # The Chinese name finds its case too, as in the case list's filter.
    with db.read_session() as s:
        zh = get_case(s, refs[2]).facts.target.name_zh
    dialog.filter_edit.setText(zh)
    qtbot.waitUntil(lambda: shown() == [refs[2]], timeout=5_000)
    dialog.close()
