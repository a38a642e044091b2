"""The rulebook: every threshold, citation and effective date the screening applies, as data.

Rule data lives in `resources/rulebook/` (one JSON file per regime plus `rulebook.json`,
the manifest). The code here only knows which *provisions* each regime has and which
parameters each provision takes; the values, citations and dates come from the files.

Rule selection on a date: for each (regime, provision) the rule in force on that date
with the latest `effective_from` applies, so a new version with a future date supersedes
the old one from that day without any code change. Rules whose status is `reported` or
`proposed` take part only when the caller asks to include proposed measures.

The version id is the manifest's declared version plus a hash of every rule file, so an
edited threshold always gives a new id even if nobody bumps the version.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from copy import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from approvals.domain.dates import iso_date
from approvals.domain.errors import InputError, Problem
from approvals.domain.facts import (
    ACTIVITIES,
    END_USES,
    INSTRUMENTS,
    SECURITY_SECTORS,
    json_error_words,
    repeated_key_problems,
)
from approvals.resources import resource_path

MANIFEST = "rulebook.json"
STATUSES = ("in_force", "reported", "proposed")
BINDING_STATUSES = frozenset({"in_force"})

# Which provisions each regime has; the first is the regime's primary provision: the
# regime counts as in force on a date exactly when a primary rule is. Review time limits
# are not rulebook provisions: the workflow's clocks live in resources/rulebook/workflow/
# clocks.json only, so there is one place to change them.
PROVISIONS: dict[str, tuple[str, ...]] = {
    "CN-US-CAPITAL": ("approval",),
    "CN-FISR": ("scope",),
    "CN-NEGATIVE-LIST": ("access",),
    "CN-TECH-EXPORT": ("catalogue",),
    "CN-DATA-EXPORT": ("thresholds",),
    "CN-SAMR": ("thresholds",),
    "US-OISP": ("scope", "prohibited", "notifiable", "excepted", "notification", "penalties"),
}
REGIMES: tuple[str, ...] = tuple(PROVISIONS)


class RulebookError(InputError):
    """Bad rule data; every problem names the file and the rule entry."""


# --- parameter checks: each returns None when fine, else what is wrong -------------------

Check = Callable[[Any], str | None]


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _number(value: Any) -> str | None:
    if not _is_number(value):
        return f"expected a number, got {_show(value)}"
    if value < 0:
        return f"must not be negative, got {_show(value)}"
    return None


def _integer(value: Any) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        return f"expected a whole number of at least 0, got {_show(value)}"
    return None


def _optional_integer(value: Any) -> str | None:
    return None if value is None else _integer(value)


def _optional_date(value: Any) -> str | None:
    """A date YYYY-MM-DD, or null for none."""
    if value is None:
        return None
    day = _parse_date(value)
    if day is None or day.isoformat() != value:
        return f"expected a date YYYY-MM-DD or null, got {_show(value)}"
    return None


def _pct(value: Any) -> str | None:
    if not _is_number(value) or not 0 <= value <= 100:
        return f"expected a percentage between 0 and 100, got {_show(value)}"
    return None


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {_show(value)}"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else f"expected text, got {_show(value)}"


def _codes(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        return f"expected a list of codes, got {_show(value)}"
    return None


def _codes_of(allowed: tuple[str, ...]) -> Check:
    """A list of the facts' own codes: a misspelt code would never match a fact, so the
    rule would silently never apply."""

    def check(value: Any) -> str | None:
        issue = _codes(value)
        if issue:
            return issue
        unknown = [v for v in value if v not in allowed]
        if unknown:
            return f"unknown code {_show(unknown[0])}: expected codes of facts.schema.json ({', '.join(allowed)})"
        return None

    return check


def _countries(value: Any) -> str | None:
    """ISO 3166-1 alpha-2 codes as the facts are compared (upper case)."""
    issue = _codes(value)
    if issue:
        return issue
    for code in value:
        if len(code) != 2 or not code.isascii() or not code.isalpha() or not code.isupper():
            return f"expected two-letter upper-case country codes (e.g. CN), got {_show(code)}"
    return None


def _pct_map(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected an object of code: percentage, got {_show(value)}"
    for key, pct in value.items():
        issue = _pct(pct)
        if issue:
            return f"{key}: {issue}"
        if key not in ACTIVITIES:
            return f"unknown activity code {_show(key)}: expected codes of facts.schema.json"
    return None


def _activity_notes(value: Any) -> str | None:
    """{activity code: {"text", "text_zh", optional "unless": [codes]}}: what a recorded
    activity leaves for the officer to check by hand (shown unless one of `unless` is
    recorded too)."""
    if not isinstance(value, dict):
        return f"expected an object of activity code: note, got {_show(value)}"
    for key, note in value.items():
        if key not in ACTIVITIES:
            return f"unknown activity code {_show(key)}: expected codes of facts.schema.json"
        if not isinstance(note, dict) or set(note) - {"text", "text_zh", "unless"}:
            return f"{key}: expected an object with text, text_zh and optional unless, got {_show(note)}"
        for field_name in ("text", "text_zh"):
            if _text(note.get(field_name)):
                return f"{key}.{field_name}: {_text(note.get(field_name))}"
        issue = _ACTIVITY_CODES(note.get("unless", []))
        if issue:
            return f"{key}.unless: {issue}"
    return None


def _dated_texts(value: Any) -> str | None:
    """{"YYYY-MM-DD": text}: words that change on a date within one rule version (the
    authority that enforced it then); each applies from its date to the next one's."""
    if not isinstance(value, dict):
        return f"expected an object of date: text, got {_show(value)}"
    for key, text in value.items():
        day = _parse_date(key)
        if day is None or day.isoformat() != key:  # read back with date.fromisoformat
            return f"expected dates YYYY-MM-DD as keys, got {_show(key)}"
        if _text(text):
            return f"{key}: {_text(text)}"
    return None


