"""The first-start form opens as tall as it is at its own width: Qt sized it for a
narrower one, where the introduction wraps to more lines, and the spare height stood as
empty bands above and below "The data folder being set up:" until a message took it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QFont

from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner


@pytest.mark.parametrize("scale", [1, 2])
def test_the_folder_label_has_no_empty_band_around_it(
        qtbot: Any, runner: TaskRunner, scale: int) -> None:
    # A short folder (a long one widens the form, and the introduction wraps less).
    dialog = ui_auth.FirstStartDialog(runner, data_dir="/srv/approvals")
    qtbot.addWidget(dialog)
    if scale != 1:  # the letters' size at 200 %
        font = QFont(dialog.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        dialog.setFont(font)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.folder_label
    assert label.height() == label.sizeHint().height()
    gap = dialog.folder.geometry().top() - label.geometry().bottom()
    assert gap <= dialog.layout().spacing() + 1
