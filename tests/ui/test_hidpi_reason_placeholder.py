"""A Reason field made by save_controls (Security settings, Who may open a document) shows
its whole placeholder, "why (recorded in the audit trail)", at the usual font and at twice
it: Security settings at twice the font cut it to "why (recorded in the audit tr…"."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QStyle, QStyleOptionFrame

from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.widgets import placeholder_width
from approvals.ui.workers import TaskRunner
from tests.ui.scaling_support import doubled_app_font
from tests.users_support import ROOT, make_root


def _room_for_text(edit: QLineEdit) -> int:
    """The width the edit draws its text (and placeholder) in, as laid out now."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    return contents.width() - margins.left() - margins.right() - 2 * 2  # Qt's own margin


def _placeholder_whole(edit: QLineEdit) -> None:
    needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
    assert _room_for_text(edit) >= needed, (_room_for_text(edit), needed)


def _settings(qtbot, runner: TaskRunner, db: Database) -> QDialog:
    make_root(db)
    dialog = ui_auth.SecuritySettingsDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.loaded is not None, timeout=10_000)
    QApplication.processEvents()
    return dialog


@pytest.mark.parametrize("font", [nullcontext, doubled_app_font],
                         ids=["usual font", "twice the font"])
def test_security_settings_reason_shows_its_whole_placeholder(
        qtbot, runner: TaskRunner, db: Database, font: Callable) -> None:
    with font():
        dialog = _settings(qtbot, runner, db)
        _placeholder_whole(dialog.findChild(QLineEdit, "settingsReason"))
        dialog.close()
        runner.wait_for_done()


def test_placeholder_width_is_just_enough(qapp) -> None:
    """Laid out at placeholder_width, a field's room for text holds its placeholder with
    no more than a few pixels to spare."""
    with doubled_app_font():
        edit = QLineEdit()
        edit.setPlaceholderText("why (recorded in the audit trail)")
        edit.resize(placeholder_width(edit), edit.sizeHint().height())
        needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
        assert needed <= _room_for_text(edit) <= needed + 4

