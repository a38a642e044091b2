"""View → Rulebook and View → Holiday calendars… show the main window's one window of each,
kept while the main window lives (ui.widgets.show_kept, one function for both): made the
first time; chosen again, the same window, read afresh, in front and with the keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QWidget

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import widgets
from approvals.ui.main_window import MainWindow
from approvals.ui.widgets import show_kept
from approvals.ui.workers import TaskRunner


@pytest.fixture
def main(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> Iterator[MainWindow]:
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    yield window
    window.runner.wait_for_done()


def test_made_once_then_brought_up_to_date(qtbot, main: MainWindow) -> None:
    made: list[QDialog] = []
    again: list[QDialog] = []

    def make() -> QDialog:
        made.append(QDialog(main))
        return made[-1]

    first = show_kept(main, "kept_probe", make, again.append)
    assert first.isVisible() and made == [first] and again == []
    first.close()
    second = show_kept(main, "kept_probe", make, again.append)
    assert second is first and second.isVisible() and made == [first] and again == [first]
    second.close()


@pytest.mark.parametrize(("action", "attribute"), [("rulebookAction", "rulebook_window"),
                                                   ("calendarsAction", "calendars_dialog")])
def test_the_view_menu_shows_its_kept_window(qtbot, main: MainWindow, monkeypatch,
                                             action: str, attribute: str) -> None:
    shown: list[str] = []
    real = widgets.show_kept

    def spy(window: QWidget, name: str, make, again):  # type: ignore[no-untyped-def]
        shown.append(name)
        return real(window, name, make, again)

    monkeypatch.setattr(f"approvals.ui.{'rulebook' if 'rule' in action else 'calendars'}"
                        ".show_kept", spy)
    [chosen] = [a for a in main.view_menu.actions() if a.objectName() == action]
    chosen.trigger()
    window = getattr(main, attribute)
    qtbot.waitUntil(lambda: main.runner.idle, timeout=10_000)
    window.close()
    chosen.trigger()  # again: the same window, read afresh
    assert getattr(main, attribute) is window and window.isVisible()
    qtbot.waitUntil(lambda: main.runner.idle, timeout=10_000)
    assert shown == [attribute, attribute]
    window.close()
