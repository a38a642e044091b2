"""After an update is installed, the open cases it changes are listed with a link to
View → Check open cases…, where the officer reads why and accepts several at once (the
outcome only pointed to each case's Screening tab, one case at a time)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.store.db import Database
from approvals.ui import rulebook as rulebook_ui
from approvals.ui.main_window import MainWindow
from approvals.ui.open_cases_check import OpenCasesCheckWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.rulebook_install import confirm_install
from tests.ui.test_rulebook_updates_ui import ADMIN, _update


def test_the_changed_cases_link_to_check_open_cases(qtbot, runner: TaskRunner, db: Database,
                                                    data_dir: DataDir, tmp_path: Path,
                                                    monkeypatch) -> None:
    with db.session() as s:
        case = import_case(s, data=json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
            encoding="utf-8")), actor=ADMIN)
    update = _update(tmp_path, db)
    main = MainWindow(runner, data_dir, ADMIN)
    qtbot.addWidget(main)
    main.rulebook_action.trigger()
    window = main.rulebook_window
    qtbot.waitUntil(lambda: window.overview is not None, timeout=10_000)
    monkeypatch.setattr(rulebook_ui, "ask_open_file",
                        lambda parent, purpose, **kw: kw["chosen"](update))
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update()
    confirm_install(qtbot, window)
    outcome = window.update_label.text()
    assert f"case:{case.reference}" in outcome and "href='check:'" in outcome
    window.update_label.linkActivated.emit("check:")
    check: Any = main.open_cases_check_window
    assert isinstance(check, OpenCasesCheckWindow) and check.isVisible()
    qtbot.waitUntil(lambda: check.check is not None, timeout=10_000)
    assert case.reference in {c.reference for c in check.model.changes}
    check.close()
    runner.wait_for_done()
