"""The first-start dialog names the data folder it sets up, the path on a line of its
own (a PathField: the whole path where there is room, on hover and once focused), and
typing still starts in the user name."""

from __future__ import annotations

from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.path_field import PathField
from approvals.ui.workers import TaskRunner


def test_the_first_start_dialog_names_the_folder_it_sets_up(qtbot, runner: TaskRunner,
                                                            db: Database) -> None:
    dialog = ui_auth.make_sign_in_dialog(runner)  # an empty database: the first start
    assert isinstance(dialog, ui_auth.FirstStartDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    folder = str(db.data_dir.root)
    field = dialog.findChild(PathField, "firstStartFolder")
    assert field is not None and field.isVisible()
    assert field.path() == folder and field.toolTip() == folder
    # As wide as the whole path, up to half the screen (the rest cut in the middle).
    screen = dialog.screen().availableGeometry().width()
    assert field.minimumWidth() == min(field.whole_width(), screen // 2)
    dialog.resize(dialog.width() + field.whole_width(), dialog.height())
    qtbot.waitUntil(lambda: field.text() == folder, timeout=5_000)  # all of it, with room
    assert field.isReadOnly() and field.accessibleName() == "Data folder"
    label = dialog.findChild(ui_auth.QLabel, "firstStartFolderLabel")
    assert label is not None and label.isVisible() and "data folder" in label.text()
    # On its own line: below the label, above the form, across the dialog's width.
    assert label.geometry().bottom() <= field.geometry().top()
    assert field.geometry().bottom() <= dialog.username.mapTo(dialog, dialog.username.rect().topLeft()).y()
    assert dialog.focusWidget() is dialog.username


def test_a_long_folder_is_cut_in_the_middle_and_whole_on_focus(qtbot, runner: TaskRunner,
                                                               tmp_path) -> None:
    long = str(tmp_path / ("a-folder-with-a-rather-long-name-" * 6) / "data")
    dialog = ui_auth.FirstStartDialog(runner, data_dir=long)
    qtbot.addWidget(dialog)
    dialog.resize(500, dialog.sizeHint().height())
    dialog.show()
    qtbot.waitExposed(dialog)
    field = dialog.folder
    assert field.width() <= dialog.width()  # the dialog is not pushed off a small screen
    assert "…" in field.text() and field.text().endswith("data")  # the folder's own name
    field.setFocus()
    qtbot.waitUntil(lambda: field.text() == long, timeout=5_000)
