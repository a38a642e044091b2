"""The demo enters filing particulars for every case with a Chinese or US track, so its
drafts list only the facts it leaves out on purpose — once, however often it is loaded."""

from __future__ import annotations

import json

import pytest
from sqlmodel import func, select

from approvals.domain.particulars import check_particular
from approvals.filings import layout
from approvals.services.demo import load_demo
from approvals.services.demo_documents import demo_documents
from approvals.services.filings import render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Event, FilingTrack
from tests.conftest import FolderTemplates, load_demo_from_template

LOADER = Actor("root", ("preparer", "reviewer", "approver", "admin"))
KINDS = (("cn-application", "CN-"), ("us-notification", "US-"))


def test_no_demo_draft_lists_particulars_as_missing(db: Database, folder_templates: FolderTemplates,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    load_demo_from_template(folder_templates, db, LOADER)  # the demo, loaded once per session
    # A draft's missing list is decided by compose(), before the pages are laid out; the
    # test reads only that list, so the 17 drafts skip the PDF layout (filings' own tests
    # lay drafts out).
    # (services.filings imports it from the layout when a PDF is made)
    monkeypatch.setattr(layout, "build_pdf", lambda _document, progress=None: (b"", 0))
    drafts = 0
    with db.read_session() as session:
        for case in session.exec(select(Case)).all():
            regimes = session.exec(select(FilingTrack.regime)
                                   .where(FilingTrack.case_id == case.id)).all()
            for kind, prefix in KINDS:
                if not any(r.startswith(prefix) for r in regimes):
                    continue
                draft = render_filing(session=session, reference=case.reference, kind=kind,
                                      actor=LOADER)
                drafts += 1
                demo_ref = json.loads(case.facts)["reference"]
                assert not [p for p in draft.missing if p.startswith("particulars.")], \
                    (demo_ref, kind, draft.missing)
    assert drafts >= 15  # 9 cases with a Chinese track, 8 with a US one (as loaded today)


def test_demo_particulars_are_valid_and_chinese_for_chinese_applicants() -> None:
    for demo_ref, sections in demo_documents()["particulars"].items():
        for section, fields in sections.items():
            for name, value in fields.items():
                assert value.strip(), (demo_ref, section, name)
                assert check_particular(section, name, value) is None, (demo_ref, section, name)
            for email in (v for k, v in fields.items() if k.endswith("email")):
                assert email.endswith(".example"), email
        applicant = sections.get("applicant")
        if applicant:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in applicant["legal_representative"])
            assert any("\u4e00" <= ch <= "\u9fff" for ch in applicant["contact_name"])


def test_loading_again_enters_no_particulars_again(db: Database,
                                                   folder_templates: FolderTemplates) -> None:
    def changes() -> int:
        with db.read_session() as session:
            return session.exec(select(func.count()).select_from(Event)
                                .where(Event.action == "case.particulars_changed")).one()

    load_demo_from_template(folder_templates, db, LOADER)  # the first load: the session's copy
    first = changes()
    assert first == len(demo_documents()["particulars"])
    with db.session() as session:
        load_demo(session, actor=LOADER)
    assert changes() == first
