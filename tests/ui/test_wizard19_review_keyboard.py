"""The Review page walked with the keyboard at 200 % on a 1366×768 screen: Tab stops on
the screening column (its arrow and page keys scroll it, the only way to read the
regimes below the first without the mouse), and the column shows that it has the focus,
as the facts summary beside it does. It had no frame: the Tab stop there was invisible,
and Page Down seemed to scroll the screening from nowhere."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QScrollArea

from approvals.ui.wizard import IntakeWizard
from tests.ui.conftest import lasting_style
from tests.ui.test_focus_frame import highlight_pixels
from tests.ui.test_wizard3_review_width import review_of


def test_the_screening_column_shows_the_keyboard_focus(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    review = review_of(qtbot, wizard, "vision-startup.json", 1200, 700)
    screening = review.findChild(QScrollArea, "reviewScreening")
    assert screening.focusPolicy() & Qt.FocusPolicy.TabFocus
    style = lasting_style()  # the app's: Fusion with a focus frame on scrolling panes
    screening.setStyle(style)
    highlight = screening.palette().color(QPalette.ColorRole.Highlight)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    review.summary.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(review.summary.hasFocus, timeout=1_000)
    assert highlight_pixels(screening.grab().toImage(), highlight) == 0
    screening.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(screening.hasFocus, timeout=1_000)
    framed = screening.grab().toImage()
    assert highlight_pixels(framed, highlight) >= 2 * (framed.width() + framed.height()) - 4
    # The frame takes no room from the reasons: still nothing cut off at the right.
    for part in [review.include_proposed, *review.determinations.labels]:
        assert part.geometry().right() < screening.viewport().width(), part.objectName()
    wizard._dirty = False
