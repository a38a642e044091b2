"""The case window makes a tab's controls when the tab is first shown (or asked for), and
fills them from the case as last read: what it shows is what it would have shown had the
tab been there from the start."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget, QPushButton

from approvals.paths import DataDir
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case  # noqa: F401  (fixture)

LATER_TABS = ("screening_page", "tracks_page", "timeline_page", "documents_page",
              "comments_page")


def made(view: CaseView, page: str) -> bool:
    """Whether the tab `page` holds its controls (buttons, lists) yet."""
    return bool(getattr(view, page).findChildren(QPushButton)
                or getattr(view, page).findChildren(QListWidget))


def shown(view: CaseView) -> dict[str, Any]:
    """What each tab shows, in words (each tab chosen first, as an officer would)."""
    said: dict[str, Any] = {}
    view.tabs.setCurrentWidget(view.screening_page)
    said["screening"] = (view.screening_info.text(), view.determinations.outcomes(),
                         view.accept_button.isEnabled(), view.accept_button.toolTip())
    view.tabs.setCurrentWidget(view.tracks_page)
    said["tracks"] = ([view.track_list.item(r).text() for r in range(view.track_list.count())],
                      view.track_list.currentRow(), view.track_state.text(),
                      view.track_clock.text(), view.actions_blocked.text(),
                      [(b.text(), b.isEnabled(), b.toolTip())
                       for b in view.track_buttons.values()],
                      [[view.history.item(r, c).text() for c in range(5)]
                       for r in range(view.history.rowCount())])
    view.tabs.setCurrentWidget(view.timeline_page)
    said["timeline"] = [[view.timeline.item(r, c).text() for c in range(6)]
                        for r in range(view.timeline.rowCount())]
    said["export"] = (view.timeline_export_button.isEnabled(),
                      view.timeline_export_button.toolTip())
    view.tabs.setCurrentWidget(view.documents_page)
    said["documents"] = ([[view.documents.item(r, c).text() for c in range(7)]
                          for r in range(view.documents.rowCount())],
                         view.checklist.text(), view.documents_empty.text(),
                         view.documents_empty.isVisible(), view.attach_button.isEnabled(),
                         [t for t in (view.doc_type.itemText(i)
                                      for i in range(view.doc_type.count()))])
    view.tabs.setCurrentWidget(view.comments_page)
    said["comments"] = (view.comments.toPlainText(), view.add_comment_button.isEnabled(),
                        view.add_comment_button.toolTip())
    view.tabs.setCurrentIndex(0)
    said["overview"] = (view.overview.toPlainText(), view.header.text())
    return said


def test_only_the_overview_is_made_on_opening_and_each_tab_when_shown(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        fisr_case: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    assert view.tabs.currentIndex() == 0
    assert not any(made(view, page) for page in LATER_TABS)
    assert view.timeline_page.widget() is None
    view.tabs.setCurrentWidget(view.timeline_page)
    assert made(view, "timeline_page") and view.timeline.rowCount() == len(
        view.data.bundle.events)  # type: ignore[union-attr]
    assert not any(made(view, page) for page in LATER_TABS if page != "timeline_page")
    runner.wait_for_done()


def test_a_tab_made_after_the_case_was_read_shows_what_a_tab_made_before_shows(
        qtbot, db: Database, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        fisr_case: str) -> None:  # noqa: F811
    with db.session() as s:
        add_comment(s, actor=admin, reference=fisr_case, body="NDRC called back")
    # Every tab made before the case is read (the window as it was built before): filled
    # by the reading.
    before = CaseView(runner, admin, data_dir, fisr_case)
    qtbot.addWidget(before)
    before.make_every_tab()
    with qtbot.waitSignal(before.loaded, timeout=10_000):
        before.show()
    expected = shown(before)
    before.close()
    # Opened on the Overview: each tab made as it is chosen, after the reading.
    after = open_view(qtbot, runner, admin, data_dir, fisr_case)
    assert shown(after) == expected
    assert "NDRC called back" in expected["comments"][0]
    assert expected["tracks"][0] and expected["timeline"] and expected["tracks"][5]
    runner.wait_for_done()


def test_a_reading_while_a_tab_is_not_made_reaches_it_when_shown(
        qtbot, db: Database, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        fisr_case: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    events = len(view.data.bundle.events)  # type: ignore[union-attr]
    with db.session() as s:
        add_comment(s, actor=admin, reference=fisr_case, body="Counsel reviewed the SPA")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()  # Refresh (F5) on the Overview
    assert not made(view, "comments_page") and not made(view, "timeline_page")
    view.tabs.setCurrentWidget(view.comments_page)
    assert "Counsel reviewed the SPA" in view.comments.toPlainText()
    view.tabs.setCurrentWidget(view.timeline_page)
    assert view.timeline.rowCount() == events + 1
    assert "Counsel reviewed the SPA" in view.timeline.item(0, 4).text()
    runner.wait_for_done()


def test_ctrl_f_and_show_track_make_the_tab_they_go_to(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        fisr_case: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5_000)
    view.overview.setFocus()
    qtbot.keyClick(view.overview, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentWidget() is view.timeline_page
    assert view.timeline_filter.hasFocus()
    view.show_track("US-OISP")
    assert view.tabs.currentWidget() is view.tracks_page
    track = view.current_track()
    assert track is not None and track.regime == "US-OISP"
    assert view.track_list.hasFocus()
    runner.wait_for_done()


def test_nothing_is_unsaved_in_a_comments_tab_not_made(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        fisr_case: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    assert view.unsaved_input() == []
    view.close()
    assert not view.isVisible()  # closed without asking
    runner.wait_for_done()