def _one_of(*allowed: str) -> Check:
    def check(value: Any) -> str | None:
        if value not in allowed:
            return f"expected one of {', '.join(allowed)}, got {_show(value)}"
        return None

    return check


_INSTRUMENT_CODES = _codes_of(INSTRUMENTS)
_SECTOR_CODES = _codes_of(SECURITY_SECTORS)
_ACTIVITY_CODES = _codes_of(ACTIVITIES)
_END_USE_CODES = _codes_of(END_USES)

# (regime, provision) -> parameter name -> check. Every listed parameter is required and
# no other is allowed, so a misspelt name is reported instead of silently ignored.
PARAMETERS: dict[tuple[str, str], dict[str, Check]] = {
    ("CN-US-CAPITAL", "approval"): {"target_countries": _countries, "covered_instruments": _INSTRUMENT_CODES},
    ("CN-FISR", "scope"): {
        "territory": _countries,
        "sectors_regardless_of_control": _SECTOR_CODES,
        "sectors_requiring_control": _SECTOR_CODES,
        "control_stake_pct_at_least": _pct,
        "covered_instruments": _INSTRUMENT_CODES,
    },
    ("CN-NEGATIVE-LIST", "access"): {
        "territory": _countries,
        "edition": _text,
        "prohibited_activities": _ACTIVITY_CODES,
        "foreign_equity_cap_pct": _pct_map,
        "check_by_hand": _activity_notes,
        "covered_instruments": _INSTRUMENT_CODES,
    },
    ("CN-TECH-EXPORT", "catalogue"): {
        "territory": _countries,
        # Words that follow "catalogue" / come before 目录: the catalogue has one edition
        # (2020), revised and adjusted since; "the 2025 edition" would name none.
        "catalogue_edition": _text,
        "catalogue_edition_zh": _text,
        "licence_decision_working_days": _integer,
    },
    ("CN-DATA-EXPORT", "thresholds"): {
        "territory": _countries,
        "counting_period": _one_of("current_year", "since_previous_year"),
        "assessment_important_data": _flag,
        "assessment_cii_operator": _flag,
        "assessment_pi_processed_at_least": _optional_integer,
        "assessment_pi_exported_at_least": _integer,
        "assessment_sensitive_exported_at_least": _integer,
        "contract_pi_exported_at_least": _optional_integer,
        "contract_sensitive_exported_at_least": _optional_integer,
    },
    ("CN-SAMR", "thresholds"): {
        "worldwide_combined_more_than_cny": _number,
        "china_combined_more_than_cny": _number,
        "china_each_more_than_cny": _number,
        "parties_each_exceeding": _integer,
        "control_stake_pct_at_least": _pct,
    },
    ("US-OISP", "scope"): {
        "countries_of_concern": _countries,
        "covered_instruments": _INSTRUMENT_CODES,
        "owned_by_persons_of_concern_pct_at_least": _pct,
    },
    ("US-OISP", "prohibited"): {
        "ai_compute_more_than_ops": _number,
        "ai_bio_compute_more_than_ops": _number,
        "ai_end_uses": _END_USE_CODES,
        "activities": _ACTIVITY_CODES,
    },
    ("US-OISP", "notifiable"): {
        "ai_compute_more_than_ops": _number,
        "ai_end_uses": _END_USE_CODES,
        "activities": _ACTIVITY_CODES,
    },
    ("US-OISP", "excepted"): {
        "instruments": _INSTRUMENT_CODES,
        "lp_interest_at_most_usd": _number,
    },
    ("US-OISP", "notification"): {
        "due_calendar_days_after_completion": _integer,
        "due_calendar_days_after_knowledge": _integer,
    },
    ("US-OISP", "penalties"): {
        "civil_max_usd": _number,
        "criminal_max_usd": _number,
        "criminal_max_years": _integer,
    },
}

