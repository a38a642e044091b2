"""Edit condition… opened with the condition's words all selected and the cursor at their
end, so a field narrower than the words (200 % on a laptop screen) showed only their end
("anced-node IP blocks in China"). It opens at their start, still all selected, so typing
replaces them as before."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_conditions_ui import (  # noqa: F401  (fixtures)
    cleared,
    click,
    under_review,
)


def test_a_condition_opened_for_correction_shows_its_start(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        cleared: tuple[str, int]) -> None:  # noqa: F811
    reference, _track_id = cleared
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-FISR")
    click(qtbot, view.edit_condition_button)
    dialog = view.edit_condition_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    field = dialog.editor.rows[0].text
    qtbot.waitUntil(field.hasFocus, timeout=5_000)
    words = field.text()
    assert words and field.selectedText() == words  # typing replaces the whole condition
    assert field.cursorPosition() == 0  # and the field shows where it starts
    dialog.reject()
    runner.wait_for_done()
