"""Review mode: a proposal that replaces the reviewer's own earlier one for the field says
which value it replaced, and Clear value (the next stop after Propose change) asks before
it replaces a value proposed already; Cancel, the default, keeps it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from approvals.services import review
from tests.ui.test_review_ui import _case_with_documents, open_in_review_mode

FIELD = "deal.board_seats"


def proposals(installation_b, rw) -> list[tuple[str, object]]:
    stored = next(c for c in review.get_review(installation_b[0], rw.pack_id).cases)
    return [(p.field_path, p.proposed_value) for p in stored.proposals]


def test_replacing_and_clearing_ones_own_proposal_is_said_and_asked(
        qtbot, tmp_path, data_dir, db, admin, installation_b) -> None:
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b, ref)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.select_field(FIELD)
    rw.propose_edit.setText("3")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    assert "replaces" not in rw.status.text()  # nothing proposed before
    rw.select_field(FIELD)
    rw.propose_edit.setText("5")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    assert rw.status.text().endswith("This replaces your proposal of 3.")
    assert proposals(installation_b, rw) == [(FIELD, 5)]

    # Clear value over it: asked first, Cancel (the default) keeps the proposal.
    rw.select_field(FIELD)
    qtbot.mouseClick(rw.clear_value_button, Qt.MouseButton.LeftButton)
    box = rw.clear_box
    assert box is not None and box.isVisible()
    assert "This replaces your proposal of 5." in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: rw.calls.idle, timeout=10_000)
    assert proposals(installation_b, rw) == [(FIELD, 5)]

    # Confirmed: cleared, and the message says what it replaced.
    rw.select_field(FIELD)
    qtbot.mouseClick(rw.clear_value_button, Qt.MouseButton.LeftButton)
    box = rw.clear_box
    clear = next(b for b in box.buttons() if b.text() == "C&lear value")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        clear.click()
    assert proposals(installation_b, rw) == [(FIELD, None)]
    assert rw.status.text().endswith("This replaces your proposal of 5.")

    # Clearing what is proposed cleared already asks nothing; a value over it says so.
    rw.select_field(FIELD)
    rw.propose_edit.setText("4")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    assert rw.status.text().endswith("This replaces your proposal to clear it.")
