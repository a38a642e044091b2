"""A file system path on a line of its own, readable whatever its length."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from PySide6.QtCore import QEvent, Qt
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

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the letters' width changed
            self._fit()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._fit()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._fit()


def _take_label(box: QMessageBox, label_name: str) -> tuple[QLabel, QVBoxLayout] | None:
    """The box's label `label_name` taken out of Qt's grid, and an empty stack put in its
    place for the caller to fill; None where Qt's box is not laid out as expected."""
    grid = box.layout()
    label = box.findChild(QLabel, label_name)
    if not isinstance(grid, QGridLayout) or label is None or (at := grid.indexOf(label)) < 0:
        return None
    # (row, column, row span, column span); the stubs type it as object
    row, column, rows, columns = cast(tuple[int, int, int, int], grid.getItemPosition(at))
    grid.removeWidget(label)
    stack = QVBoxLayout()
    stack.setContentsMargins(0, 0, 0, 0)
    grid.addLayout(stack, row, column, rows, columns)
    return label, stack


def _box_path_field(path: str, box: QMessageBox, *, name: str = "Folder") -> PathField:
    """A PathField for a message box, with room for the whole path where the screen has
    it (up to half its width): the box is otherwise as narrow as its wrapped text, and
    cut the path to 25 letters at 200 %."""
    field = PathField(path, box, name=name)
    screen = box.screen().availableGeometry().width() if box.screen() else 800
    field.setMinimumWidth(min(field.whole_width(), screen // 2))
    return field


def put_path_in_box(box: QMessageBox, path: str, *, below: bool = False) -> PathField | None:
    """A PathField above (or below) a message box's text, the path the text calls "this
    folder"; None where Qt's box is not laid out as expected (the caller then names the
    path in the text)."""
    if (taken := _take_label(box, "qt_msgbox_label")) is None:
        return None
    label, stack = taken
    field = _box_path_field(path, box)
    for widget in (label, field) if below else (field, label):
        stack.addWidget(widget)
    return field


def lift_paths(text: str, paths: Iterable[str]) -> list[tuple[str, bool]]:
    """`text` cut at each of `paths` it names, in order: (words, False) and (path, True).
    The punctuation that tied a path into its sentence (the quotes around it, the colon
    after it, a full stop after a closing one) is dropped with it."""
    wanted = sorted({p for p in paths if p}, key=len, reverse=True)  # the longest first
    pieces: list[tuple[str, bool]] = []
    words, at = "", 0
    while at < len(text):
        found = next((p for p in wanted if text.startswith(p, at) and _ends(text, at + len(p))),
                     None)
        if found is None:
            words += text[at]
            at += 1
            continue
        pieces.append((words, False))
        pieces.append((found, True))
        words, at = "", at + len(found)
    pieces.append((words, False))
    for i in range(2, len(pieces), 2):  # a path closing a bracket: its line is the bracket
        before, after = pieces[i - 2][0], pieces[i][0]
        if after.startswith(")") and before.count("(") > before.count(")"):
            cut = before.rindex("(")
            pieces[i - 2] = (f"{before[:cut].rstrip()} — {before[cut + 1:]}", False)
            pieces[i] = (after[1:], False)
    kept: list[tuple[str, bool]] = []
    for i, (piece, is_path) in enumerate(pieces):
        if not is_path:
            if i > 0:  # after a path
                piece = piece.lstrip(" '\"’”:;,.")
            if i < len(pieces) - 1:  # before a path
                piece = piece.rstrip(" '\"‘“")
            piece = piece.strip()
            if piece in ("", ".", ",", ";"):
                continue
        kept.append((piece, is_path))
    return kept


def _ends(text: str, at: int) -> bool:
    """Whether a path may end at `at`: not inside a longer name (`/data` in `/data-2`,
    the folder in its file's path)."""
    if at >= len(text):
        return True
    after = text[at]
    if after.isalnum() or after in "/\\-_~":
        return False
    return not (after == "." and at + 1 < len(text) and text[at + 1].isalnum())


def put_paths_on_lines(box: QMessageBox, paths: Iterable[str], *,
                       label_name: str = "qt_msgbox_label") -> list[PathField]:
    """Each of `paths` that a message box's text (or, by `label_name`, its informative
    text) names on a line of its own (a PathField), the words between them as wrapped
    lines. The box's own label keeps the whole text (text() and informativeText() say all
    of it) but is hidden: in its wrapped text a long path broke at a hyphen mid-name, or
    ran past the edge where it had none. Call it once the box's texts are set (setting the
    informative text lays the box out anew). [] where there is no path to lift, or Qt's
    box is not laid out as expected (the text is then shown as it was)."""
    label = box.findChild(QLabel, label_name)
    if label is None:
        return []
    pieces = lift_paths(label.text(), paths)
    if not any(is_path for _piece, is_path in pieces) or (
            taken := _take_label(box, label_name)) is None:
        return []
    _label, stack = taken
    label.hide()
    fields: list[PathField] = []
    for piece, is_path in pieces:
        if is_path:
            field = _box_path_field(piece, box, name="Path")
            fields.append(field)
            stack.addWidget(field)
        else:
            words = QLabel(piece, box)
            words.setObjectName(f"{label_name}_words")
            words.setWordWrap(True)
            words.setTextFormat(label.textFormat())
            words.setTextInteractionFlags(label.textInteractionFlags())
            stack.addWidget(words)
    return fields
