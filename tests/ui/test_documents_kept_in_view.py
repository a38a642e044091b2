"""What an attach says stays in sight over the reload that follows it: the reload lays the
Documents list out anew, which could push the line under the buttons below the fold again
(seen as an occasional failure under load, when the reload's layout came after the scroll)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QScrollArea

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case  # noqa: F401


def test_the_attach_note_is_scrolled_to_again_after_the_next_fill(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str, tmp_path: Path) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.resize(683, 240)  # a small window at 200 %: the Documents page scrolls
    area = view.findChild(QScrollArea, "documentsPage")
    view.tabs.setCurrentIndex(view.tabs.indexOf(area))
    panel = view.attach_progress
    panel.finish("Attached chart.pdf.")
    panel.setVisible(True)
    bar = area.verticalScrollBar()

    def in_sight() -> bool:
        return panel.visibleRegion().boundingRect().height() == panel.height()

    view._bring_into_view(panel)
    qtbot.waitUntil(in_sight, timeout=5_000)
    # The fill's new layout moving the page (as a taller list does) before it is drawn.
    away = bar.maximum() if bar.value() == bar.minimum() else bar.minimum()
    bar.setValue(away)
    assert bar.maximum() > 0 and not in_sight()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    qtbot.waitUntil(in_sight, timeout=5_000)
    # Only the fill right after: a later reload leaves the page where the officer put it.
    bar.setValue(away)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    qtbot.wait(50)
    assert bar.value() == away
