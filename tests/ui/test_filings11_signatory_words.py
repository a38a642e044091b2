"""The preview's missing-items line and a refused final name the applicant's signatory
as the filing does (filings.common.particular_names): a Chinese target's legal
representative, an offshore one's authorised signatory; the form's "legal representative
or authorised signatory" only where no case is at hand."""

from __future__ import annotations

import pytest

from approvals.filings.common import SIGNATORY_PATH
from approvals.services.filings import FilingRefused, render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.filing_preview import FilingDialog, missing_words, readable_problems
from approvals.ui.workers import TaskRunner
from tests.ui.test_particulars_ui import new_case

EITHER = "Legal representative or authorised signatory"


def test_a_chinese_targets_draft_and_refused_final_say_legal_representative(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")  # organised in mainland China
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("cn-application"))
    with qtbot.waitSignal(dialog.rendered, timeout=60_000):
        dialog.generate_button.click()
    # As the PDF's row and its missing-information box name it; the line says the
    # section's heading once, its items after it ("Applicant … — Legal representative, …").
    groups = dialog.status.text().split(" · missing: ", 1)[1].split("; ")
    applicant = next(g for g in groups if g.startswith("Applicant (the target company) — "))
    assert "Legal representative" in applicant.split(" — ", 1)[1].split(", "), applicant
    assert EITHER not in dialog.status.text()

    with db.read_session() as session, pytest.raises(FilingRefused) as refused:
        render_filing(session=session, reference=reference, kind="cn-application",
                      actor=admin, final=True)
    text = readable_problems(refused.value, keys=True)  # as Show Details… lists them
    assert f"Missing: Applicant (the target company) — Legal representative [{SIGNATORY_PATH}]" \
        in text
    assert EITHER not in text


def test_an_offshore_target_is_named_by_its_authorised_signatory() -> None:
    names = {SIGNATORY_PATH: ("Authorised signatory", "授权签字人")}
    assert missing_words(SIGNATORY_PATH, names) == \
        "Applicant (the target company) — Authorised signatory"
    # Without a case (the form's words), either.
    assert missing_words(SIGNATORY_PATH).endswith(EITHER)
