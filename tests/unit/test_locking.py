"""Optimistic locking: two sessions (two Database objects on one file) saving the same
case or track — the second gets a ConflictError saying what changed; nothing is lost."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.errors import ConflictError, PermissionDenied
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.case_edit import leaf_changes, update_case_facts
from approvals.services.cases import create_case, get_case, list_cases
from approvals.services.demo import demo_facts
from approvals.services.workflow import transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Event, FilingTrack, Party

ALICE = Actor("alice", ("preparer",))
BOB = Actor("bob", ("preparer", "approver"))


def _facts(**target: Any) -> Any:
    data = json.loads(json.dumps(demo_facts()[0]))
    data["target"].update(target)
    return parse_facts(data)


def test_second_save_of_the_same_case_conflicts(db: Database, data_dir: DataDir) -> None:
    with db.session() as s:
        case = create_case(s, facts=_facts(), actor=ALICE, status="draft")
    other = open_database(data_dir)  # a second connection pool on the same file
    try:
        with db.read_session() as s1, other.read_session() as s2:
            v1, v2 = get_case(s1, case.reference).version, get_case(s2, case.reference).version
        assert v1 == v2 == 1
        with db.session() as s:
            update_case_facts(session=s, case_id=case.id, expected_version=v1,
                              new_facts=_facts(name_en="Alice's Name Ltd."), actor=ALICE,
                              reason="typo")
        with other.session() as s, pytest.raises(ConflictError) as err:
            update_case_facts(session=s, case_id=case.id, expected_version=v2,
                              new_facts=_facts(name_en="Bob's Name Ltd.", headquarters="HK"),
                              actor=BOB, reason="mine")
        assert "target.name_en" in str(err.value) and "alice" in str(err.value)
        assert err.value.changes and err.value.changes[0].startswith("target.name_en")
        with other.read_session() as s:
            saved = get_case(s, case.reference)
            assert saved.facts.target.name_en == "Alice's Name Ltd."
            assert saved.facts.target.headquarters == "CN" and saved.version == 2
            assert [r.target for r in list_cases(s)] == ["Alice's Name Ltd."]
            party = s.exec(select(Party).where(Party.role == "target")).one()
            assert party.name_en == "Alice's Name Ltd."
            changed = s.exec(select(Event).where(Event.action == "field.changed")).all()
            assert [(e.field, e.actor) for e in changed] == [("target.name_en", "alice")]
            assert json.loads(changed[0].old_value) == demo_facts()[0]["target"]["name_en"]
    finally:
        other.dispose()


def test_second_transition_of_the_same_track_conflicts(db: Database, data_dir: DataDir) -> None:
    with db.session() as s:
        case = create_case(s, facts=_facts(), actor=ALICE, status="draft")
        track = FilingTrack(case_id=case.id, regime="CN-FISR", kind="CN-FISR")
        s.add(track)
        s.flush()
        tid = track.id
    other = open_database(data_dir)
    try:
        with db.session() as s:
            transition(session=s, track_id=tid, transition_name="submit_for_review",
                       actor=ALICE, expected_version=1)
        with other.session() as s, pytest.raises(ConflictError) as err:
            transition(session=s, track_id=tid, transition_name="withdraw", actor=BOB,
                       reason="no longer needed", expected_version=1)
        assert "(Draft → Internal review)" in str(err.value)
        with other.read_session() as s:
            row = s.get(FilingTrack, tid)
            assert row is not None and (row.state, row.version) == ("internal_review", 2)
    finally:
        other.dispose()


def test_unchanged_save_writes_nothing_and_leaf_diff() -> None:
    assert leaf_changes({"a": {"b": 1, "c": [1]}}, {"a": {"b": 2, "c": [1]}}) == [("a.b", 1, 2)]
    assert leaf_changes({"a": None}, {"a": {"x": 1, "y": None}}) == [("a.x", None, 1)]
    assert leaf_changes({"l": [1, 2]}, {"l": [2, 1]}) == [("l", [1, 2], [2, 1])]
    assert leaf_changes({"a": 1}, {"a": 1}) == []


def test_no_change_no_event_and_permission(db: Database) -> None:
    with db.session() as s:
        case = create_case(s, facts=_facts(), actor=ALICE, status="draft")
    with db.session() as s:
        same = update_case_facts(session=s, case_id=case.id, expected_version=1,
                                 new_facts=_facts(), actor=ALICE)
        assert same.version == 1
        assert s.exec(select(Event).where(Event.action == "field.changed")).all() == []
    with db.session() as s, pytest.raises(PermissionDenied):
        update_case_facts(session=s, case_id=case.id, expected_version=1,
                          new_facts=_facts(name_en="X"), actor=Actor("rita", ("reviewer",)))


def test_a_writer_that_holds_the_lock_too_long_is_a_clear_busy_error(
    data_dir: DataDir, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from approvals.domain.errors import DatabaseBusy
    from approvals.store import db as db_module

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)  # rather than the real 10 s
    database = open_database(data_dir)
    other = sqlite3.connect(data_dir.database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process, mid-write
        with pytest.raises(DatabaseBusy, match="The database is busy"), \
                database.session() as session:
            create_case(session, actor=admin, facts=parse_facts(demo_facts()[0]))
        other.execute("ROLLBACK")
        with database.read_session() as session:
            assert list_cases(session) == []  # nothing half-written
    finally:
        other.close()
        database.dispose()
