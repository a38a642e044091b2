"""Case window loose ends: a restricted document's Lift restriction and Who may open… are
greyed out, with why, for someone neither on its list nor an administrator (the service
refused them, but only after an error box); a closed case's banner keeps to one line, so the
Tracks page gets no scroll bar at 1366×768."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.ui.case_lifecycle import CLOSED_BANNER_TIP
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_closed_case_view import closed_case  # noqa: F401 (a fixture)
from tests.ui.test_document_withdrawal_ui import CHART, select

PREPARER = Actor("pat", ("preparer",))
pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def restrict_chart_to(db: Database, actor: Actor) -> None:
    """The demo case's structure chart restricted to `actor` alone."""
    with db.session() as s:
        users.create_first_admin(s, username=actor.username, password="correct horse battery")
        case = case_by_reference(s, "AP-2026-0009")
        chart = next(d for d in documents.list_documents(s, actor=actor, case_id=case.id)
                     if d.file_name == CHART)
        documents.set_restriction(s, actor=actor, document_id=chart.id, restricted=True)


def test_restriction_buttons_greyed_for_someone_off_the_list(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    restrict_chart_to(demo, admin)
    view = open_view(qtbot, runner, PREPARER, data_dir, "AP-2026-0009", documents=True)
    select(view, CHART)
    assert view.restrict_button.text() == "L&ift restriction…"
    for button in (view.restrict_button, view.access_button):
        assert not button.isEnabled()
        assert "only the people it is open to, or an administrator" in button.toolTip()
    assert view.edit_access() is None  # nor can a shortcut open the dialog


def test_restriction_buttons_stay_for_someone_on_the_list(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    restrict_chart_to(demo, admin)
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0009", documents=True)
    select(view, CHART)
    assert view.restrict_button.isEnabled() and view.access_button.isEnabled()


def test_closed_case_banner_is_one_line_and_the_tracks_page_scrolls_only_by_a_wrapped_diagram(
        qtbot, db: Database, data_dir: DataDir, admin: Actor,
        closed_case: str) -> None:  # noqa: F811 (the fixture)
    """The banner takes one line, and the Tracks page scrolls by no more than the
    diagram's height beyond the least its window gives it. Premise changed: at 1100 px
    the closed track's workflow no longer fits one row at the diagram's least scale and
    wraps into two bands (8ec47898: read whole, without sideways scrolling and with
    Closed not cut off), drawn whole with the details scrolling, where one row scrolled
    sideways and the details fitted (scroll 0). A second line of the banner, or anything
    else taller, still shows as a scroll beyond the bands. The least height is read where
    the workflow fits one row (a window wide enough): there the page does not scroll."""
    view = open_view(qtbot, TaskRunner(db), admin, data_dir, closed_case)
    view.tabs.setCurrentWidget(view.tracks_page)
    # The case window's size on a 1366×768 screen, less a panel and the title bar.
    view.resize(1100, 620)
    QApplication.processEvents()
    banner = view.ending_label
    assert banner.isVisible() and banner.height() < 2 * banner.fontMetrics().lineSpacing()
    details = view.tracks_page.findChild(QScrollArea, "trackDetails")
    diagram = view.diagram
    assert diagram.wrapped  # the premise: two bands at this width
    assert details is not None
    scrolls, wrapped_height = details.verticalScrollBar().maximum(), diagram.height()
    assert banner.toolTip() == CLOSED_BANNER_TIP  # what the line leaves out
    view.resize(2400, 620)  # the ten stages in one row: the diagram at its least height
    QApplication.processEvents()
    assert not diagram.wrapped
    assert details.verticalScrollBar().maximum() == 0
    assert scrolls <= wrapped_height - diagram.minimumHeight()
