"""The review pack dialogs: a pack exported to a path typed in the export dialog's File
field was not remembered, so Import response… and Open review pack… opened in the home
folder, not where the pack went; and the export dialog's line under the field went on
saying "… already exists … Press Export again to replace it" of a file no longer in it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui.workers import TaskRunner


def test_a_pack_written_to_a_typed_path_is_where_the_pack_dialogs_start(
        qtbot, export_dialog, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        home: Path, host_window: QMainWindow, tmp_path: Path) -> None:
    from approvals.ui.review import ReviewFeatures

    dialog, _reference = export_dialog
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    qtbot.keyClicks(dialog.out_edit, str(outbox / "for-legal.zip"))
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    features = ReviewFeatures(host_window, runner, admin, data_dir)
    for ask in (features.import_response, features.open_pack):
        asked = ask()
        assert Path(asked.directory().absolutePath()) == outbox, ask.__name__
        asked.reject()
    browse = dialog._browse()
    assert Path(browse.directory().absolutePath()) == outbox
    browse.reject()


def test_the_line_about_the_file_goes_when_another_file_is_typed(
        qtbot, export_dialog, tmp_path: Path) -> None:
    dialog, _reference = export_dialog
    target = tmp_path / "pack.zip"
    target.write_bytes(b"the pack sent yesterday")
    qtbot.keyClicks(dialog.out_edit, str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("pack.zip already exists in ")
    qtbot.keyClick(dialog.out_edit, Qt.Key.Key_Backspace)  # pack.zi: another file
    assert dialog.status.text() == ""
    (tmp_path / "packs").mkdir()
    dialog.out_edit.clear()
    qtbot.keyClicks(dialog.out_edit, str(tmp_path / "packs"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert " is a folder. " in dialog.status.text()
    dialog._chosen(tmp_path / "chosen.zip")  # Browse… chose a file
    assert dialog.status.text() == ""


def test_a_line_not_about_the_file_stays_when_the_field_changes(
        qtbot, export_dialog, tmp_path: Path) -> None:
    dialog, _reference = export_dialog

    dialog.checked = lambda: []  # type: ignore[method-assign]
    qtbot.keyClicks(dialog.out_edit, str(tmp_path / "pack.zip"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Tick at least one case to send."
    qtbot.keyClicks(dialog.out_edit, "x")
    assert dialog.status.text() == "Tick at least one case to send."
