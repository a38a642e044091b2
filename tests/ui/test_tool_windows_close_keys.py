"""The Close button of the audit trail, Holiday calendars and Check open cases windows has
an Alt letter no other control of the window uses (Escape closes them too)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.open_cases_check import OpenCasesCheckWindow
from approvals.ui.widgets import access_key
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates
from tests.ui.test_audit_trail_window import opened_trail
from tests.ui.test_calendars_ui import OFFICER, open_dialog
from tests.ui.test_case_view import fisr_case  # noqa: F401 (fixture)
from tests.ui.test_open_cases_check_ui import window as check_window  # noqa: F401 (fixture)
from tests.ui.ux_checks import mnemonic_clashes


def close_keyed(window: QWidget, name: str) -> str:
    close = window.findChild(QPushButton, name)
    assert close is not None
    assert access_key(close.text()), f"{close.text()!r} has no Alt letter"
    assert mnemonic_clashes(window) == []
    return close.text()


def test_the_audit_trail_window_s_close_has_a_free_alt_letter(
        qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
        admin: Actor) -> None:
    for window in opened_trail(qtbot, folder_templates, db, data_dir, admin):
        assert close_keyed(window, "auditCloseButton").replace("&", "") == "Close"


def test_holiday_calendars_close_has_a_free_alt_letter(qtbot: Any, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    assert close_keyed(dialog, "calendarsCloseButton").replace("&", "") == "Close"


@pytest.mark.usefixtures("fisr_case")
def test_check_open_cases_close_has_a_free_alt_letter(
        check_window: OpenCasesCheckWindow) -> None:  # noqa: F811
    assert close_keyed(check_window, "checkClose").replace("&", "") == "Close"