# Parameters added after rule files were first written: a file without one (an update
# published for an earlier release) loads with the default, which keeps that file's
# meaning; the shipped files state them. (regime, provision) -> name -> (check, default).
OPTIONAL_PARAMETERS: dict[tuple[str, str], dict[str, tuple[Check, list[str] | dict[str, str] | None]]] = {
    # Places whose entities (and people present there) are US persons by definition: an
    # investor organised in one is a US person whatever the answer to the question says.
    ("CN-US-CAPITAL", "approval"): {"us_person_if_organised_in": (_countries, [])},
    # covers_completions_from: the program covers only transactions completed on or after
    # that day (a deal completed before it is not covered, whenever it is screened). Left
    # out: the completion date is not looked at, as before.
    ("US-OISP", "scope"): {"us_person_if_organised_in": (_countries, []),
                           "covers_completions_from": (_optional_date, None)},
    # Places outside the territory whose investors the rule applies to by reference (参照),
    # not as foreign investors: the reasons say so rather than calling them foreign.
    ("CN-FISR", "scope"): {"foreign_by_reference": (_countries, [])},
    ("CN-NEGATIVE-LIST", "access"): {"foreign_by_reference": (_countries, [])},
    # What the authority may still do below the thresholds, in its words on each date
    # (MOFCOM until April 2018, SAMR since): the authority is named by the data, not the
    # code. Left out: the reasons name "the anti-monopoly enforcement authority".
    ("CN-SAMR", "thresholds"): {"below_thresholds_note": (_dated_texts, {}),
                                "below_thresholds_note_zh": (_dated_texts, {})},
}
# Dated texts given in both languages: the Chinese must have the English one's dates.
_PAIRED_DATED_TEXTS = ("below_thresholds_note",)

_RULE_KEYS = {
    "id": True,
    "provision": True,
    "title": True,
    "title_zh": True,  # Chinese title and citation: the bilingual filings print both
    "citation": True,
    "citation_zh": True,
    "effective_from": True,
    "effective_to": True,
    "status": True,
    "verified": True,
    "parameters": True,
    "note": False,
    "regime": False,  # optional: when present it must match the file's regime
}


@dataclass(frozen=True)
class Rule:
    """One rule version: what it says, where it comes from, and when it applies."""

    id: str
    regime: str
    provision: str
    title: str
    citation: str
    effective_from: date
    effective_to: date | None
    status: str
    verified: bool
    parameters: Mapping[str, Any]
    note: str = ""
    source: str = ""  # file name under the rulebook folder
    title_zh: str = ""
    citation_zh: str = ""

    def applies_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def __getitem__(self, name: str) -> Any:
        return self.parameters[name]


@dataclass(frozen=True)
class RuleSet:
    """The rules that apply on one date: (regime, provision) -> rule."""

    as_of: date
    include_proposed: bool
    rules: Mapping[tuple[str, str], Rule]

    def get(self, regime: str, provision: str) -> Rule | None:
        return self.rules.get((regime, provision))


