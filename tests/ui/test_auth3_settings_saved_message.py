"""Security settings: "Saved." only for a save that changed something, and never beside a
change made after it. Alt+O ticks Solo mode 100 ms late (Qt animates a mnemonic's click);
Enter right after it saved the old settings, said "Saved.", and then the box was ticked,
solo mode off in fact."""

from __future__ import annotations

import pytest
from sqlmodel import select

from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def dialog(qtbot, runner: TaskRunner, db: Database) -> ui_auth.SecuritySettingsDialog:
    make_root(db)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.loaded is not None, timeout=10_000)
    return dialog


def _changes(db: Database) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event).where(Event.action == "settings.changed")).all())


def test_a_save_with_nothing_changed_says_so(qtbot, runner: TaskRunner, db: Database,
                                             dialog) -> None:
    dialog.save_button.click()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.message.text() == "Nothing to save: no setting was changed."
    assert _changes(db) == 0


def test_a_change_after_saved_clears_it(qtbot, runner: TaskRunner, db: Database,
                                        dialog) -> None:
    dialog.idle.setValue(20)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: runner.idle and dialog.message.text() == "Saved.", timeout=10_000)
    assert _changes(db) == 1
    dialog.solo.setChecked(True)  # the late tick of Alt+O, or a second thought
    assert dialog.message.text() == ""  # not "Saved." beside a change not saved


def test_switching_solo_mode_off_again_is_not_recorded_with_the_reason_for_on(
        qtbot, runner: TaskRunner, db: Database, dialog) -> None:
    dialog.solo.setChecked(True)
    dialog.reason.setText("one-person office")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: runner.idle and dialog.message.text() == "Saved.", timeout=10_000)
    assert dialog.reason.text() == ""  # recorded with the change it was typed for
    dialog.solo.setChecked(False)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: runner.idle and dialog.message.text() == "Saved.", timeout=10_000)
    with db.read_session() as s:
        reasons = [e.reason for e in s.exec(select(Event).where(
            Event.action == "settings.changed").order_by(Event.id)).all()]
    assert reasons == ["one-person office", ""]
