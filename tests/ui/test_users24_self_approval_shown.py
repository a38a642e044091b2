"""A self-approval (solo mode) is marked where an administrator reads the case's history
in the app, not only in the event's details pane and on the printed filing: the Tracks
tab's step history and the Timeline's Change column say it, and say what it means."""

from __future__ import annotations

from functools import partial

from sqlmodel import func, select

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack, Setting
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.ui.case_window import open_view, select_track
from tests.workflow_support import take_step

_step = partial(take_step, reason="test")


def _two_tracks_approved(db: Database, admin: Actor, templates: FolderTemplates) -> str:
    """The demo's DEMO-02: CN-TECH-EXPORT submitted and approved by one person in solo
    mode; its CN-FISR as the demo left it, approved by a second person."""
    load_demo_from_template(templates, db, admin)  # the demo, loaded once per session
    with db.session() as session:
        reference = session.exec(select(Case.reference).where(
            func.json_extract(Case.facts, "$.reference") == "DEMO-02")).one()
        tracks = dict(session.exec(select(FilingTrack.regime, FilingTrack.id)
                                   .join(Case).where(Case.reference == reference)).all())
        session.add(Setting(key="solo_mode", value="true"))
    _step(db, tracks["CN-TECH-EXPORT"], "submit_for_review", admin, on="2026-10-01")
    _step(db, tracks["CN-TECH-EXPORT"], "approve_for_filing", admin, on="2026-10-02")
    return reference


def test_the_step_history_marks_a_self_approval(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
    folder_templates: FolderTemplates,
) -> None:
    reference = _two_tracks_approved(db, admin, folder_templates)
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-TECH-EXPORT")
    steps = [view.history.item(r, 2) for r in range(view.history.rowCount())]
    assert [s.text() for s in steps][-2:] == ["Submit for internal review",
                                              "Approve for filing (self-approval, solo mode)"]
    tip = steps[-1].toolTip()
    assert "approved their own work" in tip and "solo mode" in tip
    assert "printed on the filing" in tip
    assert "self-approval" not in steps[-2].toolTip()
    # Another person's approval is not marked.
    select_track(view, "CN-FISR")
    other = [r for r in range(view.history.rowCount())
             if view.history.item(r, 2).text().startswith("Approve for filing")]
    assert [view.history.item(r, 2).text() for r in other] == ["Approve for filing"]
    runner.wait_for_done()


def test_the_timeline_change_column_marks_a_self_approval(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
    folder_templates: FolderTemplates,
) -> None:
    reference = _two_tracks_approved(db, admin, folder_templates)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.timeline_page)
    timeline = view.timeline
    qtbot.waitUntil(lambda: timeline.rowCount() > 0, timeout=5_000)
    approvals = {timeline.item(r, 2).text(): timeline.item(r, 4).text()
                 for r in range(timeline.rowCount())
                 if timeline.item(r, 4).text().startswith("Internal review → Approved")}
    assert approvals["CN-TECH-EXPORT: track step"] == \
        "Internal review → Approved for filing; self-approval, solo mode"
    assert approvals["CN-FISR: track step"] == "Internal review → Approved for filing"
    runner.wait_for_done()
