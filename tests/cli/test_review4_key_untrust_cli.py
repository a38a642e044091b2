"""`approvals key untrust` takes the start of a fingerprint as `key list` shows it
("D097 07BB"): only the whole 64 digits were taken, and a short one was refused as
'expected 64 hexadecimal digits'."""

from __future__ import annotations

from approvals.services import review
from approvals.store.keys import format_fingerprint
from tests.cli.helpers import run_many
from tests.review_support import open_review_pair


def test_the_start_of_a_fingerprint_names_the_key(tmp_path, data_dir, db):
    pair = open_review_pair(tmp_path, data_dir, db)  # A trusts B's key ("Reviewer laptop")
    pair.b_db.dispose()
    db.dispose()
    grouped = format_fingerprint(review.installation_identity(pair.b_dir).fingerprint)
    root = str(data_dir.root)
    unknown, short, listed = run_many(
        ("key", "untrust", "zzzz", "--data-dir", root),
        ("key", "untrust", grouped[:9].lower(), "--data-dir", root),
        ("key", "list", "--json", "--data-dir", root),
    )
    assert unknown.code == 2
    assert "No trusted key has a fingerprint starting 'zzzz'" in unknown.stderr
    assert "`approvals key list`" in unknown.stderr
    # Which key went, the fingerprint whole: it was given by its first characters.
    assert (short.code, short.stdout) == (
        0, f"No longer trusted: Reviewer laptop: {grouped}\n"), short
    assert listed.json()["keys"] == []
