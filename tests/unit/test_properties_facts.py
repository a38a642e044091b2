"""Properties of the facts contract (domain.facts): any facts the schema allows parse,
serialise and parse again to the same facts; any JSON at all is either facts or an
InputError whose problems name a field path; a bad value put anywhere is reported at its
own field."""

from __future__ import annotations

import json
import string
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from stdnum.cn import uscc
from stdnum.iso7064 import mod_97_10

from approvals.domain.errors import InputError
from approvals.domain.facts import (
    ACTIVITIES,
    END_USES,
    INSTRUMENTS,
    INVESTOR_KINDS,
    SECURITY_SECTORS,
    decode_json,
    parse_facts,
    parse_facts_text,
    schema_problems,
)
from approvals.domain.typed_input import name_text

USCC_TAIL = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@st.composite
def usccs(draw: st.DrawFn) -> str:
    body = "91" + draw(st.text(string.digits, min_size=6, max_size=6)) + draw(
        st.text(USCC_TAIL, min_size=9, max_size=9))
    return body + uscc.calc_check_digit(body)


@st.composite
def leis(draw: st.DrawFn) -> str:
    body = draw(st.text(string.digits + string.ascii_uppercase, min_size=18, max_size=18))
    return body + mod_97_10.calc_check_digits(body)


# Without half surrogate pairs and control characters (NUL, U+000B), which a facts file's
# texts may not hold (facts.control_character_problems): refused, as tested elsewhere.
_printable = st.characters(exclude_categories=("Cs", "Cc"))
texts = st.text(_printable, max_size=12)
# A required name and a list's item have something to read (facts.blank_text_problems).
names = texts.filter(name_text)
items = names
places = st.sampled_from(["CN", "HK", "MO", "US", "SG", "cn", " us ", "China", ""])
non_negative = st.integers(0, 10**30) | st.floats(0, 1e30, allow_nan=False)
# Money and head-counts: at most 15 digits before the point (facts.figure_size_problems).
money = st.integers(0, 10**15 - 1) | st.floats(0, 1e15, exclude_max=True)
counts = st.integers(0, 10**9)
dates = st.dates().map(lambda d: d.isoformat())


def unique_list(codes: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(codes), unique=True, max_size=4)


