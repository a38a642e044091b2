"""`restore --check` and `restore` give the backup's time as the app's other command-line
times do ("2026-11-30 12:38 UTC"), not the stored stamp; --json keeps the stamp."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.helpers import run_many


def test_the_backup_time_reads_as_a_time(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "b.zip"
    _user, backed_up, check, as_json, restored = run_many(
        (("user", "add", "petra", "--role", "admin", "--password-stdin", "--data-dir", data),
         "correct horse battery\n"),
        ("backup", "--out", out, "--data-dir", data),
        ("restore", "--check", out, "--data-dir", data),
        ("restore", "--check", out, "--json", "--data-dir", data),
        ("restore", out, "--data-dir", data),
    )
    assert backed_up.code == 0, backed_up
    made = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
    assert re.search(rf"is intact \(made {made}, ", check.stdout), check.stdout
    assert re.search(rf"Restored the backup made {made} from ", restored.stdout), restored
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", as_json.json()["created_at"])
