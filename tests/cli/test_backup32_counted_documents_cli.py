"""`restore --check` reports the document files it checked, not the count the backup's
manifest claims: the manifest is not signed, and an edited figure was reported as the
count of an "intact" backup."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.cli.helpers import run_many


def test_the_document_count_is_the_files_checked(demo_data: Path, tmp_path: Path) -> None:
    backup, edited = tmp_path / "b.zip", tmp_path / "edited.zip"
    [made] = run_many(("backup", "--out", backup, "--data-dir", demo_data))
    assert made.code == 0, made
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(edited, "w") as target:
        held = sum(1 for name in source.namelist() if name.startswith("documents/"))
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "backup-manifest.json":
                manifest = json.loads(data)
                manifest["documents"] = held + 40
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    assert held > 0
    checked, edited_check = run_many(("restore", "--check", backup, "--data-dir", demo_data),
                                     ("restore", "--check", edited, "--data-dir", demo_data))
    for result in (checked, edited_check):
        assert result.code == 0, result
        assert f"{held} document files)" in result.stdout, result.stdout
