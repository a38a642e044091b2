"""A trusted key's label and a decision's reason are refused, at their option, when they
hold a control character or a text-direction control: a label "a\\u202eb" showed the
reviewer's name reversed in `review import`, `review proposals` and the audit trail, and
`review decide --reason $'bad\\x01reason'` went into the chain, where nothing can be
corrected. Trusting a key trusted already under another name says it renames it."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many


def test_a_label_or_reason_with_control_characters_is_refused(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    pub = tmp_path / "there.pub"
    (setup,) = run_many(("key", "export", "--out", str(pub), "--label", "Rita laptop",
                         "--data-dir", str(there)))
    assert setup.code == 0, setup.stderr
    fingerprint = setup.stdout.split("Its fingerprint:", 1)[1].split("\n")[0].strip()
    results = run_many(
        ("key", "trust", str(pub), "--label", "Rita\x07 laptop", "--data-dir", str(here)),
        ("key", "trust", str(pub), "--label", "a\u202eb", "--data-dir", str(here)),
        ("key", "trust", str(pub), "--label", "x" * 201, "--data-dir", str(here)),
        ("key", "trust", str(pub), "--label", "Rita laptop", "--fingerprint", fingerprint,
         "--data-dir", str(here)),
        ("key", "trust", str(pub), "--label", "Other label", "--fingerprint", fingerprint,
         "--data-dir", str(here)),
        ("review", "decide", "999", "accept", "--reason", "bad\x01reason",
         "--data-dir", str(here)),
        ("review", "decide", "999", "accept", "--reason", "x\u202ey", "--data-dir", str(here)),
        ("key", "list", "--data-dir", str(here)),
    )
    codes = [r.code for r in results]
    assert codes == [2, 2, 2, 0, 0, 2, 2, 0], [r.stderr for r in results]
    assert results[0].stderr.startswith("--label: contains a control character (U+0007)")
    assert results[1].stderr.startswith("--label: contains a text-direction control (U+202E)")
    assert results[2].stderr.startswith("--label: ")
    assert results[3].stdout.startswith("Trusted Rita laptop: ")
    assert results[4].stdout.startswith("Already trusted as Rita laptop; renamed to Other label: ")
    assert results[5].stderr.startswith("--reason: contains a control character (U+0001)")
    assert results[6].stderr.startswith("--reason: contains a text-direction control (U+202E)")
    assert "Other label" in results[7].stdout and "Rita laptop" not in results[7].stdout
