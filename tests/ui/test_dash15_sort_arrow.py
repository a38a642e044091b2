"""The sort arrow in a column header points up for ascending (A to Z, earliest first) and
down for descending: Fusion drew ▼ for the case list sorted A to Z by Reference, the arrow
an officer reads as "last to first"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItemModel
from PySide6.QtWidgets import QTableView

from tests.ui.conftest import lasting_style

ARROW_ROOM = 22  # the arrow is drawn in the last few pixels of the sorted section


def arrow_widths(qtbot, order: Qt.SortOrder) -> list[int]:
    """The dark pixels of the sort arrow, row by row from the top."""
    model = QStandardItemModel(2, 2)
    model.setHorizontalHeaderLabels(["Reference", "Target"])
    view = QTableView()
    qtbot.addWidget(view)
    style = lasting_style()
    view.setStyle(style)
    header = view.horizontalHeader()
    header.setStyle(style)
    view.setModel(model)
    view.resize(400, 150)
    header.resizeSection(0, 160)
    header.setSortIndicatorShown(True)
    header.setSortIndicator(0, order)
    view.show()
    qtbot.waitExposed(view)
    image = header.grab().toImage()
    right = header.sectionSize(0)
    widths = []
    for y in range(image.height()):
        dark = sum(
            QColor(image.pixel(x, y)).lightness() < 120
            for x in range(right - ARROW_ROOM, right - 1)
        )
        if dark:
            widths.append(dark)
    return widths


def test_ascending_points_up_descending_points_down(qtbot) -> None:
    up = arrow_widths(qtbot, Qt.SortOrder.AscendingOrder)
    down = arrow_widths(qtbot, Qt.SortOrder.DescendingOrder)
    assert len(up) >= 2 and len(down) >= 2
    assert up[0] < up[-1]  # narrow at the top: ▲
    assert down[0] > down[-1]  # wide at the top: ▼
