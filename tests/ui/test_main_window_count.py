"""The status bar's case count groups its thousands as the counts beside it do
("100,000 cases · 16,307 overdue", not "100000 cases")."""

from __future__ import annotations

from tests.ui.test_case_list_columns import (  # noqa: F401 - make_window is a fixture
    case_row,
    make_window,
    show_rows,
)


def test_the_count_groups_thousands(qtbot, make_window) -> None:  # noqa: F811
    window = make_window()
    show_rows(qtbot, window, [case_row(n) for n in range(1, 1235)])
    assert window.count_label.text() == "1,234 cases"
    window.filter_edit.setText("AP-2026-0012")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.count_label.text() == "1 of 1,234 cases shown"
