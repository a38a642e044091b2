"""Issue 2 (app shell): the log in `logs/` is rotated, and an uncaught exception lands in it.

The rotation is what keeps a long-running install from filling its disk with one log file;
the exception hook's log line is what an administrator reads after a user saw the error box.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from approvals import logging_setup
from tests.logging_support import app_log_undone


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's log configured in a temporary data folder; its handler removed afterwards."""
    with app_log_undone(monkeypatch):
        written = logging_setup.configure_logging(tmp_path / "logs")
        assert written == (tmp_path / "logs" / logging_setup.LOG_FILE).resolve()
        yield written


def _app_handler(path: Path) -> logging.handlers.RotatingFileHandler:
    return next(h for h in logging.getLogger().handlers
                if isinstance(h, logging.handlers.RotatingFileHandler)
                and Path(h.baseFilename) == path)


def test_the_log_is_rotated_by_size_and_old_files_are_kept_in_number(log_file: Path) -> None:
    handler = _app_handler(log_file)
    limit, kept = handler.maxBytes, handler.backupCount
    assert 0 < limit <= 10_000_000 and kept >= 1

    line = "x" * 999
    logger = logging.getLogger("approvals.accept.rotation")
    # Two limits' worth of lines: the file rolls over at least once.
    for _ in range(2 * limit // len(line) + 10):
        logger.info(line)
    handler.flush()

    rotated = log_file.with_name(f"{log_file.name}.1")
    assert rotated.exists()
    assert log_file.stat().st_size <= limit and rotated.stat().st_size <= limit
    # Never more than the kept number of old files.
    assert not log_file.with_name(f"{log_file.name}.{kept + 1}").exists()


def test_an_uncaught_exception_is_written_to_the_log_with_its_traceback(
        log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals.ui import errors

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the hook is put back afterwards
    with mock.patch.object(errors, "show_unexpected"):
        errors.install_exception_hook()
        try:
            raise RuntimeError("accept-boom-7")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    _app_handler(log_file).flush()

    text = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: accept-boom-7" in text
