"""A pack given back to the installation that signed it, through the real entry point:
the desk importing the review pack it exported (where the reviewer's response was meant)
and a reviewer opening or importing the response they wrote are refused by what the pack
is, exit 1 as every refused pack, with nothing written; the real round trip still works."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from tests.cli.helpers import run_many
from tests.review_support import RITA, open_review_pair, write_response


def _manifest(pack: Path) -> dict:
    with zipfile.ZipFile(pack) as zf:
        return json.loads(zf.read("manifest.json"))


def _when(manifest: dict) -> str:
    created = manifest["created_at"]  # e.g. 2026-11-29T22:41:05Z
    return f"on {created[:10]} at {created[11:16]} UTC"


def _state(folder: DataDir) -> tuple[int, list[str]]:
    """The audit events recorded, and the review packs open in the folder."""
    conn = sqlite3.connect(folder.database)
    try:
        (events,) = conn.execute("SELECT count(*) FROM events").fetchone()
    finally:
        conn.close()
    reviews = review.reviews_dir(folder)
    return events, sorted(p.name for p in reviews.iterdir()) if reviews.is_dir() else []


def test_a_pack_given_back_to_the_installation_that_signed_it(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, body="Checked", actor=RITA)
        response = write_response(pair, tmp_path / "response.zip")
    finally:
        pair.b_db.dispose()
    db.dispose()
    a, b = ("--data-dir", pair.a_dir.root), ("--data-dir", pair.b_dir.root)
    desk_before, laptop_before = _state(pair.a_dir), _state(pair.b_dir)
    assert desk_before[1] == []  # the desk has no pack open

    own_review, own_review_json, own_response_open, own_response_import = run_many(
        ("review", "import", pair.pack, *a),
        ("review", "import", pair.pack, "--json", *a),
        ("review", "open", response, *b),
        ("review", "import", response, *b),
    )
    said = _manifest(pair.pack)
    expected = (f"The review pack review.zip was refused: it is the review pack {pair.pack_id[:8]} that "
                f"this installation exported {_when(said)} for {pair.reference}, not a "
                "reviewer's response: import the response pack the reviewer sends back (to "
                "review these cases on this installation yourself, open the pack with "
                "`approvals review open`). Nothing was changed.\n")
    for result in (own_review, own_review_json):
        assert (result.code, result.stdout, result.stderr) == (1, "", expected)
    assert _state(pair.a_dir) == desk_before  # no event, no pack opened on the desk

    written = _manifest(response)
    assert (own_response_open.code, own_response_open.stdout) == (1, "")
    assert own_response_open.stderr == (
        f"The file response.zip was refused: it is the response pack that this installation "
        f"wrote {_when(written)} for {pair.reference}, answering review pack {pair.pack_id[:8]}, "
        "not a review pack: it goes back to the installation that sent that review pack, to "
        "be imported there. Nothing was changed.\n")
    assert (own_response_import.code, own_response_import.stdout) == (1, "")
    assert own_response_import.stderr == (
        f"The response pack response.zip was refused: it answers review pack {pair.pack_id[:8]}, which was "
        "not exported from this installation: it is the response pack that this installation "
        f"wrote {_when(written)} for {pair.reference}, and it goes back to the installation "
        "that sent the review pack, to be imported there. Nothing was changed.\n")
    assert _state(pair.b_dir) == laptop_before

    # The packs where they belong: the response merges on the desk; the desk's own review
    # pack still opens in review mode when asked for by name (a second officer reviewing
    # on the same installation).
    merged, opened = run_many(("review", "import", response, "--json", *a),
                              ("review", "open", pair.pack, *a))
    assert merged.code == 0, merged.stderr
    assert merged.json()["in_reply_to"] == pair.pack_id
    assert merged.json()["comments_added"] == 1
    assert opened.code == 0, opened.stderr
    assert opened.stdout.startswith(f"Review pack {pair.pack_id} from this installation is "
                                    "open for review")


def test_the_solo_desk_is_told_to_import_its_own_response(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    """One installation that exported the pack and reviewed it: its response, given to
    `review open`, is to be imported (it answers a pack exported here)."""
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    db.dispose()
    a = ("--data-dir", pair.a_dir.root)
    response = tmp_path / "own-response.zip"
    opened, commented, responded = run_many(
        ("review", "open", pair.pack, *a),
        ("review", "comment", pair.pack_id, pair.reference, "--text", "Fine", *a),
        ("review", "respond", pair.pack_id, "--out", response, *a))
    for result in (opened, commented, responded):
        assert result.code == 0, result.stderr
    before = _state(pair.a_dir)
    (refused,) = run_many(("review", "open", response, *a))
    assert (refused.code, refused.stdout) == (1, "")
    assert refused.stderr.endswith(
        f"answering review pack {pair.pack_id[:8]}, not a review pack: import it with "
        "`approvals review import`. Nothing was changed.\n")
    assert _state(pair.a_dir) == before
