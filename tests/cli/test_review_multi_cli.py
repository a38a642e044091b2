"""Two reviewers answer one pack, through the real entry point: the preparer's
`review import` says where they differ, `review proposals` names whose value the field
has now, and a refused decision names both reviewers."""

from __future__ import annotations

from pathlib import Path

from approvals.paths import DataDir
from approvals.services import review
from tests import review_support
from tests.cli.helpers import run_many
from tests.conftest import new_database
from tests.review_multi_support import open_review_desk


def test_two_reviewers_on_the_command_line(tmp_path: Path) -> None:
    a = tmp_path / "A"
    a_db = new_database(DataDir(a).ensure())
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


def test_packs_from_an_installation_not_trusted_yet_or_for_another_desk(tmp_path: Path) -> None:
    a = tmp_path / "A"
    a_db = new_database(DataDir(a).ensure())
    try:
        desk = open_review_desk(tmp_path, DataDir(a), a_db)
        desk.propose("B", "deal.board_seats", 1)
        response = desk.respond("B", tmp_path / "rita.zip")
        desk.close()
    finally:
        a_db.dispose()
    pack = tmp_path / "review.zip"
    # D: a third reviewer's laptop with a database that trusts nobody yet; E: no database;
    # F: another desk that trusts Rita's laptop but never exported that pack.
    d, e, f = tmp_path / "D", tmp_path / "E", tmp_path / "F"
    new_database(DataDir(d).ensure()).dispose()
    f_db = new_database(DataDir(f).ensure())
    try:
        with f_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(
                DataDir(tmp_path / "B")).public_key_text, label="Rita's laptop",
                actor=review_support.ROOT)
    finally:
        f_db.dispose()
    a_fp = review.installation_identity(DataDir(a)).fingerprint_grouped
    untrusted, no_db, wrong_desk, wrong_kind, trusted_wrong_desk = run_many(
        ("review", "open", pack, "--data-dir", d),
        ("review", "open", pack, "--data-dir", e),
        ("review", "import", response, "--data-dir", d),
        ("review", "open", response, "--data-dir", f),
        ("review", "import", response, "--data-dir", f),
    )
    for refused in (untrusted, no_db, wrong_desk, wrong_kind, trusted_wrong_desk):
        assert refused.code == 1 and "Traceback" not in refused.stderr, refused
        assert refused.stderr.endswith("Nothing was changed.\n")
    # How to trust, with this pack's name, and never the fingerprint typed in for you.
    assert f"not trusted here (fingerprint {a_fp}); compare the fingerprint" in untrusted.stderr
    assert ("`approvals key trust review.zip --label NAME --fingerprint \"<the fingerprint "
            "the sender reads out>\"`") in untrusted.stderr
    assert f"not the one that signed this pack (fingerprint {a_fp})" in no_db.stderr
    assert "key trust review.zip --label NAME --fingerprint" in no_db.stderr
    assert not e.exists() and not (d / "reviews").exists()
    # A response given to a desk that never sent its pack: trusting its key would not help.
    assert (f"it says it is a reviewer's response to review pack {desk.pack_id[:8]}, which was "
            "not exported from this installation") in wrong_desk.stderr
    assert "was it meant for another desk?" in wrong_desk.stderr
    assert "key trust" not in wrong_desk.stderr
    assert ("it is a response pack, a review pack was expected" in wrong_kind.stderr)
    assert "was it meant for another desk?" in trusted_wrong_desk.stderr
    # Trusted as the message says, the pack opens.
    trusted, opened = run_many(
        ("key", "trust", pack, "--label", "Desk", "--fingerprint", a_fp, "--data-dir", d),
        ("review", "open", pack, "--data-dir", d))
    assert trusted.code == 0 and opened.code == 0, (trusted, opened)
