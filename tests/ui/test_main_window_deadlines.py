"""The status bar's deadline summary: "2 cases overdue · 5 cases due within 3 working days" once the
list is in, each part a button that sets the Status filter to those cases, by the same
rule as the list's red and amber, counted off the GUI thread and updated on refresh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services.cases import CaseRow
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import UrgentCounts, count_urgent, prepare_rows, urgency_of
from approvals.ui.main_window import LoadedList, MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.ui.main_window_support import shown_main_window


def day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


# Amber up to and including these days: a US track counts working days on its own calendar.
def soon_cn() -> str:
    return day(4)


def soon_us() -> str:
    return day(6)


def case_row(n: int, due: str | None, regimes: tuple[str, ...] = ("CN-FISR",)) -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target=f"Target {n}", investor="Fund",
                   amount_value=None, amount_currency=None, status="open", owner="alice",
                   updated_at="", regimes=regimes, worst_state="general_review",
                   next_deadline=due)


def mixed_rows() -> list[CaseRow]:
    """2 overdue, 5 due within 3 working days (two of them US-only, amber on the US
    calendar but past the Chinese one), 3 later or without a deadline."""
    return [
        case_row(1, day(-3)), case_row(2, day(-1), ("US-OISP",)),
        case_row(3, day(0)), case_row(4, day(2)), case_row(5, soon_cn()),
        case_row(6, day(5), ("US-OISP",)), case_row(7, soon_us(), ("US-OISP",)),
        case_row(8, day(5)),  # CN: past its amber limit
        case_row(9, day(30)), case_row(10, None),
    ]


@pytest.fixture
def window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    window = shown_main_window(qtbot, db, data_dir, admin)
    yield window
    window.runner.wait_for_done()


def show_rows(qtbot, window: MainWindow, rows: list[CaseRow]) -> None:
    """Rows as the worker hands them over, with the amber limits it computed."""
    window._show_cases(LoadedList(prepare_rows(rows), ("CN-FISR", "US-OISP"), soon_cn(), soon_us()),
                       window._generation)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)


def test_count_urgent_goes_by_the_lists_own_rule() -> None:
    rows = mixed_rows()
    counts = count_urgent(rows, date.today().isoformat(), soon_cn(), soon_us())
    assert counts == UrgentCounts(overdue=2, due_soon=5)
    kinds = [urgency_of(r, date.today().isoformat(), soon_cn(), soon_us()) for r in rows]
    assert kinds.count("overdue") == 2 and kinds.count("due_soon") == 5
    assert kinds[7] == "" and kinds[5] == "due_soon"  # the same day, CN and US apart
    # No amber limits known (a calendar without a schedule): only the overdue count.
    assert count_urgent(rows, date.today().isoformat(), None, None) == UrgentCounts(2, 0)


def test_the_summary_counts_and_its_buttons_filter_the_list(qtbot, window) -> None:
    show_rows(qtbot, window, mixed_rows())
    summary = window.deadline_summary
    overdue, soon = window.urgent_buttons["overdue"], window.urgent_buttons["due_soon"]
    qtbot.waitUntil(summary.isVisible)
    assert overdue.text() == "2 cases &overdue" and soon.text() == "5 cases due &within 3 working days"
    assert window.summary_separator.isVisible()
    assert overdue.accessibleName() == "2 cases overdue: show them"
    assert soon.accessibleName() == "5 cases due within 3 working days: show them"
    assert "Status filter: Overdue" in overdue.toolTip()
    assert overdue.font().bold()  # as in the list: not colour alone
    # Whatever was typed or chosen before, a click shows exactly the cases counted.
    window.filter_edit.setText("Target 1")
    window.regime_filter.setCurrentIndex(window.regime_filter.findData("US-OISP"))
    qtbot.mouseClick(overdue, Qt.MouseButton.LeftButton)
    assert window.status_filter.currentData() == "overdue"
    assert window.filter_edit.text() == "" and window.regime_filter.currentIndex() == 0
    assert window.model.rowCount() == 2
    assert {window.model.row_at(r).id for r in range(2)} == {1, 2}
    assert window.table.hasFocus() and window.table.currentIndex().row() == 0
    assert window.count_label.text() == "2 of 10 cases shown"
    qtbot.mouseClick(soon, Qt.MouseButton.LeftButton)
    assert window.status_filter.currentText() == "Due within 3 working days"
    assert {window.model.row_at(r).id for r in range(window.model.rowCount())} \
        == {3, 4, 5, 6, 7}


def test_the_counts_agree_with_the_status_filter(qtbot, window) -> None:
    show_rows(qtbot, window, mixed_rows())
    qtbot.waitUntil(window.deadline_summary.isVisible)
    for key, expected in (("overdue", window.urgent_counts.overdue),
                          ("due_soon", window.urgent_counts.due_soon)):
        window.status_filter.setCurrentIndex(window.status_filter.findData(key))
        assert window.model.rowCount() == expected


def test_only_the_parts_that_are_not_zero_and_nothing_when_none(qtbot, window) -> None:
    show_rows(qtbot, window, [case_row(1, day(1)), case_row(2, day(40))])
    qtbot.waitUntil(window.deadline_summary.isVisible)
    assert window.urgent_buttons["due_soon"].text() == "1 case due &within 3 working days"
    assert window.urgent_buttons["due_soon"].accessibleName().startswith("1 case due")
    assert not window.urgent_buttons["overdue"].isVisible()
    assert not window.summary_separator.isVisible()
    # A refresh with nothing urgent any more: the summary goes.
    show_rows(qtbot, window, [case_row(2, day(40)), case_row(3, None)])
    qtbot.waitUntil(lambda: not window.deadline_summary.isVisible())
    assert window.urgent_counts == UrgentCounts(0, 0)


def test_the_counts_take_the_lists_colours_on_a_dark_palette_too(qtbot, window) -> None:
    from PySide6.QtGui import QPalette

    from approvals.ui.widgets import overdue_colour
    from tests.ui.conftest import dark_palette

    show_rows(qtbot, window, mixed_rows())
    button = window.urgent_buttons["overdue"]
    qtbot.waitUntil(button.isVisible)

    def colour() -> str:
        return button.palette().color(QPalette.ColorRole.ButtonText).name()

    light = colour()
    assert light == overdue_colour().name()
    with dark_palette():
        qtbot.waitUntil(lambda: colour() == overdue_colour().name() != light)
    qtbot.waitUntil(lambda: colour() == light)


def test_a_stale_count_does_not_overwrite_a_newer_list(qtbot, window) -> None:
    show_rows(qtbot, window, mixed_rows())
    qtbot.waitUntil(window.deadline_summary.isVisible)
    window._show_urgent_counts(UrgentCounts(99, 99), window._generation - 1)
    assert window.urgent_buttons["overdue"].text() == "2 cases &overdue"


def test_the_summary_is_a_tab_stop_and_space_applies_it(qtbot, window) -> None:
    show_rows(qtbot, window, mixed_rows())
    button = window.urgent_buttons["overdue"]
    qtbot.waitUntil(button.isVisible)
    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    qtbot.keyClick(window.table, Qt.Key.Key_Tab)  # the list, then the status bar's counts
    qtbot.waitUntil(button.hasFocus)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert window.status_filter.currentData() == "overdue"


def test_a_refresh_counts_from_the_database(folder_templates: FolderTemplates, qtbot,
                                            db: Database, data_dir: DataDir,
                                            admin: Actor) -> None:
    """The real load: the counts come with every full list, and match the filter."""
    load_demo_from_template(folder_templates, db, admin)
    with db.session() as session:
        from sqlmodel import select

        from approvals.store.models import FilingTrack
        track = session.exec(select(FilingTrack).where(FilingTrack.due_date.is_not(None))).first()
        assert track is not None
        track.due_date = day(-10)
        case_id = track.case_id
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: window.runner.idle and window.urgent_counts.overdue >= 1,
                    timeout=10_000)
    counts = window.urgent_counts
    window.show_urgent("overdue")
    assert window.model.rowCount() == counts.overdue
    assert case_id in {window.model.row_at(r).id for r in range(window.model.rowCount())}
    window.runner.wait_for_done()


def test_a_passing_message_still_covers_the_case_count_when_the_counts_appear(
        qtbot, window) -> None:
    """'Loaded 14 demo cases' was drawn over '14 cases': the counts appearing made the
    status bar lay out again, which showed the count the message had hidden."""
    window.statusBar().showMessage("Loaded 10 demo cases", 60_000)
    assert not window.count_label.isVisible()
    show_rows(qtbot, window, mixed_rows())
    qtbot.waitUntil(window.deadline_summary.isVisible)
    qtbot.wait(50)  # Qt re-shows a widget a new layout takes on the next turn of the loop
    assert not window.count_label.isVisible()
    # The message gone, the count is back.
    window.statusBar().clearMessage()
    qtbot.waitUntil(window.count_label.isVisible)
    assert window.count_label.text() == "10 cases"
