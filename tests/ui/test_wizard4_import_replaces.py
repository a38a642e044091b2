"""Importing a facts file into a draft that holds typed facts asks first: the file's
facts replace every one typed, and the draft then saved had no undo. Cancel keeps what
is typed; Discard imports. An empty draft imports without asking."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit
from tests.ui.test_wizard_audit2 import example


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(example("vision-startup.json"), ensure_ascii=False),
                    encoding="utf-8")
    return path


def _answer(qtbot, wizard: IntakeWizard, button: QMessageBox.StandardButton) -> None:
    qtbot.waitUntil(lambda: wizard.findChild(QMessageBox, "replaceTypedFacts") is not None,
                    timeout=5_000)
    box = wizard.findChild(QMessageBox, "replaceTypedFacts")
    assert "replaces every fact typed" in box.text() + box.informativeText()
    box.button(button).click()
    box.setObjectName("answered")


def test_importing_over_typed_facts_asks_first(qtbot, wizard: IntakeWizard,
                                               tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    name = edit(wizard, "field_target_name_en")
    name.setText("Typed by hand Co., Ltd.")
    wizard.import_file(_file(tmp_path))
    _answer(qtbot, wizard, QMessageBox.StandardButton.Cancel)
    assert name.text() == "Typed by hand Co., Ltd."
    wizard.import_file(_file(tmp_path))
    _answer(qtbot, wizard, QMessageBox.StandardButton.Discard)
    assert name.text() == example("vision-startup.json")["target"]["name_en"]
    wizard._dirty = False


def test_an_empty_draft_imports_without_asking(qtbot, wizard: IntakeWizard,
                                               tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    wizard.import_file(_file(tmp_path))
    name = edit(wizard, "field_target_name_en")
    qtbot.waitUntil(lambda: name.text() != "", timeout=5_000)
    assert wizard.findChild(QMessageBox, "replaceTypedFacts") is None
    wizard._dirty = False
