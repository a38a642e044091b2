"""Add published year… and Correct a day… at 200 % (the form taller than the dialog): a field
reached by its Alt key is scrolled into view. The form followed Tab only, so Alt+O put the
cursor into Source below the fold and the notice was typed out of sight."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget

from approvals.ui.workers import TaskRunner
from tests.ui.test_calendars_ui import OFFICER, open_dialog


def _in_view(scroll, widget: QWidget) -> bool:
    viewport = scroll.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def test_a_field_focused_by_its_alt_key_is_scrolled_into_view(qtbot, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, runner, OFFICER)
    add = dialog.open_add_year()
    add.resize(650, 350)  # as a 1366×768 screen at 200 % leaves it, roughly
    qtbot.waitExposed(add)
    add.activateWindow()
    qtbot.waitUntil(add.isActiveWindow, timeout=5_000)
    add.year_edit.setFocus(Qt.FocusReason.TabFocusReason)
    scroll = add.form_scroll
    assert scroll.verticalScrollBar().value() == 0
    assert not _in_view(scroll, add.source_edit)  # below the fold at this size
    add.source_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)  # what Alt+O does
    assert _in_view(scroll, add.source_edit)
    add.year_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)  # Alt+Y: back up
    assert _in_view(scroll, add.year_edit)
    add.reject()
    assert not add._following_focus  # closed, it follows the focus no more
