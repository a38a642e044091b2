"""A filing that leaves the preview, saved or printed, is recorded in the audit trail:
which filing (kind, draft or final, the fingerprint its footer prints) and where it went."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from approvals.domain.event_text import EventFacts, event_sentence
from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_preview import DEMO, as_a_printer, pdf_printer


def handed_out(db: Database) -> list[Event]:
    with db.read_session() as session:
        events = list(session.exec(select(Event).where(
            col(Event.action).in_(("filing.saved", "filing.printed"))).order_by(col(Event.id))))
        for event in events:
            session.expunge(event)  # read after the session ends
        return events


@pytest.fixture
def previewed(qtbot, db: Database, runner: TaskRunner, admin: Actor) -> FilingDialog:
    """The dialog showing a draft status report of a demo case."""
    facts = json.loads(DEMO.read_text(encoding="utf-8"))[0]
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("status-report"))
    with qtbot.waitSignal(dialog.rendered, timeout=60_000):
        dialog.generate_button.click()
    return dialog


def test_saving_and_printing_a_filing_are_recorded(
        qtbot, db: Database, runner: TaskRunner, previewed: FilingDialog, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = previewed
    fingerprint = dialog.shown.fingerprint
    saved = tmp_path / "saved.pdf"
    dialog.save_pdf_to(saved)
    qtbot.waitUntil(lambda: dialog.status.text() == f"Saved to {saved}", timeout=10_000)
    assert saved.read_bytes() == dialog.pdf
    # "Print to File (PDF)" writes the same file, recorded as printed.
    to_file = tmp_path / "printed.pdf"
    with qtbot.waitSignal(dialog.printed, timeout=30_000):
        dialog._print_to(pdf_printer(to_file))
    assert to_file.read_bytes() == dialog.pdf
    # On a printer (a PDF printer stands in for one): recorded once the pages went out.
    as_a_printer(monkeypatch)
    with qtbot.waitSignal(dialog.printed, timeout=60_000) as printed:
        dialog._print_to(pdf_printer(tmp_path / "paper.pdf"))
    assert dialog.status.text() == f"Printed {printed.args[0]} pages."
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)

    events = handed_out(db)
    assert [e.action for e in events] == ["filing.saved", "filing.printed", "filing.printed"]
    details = [json.loads(e.details or "{}") for e in events]
    assert [d.get("file") for d in details] == ["saved.pdf", "printed.pdf", None]
    assert details[2]["printer"]  # the printer's name, or "default printer"
    assert {d["fingerprint"] for d in details} == {fingerprint}
    assert all(d["kind"] == "status-report" and d["final"] is False for d in details)
    assert all(e.case_id is not None and e.entity_id == dialog.reference for e in events)
    sentences = [event_sentence(EventFacts(action=e.action, entity_id=e.entity_id,
                                           details=json.loads(e.details or "{}")))
                 for e in events]
    pages = dialog.shown.page_count
    assert sentences[0] == (f"draft status report saved as saved.pdf, {pages} pages, "
                            f"fingerprint {fingerprint[:16]}…")
    assert sentences[1].startswith("draft status report printed to printed.pdf, ")
    assert sentences[2].startswith("draft status report printed on ")


def test_a_save_the_trail_cannot_record_leaves_no_file(
        qtbot, db: Database, previewed: FilingDialog, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals.services import filings
    from approvals.ui import filing_preview

    shown: list[str] = []
    monkeypatch.setattr(filing_preview, "show_error",
                        lambda _parent, title, exc: shown.append(f"{title}: {exc}"))

    def refused(*_args: object, **_kwargs: object) -> None:
        raise filings.InputError(filings.Problem("case", "the database is busy"))

    monkeypatch.setattr(filings, "_record_handed_out", refused)
    out = tmp_path / "filing.pdf"
    out.write_bytes(b"%PDF-1.4 the earlier one")
    previewed.save_pdf_to(out)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown == ["Could not save the filing: case: the database is busy"]
    assert out.read_bytes() == b"%PDF-1.4 the earlier one"  # replaced only when recorded
    assert handed_out(db) == []
