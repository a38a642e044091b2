"""`review proposals` names who changed a conflicting field here after the export, when
and why — in its text and in its --json (`changed_here`), beside every earlier key."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.case_edit import update_case_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Case, User
from tests.cli.helpers import run_many
from tests.review_support import RITA, open_review_pair, proposal_response, write_response

LEE = Actor("lee", ("preparer",), "Lee Chen")


def _seats_changed_here(db: Database, reference: str, seats: int, reason: str) -> int:
    """Lee sets the board seats here, as the case window saves an edit; the value before."""
    with db.session() as s:
        case = s.exec(select(Case).where(Case.reference == reference)).one()
        facts = json.loads(case.facts)
        before = facts["deal"]["board_seats"]
        facts["deal"]["board_seats"] = seats
        assert case.id is not None
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=LEE, reason=reason)
    return int(before)


def test_proposals_name_the_change_made_here(tmp_path: Path) -> None:
    a_dir = DataDir(tmp_path / "A").ensure()
    a_db = open_database(a_dir)
    try:
        pair = open_review_pair(tmp_path, a_dir, a_db)
        response = proposal_response(pair, tmp_path / "response.zip", value=4)
        with a_db.session() as s:
            s.add(User(username="lee", display_name="Lee Chen", roles=json.dumps(["preparer"])))
        _seats_changed_here(a_db, pair.reference, 7, "board minutes of 3 March")
    finally:
        a_db.dispose()
    imported, shown, listed = run_many(
        ("review", "import", response, "--data-dir", a_dir.root),
        ("review", "proposals", pair.reference, "--data-dir", a_dir.root),
        ("review", "proposals", pair.reference, "--json", "--data-dir", a_dir.root))
    assert imported.code == 0 and shown.code == 0, (imported, shown)
    lines = shown.stdout.splitlines()
    conflict = next(i for i, line in enumerate(lines) if "CONFLICT" in line)
    said = lines[conflict + 1].strip()
    assert said.startswith("changed here by Lee Chen (lee) on ")
    assert said.endswith(" UTC: board minutes of 3 March")

    (proposal,) = listed.json()["proposals"]
    assert {"id", "reference", "field", "base_value", "proposed_value", "current_value",
            "conflict", "status", "reviewer", "others", "current_from",
            "case_status"} < set(proposal)
    changed = proposal["changed_here"]
    assert (changed["by"], changed["display_name"], changed["reason"]) == (
        "lee", "Lee Chen", "board minutes of 3 March")
    assert changed["at"].endswith("Z") and changed["text"] == said


def test_a_comment_on_a_field_changed_here_is_said_and_the_import_succeeds(tmp_path: Path) -> None:
    """`review import` printed its counts, then failed with an internal error (exit 1) on
    the line for a comment about a field changed here since the export, the import
    already saved."""
    a_dir = DataDir(tmp_path / "A").ensure()
    a_db = open_database(a_dir)
    try:
        pair = open_review_pair(tmp_path, a_dir, a_db)
        review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, body="Check the seats",
                                  actor=RITA, field_path="deal.board_seats")
        response = write_response(pair, tmp_path / "response.zip")
        pair.b_db.dispose()
        before = _seats_changed_here(a_db, pair.reference, 7, "board minutes")
    finally:
        a_db.dispose()
    [imported] = run_many(("review", "import", response, "--data-dir", a_dir.root))
    assert (imported.code, imported.stderr) == (0, ""), imported
    assert (f"{pair.reference}: deal.board_seats changed here since export ({before} -> 7); "
            "the reviewer's comment on it is about the value at export.") in imported.stdout


def test_decide_over_a_conflict_checks_the_current_value_given(tmp_path: Path) -> None:
    """`--current` names the value the officer saw: accepting over a field changed again
    since is refused (exit 2, nothing written); with the value as it is, accepted."""
    a_dir = DataDir(tmp_path / "A").ensure()
    a_db = open_database(a_dir)
    try:
        pair = open_review_pair(tmp_path, a_dir, a_db)
        response = proposal_response(pair, tmp_path / "response.zip", value=4)
        _seats_changed_here(a_db, pair.reference, 7, "minutes")
    finally:
        a_db.dispose()
    d = ("--data-dir", a_dir.root)
    imported, listed = run_many(("review", "import", response, *d),
                                ("review", "proposals", pair.reference, "--json", *d))
    assert imported.code == 0, imported
    (proposal,) = listed.json()["proposals"]
    pid = str(proposal["id"])
    stale, bad, accepted = run_many(
        ("review", "decide", pid, "accept", "--override-conflict", "--current", "5", *d),
        ("review", "decide", pid, "accept", "--override-conflict", "--current", "{x", *d),
        ("review", "decide", pid, "accept", "--override-conflict", "--current", "7", *d))
    assert (stale.code, stale.stdout) == (2, "")
    assert "changed again since you confirmed replacing it: it was 5, it is now 7" in stale.stderr
    assert bad.code == 2 and "argument --current: '{x' is not a JSON value" in bad.stderr
    assert accepted.code == 0 and accepted.stdout.endswith(": accepted.\n"), accepted
