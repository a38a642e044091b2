"""The root logger as a test found it, after the test configured the app's log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from approvals import logging_setup


@contextmanager
def app_log_undone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Inside the block logging_setup remembers no folder it configured; after it, the
    handlers the block added are removed and closed and the root level is as it was."""
    monkeypatch.setattr(logging_setup, "_configured", {})
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        yield
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
