"""Check open cases…: a check cancelled (or failed) leaves nothing listed, as it says, and
nothing on offer to accept."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.paths import DataDir
from approvals.services import screening as screening_service
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import open_cases_check as module
from tests.ui.test_case_view import (
    fisr_case,  # noqa: F401 (fixture)
    pretend_fisr_was_not_required,
)
from tests.ui.test_open_cases_check_ui import _open


def test_a_cancelled_check_leaves_nothing_listed_nor_to_accept(
        qtbot: Any, db: Database, data_dir: DataDir, admin: Actor, fisr_case: str,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    pretend_fisr_was_not_required(db)
    window = _open(qtbot, db, data_dir, admin)
    try:
        assert len(window.model.changes) == 1 and window.accept_button.isEnabled()

        def cancelled(**_kwargs: Any) -> Any:
            raise screening_service.Cancelled("cancelled")

        monkeypatch.setattr(module, "check_open_cases", cancelled)
        window.run_check()
        qtbot.waitUntil(lambda: window.progress.task is None, timeout=10_000)
        assert window.summary.text() == "The check was cancelled: nothing is listed."
        assert window.model.rowCount() == 0  # the last check's change was still listed
        assert window.details.toPlainText() == ""
        assert not window.accept_button.isEnabled()
    finally:
        window.close()
        window.main.runner.wait_for_done()
