"""The Documents tab: the required documents say a hint once (a case with several
Chinese tracks read "Generate filing… with 'Final (stored with the case)' stores it" once
a track), and an empty list at 150 % (910 × 480 logical pixels of a 1366 × 768 screen)
takes a line of words and little height, the checklist in sight without scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QScrollArea

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view_wording import case_ref  # noqa: F401  (fixture)

STORED_BY = "Generate filing… with “Final (stored with the case)” stores it"


def _line(text: str, regime: str, words: str) -> str:
    section = text.split(f"<b>{regime}</b>", 1)[1].split("</ul>", 1)[0]
    return next(li for li in section.split("<li>") if words in li)


def test_a_hint_is_said_once_and_later_tracks_point_back(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0002")  # FISR, tech, SAMR, US
    view.tabs.setCurrentWidget(view.documents_page)
    text = view.checklist.text()
    assert text.count(STORED_BY) == 1
    assert STORED_BY in _line(text, "CN-FISR", "Chinese application")
    for regime in ("CN-TECH-EXPORT", "CN-SAMR"):
        assert _line(text, regime, "Chinese application").endswith(
            "</b> — Generate filing…, as for CN-FISR</li>")
    assert _line(text, "US-OISP", "US notification").endswith("as for CN-FISR</li>")
    # A hint of its own is still said where it belongs.
    assert "“Licence issued (after the contract)” waits for it" in _line(
        text, "CN-TECH-EXPORT", "Technology export contract")
    runner.wait_for_done()


def test_an_empty_list_at_150_percent_takes_little_room(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        case_ref: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, case_ref, documents=True)
    view.resize(910, 480)
    qtbot.wait(20)
    empty = view.documents_empty
    assert empty.isVisible()
    assert empty.text() == ("No documents attached yet — Attach file… below, or drag files "
                            "onto the list.")
    assert "SHA-256" in empty.toolTip()  # the rest of the explanation, on hover
    rows = view.documents.verticalHeader().defaultSectionSize()
    assert view.documents.minimumHeight() < 3 * rows + 60  # not five blank rows
    assert view.documents.sizeHint().height() == view.documents.minimumHeight()
    # The tab fits without scrolling: the checklist under the list is whole in sight (once
    # the page, made as the tab was chosen, is laid out at the new size).
    page = view.findChild(QScrollArea, "documentsPage")
    assert page is not None
    qtbot.waitUntil(lambda: page.verticalScrollBar().maximum() == 0, timeout=2_000)
    runner.wait_for_done()


@pytest.mark.usefixtures("fast_hash")
def test_a_list_with_documents_keeps_five_rows(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0012", documents=True)
    assert view.documents.rowCount() > 0
    rows = view.documents.verticalHeader().defaultSectionSize()
    view.resize(700, 380)  # 200 % on a laptop: the page scrolls, the list keeps its rows
    qtbot.wait(10)
    assert view.documents.viewport().height() >= 5 * rows
    assert view.documents.sizeHint().height() > view.documents.minimumHeight()
    runner.wait_for_done()
