"""An error box with a short message is as wide as its title bar needs: under Openbox
"Could not record the step “Submit the filing”" read "Could not record t… “Submit the
filing”" in the title bar of a 358-pixel box (Qt allows 50 pixels beside a title in the
plain font; window managers draw it bold, beside an icon and three buttons)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from approvals.domain.errors import ApprovalsError
from approvals.ui.errors import show_error


def title_bar_font() -> QFont:  # (PySide6 takes a str; its stubs say bytes)
    return QApplication.font("QMdiSubWindowTitleBar")  # type: ignore[call-overload]


TITLE = "Could not record the step “Submit the filing”"


def bold_title_width(title: str) -> int:
    font = QFont(title_bar_font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(title)


def test_a_short_message_box_has_room_for_its_title(qtbot) -> None:
    box = show_error(None, TITLE, ApprovalsError("Locked."))
    qtbot.addWidget(box)
    qtbot.waitExposed(box)
    height = QFontMetrics(title_bar_font()).height()
    # The title in bold, and an icon and three buttons of about a line and a half each.
    assert box.width() >= bold_title_width(TITLE) + 4 * int(1.5 * height)
    assert box.windowTitle() == TITLE
    box.close()


def test_a_title_longer_than_the_screen_keeps_the_box_on_it(qtbot) -> None:
    title = "Could not save " + "a very long name " * 40
    box = show_error(None, title, ApprovalsError("Locked."))
    qtbot.addWidget(box)
    qtbot.waitExposed(box)
    assert box.width() <= box.screen().availableGeometry().width()
    box.close()
