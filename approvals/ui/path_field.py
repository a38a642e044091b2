"""A file system path on a line of its own, readable whatever its length."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStyle,
    QStyleOptionFrame,
    QVBoxLayout,
    QWidget,
)


class PathField(QLineEdit):
    """A path on a line of its own: read-only, cut in the middle to the room it has (the
    start and the folder's own name in sight), the whole path on hover and once focused
    (Tab or a click), where it can be selected and copied. In a message's wrapped text a
    long path broke at a hyphen mid-name, or ran past the edge where it had none."""

    def __init__(self, path: str, parent: QWidget | None = None, *, name: str = "Folder",
                 framed: bool = True) -> None:
        super().__init__(parent)
        self._path = ""
        self.setObjectName("pathField")
        self.setReadOnly(True)
        self.setAccessibleName(name)
        if not framed:  # among labels (About): read as one of them
            self.setFrame(False)
            self.setStyleSheet("QLineEdit { background: transparent; }")
        self.set_path(path)

    def path(self) -> str:
        return self._path

    def set_path(self, path: str) -> None:
        self._path = path
        self.setToolTip(path)
        self.setAccessibleDescription(path)
        self._fit()

    def whole_width(self) -> int:
        """The width that shows the whole path (the letters, the frame and margins)."""
        return self.fontMetrics().horizontalAdvance(self._path) + self.width() - self._room() + 1

    def _room(self) -> int:
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        contents = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents,
                                               option, self)
        return contents.width() - 6  # QLineEdit's own 2 px a side, and the cursor's

    def _fit(self) -> None:
        """The whole path while focused (to select and copy it), else as much as fits."""
        shown = self._path if self.hasFocus() else self.fontMetrics().elidedText(
            self._path, Qt.TextElideMode.ElideMiddle, max(self._room(), 0))
        if shown != self.text():
            self.setText(shown)
            self.setCursorPosition(0)  # the start of the path in sight
            if self.hasFocus():
                self.selectAll()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._fit()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._fit()


def put_path_in_box(box: QMessageBox, path: str, *, below: bool = False) -> PathField | None:
    """A PathField above (or below) a message box's text, the path the text calls "this
    folder"; None where Qt's box is not laid out as expected (the caller then names the
    path in the text)."""
    grid = box.layout()
    label = box.findChild(QLabel, "qt_msgbox_label")
    if not isinstance(grid, QGridLayout) or label is None or (at := grid.indexOf(label)) < 0:
        return None
    # (row, column, row span, column span); the stubs type it as object
    row, column, rows, columns = cast(tuple[int, int, int, int], grid.getItemPosition(at))
    grid.removeWidget(label)
    field = PathField(path, box)
    # Room for the whole path where the screen has it (up to half its width): the box is
    # otherwise as narrow as its wrapped text, and cut the path to 25 letters at 200 %.
    screen = box.screen().availableGeometry().width() if box.screen() else 800
    field.setMinimumWidth(min(field.whole_width(), screen // 2))
    stack = QVBoxLayout()
    stack.setContentsMargins(0, 0, 0, 0)
    for widget in (label, field) if below else (field, label):
        stack.addWidget(widget)
    grid.addLayout(stack, row, column, rows, columns)
    return field
