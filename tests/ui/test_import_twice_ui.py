"""File → Import case facts… of facts a case already holds asks first: open that case, make
another case of them on purpose, or cancel (nothing made)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.conftest import settle

FACTS = EXAMPLES_DIR / "frontier-lab.json"


@pytest.fixture
def window(qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> Iterator[MainWindow]:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    window.import_facts_file(FACTS)
    settle(qtbot, runner, lambda: window.model.rowCount() == 1)
    yield window
    for view in list(window.case_views.values()):
        view.close()


def _references(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.exec(select(Case.reference).order_by(Case.id)).all())


def _question(qtbot, window: MainWindow, runner: TaskRunner) -> QMessageBox:
    window.import_facts_file(FACTS)
    def shown() -> list[QMessageBox]:
        return [b for b in window.findChildren(QMessageBox, "importAgainQuestion")
                if b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1, timeout=20_000)
    return shown()[0]


def _button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text().replace("&", "") == text)


def test_the_question_names_the_case_and_opening_it_makes_nothing(
        qtbot, window: MainWindow, runner: TaskRunner, db: Database) -> None:
    [first] = _references(db)
    box = _question(qtbot, window, runner)
    assert box.text() == f"The facts in {FACTS.name} are already in {first} (open)."
    assert "another case of the same deal" in box.informativeText()
    assert box.defaultButton() is _button(box, f"Open {first}")
    _button(box, f"Open {first}").click()
    settle(qtbot, runner, lambda: first in window.case_views)
    assert _references(db) == [first]


def test_make_another_case_makes_it_and_cancel_makes_none(
        qtbot, window: MainWindow, runner: TaskRunner, db: Database) -> None:
    [first] = _references(db)
    box = _question(qtbot, window, runner)
    box.escapeButton().click()  # Cancel
    settle(qtbot, runner)
    assert _references(db) == [first]
    box = _question(qtbot, window, runner)
    _button(box, "Make another case").click()
    settle(qtbot, runner, lambda: window.model.rowCount() == 2)
    [_, second] = _references(db)
    assert window.statusBar().currentMessage() == f"Created case {second}"
