"""A deadline listed as changed by a calendar edit opens its case (Enter or double-click),
at its Tracks tab where the due date is: the officer saw "AP-2026-0004: CN-FISR: …" and had
to find the case in the list to look."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from approvals.store.db import Database
from approvals.ui import open_cases_check
from approvals.ui.calendars import HolidayCalendarsDialog
from approvals.ui.workers import TaskRunner
from tests.ui.case_opener_support import CaseOpener
from tests.ui.test_calendars_ui import NOTICE, OFFICER
from tests.unit.test_calendar_deadline_changes import running_clock


def _after_entering_2027(qtbot, runner: TaskRunner, main: QWidget) -> HolidayCalendarsDialog:
    """The calendars window once a 2027 schedule is saved: it lists the deadlines it moved."""
    dialog = HolidayCalendarsDialog(runner, OFFICER, main)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    add = dialog.open_add_year()
    add.holidays_edit.setPlainText("2027-01-01 New Year's Day")
    add.source_edit.setText(NOTICE)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        add.save()
    return dialog


def test_a_changed_deadline_opens_its_case_at_tracks(qtbot, runner: TaskRunner,
                                                     db: Database) -> None:
    reference = running_clock(db)
    main = CaseOpener()
    qtbot.addWidget(main)
    dialog = _after_entering_2027(qtbot, runner, main)
    item = dialog.deadline_changes.item(0)
    assert item is not None and item.text().startswith(f"{reference}: ")
    assert "Enter" in dialog.deadline_changes.accessibleDescription()
    dialog.deadline_changes.itemActivated.emit(item)
    view = main.case_views[reference]
    assert view.tabs.tabText(view.tabs.currentIndex()) == "&Tracks"  # type: ignore[attr-defined]
    assert open_cases_check.open_case_at  # the one helper, Screening or Tracks
    dialog.close()


def test_the_main_window_opens_it_at_the_track(qtbot, runner: TaskRunner, db: Database) -> None:
    reference = running_clock(db)
    main = CaseOpener()
    opened: list[tuple[str, str]] = []
    main.open_case_at_track = lambda r, regime: opened.append((r, regime))  # type: ignore[attr-defined]
    qtbot.addWidget(main)
    dialog = _after_entering_2027(qtbot, runner, main)
    dialog.deadline_changes.itemActivated.emit(dialog.deadline_changes.item(0))
    assert opened == [(reference, "CN-FISR")]
    dialog.close()
