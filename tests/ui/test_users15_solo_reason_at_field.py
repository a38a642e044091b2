"""Solo mode switched on without a reason: the refusal stands under the Reason field,
the cursor in it, and the foot of the dialog says that nothing was saved. It stood at the
foot alone, as "reason: say why …", under the daily backups, far from the field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.services import auth
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_the_missing_reason_is_said_at_its_field(qtbot, runner: TaskRunner,
                                                 db: Database) -> None:
    make_root(db)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    dialog.idle.setValue(5)
    dialog.solo.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.reason_error.isVisible(), timeout=10_000)

    assert dialog.reason_error.text().startswith("say why one person may approve")
    assert not dialog.reason_error.text().startswith("reason:")
    assert dialog.message.text().startswith("Nothing was saved")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reason, timeout=5_000)
    with db.read_session() as s:
        assert auth.get_security_settings(s) == auth.SecuritySettings(15, False)

    qtbot.keyClicks(dialog.reason, "one-person office")
    assert not dialog.reason_error.isVisible()  # typing the reason takes the message away
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        assert auth.get_security_settings(s) == auth.SecuritySettings(5, True)


def test_alt_r_goes_to_the_reason_field(qtbot, runner: TaskRunner, db: Database) -> None:
    make_root(db)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    form = dialog.layout().itemAt(0).layout()
    label = form.labelForField(dialog.reason.parentWidget())
    assert label.buddy() is dialog.reason
