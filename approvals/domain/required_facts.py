"""When a fact the filings and the preparation guards require does not apply to a case.

One rule for both: a `required` entry of resources/filings/forms.json may carry a
condition (`applies_when`: {facts path: value}) and what the filing prints instead
(`not_applicable`, English and Chinese, `{place}` naming the value that rules it out); a
`conditional` entry, in the same shape, is a fact a form prints without requiring it (the
catalogue items of a technology transfer, asked only when technology is transferred).
The Unified Social Credit Code exists only for an entity registered in mainland China, so
an offshore holding company (Cayman, BVI, Hong Kong) headquartered in Shanghai has none:
neither Submit for internal review nor the draft application asks for it.

A condition on a fact not yet stated is unknown, and the fact stays required: the form
asks for the place of organisation first.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from approvals.domain.places import place_name, place_zh
from approvals.domain.screening import UNKNOWN_PLACE
from approvals.resources import resource_path


@dataclass(frozen=True)
class Applicability:
    applies_when: Mapping[str, Any]  # facts path -> the value the fact needs there
    not_applicable_en: str
    not_applicable_zh: str


@lru_cache(maxsize=1)
def _conditions() -> dict[str, Applicability]:
    data = json.loads(resource_path("filings", "forms.json").read_text(encoding="utf-8"))
    out: dict[str, Applicability] = {}
    for kind, form in data.items():
        if kind.startswith("_"):
            continue
        # The required facts, and those a form prints only when a condition holds.
        for entry in (*form.get("required", []), *form.get("conditional", [])):
            rule = entry[3] if len(entry) > 3 and isinstance(entry[3], dict) else None
            if rule:
                english, chinese = rule["not_applicable"]
                out[entry[0]] = Applicability(rule["applies_when"], english, chinese)
    return out


def fact_value(facts: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted facts path ("deal.amount.value"); None where any part of it
    is not stated."""
    value: Any = facts
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def blank(value: Any) -> bool:
    """Whether a fact's value is not stated: absent, an empty text, list or object."""
    return value is None or value == "" or value == [] or value == {}


def not_applicable(path: str, facts: Mapping[str, Any]) -> tuple[str, str] | None:
    """(English, Chinese) why the fact at `path` does not apply to these facts (a JSON
    facts mapping), e.g. no USCC for a target organised in the Cayman Islands; None
    when it applies, or when what decides it is not stated yet."""
    rule = _conditions().get(path)
    if rule is None:
        return None
    for condition_path, needed in rule.applies_when.items():
        stated = fact_value(facts, condition_path)
        # XX is a place unknown, as the screening reads it: it rules nothing out.
        if stated not in (None, "", UNKNOWN_PLACE) and stated != needed:
            return (rule.not_applicable_en.format(place=f"{place_name(stated)} ({stated})"),
                    rule.not_applicable_zh.format(place=place_zh(stated)))
    return None
