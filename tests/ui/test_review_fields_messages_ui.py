"""Review mode's refusals at their fields, found by QA: a return without reasons was said
only on the status line (and stayed there once reasons were typed); the key trust dialog
said a wrong fingerprint or a missing name in its footer, far below the fields; and after
Export response pack… the fingerprint to read out was cut off in a three-line status box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.test_offline22_review_words import _boxes, _keys_dialog
from tests.ui.test_review3_layout_ui import _open
from tests.ui.test_review18_refusals_ui import _open_here, _window

REASONS_FIRST = ("Type your reasons first: say why the case goes back to the preparer. "
                 "Nothing was saved.")


def _top(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, QPoint(0, 0)).y()


def _directly_under(message: QWidget, field: QWidget, window: QWidget) -> bool:
    """`message` starts below `field`'s foot, within a line or so of it."""
    foot = _top(field, window) + field.height()
    return foot <= _top(message, window) <= foot + 2 * field.fontMetrics().lineSpacing()


def _returned_without_reasons(qtbot, data_dir: DataDir, db: Database, runner: TaskRunner,
                              admin: Actor) -> tuple[Any, QLabel]:
    """Review mode on the Recommendation tab, Return chosen and saved without reasons: the
    window and the message under the Reasons box."""
    _ref, pack_id = _open_here(data_dir, db, admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    rw.tabs.setCurrentIndex(4)
    qtbot.mouseClick(rw.return_radio, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rw.recommend_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    message = rw.findChild(QLabel, "reasonsError")
    assert message is not None and message.isVisible()
    return rw, message


def test_a_return_without_reasons_is_said_under_the_reasons(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner, admin: Actor) -> None:
    rw, message = _returned_without_reasons(qtbot, data_dir, db, runner, admin)
    assert message.text() == REASONS_FIRST
    assert _directly_under(message, rw.reasons_edit, rw)
    assert _top(message, rw) < _top(rw.recommend_button, rw)  # above Save, not hidden by it
    assert rw.reasons_edit.accessibleDescription() == f"Problem: {REASONS_FIRST}"
    assert rw.status.text() == REASONS_FIRST  # the status line says it too, as for proposals
    assert rw.focusWidget() is rw.reasons_edit
    # Typing the reasons takes the message away, from under the box and the status line.
    qtbot.keyClicks(rw.reasons_edit, "Board minutes missing")
    assert not message.isVisible() and message.text() == ""
    assert rw.status.text() == ""
    assert rw.reasons_edit.accessibleDescription() == ""
    rw.close()


def test_choosing_approve_takes_the_reasons_message_away(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner, admin: Actor) -> None:
    rw, message = _returned_without_reasons(qtbot, data_dir, db, runner, admin)
    qtbot.mouseClick(rw.approve_radio, Qt.MouseButton.LeftButton)
    assert not message.isVisible() and rw.status.text() == ""
    rw.close()


def _message(keys: QWidget, name: str) -> QLabel:
    label = keys.findChild(QLabel, f"trustProblem_{name}")
    assert label is not None
    return label


def test_a_wrong_fingerprint_is_said_under_the_fingerprint(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir,
        tmp_path: Path) -> None:
    other = review.installation_identity(DataDir(tmp_path / "other").ensure())
    keys = _keys_dialog(qtbot, runner, admin, data_dir)
    keys.key_edit.setPlainText(other.public_key_text)
    keys.label_edit.setText("Rita's laptop")
    wrong = other.fingerprint_grouped[:-1] + ("0" if other.fingerprint_grouped[-1] != "0" else "1")
    keys.expected_edit.setText(wrong)
    qtbot.mouseClick(keys.trust_button, Qt.MouseButton.LeftButton)
    message = _message(keys, "fingerprint")
    qtbot.waitUntil(message.isVisible, timeout=10_000)
    QApplication.processEvents()
    assert "only group 16 of 16 differs" in message.text()
    assert message.text().endswith(". Nothing was trusted.")
    assert _directly_under(message, keys.expected_edit, keys)
    assert message.visibleRegion().boundingRect().height() >= message.height() - 1  # in sight
    assert "differs" not in keys.status.text()  # not in the footer
    assert not _message(keys, "label").isVisible()
    assert not _boxes()
    assert keys.focusWidget() is keys.expected_edit
    assert keys.expected_edit.accessibleDescription() == f"Problem: {message.text()}"
    keys.expected_edit.setText(other.fingerprint_grouped)  # edited: the message goes
    assert not message.isVisible() and keys.expected_edit.accessibleDescription() == ""
    keys.close()


def test_an_empty_name_is_said_under_the_name(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir,
        tmp_path: Path) -> None:
    other = review.installation_identity(DataDir(tmp_path / "other").ensure())
    keys = _keys_dialog(qtbot, runner, admin, data_dir)
    keys.key_edit.setPlainText(other.public_key_text)
    keys.expected_edit.setText(other.fingerprint_grouped)
    qtbot.mouseClick(keys.trust_button, Qt.MouseButton.LeftButton)
    message = _message(keys, "label")
    qtbot.waitUntil(message.isVisible, timeout=10_000)
    QApplication.processEvents()
    assert message.text() == ("Type a name for that installation in Name: packs from it are "
                              "shown under it. Nothing was trusted.")
    assert _directly_under(message, keys.label_edit, keys)
    assert keys.status.text() == ""
    assert keys.focusWidget() is keys.label_edit
    qtbot.keyClicks(keys.label_edit, "Office")
    assert not message.isVisible()
    with qtbot.waitSignal(keys.changed, timeout=10_000):
        qtbot.mouseClick(keys.trust_button, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        assert [k.label for k in review.list_trusted_keys(s)] == ["Office"]
    keys.close()


def test_the_fingerprint_to_read_out_shows_whole_after_export(
        qtbot, tmp_path, data_dir, db, admin, installation_b) -> None:
    rw, ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.resize(900, 640)  # the window's default size
    review.set_recommendation(data_dir=installation_b[0], pack_id=rw.pack_id, reference=ref,
                              recommendation="approve", reasons="", actor=rw.actor)
    out = tmp_path / "answers" / "response.zip"
    out.parent.mkdir()
    with qtbot.waitSignal(rw.response_exported, timeout=20_000):
        rw.export_response(out)
    qtbot.waitUntil(lambda: rw.view is not None and rw.calls.runner.idle, timeout=10_000)
    for _ in range(3):
        QApplication.processEvents()
    fingerprint = review.installation_identity(installation_b[0]).fingerprint_grouped
    assert rw.status.text().endswith(f"read them its fingerprint: {fingerprint}.")
    scroll = rw.status_scroll
    # The whole message in sight: nothing to scroll to, its last line (the fingerprint)
    # within the box.
    assert scroll.verticalScrollBar().maximum() == 0
    assert scroll.viewport().height() >= rw.status.heightForWidth(scroll.viewport().width())
    assert rw.height() == 640  # the window did not grow for it
    # Other messages still take three lines at most.
    rw.status.setText("Comment saved. " * 40)
    for _ in range(3):
        QApplication.processEvents()
    assert scroll.height() <= 3 * scroll.line_height() + 2 * scroll.frameWidth()
    assert scroll.verticalScrollBar().maximum() > 0
    rw.close()
