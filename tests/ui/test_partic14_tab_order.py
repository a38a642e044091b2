"""Tab goes round the Filing particulars editor and the Check a filing dialog without an
unseen stop: from Close it landed on the scroll area around the form (or the dialog's
body), which shows no focus, and one more Tab was needed to reach the first field."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QPlainTextEdit, QWidget

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.particulars import ParticularsEditor
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_check_ui import open_dialog
from tests.ui.test_particulars_ui import new_case, opened


def tab_round(window: QWidget, start: QWidget, presses: int) -> list[QWidget]:
    """The widgets Tab gives the focus to, from `start`, `presses` times."""
    window.activateWindow()
    start.setFocus()
    QApplication.processEvents()
    seen = []
    for _press in range(presses):
        window.focusNextChild()
        QApplication.processEvents()
        focused = QApplication.focusWidget()
        assert focused is not None
        seen.append(focused)
    return seen


def unseen_stops(widgets: list[QWidget]) -> list[str]:
    """Scroll areas that took the focus themselves (a text box is one, and shows it)."""
    return [
        w.objectName() or type(w).__name__
        for w in widgets
        if isinstance(w, QAbstractScrollArea) and not isinstance(w, QPlainTextEdit)
    ]


def test_tab_from_close_reaches_the_first_field_of_the_particulars(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    qtbot.waitExposed(editor)
    last = editor._rows_on_screen()[-1].edit
    seen = tab_round(editor, last, 6)
    assert not unseen_stops(seen), unseen_stops(seen)
    first = editor._rows_on_screen()[0].edit
    assert first in seen[:5]  # Reason, Reload, defaults, Close, then the first field


def test_tab_from_close_reaches_the_tabs_of_check_a_filing(
    qtbot, runner: TaskRunner, data_dir: DataDir
) -> None:
    dialog = open_dialog(qtbot, runner, data_dir)
    qtbot.waitExposed(dialog)
    seen = tab_round(dialog, dialog.path_edit, 8)
    assert not unseen_stops(seen), unseen_stops(seen)
    assert seen.count(dialog.path_edit) >= 1  # round again to the start
