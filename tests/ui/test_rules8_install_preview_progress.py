"""Install update…'s preview compares every open case under both rulebooks: it shows how far
it is in the rulebook window and can be cancelled there (or by closing the window), which
installs nothing. At 100,000 open cases it ran for minutes with neither."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from approvals.domain.errors import Cancelled
from approvals.domain.rulebook import default_rulebook
from approvals.paths import DataDir
from approvals.services.rulebook import rulebook_for
from approvals.store.db import Database
from approvals.ui import rulebook as rulebook_ui
from approvals.ui.rulebook import RulebookWindow
from approvals.ui.workers import TaskRunner
from tests.ui.rulebook_install import confirm_install
from tests.ui.test_rulebook_updates_ui import ADMIN, _open, _update
from tests.ui.test_wizard6_install_preview_ui import _frontier, _preview


def _blocking_plan(started: threading.Event, stopped: threading.Event) -> Any:
    """A preview that reports half-way and waits for a cancel (ten seconds at most)."""

    def plan(_session: Any, *, progress: Any, cancelled: Any, **_kw: Any) -> Any:
        progress(0.5, "Comparing the open cases under both rulebooks: 5,000 of 10,000")
        started.set()
        deadline = time.monotonic() + 10
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        stopped.set()
        raise Cancelled("The comparison of the open cases was cancelled.")

    return plan


def test_the_preview_shows_progress_and_cancel_installs_nothing(
        qtbot: Any, runner: TaskRunner, data_dir: DataDir, tmp_path: Path,
        monkeypatch: Any) -> None:
    started, stopped = threading.Event(), threading.Event()
    monkeypatch.setattr(rulebook_ui, "plan_install", _blocking_plan(started, stopped))
    window: RulebookWindow = _open(qtbot, runner, ADMIN)
    shipped = rulebook_for(data_dir).version
    window.install_update(tmp_path / "update-2099.zip")
    panel = window.preview_progress
    qtbot.waitUntil(lambda: started.is_set() and "5,000 of 10,000" in panel.label.text(),
                    timeout=10_000)
    assert panel.isVisible() and panel.bar.value() == 50 and panel.cancel_button.isEnabled()
    assert not window.install_button.isEnabled()  # one update at a time
    with qtbot.waitSignal(window.update_done, timeout=10_000):
        panel.cancel_button.click()
    assert stopped.is_set() and not panel.isVisible()
    outcome = window.update_label.text()
    assert "Preview of update-2099.zip cancelled: nothing was installed" in outcome
    assert window.confirm_dialog is None and window.install_button.isEnabled()
    assert rulebook_for(data_dir).version == shipped


def test_closing_the_window_stops_a_running_preview(
        qtbot: Any, runner: TaskRunner, tmp_path: Path, monkeypatch: Any) -> None:
    started, stopped = threading.Event(), threading.Event()
    monkeypatch.setattr(rulebook_ui, "plan_install", _blocking_plan(started, stopped))
    window: RulebookWindow = _open(qtbot, runner, ADMIN)
    window.install_update(tmp_path / "update-2099.zip")
    qtbot.waitUntil(started.is_set, timeout=10_000)
    window.close()
    qtbot.waitUntil(stopped.is_set, timeout=5_000)  # not the ten seconds it would wait


def test_a_real_preview_reports_the_open_cases_compared(
        qtbot: Any, runner: TaskRunner, db: Database, tmp_path: Path, monkeypatch: Any) -> None:
    _frontier(db)
    update = _update(tmp_path, db)
    said: list[str] = []
    real = rulebook_ui.plan_install

    def plan(session: Any, *, progress: Any, **kw: Any) -> Any:
        return real(session, progress=lambda f, m: (said.append(m), progress(f, m)), **kw)

    monkeypatch.setattr(rulebook_ui, "plan_install", plan)
    window: RulebookWindow = _open(qtbot, runner, ADMIN)
    dialog = _preview(qtbot, window, update)
    assert said == ["Comparing the open cases under both rulebooks: 1 of 1"]
    assert not window.preview_progress.isVisible()
    assert "1 open case would change" in dialog.message.text()
    dialog.reject()


def test_the_listing_after_an_install_shows_progress_and_can_be_cancelled(
        qtbot: Any, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path,
        monkeypatch: Any) -> None:
    _frontier(db)
    update = _update(tmp_path, db)
    started, stopped = threading.Event(), threading.Event()

    def check(*, progress: Any, cancelled: Any, **_kw: Any) -> Any:
        progress(0.25, "Screened 500 of 2,000 open cases")
        started.set()
        deadline = time.monotonic() + 10
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        stopped.set()
        raise Cancelled("The check of the open cases was cancelled.")

    monkeypatch.setattr(rulebook_ui, "check_open_cases", check)
    window: RulebookWindow = _open(qtbot, runner, ADMIN)
    dialog = _preview(qtbot, window, update)
    dialog.action.click()
    panel = window.preview_progress
    qtbot.waitUntil(lambda: started.is_set() and "500 of 2,000" in panel.label.text(),
                    timeout=20_000)
    assert rulebook_for(data_dir).version != default_rulebook().version  # installed
    assert not window.install_button.isEnabled()  # not while the listing runs
    with qtbot.waitSignal(window.update_done, timeout=10_000):
        panel.cancel_button.click()
    assert stopped.is_set() and not panel.isVisible()
    outcome = window.update_label.text()
    assert "<b>Installed:</b>" in outcome
    assert "Listing the open cases it changes was cancelled" in outcome
    assert window.install_button.isEnabled()


def test_a_revert_s_check_of_the_open_cases_can_be_cancelled(
        qtbot: Any, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path,
        monkeypatch: Any) -> None:
    update = _update(tmp_path, db)
    window: RulebookWindow = _open(qtbot, runner, ADMIN)
    _preview(qtbot, window, update)
    confirm_install(qtbot, window)
    installed = rulebook_for(data_dir).version
    started, stopped = threading.Event(), threading.Event()
    monkeypatch.setattr(rulebook_ui, "plan_revert", _blocking_plan(started, stopped))
    window.revert_update()
    panel = window.preview_progress
    qtbot.waitUntil(lambda: started.is_set() and panel.isVisible(), timeout=10_000)
    with qtbot.waitSignal(window.update_done, timeout=10_000):
        panel.cancel_button.click()
    assert stopped.is_set() and not panel.isVisible() and window.confirm_dialog is None
    assert "Nothing was reverted (cancelled)" in window.update_label.text()
    assert rulebook_for(data_dir).version == installed
