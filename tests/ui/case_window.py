"""A case window as the UI tests open one: shown, its case read, and on the tab (and the
track) the test is about. One helper for the many tests that each wrote it again."""

from __future__ import annotations

from typing import Any

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner

DOCUMENTS_TAB = "&Documents"


def open_view(qtbot: Any, runner: TaskRunner, actor: Actor, data_dir: DataDir, ref: str, *,
              track: str | None = None, documents: bool = False) -> CaseView:
    """The case window of `ref`, shown once its case is read; with `track` (a regime, e.g.
    "CN-FISR") on the Tracks tab with that track selected, with `documents` on the
    Documents tab."""
    view = CaseView(runner, actor, data_dir, ref)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    if documents:
        view.tabs.setCurrentIndex(next(i for i in range(view.tabs.count())
                                       if view.tabs.tabText(i) == DOCUMENTS_TAB))
    if track is not None:
        view.tabs.setCurrentWidget(view.tracks_page)
        select_track(view, track)
    return view


def select_track(view: CaseView, regime: str) -> None:
    """Select the track of `regime` in the Tracks tab's list ("CN-DATA-EXPORT" is not
    "CN-DATA-EXPORT-CONTRACT": a track's line is "<regime> — <name>")."""
    view.tabs.setCurrentWidget(view.tracks_page)
    for row in range(view.track_list.count()):
        if view.track_list.item(row).text().startswith(regime + " "):
            view.track_list.setCurrentRow(row)
            return
    raise AssertionError(f"no {regime} track")


def accept_rescreen(qtbot: Any, view: CaseView, reason: str, *, timeout: int = 10_000) -> None:
    """Accept the new screening the Screening tab shows, giving `reason` in its question,
    and wait for the case to be read again."""
    from PySide6.QtCore import Qt

    dialog = view.accept_rescreen()
    assert dialog is not None and dialog.reason is not None
    dialog.reason.setText(reason)
    with qtbot.waitSignal(view.loaded, timeout=timeout):
        qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)


def submit_from_the_keyboard(qtbot: Any, view: CaseView, reason: str = "ready for review") -> None:
    """Press the selected track's Submit for internal review with Space, type `reason` and
    press Enter, and wait for the case to be read again."""
    from PySide6.QtCore import Qt

    button = view.track_buttons["submit_for_review"]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    dialog = view.action_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, reason)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
