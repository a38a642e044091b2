"""Export JSON… wrote the file without a word: the officer could not tell it was written,
nor that a draft's incomplete facts are refused by `approvals case import`. Once written,
a non-modal message says where, and for incomplete facts how many problems remain and
what reads the file as it is. The file then imports back to the same facts."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.domain.facts import parse_facts
from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit, type_into


def _said(qtbot, wizard: IntakeWizard) -> QMessageBox:
    qtbot.waitUntil(lambda: wizard.findChild(QMessageBox, "factsExported") is not None,
                    timeout=5_000)
    box = wizard.findChild(QMessageBox, "factsExported")
    assert box is not None and box.isVisible()
    return box


def test_a_complete_export_says_where_it_went_and_round_trips(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    source = json.loads((Path(__file__).resolve().parents[2] / "resources" / "demo"
                         / "cases.json").read_text(encoding="utf-8"))[2]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: edit(wizard, "field_target_name_en").text() != "", timeout=5_000)
    out = tmp_path / "out.json"
    wizard.export_file(out)
    box = _said(qtbot, wizard)
    assert box.text() == f"Exported the facts to {out}"
    assert box.informativeText() == ""
    assert parse_facts(json.loads(out.read_text(encoding="utf-8"))) == parse_facts(source)


def test_an_incomplete_draft_s_export_says_what_takes_it(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    type_into(qtbot, wizard, "field_target_name_en", "Kowloon Reasoning Labs Limited")
    out = tmp_path / "draft.json"
    wizard.export_file(out)
    box = _said(qtbot, wizard)
    assert out.exists()
    assert box.informativeText().startswith(
        "The facts are not complete yet (2 problems, under Show Details…): "
        "Import JSON… reads the file as it is")
    # Listed in the box itself: Next, held by them, may not reach the Review page.
    assert len(box.detailedText().splitlines()) == 2