@dataclass(frozen=True, eq=False)
class Rulebook:
    version: str  # declared version + content hash, e.g. "2026.11.1+3f9a0c2b7d1e"
    declared_version: str
    directory: Path
    regimes: tuple[str, ...]
    rules: tuple[Rule, ...]
    notes: Mapping[str, str] = field(default_factory=dict)  # regime -> file-level note
    # regime -> (English, Chinese): what applied before the earliest rule held, when the
    # regime existed then (an older edition) rather than not at all.
    earlier_editions: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    _index: dict[tuple[str, str], tuple[Rule, ...]] = field(default_factory=dict, repr=False)
    _cache: dict[tuple[date, bool], RuleSet] = field(default_factory=dict, repr=False)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError when the rulebook has none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def find(self, rule_id: str) -> Rule | None:
        try:
            return self.rule(rule_id)
        except KeyError:
            return None

    def versions(self, regime: str, provision: str) -> tuple[Rule, ...]:
        """Every version of one provision, newest effective date first."""
        return self._index.get((regime, provision), ())

    def rules_on(self, as_of: date, include_proposed: bool = False) -> RuleSet:
        """The rules that apply on `as_of` (cached: screening many cases is one lookup)."""
        key = (as_of, include_proposed)
        found = self._cache.get(key)
        if found is None:
            # A plain dict (not a proxy): lookups sit on the screening hot path.
            found = RuleSet(as_of, include_proposed, self._select(as_of, include_proposed))
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _select(self, as_of: date, include_proposed: bool) -> dict[tuple[str, str], Rule]:
        chosen: dict[tuple[str, str], Rule] = {}
        for key, versions in self._index.items():
            for rule in versions:  # newest first: the first that applies wins
                if rule.applies_on(as_of) and (include_proposed or rule.status in BINDING_STATUSES):
                    chosen[key] = rule
                    break
        return chosen

    def first_rule(self, regime: str, include_proposed: bool = False) -> Rule | None:
        """The earliest primary rule of a regime (to explain `not_in_force`)."""
        candidates = [
            r
            for r in self.versions(regime, PROVISIONS[regime][0])
            if include_proposed or r.status in BINDING_STATUSES
        ]
        return min(candidates, key=lambda r: r.effective_from) if candidates else None


# Said after the citation of a rule that is not `verified` (taken from secondary sources):
# `approvals screen`, the Screening tab and the status report mark it alike.
VERIFY_MARK = "(verify)"


def unverified_among(book: Rulebook, rule_ids: Iterable[str]) -> frozenset[str]:
    """Those of `rule_ids` that `book` marks unverified, whose citations get VERIFY_MARK;
    an id the book does not hold (a rule an update withdrew, which a stored screening still
    cites) is marked too: nothing vouches for it now, and the withdrawn ground of a stored
    determination read as checked once its mark went."""
    return frozenset(rule_id for rule_id in rule_ids
                     if rule_id and ((rule := book.find(rule_id)) is None or not rule.verified))


def default_rulebook_dir() -> Path:
    return resource_path("rulebook")


