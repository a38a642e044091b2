"""Exporting a response with no recommendation asks first: the preparer would see none,
and nothing said so. Cancel (the default, and Escape) writes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.test_review_unsaved_ui import (
    _choose_return,
    _click,
    _discard_and_close,
    _open,
    _unsaved_box,
)


def _asked(qtbot, rw, monkeypatch) -> tuple[QMessageBox, list[bool]]:
    chosen: list[bool] = []
    monkeypatch.setattr(rw, "_choose_response_file", lambda: chosen.append(True))
    _click(qtbot, rw.respond_button)
    box = rw.no_recommendation_box
    assert box.isVisible()
    assert box.text() == "Export without a recommendation? The preparer will see none."
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    return box, chosen


def test_cancel_and_escape_write_nothing(qtbot, tmp_path, data_dir, db, admin, installation_b,
                                         monkeypatch) -> None:
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    box, chosen = _asked(qtbot, rw, monkeypatch)
    _click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert chosen == []
    box, chosen = _asked(qtbot, rw, monkeypatch)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.isVisible() and chosen == []


def test_export_anyway_goes_on_to_the_file(qtbot, tmp_path, data_dir, db, admin,
                                           installation_b, monkeypatch) -> None:
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    box, chosen = _asked(qtbot, rw, monkeypatch)
    _click(qtbot, next(b for b in box.buttons() if "Export anyway" in b.text()))
    assert chosen == [True]


def test_an_unsaved_recommendation_is_asked_about_once(qtbot, tmp_path, data_dir, db, admin,
                                                        installation_b, monkeypatch) -> None:
    """Chosen and not saved, it is named among the unsaved input; not asked about again."""
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    chosen: list[bool] = []
    monkeypatch.setattr(rw, "_choose_response_file", lambda: chosen.append(True))
    _choose_return(qtbot, rw, "Board seats understated")
    _click(qtbot, rw.respond_button)
    box = _unsaved_box(rw)
    assert box is not None
    _click(qtbot, next(b for b in box.buttons() if "Export without it" in b.text()))
    assert chosen == [True]
    _discard_and_close(qtbot, rw)
