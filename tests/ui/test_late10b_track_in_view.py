"""The Tracks tab at 200 % on a laptop (the details scroll): selecting another track
brings its state line and the diagram's current-state box into view; the same track read
again (Refresh, a step taken) keeps the officer's scroll."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track

SMALL = (683, 354)  # 1366×768 at 200 %


def scrolled_to_the_foot(qtbot, demo: Database, admin: Actor, data_dir: DataDir,
                         ref: str = "AP-2026-0006", regime: str = "CN-DATA-EXPORT") -> CaseView:
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, ref)
    view.resize(*SMALL)
    view.tabs.setCurrentWidget(view.tracks_page)
    view.tabs.setCurrentWidget(view.tracks_split)
    select_track(view, regime)
    QApplication.processEvents()
    bar = view.track_details.verticalScrollBar()
    assert bar.maximum() > 0  # the details scroll at this size
    bar.setValue(bar.maximum())  # down at the history
    return view


def shown_part(view: CaseView) -> QRect:
    """The part of the details in view, in the details' own coordinates."""
    area = view.track_details
    return QRect(area.horizontalScrollBar().value(), area.verticalScrollBar().value(),
                 area.viewport().width(), area.viewport().height())


def current_box(view: CaseView) -> QRect:
    diagram, content = view.diagram, view.track_details.widget()
    assert diagram.current_rect is not None
    box = diagram.mapFromScene(diagram.current_rect).boundingRect()
    box.moveTopLeft(diagram.viewport().mapTo(content, box.topLeft()))
    return box


@pytest.mark.parametrize(("ref", "regime"), [
    ("AP-2026-0006", "CN-DATA-EXPORT"),
    # From a track whose conditions table and taller diagram pushed the diagram down:
    # the new box's place is read after the details' layout caught up.
    ("AP-2026-0004", "CN-FISR"),
])
def test_another_track_selected_shows_its_state_and_current_box(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir, ref: str, regime: str) -> None:
    view = scrolled_to_the_foot(qtbot, demo, admin, data_dir, ref, regime)
    select_track(view, "US-OISP")  # Draft: the first box of the diagram's middle row
    QApplication.processEvents()
    shown = shown_part(view)
    assert shown.contains(current_box(view)), (shown, current_box(view))  # was the history
    # The line that names the state is in view: above the scrolling details (35f8f48a),
    # not inside them. Compared with the details' scroll it was compared with a place in
    # another widget, and a taller window header (a three-line distillation flag at this
    # size) failed it while the line stood in view.
    state = view.track_state
    assert state.isVisible() and not view.track_details.isAncestorOf(state)
    top_left = state.mapTo(view, QPoint(0, 0))
    assert view.rect().contains(QRect(top_left, state.size()))
    assert top_left.y() + state.height() <= view.track_details.mapTo(view, QPoint(0, 0)).y()


def test_the_same_track_read_again_keeps_the_scroll(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = scrolled_to_the_foot(qtbot, demo, admin, data_dir)
    bar = view.track_details.verticalScrollBar()
    kept = bar.value()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()  # F5
    QApplication.processEvents()
    assert view.current_track() is not None
    assert view.current_track().regime == "CN-DATA-EXPORT"
    assert bar.value() == kept
