"""The missing box of a draft names a document the filing needs by the name the Documents
tab shows it under, also where the form gives the type no words of its own (an entry with
an empty name, or its key again): "Board memo", not an empty name or "board_memo"."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from approvals.filings import common, compose
from tests.unit.test_filing_content_version import NOW, synthetic_case


def _forms_with(entries: list[list[Any]]) -> dict[str, Any]:
    forms = copy.deepcopy(common.forms())
    forms["cn-application"]["required"].extend(entries)
    return forms


@pytest.mark.parametrize("words", ["", None, "board_memo"])
def test_a_document_type_the_form_does_not_name_reads_as_on_the_documents_tab(
        monkeypatch: pytest.MonkeyPatch, words: str | None) -> None:
    forms = _forms_with([["documents.board_memo", words, None]])
    monkeypatch.setattr(common, "forms", lambda: forms)
    missing = dict(common.missing_fields("cn-application", synthetic_case()))
    assert missing["documents.board_memo"] == \
        "Board memo (attach it on the Documents tab)"


def test_the_draft_prints_it_in_its_missing_box(monkeypatch: pytest.MonkeyPatch) -> None:
    forms = _forms_with([["documents.board_memo", "", None]])
    monkeypatch.setattr(common, "forms", lambda: forms)
    document, missing = compose(synthetic_case(), "cn-application", final=False, now=NOW)
    line = dict(missing)["documents.board_memo"]
    assert line.startswith("Board memo (")
    assert line in repr(document)


def test_a_named_document_keeps_the_forms_words() -> None:
    data = synthetic_case()
    data = type(data)(**{**data.__dict__, "attachments": ()})
    missing = dict(common.missing_fields("us-notification", data))
    assert missing["documents.org_chart"].startswith("Post-transaction organisation chart (")
