"""A self-approval's tooltips in the case window say what allowed it as the audit trail
does (self_approval_words): solo mode on since when, switched on by whom and why, not only
"solo mode allowed it". The Tracks tab's step history and the Timeline's Change cell."""

from __future__ import annotations

from sqlmodel import col, func, select

from approvals.domain.dates import utc_text
from approvals.paths import DataDir
from approvals.services import auth
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Event, FilingTrack
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.ui.case_window import open_view
from tests.workflow_support import take_step

REASON = "one-person office"


def _self_approved(db: Database, admin: Actor, templates: FolderTemplates) -> tuple[str, str]:
    """DEMO-02's CN-TECH-EXPORT submitted and approved by one person, solo mode switched on
    in the Security settings with a reason: (the case's reference, when it was switched on)."""
    load_demo_from_template(templates, db, admin)  # the demo, loaded once per session
    with db.session() as session:
        reference = session.exec(select(Case.reference).where(
            func.json_extract(Case.facts, "$.reference") == "DEMO-02")).one()
        track = session.exec(select(FilingTrack.id).join(Case).where(
            Case.reference == reference, FilingTrack.regime == "CN-TECH-EXPORT")).one()
    with db.session() as session:
        auth.set_solo_mode(session, actor=admin, enabled=True, reason=REASON)
    with db.read_session() as session:
        since = session.exec(select(Event.occurred_at).where(Event.field == "solo_mode")
                             .order_by(col(Event.id).desc())).first()
    assert since is not None
    take_step(db, track, "submit_for_review", admin, on="2026-10-01", reason="test")
    take_step(db, track, "approve_for_filing", admin, on="2026-10-02", reason="test")
    return reference, since


def _says_why(tip: str, since: str) -> None:
    assert f"approved their own work (solo mode on since {utc_text(since)}, switched on by " \
        in tip, tip
    assert f'(alice) for "{REASON}": four-eyes waived)' in tip or \
        f'alice for "{REASON}": four-eyes waived)' in tip, tip


def test_the_step_historys_tooltip_says_since_when_by_whom_and_why(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
    folder_templates: FolderTemplates,
) -> None:
    reference, since = _self_approved(db, admin, folder_templates)
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-TECH-EXPORT")
    step = view.history.item(view.history.rowCount() - 1, 2)
    assert step.text() == "Approve for filing (self-approval, solo mode)"  # short in the list
    _says_why(step.toolTip(), since)
    assert "printed on the filing" in step.toolTip()
    runner.wait_for_done()


def test_the_timeline_change_cells_tooltip_says_since_when_by_whom_and_why(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
    folder_templates: FolderTemplates,
) -> None:
    reference, since = _self_approved(db, admin, folder_templates)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.timeline_page)
    timeline = view.timeline
    qtbot.waitUntil(lambda: timeline.rowCount() > 0, timeout=5_000)
    row = next(r for r in range(timeline.rowCount())
               if timeline.item(r, 4).text().endswith("; self-approval, solo mode"))
    tip = view._timeline_tip(row, 4)
    _says_why(tip, since)
    assert "As stored:" in tip  # the stored values still follow
    runner.wait_for_done()
