"""Logging to `logs/approvals.log` in the data folder, rotated by size.

A log that cannot be written never stops the app or a command: a `logs/` folder this
user may not write in (or a file in its place) falls back to the per-user log folder, then
the temporary folder, and `take_notice()` gives the one line that says so. A log that
fails later (a full disk) is reported once on stderr, never with a traceback per line.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
import tempfile
from pathlib import Path

import platformdirs

LOG_FILE = "approvals.log"
# The log file wanted -> the one in use (None: none could be opened).
_configured: dict[Path, Path | None] = {}
_notice: list[str] = []  # said once: take_notice() empties it


class _LogFile(logging.handlers.RotatingFileHandler):
    """Python's handler prints "--- Logging error ---" and a traceback on stderr for every
    line it cannot write (a full disk, a folder made read-only); one line, once, instead."""

    reported = False

    def handleError(self, record: logging.LogRecord) -> None:
        if self.reported:
            return
        self.reported = True
        exc = sys.exc_info()[1]
        reason = getattr(exc, "strerror", None) or (type(exc).__name__ if exc else "unknown")
        # No usable stderr (a windowed app): nothing else to tell.
        with contextlib.suppress(Exception):
            sys.stderr.write(f"warning: the log {self.baseFilename} cannot be written "
                             f"({reason}); log lines are dropped until it can\n")


def _open_handler(path: Path) -> _LogFile:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise PermissionError(13, "Permission denied", str(path.parent))
    return _LogFile(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")


def _fallbacks() -> list[Path]:
    try:
        user = os.getlogin()
    except OSError:
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return [Path(platformdirs.user_log_dir("approvals", appauthor=False)),
            Path(tempfile.gettempdir()) / f"approvals-logs-{user}"]


def configure_logging(log_dir: Path, *, console: bool = False, level: int = logging.INFO) -> Path | None:
    """Log to `log_dir`, or to a fallback folder when it cannot be written; the log file in
    use (None when no folder could take one: the app runs on without a log)."""
    wanted = (log_dir / LOG_FILE).resolve()
    root = logging.getLogger()
    if wanted not in _configured:
        used: Path | None = wanted
        handler: _LogFile | None = None
        failure = ""
        for folder in [log_dir, *_fallbacks()]:
            candidate = (folder / LOG_FILE).resolve()
            try:
                handler = _open_handler(candidate)
            except OSError as exc:
                failure = failure or (exc.strerror or type(exc).__name__)
                continue
            used = candidate
            break
        if handler is None:
            used = None
            _notice[:] = [f"The log cannot be written in {log_dir} ({failure}), nor in a "
                          "fallback folder; the app runs without a log."]
        else:
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            root.addHandler(handler)
            if used != wanted:
                _notice[:] = [f"The log cannot be written in {log_dir} ({failure}); it is "
                              f"written to {used} instead."]
        _configured[wanted] = used
        if _notice:
            logging.getLogger(__name__).warning("%s", _notice[0])
    if console and not any(type(h) is logging.StreamHandler for h in root.handlers):
        root.addHandler(logging.StreamHandler())
    root.setLevel(level)
    return _configured[wanted]


def log_file_in_use(log_dir: Path) -> Path | None:
    """The log file the app writes for `log_dir`: the one configure_logging opened (in a
    fallback folder when `log_dir` could not take it), None when none could be opened;
    `log_dir`'s own when logging was not configured for it (it would be written there)."""
    wanted = (log_dir / LOG_FILE).resolve()
    return _configured.get(wanted, wanted)


def take_notice() -> str | None:
    """Why the log is not where it belongs, once (None when it is, or when said already)."""
    return _notice.pop() if _notice else None
