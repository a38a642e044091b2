"""A check box's and a radio button's box grows with its text: Fusion's is 14 px at any
font, so at twice the usual font (large text, a desktop's 200 % font DPI) Descending,
Oldest first or a user's role showed a box half the height of its words. At the usual
font the box stays Fusion's 14 px."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionViewItem,
)

from tests.ui.conftest import lasting_style
from tests.ui.scaling_support import doubled_app_font

FUSION_BOX = 14


@pytest.fixture
def style():
    return lasting_style()


def _box_height(style: QStyle, button: QCheckBox | QRadioButton) -> int:
    option = QStyleOptionButton()
    button.initStyleOption(option)
    element = (QStyle.SubElement.SE_CheckBoxIndicator if isinstance(button, QCheckBox)
               else QStyle.SubElement.SE_RadioButtonIndicator)
    return style.subElementRect(element, option, button).height()


@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_at_twice_the_font_the_box_is_nearly_a_line_high(qtbot, style, kind) -> None:
    with doubled_app_font():
        button = kind("Descending")
        button.setStyle(style)
        qtbot.addWidget(button)
        line = button.fontMetrics().height()
        assert line >= 2 * FUSION_BOX  # the case: Fusion's box half the line or less
        assert _box_height(style, button) >= line - 2
        assert button.sizeHint().height() >= line - 2


@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_at_the_usual_font_the_box_is_fusions(qtbot, style, kind) -> None:
    button = kind("Descending")
    button.setStyle(style)
    qtbot.addWidget(button)
    assert button.fontMetrics().height() <= FUSION_BOX + 2  # the test font's line
    assert _box_height(style, button) == FUSION_BOX


@pytest.mark.parametrize("font", [nullcontext, doubled_app_font], ids=["usual", "twice"])
def test_a_list_rows_check_box_follows_the_lists_font(qtbot, style, font) -> None:
    with font():
        listing = QListWidget()
        listing.setStyle(style)
        qtbot.addWidget(listing)
        item = QListWidgetItem("li.wei")
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        listing.addItem(item)
        option = QStyleOptionViewItem()
        option.initFrom(listing)
        size = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, option, listing)
        assert size == max(FUSION_BOX, listing.fontMetrics().height() - 2)
