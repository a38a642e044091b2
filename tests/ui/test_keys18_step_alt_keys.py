"""The case window's step buttons (Submit for internal review, Return to preparer, Approve
for filing, Withdraw, …) have Alt keys: each the first letter of its name that none of
the window's other keys takes while the Tracks tab shows, and none the same as another
control's. They had none: a keyboard user tabbed through the diagram to reach them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.widgets import access_key, alt_keys_in_use
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track
from tests.ui.ux_checks import alt_keys_taken_away, mnemonic_clashes

# Demo cases with tracks in many states: drafts, internal review, under the authority's
# review (several outcomes to record), materials requested, cleared with conditions,
# registered, closed.
CASES = ("AP-2026-0002", "AP-2026-0003", "AP-2026-0004", "AP-2026-0006", "AP-2026-0008",
         "AP-2026-0009")


def _tracks_tab_keys(qtbot: Any, view: CaseView) -> dict[str, list[str]]:
    """For each track of the window: its step buttons' texts; every shown button of the
    Tracks tab has a key, and no two controls shown share one."""
    found: dict[str, list[str]] = {}
    for row in range(view.track_list.count()):
        view.track_list.setCurrentRow(row)
        qtbot.wait(1)
        name = view.track_list.item(row).text().split(" — ")[0]
        shown = [b for b in view.tracks_page.findChildren(QAbstractButton)
                 if b.isVisibleTo(view) and b.text()]
        assert [b.text() for b in shown if not access_key(b.text())] == [], name
        assert mnemonic_clashes(view) == [], name
        assert alt_keys_taken_away(view.tracks_page) == [], name
        others = alt_keys_in_use(view, leave_out=[view.actions_box, *(
            view.tabs.widget(i) for i in range(view.tabs.count())
            if view.tabs.widget(i) is not view.tracks_page)])
        steps = [access_key(b.text()) for b in view.track_buttons.values()]
        assert not set(steps) & others, name  # shown or not, the tab's others keep theirs
        assert len(set(steps)) == len(steps), name
        found[name] = [b.text() for b in view.track_buttons.values()]
    return found


def test_every_step_of_every_track_has_its_own_alt_key(
        qtbot: Any, runner: TaskRunner, demo: Database, admin: Actor,
        data_dir: DataDir) -> None:
    seen: dict[str, list[str]] = {}
    for reference in CASES:
        view = open_view(qtbot, runner, admin, data_dir, reference)
        view.tabs.setCurrentWidget(view.tracks_page)
        for track, texts in _tracks_tab_keys(qtbot, view).items():
            seen[f"{reference} {track}"] = texts
        view.close()
    runner.wait_for_done()
    assert seen["AP-2026-0002 US-OISP"] == [
        "Record completion date (starts the notification cloc&k)", "Ret&urn to preparer",
        "Appro&ve for filing", "Withdraw (&B)"]
    # Withdraw has one key on every track of every case: it was Alt+J on US-OISP, where
    # Alt+J on CN-FISR is Cleared with conditions, and Alt+X or Alt+Y on others.
    withdraws = {text for texts in seen.values() for text in texts if text.startswith("Withdraw")}
    assert withdraws == {"Withdraw (&B)"}
    assert seen["AP-2026-0002 CN-FISR"][:3] == [
        "Cleared (&J)", "Cleared with conditions (&K)", "Special re&view started"]
    assert seen["AP-2026-0003 CN-DATA-EXPORT"] == ["Close (&B)"]
    assert seen["AP-2026-0004 CN-SAMR"] == []  # closed: no step


def test_the_same_step_keeps_its_key_whatever_was_shown_before(
        qtbot: Any, runner: TaskRunner, demo: Database, admin: Actor,
        data_dir: DataDir) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0002", track="US-OISP")
    first = [b.text() for b in view.track_buttons.values()]
    # A step's dialog (a child of the window, with its own &Cancel and &Reason) stays.
    view.track_buttons["return_to_preparer"].click()
    assert view.action_dialog is not None
    view.action_dialog.reject()
    select_track(view, "CN-FISR")
    select_track(view, "US-OISP")
    view.obligations.setVisible(not view.obligations.isVisible())
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    select_track(view, "US-OISP")
    assert [b.text() for b in view.track_buttons.values()] == first
    runner.wait_for_done()


def test_alt_u_presses_return_to_preparer(
        qtbot: Any, runner: TaskRunner, demo: Database, admin: Actor,
        data_dir: DataDir) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0002", track="US-OISP")
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5_000)
    button = view.track_buttons["return_to_preparer"]
    assert button.text() == "Ret&urn to preparer"
    assert button.accessibleName() == "Return to preparer"
    view.track_list.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.action_dialog is not None and view.action_dialog.isVisible(),
                    timeout=5_000)
    dialog = view.action_dialog
    assert dialog is not None and dialog.action.name == "return_to_preparer"
    dialog.reject()
    runner.wait_for_done()
