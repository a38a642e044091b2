"""The facts fields by name, in English and Simplified Chinese.

One list, as data (resources/filings/labels.json `fields`), for every place that names a
facts field to an officer: the wizard's summary and review, the filings' missing-information
box and determinations, the status report. A field of the summary is named "label
(section)" ("Unified Social Credit Code (Target company)", "统一社会信用代码（目标公司）"),
its label in English being the one on the wizard's form (which reads it here:
form_label); a part of a named field by the field's name and the part's ("Amount (Deal)
— currency"); a path the list does not know is its own name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from approvals.domain.places import known_place_name
from approvals.resources import label_data

Lang = Literal["en", "zh"]
_INDEX = {"en": 0, "zh": 1}


@dataclass(frozen=True)
class Section:
    """A section of the wizard's summary: its title and its fields (path, label), in order."""

    title: tuple[str, str]  # (English, Chinese)
    fields: tuple[tuple[str, tuple[str, str]], ...]


def _pair(value: Any, where: str) -> tuple[str, str]:
    # Checked on reading: a malformed entry must fail loudly, not print as a blank name.
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, str) and v.strip() for v in value)):
        raise ValueError(f"labels.json fields: {where} must be [English, Chinese], both non-empty")
    return value[0], value[1]


@lru_cache(maxsize=1)
def sections() -> tuple[Section, ...]:
    """The wizard's summary sections, in its order."""
    return tuple(
        Section(_pair(s["title"], "a section title"),
                tuple((path, _pair(pair, path)) for path, pair in s["fields"].items()))
        for s in label_data()["fields"]["sections"])


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, str]]:
    data = label_data()["fields"]
    names = {"reference": _pair(data["reference"], "reference")}
    for section in sections():
        sec_en, sec_zh = section.title
        for path, (en, zh) in section.fields:
            names[path] = (f"{en} ({sec_en})", f"{zh}（{sec_zh}）")
    for path, pair in data.get("other", {}).items():
        if path in names:
            raise ValueError(f"labels.json fields: {path} is named twice")
        names[path] = _pair(pair, path)
    return names


def named_paths() -> tuple[str, ...]:
    """Every facts path the list names: the reference, the summary's fields, the others."""
    return tuple(_names())


def summary_paths() -> tuple[str, ...]:
    """The reference and the summary's fields, in the wizard's order."""
    return ("reference", *(path for s in sections() for path, _ in s.fields))


@lru_cache(maxsize=1)
def _on_form() -> dict[str, tuple[str, str]]:
    data = label_data()["fields"].get("on_form", {})
    return {path: _pair(pair, f"on_form {path}") for path, pair in data.items()
            if not path.startswith("_")}


def form_label(path: str) -> str:
    """The label of a facts field on the wizard's form, in English: its name within its
    section ("Unified Social Credit Code"; the page is the section), or the form's own
    words where it speaks to the officer ("Your reference"). The form reads every label
    here, so a field is named in one place. KeyError for a path that is no field."""
    if path in _on_form():
        return _on_form()[path][0]
    for section in sections():
        for field_path, (en, _zh) in section.fields:
            if field_path == path:
                return en
    raise KeyError(f"labels.json fields: {path} is no field of the form")


def _lang(lang: str) -> int:
    try:
        return _INDEX[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}: 'en' or 'zh'") from None


def fact_label(path: str, lang: Lang = "en") -> str:
    """The officer's name of a facts path ("Unified Social Credit Code (Target
    company)"; in Chinese "统一社会信用代码（目标公司）"); a part of a named field after
    the field's name ("Amount (Deal) — currency"); a path the list does not know, the
    path itself."""
    i = _lang(lang)
    names = _names()
    if path in names:
        return names[path][i]
    parent, _, part = path.rpartition(".")
    if parent in names:
        return f"{names[parent][i]} — {part.replace('_', ' ')}"
    return path


@lru_cache(maxsize=2)
def _short_names(i: int) -> dict[str, str]:
    # A label alone where no other section's field has it; two sections' fields of one
    # label ("中国境内营业额（人民币）" of the target and of the investor) keep the section.
    counts: dict[str, int] = {}
    for section in sections():
        for _, pair in section.fields:
            counts[pair[i]] = counts.get(pair[i], 0) + 1
    return {path: pair[i] for section in sections() for path, pair in section.fields
            if counts[pair[i]] == 1}


