"""`approvals review show` lists the facts under review by the paths `review comment
--field` and `review propose` take (only --json had them), and says times as the other
commands do ("2026-11-30 23:22 UTC"), as does `key list`."""

from __future__ import annotations

import json
import re

from tests.cli.helpers import run_many
from tests.review_support import ROOT, open_review_pair

UTC_TIME = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"


def test_review_show_lists_the_facts_and_says_times_in_utc(tmp_path, data_dir, db) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    db.dispose()
    b = str(pair.b_dir.root)
    shown, as_json, keys = run_many(("review", "show", pair.pack_id[:8], "--data-dir", b),
                                    ("review", "show", pair.pack_id[:8], "--json", "--data-dir", b),
                                    ("key", "list", "--data-dir", b))
    assert shown.code == 0, shown.stderr
    facts = as_json.json()["cases"][0]["facts"]
    lines = shown.stdout.splitlines()
    assert "  facts:" in lines
    assert f"    deal.amount.value: {json.dumps(facts['deal']['amount']['value'])}" in lines
    assert f"    target.name_en: {json.dumps(facts['target']['name_en'])}" in lines
    assert not any(line.startswith("    schema_version") for line in lines)
    # The case's status as the preparer's case list says it, not the bare "open".
    heading = next(line for line in lines if line.startswith(pair.reference))
    assert heading == (f"{pair.reference} (Open; least advanced: Draft (blocked: prohibited "
                       "by screening), version 1)")
    assert re.search(rf"\(exported {UTC_TIME} by ", lines[0]), lines[0]
    drafts = [line for line in lines if "draft filing (rendered at export)" in line]
    assert drafts and all(re.search(rf"generated {UTC_TIME},", line) for line in drafts)
    assert re.search(rf"\(added {UTC_TIME} by ", keys.stdout), keys.stdout


def test_review_list_says_answered_as_the_window_of_opened_packs(tmp_path, data_dir, db) -> None:
    from approvals.services import review

    pair = open_review_pair(tmp_path, data_dir, db)
    review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                          field_path="deal.board_seats", value=2, actor=ROOT)
    pair.b_db.dispose()
    db.dispose()
    b = str(pair.b_dir.root)
    _sent, listed = run_many(("review", "respond", pair.pack_id[:8], "--out",
                              str(tmp_path / "r.zip"), "--data-dir", b),
                             ("review", "list", "--data-dir", b))
    # Review → Review packs opened here… says "(answered)"; the command said "(responded)".
    assert listed.stdout.rstrip().endswith("(answered)"), listed.stdout


def test_a_comment_on_a_document_names_it_by_number_and_name(tmp_path, data_dir, db) -> None:
    """`review show` said "on document 1", where the Timeline names the file."""
    from approvals.services import review
    from approvals.services.cases import case_id_for
    from approvals.services.documents import attach_document
    from tests.review_support import PAT, RITA

    pair = open_review_pair(tmp_path, data_dir, db)
    minutes = tmp_path / "board minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    with db.session() as s:
        attach_document(s, actor=ROOT, data_dir=data_dir,
                        case_id=case_id_for(s, pair.reference), source=minutes)
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[pair.reference],
                                  out=tmp_path / "second.zip", actor=PAT)
    with pair.b_db.session() as s:
        pack_id = review.open_review_pack(s, data_dir=pair.b_dir, path=tmp_path / "second.zip",
                                          actor=RITA).pack_id
    pair.b_db.dispose()
    db.dispose()
    b = str(pair.b_dir.root)
    (listed,) = run_many(("review", "show", pack_id[:8], "--json", "--data-dir", b))
    [document] = [d for c in listed.json()["cases"] for d in c["documents"]
                  if d["file_name"] == "board minutes.pdf"]
    commented, shown = run_many(
        ("review", "comment", pack_id[:8], pair.reference, "--document", str(document["id"]),
         "--text", "Unsigned copy", "--data-dir", b),
        ("review", "show", pack_id[:8], "--data-dir", b))
    assert commented.code == 0, commented.stderr
    assert (f"on document {document['id']} (board minutes.pdf): Unsigned copy"
            in shown.stdout), shown.stdout
