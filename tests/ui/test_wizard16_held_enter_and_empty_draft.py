"""Two intake slips: a held Enter key (auto-repeat) went Next page after page and pressed
Finish on Review, creating the case and its tracks in under a second; and a character
typed and deleted again, then Esc, left an empty draft (a reference used up, a blank row
in the case list, a draft-created event)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from approvals.store.db import Database
from approvals.store.models import Case, Event
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_wizard import edit


def _enter(repeat: bool) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                             Qt.KeyboardModifier.NoModifier, "\r",
                                             autorep=repeat))
    QApplication.processEvents()


def test_a_held_enter_moves_one_page_and_never_finishes(
        qtbot, wizard: IntakeWizard, runner: TaskRunner, db: Database) -> None:
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    wizard.import_file(EXAMPLES_DIR / "frontier-lab.json")
    qtbot.waitUntil(lambda: edit(wizard, "field_target_name_en").text() != "", timeout=5_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    saved: list[str] = []
    wizard.case_saved.connect(saved.append)
    first = wizard.currentId()
    _enter(repeat=False)
    moved = wizard.currentId()
    assert moved != first  # a press is a step
    for _ in range(10):  # the key held down: auto-repeated presses
        _enter(repeat=True)
    assert wizard.currentId() == moved and wizard.isVisible()
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    assert saved == []
    with db.read_session() as s:
        assert all(c.status == "draft" for c in s.exec(select(Case)).all())


def test_a_character_typed_and_deleted_leaves_no_draft(
        qtbot, wizard: IntakeWizard, runner: TaskRunner, db: Database) -> None:
    name = edit(wizard, "field_target_name_en")
    wizard.activateWindow()
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_A)
    qtbot.keyClick(name, Qt.Key.Key_Backspace)
    wizard.save_draft_now()  # as the timer or leaving the field would
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    assert wizard.reference is None and not wizard.isVisible()
    with db.read_session() as s:
        assert s.exec(select(Case)).all() == []
        assert s.exec(select(Event)).all() == []


def test_something_typed_is_still_kept_as_a_draft(
        qtbot, wizard: IntakeWizard, runner: TaskRunner, db: Database) -> None:
    name = edit(wizard, "field_target_name_en")
    wizard.activateWindow()
    name.setFocus()
    qtbot.keyClicks(name, "Kept Co.")
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: runner.idle and wizard.reference is not None, timeout=5_000)
    with db.read_session() as s:
        assert [c.status for c in s.exec(select(Case)).all()] == ["draft"]