def version_key(declared: str) -> tuple[int, ...] | None:
    """A declared version (`2026.11.2`) as numbers, to tell which of two is newer; None
    when it is not whole numbers joined by dots (`2026.11` < `2026.11.0` < `2026.11.1`)."""
    parts = declared.split(".")
    if not all(p.isascii() and p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


@lru_cache(maxsize=8)
def _load_cached(directory: str, fingerprint: tuple[tuple[str, int, int], ...]) -> Rulebook:
    return _load(Path(directory))


def load_rulebook(directory: Path | str | None = None) -> Rulebook:
    """Load and validate the rulebook in `directory` (default: resources/rulebook).

    Cached per directory and file stamps, so repeated calls cost a few `stat`s; an edited
    file is picked up.
    """
    path = Path(directory) if directory is not None else default_rulebook_dir()
    try:
        # One scan, one stat per file: this runs on every screening service call.
        with os.scandir(path) as entries:
            stamps = tuple(sorted(
                (entry.name, st.st_mtime_ns, st.st_size)
                for entry in entries if entry.name.endswith(".json") and entry.is_file()
                for st in (entry.stat(),)))
    except (FileNotFoundError, NotADirectoryError):
        stamps = ()  # the loader says "rulebook folder not found"
    except OSError as exc:
        raise RulebookError(Problem(str(path), f"cannot read the rulebook folder: {exc}")) from None
    return _load_cached(os.path.realpath(path), stamps)


@lru_cache(maxsize=1)
def default_rulebook() -> Rulebook:
    """The shipped rulebook, loaded once per process (the screening hot path uses this)."""
    return load_rulebook()


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return iso_date(value)
    except ValueError:
        return None


def published_problem(manifest: bytes) -> Problem | None:
    """A manifest's `published` that is no date (YYYY-MM-DD): refused when an update is
    packed or installed (it is shown with the update before it is installed: "published
    next Tuesday" was), not when a rulebook installed before is loaded, which a stricter
    check must not stop screening."""
    try:
        published = json.loads(manifest.decode("utf-8")).get("published")
    except (ValueError, AttributeError):
        return None  # the loader says what is wrong with the manifest itself
    if published is None or _parse_date(published) is not None:
        return None
    return Problem(MANIFEST, f"published: expected a date YYYY-MM-DD, got {_show(published)}")


def _read_json(file: Path, problems: list[Problem]) -> Any:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        problems.append(Problem(file.name, f"cannot be read: {exc}"))
        return None
    try:
        text = raw.decode("utf-8")
        data = json.loads(text, parse_float=Decimal)
    except UnicodeDecodeError:
        problems.append(Problem(file.name, "is not UTF-8 text"))
    except json.JSONDecodeError as exc:
        problems.append(Problem(f"{file.name}:{exc.lineno}:{exc.colno}",
                                f"not valid JSON: {json_error_words(exc)}"))
    else:
        # json keeps the last of a key given twice: a threshold given again further down
        # the same rule replaced the first without a word.
        repeated = repeated_key_problems(text, file.name)
        if not repeated:
            return data
        problems.extend(Problem(f"{file.name}: {p.path}", p.message) for p in repeated)
    return None


def _load(directory: Path) -> Rulebook:
    problems: list[Problem] = []
    if not directory.is_dir():
        raise RulebookError(Problem(str(directory), "rulebook folder not found"))
    manifest_file = directory / MANIFEST
    if not manifest_file.is_file():
        raise RulebookError(Problem(str(manifest_file), "rulebook manifest not found"))
    manifest = _read_json(manifest_file, problems)
    declared, order = "", list(REGIMES)
    if isinstance(manifest, dict):
        version = manifest.get("version")
        declared = version if isinstance(version, str) else ""
        if not declared.strip():
            # "" is text: said as empty, not as "expected text".
            problems.append(Problem(MANIFEST, "version: is empty; give the rulebook's version, "
                                              "e.g. 2026.11.4" if isinstance(version, str)
                                    else "version: expected text"))
        listed = manifest.get("regimes", order)
        if (not isinstance(listed, list) or not all(isinstance(r, str) for r in listed)
                or sorted(listed) != sorted(REGIMES)):
            problems.append(Problem(MANIFEST, f"regimes: must list exactly {', '.join(REGIMES)}"))
        else:
            order = listed
    elif manifest is not None:
        problems.append(Problem(MANIFEST, "expected a JSON object"))

    digest = hashlib.sha256()
    rules: list[Rule] = []
    notes: dict[str, str] = {}
    earlier: dict[str, tuple[str, str]] = {}
    seen_ids: dict[str, str] = {}
    regimes_with_rules: set[str] = set()
    unread: set[str] = set()  # files already said to be unreadable, or their rules bad
    for file in sorted(directory.glob("*.json")):
        digest.update(file.name.encode() + b"\0")
        with contextlib.suppress(OSError):  # an unreadable file is reported by _read_json
            digest.update(file.read_bytes() + b"\0")
        if file.name == MANIFEST:
            continue
        data = _read_json(file, problems)
        if data is None:
            unread.add(file.name)
            continue
        said_before = len(problems)
        rules.extend(_file_rules(file.name, data, problems, seen_ids, notes, earlier))
        regimes_with_rules.update(r.regime for r in rules)
        if len(problems) > said_before:  # its rules' problems said: not also "no rules"
            unread.add(file.name)

    for regime in REGIMES:
        # Named by the file a regime's rules are kept in, not by the folder (an update's
        # was a temporary one the officer never saw); an unreadable one is said once.
        file_name = f"{regime.lower()}.json"
        if regime in regimes_with_rules or file_name in unread:
            continue
        problems.append(Problem(file_name, f"no rules for regime {regime}" + (
            "" if (directory / file_name).is_file() else ": the file is missing")))
    problems.extend(_overlap_problems(rules))
    if problems:
        raise RulebookError(problems)

    index: dict[tuple[str, str], list[Rule]] = {}
    for rule in rules:
        index.setdefault((rule.regime, rule.provision), []).append(rule)
    frozen_index = {
        # Newest first; on the same date a reported/proposed version (when included) wins.
        key: tuple(
            sorted(
                group,
                key=lambda r: (r.effective_from, r.status not in BINDING_STATUSES),
                reverse=True,
            )
        )
        for key, group in index.items()
    }
    return Rulebook(
        version=f"{declared}+{digest.hexdigest()[:12]}",
        declared_version=declared,
        directory=directory,
        regimes=tuple(order),
        rules=tuple(rules),
        notes=MappingProxyType(notes),
        earlier_editions=MappingProxyType(earlier),
        _index=frozen_index,
    )


def _file_rules(
    name: str,
    data: Any,
    problems: list[Problem],
    seen_ids: dict[str, str],
    notes: dict[str, str],
    earlier: dict[str, tuple[str, str]],
) -> Iterable[Rule]:
    if not isinstance(data, dict):
        problems.append(Problem(name, "expected a JSON object with 'regime' and 'rules'"))
        return []
    regime = data.get("regime")
    if not isinstance(regime, str) or regime not in PROVISIONS:  # a list is not hashable
        problems.append(
            Problem(name, f"regime: {_show(regime)} is not one of {', '.join(REGIMES)}")
        )
        return []
    if isinstance(data.get("notes"), str):
        notes[regime] = data["notes"]
    if "earlier_editions" in data or "earlier_editions_zh" in data:
        en, zh = data.get("earlier_editions"), data.get("earlier_editions_zh")
        if isinstance(en, str) and en.strip() and isinstance(zh, str) and zh.strip():
            earlier[regime] = (en, zh)
        else:
            problems.append(Problem(name, "earlier_editions, earlier_editions_zh: give both, as text"))
    entries = data.get("rules")
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(name, "rules: expected a non-empty list of rule entries"))
        return []
    out = []
    for position, entry in enumerate(entries):
        rule = _rule(name, regime, position, entry, problems, seen_ids)
        if rule is not None:
            out.append(rule)
    return out


