"""The Tracks tab's Approve for filing is greyed out while the track's filing lacks
something its final needs, its tooltip naming it as a draft's page 1 does (the name, its
key in brackets as written); once the case is complete, the button is enabled."""

from __future__ import annotations

import copy

from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.workflow_support import complete_for_filing, take_step

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
PAT = Actor("pat", ("preparer",))
ANDY = Actor("andy", ("approver",))


def test_approve_for_filing_waits_for_the_organisation_chart(
    qtbot, runner: TaskRunner, data_dir: DataDir, db: Database,
) -> None:
    facts = copy.deepcopy(next(f for f in demo_facts() if f["reference"] == "DEMO-09"))
    with db.session() as s:
        reference = create_case(s, facts=parse_facts(facts), actor=ROOT).reference
        complete_for_filing(s, reference, PAT, attach=False)
    with db.read_session() as s:
        track = s.exec(select(FilingTrack.id).join(Case).where(
            Case.reference == reference, FilingTrack.regime == "US-OISP")).one()
    take_step(db, track, "submit_for_review", PAT)

    view = open_view(qtbot, runner, ANDY, data_dir, reference, track="US-OISP")
    qtbot.waitUntil(lambda: "approve_for_filing" in view.track_buttons, timeout=10_000)
    button = view.track_buttons["approve_for_filing"]
    assert not button.isEnabled()
    assert button.toolTip() == (
        "the filing is not complete: it lacks Post-transaction organisation chart (attach it "
        "on the Documents tab) [documents.org_chart] (a draft from Generate filing… lists "
        "them on page 1).")
    assert "Post-transaction organisation chart" in view.actions_blocked.text()
    view.close()
    runner.wait_for_done()

    with db.session() as s:
        complete_for_filing(s, reference, PAT)
    view = open_view(qtbot, runner, ANDY, data_dir, reference, track="US-OISP")
    qtbot.waitUntil(lambda: "approve_for_filing" in view.track_buttons, timeout=10_000)
    assert view.track_buttons["approve_for_filing"].isEnabled()
    runner.wait_for_done()


def test_a_key_in_brackets_after_its_name_is_left_as_written() -> None:
    from approvals.ui.wizard import readable_paths

    said = "fill in Foreign investor's ultimate controlling person [investor.ultimate_parent]"
    assert readable_paths(said) == said  # not "[Ultimate parent (Investor)]" after its name
    assert readable_paths("fill in investor.ultimate_parent.") == \
        "fill in Ultimate parent (Investor)."
