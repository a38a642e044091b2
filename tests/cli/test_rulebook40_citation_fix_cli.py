"""`approvals rulebook install` of an update that only corrects a citation said "As of
today: no open case's outcome would change." and nothing more, while each case's filings
print the old citation until its new screening is accepted: the cases are named."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run_many
from tests.cli.test_rulebook_updates_cli import _FINGERPRINT_FROM_KEY_SHOW, _rule_folder
from tests.conftest import EXAMPLES_DIR


def _corrected_citation(tmp_path: Path) -> Path:
    folder = _rule_folder(tmp_path, "2026.12.5")
    oisp = json.loads((folder / "us-oisp.json").read_text(encoding="utf-8"))
    for rule in oisp["rules"]:
        if rule["id"] == "US-OISP.scope.2025":
            rule["citation"] = rule["citation"] + " (corrected)"
    (folder / "us-oisp.json").write_text(json.dumps(oisp, ensure_ascii=False), encoding="utf-8")
    return folder


def test_installing_a_citation_fix_names_the_cases_cited_differently(tmp_path: Path) -> None:
    team, officer = tmp_path / "team", tmp_path / "officer"
    update = tmp_path / "rulebook-2026.12.5.zip"
    imported, _packed, _key, trusted, installed = run_many(
        ("case", "import", EXAMPLES_DIR / "frontier-lab.json", "--data-dir", officer),
        ("rulebook", "pack", _corrected_citation(tmp_path), "--out", update, "--data-dir", team),
        ("key", "show", "--json", "--data-dir", team),
        ("key", "trust", update, "--label", "Knowledge team", "--fingerprint", "{fp}",
         "--data-dir", officer),
        ("rulebook", "install", update, "--data-dir", officer),
        prelude=_FINGERPRINT_FROM_KEY_SHOW,
    )
    assert imported.code == 0 and trusted.code == 0, (imported.stderr, trusted.stderr)
    assert installed.code == 0, installed.stderr
    reference = imported.stdout.strip()
    assert "As of today: no open case's outcome would change." in installed.stdout
    assert (f"Same outcome on other grounds (another rule or citation): {reference} "
            "(US-OISP). Their filings print the grounds: accept the new screening on each "
            "case's Screening tab.") in installed.stdout, installed.stdout
