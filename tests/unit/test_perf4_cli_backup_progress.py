"""`approvals backup` on a terminal says how far it is, on one line rewritten in place and
cleared at the end (a 2 GB data folder took minutes with nothing said); piped into a log,
it writes no progress at all. Ctrl+C in the database copy leaves no file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from approvals.cli import main
from approvals.cli.backup import terminal_progress
from approvals.paths import DataDir
from approvals.services import backup
from approvals.store.db import Database
from tests.unit.test_backup import _add_case


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_one_line_cleared_at_the_end() -> None:
    stream = Terminal()
    with terminal_progress(stream, "Backing up") as report:
        assert report is not None
        report(0.25, "Copying the database (1.0 MB of 4.0 MB)")
        report(0.5, "Checking")
    written = stream.getvalue()
    assert "\n" not in written
    assert written.startswith("\rBacking up:  25 % Copying the database (1.0 MB of 4.0 MB)")
    # The shorter line covers the longer one; the end leaves a blank line to write on.
    assert "\rBacking up:  50 % Checking" + " " * 30 in written
    assert written.endswith("\r") and written.rsplit("\r", 2)[1].strip() == ""


def test_no_progress_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with terminal_progress(stream, "Backing up") as report:
        assert report is None
    assert stream.getvalue() == ""


def test_the_backup_command_reports_on_a_terminal(db: Database, data_dir: DataDir, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _add_case(db)
    db.dispose()
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    out = tmp_path / "b.zip"
    assert main(["backup", "--out", str(out), "--data-dir", str(data_dir.root)]) == 0
    assert "Backing up: " in terminal.getvalue() and "Copying the database (" in terminal.getvalue()
    assert out.is_file() and "Backed up the data folder" in capsys.readouterr().out


def test_ctrl_c_in_the_database_copy_leaves_nothing(db: Database, data_dir: DataDir,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _add_case(db)
    db.dispose()
    monkeypatch.setattr(backup, "COPY_PAGES", 1)
    terminal = Terminal()
    calls: list[str] = []

    def interrupting(text: str) -> int:
        if "Copying the database (" in text:
            calls.append(text)
            if len(calls) == 3:
                raise KeyboardInterrupt  # as Python raises it between two steps
        return len(text)

    monkeypatch.setattr(terminal, "write", interrupting)
    monkeypatch.setattr("sys.stderr", terminal)
    out = tmp_path / "b.zip"
    assert main(["backup", "--out", str(out), "--data-dir", str(data_dir.root)]) == 130
    assert not out.exists() and [p.name for p in tmp_path.iterdir() if "b.zip" in p.name] == []
    assert not [p for p in data_dir.root.iterdir() if p.name.startswith(".backup-")]
    assert not list(data_dir.root.rglob("*.part"))
