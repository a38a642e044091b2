"""The review and key commands name a bad option as it is typed (`--text`, `--reasons`,
`--document`, `--field`, `--fingerprint`, `--label`; a positional by its metavar), as
`--out` is named: the service's own names (`text`, `reasons`) read as no option at all.
A facts path stays a facts path."""

from __future__ import annotations

from tests.cli.helpers import run_many
from tests.review_support import open_review_pair


def test_bad_review_and_key_input_names_the_option_typed(tmp_path, data_dir, db) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    db.dispose()
    b, pack, ref = str(pair.b_dir.root), pair.pack_id[:8], pair.reference
    results = run_many(
        ("review", "comment", pack, ref, "--text", " ", "--data-dir", b),
        ("review", "comment", pack, ref, "--document", "999", "--text", "x", "--data-dir", b),
        ("review", "comment", pack, ref, "--field", "deal.nope", "--text", "x", "--data-dir", b),
        ("review", "propose", pack, ref, "deal.nope", "3", "--data-dir", b),
        ("review", "propose", pack, ref, "deal.board_seats", '"three"', "--data-dir", b),
        ("review", "recommend", pack, ref, "return", "--data-dir", b),
        ("review", "respond", pack, "--out", str(tmp_path / "r.zip"), "--data-dir", b),
        ("key", "trust", str(pair.pack), "--fingerprint", "1234", "--data-dir", b),
        ("key", "trust", "approvals-ed25519 " + "A" * 43 + "=", "--data-dir", b),
        ("key", "untrust", "xyz", "--data-dir", str(tmp_path / "new")),
    )
    firsts = [r.stderr.split(":", 1)[0] for r in results]
    assert firsts == ["--text", "--document", "--field", "PATH", "deal.board_seats",
                      "--reasons", "PACK_ID", "--fingerprint", "--label", "FP"], \
        [r.stderr for r in results]
    assert all(r.code == 2 for r in results)
    assert results[1].stderr == f"--document: case {ref} has no document 999 in this pack\n"
    assert not (tmp_path / "r.zip").exists() and not (tmp_path / "new").exists()
