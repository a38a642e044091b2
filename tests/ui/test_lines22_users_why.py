"""The users window keeps room for four lines of why a change is not possible (its longest
reasons wrap to three or four): under GNOME's Sans 10 that room was four of the font's
rounded-down lineSpacing() (15), and the fourth line, laid out in 16 px like the others,
lost its foot. It is four lines as the label lays them out (widgets.laid_out_line)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from approvals.store.audit import Actor
from approvals.ui import auth as ui_auth
from approvals.ui.widgets import laid_out_line
from approvals.ui.workers import TaskRunner


def test_the_why_line_keeps_room_for_four_whole_lines_in_gnomes_font(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    gnome = QFont("Sans", 10)
    metrics = QFontMetrics(gnome)
    assert metrics.lineSpacing() < laid_out_line(metrics), "a font where the two differ"
    before = QApplication.font()
    QApplication.setFont(gnome)
    try:
        dialog = ui_auth.UserManagementDialog(runner, admin)
    finally:
        QApplication.setFont(before)
    qtbot.addWidget(dialog)
    why = dialog.why
    why.setFont(gnome)
    four = "\n".join(f"Reason {n}: the last active administrator" for n in range(4))
    label = type(why)("probe")
    qtbot.addWidget(label)
    label.setFont(gnome)
    label.setText(four)
    assert why.minimumHeight() >= label.heightForWidth(10_000)  # four lines, whole
    dialog.close()
    runner.wait_for_done()
