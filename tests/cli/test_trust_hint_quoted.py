"""The command a refusal suggests for trusting a pack's sender runs as written, even for a
pack whose name has spaces (it read as several arguments)."""

from __future__ import annotations

import shlex
from pathlib import Path

from approvals.paths import DataDir
from approvals.store.migrate import open_database
from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR


def test_the_suggested_trust_command_quotes_a_pack_name_with_spaces(tmp_path: Path) -> None:
    sender, receiver = tmp_path / "sender", tmp_path / "receiver"
    pack = tmp_path / "for review 2026.zip"
    imported, exported = run_many(
        ("case", "import", EXAMPLES_DIR / "vision-startup.json", "--data-dir", sender),
        ("review", "export", "AP-2026-0001", "--no-drafts", "--out", pack, "--data-dir", sender))
    assert (imported.stdout.split(), exported.code) == (["AP-2026-0001"], 0), exported
    open_database(DataDir(receiver)).dispose()

    (refused,) = run_many(("review", "import", pack, "--data-dir", receiver))
    assert refused.code == 1 and "not trusted here" in refused.stderr, refused.stderr
    suggested = refused.stderr[refused.stderr.index("`approvals key trust"):].split("`")[1]
    assert shlex.split(suggested)[:4] == ["approvals", "key", "trust", "for review 2026.zip"]
