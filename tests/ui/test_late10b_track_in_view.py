"""The Tracks tab on a laptop (the details scroll): selecting another track shows its
details from the top — the state line, the clock line and the step buttons — rather than
scrolling down to the diagram's highlighted box, which at 1366×768 and 100 % hid the clock
and every step of a track in the diagram's lower band; the same track read again
(Refresh, a step taken) keeps the officer's scroll."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track, submit_from_the_keyboard

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


def in_view(view: CaseView, widget) -> bool:
    """The widget whole in the details' part in view."""
    content = view.track_details.widget()
    place = QRect(widget.mapTo(content, QPoint(0, 0)), widget.size())
    return shown_part(view).contains(place)


@pytest.mark.parametrize(("ref", "regime"), [
    ("AP-2026-0006", "CN-DATA-EXPORT"),
    # From a track whose conditions table and taller diagram pushed the diagram down.
    ("AP-2026-0004", "CN-FISR"),
])
def test_another_track_selected_shows_its_clock_and_steps(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir, ref: str, regime: str) -> None:
    view = scrolled_to_the_foot(qtbot, demo, admin, data_dir, ref, regime)
    select_track(view, "US-OISP")
    QApplication.processEvents()
    assert view.track_details.verticalScrollBar().value() == 0  # was the history
    # The line that names the state is in view: above the scrolling details (35f8f48a),
    # not inside them. Compared with the details' scroll it was compared with a place in
    # another widget, and a taller window header (a three-line distillation flag at this
    # size) failed it while the line stood in view.
    state = view.track_state
    assert state.isVisible() and not view.track_details.isAncestorOf(state)
    top_left = state.mapTo(view, QPoint(0, 0))
    assert view.rect().contains(QRect(top_left, state.size()))
    assert top_left.y() + state.height() <= view.track_details.mapTo(view, QPoint(0, 0)).y()


def test_a_track_in_the_diagrams_lower_band_opens_on_its_clock_and_steps_at_1366(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    """CN-FISR in General review, a box in the wrapped diagram's lower band: scrolled to
    the box, a 1366×768 screen at 100 % showed neither the clock line nor any step."""
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0002")
    view.resize(1100, 690)  # the case window on a 1366×768 screen
    view.tabs.setCurrentWidget(view.tracks_page)
    select_track(view, "CN-TECH-EXPORT")
    QApplication.processEvents()
    select_track(view, "CN-FISR")
    QApplication.processEvents()
    track = view.current_track()
    assert track is not None and track.state == "general_review"
    assert in_view(view, view.track_clock), "the clock line is scrolled out of view"
    buttons = [b for b in view.track_buttons.values() if b.isVisible()]
    assert buttons and all(in_view(view, b) for b in buttons), "a step is out of view"


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


def test_after_a_step_taken_from_the_keyboard_the_focused_next_step_is_in_view(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    """The details scrolled down to the new history row, and the focus went to the next
    step's button above it, out of view: Space then pressed "Return to preparer" unseen."""
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0002")
    view.resize(1100, 690)  # the case window on a 1366×768 screen
    view.tabs.setCurrentWidget(view.tracks_page)
    select_track(view, "CN-TECH-EXPORT")
    QApplication.processEvents()
    submit_from_the_keyboard(qtbot, view)
    qtbot.waitUntil(lambda: view.current_track() is not None
                    and view.current_track().state == "internal_review")
    QApplication.processEvents()
    qtbot.wait(50)  # the queued scroll to the history row
    focused = view.focusWidget()
    assert focused in view.track_buttons.values(), focused
    assert in_view(view, focused), "the focused step is scrolled out of view"
