"""The app's widget style: Fusion, plus a visible focus frame on scrolling panes, and the
shipped Chinese font where the system has none."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QPainter,
    QPalette,
    QStatusTipEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QMenu,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionComplex,
    QStyleOptionHeader,
    QWidget,
)

from approvals.resources import resource_path

log = logging.getLogger(__name__)


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
        if element in _INDICATORS and not (
                option.state & QStyle.StateFlag.State_HasFocus
                and option.state & QStyle.StateFlag.State_KeyboardFocusChange):
            draw_indicator_rim(painter, option, round_=element == _RADIO)
        elif element in _INDICATORS:  # the keyboard's focus on it
            draw_indicator_rim(painter, option, round_=element == _RADIO,
                               colour=focus_edge_colour(option.palette))
        if element == QStyle.PrimitiveElement.PE_PanelButtonCommand \
                and highlighted_button(option):
            draw_button_focus_edge(painter, option)
        if (element == QStyle.PrimitiveElement.PE_FrameLineEdit
                and not isinstance(widget, QComboBox)):  # drawn round the whole box below
            draw_field_rim(painter, option.rect, option.palette,
                           focused=bool(option.state & QStyle.StateFlag.State_HasFocus))
        elif (element == QStyle.PrimitiveElement.PE_Frame
                and isinstance(widget, QAbstractScrollArea)
                and not option.state & QStyle.StateFlag.State_HasFocus):
            draw_field_rim(painter, option.rect, option.palette, rounded=False)

    def drawComplexControl(self, control: QStyle.ComplexControl,
                           option: QStyleOptionComplex, painter: QPainter,
                           widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        field = (control == QStyle.ComplexControl.CC_SpinBox
                 or (control == QStyle.ComplexControl.CC_ComboBox
                     and isinstance(option, QStyleOptionComboBox) and option.editable))
        if field:
            draw_field_rim(painter, option.rect, option.palette,
                           focused=bool(option.state & QStyle.StateFlag.State_HasFocus))

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        size = super().pixelMetric(metric, option, widget)
        if metric in _INDICATOR_SIZES:
            return max(size, indicator_size(option, widget))
        return size

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
_RADIO = QStyle.PrimitiveElement.PE_IndicatorRadioButton
# A check box's own and the one in a list's row (Fusion draws that as a check box too).
_INDICATORS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, _RADIO)
_INDICATOR_SIZES = (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
                    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
                    QStyle.PixelMetric.PM_ExclusiveIndicatorHeight)
_FLIPPED = {QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
            QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp}


def indicator_size(option: QStyleOption | None, widget: QWidget | None) -> int:
    """A check box's or radio button's box as tall as a line of its text less a pixel
    above and below. Fusion's is 14 px whatever the font: at twice the usual font (large
    text, a desktop's 200 % font DPI) Descending, Oldest first or a role's box was half
    the height of its words. At the usual font (a 14 px line) Fusion's size stays."""
    if widget is not None:
        metrics = widget.fontMetrics()
    elif option is not None:
        metrics = option.fontMetrics
    else:
        metrics = QFontMetrics(QApplication.font())
    return metrics.height() - 2


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
    """A one-pixel highlight outline with a softer line inside it (Fusion's line-edit focus),
    in the highlight made to stand out from the window (focus_edge_colour)."""
    outer = focus_edge_colour(option.palette)
    inner = QColor(outer)
    inner.setAlpha(110)
    painter.save()
    painter.setBrush(QColor(0, 0, 0, 0))
    painter.setPen(outer)
    painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
    painter.setPen(inner)
    painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
    painter.restore()


# WCAG 2.1's contrast: the app's one definition (the dashboard's bars, the rims and edges
# below). The tests measure with an independent copy (tests/ui/ux_checks.py), so a slip
# here cannot pass by checking itself.
def relative_luminance(colour: QColor) -> float:
    """WCAG's relative luminance of an sRGB colour: 0 (black) to 1 (white)."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast_ratio(one: QColor, other: QColor) -> float:
    """WCAG's contrast ratio of two colours, 1 to 21 (the same either way round)."""
    a, b = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def blend(start: QColor, end: QColor, share: float) -> QColor:
    """`start` moved `share` of the way towards `end` (0: start itself, 1: end), channel by
    channel in sRGB."""
    return QColor.fromRgbF(*(s + (e - s) * share for s, e in zip(
        (start.redF(), start.greenF(), start.blueF()),
        (end.redF(), end.greenF(), end.blueF()), strict=True)))


def indicator_rim(palette: QPalette, share: float = 0.55) -> QColor:
    """The rim of a check box or radio button: the text colour blended halfway into the
    window's (`share` of the text colour), 4.5:1 against it in a light or a dark palette.
    Fusion draws it in the window colour a shade darker, 1.1:1 on a dark window: an
    unticked Final (stored with the case) or Oldest first could not be seen at all."""
    return blend(palette.color(QPalette.ColorRole.Window),
                 palette.color(QPalette.ColorRole.WindowText), share)


