"""The preview's status line said "Filer's representative (US notification) — …" again
before every missing item of that section; the heading is said once, its items after it."""

from __future__ import annotations

from types import SimpleNamespace

from approvals.store.audit import Actor
from approvals.ui.filing_preview import FilingDialog, grouped_words
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_preview import many_pages

REP = "Filer's representative (US notification)"


def test_the_status_line_says_each_sections_heading_once(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    missing = ("particulars.representative.name", "particulars.representative.email",
               "particulars.representative.phone", "particulars.us_person.address",
               "documents.org_chart")
    dialog._show(SimpleNamespace(pdf=many_pages(1), page_count=1, final=False,
                                 missing=missing, kind="us-notification"), "US-OISP")
    text = dialog.status.text()
    assert text.count(REP) == 1, text
    said = text.split(" · missing: ", 1)[1]
    assert said.startswith(f"{REP} — Name, E-mail, Telephone; "), said
    assert "The US person (US notification) — " in said and "Document: " in said, said


def test_items_without_a_heading_stay_as_they_are() -> None:
    assert grouped_words(["Ultimate parent (Investor)", "A — x", "B — y", "A — z"]) == \
        "Ultimate parent (Investor); A — x, z; B — y"
