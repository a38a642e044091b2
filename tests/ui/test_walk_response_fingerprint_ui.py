"""Export response pack… in review mode: the message after it says this installation's
fingerprint. The preparer's import refuses a key it does not trust yet and asks to compare
the fingerprint with the reviewer, who had it only in another window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.services import review
from tests.ui.test_review3_layout_ui import _open


def test_the_written_response_says_the_fingerprint_to_read_out(
        qtbot, tmp_path, data_dir, db, admin, installation_b) -> None:
    rw, ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    review.set_recommendation(data_dir=installation_b[0], pack_id=rw.pack_id, reference=ref,
                              recommendation="approve", reasons="", actor=rw.actor)
    out = tmp_path / "answers" / "response.zip"
    out.parent.mkdir()
    with qtbot.waitSignal(rw.response_exported, timeout=20_000):
        rw.export_response(out)
    reviewer = review.installation_identity(installation_b[0]).fingerprint_grouped
    text = rw.status.text()
    assert text.startswith(f"Wrote the response pack response.zip in {out.parent}")
    assert text.endswith("If Preparer desk does not trust this installation's key yet, read "
                         f"them its fingerprint: {reviewer}.")
    assert reviewer != review.installation_identity(data_dir).fingerprint_grouped
    assert rw.status.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
