"""The Documents tab's Type list keeps its whole placeholder when its row is squeezed
(at 200 % the tab is narrow): it was cut to "choose, …"."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from approvals.ui.document_access import type_list


def test_type_placeholder_fits_when_squeezed(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    row = QHBoxLayout(host)
    box = type_list([("licence", "Licence copy")], name="documentType")
    row.addWidget(box)
    row.addWidget(QLineEdit(), 1)  # the reason field beside it takes what room there is
    host.resize(120, 40)  # narrower than the row wants: the layout gives minimums
    host.show()
    qtbot.waitExposed(host)
    line = box.lineEdit()
    assert line is not None
    needed = line.fontMetrics().horizontalAdvance(line.placeholderText())
    shown = line.contentsRect().width() - 4  # the line edit's own text margins
    assert shown >= needed, (shown, needed)
