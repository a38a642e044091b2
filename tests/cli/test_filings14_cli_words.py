"""A refused final says which tracks wait in the workflow's words, on the command line as
in the app: "not approved for filing yet: CN-FISR (internal review)", not the state's code
"(internal_review)"."""

from __future__ import annotations

from pathlib import Path

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from tests.cli.helpers import run_many
from tests.filings_seed import load, seed_case

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))


def test_a_refused_final_names_the_waiting_state_in_words(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = open_database(DataDir(data).ensure())
    with db.session() as session:
        refs = load(session, ADMIN, only=("DEMO-02",))
    with db.session() as session:
        # CN-FISR stays in internal review; the others are approved for filing.
        seed_case(
            session,
            ADMIN,
            "DEMO-02",
            refs["DEMO-02"],
            approve=("CN-TECH-EXPORT", "CN-SAMR", "US-OISP"),
            complete=True,
        )
    db.dispose()
    out = tmp_path / "final.pdf"
    result = run_many(
        (
            "filing",
            "render",
            refs["DEMO-02"],
            "--kind",
            "cn-application",
            "--final",
            "--out",
            str(out),
            "--data-dir",
            data,
        )
    )[0]
    assert result.code == 2 and not out.exists()
    assert "tracks: not approved for filing yet: CN-FISR (internal review)" in result.stderr
    assert "internal_review" not in result.stderr
