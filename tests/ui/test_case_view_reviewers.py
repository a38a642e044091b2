"""The case window's Timeline names the reviewer of each piece of review input (a
recommendation, comment, import, proposal decided or revised), in the status report's
words: the Who column holds whoever imported the answers (often cli:root). Events stored
before reviewers were recorded read as they did."""

from __future__ import annotations

import pytest

from approvals.services.cases import case_id_by_reference
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view_wording import case_ref  # noqa: F401  (fixture)

CLI = Actor("cli:root", ("preparer", "reviewer", "approver", "admin"))
ANNA = "anna (Anna's laptop)"
BEN = "ben (Ben's laptop)"


def _review_events(db: Database, reference: str) -> None:
    """Review input as services.review records it: the importer is the actor, the
    reviewer is in the details."""
    with db.session() as s:
        case_id = case_id_by_reference(s, reference)

        def add(action: str, **kw) -> None:
            append_event(s, actor=CLI, action=action, case_id=case_id,
                         entity=kw.pop("entity", "review_pack"),
                         entity_id=kw.pop("entity_id", "resp-1"), **kw)

        add("review.imported", details={"reviewer": ANNA, "comments": 1,
                                        "proposed_fields": ["deal.board_seats"]})
        add("review.recommendation", new="return", reason="board seats understated",
            details={"reviewer": ANNA, "reviewer_key": "ab12"})
        add("comment.added", entity="comment", entity_id="c-1", field="deal.board_seats",
            new="Check the veto rights.", details={"author": ANNA, "origin": "resp-1"})
        add("review.proposal_superseded", entity="case", entity_id=reference,
            field="deal.board_seats", old=1, new=2,
            details={"reviewer": BEN, "proposal_id": 3, "status": ["pending", "superseded"]})
        add("review.proposal_accepted", entity="case", entity_id=reference,
            field="deal.board_seats", old=3, new=2,
            reason="proposed by reviewer ben (Ben's laptop) in review resp-2",
            details={"reviewer": BEN, "proposal_id": 4})
        # Stored before reviewers were recorded: no reviewer in the details.
        add("review.recommendation", entity_id="resp-0", new="approve", reason="fine")
        add("comment.added", entity="comment", entity_id="c-0", new={"body": "An old note."})


def _rows(view: CaseView) -> list[tuple[str, ...]]:
    view.tabs.setCurrentWidget(view.timeline_page)
    return [tuple(view.timeline.item(r, c).text() for c in range(6))
            for r in range(view.timeline.rowCount())]


def test_review_rows_name_the_reviewer(qtbot, runner: TaskRunner, admin: Actor, data_dir,
                                       db: Database, case_ref: str) -> None:  # noqa: F811
    _review_events(db, case_ref)
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    rows = _rows(view)
    change = {(r[2], r[5]): r[4] for r in rows}
    assert change["Reviewer's recommendation", "board seats understated"] == \
        f"recommendation from {ANNA}: return"
    assert change["Comment added", ""] == \
        f"comment from {ANNA} on Board seats (Deal): 'Check the veto rights.'"
    assert change["Review answers imported", ""] == \
        f"answers from {ANNA} imported: 1 comment, 1 proposed change"
    revised = next(r[4] for r in rows if r[2].startswith("Proposed change revised"))
    assert revised == f"proposal from {BEN} for field Board seats (Deal) revised: 1 → 2"
    accepted = next(r[4] for r in rows if r[2] == "Proposed change accepted")
    assert accepted == f"proposed change from {BEN} accepted: field Board seats (Deal): 3 → 2"
    # Who stays the audit actor (the CSV and the chain agree); its tooltip names both.
    row = next(i for i, r in enumerate(rows) if r[5] == "board seats understated")
    assert rows[row][1] == "cli:root"
    assert ANNA in view.timeline.item(row, 1).toolTip()
    # The filter finds a reviewer's input by name.
    view.timeline_filter.setText("anna")
    assert view.visible_timeline_rows() == 3


def test_old_review_events_read_as_before(qtbot, runner: TaskRunner, admin: Actor, data_dir,
                                          db: Database, case_ref: str) -> None:  # noqa: F811
    _review_events(db, case_ref)
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    rows = _rows(view)
    change = {(r[2], r[5]): r[4] for r in rows}
    assert change["Reviewer's recommendation", "fine"] == "approve"
    assert "An old note." in [r[4] for r in rows if r[2] == "Comment added"]
    old = next(i for i, r in enumerate(rows) if r[5] == "fine")
    assert view.timeline.item(old, 1).toolTip() == "cli:root"


@pytest.mark.parametrize(("kind", "days", "words"), [
    ("CN-SAMR", "60", "extended by 60 calendar days"),
    ("CN-FISR", "30", "extended by 30 working days"),
    ("no-such-kind", "15", "extended by 15 days"),
])
def test_extension_wording_is_shared_with_the_status_report(kind: str, days: str,
                                                            words: str) -> None:
    from approvals.domain.event_text import extension_text
    from approvals.ui.case_tracks import particular_text

    assert particular_text("extension_days", days, kind) == extension_text(days, kind) == words