def field_name(path: str, lang: Lang = "en") -> str:
    """The shortest name that still names one field: its label without the section
    ("是否取得实际控制权") unless another section has a field of that label ("中国境内营业额
    （人民币）（投资者）"); fact_label otherwise. For sentences that name a field
    ("control not settled: 未提供“是否取得实际控制权”"), where the section reads twice."""
    return _short_names(_lang(lang)).get(path) or fact_label(path, lang)


def is_named(path: str) -> bool:
    """Whether fact_label gives `path` a name rather than the path itself."""
    return fact_label(path) != path


def fact_label_both(path: str) -> str:
    """'Chinese / English', as the bilingual filings pair their words; the path alone
    when the list does not name it."""
    en, zh = fact_label(path), fact_label(path, "zh")
    return en if en == zh else f"{zh} / {en}"


def with_path(path: str, name: str) -> str:
    """'name [path]', the key after the words so it can be found in a facts file (as the
    app's refused-final message writes it); the path alone when it has no other name."""
    return path if name == path else f"{name} [{path}]"


def fact_named(path: str) -> str:
    """A facts path by its name with the path after it ("Board seats (Deal)
    [deal.board_seats]"): a window's reader knows the name, a script the path."""
    return with_path(path, fact_label(path))


# Facts whose values are codes, by the group of labels.json that names them.
_CODED = {
    "target.activities": "activities",
    "target.security_sectors": "security_sectors",
    "target.ai.end_uses": "end_uses",
    "investor.kind": "investor_kinds",
    "deal.instrument": "instruments",
}
_COMPUTE = "target.ai.max_training_compute_ops"
_PLACES = frozenset({"target.jurisdiction", "target.headquarters", "investor.jurisdiction"})
NOT_STATED = "not stated"


def coded_paths() -> tuple[str, ...]:
    """The facts fields whose values are codes named in labels.json (the wizard's
    choices: activities, sectors, end uses, investor kind, instrument)."""
    return tuple(_CODED)


def choice_name(path: str, code: str, lang: Lang = "en") -> str:
    """The name of one choice of a coded field ("deal.instrument", "equity" → "Equity
    acquisition"): labels.json's, which the wizard, the filings, the change history and
    the case view all show; the code itself when the list has no name for it."""
    names = label_data().get(_CODED.get(path, ""), {})
    return str(names[code][_lang(lang)]) if code in names else code


def fact_value_text(path: str, value: Any) -> str:
    """A fact's value as the officer reads it: codes by their names (AI model
    development), Yes / No, a place with its name (KY (Cayman Islands)), an amount with
    its currency, whole numbers in thousands, an empty list as "none" and a fact not
    given as "not stated" (the audit trail keeps the value itself)."""
    if value is None:
        return NOT_STATED
    if isinstance(value, bool):
        return label_data()["booleans"]["true" if value else "false"][0]
    names = label_data().get(_CODED.get(path, ""), {})
    if isinstance(value, list):
        return ", ".join(str(names.get(v, [v])[0]) if isinstance(v, str) else str(v)
                         for v in value) or "none"
    if isinstance(value, dict) and "value" in value:  # an amount
        currency = value.get("currency")
        figure = fact_value_text(path + ".value", value.get("value"))
        return f"{currency} {figure}" if currency else figure
    if path == _COMPUTE and isinstance(value, int | float):
        # As the screening's reasons write it (2.4 × 10²⁵); imported here, as screening
        # names its fields through this module.
        from approvals.domain.numbers import prose
        from approvals.domain.screening import operations_text
        return prose(operations_text(value))
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,}" if value.is_integer() and abs(value) < 1e15 else str(value)
    if isinstance(value, str):
        if value in names:
            return str(names[value][0])
        if path in _PLACES and (name := known_place_name(value)):
            return f"{value} ({name})"
        return value if value else '""'
    return str(value)


def fact_change_text(path: str, old: Any, new: Any) -> str:
    """A fact's change old → new, each value as fact_value_text writes it."""
    return f"{fact_value_text(path, old)} → {fact_value_text(path, new)}"
