"""`approvals review export`, `import`, `open` and `respond` on a terminal say how far they
are, on one line rewritten in place, as `approvals backup` does (50 cases with their
drafts took a quarter of a minute with nothing said); piped, they write no progress."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from approvals.cli import main
from approvals.paths import DataDir
from approvals.store.db import Database
from tests.review_support import open_review_pair
from tests.unit.test_perf4_cli_backup_progress import Terminal


def test_review_commands_report_progress_on_a_terminal_only(
        tmp_path: Path, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    db.dispose()
    a, b = str(data_dir.root), str(pair.b_dir.root)
    said = {}
    for name, argv in (
            ("export", ["review", "export", pair.reference, "--no-drafts", "--out",
                        str(tmp_path / "again.zip"), "--data-dir", a]),
            ("import", ["review", "import", str(pair.pack), "--data-dir", b]),
            ("open", ["review", "open", str(pair.pack), "--data-dir", b])):
        terminal = Terminal()
        monkeypatch.setattr("sys.stderr", terminal)
        assert main(argv) == 0, name
        said[name] = terminal.getvalue()
    assert "\rExporting: " in said["export"] and "\n" not in said["export"]
    assert "\rChecking: " in said["import"] and "\rChecking: " in said["open"]
    capsys.readouterr()
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    assert main(["review", "export", pair.reference, "--no-drafts", "--out",
                 str(tmp_path / "piped.zip"), "--data-dir", a]) == 0
    assert piped.getvalue() == ""
