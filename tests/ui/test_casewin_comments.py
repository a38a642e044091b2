"""The Comments tab of a case with many comments: shown at the newest (the end, beside
the box the next one is typed in), the comment just added in sight, and a place the
officer scrolled up to kept when the case is shown again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSlider

from approvals.paths import DataDir
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case

__all__ = ["fisr_case"]  # the fixture, used by name

LONG = "The target confirmed the board approved the share transfer. " * 6


def test_many_comments_open_at_the_newest_and_a_new_one_is_in_sight(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    with db.session() as session:
        for n in range(40):
            add_comment(session, actor=admin, reference=fisr_case, body=f"Note {n}. {LONG}")
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.resize(900, 600)
    view.tabs.setCurrentIndex(next(i for i in range(view.tabs.count())
                                   if view.tabs.tabText(i) == "&Comments"))
    bar = view.comments.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert bar.value() == bar.maximum()  # Note 39, not Note 0

    # Scrolled up to read an older one: a reload (Refresh) keeps the place.
    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMinimum)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert bar.value() == 0 < bar.maximum()

    # Adding one shows it, at the end.
    qtbot.keyClicks(view.comment_edit, "Filed with NDRC today")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(view.add_comment_button, Qt.MouseButton.LeftButton)
    assert "Filed with NDRC today" in view.comments.toPlainText()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() > 0)
