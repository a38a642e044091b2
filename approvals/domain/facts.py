"""The case facts: a typed model that mirrors `facts.schema.json` exactly.

The JSON schema is the contract (the wizard, `approvals screen`, `approvals case import`
and review packs all exchange it). This model adds types for the code; `parse_facts`
validates against both and reports every problem with its field path, so a bad file is
rejected before anything is written.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import stat
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, TypeGuard, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
)

from approvals.domain.dates import ISO_DATE
from approvals.domain.errors import InputError, Problem
from approvals.domain.identifiers import lei_problem, normalise_lei, normalise_uscc, uscc_problem
from approvals.domain.numbers import kept_figure
from approvals.domain.typed_input import (
    DESCRIPTION_CHARS,
    ITEM_CHARS,
    LIST_ITEMS,
    MONEY_DIGITS,
    NAME_CHARS,
    PLACE_CHARS,
    REFERENCE_CHARS,
    Unreadable,
    character_named,
    control_character_problem,
    currency_problem,
    length_problem,
    name_text,
    quoted,
    read_date,
)
from approvals.resources import resource_path

Activity = Literal[
    "ai_model_development",
    "ai_application",
    "semiconductor_design",
    "semiconductor_fabrication",
    "semiconductor_packaging",
    "quantum_computing",
    "internet_information_services",
    "value_added_telecom",
    "news_information",
    "online_publishing",
    "audio_visual",
    "internet_culture",
    "public_information_release",
    "cloud_idc",
    "data_processing",
    "other",
]
SecuritySector = Literal[
    "military",
    "agriculture",
    "energy_resources",
    "major_equipment",
    "infrastructure",
    "transport",
    "culture",
    "it_internet",
    "finance",
    "key_technologies",
    "other_important",
]
EndUse = Literal[
    "military",
    "government_intelligence",
    "mass_surveillance",
    "cybersecurity",
    "digital_forensics",
    "penetration_testing",
    "robotic_control",
]
InvestorKind = Literal[
    "venture_fund", "private_equity_fund", "corporate", "individual", "sovereign", "other"
]
Instrument = Literal[
    "equity",
    "contingent_equity",
    "convertible_debt",
    "secondary_purchase",
    "joint_venture",
    "greenfield",
    "lp_interest",
    "public_securities",
    "debt",
]

ACTIVITIES: tuple[str, ...] = get_args(Activity)
# The activities that make a target an AI company: the wizard asks its AI profile, the
# screening applies the AI tests, a filing says its profile is not stated without one.
AI_ACTIVITIES = frozenset({"ai_model_development", "ai_application"})
SECURITY_SECTORS: tuple[str, ...] = get_args(SecuritySector)
END_USES: tuple[str, ...] = get_args(EndUse)
INVESTOR_KINDS: tuple[str, ...] = get_args(InvestorKind)
INSTRUMENTS: tuple[str, ...] = get_args(Instrument)

# int | float keeps integers integral when facts are written back out.
Number = int | float
NonNegative = Annotated[Number, Field(ge=0)]


def _integral(value: Any) -> Any:
    # JSON Schema counts 2.0 as an integer, so the contract allows it; keep it an int.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _iso_date(value: Any) -> Any:
    # The contract's dates are "YYYY-MM-DD" strings: not timestamps, not date-times.
    if isinstance(value, datetime) or not isinstance(value, (str, date)):
        raise ValueError("must be a date written YYYY-MM-DD")
    if isinstance(value, str):
        if not ISO_DATE.fullmatch(value):
            raise ValueError("must be a date written YYYY-MM-DD")
        return date.fromisoformat(value)
    return value


def _code(normalise: Any) -> Any:
    # A code checked valid with its spaces, hyphens or lower case (identifier_problems) is
    # stored as the code itself, as the wizard stores it: one spelling for every filing.
    return BeforeValidator(lambda value: normalise(value) if isinstance(value, str) else value)


NonNegativeInt = Annotated[int, BeforeValidator(_integral), Field(ge=0)]
Uscc = Annotated[str, _code(normalise_uscc)]
Lei = Annotated[str, _code(normalise_lei)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class _Strict(BaseModel):
    """Unknown fields and wrong types are errors, as in the schema."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class _WithLists(_Strict):
    """A section with fields the schema allows no null for (arrays, and the names in
    `_NOT_NULLABLE`). An absent one is unknown (None) and is left out of the JSON rather
    than written as a null the schema would refuse; an empty array means "none"."""

    _NOT_NULLABLE: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _leave_out_unknown(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for name in _not_nullable_fields(type(self)):
                if name in data and data[name] is None:
                    del data[name]
        return data


@lru_cache(maxsize=8)
def _not_nullable_fields(model: type[_WithLists]) -> tuple[str, ...]:
    return tuple(
        name for name, info in model.model_fields.items()
        if "list[" in str(info.annotation) or name in model._NOT_NULLABLE
    )


class Turnover(_Strict):
    china: NonNegative | None = None
    worldwide: NonNegative | None = None


class AIProfile(_WithLists):
    develops_ai_system: bool | None = None
    max_training_compute_ops: NonNegative | None = None
    primarily_biological_sequence_data: bool | None = None
    end_uses: list[EndUse] | None = None
    trained_on_us_model_outputs: bool | None = None
    us_models_used: list[str] | None = None


class Target(_WithLists):
    name_en: Annotated[str, Field(min_length=1)]
    name_zh: str | None = None
    uscc: Uscc | None = None
    jurisdiction: str | None = None
    headquarters: str | None = None
    leading_tech_enterprise: bool | None = None
    activities: list[Activity] | None = None
    security_sectors: list[SecuritySector] | None = None
    ai: AIProfile | None = None
    turnover_cny: Turnover | None = None


class Investor(_Strict):
    name: Annotated[str, Field(min_length=1)]
    lei: Lei | None = None
    us_person: bool | None = None
    kind: InvestorKind | None = None
    jurisdiction: str | None = None
    ultimate_parent: str | None = None
    turnover_cny: Turnover | None = None


class Amount(_Strict):
    value: Annotated[Number, Field(gt=0)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class TechnologyTransfer(_WithLists):
    transfers: bool | None = None
    restricted_catalogue_items: list[str] | None = None
    prohibited_catalogue_items: list[str] | None = None


class DataExport(_Strict):
    cii_operator: bool | None = None
    important_data: bool | None = None
    pi_subjects_processed: NonNegativeInt | None = None
    pi_subjects_current_year: NonNegativeInt | None = None
    sensitive_pi_subjects_current_year: NonNegativeInt | None = None
    pi_subjects_since_previous_year: NonNegativeInt | None = None
    sensitive_pi_subjects_since_previous_year: NonNegativeInt | None = None


class Deal(_Strict):
    instrument: Instrument
    amount: Amount | None = None
    lp_commitment_usd: NonNegative | None = None
    stake_after_pct: Annotated[Number, Field(ge=0, le=100)] | None = None
    board_seats: NonNegativeInt | None = None
    veto_rights: bool | None = None
    acquires_control: bool | None = None
    technology_transfer: TechnologyTransfer | None = None
    data_export: DataExport | None = None
    signing_date: IsoDate | None = None
    expected_completion_date: IsoDate | None = None
    commercial_rationale: str | None = None


class Facts(_WithLists):
    _NOT_NULLABLE = ("reference",)

    schema_version: Literal[1]
    reference: str | None = None
    target: Target
    investor: Investor
    deal: Deal

    @field_validator("schema_version", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        # Literal[1] would accept True (True == 1 in Python); the schema does not.
        if isinstance(value, bool):
            raise ValueError("must be 1")
        return value

    def to_json_dict(self) -> dict[str, Any]:
        """The facts as the JSON the schema describes (dates as ISO strings)."""
        return self.model_dump(mode="json", exclude_none=False)

    def to_json(self) -> str:
        return json.dumps(self.to_json_dict(), ensure_ascii=False, sort_keys=True)


@lru_cache(maxsize=1)
def facts_schema() -> dict[str, Any]:
    """The facts JSON schema shipped under resources/schema (a copy of the contract)."""
    return json.loads(resource_path("schema", "facts.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _schema_validator() -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(facts_schema(), format_checker=FormatChecker())


WHOLE_DOCUMENT = "(document)"  # the path of a problem with the document as a whole


def _json_path(parts: Any) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or WHOLE_DOCUMENT


def document_named(exc: InputError, name: str) -> InputError:
    """`exc` with a problem of the whole document (an array, a number) named by the file
    it came from, `name`, as an officer knows it: not "(document): must be …"."""
    return InputError([Problem(name, p.message) if p.path == WHOLE_DOCUMENT else p
                       for p in exc.problems])


def schema_problems(data: Any) -> list[Problem]:
    """Every violation of the JSON schema, each with its field path."""
    problems: list[Problem] = []
    for error in sorted(_schema_validator().iter_errors(data), key=lambda e: list(e.path)):
        path = _json_path(error.absolute_path)
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            for name in extra:
                name = _key_shown(name)
                sub = f"{path}.{name}" if path != "(document)" else name
                problems.append(Problem(sub, "unknown field"))
            continue
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            sub = f"{path}.{missing}" if path != "(document)" else missing
            problems.append(Problem(sub, "required field is missing"))
            continue
        problems.append(Problem(path, _friendly_schema_message(error)))
    return problems


def _key_shown(name: str) -> str:
    """An unknown key as its path shows it: quoted when it is empty, has spaces around it or
    control characters, which a bare path would hide (`target.` for the key "")."""
    if name and name.isprintable() and name.strip() == name:
        return name
    return json.dumps(name, ensure_ascii=False)


_SHOWN_CHARS = 60


def _shown(value: Any) -> str:
    """A wrong value as a message quotes it: a list or a group of fields by its kind (quoting a
    whole document given where a field goes would flood the terminal), a long text or
    number cut short."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _first_repeated(items: list[Any]) -> str:
    """The first item a list repeats, as a message quotes it."""
    for index, item in enumerate(items):
        if item in items[:index]:
            return _shown(item)
    return "an item"


def _friendly_schema_message(error: Any) -> str:
    validator = error.validator
    if validator == "type":
        return f"{_type_words(error.validator_value, error.instance)} (got {_shown(error.instance)})"
    if validator == "enum":
        allowed = ", ".join(json.dumps(v) for v in error.validator_value)
        return f"{_shown(error.instance)} is not one of {allowed}"
    if validator == "const":
        return f"must be {json.dumps(error.validator_value)}, got {_shown(error.instance)}"
    if validator in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }[validator]
        return f"{_shown(error.instance)} must be {words} {error.validator_value}"
    if validator == "format" and error.validator_value == "date":
        return f"{_shown(error.instance)} is not a valid date: {_date_advice(error.instance)}"
    if validator == "pattern":
        # Said in words: a user is not to read "does not match ^[A-Z]{3}$".
        words = PATTERN_WORDS.get(error.validator_value, "is not written as this field is")
        return f"{_shown(error.instance)} {words}"
    if validator == "uniqueItems":
        return f"items must not repeat: {_first_repeated(error.instance)} is listed more than once"
    if validator == "minLength":
        return "must not be empty"
    return error.message


# The schema's JSON types as an officer says them: "answer yes or no", not "expected
# boolean or null" (the wizard's words), with the file's spelling of each.
TYPE_WORDS: dict[str, str] = {
    "boolean": "answer yes or no: true or false",
    "integer": "must be a whole number",
    "number": "must be a number",
    "string": "must be text in quotes",
    "object": "must be a group of fields in braces {…}",
    "array": "must be a list in brackets […]",
}


def _type_words(expected: str | list[str], value: Any) -> str:
    """What a field of the wrong type must be, in words; null, where the schema takes it,
    as "not known"; a figure written in quotes ("6.5") told to lose them."""
    kinds = [expected] if isinstance(expected, str) else list(expected)
    said = [TYPE_WORDS.get(kind, kind) for kind in kinds if kind != "null"]
    words = " or ".join(said[:1] + [w.removeprefix("must be ") for w in said[1:]])
    if isinstance(value, str) and {"number", "integer"} & set(kinds) and _is_figure(value):
        words += " written without quotes"
    if "null" in kinds:
        words += ", or null when not known"
    return words


def _is_figure(text: str) -> bool:
    try:
        return isinstance(loads_strict(text.strip()), int | float)
    except ValueError:  # not JSON, or NaN / Infinity
        return False


# Every `pattern` of facts.schema.json in words (a test checks none is missing).
PATTERN_WORDS: dict[str, str] = {
    "^[A-Z]{3}$": "is not a currency code: its three capital letters, e.g. USD or CNY",
}


def _date_advice(value: Any) -> str:
    """Why a date of a facts file is none, and how to write it: why there is no such day
    (2026-02-30), or the day it reads as (2026/1/2) written as the file must write it."""
    if isinstance(value, str) and value.isascii() and ISO_DATE.fullmatch(value):
        year, month, day = int(value[:4]), int(value[5:7]), int(value[8:])
        return (f"there is no month {month}" if not 1 <= month <= 12 else
                "there is no year 0" if year == 0 else
                f"{value[:7]} has no day {day}")
    try:
        meant = read_date(value) if isinstance(value, str) else None
    except Unreadable as exc:
        # Day and month either way round (10/12/2026): both days, as the wizard says them.
        said = str(exc).removeprefix(f"{quoted(value.strip())} ")
        if said.startswith("could be "):
            return f"it {said}"
        meant = None
    if meant is None:
        return 'write it YYYY-MM-DD, e.g. "2026-10-22"'
    return f"write it YYYY-MM-DD: {json.dumps(meant)}"


def model_problems(error: ValidationError) -> list[Problem]:
    """Pydantic validation errors as field-path problems, one per field: a number field is
    a union (int | float) and pydantic reports each branch under its own tag, e.g.
    `...worldwide.int` and `...worldwide.float` for 1e400 (read by JSON as infinity)."""
    by_path: dict[str, str] = {}
    for item in error.errors():
        loc = [
            p for p in item["loc"]
            if not (isinstance(p, str) and (p.startswith("function-") or p in _UNION_TAGS))
        ]
        by_path[_json_path(loc)] = _model_message(item)  # the float branch, reported last, says why
    return [Problem(path, message) for path, message in by_path.items()]


def _model_message(item: Any) -> str:
    """Pydantic's words, except where they speak of parsing rather than of the text: a
    JSON escape such as \\ud800 gives a string no file or database can hold."""
    value = item.get("input")
    if item["type"] == "string_unicode" and isinstance(value, str):
        bad = next((c for c in value if 0xD800 <= ord(c) <= 0xDFFF), None)
        if bad is not None:
            return (f"contains an invalid character (U+{ord(bad):04X}, half of a pair); type "
                    "the text again rather than paste it")
    return str(item["msg"])


_UNION_TAGS = frozenset({"int", "float"})


class _Unreadable(ValueError):
    """Valid JSON this app still cannot read; its message is said as it is."""


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


# Python refuses to convert longer digit strings (a guard against slow conversions).
_MAX_DIGITS = 4300


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_DIGITS:
        raise _Unreadable(f"a number has {len(digits.lstrip('-'))} digits; at most "
                          f"{_MAX_DIGITS} can be read")
    return int(digits)


class InexactFigure(float):
    """A JSON number its float does not hold (49.9999999999999999 reads as 50.0): kept
    with what is wrong with it, for the facts' checks to refuse at its field instead of
    screening a figure nobody wrote."""

    problem: str

    def __new__(cls, written: str, problem: str) -> InexactFigure:
        figure = super().__new__(cls, written)
        figure.problem = problem
        return figure


def _parse_figure(written: str) -> float | int:
    """A JSON number with a point or an exponent, as the wizard keeps a typed one
    (numbers.kept_figure); one that cannot be kept comes back as an InexactFigure."""
    number = float(written)
    if repr(number) == written:  # nearly every figure: written as Python writes its float
        return number
    try:
        return kept_figure(Decimal(written), written)
    except ValueError as exc:
        return InexactFigure(written, str(exc))


def _parse_figure_or_refuse(written: str) -> float | int:
    figure = _parse_figure(written)
    if isinstance(figure, InexactFigure):
        raise _Unreadable(figure.problem)
    return figure


def loads_strict(text: str) -> Any:
    """json.loads without the NaN / Infinity extensions Python accepts by default, and
    without a figure rounded to what a float holds (refused as ValueError)."""
    return json.loads(text, parse_constant=_reject_constant, parse_int=_parse_int,
                      parse_float=_parse_figure_or_refuse)


class _Repeated(dict[str, Any]):
    """A decoded object that gave a key more than once (json keeps the last silently)."""


def _keep_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    decoded = dict(pairs)
    return _Repeated(decoded) if len(decoded) < len(pairs) else decoded


def _has_repeats(data: Any) -> bool:
    stack = [data]
    while stack:  # a stack, not recursion: see magnitude_problems
        node = stack.pop()
        if isinstance(node, _Repeated):
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


def repeated_keys(text: str) -> list[tuple[str, int, int]]:
    """Each key an object of the (valid) JSON `text` gives again: its field path, the line
    it is given again on and the line it was first given on. Read token by token, as the
    decoder keeps no positions; only run on a document known to repeat a key."""
    found: list[tuple[str, int, int]] = []
    # Open containers: [path parts, keys seen (an object's, with their lines) or None, index].
    stack: list[list[Any]] = []
    pos = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
    path: tuple[str | int, ...] = ()
    while True:
        # A value starts at pos, at `path`.
        char = text[pos]
        if char in "{[":
            pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] in "}]":
                pos += 1
            else:
                stack.append([path, {} if char == "{" else None, 0])
                if char == "{":
                    path, pos = _key(text, pos, stack[-1], found)
                else:
                    path = (*path, 0)
                continue
        elif char == '"':
            pos = _STRING.match(text, pos).end()  # type: ignore[union-attr]
        else:
            pos = _SCALAR.match(text, pos).end()  # type: ignore[union-attr]
        # The value ended: on to the next one of its container, or out of it.
        while stack:
            pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
            frame = stack[-1]
            if text[pos] == ",":
                pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
                if frame[1] is not None:
                    path, pos = _key(text, pos, frame, found)
                else:
                    frame[2] += 1
                    path = (*frame[0], frame[2])
                break
            pos += 1  # } or ]
            stack.pop()
        else:
            return found


def _key(text: str, pos: int, frame: list[Any], found: list[tuple[str, int, int]]
         ) -> tuple[tuple[str | int, ...], int]:
    """Read the key at pos of the object `frame` (noting a repeat) up to its value."""
    string = _STRING.match(text, pos)
    assert string is not None  # the text decoded: a key is a string
    key, end = json.loads(string.group()), string.end()
    line = text.count("\n", 0, pos) + 1
    path = (*frame[0], key)
    if key in frame[1]:
        found.append((_json_path(path), line, frame[1][key]))
    else:
        frame[1][key] = line
    end = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
    return path, _WHITESPACE.match(text, end + 1).end()  # type: ignore[union-attr]  # past ':'


def repeated_key_problems(text: str, source: str) -> list[Problem]:
    """A key given twice in one object, at its field path and lines: json keeps the later
    value silently, so a file giving `"us_person": false` and further down `true` was
    imported as true with nothing said. Refused: which one was meant is the officer's call.
    A key given three times is one problem, said once with all its lines (cli.md: one
    message per problem), not once for each repeat."""
    repeats: dict[tuple[str, int], list[int]] = {}
    for path, line, first in repeated_keys(text):
        repeats.setdefault((path, first), [first]).append(line)
    return [Problem(path, f"is given {_times(len(lines))}, on {_lines_text(lines)} of {source}: "
                          "only one value can be kept; delete "
                          + ("the one" if len(lines) == 2 else "the ones") + " not meant")
            for (path, _first), lines in repeats.items()]


def _times(count: int) -> str:
    return "twice" if count == 2 else f"{count} times"


def _lines_text(lines: list[int]) -> str:
    """"line 3" (every repeat on one line), "lines 4 and 5", "lines 1, 2 and 3"."""
    distinct = sorted(set(lines))
    if len(distinct) == 1:
        return f"line {distinct[0]}"
    return "lines " + ", ".join(map(str, distinct[:-1])) + f" and {distinct[-1]}"


def parse_facts(data: Any) -> Facts:
    """Validate decoded JSON against the schema and the model; raise InputError listing all."""
    try:
        problems = document_problems(data) + content_problems(data)
    except RecursionError:  # the schema's messages quote a value by repr(), which recurses
        raise InputError(Problem("(document)", "arrays or objects are nested too deeply to be read")) from None
    if problems:
        raise InputError(problems)
    try:
        return Facts.model_validate(tidied_texts(data))
    except ValidationError as exc:
        raise InputError(model_problems(exc)) from None


# The one-line texts the wizard tidies as they are typed (typed_input.name_text). A file's
# and a reviewer's are filed the same way: imported as pasted, a name kept its zero-width
# space and its spaces around, and the same deal typed into the wizard was another name.
ONE_LINE_TEXTS: tuple[tuple[str, ...], ...] = (
    ("reference",), ("target", "name_en"), ("target", "name_zh"), ("investor", "name"),
    ("investor", "ultimate_parent"),
)


def tidied_text(path: tuple[str, ...], value: Any) -> Any:
    """`value` for the facts field `path` as the wizard files it: a one-line text tidied,
    '' when nothing is left of it; each item of a list of texts tidied. Anything else as
    given (the checks say what is wrong with it)."""
    if path in ONE_LINE_TEXTS and isinstance(value, str):
        return name_text(value)
    if path in TEXT_LISTS and isinstance(value, list):
        return [name_text(item) if isinstance(item, str) else item for item in value]
    return value


def tidied_texts(data: Any) -> Any:
    """A copy of facts `data` with every one-line text and list of texts tidied
    (tidied_text); an optional text with nothing left is not given, as the wizard leaves
    an empty field out."""
    if not isinstance(data, Mapping):
        return data
    out = copy.deepcopy(dict(data))  # the caller's data stays as read
    for path in (*ONE_LINE_TEXTS, *TEXT_LISTS):
        parent = value_at(out, path[:-1])
        if not isinstance(parent, dict) or not isinstance(parent.get(path[-1]), str | list):
            continue
        tidy = tidied_text(path, parent[path[-1]])
        if tidy == "":
            del parent[path[-1]]
        else:
            parent[path[-1]] = tidy
    return out


def stored_facts(stored: str | dict[str, Any]) -> Facts:
    """A case's facts as stored (its JSON text or decoded), by the model alone: the content
    checks of parse_facts (lengths, check characters) hold new input to today's limits,
    and a case saved before a limit was set must still screen and print as it stands."""
    if isinstance(stored, str):
        return Facts.model_validate_json(stored, strict=False)
    return Facts.model_validate(stored, strict=False)


def document_problems(data: Any) -> list[Problem]:
    """The schema's problems and the figures too large to be real, each said once: a
    figure too large as that, not also as "Infinity must be at most 100"."""
    too_large = magnitude_problems(data)
    said = {problem.path for problem in too_large}
    return [p for p in schema_problems(data) if p.path not in said] + too_large


def magnitude_problems(data: Any, parts: tuple[str | int, ...] = ()) -> list[Problem]:
    """Whole numbers beyond what any figure of a deal can be (and beyond a float, which the
    case list and the rules compare in), 1e400, which JSON reads as infinity, and figures
    a float would round (InexactFigure): named at their field, not an overflow later.
    Walked with a stack, not recursion: arrays nested a few hundred deep decode, and must
    not end in a RecursionError here."""
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, parts)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            stack.extend(reversed([(v, (*at, k)) for k, v in node.items()]))
        elif isinstance(node, list):
            stack.extend(reversed([(v, (*at, i)) for i, v in enumerate(node)]))
        elif isinstance(node, int) and not isinstance(node, bool) and abs(node) > sys.float_info.max:
            problems.append(Problem(_json_path(at),
                                    f"is too large to be a real figure ({len(str(abs(node)))} digits)"))
        elif isinstance(node, InexactFigure):  # named at its field, as the wizard refuses it
            problems.append(Problem(_json_path(at), node.problem))
        elif isinstance(node, float) and math.isinf(node):  # 1e400, which JSON reads as infinity
            problems.append(Problem(_json_path(at), "is too large to be a real figure "
                                                    "(it reads as infinity)"))
    return problems


_IDENTIFIER_CHECKS = (("target", "uscc", uscc_problem, normalise_uscc),
                      ("investor", "lei", lei_problem, normalise_lei))


def identifier_problems(data: Any) -> list[Problem]:
    """USCC and LEI check characters: an invalid identifier is bad input, never guessed at."""
    problems = []
    for party, field, check, normalise in _IDENTIFIER_CHECKS:
        section = data.get(party) if isinstance(data, dict) else None
        value = section.get(field) if isinstance(section, dict) else None
        if isinstance(value, str) and value:
            # The code as it will be stored (as the wizard checks it): a line break or a
            # zero-width space pasted inside it is not a 19th character.
            code = normalise(value)
            # Only spaces: "must be 18 characters, got 0" said of a value that has some.
            issue = (f"holds only spaces; give the {field.upper()}, or null when not known"
                     if not code else check(code))
            if issue:
                problems.append(Problem(f"{party}.{field}", issue))
    return problems


def content_problems(data: Any) -> list[Problem]:
    """What the schema cannot tell of values of the right type, as the wizard refuses
    them at their fields: identifiers' check characters, currencies outside ISO 4217,
    texts longer than the wizard takes."""
    return (identifier_problems(data) + currency_problems(data) + text_length_problems(data)
            + blank_text_problems(data) + control_character_problems(data)
            + figure_size_problems(data))


def value_at(data: Any, path: Sequence[str]) -> Any:
    """The value at `path` (("deal", "amount", "currency")) of facts as a file or the
    wizard holds them, None where a part is missing or not an object."""
    for part in path:
        data = data.get(part) if isinstance(data, Mapping) else None
    return data


def put_at(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    """Set the value at `path` of facts as a file or the wizard holds them, making the
    objects on the way (a part that is missing or not an object becomes one)."""
    node = data
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[path[-1]] = value


def currency_problems(data: Any) -> list[Problem]:
    """A currency of three capital letters that is no ISO 4217 code (CYN for CNY): the
    schema's pattern lets it through, and it was stored and printed on filings as typed."""
    code = value_at(data, ("deal", "amount", "currency"))
    if isinstance(code, str) and _CURRENCY.fullmatch(code) and (issue := currency_problem(code)):
        # Quoted as the file writes it, as the other problems of a file quote their values.
        return [Problem("deal.amount.currency", issue.replace(quoted(code), _shown(code), 1))]
    return []


_CURRENCY = re.compile(r"[A-Z]{3}")  # anything else fails the schema's pattern, said once

# The most characters each text of the facts takes, and what it holds, for the message
# (typed_input.length_problem): the wizard's fields take theirs from here, and an
# imported file is held to the same (it took a pasted megabyte as a name). The USCC and
# the LEI are bounded by their own checks; the lists by LIST_ITEMS of ITEM_CHARS each.
TEXT_LIMITS: dict[tuple[str, ...], tuple[int, str]] = {
    ("reference",): (REFERENCE_CHARS, "a reference"),
    ("target", "name_en"): (NAME_CHARS, "a name"),
    ("target", "name_zh"): (NAME_CHARS, "a name"),
    ("target", "jurisdiction"): (PLACE_CHARS, "a place"),
    ("target", "headquarters"): (PLACE_CHARS, "a place"),
    ("investor", "name"): (NAME_CHARS, "a name"),
    ("investor", "jurisdiction"): (PLACE_CHARS, "a place"),
    ("investor", "ultimate_parent"): (NAME_CHARS, "a name"),
    ("deal", "commercial_rationale"): (DESCRIPTION_CHARS, "the description"),
}
# The lists of free text (one item a line in the wizard).
TEXT_LISTS: tuple[tuple[str, ...], ...] = (
    ("target", "ai", "us_models_used"),
    ("deal", "technology_transfer", "restricted_catalogue_items"),
    ("deal", "technology_transfer", "prohibited_catalogue_items"),
)


def text_length_problems(data: Any) -> list[Problem]:
    """Each text longer than its field takes, and each list with too many items or an
    item too long, at its field (the list's item by its index), as the wizard says it."""
    problems = []
    for path, (most, what) in TEXT_LIMITS.items():
        value = value_at(data, path)
        if isinstance(value, str) and (issue := length_problem(value, most, what)):
            problems.append(Problem(".".join(path), issue))
    for path in TEXT_LISTS:
        items = value_at(data, path)
        if not isinstance(items, list):
            continue
        where = ".".join(path)
        if len(items) > LIST_ITEMS:
            problems.append(Problem(where, f"has {len(items):,} items; the list takes at "
                                           f"most {LIST_ITEMS:,}: shorten it"))
        problems += [Problem(f"{where}[{index}]", issue) for index, item in enumerate(items)
                     if isinstance(item, str)
                     and (issue := length_problem(item, ITEM_CHARS, "an item"))]
    return problems


# The money figures and head-counts a file gives, held to the wizard's MONEY_DIGITS before
# the point: the case list keeps an amount as a float, exact to 15 digits, and a pasted
# 20-digit amount was stored, listed and filed rounded. (Compute, in operations, is not.)
# The personal-data counts (deal.data_export), in the wizard's order of fields.
PI_COUNTS = ("pi_subjects_current_year", "sensitive_pi_subjects_current_year",
             "pi_subjects_since_previous_year", "sensitive_pi_subjects_since_previous_year",
             "pi_subjects_processed")
MONEY_PATHS: tuple[tuple[str, ...], ...] = (
    ("deal", "amount", "value"), ("deal", "lp_commitment_usd"),
    *((party, "turnover_cny", scope) for party in ("target", "investor")
      for scope in ("china", "worldwide")),
    *(("deal", "data_export", key) for key in PI_COUNTS),
)


# No board has a thousand seats: a figure beyond it is a slip of the keyboard (10^23 seats
# went into a case; 1e308 was printed on a filing), for the wizard's field and a file.
BOARD_SEATS_AT_MOST = 999


def figure_size_problems(data: Any) -> list[Problem]:
    """Each figure with more digits before the point than the wizard's field takes, and
    board seats beyond what it takes, at the field, in the wizard's words
    (typed_input.read_number)."""
    seats = value_at(data, ("deal", "board_seats"))
    problems = ([Problem("deal.board_seats", f"must be at most {BOARD_SEATS_AT_MOST}")]
                if _figure(seats) and seats > BOARD_SEATS_AT_MOST else [])
    for path in MONEY_PATHS:
        value = value_at(data, path)
        if _figure(value) and (digits := len(str(int(abs(value))))) > MONEY_DIGITS:
            problems.append(Problem(".".join(path), f"has too many digits ({digits:,}); at most "
                                                    f"{MONEY_DIGITS} before the point"))
    return problems


def _figure(value: Any) -> TypeGuard[int | float]:
    """A number the checks of figures read: not a boolean, nor one magnitude_problems
    refuses (beyond a float, infinity, inexact), which is said once, there."""
    if isinstance(value, bool | InexactFigure) or not isinstance(value, int | float):
        return False
    if isinstance(value, int):  # (math.isfinite of 400 digits overflows)
        return abs(value) <= sys.float_info.max
    return math.isfinite(value)


# The texts the schema requires (minLength 1): a name of only spaces passes that.
REQUIRED_TEXTS: tuple[tuple[str, ...], ...] = (("target", "name_en"), ("investor", "name"))
_BLANK = "holds only spaces or invisible characters (a zero-width space, a direction mark)"


def blank_text_problems(data: Any) -> list[Problem]:
    """Each required name and each list item with nothing to read in it, at its field: a
    name of one space or of a pasted zero-width space passed the schema and was filed as a
    blank name, where the wizard, which drops those characters (typed_input.name_text),
    says the field is required. An optional text left blank is not given, as "" is."""
    problems = []
    for path in REQUIRED_TEXTS:
        value = value_at(data, path)
        if isinstance(value, str) and value and not name_text(value):
            problems.append(Problem(".".join(path), f"{_BLANK}; give {TEXT_LIMITS[path][1]}"))
    for path in TEXT_LISTS:
        items = value_at(data, path)
        if isinstance(items, list):
            problems += [Problem(f"{'.'.join(path)}[{index}]",
                                 f"{_BLANK if item else 'is empty'}; delete the item")
                         for index, item in enumerate(items)
                         if isinstance(item, str) and not name_text(item)]
    return problems


# The texts a facts file may write on several lines (\n in JSON): the description only.
MULTILINE_TEXTS: tuple[tuple[str, ...], ...] = (("deal", "commercial_rationale"),)
FIX_IN_FILE = "delete it from the file"


def control_character_problems(data: Any) -> list[Problem]:
    """Each text of the facts holding a control character (NUL, Word's manual line break
    U+000B, a tab or a line break in a one-line text such as a name), at its field: the
    file's "\\u0000" was stored and printed in the company's name. Said as a filing
    particular's is (typed_input.control_character_problem)."""
    problems = []
    for path in TEXT_LIMITS:
        value = value_at(data, path)
        allowed = "\n\r\t" if path in MULTILINE_TEXTS else ""
        if isinstance(value, str) and (
                issue := control_character_problem(value, allowed=allowed, fix=FIX_IN_FILE)):
            problems.append(Problem(".".join(path), issue))
    for path in TEXT_LISTS:
        items = value_at(data, path)
        if isinstance(items, list):
            problems += [Problem(f"{'.'.join(path)}[{index}]", issue)
                         for index, item in enumerate(items) if isinstance(item, str)
                         and (issue := control_character_problem(item, fix=FIX_IN_FILE))]
    return problems


# The lists whose absence means unknown and `[]` means none: every array of
# facts.schema.json (a test compares them).
STATED_LISTS: tuple[tuple[str, ...], ...] = (
    ("target", "activities"),
    ("target", "security_sectors"),
    ("target", "ai", "end_uses"),
    ("target", "ai", "us_models_used"),
    ("deal", "technology_transfer", "restricted_catalogue_items"),
    ("deal", "technology_transfer", "prohibited_catalogue_items"),
)


# The values the decoder refuses without saying where (its hooks get no position): NaN and
# Infinity (Python's json.dump writes them for a float('nan')), and an integer too long to
# convert. Found again outside strings, to name the line and column as a syntax error does.
_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)', re.DOTALL)
_LONG_INTEGER = re.compile(
    rf'"(?:[^"\\]|\\.)*"|(?<![\w.+-])(-?\d{{{_MAX_DIGITS + 1},}})(?![\d.eE])', re.DOTALL)


def _where(body: str, source: str, token: re.Pattern[str]) -> str:
    """`source:line:column` of the first `token` outside a string, or `source` alone."""
    found = next((m for m in token.finditer(body) if m.group(1)), None)
    if found is None:
        return source
    pos = found.start(1)
    return f"{source}:{body.count(chr(10), 0, pos) + 1}:{pos - body.rfind(chr(10), 0, pos)}"


def json_error_words(exc: json.JSONDecodeError) -> str:
    """The decoder's message in words that end: "Invalid control character at" stopped
    at "at" (the place is in the line and column before it), naming no character."""
    if exc.msg.startswith("Invalid control character") and 0 <= exc.pos < len(exc.doc):
        char = exc.doc[exc.pos]
        named = character_named(char)
        return (f"{named}{',' if ', ' in named else ''} inside a string, which JSON does not "
                f"allow as it is: delete it, or write it as \\u{ord(char):04x}")
    if exc.msg in ("Expecting property name enclosed in double quotes", "Expecting value") \
            and exc.doc[exc.pos:exc.pos + 1] in ("}", "]") \
            and exc.doc[:exc.pos].rstrip().endswith(","):
        # The commonest slip of a hand edit, said as one: the decoder's words pointed at
        # the bracket after it, asking for a name.
        bracket = exc.doc[exc.pos]
        return (f"a comma is left before this {bracket} (a trailing comma, which JSON does "
                "not allow): delete that comma")
    if exc.msg == "Unterminated string starting at":  # the place is the string's start
        return "a string starts here and is never closed (a \" is missing at its end)"
    # Any other message ending "at" (the decoder leaves the place to its line and column,
    # which the caller says before it): "here", not a sentence cut off.
    return exc.msg.removesuffix(" at") + " here" if exc.msg.endswith(" at") else exc.msg


def decode_json(text: str, *, source: str) -> Any:
    """Decode a JSON document; a syntax error is bad input naming its line and column.
    A leading byte-order mark (Windows editors write one) is not an error."""
    body = text.removeprefix("\ufeff")
    try:
        data = json.loads(body, parse_constant=_reject_constant, parse_int=_parse_int,
                          parse_float=_parse_figure, object_pairs_hook=_keep_repeats)
        if _has_repeats(data):
            raise InputError(repeated_key_problems(body, source))
        return data
    except json.JSONDecodeError as exc:
        if not body.strip():  # "Expecting value" at 1:1 says less than this
            raise InputError(Problem(source, "is empty; expected a JSON document")) from None
        raise InputError(
            Problem(f"{source}:{exc.lineno}:{exc.colno}", f"not valid JSON: {json_error_words(exc)}")
        ) from None
    except _Unreadable as exc:
        raise InputError(Problem(_where(body, source, _LONG_INTEGER), str(exc))) from None
    except ValueError as exc:
        raise InputError(Problem(_where(body, source, _CONSTANT), f"not valid JSON: {exc}")
                         ) from None
    except RecursionError:  # the decoder recurses once per level
        raise InputError(Problem(source, "arrays or objects are nested too deeply to be read")) from None


# A facts or particulars file is a few kilobytes; a file far larger is the wrong one (a
# disk image, a video), and reading it whole would fill the memory before its first byte
# was judged. Piped input (/dev/stdin) has no size to look at, so the read itself stops.
MAX_JSON_FILE_BYTES = 16_000_000


def json_file_too_large(path: str | Path, size: int | None) -> InputError:
    """The refusal of a JSON file over MAX_JSON_FILE_BYTES; `size` None: piped input, cut
    off at the limit, whose whole size is not known."""
    from approvals.domain.documents import size_text

    how_big = f"is {size_text(size)}" if size is not None else \
        f"is more than {size_text(MAX_JSON_FILE_BYTES)}"
    return InputError(Problem(str(path), f"{how_big}, too large for a JSON file of facts or "
                                         "particulars (a few kilobytes; at most "
                                         f"{size_text(MAX_JSON_FILE_BYTES)} is read): is it "
                                         "the right file?"))


def read_json_file(path: str | Path) -> Any:
    """Decode a JSON file; a missing or unreadable file, one over MAX_JSON_FILE_BYTES or a
    syntax error is bad input with its location. (Here rather than in a service, so that
    `approvals screen`, which opens no database, starts without loading one.)"""
    file = Path(path)
    try:
        with file.open("rb") as fh:
            if stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                size = os.fstat(fh.fileno()).st_size
                if size > MAX_JSON_FILE_BYTES:
                    raise json_file_too_large(path, size)
            raw = fh.read(MAX_JSON_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(Problem(str(path), "file not found")) from None
    except IsADirectoryError:
        raise InputError(Problem(str(path), "is a folder, not a JSON file")) from None
    except OSError as exc:
        raise InputError(Problem(str(path), f"cannot be read ({exc.strerror or exc})")) from None
    if len(raw) > MAX_JSON_FILE_BYTES:
        raise json_file_too_large(path, None)
    try:
        text_ = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            Problem(str(path), f"is not UTF-8 text (byte {exc.start + 1} cannot be decoded); "
                               "save it as UTF-8 JSON")
        ) from None
    return decode_json(text_, source=str(path))


def parse_facts_text(text: str, *, source: str = "facts") -> Facts:
    """Decode and validate a facts JSON document; a syntax error names its line and column."""
    return parse_facts(decode_json(text, source=source))
