"""The screening reasons name the facts' codes as resources/filings/labels.json does (the
wizard, the case window, the change history and the filings): one vocabulary, in English
(lower-case mid-sentence) and in Chinese."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.rulebook import default_rulebook
from approvals.domain.screening import PARAMETER_FIELDS, code_name, screen
from approvals.resources import label_data
from tests.unit.test_screening import AS_OF, facts_with

# The labels.json group that names each coded fact (read here, not from the code under test).
_GROUPS = {
    "target.activities": "activities",
    "target.security_sectors": "security_sectors",
    "target.ai.end_uses": "end_uses",
    "deal.instrument": "instruments",
}
# Parameters whose codes the reasons do not name (the rule's own notes are its words).
_NOT_NAMED = {"check_by_hand", "unless"}


def _expected(path: str, code: str) -> tuple[str, str]:
    en, zh = label_data()[_GROUPS[path]][code]
    first = en.split(" ", 1)[0]
    mid = en if len(first) > 1 and first[1:] != first[1:].lower() else en[0].lower() + en[1:]
    return mid, zh


def _listed_codes() -> list[tuple[str, str, str]]:
    """(rule id, facts path, code) for every code a rule in force lists by a parameter."""
    rules = default_rulebook().rules_on(AS_OF, True).rules.values()
    found: dict[tuple[str, str], str] = {}
    for rule in rules:
        for name, value in rule.parameters.items():
            if name not in PARAMETER_FIELDS or name in _NOT_NAMED:
                continue
            for code in value:
                found.setdefault((PARAMETER_FIELDS[name], code), rule.id)
    return [(rule_id, path, code) for (path, code), rule_id in sorted(found.items())]


def _with_code(path: str, code: str) -> dict[str, Any]:
    value: Any = code if path == "deal.instrument" else [code]
    return facts_with({path: value})


@pytest.mark.parametrize(("rule_id", "path", "code"), _listed_codes())
def test_a_reason_names_a_listed_code_as_labels_json_does(rule_id: str, path: str, code: str) -> None:
    result = screen(parse_facts(_with_code(path, code)), AS_OF, True)
    reasons = [r for d in result.determinations for r in d.reasons]
    en, zh = _expected(path, code)
    assert any(en in r.text for r in reasons), (rule_id, en, [r.text for r in reasons])
    assert any(zh in r.text_zh for r in reasons), (rule_id, zh, [r.text_zh for r in reasons])


def test_every_code_has_its_labels_json_name_in_both_languages() -> None:
    for path, group in _GROUPS.items():
        for code in label_data()[group]:
            assert (code_name(path, code), code_name(path, code, "zh")) == _expected(path, code)


def test_a_code_of_two_fields_is_named_by_its_field() -> None:
    # 'military' is a security-review field and an AI end use, named differently in each.
    assert code_name("target.security_sectors", "military").startswith("military industry")
    assert code_name("target.ai.end_uses", "military") == "military end use"
    assert code_name("target.activities", "ai_model_development") == "AI model development"


def test_the_negative_list_keeps_music_excepted_beside_the_name() -> None:
    result = screen(parse_facts(facts_with({"target.activities": ["internet_culture"],
                                             "investor.us_person": False})), AS_OF, True)
    det = result.determination("CN-NEGATIVE-LIST")
    assert det is not None and det.outcome == "prohibited"
    assert any("include internet culture operations (music excepted): prohibited" in r.text for r in det.reasons)
    assert any("互联网文化经营（音乐除外）" in r.text_zh for r in det.reasons)
