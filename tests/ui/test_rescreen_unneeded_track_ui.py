"""A re-screen whose new outcome needs no filing for a regime with a track open: accepting
it left the track open without a word, and the draft application still applied for it.
The preview now says the track stays open and how to withdraw it, and says (whatever
changes) that the reasons shown are the stored screening's until it is accepted."""

from __future__ import annotations

import json

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

REFERENCE = "AP-2026-0002"  # CN-FISR open (a control acquisition)


def test_the_preview_says_a_track_needing_no_filing_stays_open(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    with demo.session() as session:  # a minority stake now, no control, no veto
        case = case_by_reference(session, REFERENCE)
        data = json.loads(case.facts)
        data["deal"].update(stake_after_pct=10, acquires_control=False, veto_rights=False,
                            board_seats=0)
        case.facts = json.dumps(data)
        session.add(case)
    view = open_view(qtbot, runner, admin, data_dir, REFERENCE)
    view.tabs.setCurrentWidget(view.screening_page)
    view.rescreen()
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=20_000)
    said = view.changes_label.text()
    assert "<b>CN-FISR</b>: " in said and "would change" in said
    assert ("leaves the <b>CN-FISR, CN-SAMR</b> tracks open: the new outcomes need no "
            "filing. Withdraw them on the Tracks tab") in said
    assert "The reasons below are the stored screening's until you accept" in said
    view.close()
    runner.wait_for_done()
