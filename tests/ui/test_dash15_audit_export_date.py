"""Export CSV… with a date filter that cannot be read goes to that date, selected: with its
message already under the filters, the button seemed to do nothing at all."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.audit_trail import AuditTrailWindow
from tests.conftest import FolderTemplates
from tests.ui.test_audit_trail_window import opened_trail


@pytest.fixture
def window(
    qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir, admin: Actor
) -> Any:
    yield from opened_trail(qtbot, folder_templates, db, data_dir, admin)


def test_an_unreadable_from_date_is_where_export_goes(window: AuditTrailWindow) -> None:
    window.from_filter.setText("2026-13-01")
    window.text_filter.setFocus()
    window.choose_export_file()  # no file dialog: the conftest refuses one
    assert "From: '2026-13-01' is not a date" in window.problem.text()
    assert not window.problem.isHidden()
    assert window.focusWidget() is window.from_filter
    assert window.from_filter.selectedText() == "2026-13-01"


def test_a_to_date_before_from_is_where_export_goes(window: AuditTrailWindow) -> None:
    window.from_filter.setText("2026-11-02")
    window.to_filter.setText("2026-11-01")
    window.text_filter.setFocus()
    window.choose_export_file()
    assert window.problem.text().startswith("To: 2026-11-01 is before From")
    assert window.focusWidget() is window.to_filter
