"""A rulebook that cannot be read (an installed update's damaged files) left the Review
page half drawn under an "unexpected error" box: the live screening preview raised. The
page now says where the screening stands that the preview could not run, and why."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument

from approvals.domain.errors import Problem
from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import (
    VERIFY_MARK,
    RulebookError,
    default_rulebook_dir,
    load_rulebook,
)
from approvals.domain.screening import screen
from approvals.ui import wizard as wizard_module
from approvals.ui.wizard import IntakeWizard, facts_summary_html
from tests.ui.test_wizard_audit2 import example


def test_an_unreadable_rulebook_is_said_on_the_review_page(
        qtbot, wizard: IntakeWizard, monkeypatch: pytest.MonkeyPatch) -> None:
    wizard.autosave_timer.stop()

    def damaged(_data_dir: object) -> None:
        raise RulebookError(Problem("rulebook/cn-fisr.json", "the file is not JSON"))

    monkeypatch.setattr(wizard_module, "rulebook_for", damaged)
    wizard.load_data(example("vision-startup.json"))
    wizard.go_to_review()
    assert wizard.currentPage() is wizard.review_page
    title = wizard.review_page.screening_title.text()
    assert "the preview could not run: the rulebook could not be read" in title
    assert "the file is not JSON" in title
    assert wizard.review_page.determinations.labels == []
    wizard._dirty = False


def test_the_preview_marks_unverified_citations_as_the_screening_tab_does(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    wizard.load_data(example("vision-startup.json"))
    wizard.go_to_review()
    page = wizard.review_page
    labels = {label.objectName(): label.text() for label in page.determinations.labels}
    # US-OISP cites rules taken from secondary sources; CN-FISR's are checked.
    assert VERIFY_MARK in labels["determination_US-OISP"]
    assert VERIFY_MARK not in labels["determination_CN-FISR"]
    assert f"Citations marked <b>{VERIFY_MARK}</b> were taken from secondary sources" \
        in page.screening_title.text()
    wizard._dirty = False


def test_a_preview_citing_only_checked_rules_marks_none(
        qtbot, wizard: IntakeWizard, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    # The shipped rulebook with every rule checked against its official text.
    checked = tmp_path / "rulebook"
    shutil.copytree(default_rulebook_dir(), checked)
    for path in checked.glob("*.json"):
        path.write_text(path.read_text(encoding="utf-8").replace(
            '"verified": false', '"verified": true'), encoding="utf-8")
    book = load_rulebook(checked)
    assert all(rule.verified for rule in book.rules)
    monkeypatch.setattr(wizard_module, "rulebook_for", lambda _data_dir: book)
    wizard.load_data(example("vision-startup.json"))
    wizard.go_to_review()
    page = wizard.review_page
    names = {label.objectName() for label in page.determinations.labels}
    assert "determination_US-OISP" in names  # whose rules the shipped book marks
    assert all(VERIFY_MARK not in label.text() for label in page.determinations.labels)
    assert "Citations marked" not in page.screening_title.text()
    wizard._dirty = False



def test_the_review_summary_shows_what_the_screening_asks_for_as_not_stated(
        qtbot, wizard: IntakeWizard) -> None:
    # The Review page and the finished case's Overview listed different unanswered facts:
    # the summary now shows, as the Overview does, each fact the screening asks for.
    wizard.autosave_timer.stop()
    data = example("frontier-lab.json")
    del data["deal"]["acquires_control"]  # a yes/no left Unknown: CN-FISR asks for it
    wizard.load_data(data)
    wizard.go_to_review()
    facts = parse_facts(data)
    missing = {tuple(path.split(".")) for d in screen(facts, date.today(), False).determinations
               for path in d.missing}
    assert missing == {("deal", "acquires_control")}
    overview = QTextDocument()
    overview.setHtml(facts_summary_html(facts.to_json_dict(), missing))
    assert wizard.review_page.summary.toPlainText() == overview.toPlainText()
    assert "not stated" in overview.toPlainText()
    wizard._dirty = False