def _rule(
    name: str,
    regime: str,
    position: int,
    entry: Any,
    problems: list[Problem],
    seen_ids: dict[str, str],
) -> Rule | None:
    rule_id = entry.get("id") if isinstance(entry, dict) else None
    where = f"{name}: rules[{position}]" + (f" ({rule_id})" if isinstance(rule_id, str) else "")
    before = len(problems)

    def bad(message: str) -> None:
        problems.append(Problem(where, message))

    if not isinstance(entry, dict):
        bad("expected a rule object")
        return None
    for key, required in _RULE_KEYS.items():
        if required and key not in entry:
            bad(f"{key}: required field is missing")
    for key in entry:
        if key not in _RULE_KEYS:
            bad(f"{key}: unknown field")
    if "id" in entry:
        if not isinstance(rule_id, str) or not rule_id:
            bad(f"id: expected text, got {_show(rule_id)}")
        elif rule_id in seen_ids:
            bad(f"id: {rule_id} is also used in {seen_ids[rule_id]}")
        else:
            seen_ids[rule_id] = where
    if "regime" in entry and entry["regime"] != regime:
        bad(f"regime: {_show(entry['regime'])} does not match the file's regime {regime}")
    provision = entry.get("provision")
    if "provision" in entry and provision not in PROVISIONS[regime]:
        hint = " (time limits belong in workflow/clocks.json)" if provision == "clock" else ""
        bad(f"provision: {_show(provision)} is not one of {', '.join(PROVISIONS[regime])}{hint}")
    for key in ("title", "title_zh", "citation", "citation_zh"):
        if key in entry and _text(entry[key]):
            bad(f"{key}: {_text(entry[key])}")
    if "note" in entry and not isinstance(entry["note"], str):
        bad(f"note: expected text, got {_show(entry['note'])}")
    start = _parse_date(entry.get("effective_from"))
    if "effective_from" in entry and start is None:
        bad(f"effective_from: expected a date YYYY-MM-DD, got {_show(entry['effective_from'])}")
    end = _parse_date(entry.get("effective_to"))
    if entry.get("effective_to") is not None and end is None:
        bad(f"effective_to: expected a date YYYY-MM-DD or null, got {_show(entry['effective_to'])}")
    if start and end and end < start:
        bad(f"effective_to: {end} is before effective_from {start}")
    if "status" in entry and entry["status"] not in STATUSES:
        bad(f"status: {_show(entry['status'])} is not one of {', '.join(STATUSES)}")
    if "verified" in entry and not isinstance(entry["verified"], bool):
        bad(f"verified: expected true or false, got {_show(entry['verified'])}")
    parameters = entry.get("parameters")
    if "parameters" in entry:
        if not isinstance(parameters, dict):
            bad(f"parameters: expected an object, got {_show(parameters)}")
        elif provision in PROVISIONS[regime]:
            spec = PARAMETERS[(regime, provision)]
            optional = OPTIONAL_PARAMETERS.get((regime, provision), {})
            for pname, check in spec.items():
                if pname not in parameters:
                    bad(f"parameters.{pname}: required parameter is missing")
                else:
                    issue = check(parameters[pname])
                    if issue:
                        bad(f"parameters.{pname}: {issue}")
            for pname, (check, default) in optional.items():
                if pname not in parameters:
                    parameters = {**parameters, pname: copy(default)}
                elif issue := check(parameters[pname]):
                    bad(f"parameters.{pname}: {issue}")
            for pname in parameters:
                if pname not in spec and pname not in optional:
                    bad(f"parameters.{pname}: unknown parameter for {regime} {provision}")
            for pname in _PAIRED_DATED_TEXTS:
                en, zh = parameters.get(pname), parameters.get(f"{pname}_zh")
                if isinstance(en, dict) and isinstance(zh, dict) and set(en) != set(zh):
                    bad(f"parameters.{pname}_zh: expected the dates of {pname} "
                        f"({', '.join(sorted(en)) or 'none'}), got {', '.join(sorted(zh)) or 'none'}")
    if len(problems) > before:
        return None
    # No problem means every required field is there with its type (checked above).
    assert isinstance(rule_id, str) and isinstance(provision, str)
    assert isinstance(parameters, dict) and start is not None
    return Rule(
        id=rule_id,
        regime=regime,
        provision=provision,
        title=entry["title"],
        citation=entry["citation"],
        effective_from=start,
        effective_to=end,
        status=entry["status"],
        verified=entry["verified"],
        parameters=MappingProxyType(dict(parameters)),
        note=entry.get("note", ""),
        source=name,
        title_zh=entry["title_zh"],
        citation_zh=entry["citation_zh"],
    )


