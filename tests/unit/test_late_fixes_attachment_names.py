"""An attachment is called by the name the case window's Documents tab gives its type
("Post-transaction organisation chart"), not by its raw key ("org chart"), in the audit
trail's sentences and in the filings' attachment lists."""

from __future__ import annotations

import io
import re

import pypdf

from approvals.domain.document_types import document_type_name, document_type_names
from approvals.domain.event_text import EventFacts, event_sentence
from approvals.domain.filing_kinds import kind_titles
from approvals.filings import content as c
from approvals.filings.common import attachments_table
from approvals.filings.data import Attachment
from approvals.services.filings import KINDS, render_filing, required_documents
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.filings_seed import FAKE_SHA, load, seed_case

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
CHART = "Post-transaction organisation chart"


def test_the_names_are_those_the_documents_tab_offers() -> None:
    names = document_type_names()
    for kind in KINDS:  # services.filings.required_documents, as case_documents.document_names
        for doc_type, name in required_documents(kind).items():
            assert names[doc_type] == name
    assert names["org_chart"] == CHART
    for code, title in kind_titles().items():  # a stored final is a document of its kind
        assert names[code] == title
    assert document_type_name("board_memo") == "Board memo"  # no form names it


def _attached(doc_type: str) -> str:
    return event_sentence(EventFacts(
        action="document.attached", entity_id="7",
        new={"file_name": "chart.pdf", "doc_type": doc_type, "size": 88_120,
             "sha256": "ab" * 32, "restricted": False, "allowed_users": []}))


def test_the_attach_event_names_the_type() -> None:
    assert _attached("org_chart") == (
        f"document 'chart.pdf' attached ({CHART}), 88,120 bytes, SHA-256 abababababababab…")
    assert "(US notification)" in _attached("us-notification")
    assert "(Transaction agreement)" in _attached("transaction_agreement")
    assert "(" not in _attached("").partition(",")[0]  # no type, no brackets


class _Data:
    """The part of FilingData the attachments table reads."""

    def __init__(self, *attachments: Attachment) -> None:
        self.attachments = attachments

    def attachments_for(self, tracks: object) -> tuple[Attachment, ...]:
        return self.attachments


def test_the_attachments_table_names_the_type() -> None:
    table = attachments_table(_Data(  # type: ignore[arg-type]
        Attachment("org.pdf", FAKE_SHA, 10, "org_chart", "2026-01-01T00:00:00Z"),
        Attachment("memo.pdf", FAKE_SHA, 10, "board_memo", "2026-01-01T00:00:00Z"),
        Attachment("plain.pdf", FAKE_SHA, 10, "", "2026-01-01T00:00:00Z")), bilingual=True)
    assert isinstance(table, c.Table)
    # Bilingual (the Chinese application): the Chinese name first, where the type has one.
    assert [row[1] for row in table.rows] == [f"org.pdf\n(交易后组织架构图 / {CHART})",
                                              "memo.pdf\n(Board memo)", "plain.pdf"]


def _text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pages))


def test_the_filings_list_the_chart_by_its_name(db: Database) -> None:
    with db.session() as session:
        refs = load(session, ADMIN, only=("DEMO-02",))
        seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"], complete=True)
    for kind in ("us-notification", "cn-application"):
        with db.read_session() as session:
            pdf = render_filing(session=session, reference=refs["DEMO-02"], kind=kind,
                                actor=ADMIN).pdf
        text = _text(pdf)
        chinese = "交易后组织架构图/" if kind == "cn-application" else ""
        assert "org-chart-post-closing.pdf(" + chinese + CHART.replace(" ", "") + ")" in text, kind
        assert "(orgchart)" not in text
