"""`approvals case list` with a closed case and a discarded draft: the closed case is
listed as "closed" (JSON) and "Closed" (table) with the contract's keys exactly; the
discarded draft is not listed."""

from __future__ import annotations

from pathlib import Path

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.case_lifecycle import close_case, discard_draft
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.drafts import save_draft
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from tests.cli.helpers import run_cli, run_many

BOSS = Actor("adam", ("preparer", "approver"))


def test_case_list_shows_closed_cases_and_hides_discarded_drafts(tmp_path: Path) -> None:
    root = tmp_path / "data"
    db = open_database(DataDir(root).ensure())
    try:
        with db.session() as s:
            kept = create_case(s, facts=parse_facts(demo_facts()[2]), actor=BOSS)
            closed = create_case(s, facts=parse_facts(demo_facts()[1]), actor=BOSS)
            draft = save_draft(s, actor=BOSS, data={"target": {"name_en": "Typo Co"}})
        with db.session() as s:
            close_case(session=s, case_id=closed.id, actor=BOSS, reason="deal lapsed",
                       expected_version=closed.version)
            discard_draft(session=s, reference=draft.reference, actor=BOSS, reason="typo")
    finally:
        db.dispose()
    listed = run_cli("case", "list", "--json", data_dir=root)
    assert listed.code == 0, listed.stderr
    cases = listed.json()["cases"]
    assert [c["reference"] for c in cases] == [kept.reference, closed.reference]
    assert all(set(c) == {"reference", "target", "investor", "status", "next_deadline"}
               for c in cases)
    by_ref = {c["reference"]: c for c in cases}
    assert by_ref[closed.reference]["status"] == "closed"
    assert by_ref[closed.reference]["next_deadline"] is None
    assert by_ref[kept.reference]["status"] == "draft"  # its track's state, as before
    # The table in a forked process (tests/cli/helpers.py): the JSON list was the real one.
    [table] = run_many(("case", "list", "--data-dir", root))
    assert table.code == 0
    line = next(li for li in table.stdout.splitlines() if li.startswith(closed.reference))
    assert "Closed" in line and draft.reference not in table.stdout
