"""Help → About Approvals with a long data folder path (a shared drive's deep folder): the
data folder, database and log folder rows each keep to one line, cut in the middle, the
whole path on hover, on focus and in Copy details. As wrapped labels a path broke mid-name
at its hyphens, and one without any ran past the dialog's edge and over the next row."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from approvals.paths import DataDir
from approvals.ui import help as guide_help
from approvals.ui.path_field import PathField

HYPHENS = ("Compliance-Department-Shared-Workspace/Outbound-Investment-Approvals-2026/"
           "Project-Nightingale-Series-B-Financing/approvals-data-folder-for-the-review-team")
NO_BREAK = "ComplianceDepartmentSharedWorkspaceOutboundInvestmentApprovals2026" * 2


class _Window(QWidget):
    """What About reads of the main window: its data folder (no tasks: the rulebook row
    stays "being read…")."""

    def __init__(self, data_dir: DataDir) -> None:
        super().__init__()
        self.data_dir = data_dir


_kept: list[QWidget] = []  # qtbot holds a widget weakly: the window would go, About with it


def _about(qtbot, folder: Path, scale: int) -> guide_help.AboutDialog:
    window = _Window(DataDir(folder))
    _kept[:] = [window]
    qtbot.addWidget(window)
    if scale != 1:  # the letters' size at 200 %
        font = window.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        window.setFont(font)
    about = guide_help.AboutDialog(window)  # the window's child: closed with it
    about.show()
    about.activateWindow()
    qtbot.waitActive(about)
    return about


@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize("tail", [HYPHENS, NO_BREAK])
def test_a_long_data_folder_keeps_each_path_to_its_row(
        qtbot, tmp_path: Path, tail: str, scale: int) -> None:
    folder = tmp_path / tail
    about = _about(qtbot, folder, scale)
    data_dir = DataDir(folder)
    whole = {"Data folder": str(folder), "Database": str(data_dir.database)}
    rows = list(about.values.items())
    for name, path in whole.items():
        field = about.values[name]
        assert isinstance(field, PathField), name
        shown = field.text()
        assert "…" in shown, name
        start, end = shown.split("…")
        assert path.startswith(start) and path.endswith(end), name
        assert field.fontMetrics().horizontalAdvance(shown) < field.width(), name
        assert field.toolTip() == path
        assert f"{name}: {path}" in about.text().splitlines()
        assert f"{name}: {path}" in about.details().splitlines()
    # Every row inside the dialog, none over the next.
    for (name, value), (_next, below) in pairwise(rows):
        assert about.rect().contains(value.geometry()), name
        assert value.geometry().bottom() < below.geometry().top(), name
    about.close()


def test_close_has_its_own_alt_key_and_the_first_focus(qtbot, tmp_path: Path) -> None:
    about = _about(qtbot, tmp_path / HYPHENS, 1)
    close = about.findChild(QPushButton, "aboutCloseButton")
    assert close.text() == "Cl&ose"
    letters = [b.text().split("&")[1][0].lower() for b in about.findChildren(QPushButton)]
    assert sorted(letters) == ["c", "l", "o"]  # Copy details, Open log folder, Close
    assert about.focusWidget() is close  # not the first path, opened selected
    # The path rows are in the Tab order (a PathField shows the whole path focused:
    # test_start19_folder_path), and Escape still closes About.
    assert all(about.values[name].focusPolicy() & Qt.FocusPolicy.TabFocus
               for name in guide_help.PATH_ROWS)
    qtbot.keyClick(close, Qt.Key.Key_Escape)
    assert not about.isVisible()
