"""`approvals rulebook` as an administrator installing a first update on an offline laptop
reads it: `show` says the two steps; a refusal names a rulebook update (not a "pack"); an
update that is not newer is installed with --allow-older and --reason, the reason audited;
a revert lists the open cases as an install does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.helpers import run_many
from tests.cli.test_rulebook_updates_cli import _FINGERPRINT_FROM_KEY_SHOW, _rule_folder


def test_a_first_update_from_show_to_going_back_with_a_reason(tmp_path: Path) -> None:
    team, officer = tmp_path / "team", tmp_path / "officer"
    newer, older = tmp_path / "rulebook-2026.12.2.zip", tmp_path / "rulebook-2026.12.1.zip"
    (shown, _p1, _p2, untrusted, _key, trust, installed, refused, anyway, revert) = run_many(
        ("rulebook", "show", "--data-dir", officer),
        ("rulebook", "pack", _rule_folder(tmp_path, "2026.12.2"), "--out", newer, "--data-dir",
         team),
        ("rulebook", "pack", _rule_folder(tmp_path, "2026.12.1"), "--out", older, "--data-dir",
         team),
        ("rulebook", "install", older, "--data-dir", tmp_path / "empty"),
        ("key", "show", "--json", "--data-dir", team),
        ("key", "trust", newer, "--label", "Knowledge team", "--fingerprint", "{fp}",
         "--data-dir", officer),
        ("rulebook", "install", newer, "--data-dir", officer),
        ("rulebook", "install", older, "--data-dir", officer),
        ("rulebook", "install", older, "--allow-older", "--reason", "12.2 misstates a figure",
         "--data-dir", officer),
        ("rulebook", "revert", "--data-dir", officer),
        prelude=_FINGERPRINT_FROM_KEY_SHOW,
    )
    assert shown.code == 0 and "No rulebook update is installed here" in shown.stdout
    assert "approvals key trust FILE.zip" in shown.stdout
    assert untrusted.code == 1 and untrusted.stderr.count("The rulebook update ") == 1
    assert "The pack " not in untrusted.stderr and "signed this update" in untrusted.stderr
    assert trust.code == 0, trust.stderr
    assert installed.code == 0, installed.stderr
    assert "(was the shipped rulebook 2026." in installed.stdout
    assert refused.code == 2 and "older than the installed rulebook in use" in refused.stderr
    assert '--allow-older --reason "why"' in refused.stderr
    assert anyway.code == 0, anyway.stderr
    conn = sqlite3.connect(officer / "approvals.db")
    try:
        action, reason, details = conn.execute(
            "SELECT action, reason, details FROM events WHERE action = 'rulebook.installed' "
            "ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    assert action == "rulebook.installed" and reason == "12.2 misstates a figure"
    assert '"allow_older": true' in details
    assert revert.code == 0, revert.stderr
    assert "keep their screening until a re-screening is accepted" in revert.stdout
    assert "As of today: no open case's outcome would change." in revert.stdout
