"""A file system path on a line of its own, readable whatever its length."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QResizeEvent
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame, QWidget


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
