"""The preview's missing-items line names a missing document as the Documents tab and the
filing's own missing-information box do ("Post-transaction organisation chart"), not by
its type's key in lower case ("org chart")."""

from __future__ import annotations

from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.filing_preview import FilingDialog, missing_words
from approvals.ui.workers import TaskRunner
from tests.filings_seed import load, seed_case

CHART = "Post-transaction organisation chart"


def test_a_missing_document_is_named_by_its_type() -> None:
    assert missing_words("documents.org_chart") == f"Document: {CHART}"
    assert missing_words("documents.board_memo") == "Document: Board memo"  # nothing names it


def test_the_draft_preview_says_which_document_is_missing(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    with db.session() as session:  # particulars entered: the missing line is short
        reference = load(session, admin, only=("DEMO-01",))["DEMO-01"]
        seed_case(session, admin, "DEMO-01", reference, documents=False)
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("us-notification"))
    with qtbot.waitSignal(dialog.rendered, timeout=60_000):
        dialog.generate_button.click()
    qtbot.waitUntil(lambda: "missing:" in dialog.status.text(), timeout=60_000)
    assert f"Document: {CHART}" in dialog.status.text()
    assert "org chart" not in dialog.status.text()
