"""The case window's Timeline (the What tooltip and the details pane) and the audit trail
window say whom a document is restricted to by name and login ("restricted to Li Wei
(li.wei), carol"), as their Who columns name people; the event keeps the logins."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import documents
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, User
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_audit_trail_window import _close, _open
from tests.ui.test_journeys import demo_facts

ALICE = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
NAMES = {"alice": "Alice Wong", "li.wei": "Li Wei", "carol": ""}  # carol has no full name
# The one who attaches a restricted document may always open it: alice is listed too.
ATTACHED = "restricted to Alice Wong (alice), Li Wei (li.wei) and carol"
CHANGED = "access: open to every user → restricted to Alice Wong (alice) and Li Wei (li.wei)"
WHAT = 2  # the Timeline's What column

pytestmark = pytest.mark.usefixtures("fast_hash")


def _case_with_restricted_document(db: Database, data_dir: DataDir, tmp_path: Path) -> str:
    """A case with a document attached restricted to li.wei and carol, then opened to every
    user, then restricted to li.wei alone."""
    with db.session() as s:
        for login, name in NAMES.items():
            s.add(User(username=login, display_name=name, roles=json.dumps(["preparer"])))
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts("DEMO-04")), actor=ALICE)
        case_id, ref = case.id, case.reference
    source = tmp_path / "side letter.pdf"
    source.write_bytes(b"%PDF-1.4 side letter")
    with db.session() as s:
        doc = documents.attach_document(s, actor=ALICE, data_dir=data_dir, case_id=case_id,
                                        source=source, restricted=True,
                                        allowed_users=["li.wei", "carol"])
    with db.session() as s:
        documents.set_restriction(s, actor=ALICE, document_id=doc.id, restricted=False)
    with db.session() as s:
        documents.set_restriction(s, actor=ALICE, document_id=doc.id, restricted=True,
                                  allowed_users=["li.wei"])
    return ref


def _stored_logins(db: Database) -> list[str]:
    with db.session() as s:
        stored = s.exec(select(Event).where(Event.action == "document.attached")).one()
    return json.loads(stored.new_value)["allowed_users"]


def test_the_timeline_sentence_names_whom_a_document_is_restricted_to(
        qtbot: Any, db: Database, runner: TaskRunner, data_dir: DataDir,
        tmp_path: Path) -> None:
    ref = _case_with_restricted_document(db, data_dir, tmp_path)
    view = open_view(qtbot, runner, ALICE, data_dir, ref)
    view.tabs.setCurrentWidget(view.timeline_page)
    actions = [e.action for e in view._timeline_events]
    attached = actions.index("document.attached")
    changed = actions.index("document.restriction_changed")  # the newest one: first row
    assert view._timeline_tip(attached, WHAT).endswith(ATTACHED)
    assert view._timeline_tip(changed, WHAT).endswith(CHANGED)
    view.timeline.setCurrentCell(attached, WHAT)
    assert ATTACHED in view.timeline_details.toPlainText()
    assert ATTACHED in view._details_text  # Copy event says the same
    assert _stored_logins(db) == ["alice", "li.wei", "carol"]


def test_the_audit_trail_names_whom_a_document_is_restricted_to(
        qtbot: Any, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    _case_with_restricted_document(db, data_dir, tmp_path)
    window = _open(qtbot, db, data_dir, ALICE)
    try:
        model = window.model
        actions = [e.action for e in model.entries]
        attached = actions.index("document.attached")
        changed = actions.index("document.restriction_changed")
        assert model.cell_text(attached, model.EVENT_COLUMN).endswith(ATTACHED)
        assert model.tooltip(changed, model.EVENT_COLUMN).endswith(CHANGED)
        window.table.selectRow(attached)
        assert ATTACHED in window.details.toPlainText()
        assert _stored_logins(db) == ["alice", "li.wei", "carol"]
    finally:
        _close(window)
        window.main.runner.wait_for_done()
