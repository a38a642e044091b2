"""A restore killed past its commit point (the backup's database swapped in, the restore
not yet recorded) is completed by the next command, as the app's start completes it: a
command run on the half-restored folder read its trail as cut ("events after #n are
missing") and went on writing onto the unrecorded restore."""

from __future__ import annotations

import json
import os
from pathlib import Path

from approvals.paths import DataDir
from approvals.services import backup
from tests.cli.helpers import run_cli
from tests.conftest import EXAMPLES_DIR


def _cut_off_after_the_swap(folder: Path, file: Path) -> None:
    """What `restore` leaves when killed right after swapping the database in."""
    data_dir = DataDir(folder)
    staging = folder / ".restore-cut"
    backup.verify_backup(file, into=staging)
    old_docs = folder / ".documents-old-.restore-cut"
    data_dir.documents.rename(old_docs)
    if (staging / "documents").is_dir():
        (staging / "documents").rename(data_dir.documents)
    else:  # a backup of a folder without documents
        data_dir.documents.mkdir()
    (folder / backup.MARKER).write_text(json.dumps(
        {"staging": staging.name, "old_documents": old_docs.name}), encoding="utf-8")
    os.replace(staging / "approvals.db", data_dir.database)


def test_the_next_command_completes_a_restore_cut_off_after_its_swap(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    facts = EXAMPLES_DIR / "frontier-lab.json"
    assert run_cli("case", "import", facts, data_dir=folder).code == 0
    file = tmp_path / "b.zip"
    assert run_cli("backup", "--out", file, data_dir=folder).code == 0
    assert run_cli("case", "import", facts, data_dir=folder).code == 0  # after the backup
    _cut_off_after_the_swap(folder, file)

    verified = run_cli("audit", "verify", data_dir=folder)
    assert verified.code == 0, verified.stderr + verified.stdout
    assert "Audit trail intact" in verified.stdout
    assert "a restore of" in verified.stderr and "it was completed" in verified.stderr
    assert not (folder / backup.MARKER).exists()
    assert not any(p.name.startswith((".restore-", ".documents-old-")) for p in folder.iterdir())
    listed = run_cli("case", "list", "--json", data_dir=folder)
    assert [c["reference"] for c in listed.json()["cases"]] == ["AP-2026-0001"]  # the backup's
    again = run_cli("audit", "verify", data_dir=folder)
    assert again.code == 0 and "restore" not in again.stderr
