"""Two reviewers answer one pack, through the real entry point: the preparer's
`review import` says where they differ, `review proposals` names whose value the field
has now, and a refused decision names both reviewers."""

from __future__ import annotations

from pathlib import Path

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.migrate import open_database
from tests.cli.helpers import run_many
from tests.review_multi_support import open_review_desk


def test_two_reviewers_on_the_command_line(tmp_path: Path) -> None:
    a = tmp_path / "A"
    a_db = open_database(DataDir(a).ensure())
    try:
        desk = open_review_desk(tmp_path, DataDir(a), a_db)
        ref = desk.reference
        desk.propose("B", "deal.board_seats", 1)
        desk.propose("C", "deal.board_seats", 2)
        for who, rec in (("B", "approve"), ("C", "return")):
            folder, _db, actor = desk.reviewers[who]
            review.set_recommendation(data_dir=folder, pack_id=desk.pack_id, reference=ref,
                                      recommendation=rec, reasons=f"{rec}: checked", actor=actor)
        rita = desk.respond("B", tmp_path / "rita.zip")
        ben = desk.respond("C", tmp_path / "ben.zip")
        desk.close()
    finally:
        a_db.dispose()
    first, second, second_json, listed = run_many(
        ("review", "import", rita, "--data-dir", a),
        ("review", "import", ben, "--data-dir", a),
        ("review", "import", ben, "--json", "--data-dir", a),
        ("review", "proposals", ref, "--json", "--data-dir", a),
    )
    assert first.code == second.code == second_json.code == listed.code == 0, second.stderr
    assert "differ" not in first.stdout
    assert (f"{ref}: deal.board_seats: rita (Reviewer laptop) proposed 1 (#1, pending) — the "
            "reviewers differ; decide each in `approvals review proposals "
            f"{ref}`.") in second.stdout
    assert f"{ref}: note that rita (Reviewer laptop) recommends approve." in second.stdout
    # Imported again: nothing new, so no second opinion reported again either.
    assert second_json.json()["disagreements"] == []
    rows = {p["reviewer"]: p for p in listed.json()["proposals"]}
    ben_row = rows["ben (Ben's laptop)"]
    assert [(o["reviewer"], o["proposed_value"], o["status"]) for o in ben_row["others"]] == [
        ("rita (Reviewer laptop)", 1, "pending")]
    rita_id, ben_id = rows["rita (Reviewer laptop)"]["id"], ben_row["id"]

    accepted, shown, refused, rejected, after = run_many(
        ("review", "decide", str(rita_id), "accept", "--data-dir", a),
        ("review", "proposals", ref, "--data-dir", a),
        ("review", "decide", str(ben_id), "accept", "--data-dir", a),
        ("review", "decide", str(ben_id), "reject", "--data-dir", a),
        ("review", "proposals", ref, "--data-dir", a),
    )
    assert accepted.code == 0 and rejected.code == 0, (accepted, rejected)
    assert (f"#{ben_id} {ref} deal.board_seats [pending] by ben (Ben's laptop): 0 -> 2   "
            "CONFLICT: changed here since export, now 1 (proposal "
            f"#{rita_id} by rita (Reviewer laptop), accepted by cli:") in shown.stdout
    assert refused.code == 2 and "Traceback" not in refused.stderr
    assert "reviewer ben (Ben's laptop) proposes 2" in refused.stderr
    assert f"proposal #{rita_id} by rita (Reviewer laptop), accepted by cli:" in refused.stderr
    # Both decisions stay each reviewer's own.
    assert f"#{rita_id} {ref} deal.board_seats [accepted] by rita (Reviewer laptop)" in after.stdout
    assert f"#{ben_id} {ref} deal.board_seats [rejected] by ben (Ben's laptop)" in after.stdout
