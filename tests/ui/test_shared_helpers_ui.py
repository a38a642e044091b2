"""The helpers that several windows share (ui.widgets, the auth dialogs' base) do for each
what each did for itself."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow, QTableWidget, QTableWidgetItem

from approvals.ui.auth import (
    ChangePasswordDialog,
    ErrorText,
    FirstStartDialog,
    SignInDialog,
    UserManagementDialog,
)
from approvals.ui.widgets import cell_data, install_features
from tests.ui.conftest import dark_palette


@pytest.mark.parametrize("make", [
    lambda runner, admin: SignInDialog(runner),
    lambda runner, admin: FirstStartDialog(runner),
    lambda runner, admin: ChangePasswordDialog(runner, admin),
    lambda runner, admin: UserManagementDialog(runner, admin),
], ids=["sign-in", "first-start", "change-password", "users"])
def test_each_auth_dialog_redraws_its_error_texts_for_a_dark_palette(
        qtbot, runner, admin, make) -> None:
    dialog = make(runner, admin)
    qtbot.addWidget(dialog)
    texts = dialog.findChildren(ErrorText)
    light = [t.styleSheet() for t in texts]
    assert "color: #b71c1c;" in light  # the error red of a light palette

    def drawn_for_palette() -> bool:
        return all(t.styleSheet() == f"color: {t._colour()};" for t in texts)

    with dark_palette():
        qtbot.waitUntil(lambda: drawn_for_palette() and "color: #ef9a9a;" in
                        [t.styleSheet() for t in texts], timeout=5_000)
    qtbot.waitUntil(lambda: [t.styleSheet() for t in texts] == light, timeout=5_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_cell_data_reads_the_user_role_and_none_for_an_empty_cell(qtbot) -> None:
    from PySide6.QtCore import Qt

    table = QTableWidget(2, 1)
    qtbot.addWidget(table)
    item = QTableWidgetItem("2027")
    item.setData(Qt.ItemDataRole.UserRole, 2027)
    table.setItem(0, 0, item)
    assert cell_data(table, 0) == 2027
    assert cell_data(table, 1) is None


def test_install_features_uses_the_windows_data_folder_unless_one_is_given(
        qtbot, data_dir, tmp_path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.data_dir = data_dir  # type: ignore[attr-defined]
    made = install_features(window, "example_features", None, lambda folder: ("made", folder))
    assert made == ("made", data_dir) and window.example_features is made  # type: ignore[attr-defined]
    other = tmp_path / "other"
    assert install_features(window, "example_features", other,  # type: ignore[arg-type]
                            lambda folder: folder) == other
    assert window.example_features == other  # type: ignore[attr-defined]