def highlighted_button(option: QStyleOption) -> bool:
    """Whether Fusion outlines this button in the highlight: the keyboard's focus is on
    it, or it is the default button (the one Enter presses)."""
    state = option.state
    if not state & QStyle.StateFlag.State_Enabled:
        return False
    default = (isinstance(option, QStyleOptionButton)
               and bool(option.features & QStyleOptionButton.ButtonFeature.DefaultButton))
    return default or bool(state & QStyle.StateFlag.State_HasFocus
                           and state & QStyle.StateFlag.State_KeyboardFocusChange)


def draw_button_focus_edge(painter: QPainter, option: QStyleOption) -> None:
    """A button's highlighted outline (highlighted_button) over Fusion's, the highlight a
    shade darker (1.5:1 on Adwaita-dark's window), in the same place in focus_edge_colour."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(QColor(0, 0, 0, 0))
    painter.setPen(focus_edge_colour(option.palette))
    # Fusion's outline (qfusionstyle.cpp, PE_PanelButtonCommand): corners of radius 2.
    painter.drawRoundedRect(QRectF(option.rect.adjusted(0, 1, -1, 0)).adjusted(
        0.5, -0.5, -0.5, -0.5), 2, 2)
    painter.restore()


def draw_indicator_rim(painter: QPainter, option: QStyleOption, *, round_: bool,
                       colour: QColor | None = None) -> None:
    """The rim over Fusion's, in the same place: `colour`, or indicator_rim's (the
    keyboard's focus draws it in focus_edge_colour)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(QColor(0, 0, 0, 0))
    painter.setPen(colour if colour is not None else indicator_rim(option.palette))
    if round_:  # Fusion's circle (qfusionstyle.cpp, PE_IndicatorRadioButton)
        width = option.rect.width()
        radius = (width + (width + 1) % 2) / 2.0 - 1
        centre = QPointF(option.rect.center()) + QPointF(1, 1)
        painter.drawEllipse(centre, radius, radius)
    else:
        painter.translate(0.5, 0.5)
        painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
    painter.restore()


FIELD_RIM_SHARE = 0.45  # of the text colour: 3:1 (a field's edge, not a state to read)
# WCAG 2.1's least contrast for a graphical object (1.4.11), here the keyboard focus's edge.
FOCUS_EDGE_CONTRAST = 3.0


def standing_out(palette: QPalette, least: float) -> QColor:
    """The palette's Highlight, moved towards the text colour only as far as it takes to
    stand out from the window `least`:1 (the text colour itself at worst)."""
    window = palette.color(QPalette.ColorRole.Window)
    accent = palette.color(QPalette.ColorRole.Highlight)
    text = palette.color(QPalette.ColorRole.WindowText)
    for step in range(21):  # 5 % of the way at a time
        colour = blend(accent, text, step / 20)
        if contrast_ratio(colour, window) >= least:
            return colour
    return QColor(text)


def focus_edge_colour(palette: QPalette) -> QColor:
    """The edge that shows where the keyboard focus is, FOCUS_EDGE_CONTRAST against the
    window. A dark desktop's highlight as it comes (Adwaita-dark's #15539e on its window
    #323232) is 1.7:1: a field, list or check box with the focus showed a fainter edge
    than one without (3:1), and Tab seemed to take the focus nowhere."""
    return standing_out(palette, FOCUS_EDGE_CONTRAST)


def edge_colour() -> QColor:
    """A field's edge in the application's palette, for a style sheet's border."""
    return indicator_rim(QApplication.palette(), FIELD_RIM_SHARE)


def draw_field_rim(painter: QPainter, rect: QRect, palette: QPalette, *,
                   rounded: bool = True, focused: bool = False) -> None:
    """A field's edge (a line, a number, a box to type in, a text pane or list) over
    Fusion's, 3:1 against the window: Fusion's, the window colour a shade darker around a
    base barely darker still, was 1.1:1 on a dark window, where an empty field (Reason,
    the wizard's) showed no edge. With the focus, the edge is the highlight made to
    stand out (focus_edge_colour) over Fusion's highlighted one."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, rounded)
    painter.setBrush(QColor(0, 0, 0, 0))
    painter.setPen(focus_edge_colour(palette) if focused
                   else indicator_rim(palette, FIELD_RIM_SHARE))
    if rounded:
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
    else:
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
    painter.restore()


def app_style() -> QStyle:
    return FocusFrameStyle("Fusion")


# The Chinese font the filings embed (approvals.filings.fonts, which the window does not
# import: it loads ReportLab) serves the window too where the system has none.
SHIPPED_CHINESE_FONT = ("fonts", "DroidSansFallbackFull.ttf")


def use_shipped_chinese_font(app: QApplication, *, system_has_chinese: bool | None = None) -> str | None:
    """On a machine without a Chinese font (a bare Linux review laptop), the window printed
    every Chinese name, reason and citation as empty boxes: the shipped font is then added
    after the app's own, so Qt takes from it only what the app font lacks. Where the
    system has one, nothing changes (its font reads better than the fallback). Returns the
    family added, or None."""
    if system_has_chinese is None:
        system_has_chinese = bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    if system_has_chinese:
        return None
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*SHIPPED_CHINESE_FONT)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("the shipped Chinese font %s could not be loaded", "/".join(SHIPPED_CHINESE_FONT))
        return None
    font = QFont(app.font())
    font.setFamilies([*(app.font().families() or [app.font().family()]), families[0]])
    app.setFont(font)
    return families[0]
