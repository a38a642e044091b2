"""The required-documents checklist says what a missing item holds up, or how the filing
itself is stored (fresh-eyes pass 6)."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view


def _line(view: CaseView, regime: str, words: str) -> str:
    view.tabs.setCurrentWidget(view.documents_page)
    section = view.checklist.text().split(f"<b>{regime}</b>", 1)[1].split("</ul>", 1)[0]
    return next(li for li in section.split("<li>") if words in li)


def test_missing_items_say_what_they_hold_up_or_where_they_come_from(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0002")  # FISR, tech, SAMR, US
    contract = _line(view, "CN-TECH-EXPORT", "Technology export contract")
    assert "✘ missing" in contract
    assert "the step “Licence issued (after the contract)” waits for it" in contract
    application = _line(view, "CN-FISR", "Chinese application")
    assert "Generate filing… with “Final (stored with the case)” stores it" in application
    chart = _line(view, "US-OISP", "organisation chart")
    assert chart.endswith("</b></li>")  # an attachment no step waits for: nothing added
    runner.wait_for_done()


def test_an_attached_item_says_nothing_more(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0012")  # the contract, signed
    contract = _line(view, "CN-TECH-EXPORT", "Technology export contract")
    assert "✔ attached" in contract and "waits for it" not in contract
    runner.wait_for_done()
