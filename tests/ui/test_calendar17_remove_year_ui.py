"""Remove entered year… in the Holiday calendars window: offered for an officer-entered
year to whoever may edit the calendars (greyed out with the reason otherwise), it says what
goes and what comes back, lists the deadlines it moves before anything is saved, and Cancel
changes nothing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlmodel import select

from approvals.services.workflow import add_calendar_year, correct_calendar_day
from approvals.store.db import Database
from approvals.store.models import CalendarDay, CalendarYear, Event, FilingTrack
from approvals.ui.workers import TaskRunner
from tests.ui.test_audit13_calendar_keys import _alt_letters, buttons_without_key
from tests.ui.test_calendars_ui import NOTICE, OFFICER, PREPARER, open_dialog, year_status
from tests.unit.test_calendar_deadline_changes import running_clock


def _enter_2027(db: Database) -> None:
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-01-01", "kind": "holiday", "name": "New Year"},
                                {"day": "2027-01-04", "kind": "holiday", "name": "mistake"}])


def _due(db: Database) -> tuple[str | None, bool]:
    with db.read_session() as s:
        track = s.exec(select(FilingTrack)).one()
        return track.due_date, track.due_estimated


def _stored(db: Database) -> tuple[list, list, int]:
    with db.read_session() as s:
        return ([(y.calendar, y.year, y.source) for y in s.exec(select(CalendarYear))],
                [(d.day, d.kind) for d in s.exec(select(CalendarDay))],
                len(s.exec(select(Event)).all()))


def test_offered_only_for_an_entered_year(qtbot, runner: TaskRunner, db: Database) -> None:
    _enter_2027(db)
    dialog = open_dialog(qtbot, runner, OFFICER)
    assert dialog.remove_year_button.text() == "&Remove entered year…"
    dialog.select_year(2027)
    assert year_status(dialog, 2027) == "officer"
    assert dialog.remove_year_button.isEnabled()
    dialog.select_year(2026)  # shipped
    assert not dialog.remove_year_button.isEnabled()
    assert "CN 2026 ships with the app" in dialog.remove_year_button.toolTip()
    assert dialog.open_remove_year() is None
    dialog.select_year(2028)  # estimated
    assert not dialog.remove_year_button.isEnabled()
    assert "CN 2028 was not entered" in dialog.remove_year_button.toolTip()
    # One Alt letter each in the window, none taken twice.
    letters = _alt_letters(dialog)
    assert "r" in letters and len(letters) == len(set(letters)), letters


def test_greyed_out_without_the_permission(qtbot, runner: TaskRunner, db: Database) -> None:
    _enter_2027(db)
    dialog = open_dialog(qtbot, runner, PREPARER)
    dialog.select_year(2027)
    assert not dialog.remove_year_button.isEnabled()
    assert dialog.remove_year_button.toolTip() == dialog.refusal
    assert dialog.open_remove_year() is None


def test_cancel_changes_nothing(qtbot, runner: TaskRunner, db: Database) -> None:
    _enter_2027(db)
    before = _stored(db)
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2027)
    qtbot.mouseClick(dialog.remove_year_button, Qt.MouseButton.LeftButton)
    remove = dialog.remove_dialog
    assert remove is not None and remove.isVisible()
    assert not remove.save_button.isEnabled()  # a reason first
    assert remove.save_button.toolTip() == "To remove: say why the entered year is removed."
    letters = _alt_letters(remove)
    assert {"e", "d", "r"} <= set(letters) and len(letters) == len(set(letters)), letters
    assert buttons_without_key(remove) == []  # Cancel is Alt+C
    remove.reject()  # nothing typed: closes without asking
    assert not remove.isVisible()
    runner.wait_for_done()
    assert _stored(db) == before
    assert year_status(dialog, 2027) == "officer"


def test_the_preview_names_the_deadline_and_removing_moves_it_back(
        qtbot, runner: TaskRunner, db: Database) -> None:
    reference = running_clock(db)  # due 2027-02-01 on the estimated 2027
    baseline = _due(db)
    with db.session() as s:  # a correction made before the year was entered (it replaces it)
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 3, 1),
                             kind="holiday", name="closure", source="test notice", reason="closed")
    _enter_2027(db)
    with db.session() as s:  # a correction of the entered schedule
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 3, 2),
                             kind="holiday", name="second closure", source="test notice",
                             reason="closed again")
    entered = _due(db)
    assert baseline == ("2027-02-01", True) and entered == ("2027-02-02", False)
    dialog = open_dialog(qtbot, runner, OFFICER)
    dialog.select_year(2027)
    remove = dialog.open_remove_year()
    assert remove is not None
    said = remove.intro.text()
    assert "the estimate from the statutory holiday rules" in said
    assert "Its correction made since it was entered goes with it:</b> 2027-03-02 " \
           "(holiday, second closure)" in said
    assert "The correction made before it was entered, which it replaced, comes back: " \
           "2027-03-01 (holiday, closure)" in said

    qtbot.keyClicks(remove.reason_edit, "entered for the wrong calendar")
    assert remove.save_button.isEnabled()
    remove.activateWindow()
    qtbot.waitUntil(remove.isActiveWindow)
    qtbot.keyClick(remove, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "Removing the year changes" in remove.preview.text(), timeout=10_000)
    assert f"{reference}: CN-FISR" in remove.preview.text()
    assert "due date recomputed: 2 Feb 2027 → 1 Feb 2027 (now estimated)" \
        in remove.preview.text()
    runner.wait_for_done()
    assert _due(db) == entered  # asking saved nothing
    assert year_status(dialog, 2027) == "officer"

    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.keyClick(remove, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert not remove.isVisible()
    assert _due(db) == baseline  # counted on the estimate again, as before the entry
    assert year_status(dialog, 2027) == "estimated"
    assert dialog.selected_year() == 2027
    assert dialog.message.text() == "CN 2027: entered year removed."
    # The year's title says which day stays corrected: the one made before the entry.
    assert "1 day corrected by an officer (2027-03-01)" in dialog.year_title.text()
    listed = [dialog.deadline_changes.item(i).text()
              for i in range(dialog.deadline_changes.count())]
    assert any(line.startswith(f"{reference}: CN-FISR") for line in listed)
    assert not dialog.remove_year_button.isEnabled()  # nothing entered for 2027 now
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.action == "calendar.year_removed")).one()
        assert event.reason == "entered for the wrong calendar"
        assert [(d.day, d.name) for d in s.exec(select(CalendarDay))] == [
            ("2027-03-01", "closure")]
