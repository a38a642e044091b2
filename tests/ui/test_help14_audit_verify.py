"""The audit trail window's Verify button: "…" marks a control that opens a dialog asking
for more input; Verify runs the check straight away (View → Verify audit trail), so its
text has no dots, as the menu item's has none."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.audit_trail import AuditTrailWindow
from tests.conftest import FolderTemplates
from tests.ui.test_audit_trail_window import opened_trail


@pytest.fixture
def window(
    qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir, admin: Actor
) -> Iterator[AuditTrailWindow]:
    yield from opened_trail(qtbot, folder_templates, db, data_dir, admin)


def test_verify_has_no_dots_and_asks_for_nothing_more(qtbot: Any, window: AuditTrailWindow) -> None:
    assert window.verify_button.text().replace("&", "") == "Verify"
    assert not window.main.audit_verify_action.text().endswith(("…", "..."))
    window.verify_button.click()
    main = window.main
    qtbot.waitUntil(lambda: getattr(main, "audit_verify_box", None) is not None, timeout=10_000)
    # What opened is the result, not a dialog asking for a file or a value first.
    asking = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QFileDialog | QInputDialog) and w.isVisible()
    ]
    assert asking == []
    assert not isinstance(main.audit_verify_box, QFileDialog | QInputDialog)
    assert isinstance(main.audit_verify_box, QDialog)
    main.audit_verify_box.close()
