"""The names of document types, as the case window's Documents tab shows them.

A document's type is a key (`org_chart`, or a filing kind's code for a stored final);
people read its name: "Post-transaction organisation chart", "US notification". The
names of the attachments a filing needs are data (the `documents.<type>` entries of
resources/filings/forms.json, which services.filings.required_documents offers by kind);
this reads the same entries, so the audit trail's sentences and the filings' attachment
lists say what the windows say. The types a workflow's guards ask for (the signed
technology export contract a licence waits for) and those an officer attaches in the
ordinary course of a filing (the authority's receipt and decision) are named here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from approvals.domain.filing_kinds import kind_title, kind_titles, printed_title
from approvals.resources import resource_path

# {type: (English, Chinese)}: every type a workflow table's `documents` guard names must
# be here (tests/unit/test_documents_type_names.py walks the tables), besides the
# everyday papers of a filing, which the Type list offers on every case.
NAMED_TYPES: dict[str, tuple[str, str]] = {
    "technology-export-contract": ("Technology export contract", "技术出口合同"),
    "filing-receipt": ("Authority's filing receipt", "主管机关申报回执"),
    "authority-decision": ("Authority's decision", "主管机关决定书"),
    "data-export-self-assessment": ("Data export risk self-assessment", "数据出境风险自评估报告"),
    "kyc": ("Identity documents (KYC)", "身份证明文件"),
}
# Offered in the Type list on every case, after what its tracks need. Both come from
# the authority: no filing lists them among its attachments (submitted_with_filing).
EVERYDAY_TYPES: tuple[str, ...] = ("filing-receipt", "authority-decision")
# A scanned, signed paper copy of a filing (what went to the authority with the ink on
# it): a type of its own, `signed-cn-application`. The filing kind's own type is the app's
# stored final, which only Generate filing… stores: a scan attached under it ticked the
# checklist's "Chinese application" as if the final were stored.
SIGNED_COPY_PREFIX = "signed-"
# The Chinese of the forms' attachments where forms.json gives none.
_ATTACHMENT_ZH = {"org_chart": "交易后组织架构图"}


@lru_cache(maxsize=1)
def _attachment_names() -> dict[str, tuple[str, str]]:
    data = json.loads(resource_path("filings", "forms.json").read_text(encoding="utf-8"))
    names: dict[str, tuple[str, str]] = {}
    for code, form in data.items():
        if code.startswith("_"):
            continue
        for path, text_en, *rest in form.get("required", []):
            if path.startswith("documents."):
                key = path.partition(".")[2]
                text_zh = (rest[0] if rest else None) or _ATTACHMENT_ZH.get(key, "")
                names.setdefault(key, (text_en, text_zh))
    return names


def document_type_names() -> dict[str, str]:
    """{type: name} of every type with a name: the filing kinds (a stored final is a
    document of its kind), their signed copies, the attachments their finals need and
    NAMED_TYPES."""
    return dict(_type_names(tuple(kind_titles().items())))


@lru_cache(maxsize=4)
def _type_names(titles: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    """document_type_names for the kinds' `titles`, made once: the Documents tab names
    every row's type, and remade for each it took a tenth of a second of a large case."""
    return MappingProxyType({
        **dict(titles),
        **{signed_copy_type(k): f"{title} (signed copy)" for k, title in titles},
        **{k: en for k, (en, _zh) in NAMED_TYPES.items()},
        **{k: en for k, (en, _zh) in _attachment_names().items()}})


def signed_copy_type(kind: str) -> str:
    """The type of a signed paper copy of a `kind` filing: "signed-cn-application"."""
    return SIGNED_COPY_PREFIX + kind


def signed_copy_of(doc_type: str) -> str:
    """The filing kind `doc_type` is a signed copy of ("cn-application"), or ''."""
    kind = doc_type.removeprefix(SIGNED_COPY_PREFIX)
    return kind if kind != doc_type and kind in kind_titles() else ""


def submitted_with_filing(doc_type: str) -> bool:
    """Whether a document of `doc_type` is one a filing submits as an attachment: not
    what the authority sent back (its receipt, its decision), nor a signed paper copy of
    a filing (the filing itself)."""
    return doc_type not in EVERYDAY_TYPES and not signed_copy_of(doc_type)


