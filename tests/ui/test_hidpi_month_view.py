"""View → Holiday calendars…: the month view is as wide as its font needs at twice the
usual font size (large text, or a desktop's 200 % font DPI): capped at 380 px it cut the
day names to "M…" and "W…" and squeezed the month's title, where it needs 420."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.store.audit import Actor
from approvals.ui.calendars import MONTH_VIEW_MOST, SIDE_BY_SIDE, HolidayCalendarsDialog
from approvals.ui.workers import TaskRunner
from tests.ui.scaling_support import doubled_app_font

LARGE = (2200, 1360)  # the dialog's usual size with the font doubled


def _open(qtbot, runner: TaskRunner, actor: Actor) -> HolidayCalendarsDialog:
    dialog = HolidayCalendarsDialog(runner, actor)
    qtbot.addWidget(dialog)
    dialog.resize(*LARGE)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    QApplication.processEvents()
    return dialog


def _month_view_whole(dialog: HolidayCalendarsDialog) -> None:
    view = dialog.month_view
    assert dialog.layout_mode == SIDE_BY_SIDE
    assert view.sizeHint().width() > MONTH_VIEW_MOST  # the case: the font needs more
    assert view.width() >= view.sizeHint().width()


def test_opened_at_twice_the_font_the_month_view_is_whole(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    with doubled_app_font():
        dialog = _open(qtbot, runner, admin)
        _month_view_whole(dialog)
        runner.wait_for_done()


def test_a_font_doubled_while_open_widens_the_month_view(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = _open(qtbot, runner, admin)
    view = dialog.month_view
    assert view.maximumWidth() == MONTH_VIEW_MOST  # the usual cap
    normal = dialog.font()
    doubled = dialog.font()
    doubled.setPointSizeF(normal.pointSizeF() * 2)
    dialog.setFont(doubled)
    qtbot.waitUntil(lambda: view.width() >= view.sizeHint().width(), timeout=3000)
    _month_view_whole(dialog)
    dialog.setFont(normal)
    assert view.maximumWidth() == MONTH_VIEW_MOST  # back with the font
    runner.wait_for_done()
