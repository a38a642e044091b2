"""Check a filing's answers read as an auditor: a status report draft's advice does not
wait for approvals its final does not need; a stored final the case has moved on from is
still the final stored; a paper copy's facts and advice do not say the same thing twice."""

from __future__ import annotations

import pytest

from approvals.services.documents import set_restriction
from approvals.services.filing_check import check_filing
from approvals.services.filings import render_filing
from approvals.services.users import create_user
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.unit.test_filing_check import (
    DRAFT_CASE,
    FINAL_CASE,
    READER,
    check,
    draft_pdf,
    edit_later,
    final_pdf,
    paper,
    read_pdf_claim,
)


@pytest.fixture
def demo(db: Database, folder_templates: FolderTemplates, admin: Actor) -> Database:
    load_demo_from_template(folder_templates, db, admin)
    return db


def status_report(db: Database, actor: Actor, *, final: bool = False) -> bytes:
    with db.session() as s:
        return render_filing(session=s, reference=DRAFT_CASE, kind="status-report",
                             actor=actor, final=final).pdf


def test_a_status_report_draft_is_not_told_to_wait_for_approvals(demo: Database,
                                                                   admin: Actor) -> None:
    result = check(demo, READER, status_report(demo, admin))
    assert result.verdict == "current" and result.current_as == "draft"
    assert "approved for filing" not in result.advice
    assert result.advice == ("A draft, not a stored document: it shows what the case holds "
                             "now; generate the final to store a copy with the case.")
    # A filing's draft still waits for its tracks (AP-2026-0004's US-OISP track is a draft;
    # DRAFT_CASE has none, and its draft says no final can be made).
    assert "approved for filing" in check(demo, READER,
                                          draft_pdf(demo, admin, "AP-2026-0004")).advice


def test_a_stored_final_the_case_moved_on_from_is_still_the_final(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    final = final_pdf(demo, admin)
    report = status_report(demo, admin, final=True)
    edit_later(demo, admin, FINAL_CASE, monkeypatch)
    edit_later(demo, admin, DRAFT_CASE, monkeypatch)
    result = check(demo, READER, final)
    assert result.verdict == "identical" and not result.current
    assert result.advice.startswith("It is the final stored with the case, but the case has "
                                    "changed since")
    assert "authority" in result.advice
    stored_report = check(demo, READER, report)
    assert stored_report.verdict == "identical" and not stored_report.current
    assert "authority" not in stored_report.advice  # a status report goes to no authority
    assert stored_report.advice.endswith("generate a new final for a current copy.")


def test_a_paper_copy_is_told_to_compare_its_pages_once(demo: Database, admin: Actor) -> None:
    claim = read_pdf_claim(final_pdf(demo, admin))
    assert claim is not None
    result = paper(demo, READER, reference=FINAL_CASE, fingerprint=claim.fingerprint)
    assert result.verdict == "stored_final" and result.current
    assert result.text.count("compare its pages") == 1
    assert "its fingerprint was checked, not its pages" in result.text


def test_a_case_not_here_is_not_sent_to_a_review_pack(demo: Database, admin: Actor) -> None:
    """The advice said "or import that case's review pack here first", but a review pack
    opened here holds the case for review, and the check still finds no case (walked:
    `review open` of AP-2026-0009's pack, then `filing check` of its final: unknown_case)."""
    pdf = draft_pdf(demo, admin).replace(DRAFT_CASE.encode(), b"AP-2099-0003")
    result = check(demo, READER, pdf)
    assert result.verdict == "unknown_case"
    assert "import" not in result.advice
    assert result.advice == ("Check it on the installation that holds case AP-2099-0003 (a "
                             "review pack opened here is not enough: the check needs the "
                             "case itself).")


def test_a_restricted_final_is_compared_by_someone_who_may_open_it(
        demo: Database, admin: Actor, fast_hash: None) -> None:
    """"Use the stored final itself (the Documents tab)" told a reader to open a final
    restricted away from them."""
    pdf = final_pdf(demo, admin)
    claim = read_pdf_claim(pdf)
    assert claim is not None
    with demo.session() as s:
        create_user(s, actor=admin, username="olga", password="correct horse battery",
                    roles=["preparer"])
        doc_id = check_filing(s, actor=admin, source=pdf).stored_final.document_id  # type: ignore[union-attr]
        set_restriction(s, actor=Actor("olga", ("preparer",)), document_id=doc_id,
                        restricted=True, allowed_users=["olga"])
    # Re-saved by another program: the same content, not the same file.
    resaved = check(demo, READER, pdf + b"\n% re-saved\n")
    assert resaved.verdict == "stored_final" and not resaved.stored_final.may_open  # type: ignore[union-attr]
    assert "you may not open it; ask someone who may" in resaved.advice
    assert "use the stored final itself" not in resaved.advice
    on_paper = paper(demo, READER, reference=FINAL_CASE, fingerprint=claim.fingerprint)
    assert on_paper.current and "it is restricted: ask someone who may open it" in on_paper.advice
    # Someone on the list is told to use it.
    olga = check(demo, Actor("olga", ("preparer",)), pdf + b"\n% re-saved\n")
    assert olga.verdict == "stored_final" and "use the stored final itself" in olga.advice
