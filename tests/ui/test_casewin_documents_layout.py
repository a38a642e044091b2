"""The Documents tab of a case with several tracks: the required documents in a pane of
their own below the list, as tall as they are up to a cap (more scroll), the list the
rest and never under five rows; a height the officer dragged is kept."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_documents import ChecklistScroll
from approvals.ui.case_documents_tab import SPLIT_GAP
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

REF = "AP-2026-0002"  # four tracks: a checklist of ten lines


@pytest.mark.usefixtures("fast_hash")
def test_checklist_has_its_own_pane_and_the_list_keeps_its_rows(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    view.resize(1100, 700)
    split, scroll = view.documents_split, view.checklist_scroll
    spacing = scroll.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: sum(split.sizes()) > 0)
    # Fitted to the checklist once shown (the splitter first sized it before the case was
    # read, when it was one line): its cap of lines in sight, the rest scrolls.
    whole = view.checklist.heightForWidth(scroll.viewport().width())
    assert whole > ChecklistScroll.LINES * spacing
    assert scroll.height() >= ChecklistScroll.LINES * spacing
    assert scroll.height() < whole  # capped: the list above has the room
    rows = view.documents.verticalHeader().defaultSectionSize()
    assert view.documents.viewport().height() >= 5 * rows

    # Smaller (200 % on a laptop): the list keeps its least rows, the page scrolls
    # instead; this case has no documents yet, so two (five once it has some:
    # test_casewin2_documents_tab).
    view.resize(700, 380)
    qtbot.wait(10)
    assert view.documents.rowCount() == 0
    assert view.documents.viewport().height() >= view.LEAST_EMPTY_ROWS * rows

    # The officer's own height for the checklist is kept when the case is shown again.
    view.resize(1100, 700)
    qtbot.wait(10)
    split.moveSplitter(split.sizes()[0] - 3 * spacing, 1)
    dragged = split.sizes()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert split.sizes() == dragged
    runner.wait_for_done()


@pytest.mark.usefixtures("fast_hash")
def test_the_line_between_list_and_checklist_sits_clear_of_the_buttons(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    # Its grip sat against the bottom of the button row and read as part of Withdraw….
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    view.resize(1100, 700)
    split = view.documents_split
    qtbot.waitUntil(lambda: sum(split.sizes()) > 0)
    handle = split.handle(1)
    top = handle.mapTo(view, handle.rect().topLeft()).y()
    bottom = handle.mapTo(view, handle.rect().bottomLeft()).y()
    listed, required = split.widget(0), split.widget(1)
    lowest_above = max(w.mapTo(view, w.rect().bottomLeft()).y()
                       for w in listed.findChildren(QPushButton) if w.isVisibleTo(view))
    heading = next(label for label in required.findChildren(QLabel)
                   if "Required documents" in label.text())
    assert top - lowest_above >= SPLIT_GAP
    assert heading.mapTo(view, heading.rect().topLeft()).y() - bottom >= SPLIT_GAP
    runner.wait_for_done()
