"""What a reviewer typed for one case stays with that case: a value typed for the first
case's Board seats stayed in the field when another case was chosen, and Save on closing
proposed it for the other case's Board seats. It is kept aside, comes back with its case,
and closing with Save shows that case again rather than store it elsewhere."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_review_unsaved_ui import _discard_and_close, _two_cases_in_review_mode


def test_typed_input_goes_with_its_case(qtbot, tmp_path, data_dir, db, admin,
                                        installation_b) -> None:
    rw, (first, second), _facts = _two_cases_in_review_mode(qtbot, tmp_path, data_dir, db,
                                                            admin, installation_b)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.select_field("deal.board_seats")
    rw.propose_edit.setText("8")
    rw.field_comment_edit.setText("check the board minutes")
    rw.case_comment_edit.setText("overall fine")
    rw.case_combo.setCurrentIndex(rw.case_combo.findData(second))
    assert rw.current_case().reference == second
    assert (rw.propose_edit.text(), rw.field_comment_edit.text(),
            rw.case_comment_edit.text()) == ("", "", "")
    assert any(first in item and "another case is shown" in item for item in rw.unsaved_input())
    # Saving on closing stores nothing on the case shown: it shows the first case again.
    assert rw._pending_input() is None
    assert rw.current_case().reference == first
    assert rw.selected_field() == "deal.board_seats"
    assert (rw.propose_edit.text(), rw.field_comment_edit.text(),
            rw.case_comment_edit.text()) == ("8", "check the board minutes", "overall fine")
    assert f"What you typed for {first} is shown again" in rw.status.text()
    assert rw.typed_by_case == {}
    pending = rw._pending_input()
    assert pending is not None and len(pending) == 3
    _discard_and_close(qtbot, rw)