def is_filing_kind(doc_type: str) -> bool:
    """Whether `doc_type` is a filing kind's code: the type of the app's stored finals."""
    return doc_type in kind_titles()


def evidence_type(doc_type: str, is_rendering: bool) -> str:
    """What a document in force counts as for the checklist and the workflow's guards: its
    type; but a filing kind's type only for the stored final itself. An ordinary file
    under that type (attached before it was refused) counts as nothing: a scan does not
    make the final the app stores, checks and prints the fingerprint of."""
    return "" if is_filing_kind(doc_type) and not is_rendering else doc_type


# A type is a name, not a description: longer, it cannot be shown in a list's cell.
MAX_TYPE = 100


def type_problem(doc_type: str) -> str:
    """Why an ordinary file may not be given `doc_type` ('' when it may): a filing kind's
    code, or its name ("Chinese application"), is kept for the final Generate filing…
    stores (the Type list offers the signed copy instead); and a type is at most MAX_TYPE
    characters. Said at the Type box before a file is copied, and by the service."""
    if len(doc_type) > MAX_TYPE:
        return (f"A type is at most {MAX_TYPE} characters, a name rather than a description "
                f"(this one has {len(doc_type):,}); say more in the reason.")
    wanted = doc_type.strip().casefold()
    kind = next((k for k, title in kind_titles().items()
                 if wanted in (k.casefold(), title.casefold())), "")
    if not kind:
        return ""
    title = kind_title(kind)
    return (f"“{title}” is the type of the final filing the app stores (Generate filing… "
            f"with “Final (stored with the case)”), which no attached file can stand in "
            f"for. A scanned or signed copy is attached as “{title} (signed copy)” (type "
            f"{signed_copy_type(kind)}).")


def unnamed_type_words(doc_type: str) -> str:
    """A type nothing names, as the Documents tab and the filings print it: a key (one a
    script attached, "board_memo") in words with a capital, "Board memo", as the named
    types read ("Board minutes" beside "board memo" read as two kinds of thing); a label an
    officer typed ("Sino-US JV agreement", "KYC pack") as typed: its hyphens are words'."""
    if doc_type != doc_type.lower() or any(ch.isspace() for ch in doc_type):
        return doc_type
    words = doc_type.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def document_type_name(doc_type: str, lang: str = "en") -> str:
    """A type's name ("Post-transaction organisation chart"; with lang="zh" its Chinese
    name where one is known, else the English); a type nothing names in words
    (unnamed_type_words): "board_memo" as "Board memo"."""
    if lang == "zh":
        zh = (_attachment_names().get(doc_type) or NAMED_TYPES.get(doc_type) or ("", ""))[1]
        if not zh and doc_type in kind_titles():
            zh = printed_title(doc_type)[1]
        if not zh and (kind := signed_copy_of(doc_type)) and printed_title(kind)[1]:
            zh = printed_title(kind)[1] + "（签署版）"
        if zh:
            return zh
    return _type_names(tuple(kind_titles().items())).get(doc_type) \
        or unnamed_type_words(doc_type)


def guarded_documents(kind: str) -> tuple[str, ...]:
    """The document types a step of the `kind` workflow waits for (its `documents`
    guards: the signed technology export contract a licence needs), in table order; the
    case window's checklist lists them with what the filing needs."""
    return tuple(guarding_steps(kind))


def guarding_steps(kind: str) -> dict[str, tuple[str, ...]]:
    """{document type: the names of the `kind` workflow's steps that wait for it}
    ("technology-export-contract": ("Licence issued (after the contract)",)), in table
    order: the checklist says what a missing paper holds up."""
    # Here, not at the top: the workflow tables name documents by these names.
    from approvals.domain import workflow as wf

    found: dict[str, tuple[str, ...]] = {}
    for transition in wf.workflow(kind).transitions:
        for guard in transition.guards:
            if guard.kind == "documents":
                for doc_type in guard.values:
                    steps = found.get(doc_type, ())
                    if transition.label not in steps:
                        found[doc_type] = (*steps, transition.label)
    return found
