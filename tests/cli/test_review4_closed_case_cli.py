"""`approvals review import` and `review proposals` on a case closed while its pack was out:
the import names it and what its proposals need, the proposals say to reopen it first."""

from __future__ import annotations

from approvals.services.case_lifecycle import close_case
from approvals.services.cases import case_id_for, get_case
from tests.cli.helpers import run_many
from tests.review_support import ROOT, open_review_pair, proposal_response


def test_a_closed_case_is_named_on_import_and_in_the_proposals(tmp_path, data_dir, db):
    pair = open_review_pair(tmp_path, data_dir, db)
    response = proposal_response(pair, tmp_path / "response.zip")
    with db.session() as s:
        case = get_case(s, pair.reference)
        close_case(session=s, case_id=case_id_for(s, pair.reference), actor=ROOT,
                   expected_version=case.version, reason="Deal abandoned")
    db.dispose()
    root = str(data_dir.root)
    imported, listed, as_json = run_many(
        ("review", "import", str(response), "--data-dir", root),
        ("review", "proposals", pair.reference, "--data-dir", root),
        ("review", "proposals", pair.reference, "--json", "--data-dir", root),
    )
    assert imported.code == 0, imported.stderr
    assert (f"{pair.reference} is closed here (Deal abandoned): the reviewer's input is kept, "
            "and a proposed change can be accepted once the case is reopened.") in imported.stdout
    assert "(case closed: reopen it to accept)" in listed.stdout
    assert as_json.json()["proposals"][0]["case_status"] == "closed"


def test_an_empty_response_says_how_to_add_input(tmp_path, data_dir, db):
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    db.dispose()
    (refused,) = run_many(("review", "respond", pair.pack_id[:8], "--out",
                           str(tmp_path / "r.zip"), "--data-dir", str(pair.b_dir.root)))
    assert refused.code == 2
    assert "there is no review input to send yet" in refused.stderr
    assert "`approvals review comment`, `propose` or `recommend`" in refused.stderr
    assert not (tmp_path / "r.zip").exists()
