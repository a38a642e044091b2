"""Exit 2 writes nothing, for the review, key and particulars commands too: on a data folder
that does not exist yet (a mistyped --data-dir), a refused or empty answer leaves no new
folder with an empty database behind; bad input is refused before any folder is opened."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run_many

FP = "a" * 64
FP_GROUPED = " ".join(["AAAA"] * 16)


def test_refusals_and_empty_lists_on_a_new_data_folder_create_nothing(tmp_path: Path) -> None:
    key_folder = tmp_path / "keyholder"
    public_key = tmp_path / "other.pub"
    particulars = tmp_path / "particulars.json"
    particulars.write_text(json.dumps({"representative": {"email": "jane-at-example"}}),
                           encoding="utf-8")
    good_particulars = tmp_path / "good.json"
    good_particulars.write_text(json.dumps({"representative": {"name": "Jane Roe"}}),
                                encoding="utf-8")
    new = {name: tmp_path / name for name in (
        "proposals", "decide", "respond", "keys", "keys_json", "untrust_bad", "untrust",
        "trust_bad", "trust_mismatch", "particulars_bad", "particulars_case")}
    results = run_many(
        ("key", "export", "--out", public_key, "--label", "Other", "--data-dir", key_folder),
        ("review", "proposals", "AP-2026-0001", "--data-dir", new["proposals"]),
        ("review", "decide", "1", "accept", "--data-dir", new["decide"]),
        ("review", "respond", "1855e389", "--out", tmp_path / "r.zip", "--data-dir",
         new["respond"]),
        ("key", "list", "--data-dir", new["keys"]),
        ("key", "list", "--json", "--data-dir", new["keys_json"]),
        ("key", "untrust", "ABCD", "--data-dir", new["untrust_bad"]),
        ("key", "untrust", FP, "--data-dir", new["untrust"]),
        ("key", "trust", public_key, "--label", "x", "--fingerprint", "00", "--data-dir",
         new["trust_bad"]),
        ("key", "trust", public_key, "--label", "x", "--fingerprint", FP, "--data-dir",
         new["trust_mismatch"]),
        ("filing", "particulars", particulars, "--data-dir", new["particulars_bad"]),
        ("filing", "particulars", good_particulars, "--case", "AP-2026-0001", "--data-dir",
         new["particulars_case"]),
    )
    exported, proposals, decide, respond, keys, keys_json, untrust_bad, untrust, trust_bad, \
        trust_mismatch, particulars_bad, particulars_case = results
    assert exported.code == 0, exported
    assert (proposals.code, proposals.stderr) == (2, "There is no case AP-2026-0001.\n")
    assert (decide.code, decide.stderr) == (2, "There is no proposed change 1.\n")
    assert respond.code == 2 and "PACK_ID: no open review pack '1855e389' here" in respond.stderr
    assert keys.code == 0 and keys.stdout.startswith("No trusted keys yet.")
    assert keys_json.code == 0 and keys_json.json() == {"keys": []}
    assert (untrust_bad.code, untrust_bad.stderr) == (
        2, "FP: expected 64 hexadecimal digits\n")
    assert (untrust.code, untrust.stderr) == (
        2, f"No trusted key has the fingerprint {FP_GROUPED}.\n")
    assert (trust_bad.code, trust_bad.stderr) == (2, "--fingerprint: expected 64 hexadecimal digits\n")
    assert trust_mismatch.code == 2
    assert "not the one given; do not trust this key" in trust_mismatch.stderr
    assert particulars_bad.code == 2
    assert particulars_bad.stderr.startswith(
        "particulars.representative.email: 'jane-at-example' is not an e-mail address")
    assert (particulars_case.code, particulars_case.stderr) == (
        2, "There is no case AP-2026-0001.\n")
    for result in results[1:]:
        assert "Traceback" not in result.stderr
    for name, path in new.items():
        assert not path.exists(), name
    assert not (tmp_path / "r.zip").exists()


def test_the_same_commands_still_work_on_a_folder_with_a_database(tmp_path: Path) -> None:
    """The checks above only spare a new folder: trusting a key on a new folder creates it
    (that is how a reviewer's laptop starts), and untrusting it then works."""
    other, data = tmp_path / "other", tmp_path / "data"
    public_key = tmp_path / "other.pub"
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"representative": {"name": "Jane Roe"}}), encoding="utf-8")
    exported, shown, trusted, listed, particulars = run_many(
        ("key", "export", "--out", public_key, "--label", "Other", "--data-dir", other),
        ("key", "show", "--json", "--data-dir", other),
        ("key", "trust", public_key, "--data-dir", data),
        ("key", "list", "--json", "--data-dir", data),
        ("filing", "particulars", good, "--data-dir", data),
    )
    assert exported.code == 0 and trusted.code == 0, (exported, trusted)
    fingerprint = shown.json()["fingerprint"]
    assert [k["fingerprint"] for k in listed.json()["keys"]] == [fingerprint]
    assert particulars.code == 0 and "(organisation-wide defaults)" in particulars.stdout, \
        particulars
    (untrusted,) = run_many(("key", "untrust", fingerprint, "--data-dir", data))
    assert untrusted.code == 0 and untrusted.stdout.startswith("No longer trusted: Other: "), \
        untrusted
