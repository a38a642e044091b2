"""Review mode on installation B of a review pair, as the Review menu opens it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtWidgets import QMainWindow

from approvals.ui.review import ReviewModeWindow, install_review_features
from approvals.ui.workers import TaskRunner
from tests.review_support import RITA, ReviewPair


@contextmanager
def review_features(qtbot, pair: ReviewPair) -> Iterator[tuple[Any, TaskRunner]]:
    """B's review features (the Review menu's) and their runner, whose work is done
    afterwards."""
    runner = TaskRunner(pair.b_db)
    main = QMainWindow()
    qtbot.addWidget(main)
    features = install_review_features(main, runner, RITA, pair.b_dir)
    try:
        yield features, runner
    finally:
        runner.wait_for_done()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


@contextmanager
def review_window(qtbot, pair: ReviewPair) -> Iterator[ReviewModeWindow]:
    """The pack's review window, read; closed afterwards."""
    with review_features(qtbot, pair) as (features, _runner):
        window = features.show_review(pair.pack_id)
        qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
        yield window
        window.close()
