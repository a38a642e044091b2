"""The app's widget style: Fusion, plus a visible focus frame on scrolling panes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QColor, QPainter, QPalette, QStatusTipEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QMenu,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QWidget,
)


class FocusFrameStyle(QProxyStyle):
    """Fusion draws no focus at all on a list, a tree or a text pane (a line edit gets a
    highlighted border, a table its current cell): after Tab moved into the Overview, the
    track list or the Comments, a keyboard user could not see where the keys had gone.
    Such a pane's frame is drawn in the highlight colour while it has the focus, as Fusion
    does for a line edit."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if (element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow
                and isinstance(option, QStyleOptionHeader)):
            option = header_arrow_upright(option)
        super().drawPrimitive(element, option, painter, widget)
        if (element == QStyle.PrimitiveElement.PE_Frame
                and isinstance(widget, QAbstractScrollArea)
                and option.state & QStyle.StateFlag.State_HasFocus):
            draw_focus_frame(painter, option)

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,
                  widget: QWidget | None = None, returnData: Any = None) -> int:
        # Arrow keys stop on a greyed-out menu item (Fusion skips it), so its tooltip,
        # which says why it is greyed out (Case → Close case…), reaches keyboard users too.
        if hint == QStyle.StyleHint.SH_Menu_AllowActiveAndDisabled:
            return 1
        return super().styleHint(hint, option, widget, returnData)

    def polish(self, target: Any) -> Any:
        result = super().polish(target)
        if isinstance(target, QMenu) and not target.property(_SAYS_WHY):
            target.setProperty(_SAYS_WHY, True)
            target.hovered.connect(lambda action, menu=target: say_why_greyed(menu, action))
        return result


_SAYS_WHY = "approvalsSaysWhyGreyed"
_FLIPPED = {QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
            QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp}


def header_arrow_upright(option: QStyleOptionHeader) -> QStyleOptionHeader:
    """A column header's sort arrow pointing up for ascending (A to Z, earliest first) and
    down for descending, as file managers and spreadsheets show it. Qt's header asks for
    SortDown when sorted ascending, which Fusion draws as ▼: the case list sorted A to Z
    showed the arrow an officer reads as Z to A."""
    flipped = QStyleOptionHeader(option)
    flipped.sortIndicator = _FLIPPED.get(option.sortIndicator, option.sortIndicator)
    return flipped


def say_why_greyed(menu: QMenu, action: QAction) -> None:
    """A greyed-out item reached with the arrow keys says why it is greyed out (its
    tooltip) in the window's status bar: Qt shows a menu's tooltips on mouse hover only,
    and a tooltip shown from here went with the key's release."""
    if action.isEnabled() or not action.toolTip() or action.toolTip() == action.iconText():
        return
    # To what the menu belongs (a status tip stops at a window, and a menu is one; a
    # submenu belongs to its menu). Posted: Qt sends the item's own status tip (none)
    # after this signal.
    owner: QWidget = menu
    while isinstance(owner, QMenu) and (parent := owner.parentWidget()) is not None:
        owner = parent
    QCoreApplication.postEvent(owner, QStatusTipEvent(action.toolTip()))


def draw_focus_frame(painter: QPainter, option: QStyleOption) -> None:
    """A one-pixel highlight outline with a softer line inside it (Fusion's line-edit focus)."""
    outer = QColor(option.palette.color(QPalette.ColorRole.Highlight))
    inner = QColor(outer)
    inner.setAlpha(110)
    painter.save()
    painter.setBrush(QColor(0, 0, 0, 0))
    painter.setPen(outer)
    painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
    painter.setPen(inner)
    painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
    painter.restore()


def app_style() -> QStyle:
    return FocusFrameStyle("Fusion")
