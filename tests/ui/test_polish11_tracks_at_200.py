"""The Tracks tab at 200 % on a 1366×768 laptop (a 683×354 window, as QT_SCALE_FACTOR=2
lays it out): about 190 px of the track's details are in view. The state line stays
above the scrolling details; another track's details start at their top, the clock line
(and the steps under it) rather than the diagram's current box, which at 1366×768 and
100 % hid the clock and every step. And with the font doubled the diagram's boxes are as
wide as their longest word ("Acknowle" / "dged")."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QWidget

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from approvals.ui.workflow_diagram import DiagramView
from tests.ui.case_window import open_view, select_track
from tests.ui.scaling_support import doubled_app_font
from tests.ui.test_late10b_track_in_view import current_box, shown_part

LAPTOP_AT_200 = (683, 354)  # 1366×768 at 200 %, less the taskbar


def wholly_shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


def test_the_state_line_and_the_current_box_are_both_in_view(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0006")
    view.resize(*LAPTOP_AT_200)
    view.tabs.setCurrentWidget(view.tracks_page)
    view.tabs.setCurrentWidget(view.tracks_split)
    select_track(view, "CN-DATA-EXPORT")
    QApplication.processEvents()
    bar = view.track_details.verticalScrollBar()
    bar.setValue(bar.maximum())  # down at the history
    select_track(view, "US-OISP")  # its clock takes two lines: the tight case
    QApplication.processEvents()
    assert view.track_details.viewport().height() < 200  # the squeeze of a laptop
    assert wholly_shown(view.track_state)
    assert "state: <b>Draft</b>" in view.track_state.text()
    # From the top: the clock line whole, not scrolled away for the diagram's box.
    assert view.track_details.verticalScrollBar().value() == 0
    assert shown_part(view).contains(view.track_clock.geometry())
    view.close()


def test_in_a_roomy_window_nothing_scrolls(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0006",
                     track="US-OISP")
    view.resize(1280, 900)
    QApplication.processEvents()
    select_track(view, "CN-DATA-EXPORT")
    QApplication.processEvents()
    assert view.track_details.verticalScrollBar().value() == 0
    assert wholly_shown(view.track_state) and wholly_shown(view.track_clock)
    assert QRect(shown_part(view)).contains(current_box(view))
    view.close()


def test_with_the_font_doubled_no_state_name_breaks_inside_a_word(qtbot) -> None:
    with doubled_app_font():
        view = DiagramView()
        qtbot.addWidget(view)
        states = [{"name": "draft", "label": "Draft", "final": False},
                  {"name": "acknowledged", "label": "Acknowledged by Treasury",
                   "final": True}]
        view.show_diagram({"states": states, "edges": [
            {"from": "draft", "to": "acknowledged", "label": "Acknowledge"}]}, "draft")
        label = next(item for item in view.scene().items()
                     if hasattr(item, "toPlainText") and item.toPlainText().startswith("Ack"))
        layout = label.document().firstBlock().layout()
        lines = [label.toPlainText()[layout.lineAt(i).textStart():][
            :layout.lineAt(i).textLength()].strip() for i in range(layout.lineCount())]
        assert lines == ["Acknowledged by", "Treasury"] or lines[0] == "Acknowledged"
        assert view.box_w > DiagramView.BOX_W  # widened for the word


def test_the_state_is_in_view_when_the_tab_is_chosen_after_the_case_opened(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    """The case opens on Overview with its first track chosen behind it: the Tracks tab
    shows that track's details from their top (its clock line), its state line above."""
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0004")
    view.resize(*LAPTOP_AT_200)
    QApplication.processEvents()
    view.tabs.setCurrentWidget(view.tracks_page)
    assert view.current_track() is not None
    assert view.current_track().regime == "CN-FISR"  # chosen on Overview; its box is low
    view.tabs.setCurrentWidget(view.tracks_split)  # Alt+T
    QApplication.processEvents()
    assert wholly_shown(view.track_state)
    assert view.track_details.verticalScrollBar().value() == 0
    assert shown_part(view).contains(view.track_clock.geometry())
    # Chosen again later, the tab keeps where the officer scrolled to.
    bar = view.track_details.verticalScrollBar()
    bar.setValue(bar.maximum())
    view.tabs.setCurrentIndex(0)
    view.tabs.setCurrentWidget(view.tracks_split)
    QApplication.processEvents()
    QApplication.processEvents()
    assert bar.value() == bar.maximum()
    view.close()


def test_the_state_in_chinese_never_breaks_inside_the_word(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    """At 200 % the state line wrapped inside "草稿" (Draft): "草" at a line's end."""
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0006",
                     track="US-OISP")
    label = view.track_state
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setHtml(label.text())
    text = document.toPlainText()
    assert text.replace("\u2060", "").count("草稿") == 1
    start, end = text.index("草"), text.index("稿")
    layout = document.firstBlock().layout()
    for width in range(120, 700, 2):  # wherever the line happens to wrap
        document.setTextWidth(width)
        document.size()  # laid out now
        assert layout.lineCount() > 0
        assert layout.lineForTextPosition(start).lineNumber() == \
            layout.lineForTextPosition(end).lineNumber(), width
    view.close()


def test_with_the_font_doubled_the_diagram_is_not_cut_to_a_row_and_a_half(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    """Its least height was 180 px whatever the font: with the font doubled it showed a
    row and a half of boxes, the rest under its own scroll bar inside the scrolling
    details."""
    with doubled_app_font():
        view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0006",
                         track="US-OISP")
        view.resize(1366, 708)
        QApplication.processEvents()
        assert view.diagram.verticalScrollBar().maximum() <= 0
        view.close()
