"""Accepting a reviewer's value that contradicts another fact (a completion before the
signing) said only "Accepted: … is now …", where the wizard holds Next on it and an import
warns: the status line says what to check, the fact by its name."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.review_multi_support import open_review_desk
from tests.ui.test_review_decision_reason_ui import _dialog, open_proposals


def test_an_accepted_value_that_contradicts_another_fact_says_what_to_check(
        qtbot, tmp_path, data_dir, db, runner) -> None:
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner,
                     "deal.expected_completion_date", "2025-01-01")
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    said = dialog.status.text()
    assert said.startswith("Accepted:"), said
    assert said.endswith(" Check now — Expected completion (Deal): 2025-01-01 is before the "
                         "signing date, 2026-12-10."), said
    dialog.close()


def test_a_reviewers_reasons_keep_their_lines(qtbot, tmp_path, data_dir, db, runner) -> None:
    from approvals.services import review
    from tests.review_support import RITA

    desk = open_review_desk(tmp_path, data_dir, db)
    try:
        folder, _rdb, _actor = desk.reviewers["B"]
        review.set_recommendation(data_dir=folder, pack_id=desk.pack_id,
                                  reference=desk.reference, recommendation="return",
                                  reasons="1. Board seats are wrong\n2. Check the SPA", actor=RITA)
        desk.import_(desk.respond("B", tmp_path / "rita.zip"))
    finally:
        desk.close()
    dialog = open_proposals(qtbot, runner, data_dir, desk.reference,
                            lambda shown: "recommends" in shown.recommendations.text())
    assert "— 1. Board seats are wrong<br>2. Check the SPA" in dialog.recommendations.text()
    dialog.close()


def test_review_mode_says_what_a_proposed_value_contradicts(
        qtbot, tmp_path, data_dir, db, runner, admin) -> None:
    from tests.ui.test_review18_refusals_ui import _open_here, _window

    _ref, pack_id = _open_here(data_dir, db, admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    rw.select_field("deal.expected_completion_date")
    rw.propose_edit.setText("2025-01-01")
    qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rw.status.text().startswith("Proposed "), timeout=10_000)
    assert rw.status.text().endswith(" Check now — Expected completion (Deal): 2025-01-01 is "
                                     "before the signing date, 2026-12-10."), rw.status.text()
    rw.close()
