"""`approvals review` in human output says a proposal to empty a field in words, as the
review window does ("(cleared)"), not as JSON `null`; an empty value is "(not stated)".
`--json` keeps `null` (the contract: values as JSON)."""

from __future__ import annotations

from pathlib import Path

from approvals.paths import DataDir
from approvals.store.migrate import open_database
from tests.cli.helpers import run_many
from tests.review_support import open_review_pair, proposal_response

FIELD = "investor.ultimate_parent"


def test_a_cleared_value_is_said_in_words_and_stays_null_in_json(tmp_path: Path) -> None:
    a_dir = DataDir(tmp_path / "A").ensure()
    a_db = open_database(a_dir)
    try:
        pair = open_review_pair(tmp_path, a_dir, a_db)
        short = pair.pack_id[:8]
        b = pair.b_dir.root
        pair.b_db.dispose()
        proposed, shown, shown_json = run_many(
            ("review", "propose", short, pair.reference, FIELD, "null", "--data-dir", b),
            ("review", "show", short, "--data-dir", b),
            ("review", "show", short, "--json", "--data-dir", b))
        assert proposed.code == 0, proposed.stderr
        assert proposed.stdout.rstrip().endswith("-> (cleared)"), proposed.stdout
        assert "null" not in proposed.stdout
        line = next(x for x in shown.stdout.splitlines() if f"proposal {FIELD}:" in x)
        assert line.endswith("-> (cleared)") and "null" not in line
        (case,) = shown_json.json()["cases"]
        assert [p["proposed_value"] for p in case["proposals"]] == [None]

        response = proposal_response(pair, tmp_path / "response.zip", field_path=FIELD,
                                     value=None)
    finally:
        a_db.dispose()
    imported, listed, listed_json = run_many(
        ("review", "import", response, "--data-dir", a_dir.root),
        ("review", "proposals", pair.reference, "--data-dir", a_dir.root),
        ("review", "proposals", pair.reference, "--json", "--data-dir", a_dir.root))
    assert imported.code == 0, imported.stderr
    line = next(x for x in listed.stdout.splitlines() if FIELD in x)
    assert "-> (cleared)" in line and "null" not in line
    (proposal,) = listed_json.json()["proposals"]
    assert proposal["proposed_value"] is None
