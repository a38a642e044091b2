"""Check open cases…: when no outcome would change, the space for a change's reasons says
so instead of asking to select a change in an empty list."""

from __future__ import annotations

from typing import Any

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import open_cases_check as module
from tests.ui.test_open_cases_check_ui import _open


def test_nothing_to_select_is_said_where_the_reasons_go(
        qtbot: Any, db: Database, data_dir: DataDir, admin: Actor) -> None:
    window = _open(qtbot, db, data_dir, admin)
    try:
        assert window.check is not None and window.model.changes == []
        hint = window.details.placeholderText()
        assert "Select a change" not in hint
        assert hint == module.nothing_changes_text(window.check)
        assert window.check.as_of.isoformat() in hint and "nothing to read or accept" in hint
    finally:
        window.close()
        window.main.runner.wait_for_done()
