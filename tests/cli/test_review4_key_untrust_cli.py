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
    none = ("1" if grouped.startswith("0") else "0") + "000"  # starts no trusted key
    unknown, typo, empty, short, listed = run_many(
        ("key", "untrust", none, "--data-dir", root),
        ("key", "untrust", "zzzz", "--data-dir", root),
        ("key", "untrust", " ", "--data-dir", root),
        ("key", "untrust", grouped[:9].lower(), "--data-dir", root),
        ("key", "list", "--json", "--data-dir", root),
    )
    assert unknown.code == 2
    assert f"FP: no trusted key has a fingerprint starting '{none}'" in unknown.stderr
    assert "`approvals key list`" in unknown.stderr
    # No fingerprint at all, said at its argument as other commands say it.
    assert (typo.code, typo.stderr) == (2, "FP: 'zzzz' is not a fingerprint: a fingerprint "
                                           "has the digits 0-9 and the letters A-F only\n")
    assert empty.code == 2 and empty.stderr.startswith("FP: is empty; give the fingerprint")
    # Which key went, the fingerprint whole: it was given by its first characters.
    assert (short.code, short.stdout) == (
        0, f"No longer trusted: Reviewer laptop: {grouped}\n"), short
    assert listed.json()["keys"] == []
