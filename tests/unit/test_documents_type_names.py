"""Every document type a workflow table, a filing or the demo can name has a name: the
Documents tab showed `technology-export-contract`, the raw key of the document the
technology export licence waits for."""

from __future__ import annotations

import json

import pytest

from approvals.domain import workflow as wf
from approvals.domain.document_types import (
    EVERYDAY_TYPES,
    NAMED_TYPES,
    document_type_name,
    document_type_names,
    guarded_documents,
)
from approvals.resources import resource_path
from approvals.services.filings import required_documents


def _named_by_the_tables() -> set[str]:
    named: set[str] = set()
    for kind, table in wf.WORKFLOWS.items():
        named |= set(guarded_documents(kind))
        for filing in table.filing_documents:  # the final, and what it needs attached
            named |= {filing, *required_documents(filing)}
    return named


def test_guarded_documents_are_the_tables_documents_guards() -> None:
    assert guarded_documents("CN-TECH-EXPORT") == ("technology-export-contract",)
    assert guarded_documents("CN-FISR") == ()


@pytest.mark.parametrize("doc_type", sorted(_named_by_the_tables()))
def test_every_type_a_workflow_table_names_has_a_name(doc_type: str) -> None:
    assert doc_type in document_type_names(), f"{doc_type} has no name"
    assert document_type_name(doc_type) != doc_type


def test_the_demo_and_the_type_list_name_their_types() -> None:
    script = json.loads(resource_path("demo", "documents.json").read_text(encoding="utf-8"))
    for doc_type in {e["doc_type"] for e in script["documents"] if e.get("doc_type")} \
            | set(EVERYDAY_TYPES):
        assert doc_type in document_type_names(), f"{doc_type} has no name"


def test_the_named_types_have_chinese_names() -> None:
    for doc_type, (english, chinese) in NAMED_TYPES.items():
        assert document_type_name(doc_type) == english
        assert chinese and document_type_name(doc_type, "zh") == chinese
    assert document_type_name("org_chart", "zh") == "交易后组织架构图"
    assert document_type_name("board_memo", "zh") == "Board memo"  # none known: as in English


def test_an_unnamed_key_reads_as_words() -> None:
    assert document_type_name("board-memo") == document_type_name("board_memo") == "Board memo"


def test_a_refused_step_names_the_missing_document() -> None:
    licence = next(t for t in wf.workflow("CN-TECH-EXPORT").transitions
                   if t.name == "grant_licence")
    problems = wf.guard_problems(licence, wf.GuardContext("alice", ("admin",)))
    assert problems == ["attach the signed technology export contract (missing: Technology "
                        "export contract, type technology-export-contract)."]
