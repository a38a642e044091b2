"""The case window names people in words where it names them in a sentence, as its header
names the owner ("Alice Wong (alice)"): the Screening tab's "by alice at …" and "last by
bob at …", and the Timeline's "restricted to alice, bob, carol" for a document's restriction
said logins alone. The events keep the logins (they are what the hash chain records)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import documents
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import case_id_for, create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event, User
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_journeys import demo_facts

ALICE = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
BOB = Actor("bob", ("preparer",))
NAMES = {"alice": "Alice Wong", "bob": "Bob Li", "carol": ""}  # carol has no full name

pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def _users(db: Database) -> None:
    with db.session() as s:
        for login, name in NAMES.items():
            s.add(User(username=login, display_name=name, roles=json.dumps(["preparer"])))


def _case_screened_by_alice_edited_by_bob(db: Database) -> str:
    """A case alice created (and so screened), whose stake bob then changed."""
    _users(db)
    facts = demo_facts("DEMO-04")
    with db.session() as s:
        case = create_case(s, facts=parse_facts(facts), actor=ALICE)
    facts["deal"]["stake_after_pct"] = 15
    with db.session() as s:
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=BOB, reason="board minutes")
    return case.reference


def _change_cell(view: CaseView, action: str) -> str:
    view.tabs.setCurrentWidget(view.timeline_page)
    row = next(i for i, e in enumerate(view._timeline_events) if e.action == action)
    return view._timeline_rows[row][4]


def test_the_screening_tab_names_who_screened_and_who_changed_the_facts(
        qtbot, db: Database, runner: TaskRunner, data_dir: DataDir) -> None:
    ref = _case_screened_by_alice_edited_by_bob(db)
    view = open_view(qtbot, runner, ALICE, data_dir, ref)
    view.tabs.setCurrentWidget(view.screening_page)
    text = view.screening_info.text()
    assert ", by Alice Wong (alice) at " in text, text
    assert "last by Bob Li (bob) at " in text, text


def test_the_timeline_names_whom_a_document_is_restricted_to(
        qtbot, db: Database, runner: TaskRunner, data_dir: DataDir, tmp_path: Path) -> None:
    ref = _case_screened_by_alice_edited_by_bob(db)
    source = tmp_path / "side letter.pdf"
    source.write_bytes(b"%PDF-1.4 side letter")
    with db.session() as s:
        doc = documents.attach_document(s, actor=ALICE, data_dir=data_dir,
                                        case_id=case_id_for(s, ref),
                                        source=source, restricted=True,
                                        allowed_users=["bob", "carol"])
    with db.session() as s:  # lifted, then restricted again
        documents.set_restriction(s, actor=ALICE, document_id=doc.id, restricted=False)
    with db.session() as s:
        documents.set_restriction(s, actor=ALICE, document_id=doc.id, restricted=True,
                                  allowed_users=["bob"])
    with db.session() as s:
        documents.export_document(s, actor=ALICE, data_dir=data_dir, document_id=doc.id,
                                  destination=tmp_path / "out.pdf")
    view = open_view(qtbot, runner, ALICE, data_dir, ref)
    attached = _change_cell(view, "document.attached")
    assert _change_cell(view, "document.exported") == "side letter.pdf (restricted)"
    assert attached.endswith(
        "side letter.pdf, restricted to Alice Wong (alice), Bob Li (bob) and carol"), attached
    # The newest restriction change is the first row (newest first).
    # Which file, by name: the row said nothing of which of the case's files it was.
    assert _change_cell(view, "document.restriction_changed") == \
        "side letter.pdf: open to every user → restricted to Alice Wong (alice) and Bob Li (bob)"
    # What the event stores is still the logins.
    with db.session() as s:
        stored = s.exec(select(Event).where(Event.action == "document.attached")).one()
    assert json.loads(stored.new_value)["allowed_users"] == ["alice", "bob", "carol"]