# The provisions screening cannot do without while its regime applies (screening._need):
# each regime's primary one, and US-OISP's prohibited and notifiable lists. Its exceptions,
# notification and penalties rules are optional.
NEEDED_PROVISIONS: dict[str, tuple[str, ...]] = {
    **{regime: provisions[:1] for regime, provisions in PROVISIONS.items()},
    "US-OISP": ("scope", "prohibited", "notifiable"),
}


def gap_problems(book: Rulebook) -> list[Problem]:
    """A needed provision with no version on a day its regime applies: an update that ended
    one version and started the next a day late was signed and installed, and every
    screening on that day (on today, every screening) failed. The choice of version changes
    only where a version starts or ends, so those days are all that is checked, each as
    screening reads it (`Rulebook.rules_on`). Checked when an update is packed or
    installed, not whenever a rulebook is read: one installed before the check would
    otherwise stop every screening, not those of its gap's days."""
    problems: list[Problem] = []
    for regime, (primary, *others) in NEEDED_PROVISIONS.items():
        own = [rule for rule in book.rules if rule.regime == regime]
        days = {rule.effective_from for rule in own}
        days |= {rule.effective_to + timedelta(days=1) for rule in own
                 if rule.effective_to is not None and rule.effective_to < date.max}
        said: set[str] = set()
        for day in sorted(days):
            for include_proposed in (False, True):
                rules = book.rules_on(day, include_proposed)
                applies = rules.get(regime, primary)
                if applies is None:  # the regime is not in force then, or its main rule has a gap
                    if primary not in said and (gap := _main_rule_gap(
                            book, regime, primary, day, include_proposed)) is not None:
                        said.add(primary)
                        problems.append(gap)
                    continue
                for provision in others:
                    if provision in said or rules.get(regime, provision) is not None:
                        continue
                    said.add(provision)
                    ended = [r for r in book.versions(regime, provision)
                             if r.effective_to is not None and r.effective_to < day]
                    named = max(ended, key=lambda r: r.effective_to or day) if ended else applies
                    problems.append(Problem(
                        f"{named.source}: {named.id}",
                        f"no '{provision}' rule of {regime} applies on {day}, while {applies.id} "
                        f"does: screening needs one on every day the regime applies (end the "
                        f"version before the day the next one starts)"))
    return problems


def _main_rule_gap(book: Rulebook, regime: str, primary: str, day: date,
                   include_proposed: bool) -> Problem | None:
    """On a day no version of the regime's main rule applies: a gap when one ended before
    and another starts after (a typo in one effective_to switched the regime off, "not in
    force", for those days); None for a regime not yet or no longer in force."""
    counted = [r for r in book.versions(regime, primary)
               if include_proposed or r.status in BINDING_STATUSES]
    ended = [r for r in counted if r.effective_to is not None and r.effective_to < day]
    later = [r for r in counted if r.effective_from > day]
    if not (ended and later):
        return None
    before = max(ended, key=lambda r: r.effective_to or day)
    after = min(later, key=lambda r: r.effective_from)
    return Problem(f"{before.source}: {before.id}",
                   f"no '{primary}' rule of {regime} applies from {day} until {after.id} takes "
                   f"effect on {after.effective_from}: screening would find {regime} not in "
                   "force on those days (end the version the day before the next one starts)")


