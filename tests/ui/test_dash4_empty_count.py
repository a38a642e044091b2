"""With no case at all the empty state says "No cases yet": the status bar adds no
"0 cases" beside it; the count comes back with the first case."""

from __future__ import annotations

from tests.ui.test_case_list_columns import (  # noqa: F401 - make_window is a fixture
    case_row,
    make_window,
    show_rows,
)


def test_no_count_beside_the_empty_state(qtbot, make_window) -> None:  # noqa: F811
    window = make_window()
    show_rows(qtbot, window, [])
    assert window.stack.currentIndex() == 1  # the empty state
    assert not window.count_label.isVisibleTo(window)
    show_rows(qtbot, window, [case_row(1)])
    assert window.count_label.isVisibleTo(window)
    assert window.count_label.text() == "1 case"


def test_the_first_cases_bring_the_count_back_after_a_passing_message(
        qtbot, make_window) -> None:  # noqa: F811
    window = make_window()
    show_rows(qtbot, window, [])
    window.statusBar().showMessage("Loaded 1 demo case", 60_000)
    show_rows(qtbot, window, [case_row(1)])
    assert not window.count_label.isVisible()  # not drawn over the message
    window.statusBar().clearMessage()
    qtbot.waitUntil(window.count_label.isVisible)
