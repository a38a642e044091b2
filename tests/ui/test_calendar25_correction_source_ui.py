"""Correct a day… asks for the correction's source: Save correction stays greyed out, and
Source says so in red once touched, until a notice is typed (a correction saved with an
empty Source left the auditor no way to see where the holiday came from). A rename of a
day, kind kept, needs the notice naming it too; a refusal by the service is said at
Source."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.domain.errors import InputError, Problem
from approvals.services.workflow import (
    CORRECTION_SOURCE_NEEDED,
    calendar_for,
    correct_calendar_day,
)
from approvals.store.db import Database
from approvals.ui import calendars
from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_correct, open_dialog

CLOSURE = date(2026, 12, 21)  # a working Monday of the shipped 2026 schedule
NOTICE = "Shenzhen municipal typhoon notice No. 12 (sz.gov.cn)"


def test_save_waits_for_a_source_said_at_the_field(qtbot, runner: TaskRunner,
                                                   db: Database) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, CLOSURE)
    qtbot.keyClicks(correct.name_edit, "Typhoon closure")
    qtbot.keyClicks(correct.reason_edit, "offices closed")
    assert not correct.save_button.isEnabled()
    assert correct.save_button.toolTip() == (
        "To save: type the source (the notice that says so).")
    # Not touched yet: said beside the greyed-out button, not in red at the field.
    assert not correct.source_error.isVisibleTo(correct)
    assert correct.message.text() == "To save: type the source (the notice that says so)."
    assert correct.pending_change() is None  # as Save (Enter) does: said at the field now
    assert correct.source_error.isVisibleTo(correct)
    assert correct.source_error.text() == CORRECTION_SOURCE_NEEDED
    assert correct.message.text() == ""  # said once, at Source

    qtbot.keyClicks(correct.source_edit, "   ")  # blank is no source
    assert not correct.save_button.isEnabled() and correct.source_error.isVisibleTo(correct)
    correct.source_edit.clear()
    qtbot.keyClicks(correct.source_edit, NOTICE)
    assert not correct.source_error.isVisibleTo(correct)
    assert correct.save_button.isEnabled() and correct.message.text() == ""
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        assert calendar_for(s, "CN").override(CLOSURE) is not None


def test_a_rename_needs_the_notice_naming_the_day(qtbot, runner: TaskRunner,
                                                  db: Database) -> None:
    with db.session() as s:
        correct_calendar_day(session=s, actor=OFFICER, calendar="CN", day=CLOSURE,
                             kind="holiday", name="Typhoon closure", source=NOTICE,
                             reason="typhoon")
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, CLOSURE)
    correct.kind_combo.setCurrentIndex(correct.kind_combo.findData("holiday"))  # kept
    assert correct.name_edit.text() == "Typhoon closure"  # filled in: the day as it is
    assert NOTICE in correct.source_edit.placeholderText()  # the source it has, to see
    correct.name_edit.clear()
    qtbot.keyClicks(correct.name_edit, "Typhoon Haikui closure")
    qtbot.keyClicks(correct.reason_edit, "the notice names it")
    assert not correct.save_button.isEnabled()
    assert "type the source" in correct.save_button.toolTip()
    qtbot.keyClicks(correct.source_edit, "Fujian typhoon notice No. 7")
    assert correct.save_button.isEnabled()
    correct.reject()


def test_a_refused_source_is_said_at_source(qtbot, runner: TaskRunner, db: Database,
                                            monkeypatch) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    correct = open_correct(qtbot, dialog, CLOSURE)
    qtbot.keyClicks(correct.name_edit, "Typhoon closure")
    qtbot.keyClicks(correct.source_edit, "x")
    qtbot.keyClicks(correct.reason_edit, "offices closed")

    def refused(**_kw: object) -> None:
        raise InputError([Problem("source", "name the notice"),
                          Problem("reason", "the reason is too short")])

    monkeypatch.setattr(calendars, "correct_calendar_day", refused)
    qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: correct.source_error.isVisibleTo(correct), timeout=10_000)
    assert correct.source_error.text() == "name the notice"
    assert correct.reason_error.text() == "the reason is too short"
    assert not correct.kind_error.isVisibleTo(correct)
    assert correct.isVisible()  # the fields given back, no message box
