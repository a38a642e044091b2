"""The command a refusal suggests for trusting a pack's sender runs as written, even for a
pack whose name has spaces (it read as several arguments)."""

from __future__ import annotations

import shlex
from pathlib import Path

from approvals.paths import DataDir
from approvals.store.migrate import open_database
from tests.cli.helpers import run_cli
from tests.conftest import EXAMPLES_DIR


def test_the_suggested_trust_command_quotes_a_pack_name_with_spaces(tmp_path: Path) -> None:
    sender, receiver = tmp_path / "sender", tmp_path / "receiver"
    imported = run_cli("case", "import", EXAMPLES_DIR / "vision-startup.json", data_dir=sender)
    assert imported.code == 0, imported.stderr
    reference = imported.stdout.split()[-1]
    pack = tmp_path / "for review 2026.zip"
    assert run_cli("review", "export", reference, "--out", pack, data_dir=sender).code == 0
    open_database(DataDir(receiver)).dispose()

    refused = run_cli("review", "import", pack, data_dir=receiver)
    assert refused.code == 1 and "not trusted here" in refused.stderr, refused.stderr
    suggested = refused.stderr[refused.stderr.index("`approvals key trust"):].split("`")[1]
    assert shlex.split(suggested)[:4] == ["approvals", "key", "trust", "for review 2026.zip"]
