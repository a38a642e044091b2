"""Deadlines dashboard: the file name Export CSV… and Save as PDF… propose says when the
filter left rows out ("deadlines-filtered-<date>.csv"), as the case list's and the audit
trail's exports do. A file of the rows one company matched, named deadlines-<date>.csv,
passed for every open deadline by its name."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from approvals.ui.dashboard import DeadlinesDashboard
from tests.ui.test_deadline_report_ui import dashboard, shown_rows  # noqa: F401

DATED = r"\d{4}-\d{2}-\d{2}"


def proposed(dialog: object) -> str:
    assert isinstance(dialog, QFileDialog)
    name = Path(dialog.selectedFiles()[0]).name
    dialog.reject()
    return name


def test_a_filtered_dashboard_proposes_a_filtered_name(
        qtbot, dashboard: DeadlinesDashboard) -> None:  # noqa: F811
    assert re.fullmatch(rf"deadlines-{DATED}\.csv", proposed(dashboard.choose_csv_file()))
    assert re.fullmatch(rf"deadlines-{DATED}\.pdf", proposed(dashboard.choose_pdf_file()))
    # Typed a moment ago, not yet applied: counted as the lists will show it.
    dashboard.filter_edit.setText("深圳机械")
    assert re.fullmatch(rf"deadlines-filtered-{DATED}\.csv",
                        proposed(dashboard.choose_csv_file()))
    assert 0 < shown_rows(dashboard) < 10
    assert re.fullmatch(rf"deadlines-filtered-{DATED}\.pdf",
                        proposed(dashboard.choose_pdf_file()))
    # A filter every row matches leaves nothing out: the plain name.
    dashboard.filter_edit.setText("AP-2026")
    assert re.fullmatch(rf"deadlines-{DATED}\.csv", proposed(dashboard.choose_csv_file()))
