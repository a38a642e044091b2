"""A final that cannot be generated names each missing field one way, as the wizard and
the particulars editor label it (and as the draft's status line lists it): the message
and the status line without the facts keys ("[investor.ultimate_parent]"), which are
under the message's Show Details… for whoever fills in a facts or particulars file."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from approvals.domain.field_labels import fact_label
from approvals.services.filings import FilingRefused, render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.filing_preview import (
    FilingDialog,
    missing_words,
    readable_problems,
    refused_summary,
)
from approvals.ui.workers import TaskRunner
from tests.ui.test_particulars_ui import new_case


def test_each_missing_field_is_named_as_the_status_line_names_it(
        db: Database, admin: Actor) -> None:
    reference = new_case(db, admin, "DEMO-02")
    with db.read_session() as session, pytest.raises(FilingRefused) as refused:
        render_filing(session=session, reference=reference, kind="us-notification",
                      actor=admin, final=True)
    exc = refused.value
    said = readable_problems(exc).splitlines()
    missing = [p.path for p in exc.problems if p.message.startswith("missing: ")]
    assert "investor.ultimate_parent" in missing and "documents.org_chart" in missing
    names = exc.particular_names
    # One line a field, in the draft status line's words, with no key.
    assert [line.removeprefix("Missing: ") for line in said if line.startswith("Missing: ")] \
        == [missing_words(p, names) for p in missing]
    assert "Missing: Ultimate parent (Investor)" in said  # the wizard's label
    assert fact_label("investor.ultimate_parent") == "Ultimate parent (Investor)"
    assert "Missing: Document: Post-transaction organisation chart" in said
    assert not any("[" in line for line in said)
    assert "[" not in refused_summary(exc)
    # The keys, for a facts or particulars file.
    keyed = readable_problems(exc, keys=True)
    assert "Missing: Ultimate parent (Investor) [investor.ultimate_parent]" in keyed


def test_the_message_keeps_the_keys_under_show_details(
        qtbot, runner: TaskRunner, db: Database, admin: Actor) -> None:
    reference = new_case(db, admin, "DEMO-02")
    with db.read_session() as session, pytest.raises(FilingRefused) as refused:
        render_filing(session=session, reference=reference, kind="us-notification",
                      actor=admin, final=True)
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog._failed(refused.value)
    box = dialog.findChild(QMessageBox, "errorDialog")
    assert box is not None
    shown = box.informativeText()
    assert "Missing: Ultimate parent (Investor)\n" in shown
    assert "[investor.ultimate_parent]" not in shown and "[documents." not in shown
    details = box.detailedText()
    assert "Ultimate parent (Investor) [investor.ultimate_parent]" in details
    # All of the message, as Show Details… lists a long one: also the lines cut from it.
    assert details.endswith("Add the documents on the case window's Documents tab.")
    assert "[" not in dialog.status.text()
    box.done(0)
    runner.wait_for_done()
