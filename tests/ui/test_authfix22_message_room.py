"""One copy of where a status bar draws a passing message (QStatusBar's messageRect: 6 px
in, 2 px before the first permanent widget, 12 px off the far end): the main window's bar
cuts long messages to it, and the only-user hint (auth.message_room) is worded to fit
it. The two had their own copies, and did not agree: the bar cut a message 4 px short of
where Qt draws it, so one that fitted was cut in the middle."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar

from approvals.ui import auth as ui_auth
from approvals.ui import main_window
from approvals.ui.main_window import StatusBar


def _bar(qtbot: Any, kind: type[QStatusBar] = QStatusBar,
         rtl: bool = False) -> tuple[QStatusBar, QLabel]:
    bar = kind()
    bar.setSizeGripEnabled(False)
    if rtl:
        bar.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.addWidget(bar)
    signed_in = QLabel("Signed in as Wang Jingjing (wangjingjing)")
    bar.addPermanentWidget(signed_in)
    bar.resize(640, 30)
    bar.show()
    qtbot.waitExposed(bar)
    bar.showMessage("x")
    return bar, signed_in


@pytest.mark.parametrize("rtl", [False, True])
def test_the_room_is_qts_message_rectangle(qtbot: Any, rtl: bool) -> None:
    bar, signed_in = _bar(qtbot, rtl=rtl)
    room = main_window.message_rect(bar)
    if rtl:
        assert room.left() == signed_in.geometry().right() + 1 + 2
        assert room.right() + 1 == bar.width() - 12
    else:
        assert (room.left(), room.right() + 1) == (6, signed_in.x() - 2)
    assert ui_auth.message_room(bar) == room.width()


def test_the_hint_measures_with_the_window_bars_numbers(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    bar, signed_in = _bar(qtbot)
    monkeypatch.setattr(main_window, "MESSAGE_GAP", 20)
    monkeypatch.setattr(main_window, "MESSAGE_LEFT", 10)
    assert ui_auth.message_room(bar) == signed_in.x() - 20 - 10


def test_a_message_that_qt_draws_whole_is_not_cut(qtbot: Any) -> None:
    bar, signed_in = _bar(qtbot, StatusBar)
    room = signed_in.x() - 2 - 6  # Qt's own rectangle
    metrics = bar.fontMetrics()
    text = "Backed up"
    for letter in "xi'":  # as wide as fits, to a narrow letter's width
        while metrics.horizontalAdvance(text + letter) <= room:
            text += letter
    assert metrics.horizontalAdvance(text) > room - 4  # it needs the last 4 px
    bar.showMessage(text)
    assert bar.shown_message() == text
    bar.showMessage(text + "xx")
    assert "…" in bar.shown_message()
