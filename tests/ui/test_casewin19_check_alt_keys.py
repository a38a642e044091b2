"""Check a filing: Alt+Y before anything was checked (Copy result greyed out) typed a "y"
into the field with the cursor, and the fingerprint then said "'y' is not a hex digit";
an Alt key no button answers types nothing in the dialog's fields."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_check_ui import open_dialog
from tests.ui.ux_checks import alt_key_in


def test_alt_y_before_a_check_types_nothing(qtbot, runner: TaskRunner,
                                            data_dir: DataDir) -> None:
    dialog = open_dialog(qtbot, runner, data_dir)
    assert not dialog.copy_button.isEnabled()
    for field in (dialog.path_edit, dialog.reference_edit, dialog.fingerprint_edit,
                  dialog.generated_edit):
        alt_key_in(qtbot, field, Qt.Key.Key_Y)
        assert field.text() == "", field.objectName()
    qtbot.keyClicks(dialog.fingerprint_edit, "3f2a")  # typing still types
    assert dialog.fingerprint_edit.text() == "3f2a"
    dialog.close()
