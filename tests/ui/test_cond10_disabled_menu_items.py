"""A greyed-out menu item is reached by the arrow keys, so its tooltip (why it is greyed
out, e.g. Case → Close case…) is there for a keyboard user; Fusion skipped it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QStyle

from approvals.ui.style import app_style


def test_the_arrow_keys_stop_on_a_disabled_item_which_still_cannot_be_triggered(
        qtbot) -> None:
    style = app_style()
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
