"""A greyed-out menu item is reached by the arrow keys, so its tooltip (why it is greyed
out, e.g. Case → Close case…) is there for a keyboard user; Fusion skipped it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle

from tests.ui.conftest import lasting_style


def test_the_arrow_keys_stop_on_a_disabled_item_which_still_cannot_be_triggered(
        qtbot) -> None:
    style = lasting_style()
    assert style.styleHint(QStyle.StyleHint.SH_Menu_AllowActiveAndDisabled) == 1
    menu = QMenu()
    menu.setStyle(style)
    qtbot.addWidget(menu)
    first = menu.addAction("Open case…")
    closing = menu.addAction("Close case…")
    closing.setEnabled(False)
    closing.setToolTip("Case AP-1 cannot be closed yet: a track is still open")
    menu.addAction("Reopen case…")
    triggered: list[str] = []
    menu.triggered.connect(lambda action: triggered.append(action.text()))
    menu.popup(menu.pos())
    qtbot.waitExposed(menu)
    menu.setActiveAction(first)
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is closing  # not skipped to "Reopen case…"
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert triggered == [] and not closing.isEnabled()
    menu.close()


def test_a_disabled_item_reached_by_the_keys_says_why_in_the_status_bar(qtbot) -> None:
    """Qt shows a menu's tooltips on mouse hover only: reached by the arrow keys, the
    reason a greyed-out item gives was never seen."""
    window = QMainWindow()
    qtbot.addWidget(window)
    style = lasting_style()
    menu = window.menuBar().addMenu("&Case")
    menu.setStyle(style)
    style.polish(menu)  # as the app's style polishes every menu (QApplication.setStyle)
    first = menu.addAction("Open case…")
    first.setStatusTip("Open the case selected in the list")
    closing = menu.addAction("Close case…")
    closing.setEnabled(False)
    why = "Case AP-1 cannot be closed yet: a track is still open"
    closing.setToolTip(why)
    window.show()
    qtbot.waitExposed(window)
    window.menuBar().setActiveAction(menu.menuAction())  # opened from the menu bar
    qtbot.waitExposed(menu)
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is first
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is closing
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == why, timeout=2_000)
    qtbot.keyClick(menu, Qt.Key.Key_Up)  # an enabled item: its own status tip again
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == "Open the case selected in the list", timeout=2_000)
    menu.close()
