"""Install update… in the rulebook window shows first what the update would change — the
versions from → to and who signed it, the rule versions added / changed / withdrawn, the
open cases whose outcome it would change — worked out off the GUI thread; Install installs
what was previewed, Cancel changes nothing. It used to install at once."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services import rulebook_updates
from approvals.services.cases import import_case
from approvals.services.rulebook import INSTALLED_FILE, rulebook_for
from approvals.store.db import Database
from approvals.ui import rulebook as rulebook_ui
from approvals.ui.rulebook import InstallPreview, RulebookWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.rulebook_install import confirm_install
from tests.ui.test_polish_rulebook import events
from tests.ui.test_rulebook_updates_ui import ADMIN, _open, _update
from tests.ui.ux_checks import problems


def _preview(qtbot: Any, window: RulebookWindow, update: Path) -> InstallPreview:
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    dialog = window.confirm_dialog
    assert isinstance(dialog, InstallPreview) and dialog.isVisible()
    return dialog


def _frontier(db: Database) -> str:
    with db.session() as s:
        return import_case(s, data=json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
            encoding="utf-8")), actor=ADMIN).reference


def test_the_preview_says_what_the_update_changes_before_it_is_installed(
        qtbot: Any, runner: TaskRunner, db: Database, data_dir: DataDir,
        tmp_path: Path) -> None:
    reference = _frontier(db)
    update = _update(tmp_path, db)
    window = _open(qtbot, runner, ADMIN)
    shipped = rulebook_for(data_dir).version
    dialog = _preview(qtbot, window, update)

    # Nothing is installed while it is read.
    assert rulebook_for(data_dir).version == shipped
    assert "nothing has changed yet" in window.update_label.text()
    text = dialog.message.text()
    assert f"From: the shipped rulebook {shipped}" in text and "(version 2099.1.1," in text
    assert "Signed by: Knowledge team" in text and "Rule versions: 0 added, 1 changed" in text
    assert "1 open case would change" in text and text.endswith("Nothing has changed yet.")
    details = dialog.details.toPlainText()
    assert "Changed US-OISP.scope.2025 — " in details
    assert "Countries of concern: China (CN), Hong Kong, China (HK), Macao, China (MO) → Macao, China (MO)" in details
    assert f"{reference}: US-OISP prohibited → " in details
    # A change with wide effect: Enter does not install, and the action is reached by keys.
    assert not dialog.action.isDefault() and dialog.action.text() == "&Install"
    assert dialog.details.focusPolicy() != Qt.FocusPolicy.NoFocus
    assert problems("install preview", dialog) == []

    confirm_install(qtbot, window)
    assert rulebook_for(data_dir).version.startswith("2099.1.1+")
    assert "Installed:" in window.update_label.text()
    runner.wait_for_done()


def test_cancel_changes_nothing(qtbot: Any, runner: TaskRunner, db: Database,
                                data_dir: DataDir, tmp_path: Path) -> None:
    update = _update(tmp_path, db)
    window = _open(qtbot, runner, ADMIN)
    record = data_dir.rulebook / INSTALLED_FILE
    before = (rulebook_for(data_dir).version, record.exists(), events(db))
    dialog = _preview(qtbot, window, update)
    qtbot.keyClick(dialog.details, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.confirm_dialog is None, timeout=5_000)
    runner.wait_for_done()
    assert (rulebook_for(data_dir).version, record.exists(), events(db)) == before
    assert "Nothing was installed (cancelled)" in window.update_label.text()
    assert window.install_button.isEnabled()


def test_the_preview_is_worked_out_off_the_gui_thread(qtbot: Any, runner: TaskRunner,
                                                      db: Database, tmp_path: Path,
                                                      monkeypatch: Any) -> None:
    update = _update(tmp_path, db)
    window = _open(qtbot, runner, ADMIN)
    threads: list[bool] = []
    real = rulebook_updates.plan_install

    def plan(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(rulebook_ui, "plan_install", plan)
    _preview(qtbot, window, update)
    assert threads == [False]
    assert window.confirm_dialog is not None
    window.confirm_dialog.reject()
    runner.wait_for_done()
