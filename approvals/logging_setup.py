"""Logging to `logs/approvals.log` in the data folder, rotated by size."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE = "approvals.log"
_configured: set[Path] = set()


def configure_logging(log_dir: Path, *, console: bool = False, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = (log_dir / LOG_FILE).resolve()
    root = logging.getLogger()
    if path not in _configured:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        root.addHandler(handler)
        _configured.add(path)
    if console and not any(type(h) is logging.StreamHandler for h in root.handlers):
        root.addHandler(logging.StreamHandler())
    root.setLevel(level)
    return path
