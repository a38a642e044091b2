"""The case window's Tracks tab at real window sizes, with the demo's cases: in a small
window (200 % on a laptop) the track list gives the details its room; a lone step button
keeps a tile's width rather than spanning the details."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_tracks import TracksSplitter
from approvals.ui.case_view import CaseView
from approvals.ui.widgets import overdue_colour
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track
from tests.ui.conftest import dark_palette

SMALL = (683, 354)  # 1366×768 at 200 %
LAPTOP = (1366, 738)


def tracks_of(qtbot, demo: Database, admin: Actor, data_dir: DataDir,
              size: tuple[int, int]) -> CaseView:
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0004")
    view.resize(*size)
    view.tabs.setCurrentWidget(view.tracks_page)
    view.tabs.setCurrentWidget(view.tracks_split)
    select_track(view, "CN-FISR")  # cleared with conditions: "Close" its one step
    QApplication.processEvents()
    return view


def test_in_a_small_window_the_track_list_narrows_for_the_details(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = tracks_of(qtbot, demo, admin, data_dir, SMALL)
    split = view.tracks_split
    listed, details = split.sizes()
    assert listed <= max(view.track_list.minimumWidth(), split.width() // 4)  # was 260
    assert details >= split.width() * 2 // 3
    # The officer's drag stays, through another resize.
    split.splitterMoved.emit(300, 1)
    split.setSizes([300, sum(split.sizes()) - 300])
    view.resize(SMALL[0] + 40, SMALL[1])
    QApplication.processEvents()
    assert split.sizes()[0] == 300


def test_with_room_the_track_list_keeps_its_width(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = tracks_of(qtbot, demo, admin, data_dir, LAPTOP)
    assert view.tracks_split.sizes()[0] == TracksSplitter.LIST_WIDTH


def test_a_lone_step_button_keeps_a_tiles_width(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = tracks_of(qtbot, demo, admin, data_dir, LAPTOP)
    assert list(view.track_buttons) == ["close"]
    button = view.track_buttons["close"]
    qtbot.waitUntil(lambda: button.isVisible() and button.width() > 0, timeout=2_000)
    room = view.track_details.viewport().width()
    assert button.width() <= room // 3  # it spanned the details' whole width
    assert button.width() >= button.sizeHint().width()


def test_on_a_1366_screen_an_eight_stage_workflow_fits_without_scrolling(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    # CN-TECH-EXPORT (draft … licence issued, closed): 71 px too wide at the diagram's
    # least scale, "Closed" and "Withdrawn" cut at its right edge.
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0012")
    view.resize(*LAPTOP)
    view.tabs.setCurrentWidget(view.tracks_page)
    view.tabs.setCurrentWidget(view.tracks_split)
    select_track(view, "CN-TECH-EXPORT")
    QApplication.processEvents()
    diagram = view.diagram
    assert diagram.transform().m11() >= diagram.MIN_SCALE
    assert diagram.horizontalScrollBar().maximum() <= 0
    width = diagram.viewport().width()
    for name, item in diagram.state_items.items():
        box = diagram.mapFromScene(item.sceneBoundingRect()).boundingRect()
        assert box.left() >= 0 and box.right() <= width, f"{name} is cut"


def test_the_diagram_is_no_taller_than_its_drawing_the_history_gets_the_rest(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    # Three rows of boxes in a view 350 px tall: a blank band above and below them, the
    # track history under it shown a few rows at a time.
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0012")
    view.resize(*LAPTOP)
    view.tabs.setCurrentWidget(view.tracks_page)
    view.tabs.setCurrentWidget(view.tracks_split)
    select_track(view, "CN-TECH-EXPORT")
    QApplication.processEvents()
    diagram = view.diagram
    drawing = diagram.mapFromScene(diagram.drawn_rect).boundingRect().height()
    assert diagram.viewport().height() <= drawing + 2
    assert view.track_details.verticalScrollBar().maximum() == 0  # the details fit
    assert view.history.height() > diagram.height()


def test_an_overdue_tracks_clock_line_is_in_the_overdue_red_light_or_dark(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0006")
    select_track(view, "CN-DATA-EXPORT")  # 45 working days ran out on 9 Nov 2026
    assert "overdue" in view.track_clock.text()
    assert overdue_colour().name() in view.track_clock.styleSheet()
    with dark_palette():
        assert overdue_colour().name() == "#ef9a9a"  # light enough on the dark window
        qtbot.waitUntil(lambda: "#ef9a9a" in view.track_clock.styleSheet(), timeout=2_000)
    select_track(view, "US-OISP")  # no deadline yet
    assert view.track_clock.styleSheet() == ""
