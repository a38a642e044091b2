"""Review mode keeps what the reviewer chose or typed until it is saved: Enter in the
new-value field proposes, a recommendation not saved yet survives the window's reloads and
a change of case, and Export response pack… names unsaved input before writing without it."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_review_ui import (
    _case_with_documents,
    _click,
    open_in_review_mode,
    open_pack_in_review_mode,
)


def _open(qtbot, tmp_path, data_dir: DataDir, db: Database, admin: Actor, installation_b):
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b, ref)
    return rw, ref


def _stored(rw, b_dir: DataDir, ref: str) -> review.ReviewCase:
    return next(c for c in review.get_review(b_dir, rw.pack_id).cases if c.reference == ref)


def _choose_return(qtbot, rw, reasons: str) -> None:
    rw.tabs.setCurrentIndex(4)
    _click(qtbot, rw.return_radio)
    rw.reasons_edit.setPlainText(reasons)


def _unsaved_box(rw) -> QMessageBox | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.objectName() == "unsavedReviewInput"
                 and w.parent() is rw and w.isVisible()), None)


def _discard_and_close(qtbot, rw) -> None:
    """Closing with input not saved asks (Save / Discard / Cancel): discarded here."""
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it again
    rw.close()
    _click(qtbot, rw.close_box.button(QMessageBox.StandardButton.Discard))
    assert not rw.isVisible()


def test_enter_in_the_new_value_field_proposes_the_change(qtbot, tmp_path, data_dir, db, admin,
                                                          installation_b):
    rw, ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.select_field("deal.board_seats")
    rw.propose_edit.setText("2")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        qtbot.keyClick(rw.propose_edit, Qt.Key.Key_Return)
    assert [(p.field_path, p.proposed_value) for p in _stored(rw, installation_b[0], ref).proposals] \
        == [("deal.board_seats", 2)]
    assert rw.propose_edit.text() == ""
    assert "Enter" in rw.propose_button.toolTip()


def test_a_recommendation_not_saved_survives_a_saved_comment(qtbot, tmp_path, data_dir, db, admin,
                                                             installation_b):
    rw, ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    _choose_return(qtbot, rw, "Board seats understated")
    # Another save reloads the window from what is stored; the unsaved form stays.
    rw.case_comment_edit.setText("See the SPA")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        qtbot.keyClick(rw.case_comment_edit, Qt.Key.Key_Return)
    assert rw.return_radio.isChecked()
    assert rw.reasons_edit.toPlainText() == "Board seats understated"
    assert rw.unsaved_input() == [f"the recommendation for {ref} (Recommendation tab: "
                                  "Save recommendation)"]
    # Saved, it is no longer unsaved (the stored reasons are stripped: still the same).
    rw.reasons_edit.setPlainText("Board seats understated ")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        _click(qtbot, rw.recommend_button)
    assert _stored(rw, installation_b[0], ref).recommendation == "return"
    assert rw.unsaved_input() == []


def test_export_response_names_unsaved_input_and_cancel_writes_nothing(
        qtbot, tmp_path, data_dir, db, admin, installation_b, monkeypatch):
    rw, ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    chosen: list[bool] = []
    monkeypatch.setattr(rw, "_choose_response_file", lambda: chosen.append(True))
    _choose_return(qtbot, rw, "Board seats understated")
    rw.doc_comment_edit.setText("Unsigned copy")

    _click(qtbot, rw.respond_button)
    box = _unsaved_box(rw)
    assert box is not None
    listed = box.informativeText()
    assert f"the recommendation for {ref}" in listed
    assert "the comment typed on the Documents tab" in listed
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    _click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert chosen == []

    # Exported without it on purpose: the file is chosen, and the form stays as typed.
    _click(qtbot, rw.respond_button)
    box = _unsaved_box(rw)
    assert box is not None
    _click(qtbot, next(b for b in box.buttons() if "Export without it" in b.text()))
    assert chosen == [True]
    assert rw.return_radio.isChecked() and rw.doc_comment_edit.text() == "Unsigned copy"
    _discard_and_close(qtbot, rw)


def test_export_response_asks_nothing_when_all_is_saved(qtbot, tmp_path, data_dir, db, admin,
                                                        installation_b, monkeypatch):
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    chosen: list[bool] = []
    monkeypatch.setattr(rw, "_choose_response_file", lambda: chosen.append(True))
    _choose_return(qtbot, rw, "Board seats understated")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):  # a recommendation saved: none missing
        _click(qtbot, rw.recommend_button)
    _click(qtbot, rw.respond_button)
    assert chosen == [True] and _unsaved_box(rw) is None


def _two_cases_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b):
    """Two cases in one pack, opened on installation B: (review window, references, facts)."""
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        refs = [import_case(s, data=facts, actor=admin).reference for _ in range(2)]
    pack = tmp_path / "two.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=refs, out=pack, actor=admin,
                                  drafts=False)
    rw, _features = open_pack_in_review_mode(qtbot, data_dir, installation_b, pack)
    return rw, refs, facts


def test_cases_are_named_and_an_unsaved_recommendation_survives_a_change_of_case(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    rw, (first, second), facts = _two_cases_in_review_mode(qtbot, tmp_path, data_dir, db, admin,
                                                           installation_b)
    # The case list names the deal, as Export review pack… does, not the reference alone.
    assert rw.case_combo.itemText(0) == (f"{first}  {facts['target']['name_en']} ← "
                                         f"{facts['investor']['name']}")
    assert rw.current_case().reference == first
    _choose_return(qtbot, rw, "Board seats understated")
    rw.case_combo.setCurrentIndex(1)
    assert rw.current_case().reference == second
    assert not rw.return_radio.isChecked() and rw.reasons_edit.toPlainText() == ""
    rw.case_combo.setCurrentIndex(0)
    assert rw.return_radio.isChecked()
    assert rw.reasons_edit.toPlainText() == "Board seats understated"
    assert rw.unsaved_input() == [f"the recommendation for {first} (Recommendation tab: "
                                  "Save recommendation)"]
    _discard_and_close(qtbot, rw)


def test_the_document_commented_on_stays_selected(qtbot, tmp_path, data_dir, db, admin,
                                                  installation_b):
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    row = next(i for i in range(rw.doc_list.count())
               if rw.doc_list.item(i).text().startswith("spa.pdf"))
    rw.doc_list.setCurrentRow(row)
    rw.doc_comment_edit.setText("Unsigned copy")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        qtbot.keyClick(rw.doc_comment_edit, Qt.Key.Key_Return)
    # A second comment on the same document needs no second click.
    assert rw.doc_list.currentItem() is not None
    assert rw.doc_list.currentItem().text().startswith("spa.pdf")
    assert rw.open_doc_button.isEnabled()


def test_returning_without_reasons_says_where_they_go(qtbot, tmp_path, data_dir, db, admin,
                                                      installation_b):
    rw, ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    _choose_return(qtbot, rw, "  ")
    _click(qtbot, rw.recommend_button)
    assert rw.status.text() == ("Type your reasons first: say why the case goes back to the "
                                "preparer. Nothing was saved.")
    assert _stored(rw, installation_b[0], ref).recommendation is None
    _discard_and_close(qtbot, rw)