def facts_documents_of(*, complete: bool = False, for_screening: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Facts documents as the schema allows them; `complete`: every field given (no null,
    nothing left out), as the facts of a case once everything is known; `for_screening`:
    fixed names, codes and texts (which no rule reads), so that examples come cheaper."""
    names_, texts_, items_ = ((st.just("Example"), st.just(""), st.just("Item")) if for_screening
                              else (names, texts, items))
    usccs_, leis_ = ((st.just("9111000072HD1TJ3YN"), st.just("549300JSIOM1TMA7V337")) if for_screening
                     else (usccs(), leis()))
    dates_ = st.just("2026-01-01") if for_screening else dates

    def nullable(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return strategy if complete else st.none() | strategy

    def fields(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        if complete:
            return st.fixed_dictionaries({**required, **optional})
        return st.fixed_dictionaries(required, optional=optional)

    turnover = nullable(fields({}, {"china": nullable(money), "worldwide": nullable(money)}))
    ai = nullable(fields({}, {
        "develops_ai_system": nullable(st.booleans()),
        "max_training_compute_ops": nullable(non_negative),
        "primarily_biological_sequence_data": nullable(st.booleans()),
        "end_uses": unique_list(END_USES),
        "trained_on_us_model_outputs": nullable(st.booleans()),
        "us_models_used": st.lists(items_, max_size=3),
    }))
    target = fields({"name_en": names_}, {
        "name_zh": nullable(texts_),
        "uscc": nullable(usccs_),
        "jurisdiction": nullable(places),
        "headquarters": nullable(places),
        "leading_tech_enterprise": nullable(st.booleans()),
        "activities": unique_list(ACTIVITIES),
        "security_sectors": unique_list(SECURITY_SECTORS),
        "ai": ai,
        "turnover_cny": turnover,
    })
    investor = fields({"name": names_}, {
        "lei": nullable(leis_),
        "us_person": nullable(st.booleans()),
        "kind": nullable(st.sampled_from(INVESTOR_KINDS)),
        "jurisdiction": nullable(places),
        "ultimate_parent": nullable(texts_),
        "turnover_cny": turnover,
    })
    deal = fields({"instrument": st.sampled_from(INSTRUMENTS)}, {
        "amount": nullable(st.fixed_dictionaries({
            "value": st.integers(1, 10**15 - 1) | st.floats(1e-6, 1e15, exclude_max=True),
            "currency": st.sampled_from(["USD", "CNY", "HKD", "EUR"]),
        })),
        "lp_commitment_usd": nullable(money),
        "stake_after_pct": nullable(st.integers(0, 100) | st.floats(0, 100)),
        "board_seats": nullable(st.integers(0, 20)),
        "veto_rights": nullable(st.booleans()),
        "acquires_control": nullable(st.booleans()),
        "technology_transfer": nullable(fields({}, {
            "transfers": nullable(st.booleans()),
            "restricted_catalogue_items": st.lists(items_, max_size=3),
            "prohibited_catalogue_items": st.lists(items_, max_size=3),
        })),
        "data_export": nullable(fields({}, {
            name: nullable(counts) for name in (
                "pi_subjects_processed", "pi_subjects_current_year",
                "sensitive_pi_subjects_current_year", "pi_subjects_since_previous_year",
                "sensitive_pi_subjects_since_previous_year")
        } | {"cii_operator": nullable(st.booleans()), "important_data": nullable(st.booleans())})),
        "signing_date": nullable(dates_),
        "expected_completion_date": nullable(dates_),
        "commercial_rationale": nullable(texts_),
    })
    return fields({"schema_version": st.just(1), "target": target, "investor": investor, "deal": deal},
                  {"reference": texts_})


facts_documents = facts_documents_of()

# Text as JSON can carry it: "\ud800" decodes to half a surrogate pair, which st.text()
# alone never generates.
json_strings = st.text() | st.text(st.characters(categories=["Cs", "Lo", "Nd"]), max_size=4)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | json_strings,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(json_strings, inner, max_size=4),
    max_leaves=20,
)


def json_path(parts: tuple[str | int, ...]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def paths(doc: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every key and list position in a document, outermost first."""
    found: list[tuple[str | int, ...]] = []
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for key, value in items:
        found += [(*prefix, key), *paths(value, (*prefix, key))]
    return found


def example_facts(**target: Any) -> dict[str, Any]:
    return {"schema_version": 1, "target": {"name_en": "Example AI", **target},
            "investor": {"name": "Example Fund"}, "deal": {"instrument": "equity"}}


@given(facts_documents)
def test_facts_the_schema_allows_parse_serialise_and_parse_the_same(document: dict[str, Any]) -> None:
    assert schema_problems(document) == []
    facts = parse_facts(document)
    written = facts.to_json_dict()
    assert schema_problems(written) == []  # what the app writes, the contract allows
    again = parse_facts(written)
    assert again == facts
    assert again.to_json_dict() == written
    assert parse_facts_text(facts.to_json()) == facts
    assert parse_facts(json.loads(json.dumps(document))) == facts


def nested(depth: int) -> list[Any]:
    """[[[...]]]: arrays `depth` deep."""
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@given(json_values)
@example({"": 1})  # an unknown key "" was reported with no path at all
@example({**example_facts(), "target": {"name_en": "x", " uscc": "1"}})
def test_any_json_is_facts_or_an_input_error_naming_fields(document: Any) -> None:
    try:
        parse_facts(document)
    except InputError as exc:
        assert exc.problems and all(p.path and p.message for p in exc.problems), exc.problems


@given(st.integers(1, 3000), st.sampled_from(["target", "reference", "extra", "deal"]))
@example(5000, "target")  # a file nested 600 deep decodes, then checking it recursed: RecursionError
def test_arrays_nested_at_any_depth_are_an_input_error_at_their_field(depth: int, where: str) -> None:
    document = {"schema_version": 1, "target": {"name_en": "T"}, "investor": {"name": "I"},
                "deal": {"instrument": "equity"}}
    document[where] = nested(depth)
    with pytest.raises(InputError) as refused:
        parse_facts(document)
    paths = [p.path for p in refused.value.problems]
    # Named at the field; or, deeper than a message can quote, as the document's problem.
    assert where in paths or (depth > 200 and paths == ["(document)"]), paths


@given(st.text() | json_values.map(json.dumps))
def test_any_text_is_facts_or_an_input_error_naming_where(text: str) -> None:
    try:
        decode_json(text, source="facts.json")
        parse_facts_text(text, source="facts.json")
    except InputError as exc:
        assert exc.problems and all(p.path for p in exc.problems), exc.problems


@given(facts_documents, st.data())
def test_a_bad_value_anywhere_is_reported_at_its_field(document: dict[str, Any], data: st.DataObject) -> None:
    where = data.draw(st.sampled_from(paths(document)))
    replacement = data.draw(json_values)
    node = document
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = replacement
    try:
        parse_facts(document)
    except InputError as exc:
        # The problem names the field replaced, a field inside what was put there, or the
        # section that now lacks a required field.
        path = json_path(where)
        assert any(p.path.startswith(path) or path.startswith(p.path) for p in exc.problems), (
            path, exc.problems)


@given(usccs(), leis(), st.lists(st.sampled_from([" ", "-", "\n", "\u200b", "\u00a0", "\t"]), max_size=3),
       st.booleans(), st.data())
@example("9111000072HD1TJ3YN", "549300JSIOM1TMA7V337", ["\n"], False, None)  # a line break inside
@example("9111000072HD1TJ3YN", "549300JSIOM1TMA7V337", ["\u200b"], False, None)  # a web page's ZWSP
def test_a_valid_code_pasted_with_separators_is_stored_as_the_code(
    code: str, lei: str, separators: list[str], lower: bool, data: st.DataObject | None,
) -> None:
    """USCC and LEI as pasted from a register or a web page: spaces, hyphens, line breaks
    and zero-width characters inside, lower case, are the same code (identifiers.normalise)."""
    def pasted(value: str) -> str:
        for sep in separators:
            at = data.draw(st.integers(1, len(value) - 1)) if data else len(value) // 2
            value = value[:at] + sep + value[at:]
        return value.lower() if lower else value

    document = example_facts(uscc=pasted(code))
    document["investor"]["lei"] = pasted(lei)
    facts = parse_facts(document)
    assert (facts.target.uscc, facts.investor.lei) == (code, lei)


@given(usccs(), st.integers(0, 17), st.sampled_from(USCC_TAIL))
def test_a_mistyped_code_is_refused_at_its_field(code: str, at: int, char: str) -> None:
    """One character changed is always caught (GB 32100's weights are all prime to 31) and
    reported at the field, never stored."""
    typo = code[:at] + char + code[at + 1:]
    if typo == code:
        return
    with pytest.raises(InputError) as caught:
        parse_facts(example_facts(uscc=typo))
    assert [p.path for p in caught.value.problems] == ["target.uscc"]
