"""After Import JSON… the cursor is in the first field the import's report names, on that
field's page: a wrong currency on Deal terms took the officer nowhere (the wizard stayed
on page 1, the cursor in its first field) although every page before it was complete. A
page before it that Next cannot pass is where the cursor stops, at its field to fix; a
draft's saved page gives way to the report."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.services.drafts import save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard11_import_words import _import
from tests.ui.test_wizard_audit2 import example


def _field(wizard: IntakeWizard, *path: str):
    return next(f for f in wizard.fields if f.path == path)


def test_the_import_leads_to_the_page_and_field_of_its_first_problem(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    data["deal"]["amount"]["currency"] = "CYN"
    lines = _import(qtbot, wizard, data, tmp_path)
    assert lines[0].startswith("Amount (Deal) [deal.amount]"), lines
    assert wizard.currentPage().objectName() == "dealPage"
    amount = _field(wizard, "deal", "amount")
    assert wizard.focusWidget() is amount.focus_widget()
    assert amount.error_label.isVisibleTo(wizard)
    wizard.back()  # the pages before it are there, as after Next
    assert wizard.currentPage().objectName() == "investorPage"
    wizard._dirty = False


def test_a_page_before_it_that_next_cannot_pass_is_where_the_cursor_stops(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    del data["investor"]["name"]  # required, so not in the report, but Next stops there
    data["deal"]["amount"]["currency"] = "CYN"
    _import(qtbot, wizard, data, tmp_path)
    assert wizard.currentPage().objectName() == "investorPage"
    assert wizard.focusWidget() is _field(wizard, "investor", "name").focus_widget()
    wizard._dirty = False


def test_a_draft_reopened_on_a_later_page_goes_to_the_reported_field(
        qtbot, runner: TaskRunner, admin: Actor, db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        info = save_draft(s, actor=admin, data=example("vision-startup.json"),
                          page="transferPage")
    w = IntakeWizard(runner, admin, mode="draft", reference=info.reference, data=info.data,
                     version=info.version, held=info.held, page=info.page)
    qtbot.addWidget(w)
    w.show()
    w.autosave_timer.stop()
    assert w.currentPage().objectName() == "transferPage"
    data = example("vision-startup.json")
    data["deal"]["amount"]["currency"] = "CYN"
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    w.import_file(path)
    qtbot.waitUntil(lambda: w.findChild(QMessageBox, "replaceTypedFacts") is not None,
                    timeout=5_000)
    w.findChild(QMessageBox, "replaceTypedFacts").button(
        QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: w.findChild(object, "errorDialog") is not None, timeout=5_000)
    # Not the page the draft was saved on, nor page 1: the amount's.
    assert w.currentPage().objectName() == "dealPage"
    assert w.focusWidget() is _field(w, "deal", "amount").focus_widget()
    w._dirty = False
