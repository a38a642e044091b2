"""pytest-qt: what an administrator's day in the real dialogs found (the Users dialog kept
from its first opening, the security settings' message over its text, the holiday
calendar editor's checks)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from sqlmodel import select

from approvals.services import auth, users
from approvals.services import backup as backup_service
from approvals.services.workflow import add_calendar_year, correct_calendar_day
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import CalendarDay, CalendarYear, Event
from approvals.ui import auth as ui_auth
from approvals.ui.backup import install_backup_features
from approvals.ui.calendars import HolidayCalendarsDialog
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def seeded(db: Database) -> Database:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"],
                          display_name="Bob")
    return db


def _names(dialog: ui_auth.UserManagementDialog) -> list[str]:
    return [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]


def test_users_dialog_opened_again_shows_what_changed_elsewhere(qtbot, runner: TaskRunner,
                                                                seeded: Database) -> None:
    """Users… keeps its dialog: opened again it read the users of its first opening, so a
    lock-out, a user added with `approvals user add` and a second administrator were not
    shown, and the first administrator stayed 'the last active administrator'."""
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    dialog.select("root")
    assert "last active administrator" in dialog.why.text()
    dialog.status.setText("Created user bob.")
    dialog.accept()  # Close

    with seeded.session() as s:  # meanwhile: the command line, a second window
        users.create_user(s, actor=ROOT, username="carol", password=PW, roles=["admin"])
    for _ in range(5):
        with seeded.session() as s:
            auth.sign_in(s, username="bob", password="not the password")

    dialog.show()  # Users… again
    qtbot.waitUntil(lambda: _names(dialog) == ["bob", "carol", "root"], timeout=10_000)
    assert dialog.status.text() == ""  # the last opening's news is gone
    dialog.select("root")
    assert dialog.role_boxes["admin"].isEnabled()
    assert "last active administrator" not in dialog.why.text()
    dialog.select("carol")
    assert dialog.active_button.isEnabled()  # another administrator may be deactivated
    dialog.select("bob")
    assert "locked until" in dialog.table.item(dialog.table.currentRow(), 3).text()
    assert dialog.unlock_button.isEnabled()


def test_a_reread_keeps_role_boxes_ticked_but_not_saved(qtbot, runner: TaskRunner,
                                                        seeded: Database) -> None:
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    dialog.select("bob")
    dialog.role_boxes["reviewer"].setChecked(True)  # not saved yet
    with seeded.session() as s:  # a user added elsewhere sorts before bob: rows move
        users.create_user(s, actor=ROOT, username="anna", password=PW, roles=["reviewer"])
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    assert dialog.selected_username() == "bob"
    assert dialog.role_boxes["reviewer"].isChecked() and dialog.role_boxes["preparer"].isChecked()

    # Roles changed elsewhere meanwhile: the stored ones show, not the stale ticks.
    with seeded.session() as s:
        users.set_roles(s, actor=ROOT, username="bob", roles=["approver"])
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.selected() is not None
                    and dialog.selected().roles == ("approver",), timeout=10_000)
    assert [r for r, b in dialog.role_boxes.items() if b.isChecked()] == ["approver"]
    assert dialog.table.item(dialog.table.currentRow(), 0).text() == "bob"
    qtbot.mouseClick(dialog.save_roles_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.idle and dialog.selected_box.isEnabled(), timeout=10_000)


# --- the holiday calendar editor ----------------------------------------------------------


OFFICER = Actor("olga", ("approver",))
NOTICE = "State Council General Office notice on the 2027 holidays (gov.cn)"


def _calendars(qtbot, runner: TaskRunner) -> HolidayCalendarsDialog:
    dialog = HolidayCalendarsDialog(runner, OFFICER)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    return dialog


def _type_lines(qtbot, edit, lines: list[str]) -> None:
    edit.setFocus()
    for line in lines:
        qtbot.keyClicks(edit, line)
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_a_make_up_working_day_on_a_weekday_is_refused_at_its_line(qtbot, runner: TaskRunner,
                                                                   db: Database) -> None:
    """2027-02-17 is a Wednesday, worked anyway: typed for the Saturday 2027-02-20 it was
    saved without a word (and the Saturday stayed a day off in every deadline)."""
    dialog = _calendars(qtbot, runner)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None
    _type_lines(qtbot, add.holidays_edit, ["2027-02-06..2027-02-13 Spring Festival"])
    _type_lines(qtbot, add.workdays_edit, ["2027-02-20 Make-up working day",
                                           "2027-02-17 Make-up working day"])
    qtbot.keyClicks(add.source_edit, NOTICE)
    assert not add.save_button.isEnabled()
    assert add.workdays_error.isVisibleTo(add)
    assert add.workdays_error.text() == (
        "line 2: 2027-02-17 is a Wednesday, a working day anyway; make-up working days are "
        "the weekend days the notice says are worked")
    qtbot.mouseClick(add.save_button, Qt.MouseButton.LeftButton)  # greyed out: nothing
    runner.wait_for_done()
    with db.read_session() as s:
        assert s.exec(select(CalendarYear)).all() == [] and s.exec(select(CalendarDay)).all() == []

    add.workdays_edit.clear()
    _type_lines(qtbot, add.workdays_edit, ["2027-02-20 Make-up working day"])
    assert add.save_button.isEnabled()
    # Typed in part (the Spring Festival only): the rest the law fixes is said after it.
    assert add.summary.text().startswith("8 holidays and 1 make-up working day in 2027. "
                                         "Not listed, though the law makes them holidays")


def test_a_day_corrected_in_an_entered_year_is_marked_its_schedule_is_not(
        qtbot, runner: TaskRunner, db: Database) -> None:
    with db.session() as s:
        add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027, source=NOTICE,
                          days=[{"day": "2027-01-01", "kind": "holiday", "name": "New Year"},
                                {"day": "2027-02-20", "kind": "workday", "name": "Make-up"}])
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=date(2027, 3, 3),
                             kind="holiday", name="typhoon closure", source="Guangdong notice",
                             reason="offices closed")
    dialog = _calendars(qtbot, runner)
    dialog.select_year(2027)
    kinds = {dialog.days_table.item(r, 0).text(): dialog.days_table.item(r, 2).text()
             for r in range(dialog.days_table.rowCount())}
    assert kinds == {"2027-01-01": "Holiday", "2027-02-20": "Make-up working day",
                     "2027-03-03": "Holiday (corrected)"}
    assert dialog.year_title.text().count("1 make-up working day<") == 1  # not "1 … days"


# --- security settings --------------------------------------------------------------------


def test_solo_mode_refusal_does_not_cover_the_form(qtbot, runner: TaskRunner,
                                                   seeded: Database) -> None:
    """Solo mode ticked without a reason: the two-line refusal was drawn over the solo-mode
    explanation and the Reason field (the dialog kept its height). Nothing is saved."""
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    dialog.resize(dialog.sizeHint())  # as it first opens: no room to spare
    dialog.idle.setValue(3)
    dialog.solo.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "reason" in dialog.message.text(), timeout=10_000)
    assert dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width())
    below_reason = dialog.reason.mapTo(dialog, dialog.reason.rect().bottomLeft()).y()
    assert dialog.message.mapTo(dialog, dialog.message.rect().topLeft()).y() > below_reason
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())
    with seeded.read_session() as s:
        assert auth.get_security_settings(s) == auth.SecuritySettings(15, False)


# --- restore ------------------------------------------------------------------------------


def test_restore_confirmation_says_users_and_settings_go_back_too(
        qtbot, runner: TaskRunner, seeded: Database, data_dir, tmp_path) -> None:
    """It said only "replaces all cases, the audit trail and the documents": a user added
    or a password changed since the backup is undone too, and an administrator must know."""
    saved = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT,
                                         db=seeded)
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = install_backup_features(window, runner, ROOT)
    box = features.confirm_restore(saved.path)
    restore = box.button(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(restore.isEnabled, timeout=10_000)
    told = box.informativeText()
    for what in ("cases", "audit trail", "users with their roles and passwords",
                 "security settings", "holiday calendars", "kept under backups/"):
        assert what in told, what
    box.done(QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_roles_are_never_cut_inside_a_name_in_a_narrow_users_dialog(qtbot, runner: TaskRunner,
                                                                     seeded: Database) -> None:
    """At 200 % the Users dialog is narrow: Name and Roles shared the room and the roles
    of an administrator ended in "Administra…"."""
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    metrics = dialog.table.fontMetrics()
    widest = metrics.horizontalAdvance("Administrator,")
    for width in (560, 1000):
        dialog.resize(width, dialog.height())
        qtbot.waitUntil(lambda: dialog.table.horizontalHeader().sectionSize(2) > widest,
                        timeout=5_000)
        header = dialog.table.horizontalHeader()
        shown = sum(header.sectionSize(c) for c in range(4))
        assert shown <= dialog.table.viewport().width() + 1  # no sideways scrolling


def test_a_stored_one_minute_idle_lock_reads_1_minute(qtbot, runner: TaskRunner,
                                                      seeded: Database) -> None:
    with seeded.session() as s:
        auth.set_idle_timeout(s, actor=ROOT, minutes=1)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.idle.text() == "1 minute"
    dialog.idle.setValue(2)
    assert dialog.idle.text() == "2 minutes"


def test_add_year_buttons_stay_on_a_short_screen(qtbot, runner: TaskRunner, db: Database) -> None:
    """At 200 % on a 1366×768 laptop (683×384 points) the form ran below the screen's edge
    with Save year and Cancel: the fields scroll now, the buttons stay in view."""
    dialog = _calendars(qtbot, runner)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None
    assert add.minimumSizeHint().height() <= 340
    add.resize(640, 340)
    qtbot.waitUntil(lambda: add.height() == 340, timeout=5_000)
    cancel = next(b for b in add.findChildren(QPushButton) if b.text().replace("&", "") == "Cancel")
    for button in (add.save_button, cancel):
        corner = button.mapTo(add, button.rect().bottomRight())
        assert add.rect().contains(corner) and button.isVisible()


def test_calendar_dialogs_say_beside_the_greyed_out_save_what_is_missing(
        qtbot, runner: TaskRunner, db: Database) -> None:
    """A year with no rows, or a correction without a reason: Save was greyed out and the
    only word on what was missing was its tooltip."""
    dialog = _calendars(qtbot, runner)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert add is not None and not add.save_button.isEnabled()
    year = add.year_edit.value()  # the example is in the year offered, not always 2027
    assert any(f"{year}-02-06..{year}-02-13" in label.text() for label in add.findChildren(QLabel))
    assert add.summary.text() == (
        "To save: enter the year's holidays, one date or range per line; say where the "
        "schedule was published (the notice and its URL).")
    qtbot.keyClicks(add.source_edit, NOTICE)
    assert add.summary.text() == "To save: enter the year's holidays, one date or range per line."
    add.reject()

    qtbot.mouseClick(dialog.correct_button, Qt.MouseButton.LeftButton)
    correct = dialog.correct_dialog
    assert correct is not None and not correct.save_button.isEnabled()
    # The dialog opens on today, and a weekend day is offered as a working day, which needs
    # no name: the check is made on an ordinary working day, which is offered as a holiday.
    day = date(date.today().year, 3, 10)
    correct.date_edit.setDate(QDate(day.year, day.month, day.day))
    while correct.kind_combo.currentData() != "holiday":  # a weekend or a listed day
        day += timedelta(days=1)
        correct.date_edit.setDate(QDate(day.year, day.month, day.day))
    assert day.weekday() < 5
    assert correct.message.text() == ("To save: type the holiday's name; type the source (the "
                                      "notice that says so); say why the day is corrected.")
    qtbot.keyClicks(correct.name_edit, "typhoon closure")
    qtbot.keyClicks(correct.source_edit, NOTICE)
    qtbot.keyClicks(correct.reason_edit, "offices closed")
    assert correct.message.text() == "" and correct.save_button.isEnabled()
    correct.reject()


def test_a_day_corrected_in_a_far_year_is_listed_and_shown(qtbot, runner: TaskRunner,
                                                           db: Database) -> None:
    """Correct a day… takes any date: one in 2031 was saved, but the years list ended two
    years ahead, so the dialog jumped to 2016 and the correction was nowhere to be seen."""
    dialog = _calendars(qtbot, runner)
    dialog.select_year(2026)
    qtbot.mouseClick(dialog.correct_button, Qt.MouseButton.LeftButton)
    correct = dialog.correct_dialog
    assert correct is not None
    correct.date_edit.setDate(QDate(2031, 3, 3))
    assert correct.current.text() == "2031 is not listed yet: choose what the day is."
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("holiday"))
    qtbot.keyClicks(correct.name_edit, "typhoon closure")
    qtbot.keyClicks(correct.source_edit, NOTICE)
    qtbot.keyClicks(correct.reason_edit, "offices closed")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    assert dialog.selected_year() == 2031
    row = dialog.year_row(2031)
    assert row is not None and row.status == "estimated"  # one day does not make it official
    kinds = {dialog.days_table.item(r, 0).text(): dialog.days_table.item(r, 2).text()
             for r in range(dialog.days_table.rowCount())}
    assert kinds["2031-03-03"] == "Holiday (corrected)"
    assert "2031-03-03 is now a holiday" in dialog.message.text()


def test_changing_my_password_says_it_was_changed(qtbot, runner: TaskRunner, seeded: Database,
                                                  data_dir) -> None:
    """The dialog closed on success without a word: a change looked like a Cancel."""
    bob = Actor("bob", ("preparer",))
    window = MainWindow(runner, data_dir, bob)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    features = ui_auth.install_user_features(window, runner, bob, timeout_ms=60_000)
    try:
        dialog = features.open_change_password()
        for edit, text in ((dialog.old, PW), (dialog.new, "a new long password"),
                           (dialog.confirmation, "a new long password")):
            qtbot.keyClicks(edit, text)
        with qtbot.waitSignal(dialog.changed, timeout=10_000):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        assert window.statusBar().currentMessage() == ui_auth.PASSWORD_CHANGED
        assert "password was changed" in ui_auth.PASSWORD_CHANGED
    finally:
        features.idle_lock.stop()


def test_an_administrator_cannot_deactivate_themself_with_one_click(
        qtbot, runner: TaskRunner, seeded: Database) -> None:
    """Root's own row, Deactivate: signed out at once, and only another administrator could
    let them back in."""
    with seeded.session() as s:
        users.create_user(s, actor=ROOT, username="carol", password=PW, roles=["admin"])
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    dialog.select("root")
    assert not dialog.active_button.isEnabled()
    assert dialog.why.text() == ("You cannot deactivate your own account here: you would be "
                                 "signed out at once. Another administrator can.")
    assert dialog.reset_button.isEnabled()
    dialog.role_boxes["reviewer"].setChecked(False)  # Save roles waits for a change
    assert dialog.save_roles_button.isEnabled()
    carol = Actor("carol", ("admin",))
    other = ui_auth.UserManagementDialog(runner, carol)
    qtbot.addWidget(other)
    other.show()
    qtbot.waitUntil(lambda: other.table.rowCount() == 3, timeout=10_000)
    other.select("root")
    assert other.active_button.isEnabled()


def test_security_settings_show_and_set_the_daily_backups_kept(qtbot, runner: TaskRunner,
                                                               seeded: Database) -> None:
    """How many automatic backups are kept could only be seen and set with `approvals
    backup --keep`; the dialog kept from its first opening showed stale settings."""
    with seeded.session() as s:
        backup_service.set_backup_keep(s, keep=3, actor=ROOT)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.keep.value() == 3 and dialog.keep.text() == "3 backups"

    # A refused change (solo mode without a reason) saves nothing, the number included.
    dialog.keep.setValue(14)
    dialog.solo.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "reason" in dialog.message.text(), timeout=10_000)
    with seeded.read_session() as s:
        assert backup_service.backup_keep(s) == 3
    dialog.solo.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == "Saved.", timeout=10_000)
    with seeded.read_session() as s:
        assert backup_service.backup_keep(s) == 14
        event = s.exec(select(Event.old_value, Event.new_value, Event.actor)
                       .where(Event.entity_id == "backup_keep").order_by(Event.id.desc())).first()
    assert tuple(event) == ("3", "14", "root")
    dialog.hide()

    with seeded.session() as s:  # meanwhile: the command line, another administrator
        backup_service.set_backup_keep(s, keep=1, actor=ROOT)
        auth.set_idle_timeout(s, actor=ROOT, minutes=30)
    dialog.show()  # Users ▸ Security settings… again
    qtbot.waitUntil(lambda: dialog.keep.value() == 1 and dialog.idle.value() == 30,
                    timeout=10_000)
    assert dialog.keep.text() == "1 backup" and dialog.message.text() == ""


def test_the_lock_keeps_unsaved_settings_and_role_ticks(qtbot, runner: TaskRunner,
                                                        seeded: Database) -> None:
    """The dialogs read their data again when opened or brought back to the front; an
    unlock must not count as that and undo what the administrator had changed."""
    settings = ui_auth.SecuritySettingsDialog(runner, ROOT)
    users_dialog = ui_auth.UserManagementDialog(runner, ROOT)
    for dialog in (settings, users_dialog):
        qtbot.addWidget(dialog)
        dialog.show()
    qtbot.waitUntil(lambda: settings.save_button.isEnabled()
                    and users_dialog.table.rowCount() == 2, timeout=10_000)
    settings.idle.setValue(42)
    settings.keep.setValue(9)
    users_dialog.select("bob")
    users_dialog.role_boxes["approver"].setChecked(True)
    lock = ui_auth.IdleLock(runner, ROOT, timeout_ms=60_000)
    try:
        lock.lock(manual=True)
        assert lock.is_locked
        overlay = next(o for o in lock.overlays if o.isVisible() and o.reachable)
        with qtbot.waitSignal(lock.unlocked, timeout=10_000):
            qtbot.keyClicks(overlay.password, PW)
            qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
        users_dialog.activateWindow()
        settings.activateWindow()
        qtbot.wait(200)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    finally:
        lock.stop()
    assert settings.idle.value() == 42 and settings.keep.value() == 9
    assert users_dialog.selected_username() == "bob"
    assert users_dialog.role_boxes["approver"].isChecked()
