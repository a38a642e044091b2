"""The first-start question about a folder holding other files shows the folder's path on
a line of its own: cut in the middle to the room it has, the whole path on hover and once
focused (selected, copyable). In the question's wrapped text a long path broke at a hyphen
mid-name (`Compliance-` / `Department-…`) or ran past the edge where it had none."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStyle,
    QStyleOptionFrame,
)

from approvals.paths import DataDir, other_files_text
from approvals.ui import application

HYPHENS = ("Compliance-Department-Shared-Workspace/Outbound-Investment-Approvals-2026/"
           "Project-Nightingale-Series-B-Financing/approvals-data-folder-for-the-review-team")
NO_BREAK = "ComplianceDepartmentSharedWorkspaceOutboundInvestmentApprovals2026" * 3


def _room(field: QLineEdit) -> int:
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    return field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option,
                                        field).width()


def _shown(qtbot, tmp_path: Path, tail: str, scale: int) -> tuple[QMessageBox, QLineEdit, Path]:
    folder = tmp_path / tail if tail else Path("/srv/approvals")
    box = application.folder_question(DataDir(folder), ["notes.txt", "term sheet.docx"])
    qtbot.addWidget(box)
    if scale != 1:  # the letters' size at 200 %, as QT_SCALE_FACTOR=2 draws them
        font = box.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        box.setFont(font)
    box.show()
    box.activateWindow()
    qtbot.waitActive(box)
    field = box.findChild(QLineEdit, "pathField")
    assert field is not None
    return box, field, folder


@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize("tail", [HYPHENS, NO_BREAK])
def test_a_long_path_is_a_line_of_its_own_cut_in_the_middle(
        qtbot, tmp_path: Path, tail: str, scale: int) -> None:
    box, field, folder = _shown(qtbot, tmp_path, tail, scale)
    path = str(folder)
    label = box.findChild(QLabel, "qt_msgbox_label")
    # The sentence calls it "This folder"; the path is not wrapped inside it.
    assert box.text() == other_files_text(DataDir(folder), ["notes.txt", "term sheet.docx"],
                                          folder="This folder")
    assert path not in label.text()
    # The line is above the sentence, inside the box.
    assert field.isVisible() and field.geometry().bottom() < label.geometry().top()
    assert box.rect().contains(field.geometry())
    # Cut in the middle: its start and its last folder's name in sight, all of it fitting.
    shown = field.text()
    assert "…" in shown and shown != path
    start, end = shown.split("…")
    assert path.startswith(start) and path.endswith(end)
    assert len(start) >= 8 and len(end) >= 8
    assert field.fontMetrics().horizontalAdvance(shown) <= _room(field)
    # The whole path on hover, and for a screen reader.
    assert field.toolTip() == path and field.accessibleDescription() == path
    assert field.isReadOnly()


def test_focused_the_whole_path_is_selected_and_copied(qtbot, tmp_path: Path) -> None:
    box, field, folder = _shown(qtbot, tmp_path, HYPHENS, 1)
    path = str(folder)
    quit_button = box.defaultButton()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2_000)
    assert QApplication.focusWidget() is quit_button  # Enter still quits
    qtbot.keyClick(quit_button, Qt.Key.Key_Tab)  # the line is reached by keyboard
    assert QApplication.focusWidget() is field
    assert field.text() == path and field.selectedText() == path
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == path
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # away: cut to its room again
    assert QApplication.focusWidget() is not field
    assert "…" in field.text()


def test_a_short_path_is_shown_whole(qtbot, tmp_path: Path) -> None:
    _box, field, folder = _shown(qtbot, tmp_path, "", 1)
    assert field.text() == str(folder) and "…" not in field.text()
    assert field.cursorPosition() == 0
