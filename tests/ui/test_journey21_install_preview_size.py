"""journey21: the install preview shows the whole of what an update changes — its rule
versions and every open case whose outcome it changes — without scrolling when the screen
has the room. At a fixed 30 lines the list of cases (what is to be checked before Install)
ran below the box's edge on a 1920×1080 screen and had to be scrolled to with the mouse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from approvals.services.cases import import_case
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_rulebook_updates_ui import ADMIN, _open, _update
from tests.ui.test_wizard6_install_preview_ui import _preview

CASES = 10


def test_the_whole_preview_is_shown_when_the_screen_has_room(
        qtbot: Any, runner: TaskRunner, db: Database, tmp_path: Path) -> None:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    with db.session() as s:
        references = [import_case(s, data=data, actor=ADMIN).reference for _ in range(CASES)]
    window = _open(qtbot, runner, ADMIN)
    dialog = _preview(qtbot, window, _update(tmp_path, db))
    qtbot.waitExposed(dialog)
    details = dialog.details
    assert all(f"{reference}: US-OISP" in details.toPlainText() for reference in references)
    screen = dialog.screen().availableGeometry()
    # The dialog fits on the screen, and nothing of the preview is below the box's edge.
    assert dialog.height() <= screen.height()
    assert details.verticalScrollBar().maximum() == 0, (
        f"preview scrolls by {details.verticalScrollBar().maximum()} px in a dialog "
        f"{dialog.height()} px tall on a screen {screen.height()} px tall")
    dialog.reject()
    runner.wait_for_done()
