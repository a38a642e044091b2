"""`approvals rulebook install` of a signed update whose rule data is refused: each problem
named with its file and entry, then a line saying nothing was installed, as the app's
window says it."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many
from tests.cli.test_rulebook_updates_cli import _FINGERPRINT_FROM_KEY_SHOW, _rule_folder
from tests.unit.test_rulebook_updates import _data_export_main_rule_gap

# Packed as by a version without the gap check (the install's own check refuses it).
_PACK_WITHOUT_THE_GAP_CHECK = """
import approvals.services.rulebook_updates as _updates
_updates.gap_problems = lambda _book: []
"""


def test_a_refused_install_says_nothing_was_installed(tmp_path: Path) -> None:
    team, officer = tmp_path / "team", tmp_path / "officer"
    folder = _rule_folder(tmp_path, "2026.12.9")
    _data_export_main_rule_gap(folder)
    update = tmp_path / "rulebook-2026.12.9.zip"
    [packed] = run_many(("rulebook", "pack", folder, "--out", update, "--data-dir", team),
                        prelude=_PACK_WITHOUT_THE_GAP_CHECK)
    assert packed.code == 0, packed.stderr
    _shown, trusted, refused, shown = run_many(
        ("key", "show", "--json", "--data-dir", team),
        ("key", "trust", update, "--label", "Knowledge team", "--fingerprint", "{fp}",
         "--data-dir", officer),
        ("rulebook", "install", update, "--data-dir", officer),
        ("rulebook", "show", "--data-dir", officer),
        prelude=_FINGERPRINT_FROM_KEY_SHOW)
    assert trusted.code == 0, trusted.stderr
    assert refused.code == 2 and refused.stdout == ""
    lines = refused.stderr.splitlines()
    assert any("cn-data-export.json: CN-DATA-EXPORT.thresholds.2024-03" in line for line in lines)
    assert lines[-1].endswith("so nothing was installed: the rulebook in use is unchanged (send "
                              "these lines to your knowledge team)"), lines
    assert "No rulebook update is installed here" in shown.stdout
