"""The names of document types, as the case window's Documents tab shows them.

A document's type is a key (`org_chart`, or a filing kind's code for a stored final);
people read its name: "Post-transaction organisation chart", "US notification". The
names of the attachments a filing needs are data (the `documents.<type>` entries of
resources/filings/forms.json, which services.filings.required_documents offers by kind);
this reads the same entries, so the audit trail's sentences and the filings' attachment
lists say what the windows say.
"""

from __future__ import annotations

import json
from functools import lru_cache

from approvals.domain.filing_kinds import kind_titles
from approvals.resources import resource_path


@lru_cache(maxsize=1)
def _attachment_names() -> dict[str, str]:
    data = json.loads(resource_path("filings", "forms.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for code, form in data.items():
        if code.startswith("_"):
            continue
        for path, text_en, *_ in form.get("required", []):
            if path.startswith("documents."):
                names.setdefault(path.partition(".")[2], text_en)
    return names


def document_type_names() -> dict[str, str]:
    """{type: name} of every type with a name: the filing kinds (a stored final is a
    document of its kind) and the attachments their finals need."""
    return {**kind_titles(), **_attachment_names()}


def document_type_name(doc_type: str) -> str:
    """A type's name ("Post-transaction organisation chart"); a type no form names (one
    a script attached, "board_memo") in words, "board memo", as before."""
    return document_type_names().get(doc_type) or doc_type.replace("_", " ")