def _overlap_problems(rules: list[Rule]) -> list[Problem]:
    """Two versions of one provision with the same status class and start date are ambiguous."""
    seen: dict[tuple[str, str, bool, date], Rule] = {}
    problems = []
    for rule in rules:
        key = (rule.regime, rule.provision, rule.status in BINDING_STATUSES, rule.effective_from)
        other = seen.get(key)
        if other is not None:
            problems.append(
                Problem(
                    f"{rule.source}: {rule.id}",
                    f"effective_from {rule.effective_from} is the same as {other.id} "
                    f"({other.source}) for {rule.regime} {rule.provision}: which applies is ambiguous",
                )
            )
        else:
            seen[key] = rule
    return problems


# --- each rule's standing on a date (for the rulebook window) ------------------------------

# What a rule version is on one date, as `rule_standings` decides it.
STANDING_LABELS: dict[str, str] = {
    "applies": "Applies",
    "superseded": "Superseded",
    "not_yet_in_force": "Not yet in force",
    "ended": "No longer in force",
    "not_included": "Not applied (reported / proposed)",
    "regime_not_in_force": "Not used (regime not in force)",
}


@dataclass(frozen=True)
class RuleStanding:
    """One rule version on one date: whether the screening applies it, and if not, why."""

    rule: Rule
    standing: str  # a key of STANDING_LABELS
    applied: Rule | None  # the version of the same provision that applies on the date
    regime_in_force: bool  # a primary rule of the regime applies: else it screens not_in_force
    explanation: str

    @property
    def label(self) -> str:
        return STANDING_LABELS[self.standing]


def rule_standings(book: Rulebook, as_of: date, include_proposed: bool = False) -> tuple[RuleStanding, ...]:
    """Every rule of `book` with its standing on `as_of`: regimes in the rulebook's order,
    provisions in PROVISIONS order, newest version first.

    Which version applies is read from `book.rules_on` — the very selection `screen()`
    uses — so this can never disagree with a screening on the same date and setting.
    """
    chosen = book.rules_on(as_of, include_proposed)
    out: list[RuleStanding] = []
    for regime in book.regimes:
        in_force = chosen.get(regime, PROVISIONS[regime][0]) is not None
        for provision in PROVISIONS[regime]:
            applied = chosen.get(regime, provision)
            for rule in book.versions(regime, provision):
                standing, why = _standing(rule, applied, as_of, include_proposed)
                if standing == "applies" and not in_force:
                    # The regime screens not_in_force whatever its other provisions say:
                    # "Applies" on them read as the version the screening uses.
                    standing = "regime_not_in_force"
                    why = (f"In force on {as_of.isoformat()}, but not used: no version of "
                           f"the regime's {PROVISIONS[regime][0]} rule applies then, so "
                           f"{regime} screens as not in force.")
                out.append(RuleStanding(rule, standing, applied, in_force, why))
    return tuple(out)


def _standing(rule: Rule, applied: Rule | None, as_of: date, include_proposed: bool) -> tuple[str, str]:
    day = as_of.isoformat()
    reported = rule.status == "reported"
    if applied is rule:
        if rule.status in BINDING_STATUSES:
            return "applies", f"The screening applies this version on {day}."
        return "applies", (f"The screening applies this {rule.status} measure on {day} because "
                           "reported / proposed measures are included.")
    if rule.status not in BINDING_STATUSES and not include_proposed:
        since = "first reported" if reported else "dated"
        return "not_included", (f"A {rule.status} measure ({since} {rule.effective_from}): the "
                                "screening applies it only when reported / proposed measures "
                                "are included.")
    if as_of < rule.effective_from:
        verb = "is first reported" if reported else "takes effect"
        return "not_yet_in_force", f"Not yet in force on {day}: {verb} on {rule.effective_from}."
    if applied is not None:
        if rule.applies_on(as_of):
            why = f"{applied.id} (from {applied.effective_from}) applies instead on {day}."
        else:
            why = f"ended on {rule.effective_to}; {applied.id} (from {applied.effective_from}) applies on {day}."
        return "superseded", f"Superseded: {why}"
    return "ended", f"Ended on {rule.effective_to}; no version of this provision applies on {day}."


def regime_names(book: Rulebook) -> dict[str, str]:
    """Each regime's full name, as its rule file's `name` gives it (the regime code where a
    file has none). Read from the rulebook's own folder: the loader keeps no names."""
    names: dict[str, str] = {}
    for file in sorted(book.directory.glob("*.json")):
        if file.name == MANIFEST:
            continue
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue  # the loader already accepted these files; a change since is not ours
        if isinstance(data, dict) and isinstance(data.get("name"), str) and data.get("regime") in PROVISIONS:
            names[data["regime"]] = data["name"]
    return {regime: names.get(regime, regime) for regime in book.regimes}
