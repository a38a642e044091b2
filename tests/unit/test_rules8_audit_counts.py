"""The audit check writes its counts with thousands separators ("5,119 events"), in the
CLI's lines and the app's box alike, and in the right number; event ids stay as typed in
the trail's filter (#5119)."""

from __future__ import annotations

from approvals.services.audit import BROKEN_NEXT_STEP, BadDocument, DocumentCheck, VerifyReport


def test_the_chain_counts_are_grouped_in_thousands() -> None:
    assert VerifyReport(True, 5119, None, "").summary == "Audit trail intact: 5,119 events checked."
    assert VerifyReport(True, 1, None, "").summary == "Audit trail intact: 1 event checked."
    broken = VerifyReport(False, 5119, 4021, "its hash does not match its contents").summary
    assert broken.startswith("audit trail broken at event 4021: its hash does not match its "
                             "contents (the 5,118 events before it are intact). ")
    cut = VerifyReport(False, 12345, 12346, "events after #12345 are missing", cut=True).summary
    assert cut.startswith("audit trail cut: events after #12345 are missing (the 12,345 "
                          "events there link up with each other). Keep a copy of the data "
                          "folder")
    one = VerifyReport(False, 1, 2, "events after #1 are missing", cut=True).summary
    assert "(the 1 event there links up). " in one
    # A cut trail says what to do next, as a broken one does.
    assert cut.endswith(BROKEN_NEXT_STEP) and one.endswith(BROKEN_NEXT_STEP)


def test_the_document_counts_are_grouped_in_thousands() -> None:
    assert DocumentCheck(2500).headline == ("Documents: 2,500 stored files match their "
                                             "recorded SHA-256.")
    bad = BadDocument(7, "CASE-1", "a.pdf", ("changed",))
    assert DocumentCheck(2500, (bad,)).headline == (
        "Documents: 1 of 2,500 stored files fail the check against their recorded SHA-256:")
