"""Why a greyed-out step waits is written under the steps, not only in its tooltip: a
greyed-out button takes no focus, so a keyboard user could never read why."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.workers import TaskRunner
from tests.ui.test_case_view import (
    fisr_case,  # noqa: F401 (fixture)
    open_view,
    select_track,
)

REVIEWER = Actor("rita", ("reviewer",), "Rita Reviewer")


def test_each_greyed_out_step_is_said_with_its_reason(
        qtbot, runner: TaskRunner, data_dir: DataDir, fisr_case: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, REVIEWER, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.tracks_page)
    select_track(view, "CN-FISR")
    qtbot.waitUntil(lambda: bool(view.track_buttons), timeout=5_000)
    greyed = [b for b in view.track_buttons.values() if not b.isEnabled()]
    assert greyed
    note = view.actions_blocked
    assert note.isVisibleTo(view)
    text = note.text()
    assert text.count("<b>") == len(greyed)
    for button in greyed:
        assert f"<b>{button.accessibleName()}</b>" in text
        # the reason its tooltip gives, without the step's name said twice
        assert f"<b>{button.accessibleName()}</b>: needs the preparer role." in text or \
            f"<b>{button.accessibleName()}</b>: needs the approver role." in text
        assert f"'{button.accessibleName()}'" not in text


def test_nothing_is_said_when_every_step_may_be_taken(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        fisr_case: str) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.tracks_page)
    select_track(view, "CN-FISR")
    qtbot.waitUntil(lambda: bool(view.track_buttons), timeout=5_000)
    assert all(b.isEnabled() for b in view.track_buttons.values())  # a draft, all roles
    assert not view.actions_blocked.isVisibleTo(view)


def test_after_a_step_the_next_step_has_the_keys_and_is_seen_to(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        fisr_case: str) -> None:  # noqa: F811
    """Space would press the button the keys land on after a step: its focus frame must
    be drawn (a plain setFocus hides it in Qt 6 until Tab is pressed)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.tracks_page)
    select_track(view, "CN-FISR")
    qtbot.waitUntil(lambda: bool(view.track_buttons), timeout=5_000)
    view.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)
    view._focus_next_step()
    first = next(b for b in view.track_buttons.values() if b.isEnabled())
    assert QApplication.focusWidget() is first
    assert view.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
