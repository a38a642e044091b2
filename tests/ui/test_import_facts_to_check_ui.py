"""File → Import case facts… of facts the wizard would have held at their fields (an
amount finer than its currency, a completion before the signing): the case is made as the
file says, as `approvals case import` makes it, and a message names each fact to correct
by the wizard's name of its field, with its key to find it in the file, and offers to
open the case. A file with nothing to check shows no message."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.conftest import settle


@pytest.fixture
def window(qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> Iterator[MainWindow]:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    yield window
    for view in list(window.case_views.values()):
        view.close()


def _shown(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox, "factsToCheck") if b.isVisible()]


def _unrounded(tmp_path: Path) -> Path:
    facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    facts["deal"]["amount"] = {"value": 150_000_000.005, "currency": "USD"}
    facts["deal"]["signing_date"], facts["deal"]["expected_completion_date"] = (
        "2026-11-20", "2026-10-01")
    path = tmp_path / "unrounded.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    return path


def test_each_fact_to_check_is_named_and_the_case_opens_from_the_message(
        qtbot, window: MainWindow, runner: TaskRunner, tmp_path: Path) -> None:
    window.import_facts_file(_unrounded(tmp_path))
    qtbot.waitUntil(lambda: len(_shown(window)) == 1, timeout=20_000)
    [box] = _shown(window)
    settle(qtbot, runner, lambda: window.model.rowCount() == 1)
    reference = window.statusBar().currentMessage().removeprefix("Created case ")
    assert reference.startswith("AP-")
    assert box.text() == f"Created case {reference} from unrounded.json, with 2 facts to check:"
    assert box.informativeText().splitlines() == [
        "• Amount (Deal) — value [deal.amount.value]: '150,000,000.005' has 3 decimal places, "
        "and a USD amount has at most 2: check the figure",
        "• Expected completion (Deal) [deal.expected_completion_date]: 2026-10-01 is before "
        "the signing date, 2026-11-20",
        "",
        "The case holds them as the file gave them: correct them with Edit facts… in the case."]
    opening = next(b for b in box.buttons() if b.text() == f"&Open {reference}")
    assert box.defaultButton() is opening
    opening.click()
    settle(qtbot, runner, lambda: reference in window.case_views)


def test_a_file_with_nothing_to_check_shows_no_message(
        qtbot, window: MainWindow, runner: TaskRunner) -> None:
    window.import_facts_file(EXAMPLES_DIR / "frontier-lab.json")
    settle(qtbot, runner, lambda: window.model.rowCount() == 1)
    assert window.statusBar().currentMessage().startswith("Created case AP-")
    assert _shown(window) == [] and window.case_views == {}


def test_a_file_that_is_no_object_is_named_by_its_file(
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """File → Import facts… on `[1, 2]` said "(document): must be a group of fields …",
    where the command line names the file."""
    from approvals.ui import main_window

    shown: list[BaseException] = []
    monkeypatch.setattr(main_window, "show_error", lambda _parent, _title, exc: shown.append(exc))
    listed = tmp_path / "array.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    window.import_facts_file(listed)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    said = str(shown[0])
    assert said.startswith("array.json: must be a group of fields") and "(document)" not in said
