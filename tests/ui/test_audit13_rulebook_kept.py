"""Closing the rulebook window straight after installing an update kept nothing of the
open cases it changes: opened again, the list is there, said as of when, with the way to
the cases still to review (Check open cases…)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.services.cases import import_case
from approvals.store.db import Database
from approvals.ui import rulebook as rulebook_ui
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.rulebook_install import confirm_install
from tests.ui.test_rulebook_updates_ui import ADMIN, _open, _update


def test_the_cases_an_install_changes_stay_listed_after_closing(
        qtbot, runner: TaskRunner, db: Database, tmp_path: Path, monkeypatch) -> None:
    with db.session() as s:
        case = import_case(s, data=json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
            encoding="utf-8")), actor=ADMIN)
    update = _update(tmp_path, db)
    window = _open(qtbot, runner, ADMIN)
    monkeypatch.setattr(rulebook_ui, "ask_open_file",
                        lambda parent, purpose, **kw: kw["chosen"](update))
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.mouseClick(window.install_button, Qt.MouseButton.LeftButton)
    confirm_install(qtbot, window)
    assert f"case:{case.reference}" in window.update_label.text()

    window.close()  # Escape or Close, straight after the install
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.reload()
        window.show()
    QApplication.processEvents()
    said = window.update_label.text()
    assert window.update_area.isVisible()
    assert f"case:{case.reference}" in said and "1 open case would change" in said
    assert "As listed at " in said and "href='check:'" in said
    window.close()  # said as of when once, however often it is closed
    window.show()
    assert window.update_label.text().count("As listed at ") == 1
    runner.wait_for_done()


def test_a_cancelled_install_is_not_said_again(qtbot, runner: TaskRunner) -> None:
    window = _open(qtbot, runner, ADMIN)
    window._begin("Checking update.zip…")
    window._updating = False
    window._set_outcome("Nothing was installed (cancelled).")
    window.close()
    window.show()
    assert not window.update_area.isVisible() and not window.update_label.text()


def test_an_install_cancelled_after_keeps_the_list(qtbot, runner: TaskRunner) -> None:
    """Only the next install or revert replaces the list: one started and cancelled in its
    preview took it away."""
    window = _open(qtbot, runner, ADMIN)
    listed = "<b>Installed:</b> 1 open case would change: <a href='case:AP-2026-0001'>…</a>"
    window._begin("Installing…")
    window._updating = False
    window._set_outcome(listed)
    window._keep_listed()
    window._begin("Checking update.zip and working out what it would change…")
    window._updating = False
    window._set_outcome("Nothing was installed (cancelled).")
    window.close()
    window.show()
    assert window.update_area.isVisible()
    assert window.update_label.text().endswith(listed)


def test_an_install_that_only_corrects_a_citation_names_the_cases(
        qtbot, runner: TaskRunner) -> None:
    """After installing an update that corrects a citation, the window said "No open case's
    outcome would change as of today" and no more, while the cases' filings print the old
    citation until their new screening is accepted."""
    window = _open(qtbot, runner, ADMIN)
    window._said = "Installed rulebook 2026.12.1."
    window._rescreen_listed(([], [], (("AP-2026-0002", "US-OISP"),)))
    said = window.update_label.text()
    assert "No open case's outcome would change as of today." in said
    assert ("Same outcome on other grounds (another rule or citation): AP-2026-0002 (US-OISP). "
            "Their filings print the grounds: accept the new screening on each case's "
            "Screening tab.") in said
    runner.wait_for_done()
