"""`approvals rulebook install FILE.zip --preview [--json]`: what the update would change
(versions, rule versions added / changed / withdrawn, open cases whose outcome would change),
installing nothing; without --preview the install is as before."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many
from tests.cli.test_rulebook_updates_cli import _FINGERPRINT_FROM_KEY_SHOW, FACTS, _rule_folder


def test_preview_says_what_an_update_changes_and_installs_nothing(tmp_path: Path) -> None:
    team, officer = tmp_path / "team", tmp_path / "officer"
    update = tmp_path / "rulebook-2026.12.1.zip"
    (_packed, _key, trust, _case, preview, as_json, shown, installed) = run_many(
        ("rulebook", "pack", _rule_folder(tmp_path), "--out", update, "--data-dir", team),
        ("key", "show", "--json", "--data-dir", team),
        ("key", "trust", update, "--label", "Knowledge team", "--fingerprint", "{fp}",
         "--data-dir", officer),
        ("case", "import", FACTS, "--data-dir", officer),
        ("rulebook", "install", update, "--preview", "--data-dir", officer),
        ("rulebook", "install", update, "--preview", "--json", "--data-dir", officer),
        ("rulebook", "show", "--json", "--data-dir", officer),
        ("rulebook", "install", update, "--json", "--data-dir", officer),
        prelude=_FINGERPRINT_FROM_KEY_SHOW,
    )
    assert trust.code == 0, trust.stderr
    assert preview.code == 0, preview.stderr
    out = preview.stdout
    assert "from the shipped rulebook " in out and "version 2026.12.1" in out
    assert "Rule versions: 1 added, 0 changed, 0 withdrawn." in out
    assert "Added US-OISP.scope.2031 — " in out and "Effective from: 2025-01-02 → 2031-01-01" in out
    assert "From 2031-01-01 (US-OISP.scope.2031 takes effect): 1 open case's outcome" in out
    assert out.rstrip().endswith("Nothing has changed yet.")
    data = as_json.json()
    assert data["installed"] is False and data["declared_version"] == "2026.12.1"
    assert [(r["change"], r["id"], r["compared_with"]) for r in data["rules"]] == [
        ("added", "US-OISP.scope.2031", "US-OISP.scope.2025")]
    assert data["later"][0]["date"] == "2031-01-01"
    assert [c["regime"] for c in data["later"][0]["cases"]] == ["US-OISP"]
    # Nothing was installed by either preview; the install itself is as before.
    assert shown.json()["source"] == "shipped"
    assert installed.code == 0 and installed.json()["after"]["version"] == data["version"]
