"""Screening: which approvals a deal needs, why, and under which rule version.

`screen(facts, as_of, include_proposed)` is the one pure function every caller uses (CLI,
intake wizard, re-screening). It reads thresholds and citations from the rulebook (loaded
once and cached) and gives one determination per regime with reasons that quote the
facts and the rule, so a reviewer can check each step.

Unknown facts are never assumed: conditions are three-valued (true / false / unknown).
An outcome is decided as soon as known facts settle it; otherwise it is `needs_info`
and names every facts path that would settle it.

Counting conventions (regulatory-reference.md): "以上" / "or more" / "at least" include the
number, "超过" / "more than" exclude it; numbers are compared exactly as written (a float
fact is compared through its decimal representation, so 1e25 equals 10^25).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Context, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from approvals.domain.errors import Problem
from approvals.domain.facts import AI_ACTIVITIES, Facts, Investor, Target
from approvals.domain.field_labels import choice_name, field_name
from approvals.domain.numbers import counted
from approvals.domain.places import (
    ISO_3166_CODES,
    country_code_problem,
    iso_code_meant,
    known_place_name,
    names_zh,
    place_name_zh,
    place_zh,
    places_zh,
    read_place,
)
from approvals.domain.rulebook import (
    BINDING_STATUSES,
    PROVISIONS,
    Rule,
    Rulebook,
    RulebookError,
    RuleSet,
    default_rulebook,
)
from approvals.domain.typed_input import Unreadable, quoted
from approvals.domain.wording import mid_sentence

OUTCOMES: tuple[str, ...] = (
    "prohibited",
    "approval_required",
    "filing_required",
    "notification_required",
    "excepted",
    "not_required",
    "not_in_force",
    "needs_info",
)
PROPOSED_ONLY_REGIMES = frozenset({"CN-US-CAPITAL"})
# Outcomes that block a deal's completion where no filing track carries them: a prohibition
# (the negative list's opens no track) and a regime the screening could not decide.
COMPLETION_BLOCKING = frozenset({"prohibited", "needs_info"})


# --- result types --------------------------------------------------------------------------


class Reason(NamedTuple):
    """Why: the rule (id and citation) and the words a reviewer can check, in English and
    in Chinese (the same facts and thresholds; the bilingual filings print both). A named
    tuple because screening builds many of them (cheaper than a frozen dataclass).

    The Chinese fields are empty for screenings stored before they existed. `advice` marks
    a point for the officer to check (facts the rule could turn on that the facts file has
    no field for), not a ground of the determination: the app and the status report show
    it; a filing to an authority lists it in a draft's box, not among its grounds."""

    rule: str
    citation: str
    text: str
    text_zh: str = ""
    citation_zh: str = ""
    advice: bool = False

    def to_json_dict(self) -> dict[str, str]:
        """The `approvals screen --json` shape: exactly rule, citation, text."""
        return {"rule": self.rule, "citation": self.citation, "text": self.text}

    def to_storage_dict(self) -> dict[str, Any]:
        """What a stored screening keeps: the CLI keys plus the Chinese text and citation,
        and `advice` on a point to check (absent otherwise, as before it existed)."""
        stored: dict[str, Any] = {"rule": self.rule, "citation": self.citation, "text": self.text,
                                  "text_zh": self.text_zh, "citation_zh": self.citation_zh}
        if self.advice:
            stored["advice"] = True
        return stored

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reason:
        """Either shape; a reason without the Chinese fields keeps them empty. A Chinese
        line stored before it read as Chinese (facts paths, codes, ISO dates) is shown and
        printed in today's words; the English, the record the CLI gives, is as stored."""
        return cls(data["rule"], data["citation"], data["text"],
                   data.get("text_zh") or "", data.get("citation_zh") or "",
                   data.get("advice") is True).in_todays_words()

    def in_todays_words(self) -> Reason:
        """The reason with a Chinese line stored before it read as Chinese (facts paths,
        codes, ISO dates) in today's words (chinese_of_the_day); the English as stored."""
        text_zh = chinese_of_the_day(self.text_zh)
        citation_zh = citation_of_the_day(self.citation_zh)
        if (text_zh, citation_zh) == (self.text_zh, self.citation_zh):
            return self
        return self._replace(text_zh=text_zh, citation_zh=citation_zh)


@dataclass(frozen=True, slots=True)
class Determination:
    regime: str
    outcome: str
    status: str
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()

    def to_json_dict(self, *, storage: bool = False) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "outcome": self.outcome,
            "status": self.status,
            "reasons": [r.to_storage_dict() if storage else r.to_json_dict() for r in self.reasons],
            "missing": list(self.missing),
        }


def _grounds(determination: Determination, with_zh: bool) -> set[tuple[str, str, str]]:
    """A determination's rules and citations (the Chinese ones too, when `with_zh`)."""
    return {(r.rule, r.citation, r.citation_zh if with_zh else "")
            for r in determination.reasons}


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    as_of: date
    rulebook: str
    determinations: tuple[Determination, ...]

    def to_json_dict(self) -> dict[str, Any]:
        """Exactly the `approvals screen --json` shape of spec/cli.md."""
        return {
            "as_of": self.as_of.isoformat(),
            "rulebook": self.rulebook,
            "determinations": [d.to_json_dict() for d in self.determinations],
        }

    def to_storage_dict(self) -> dict[str, Any]:
        """The CLI document with each reason's Chinese text and citation added: what a
        stored screening keeps, so filings can print the reasons in both languages."""
        return {
            "as_of": self.as_of.isoformat(),
            "rulebook": self.rulebook,
            "determinations": [d.to_json_dict(storage=True) for d in self.determinations],
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> ScreeningResult:
        """Reads either document (CLI or storage; stored screenings older than the Chinese
        fields load with them empty)."""
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            rulebook=data["rulebook"],
            determinations=tuple(
                Determination(
                    regime=d["regime"],
                    outcome=d["outcome"],
                    status=d["status"],
                    reasons=tuple(Reason.from_dict(r) for r in d["reasons"]),
                    missing=tuple(d.get("missing", ())),
                )
                for d in data["determinations"]
            ),
        )

    def outcomes(self) -> dict[str, str]:
        return {d.regime: d.outcome for d in self.determinations}

    def determination(self, regime: str) -> Determination | None:
        for d in self.determinations:
            if d.regime == regime:
                return d
        return None

    def cited_differently(self, earlier: ScreeningResult) -> tuple[str, ...]:
        """The regimes whose outcome is the same as in `earlier` but whose grounds are
        not: another rule or citation (a rulebook update that corrects a citation). Their
        filings print the grounds, so an unchanged outcome is not the whole story. The
        reasons' own words are not compared (they carry the as-of date), nor the Chinese
        citations of a screening stored before they were kept."""
        changed = []
        for d in self.determinations:
            before = earlier.determination(d.regime)
            if before is None or before.outcome != d.outcome:
                continue
            with_zh = all(r.citation_zh for r in before.reasons)
            if _grounds(before, with_zh) != _grounds(d, with_zh):
                changed.append(d.regime)
        return tuple(changed)

    def binding_blocks(self) -> tuple[tuple[str, str], ...]:
        """(regime, outcome) of each measure in force that the screening found prohibited
        or could not decide (needs_info): what blocks the deal's completion unless a filing
        track of the regime carries it (services.workflow.completion_blockers)."""
        return tuple((d.regime, d.outcome) for d in self.determinations
                     if d.status in BINDING_STATUSES and d.outcome in COMPLETION_BLOCKING)


# ScreeningResult.binding_blocks as the case row keeps them (Case.screening_blocks), for the
# case list and the dashboard to read without the stored screening: "REGIME:outcome" items.
def blocks_text(blocks: Iterable[tuple[str, str]]) -> str:
    return " ".join(f"{regime}:{outcome}" for regime, outcome in blocks)


@lru_cache(maxsize=1024)
def blocks_from_text(text: str) -> tuple[tuple[str, str], ...]:
    """blocks_text read back: ((regime, outcome), ...)."""
    return tuple((regime, outcome) for regime, _, outcome in
                 (item.partition(":") for item in text.split()))


# --- three-valued conditions ---------------------------------------------------------------


class _T(NamedTuple):
    """A tested condition: True / False / None (unknown), why, and what is missing."""

    value: bool | None
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()


_YES = _T(True, ())


def _r(rule: Rule, text: str, text_zh: str) -> Reason:
    return Reason(rule.id, rule.citation, text, text_zh, rule.citation_zh)


def _advice(rule: Rule, text: str, text_zh: str) -> Reason:
    """A point for the officer to check under `rule` (Reason.advice), not a ground."""
    return Reason(rule.id, rule.citation, text, text_zh, rule.citation_zh, advice=True)


def _all(*tests: _T) -> _T:
    """Conjunction: false as soon as one is false; unknown if any is unknown."""
    reasons: list[Reason] = []
    missing: list[str] = []
    unknown = False
    for t in tests:
        if t.value is False:
            return _T(False, t.reasons)
        reasons.extend(t.reasons)
        if t.value is None:
            unknown = True
            missing.extend(t.missing)
    return _T(None, tuple(reasons), tuple(missing)) if unknown else _T(True, tuple(reasons))


def _any(*tests: _T) -> _T:
    """Disjunction: true as soon as one is true (its reasons); unknown if any is unknown."""
    hits = [t for t in tests if t.value is True]
    if hits:
        return _T(True, tuple(r for t in hits for r in t.reasons))
    reasons = tuple(r for t in tests for r in t.reasons)
    missing = tuple(p for t in tests if t.value is None for p in t.missing)
    return _T(None if missing or any(t.value is None for t in tests) else False, reasons, missing)


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(items))


# Every fact the facts leave out is said in one sentence shape, its path after it for a
# facts file: "the facts do not state whether the deal transfers technology (deal.…)".
def _not_stated(*named: tuple[str, str]) -> str:
    """`the facts do not state A (path) or B (path)`: each fact in words, then its path."""
    return "the facts do not state " + _facts_named(*named)


def _facts_named(*named: tuple[str, str]) -> str:
    """`A (path) or B (path)`: each fact in words, then its path."""
    return " or ".join(f"{what} ({path})" for what, path in named)


# The Chinese text names a fact as the wizard does, never by its facts path: the path is
# in the English line (and in the determination's `missing`) for a facts file.
def _fields_zh(paths: Iterable[str]) -> str:
    """“是否取得实际控制权”、“交易后持股比例（%）”: the fields by their Chinese names."""
    return "、".join(f"“{field_name(path, 'zh')}”" for path in paths)


def _date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- Chinese lines stored before they read as Chinese --------------------------------------
# Screenings are stored with their words; those stored before the Chinese named facts by
# their labels carried paths, codes and ISO dates. Read back, they say what today's say.
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FACT_PATH = r"(?:target|investor|deal)\.[a-z_.]*[a-z]"
_PATH_AFTER = re.compile(rf"（{_FACT_PATH}）")
_PATHS_NOT_GIVEN = re.compile(rf"({_FACT_PATH}(?:、{_FACT_PATH})*)未提供")
_REGIME_CODE, _RULE_ID, _DAY = r"[A-Z]{2}-[A-Z-]+", r"[A-Z]{2}-[A-Z-]+\.[a-z_]+\.[0-9-]+", r"(\d{4}-\d{2}-\d{2})"
_OLD_NOT_IN_FORCE = (
    (re.compile(rf"{_REGIME_CODE}在{_DAY}尚未见诸报道：{_RULE_ID}于{_DAY}首次见诸报道"),
     "截至{0}，该措施尚未见诸报道（于{1}首次见诸报道）"),
    (re.compile(rf"本规则库收录的{_REGIME_CODE}规则在{_DAY}均未生效：最早收录的{_RULE_ID}自{_DAY}起施行；"),
     "本规则库收录的版本于{0}均未施行（最早收录的版本自{1}起施行）；"),
    (re.compile(rf"{_REGIME_CODE}在{_DAY}尚未生效：{_RULE_ID}自{_DAY}起施行"), "本规则于{0}尚未施行，自{1}起施行"),
    (re.compile(rf"本规则库中没有适用于{_DAY}的{_REGIME_CODE}规则"), "本规则库中没有适用于{0}的规则"),
)
_OLD_WORDS = (
    ("（CN-FISR 第四条）", "（《外商投资安全审查办法》第四条）"),
    ("请同时记录增值电信业务（value_added_telecom），", "请在“主营业务”中同时记录“增值电信业务”，"),
)


def _day_zh(iso: str) -> str:
    # Stored text is data: a day that is no date (an edited row) stays as written.
    try:
        return _date_zh(date.fromisoformat(iso))
    except ValueError:
        return iso


def _date_match_zh(match: re.Match[str]) -> str:
    return _day_zh(match[0])


def _in_words(words: str) -> Callable[[re.Match[str]], str]:
    """The replacement of an old not-in-force line: `words` with its two days in Chinese."""
    return lambda match: words.format(*map(_day_zh, match.groups()))


@lru_cache(maxsize=256)  # a few dozen citations, read with every stored reason
def citation_of_the_day(citation_zh: str) -> str:
    """A stored Chinese citation with its dates written 2026年4月24日."""
    return _ISO_DATE.sub(_date_match_zh, citation_zh)


@lru_cache(maxsize=8192)  # stored screenings repeat the same lines case after case
def chinese_of_the_day(text_zh: str) -> str:
    """A stored Chinese reason in today's words: facts paths named by their fields (or
    left out where the reason names the fact already), codes and regimes by their Chinese
    names, dates 2026年4月24日. Text already so written is returned as it is."""
    if not re.search(r"[a-z]_|[a-z]\.[a-z]|\d{4}-\d{2}-\d{2}", text_zh):
        return text_zh  # nearly every line: nothing to do
    for pattern, words in _OLD_NOT_IN_FORCE:
        text_zh = pattern.sub(_in_words(words), text_zh)
    for old, new in _OLD_WORDS:
        text_zh = text_zh.replace(old, new)
    text_zh = _PATH_AFTER.sub("", text_zh)
    return _PATHS_NOT_GIVEN.sub(lambda m: f"未提供{_fields_zh(m[1].split('、'))}", text_zh)


class _Outcome(NamedTuple):
    outcome: str
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()


def _decide(scope: _T, tiers: Sequence[tuple[str, _T]]) -> _Outcome:
    """The first tier that is true decides, once scope and every higher tier are settled."""
    if scope.value is False:
        return _Outcome("not_required", scope.reasons)
    reasons: list[Reason] = list(scope.reasons)
    missing: list[str] = []
    for outcome, test in tiers:
        reasons.extend(test.reasons)
        if test.value is True:
            if missing or scope.value is None:
                return _Outcome("needs_info", tuple(reasons), tuple(missing) + scope.missing)
            return _Outcome(outcome, tuple(reasons))
        if test.value is None:
            missing.extend(test.missing)
    if missing:
        return _Outcome("needs_info", tuple(reasons), tuple(missing) + scope.missing)
    # No tier can apply: scope that is still unknown does not matter any more.
    known_scope = scope.reasons if scope.value is True else ()
    return _Outcome("not_required", known_scope + tuple(r for _, t in tiers for r in t.reasons))


# --- numbers, exactly as written -----------------------------------------------------------


def _exact(value: Any) -> Any:
    return Decimal(repr(value)) if type(value) is float else value


@lru_cache(maxsize=4096)  # thresholds are formatted over and over
def figure_text(value: Any) -> str:
    """1,000,000 / 6.5 / 12,000,000,000: thousands separators, no float noise."""
    if type(value) is int:
        return f"{value:,}"
    value = _exact(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value).lower()
        value = value.normalize()
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value:,f}"
    return f"{value:,}"


@lru_cache(maxsize=4096)
def _ops(value: Any) -> str:
    """Training compute in scientific notation as an engineer writes it: 3.1e25."""
    value = Decimal(_exact(value))
    if value == 0 or not value.is_finite():
        return figure_text(value)
    # In the figure's own precision: the default 28 digits would print 10^28 + 1 as 1e28.
    text = format(value.normalize(Context(prec=len(value.as_tuple().digits))), "e")
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"


def operations_text(value: Any) -> str:
    """Training compute written as the reasons write it (6e23), for screens to match."""
    return _ops(value)


def pct_text(value: Any) -> str:
    return f"{figure_text(value)} %"


def rmb_text(value: Any) -> str:
    return f"RMB {figure_text(value)}"


def usd_text(value: Any) -> str:
    return f"USD {figure_text(value)}"


# Chinese forms: the same digits as the English ones, with Chinese units around them.
def _pct_zh(value: Any) -> str:
    return f"{figure_text(value)}%"


def _rmb_zh(value: Any) -> str:
    return f"人民币{figure_text(value)}元"


def _usd_zh(value: Any) -> str:
    return f"{figure_text(value)}美元"


# Chinese counting words (regulatory-reference.md): 以上 includes the number, 超过 and
# 不满 exclude it; 以下 (for "or less") includes it.
_COMPARISONS: dict[str, tuple[Callable[[Any, Any], bool], str, str, str, str]] = {
    "more_than": (lambda v, t: v > t, "is more than", "is not more than", "超过{}", "未超过{}"),
    "at_least": (lambda v, t: v >= t, "is at least", "is less than", "达到{}以上", "不满{}"),
    "at_most": (lambda v, t: v <= t, "is at most", "is more than", "在{}以下", "超过{}"),
}
INCLUSIVE_ZH = "（“以上”含本数）"
EXCLUSIVE_ZH = "（“超过”不含本数）"


def _compare(
    rule: Rule,
    value: Any,
    threshold: Any,
    path: str,
    subject: str,
    subject_zh: str,
    op: str,
    fmt: Callable[[Any], str] = figure_text,
    unit: str = "",
    note: str = "",
    *,
    fmt_zh: Callable[[Any], str] | None = None,
    unit_zh: str = "",
    note_zh: str = "",
    unknown: str = "",
) -> _T:
    """`subject value unit is more than / at least / at most threshold unit` (or not), and in
    Chinese `subject_zh为value unit，超过 / 达到…以上 / 在…以下 threshold unit`. A value not
    given is said with `unknown`, the sentence that says so (by default "the facts do not
    state the subject", "the number of …" for a subject that counts individuals)."""
    if value is None:
        if not unknown:
            unknown = _not_stated((f"the number of {subject[:-1]}" if subject.endswith(":")
                                   else f"the {subject}", path))
        return _T(None, (_r(rule, unknown, f"{subject_zh}未提供"),), (path,))
    test, yes, no, yes_zh, no_zh = _COMPARISONS[op]
    hit = test(_exact(value), threshold)
    word = yes if hit else no
    fz = fmt_zh or fmt
    word_zh = (yes_zh if hit else no_zh).format(f"{fz(threshold)}{unit_zh}")
    return _T(hit, (_r(
        rule,
        f"{subject} {fmt(value)}{unit} {word} {fmt(threshold)}{unit}{note}",
        f"{subject_zh}为{fz(value)}{unit_zh}，{word_zh}{note_zh}",
    ),))


def _flag(
    rule: Rule, value: bool | None, path: str, yes: str, no: str, unknown: str,
    yes_zh: str, no_zh: str, unknown_zh: str,
) -> _T:
    if value is None:
        return _T(None, (_r(rule, _not_stated((unknown, path)), f"{unknown_zh}未说明"),), (path,))
    return _T(value, (_r(rule, yes, yes_zh) if value else _r(rule, no, no_zh),))


# --- names of the facts' codes (presentation only) -----------------------------------------

# The reasons name a code as the wizard, the case window, the change history and the
# filings do: labels.json's name of the choice (field_labels.choice_name), one list for
# all of them. What a rule says of a code beyond its name stays with the rule (the
# negative list prohibits internet culture operations with music excepted).
_NEGATIVE_LIST_QUALIFIERS: dict[str, tuple[str, str]] = {
    "internet_culture": (" (music excepted)", "（音乐除外）"),
}


@lru_cache(maxsize=512)
def code_name(path: str, code: str, lang: str = "en") -> str:
    """The name of one code of a coded fact (`target.security_sectors`, `military`) as the
    reasons write it mid-sentence: labels.json's (in English lower-case where a sentence
    needs it, "military industry, military-supporting industries or near military
    facilities"; in Chinese as it stands); the code itself when the list has none."""
    name = choice_name(path, code, "zh" if lang == "zh" else "en")
    return name if lang == "zh" or name == code else mid_sentence(name)


def _labels(path: str, codes: Iterable[str], qualifiers: dict[str, tuple[str, str]] | None = None) -> str:
    notes = qualifiers or {}
    return ", ".join(code_name(path, c) + notes.get(c, ("", ""))[0] for c in codes)


def _labels_zh(path: str, codes: Iterable[str], qualifiers: dict[str, tuple[str, str]] | None = None) -> str:
    notes = qualifiers or {}
    return "、".join(code_name(path, c, "zh") + notes.get(c, ("", ""))[1] for c in codes)


# The facts field whose codes a rulebook parameter lists (for naming them in words).
PARAMETER_FIELDS: dict[str, str] = {
    "activities": "target.activities",
    "prohibited_activities": "target.activities",
    "foreign_equity_cap_pct": "target.activities",
    "check_by_hand": "target.activities",
    "unless": "target.activities",
    "sectors_regardless_of_control": "target.security_sectors",
    "sectors_requiring_control": "target.security_sectors",
    "ai_end_uses": "target.ai.end_uses",
    "covered_instruments": "deal.instrument",
    "instruments": "deal.instrument",
}


def parameter_code_name(parameter: str, code: str) -> str:
    """A code listed by a rulebook parameter, named as the reasons name it."""
    return code_name(PARAMETER_FIELDS.get(parameter, ""), code)


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(codes)


def _member(
    rule: Rule, present: Sequence[str] | None, listed: Sequence[str], yes: str, no: str,
    path: str, yes_zh: str, no_zh: str, qualifiers: dict[str, tuple[str, str]] | None = None,
) -> _T:
    """Does the list of the target's codes include one of the rule's codes? An absent list
    is unknown (an empty one means none)."""
    if present is None:
        return _T(None, (_r(
            rule,
            _not_stated((_FACT_LISTS.get(path, "the list"), path)),
            f"{_FACT_LISTS_ZH.get(path) or field_name(path, 'zh')}未提供",
        ),), (path,))
    hits = [c for c in present if c in listed]
    if hits:
        # "涉及{}领域" with a field whose name ends in 领域 (其他重要领域) said it twice.
        said_zh = yes_zh.format(_labels_zh(path, hits, qualifiers)).replace("领域领域", "领域")
        return _T(True, (_r(rule, yes.format(_labels(path, hits, qualifiers)), said_zh),))
    return _T(False, (_r(rule, no.format(_labels(path, listed, qualifiers)),
                         no_zh.format(_labels_zh(path, listed, qualifiers))),))


_FACT_LISTS = {
    "target.activities": "the target's activities",
    "target.security_sectors": "the target's security-review fields under CN-FISR Art. 4",
    "target.ai.end_uses": "the AI end uses",
}
_FACT_LISTS_ZH = {
    "target.activities": "目标公司的经营活动",
    "target.security_sectors": "目标公司涉及的安全审查领域（《外商投资安全审查办法》第四条）",
    "target.ai.end_uses": "人工智能最终用途",
}


# --- shared facts tests --------------------------------------------------------------------


def _within(territory: Sequence[str]) -> str:
    return f"within the territory ({_codes(territory)})"


# After a place that is inside the territory ("target is organised in CN: within the
# territory"): the place just named says where, so the territory's codes are not named
# again, as the Chinese (位于境内) does not.
_WITHIN_NAMED = "within the territory"
# Likewise in Chinese: 境内 alone, so a territory of several places does not name the one
# just said again ("注册于中国香港（HK）：位于境内", not "…：位于境内（中国、中国香港）").
_WITHIN_NAMED_ZH = "位于境内"


def _within_zh(territory: Sequence[str]) -> str:
    # Read after 是否 / 不 too: "是否位于境内", "不位于境内". 境内 is the statutes' own word
    # for China's territory, so a territory of China alone is not named again.
    if list(territory) == ["CN"]:
        return "位于境内"
    return f"位于境内（{names_zh(territory)}）"


def _place(code: str | None) -> str | None:
    # A blank place is not given (the schema only asks for a string); a two-letter code is
    # compared in upper case, anything else is kept as written, to be quoted.
    if not isinstance(code, str):
        return None
    code = code.strip()
    return (code.upper() if len(code) == 2 else code) or None


# ISO 3166 leaves XX to its users; the facts use it for a place unknown or not stated.
UNKNOWN_PLACE = "XX"
# How a reason says a place given as XX (the filings find these words to say "not stated").
UNKNOWN_PLACE_WORDS = f"given as {UNKNOWN_PLACE}, which means unknown or not stated"
UNKNOWN_PLACE_WORDS_ZH = f"填为{UNKNOWN_PLACE}，即未知或未说明"


def _unreadable(code: str | None) -> bool:
    """A place that is not an ISO 3166 code ("CHN", "China", or two letters ISO 3166 does
    not give, such as "ZH") cannot be compared with the rule's codes: reading it as
    "elsewhere" would clear a Chinese target, so it is unknown. So is XX, which says the
    place is unknown: it is no place outside the territory."""
    return code is not None and code not in ISO_3166_CODES


def _two_letters(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.isalpha()


def _code_meant(place: str) -> str | None:
    """The code of a place written by its name, as the wizard and review mode read places
    (domain.places.read_place: China, 中国, Hong Kong SAR, a province of China in pinyin such
    as Guangdong): the code to write instead; None for a text that names no one place."""
    try:
        return read_place(place)
    except Unreadable:  # an unknown name, a three-letter code, several places
        return None


def _not_a_code(code: str) -> str:
    # A place named ("Guangdong", "China") is still not compared, so the screening stays
    # what the facts say; the message says the code to write ("write CN (China)").
    if code == UNKNOWN_PLACE:
        return UNKNOWN_PLACE_WORDS
    if _two_letters(code):
        return country_code_problem(code) or ""
    meant = _code_meant(code)
    name = known_place_name(meant) if meant else ""
    instead = f": write {meant}{f' ({name})' if name else ''}" if meant else ""
    return f"{quoted(code)} is not a two-letter country code (ISO 3166-1 alpha-2){instead}"


def _not_a_code_zh(code: str) -> str:
    if code == UNKNOWN_PLACE:
        return UNKNOWN_PLACE_WORDS_ZH
    if _two_letters(code):
        right = iso_code_meant(code)
        return f"“{code}”不是ISO 3166国家代码" + (f"，应填写{place_zh(right)}" if right else "")
    meant = _code_meant(code)
    instead = f"，应填写{place_zh(meant)}" if meant else ""  # 应填写中国（CN）
    return f"“{code}”不是两位字母国家代码（ISO 3166-1 alpha-2）{instead}"


def _target_in(
    rule: Rule, target: Target, codes: Sequence[str], where: str, where_zh: str,
    named: str | None = None, named_zh: str | None = None,
) -> _T:
    """Organised or headquartered in one of `codes`. `where_zh` reads after 是否 / 不
    ("位于境内"). The Chinese text names each place (中国（CN）), its code given once.
    `named` / `named_zh`, if given, are said instead of `where` / `where_zh` after a place
    of `codes` just named ("organised in CN: within the territory", not "… (CN)")."""
    there = where if named is None else named
    there_zh = where_zh if named_zh is None else named_zh
    org_raw, hq_raw = _place(target.jurisdiction), _place(target.headquarters)
    org = None if _unreadable(org_raw) else org_raw
    hq = None if _unreadable(hq_raw) else hq_raw
    if org is not None and org in codes:
        return _T(True, (_r(rule, f"target is organised in {org}: {there}",
                            f"目标公司注册于{place_zh(org)}：{there_zh}"),))
    if hq is not None and hq in codes:
        if org:
            # Where it is organised first, in both languages: no parentheses after "within the territory".
            org_zh, hq_zh = places_zh((org, hq))
            return _T(True, (_r(rule, f"target is organised in {org} and headquartered in {hq}: {there}",
                                f"目标公司注册于{org_zh}、总部位于{hq_zh}：{there_zh}"),))
        if org_raw:
            org_text = f"place of organisation {_not_a_code(org_raw)}"
            text_zh = f"目标公司总部位于{place_zh(hq)}：{there_zh}（注册地{_not_a_code_zh(org_raw)}）"
        else:
            org_text = "the facts do not state its place of organisation"
            text_zh = f"目标公司总部位于{place_zh(hq)}：{there_zh}（注册地未提供）"
        return _T(True, (_r(rule, f"target is headquartered in {hq}: {there} ({org_text})", text_zh),))
    if org != org_raw or hq != hq_raw:
        # Unreadable codes (and any place not given) leave the question open.
        parts: list[str] = []
        parts_zh: list[str] = []
        # After "the facts do not state the target's place of organisation", "its headquarters".
        its = "its " if org_raw is None else ""
        for label, label_zh, raw, path in (
            ("place of organisation", "注册地", org_raw, "target.jurisdiction"),
            ("headquarters", "总部所在地", hq_raw, "target.headquarters"),
        ):
            if raw is None:
                # The target is named once, in the first part.
                whose = "its" if parts else "the target's"
                parts.append(_not_stated((f"{whose} {label}", path)))
                parts_zh.append(f"{label_zh}未提供")
            elif _unreadable(raw):
                parts.append(f"{its}{label} {_not_a_code(raw)} ({path})")
                parts_zh.append(f"{label_zh}{_not_a_code_zh(raw)}")
            else:
                parts.append(f"{its}{label} {raw}")
                parts_zh.append(f"{label_zh}为{place_zh(raw)}")
        raw_first_missing = org_raw is None  # the sentence then begins "the facts do not state"
        missing = tuple(
            path for raw, path in ((org_raw, "target.jurisdiction"), (hq_raw, "target.headquarters"))
            if raw is None or _unreadable(raw)
        )
        lead = "" if raw_first_missing else "target's "
        return _T(
            None,
            (_r(rule, f"{lead}{'; '.join(parts)}: needed to tell whether it is {where}",
                f"目标公司{'；'.join(parts_zh)}：无法判断其是否{where_zh}"),),
            missing,
        )
    if org is None and hq is None:
        return _T(
            None,
            (_r(rule, _not_stated(("the target's place of organisation", "target.jurisdiction"),
                                  ("its headquarters", "target.headquarters"))
                + f", needed to tell whether it is {where}",
                f"目标公司的注册地和总部所在地均未提供，无法判断其是否{where_zh}"),),
            ("target.jurisdiction", "target.headquarters"),
        )
    if org is None:
        assert hq is not None  # both missing was answered above
        return _T(
            None,
            (_r(rule, f"target is headquartered in {hq}; "
                      + _not_stated(("its place of organisation", "target.jurisdiction"))
                      + f", needed to tell whether it is {where}",
                f"目标公司总部位于{place_zh(hq)}；注册地未提供，无法判断其是否{where_zh}"),),
            ("target.jurisdiction",),
        )
    if hq is None:
        return _T(
            None,
            (_r(rule, f"target is organised in {org}; "
                      + _not_stated(("its headquarters", "target.headquarters"))
                      + f", needed to tell whether it is {where}",
                f"目标公司注册于{place_zh(org)}；总部所在地未提供，无法判断其是否{where_zh}"),),
            ("target.headquarters",),
        )
    if org == hq:  # one place, said once
        return _T(False, (_r(rule, f"target is organised and headquartered in {org}: not {where}",
                             f"目标公司注册地和总部均在{place_zh(org)}：不{where_zh}"),))
    org_zh, hq_zh = places_zh((org, hq))
    return _T(False, (_r(rule, f"target is organised in {org} and headquartered in {hq}: not {where}",
                         f"目标公司注册于{org_zh}、总部位于{hq_zh}：不{where_zh}"),))


def _investor_of(investor: Investor, place: str) -> tuple[str, str]:
    """"investor is organised in US" / "投资者注册于美国（US）", of a natural person (kind
    "individual") "investor, an individual, is of US (nationality or residence)" / "投资者
    为自然人，国籍或居住地为美国（US）": a person is organised nowhere (Part 9 called the
    person of Part 2 a company)."""
    if investor.kind == "individual":
        return (f"investor, an individual, is of {place} (nationality or residence)",
                f"投资者为自然人，国籍或居住地为{place_zh(place)}")
    return f"investor is organised in {place}", f"投资者注册于{place_zh(place)}"


def _investor_place_unknown(
    rule: Rule, investor: Investor, place: str, territory: Sequence[str], what: str, what_zh: str,
) -> _T:
    """The investor's place is unreadable or XX (unknown). Marked a US person, an investor
    of unknown place (XX) is `what` (a foreign investor, a recipient outside the territory)
    unless it is organised inside the territory, which the place leaves open: that
    assumption is said. An unreadable place is not taken as outside unless the code it
    stands for is ("USA", "Germany"): "China" or "CHN" was, so a Chinese vehicle marked a
    US person was screened as a foreign investor. Else the place is needed."""
    meant = iso_code_meant(place) if _two_letters(place) else _code_meant(place)
    if investor.us_person is True and (place == UNKNOWN_PLACE or (meant and meant not in territory)):
        assumed = assumed_zh = ""
        if place == UNKNOWN_PLACE:
            assumed = f"; taken as organised {_outside(territory)}: if it is organised within, enter its code"
            assumed_zh = f"；按注册于{_outside_zh(territory)}处理，如实际注册于境内，请填写注册地"
        return _T(True, (_r(rule, f"investor is a US person: {what} (place of organisation "
                                  f"{_not_a_code(place)}{assumed})",
                            f"投资者为美国人：{what_zh}（注册地{_not_a_code_zh(place)}{assumed_zh}）"),))
    return _T(
        None,
        (_r(rule, f"investor's place of organisation {_not_a_code(place)} (investor.jurisdiction)",
            f"投资者的注册地{_not_a_code_zh(place)}"),),
        ("investor.jurisdiction",),
    )


def _foreign_investor(rule: Rule, investor: Investor, territory: Sequence[str]) -> _T:
    place = _place(investor.jurisdiction)
    if _unreadable(place):
        assert place is not None
        return _investor_place_unknown(rule, investor, place, territory, "a foreign investor", "属于外国投资者")
    if place is not None:
        of, of_zh = _investor_of(investor, place)
        if place in territory and investor.us_person is True and investor.kind == "individual":
            # A person, not a vehicle: what to check is the place the facts give (a
            # nationality, or only a residence, which decides nothing here).
            return _T(False, (_r(rule, f"{of}: not a foreign investor, although marked a US "
                                       f"person (check that {place} is the person's "
                                       f"nationality: a foreign national residing in {place} "
                                       f"is a foreign investor)",
                                 f"{of_zh}：不属于外国投资者，尽管标为美国人（请核实{place_zh(place)}"
                                 f"为其国籍：居住于{place_zh(place)}的外国国籍自然人属于外国投资者）"),))
        if place in territory and investor.us_person is True:
            # Organised inside, yet answered as a US person: say what decided it, so an
            # officer screening a local vehicle enters the foreign investor behind it.
            return _T(False, (_r(rule, f"{of}: not a foreign investor, "
                                       f"although marked a US person (for investment through a "
                                       f"vehicle organised in {place}, screen the foreign investor "
                                       f"behind it)",
                                 f"{of_zh}：不属于外国投资者，尽管标为美国人（如经由"
                                 f"注册于{place_name_zh(place)}的主体投资，请以其背后的外国投资者进行筛查）"),))
        if place in territory:
            return _T(False, (_r(rule, f"{of}: not a foreign investor",
                                 f"{of_zh}：不属于外国投资者"),))
        if place in rule.parameters.get("foreign_by_reference", ()):
            # Hong Kong, Macao, Taiwan: the rule applies to their investors by reference (参照).
            return _T(True, (_r(rule, f"{of}: screened as a foreign investor "
                                      f"(the rule applies to investors from {_codes(rule['foreign_by_reference'])} "
                                      f"by reference)",
                                f"{of_zh}：参照外国投资者审查"
                                f"（{names_zh(rule['foreign_by_reference'])}投资者参照适用本规定）"),))
        return _T(True, (_r(rule, f"{of}: a foreign investor",
                            f"{of_zh}：属于外国投资者"),))
    if investor.us_person is True:
        return _T(True, (_r(rule, "investor is a US person: a foreign investor", "投资者为美国人：属于外国投资者"),))
    return _T(
        None,
        (_r(rule, _not_stated(("the investor's place of organisation", "investor.jurisdiction")),
            "投资者的注册地未提供"),),
        ("investor.jurisdiction",),
    )


def _outside(territory: Sequence[str]) -> str:
    return f"outside the territory ({_codes(territory)})"


def _outside_zh(territory: Sequence[str]) -> str:
    # 境外, the Technology Import and Export Regulations' own word (art. 2): Hong Kong, Macao
    # and Taiwan are 境外 too, so an investor there is no "foreign investor" but a recipient
    # outside the territory all the same. Reads before 接收方: "境外接收方".
    if list(territory) == ["CN"]:
        return "境外"
    return f"境外（{names_zh(territory)}以外）"


def _recipient_outside(rule: Rule, investor: Investor, territory: Sequence[str]) -> _T:
    """Is the investor outside the territory, so that technology transferred to it is
    exported? The export rules speak of transfer out of the territory (境外), not of foreign
    investors: an investor organised in Hong Kong is outside it, though not foreign."""
    place = _place(investor.jurisdiction)
    # The next reason (the deal transfers technology to it) says that this makes an export.
    outside, outside_zh = f"a recipient {_outside(territory)}", f"为{_outside_zh(territory)}接收方"
    if _unreadable(place):
        assert place is not None
        return _investor_place_unknown(rule, investor, place, territory, outside, outside_zh)
    of, of_zh = _investor_of(investor, place) if place is not None else ("", "")
    if place is not None and place in territory:
        within, within_zh = _WITHIN_NAMED, _WITHIN_NAMED_ZH
        marked = marked_zh = ""
        if investor.us_person is True:
            # Say what decided it, so an officer screening a local vehicle screens the
            # recipient abroad that the technology goes on to.
            marked = (", although marked a US person (for technology passed on to a recipient outside the "
                      "territory, screen that recipient)")
            marked_zh = "，尽管标为美国人（如技术再转让或许可给境外接收方，请以该接收方进行筛查）"
        return _T(False, (_r(rule, f"{of}: {within}, so a transfer to it is no "
                                   f"technology export{marked}",
                             f"{of_zh}：{within_zh}，向其转让或许可技术不构成技术出口{marked_zh}"),))
    if place is not None:
        return _T(True, (_r(rule, f"{of}: {outside}",
                            f"{of_zh}：{outside_zh}"),))
    if investor.us_person is True:
        return _T(True, (_r(rule, f"investor is a US person: {outside}",
                            f"投资者为美国人：{outside_zh}"),))
    return _T(
        None,
        (_r(rule, _not_stated(("the investor's place of organisation", "investor.jurisdiction")),
            "投资者的注册地未提供"),),
        ("investor.jurisdiction",),
    )


# The parameter of a regime's rule that names the only places where a target is within its
# reach (organised or headquartered there): the reported measure's Chinese companies, the
# inbound and export rules' territory. US-OISP is not here: a target elsewhere that persons
# of a country of concern own is within its reach.
_TARGET_PLACES = {"CN-US-CAPITAL": "target_countries", "CN-FISR": "territory",
                  "CN-NEGATIVE-LIST": "territory", "CN-TECH-EXPORT": "territory",
                  "CN-DATA-EXPORT": "territory"}


def _target_places(rule: Rule) -> Sequence[str]:
    return rule[_TARGET_PLACES[rule.regime]]


def regimes_out_of_reach(rulebook: Rulebook, as_of: date, organised_in: Any,
                         headquartered_in: Any) -> frozenset[str]:
    """The regimes (of those whose rule in force on `as_of`, reported measures included,
    bounds the target's place) that cannot reach a target organised and headquartered
    where it is: both places given as ISO codes, neither among the rule's places. A place
    unknown or not read leaves every regime within reach. The wizard asks no question
    only such a regime needs (a Hong Kong target's data-export counts)."""
    org, hq = _place(organised_in), _place(headquartered_in)
    if org is None or hq is None or _unreadable(org) or _unreadable(hq):
        return frozenset()
    rules = rulebook.rules_on(as_of, include_proposed=True)
    out: set[str] = set()
    for regime in _TARGET_PLACES:
        rule = rules.get(regime, PROVISIONS[regime][0])
        if rule is not None and org not in _target_places(rule) and hq not in _target_places(rule):
            out.add(regime)
    return frozenset(out)


def _target_in_territory(rule: Rule, facts: Facts) -> _T:
    territory = _target_places(rule)
    return _target_in(rule, facts.target, territory, _within(territory), _within_zh(territory),
                      _WITHIN_NAMED, _WITHIN_NAMED_ZH)


def _foreign_investment_in_territory(rule: Rule, facts: Facts) -> _T:
    """The scope of the Chinese inbound rules: a foreign investor, a target inside the
    rule's territory."""
    return _all(_target_in_territory(rule, facts),
                _foreign_investor(rule, facts.investor, rule["territory"]))


def _investment(rule: Rule, facts: Facts) -> _T:
    """Is the deal an investment the rule covers? The rule lists the instruments it covers;
    plain debt (a loan with no equity, conversion or control rights) is not one, but a loan
    that gives the lender control is an investment by other means, so the officer's control
    assessment decides (unknown until given). No reason for a covered instrument: it
    decides nothing."""
    instrument = facts.deal.instrument
    if instrument in rule["covered_instruments"]:
        return _YES
    label, label_zh = code_name("deal.instrument", instrument), code_name("deal.instrument", instrument, "zh")
    control = facts.deal.acquires_control
    if control is True:
        return _T(True, (_r(
            rule,
            f"{label} is not an equity investment, but the officer assesses that the investor acquires "
            "control: screened as an investment by other means",
            f"{label_zh}不属于股权投资，但经评估认为投资者取得实际控制权：按以其他方式进行的投资审查",
        ),))
    if control is None:
        return _T(None, (_r(
            rule,
            f"{label}: the facts do not state whether it gives the investor control (deal.acquires_control); without "
            "equity, conversion or control rights it is not an investment in the target, with control it "
            "is an investment by other means",
            f"{label_zh}：是否使投资者取得实际控制权未说明；无股权、转股权或控制权的，"
            "不属于对目标公司的投资，取得控制权的，按以其他方式进行的投资审查",
        ),), ("deal.acquires_control",))
    return _T(False, (_r(
        rule,
        f"{label} without equity, conversion or control rights (the officer assesses no control) is not an "
        f"investment in the target: this rule covers {_labels('deal.instrument', rule['covered_instruments'])}",
        f"{label_zh}无股权、转股权或控制权（经评估认为不构成实际控制），不属于对目标公司的投资："
        f"本规则适用于{_labels_zh('deal.instrument', rule['covered_instruments'])}",
    ),))


def _us_person(rule: Rule, investor: Investor) -> _T:
    """Is the investor a US person? An investor organised in the United States (or a place
    within it) is one by definition, so its place settles the question, even against an
    answer of "no" (which is then named, for the officer to correct); else the answer."""
    place = _place(investor.jurisdiction)
    if place is not None and place in rule["us_person_if_organised_in"] and investor.us_person is not True:
        if investor.kind == "individual":
            # 850.229's limb for a natural person, not the one for an entity.
            definition = ("a United States citizen, a lawful permanent resident or any person "
                          "in the United States is a US person")
            definition_zh = "美国公民、合法永久居民或身在美国的任何人均为美国人"
        else:
            definition = ("an entity organised under the laws of the United States or of a "
                          "jurisdiction within it is a US person")
            definition_zh = "依美国或其境内司法管辖区法律设立的实体即为美国人"
        who, who_zh = _investor_of(investor, place)
        if investor.us_person is False:
            return _T(True, (_r(rule, f"{who}: a US person, although marked not a US person "
                                      f"({definition}): correct the answer",
                                f"{who_zh}：属于美国人，尽管标为非美国人（{definition_zh}）：请更正"),))
        return _T(True, (_r(rule, f"{who}: a US person ({definition})",
                            f"{who_zh}：属于美国人（{definition_zh}）"),))
    if investor.us_person is not True and place is not None and _unreadable(place):
        meant = iso_code_meant(place) if _two_letters(place) else _code_meant(place)
        if meant in rule["us_person_if_organised_in"]:
            # "USA": the answer was taken as if the place said nothing, which written as its
            # code settles it ("not a US person" and "USA" cleared a prohibited deal).
            if investor.us_person is False:
                return _T(None, (_r(rule, f"investor's place of organisation {_not_a_code(place)}; "
                                          "written as its code, it makes the investor a US person, "
                                          "although marked not a US person: correct the place or "
                                          "the answer (investor.jurisdiction)",
                                    f"投资者的注册地{_not_a_code_zh(place)}；按代码填写后，投资者即属于"
                                    "美国人，尽管标为非美国人：请更正注册地或该答复"),),
                          ("investor.jurisdiction",))
            return _T(None, (_r(rule, "the facts do not state whether the investor is a US "
                                      "person (investor.us_person); its place of organisation "
                                      f"{_not_a_code(place)}, "
                                      "which would settle it (investor.jurisdiction)",
                                "事实信息未说明投资者是否为美国人；投资者的注册地"
                                f"{_not_a_code_zh(place)}，填写后即可确定"),),
                      ("investor.jurisdiction", "investor.us_person"))
    return _flag(
        rule,
        investor.us_person,
        "investor.us_person",
        "investor is a US person",
        "investor is not a US person",
        "whether the investor is a US person",
        "投资者为美国人",
        "投资者不是美国人",
        "投资者是否为美国人",
    )


# Merger control speaks of 控制权 (control, joint control included: SAMR's Provisions on the
# Review of Concentrations, art. 5), the security review of 实际控制权 (actual control, Order
# 37 art. 4); each regime's reasons in its own term.
_MERGER_CONTROL = "CN-SAMR"


def _control_zh(rule: Rule) -> str:
    return "控制权" if rule.regime == _MERGER_CONTROL else "实际控制权"


def _control(rule: Rule, facts: Facts, pct: Any) -> _T:
    """Control: a stake of `pct` % or more, whatever the officer's assessment says; below
    that, the officer's assessment of actual control decides."""
    stake, assessed = facts.deal.stake_after_pct, facts.deal.acquires_control
    control_zh = _control_zh(rule)
    if stake_is_control(stake, pct):
        # An assessment of "no control" beside such a stake is an answer to correct: the
        # application states control, and must not state the assessment against it.
        contradicted = () if assessed is not False else (_advice(
            rule, f"the officer's assessment says the investor does not acquire control, but a "
                  f"stake of {pct_text(pct)} or more is control whatever it says: correct the answer",
            f"经办人员评估认为投资者不取得{control_zh}，但持股比例达到{_pct_zh(pct)}以上即构成控制："
            "请更正该项回答"),)
        return _T(True, (_r(rule, f"stake after the deal {pct_text(stake)} is at least {pct_text(pct)}: control",
                            f"交易后持股比例{_pct_zh(stake)}，达到{_pct_zh(pct)}以上：构成控制"),
                         *contradicted))
    if assessed is True:
        stake_text = f"stake after the deal {pct_text(stake)}; " if stake is not None else ""
        stake_zh = f"交易后持股比例{_pct_zh(stake)}；" if stake is not None else ""
        return _T(True, (_r(rule, f"{stake_text}the officer assesses that the investor acquires control",
                            f"{stake_zh}经评估认为投资者取得{control_zh}"),))
    missing, named = [], []
    if stake is None:
        missing.append("deal.stake_after_pct")
        named.append(("the stake after the deal", "deal.stake_after_pct"))
    if assessed is None:
        missing.append("deal.acquires_control")
        named.append(("whether the investor acquires control", "deal.acquires_control"))
    veto = _veto_rights_weigh(rule, facts, pct)
    if missing:
        known = f"stake after the deal {pct_text(stake)} is less than {pct_text(pct)}; " if stake is not None else ""
        known_zh = f"交易后持股比例{_pct_zh(stake)}，不满{_pct_zh(pct)}；" if stake is not None else ""
        return _T(None, (_r(rule, f"{known}control is not settled: {_not_stated(*named)}",
                            f"{known_zh}控制权无法确定：未提供{_fields_zh(missing)}"), *veto), tuple(missing))
    return _T(
        False,
        (_r(rule, f"stake after the deal {pct_text(stake)} is less than {pct_text(pct)} and the officer assesses no control",
            f"交易后持股比例{_pct_zh(stake)}，不满{_pct_zh(pct)}，且经评估认为不构成"
            f"{control_zh.removesuffix('权')}"), *veto),
    )


def _veto_rights_weigh(rule: Rule, facts: Facts, pct: Any) -> tuple[Reason, ...]:
    """Veto rights over board or shareholder resolutions, recorded with a minority stake:
    voting rights that can significantly affect those resolutions are control below `pct`
    (Order 37 art. 4); in merger control, veto rights over strategic decisions (budget,
    business plan, senior appointments) can give control or joint control. The officer's
    assessment still decides, but the recorded right is named, not passed over in silence."""
    if facts.deal.veto_rights is not True:
        return ()
    seats = facts.deal.board_seats
    seats_text = f" and {seats} board seat{'s' if seats != 1 else ''}" if seats else ""
    seats_zh = f"，并拥有{seats}个董事席位" if seats else ""
    if facts.deal.acquires_control is None:
        what, what_zh = ("weigh them in the control assessment",
                         f"请在评估是否取得{_control_zh(rule)}时予以考虑")
    else:
        what, what_zh = "check the officer's assessment against them", "请据此复核经办人员的控制权评估"
    if rule.regime == _MERGER_CONTROL:
        test = ("veto rights over strategic decisions such as the budget, the business plan or "
                "the appointment of senior managers can give control or joint control")
        test_zh = "但对预算、经营计划、高级管理人员任免等重大事项享有否决权的，可能构成控制或共同控制"
    else:
        test = ("voting rights that can significantly affect such resolutions are control")
        test_zh = "但所享有的表决权能够对董事会、股东会决议产生重大影响的，亦构成控制"
    # A point for the officer, not a ground: a filing to the authority must not ask it to
    # doubt the applicant's own control assessment.
    return (_advice(
        rule,
        f"the investor has veto rights over board or shareholder resolutions{seats_text}: with less than "
        f"{pct_text(pct)} of the equity, {test}: {what}",
        f"投资者享有对董事会或股东会决议的否决权{seats_zh}：持股不足{_pct_zh(pct)}，{test_zh}：{what_zh}",
    ),)


# --- regimes -------------------------------------------------------------------------------


def _need(rs: RuleSet, regime: str, provision: str) -> Rule:
    """A provision the regime's logic cannot do without; its absence is a rulebook gap."""
    rule = rs.get(regime, provision)
    if rule is None:
        raise RulebookError(
            Problem(regime, f"no '{provision}' rule applies on {rs.as_of} although the regime is in force")
        )
    return rule


def _cn_us_capital(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-US-CAPITAL", "approval")
    test = _all(
        _investment(rule, facts),
        # After the place just named, the label alone: "organised in CN: a Chinese
        # company", not "… (CN)"; 中国企业 is the measure's own word for it.
        _target_in(rule, facts.target, _target_places(rule),
                   f"a Chinese company ({_codes(_target_places(rule))})",
                   f"属于{names_zh(_target_places(rule))}企业",
                   "a Chinese company", "属于中国企业"),
        _flag(
            rule,
            facts.target.leading_tech_enterprise,
            "target.leading_tech_enterprise",
            "target is flagged as a leading tech / AI enterprise",
            "target is not flagged as a leading tech / AI enterprise",
            "whether the target is a leading tech / AI enterprise",
            "目标公司被标记为领先科技／人工智能企业",
            "目标公司未被标记为领先科技／人工智能企业",
            "目标公司是否为领先科技／人工智能企业",
        ),
        _us_person(rule, facts.investor),
    )
    return _decide(_YES, [("approval_required", test)])


def _cn_fisr(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-FISR", "scope")
    sectors = facts.target.security_sectors
    scope = _all(_foreign_investment_in_territory(rule, facts), _investment(rule, facts))
    regardless = _member(
        rule,
        sectors,
        rule["sectors_regardless_of_control"],
        "target operates in {} (Art. 4(1)): review regardless of control",
        "target operates in no Art. 4(1) field ({})",
        "target.security_sectors",
        "目标公司涉及{}领域（第四条第一款第一项）：无论是否取得实际控制权，均须申报安全审查",
        "目标公司不涉及第四条第一款第一项所列领域（{}）",
    )
    in_field = _member(
        rule,
        sectors,
        rule["sectors_requiring_control"],
        "target operates in {} (Art. 4(2)): review where actual control is acquired",
        "target operates in no Art. 4(2) field",
        "target.security_sectors",
        "目标公司涉及{}领域（第四条第一款第二项）：取得实际控制权的，须申报安全审查",
        "目标公司不涉及第四条第一款第二项所列领域",
    )
    control = _control(rule, facts, rule["control_stake_pct_at_least"])
    controlled = _all(in_field, control)
    if in_field.value is True and control.value is False:
        # Say that the field was weighed, not only the missing control.
        controlled = controlled._replace(reasons=in_field.reasons + control.reasons)
    return _decide(scope, [("approval_required", _any(regardless, controlled))])


def _cn_negative_list(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-NEGATIVE-LIST", "access")
    activities = facts.target.activities
    scope = _all(_foreign_investment_in_territory(rule, facts), _investment(rule, facts))
    tests = [
        _member(
            rule,
            activities,
            rule["prohibited_activities"],
            "target's activities include {}: prohibited to foreign investment",
            f"none of the target's activities is prohibited to foreign investment ({rule['edition']} edition)",
            "target.activities",
            "目标公司的经营活动包括{}：属于禁止外商投资领域",
            f"目标公司的经营活动均不属于禁止外商投资领域（{rule['edition']}年版负面清单）",
            _NEGATIVE_LIST_QUALIFIERS,
        )
    ]
    for activity, cap in rule["foreign_equity_cap_pct"].items():
        if activities and activity in activities:
            capped = _compare(
                rule,
                facts.deal.stake_after_pct,
                cap,
                "deal.stake_after_pct",
                f"{code_name('target.activities', activity)}: foreign equity capped at {pct_text(cap)}; the investor's stake after the deal",
                f"{code_name('target.activities', activity, 'zh')}：外资股比不得超过{_pct_zh(cap)}；交易后投资者持股比例",
                "more_than",
                fmt=figure_text,
                unit=" %",
                unit_zh="%",
                unknown=f"{code_name('target.activities', activity)}: foreign equity capped at {pct_text(cap)}; "
                        + _not_stated(("the investor's stake after the deal", "deal.stake_after_pct")),
            )
            # The facts record neither the cap's exceptions nor other foreign shareholders:
            # say which of the two could change the answer.
            if capped.value is True:
                caveat = ("the cap has exceptions (e.g. e-commerce) that the facts do not record: "
                          "check whether one applies")
                caveat_zh = "股比限制存在例外（如电子商务），事实信息未记录：请核查是否适用"
            else:
                caveat = ("the cap counts all foreign investors together; other foreign shareholdings are not "
                          "recorded in the facts: check them")
                caveat_zh = "股比上限按全部外国投资者合计计算；事实信息未记录其他外资持股：请核查"
            if capped.value is not None:
                capped = capped._replace(reasons=(*capped.reasons, _advice(rule, caveat, caveat_zh)))
            tests.append(capped)
    decided = _decide(scope, [("prohibited", _any(*tests))])
    if decided.outcome in ("not_required", "needs_info") and scope.value is not False and activities:
        # A code the list is not compared with ('other', an ICP licence not recorded as
        # value-added telecom) is not cleared in silence: say what to check by hand.
        notes = tuple(
            _advice(rule, note["text"], note["text_zh"])
            for code, note in rule["check_by_hand"].items()
            if code in activities and not set(note.get("unless", ())) & set(activities)
        )
        decided = decided._replace(reasons=decided.reasons + notes)
    return decided


def _cn_tech_export(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-TECH-EXPORT", "catalogue")
    # An export is a transfer out of the territory (境外): to an investor outside it,
    # whether foreign or of Hong Kong, Macao or Taiwan; one organised inside receives none.
    scope = _all(_target_in_territory(rule, facts), _recipient_outside(rule, facts.investor, rule["territory"]))
    tt = facts.deal.technology_transfer
    transfers = _flag(
        rule,
        tt.transfers if tt else None,
        "deal.technology_transfer.transfers",
        "the deal transfers or licenses technology to the investor: a technology export",
        "the deal transfers or licenses no technology to the investor",
        "whether the deal transfers technology",
        "本次交易向投资者转让或许可技术：构成技术出口",
        "本次交易不向投资者转让或许可技术",
        "本次交易是否转让技术",
    )
    gate = _all(scope, transfers)
    if gate.value is not True:
        decided = _decide(scope, [("filing_required", transfers)])
        listed = [*(tt.restricted_catalogue_items or ()), *(tt.prohibited_catalogue_items or ())] \
            if tt is not None and tt.transfers is False else []
        if listed:
            # Catalogue items named, yet "no technology transferred": one of the two answers
            # is wrong, and the items would decide a licence or a prohibition.
            decided = decided._replace(reasons=(*decided.reasons, _advice(
                rule,
                f"catalogue items are listed ({'; '.join(listed)}), although the deal is marked as "
                "transferring no technology: if technology is transferred or licensed, correct "
                "the answer",
                f"已列明技术目录项目（{'；'.join(listed)}），但本次交易标注为不转让或许可技术：如转让或许可技术，"
                "请更正该项回答")))
        return decided
    edition = f"catalogue {rule['catalogue_edition']}"
    edition_zh = f"{rule['catalogue_edition_zh']}目录"
    # The items are the officer's words (often English): quoted, so the sentence stays Chinese.
    catalogue_zh = f"{rule['catalogue_edition_zh']}《中国禁止出口限制出口技术目录》"
    assert tt is not None
    if tt.prohibited_catalogue_items:
        items = "; ".join(tt.prohibited_catalogue_items)
        items_zh = "、".join(f"“{item}”" for item in tt.prohibited_catalogue_items)
        return _Outcome("prohibited", (*gate.reasons, _r(
            rule, f"prohibited catalogue items: {items} ({edition}): export prohibited",
            f"本次交易涉及{catalogue_zh}禁止出口类技术{items_zh}，禁止出口")))
    # An absent list is unknown: it is needed unless a higher tier already decides.
    unknown = [
        (path, _r(rule, f"{_not_stated((f'the {what} catalogue items', path))}, needed to tell whether the "
                        f"export {tier}",
                  f"{what_zh}目录项目未提供，无法判断该技术出口{tier_zh}"))
        for what, what_zh, items, path, tier, tier_zh in (
            ("prohibited", "禁止出口类", tt.prohibited_catalogue_items,
             "deal.technology_transfer.prohibited_catalogue_items", "is prohibited", "是否被禁止"),
            ("restricted", "限制出口类", tt.restricted_catalogue_items,
             "deal.technology_transfer.restricted_catalogue_items", "needs a licence", "是否须经许可"),
        )
        if items is None
    ]
    if tt.restricted_catalogue_items:
        items = "; ".join(tt.restricted_catalogue_items)
        items_zh = "、".join(f"“{item}”" for item in tt.restricted_catalogue_items)
        days = rule["licence_decision_working_days"]
        restricted = _r(rule, f"restricted catalogue items: {items} ({edition}): export licence needed, application decided within {days} working days",
                        f"本次交易涉及{catalogue_zh}限制出口类技术{items_zh}，须申领技术出口许可，"
                        f"主管部门应自收到申请之日起{days}个工作日内作出是否许可的决定")
        if unknown:  # only the prohibited list can be unknown here
            return _Outcome("needs_info", (*gate.reasons, restricted, *(r for _, r in unknown)),
                            tuple(p for p, _ in unknown))
        return _Outcome("approval_required", (*gate.reasons, restricted))
    if unknown:
        return _Outcome("needs_info", (*gate.reasons, *(r for _, r in unknown)), tuple(p for p, _ in unknown))
    return _Outcome(
        "filing_required",
        (*gate.reasons, _r(rule, f"no prohibited or restricted item listed ({edition}): free technology, contract registration",
                           f"未列明禁止或限制出口类项目（{edition_zh}）：属于自由出口技术，实行合同登记")),
    )


def counts_non_sensitive_pi(rule: Rule) -> bool:
    """Does this CN-DATA-EXPORT version count sensitive personal information apart, its PI
    figures being non-sensitive PI only (不含敏感个人信息)? Order 16's versions, counted since
    1 January of the current year, do; Order 11's count all PI, sensitive included."""
    return rule.parameters.get("counting_period") == "current_year"


def _cn_data_export(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-DATA-EXPORT", "thresholds")
    scope = _target_in_territory(rule, facts)
    de = facts.deal.data_export
    if rule["counting_period"] == "current_year":
        pi_field, sens_field, year = (
            "pi_subjects_current_year",
            "sensitive_pi_subjects_current_year",
            rs.as_of.year,
        )
    else:
        pi_field, sens_field, year = (
            "pi_subjects_since_previous_year",
            "sensitive_pi_subjects_since_previous_year",
            rs.as_of.year - 1,
        )
    since, since_zh = f"1 January {year}", f"{year}年1月1日"
    pi = getattr(de, pi_field) if de else None
    sens = getattr(de, sens_field) if de else None
    pi_path, sens_path = f"deal.data_export.{pi_field}", f"deal.data_export.{sens_field}"
    # Order 16 counts sensitive PI apart: its PI field is non-sensitive PI only (不含敏感个人
    # 信息); Order 11's counts all PI. Said so, an officer does not count one person twice.
    non_sensitive = counts_non_sensitive_pi(rule)
    pi_what, pi_what_zh = (("non-sensitive personal information", "个人信息（不含敏感个人信息）")
                           if non_sensitive else ("personal information", "个人信息"))
    pi_subject = f"individuals whose {pi_what} has been exported since {since}:"
    sens_subject = f"individuals whose sensitive personal information has been exported since {since}:"
    pi_subject_zh = f"自{since_zh}起向境外提供其{pi_what_zh}的人数"
    sens_subject_zh = f"自{since_zh}起向境外提供其敏感个人信息的人数"
    inclusive = " (以上: inclusive)"

    def any_exported(value: int, what: str, what_zh: str) -> _T:
        # A threshold of 1 is "any": "0 is less than 1 (以上: inclusive)" put counting words
        # on a limb whose rule counts nothing (Order 16 art. 8: 不满1万人, from the first).
        if _exact(value) >= 1:
            return _T(True, (_r(rule, f"{what} of {counted(value, 'individual')} has been exported since {since} "
                                      "(counted from the first individual)",
                                f"自{since_zh}起向境外提供{figure_text(value)}人的{what_zh}（自第一人起计入）"),))
        return _T(False, (_r(rule, f"no {what} has been exported since {since}",
                             f"自{since_zh}起未向境外提供{what_zh}"),))

    # Each count's comparisons, by the reason that says it: the tiers compare one count
    # with two thresholds, said once afterwards (_one_line_per_count).
    compared: dict[Reason, tuple[str, str]] = {}  # reason → (count, tier)
    # Every threshold each tier compared each count with, said or not: a tier that is true
    # says only the limb that hit (_any), and the count it did not hit was then said against
    # the other tier's threshold alone ("0 is less than 10,000" where none was exported).
    thresholds_of: dict[tuple[str, str], list[int]] = {}

    def noted(test: _T, count: str, threshold: int, tier: str) -> _T:
        for reason in test.reasons:
            compared[reason] = (count, tier)
        thresholds_of.setdefault((tier, count), []).append(threshold)
        return test

    def pi_at_least(threshold: int, tier: str) -> _T:
        if threshold == 1 and pi is not None:
            return noted(any_exported(pi, pi_what, pi_what_zh), "pi", threshold, tier)
        return noted(_compare(rule, pi, threshold, pi_path, pi_subject, pi_subject_zh, "at_least",
                              note=inclusive, unit_zh="人", note_zh=INCLUSIVE_ZH), "pi", threshold, tier)

    def sens_at_least(threshold: int, tier: str) -> _T:
        if threshold == 1 and sens is not None:
            return noted(any_exported(sens, "sensitive personal information", "敏感个人信息"), "sens",
                         threshold, tier)
        return noted(_compare(rule, sens, threshold, sens_path, sens_subject, sens_subject_zh, "at_least",
                              note=inclusive, unit_zh="人", note_zh=INCLUSIVE_ZH), "sens", threshold, tier)

    def one_line(count: str, thresholds: list[int]) -> Reason:
        """The count, said once, with every threshold it was compared with (in the order
        the tiers compared them): `N is less than 1,000,000 and at least 100,000`."""
        value = pi if count == "pi" else sens
        assert value is not None  # an unknown count is one same line, kept once
        n = _exact(value)
        # The nearest threshold either side is enough: "0 is less than 1,000,000 and less
        # than 100,000" said one fact twice.
        reached = [t for t in thresholds if t != 1 and n >= t]
        short = [t for t in thresholds if t != 1 and n < t]
        words = ([("at least", max(reached))] if reached else []) + \
            ([("less than", min(short))] if short else [])
        words_zh = "，".join(f"达到{figure_text(t)}人以上" if w == "at least" else f"不满{figure_text(t)}人"
                             for w, t in words)
        en = " and ".join(f"{w} {figure_text(t)}" for w, t in words)
        if 1 in thresholds:  # "counted from the first individual": said in words, the others after it
            what, what_zh = ((pi_what, pi_what_zh) if count == "pi"
                             else ("sensitive personal information", "敏感个人信息"))
            lead = any_exported(value, what, what_zh).reasons[0]
            if n == 0:
                # None exported is below every threshold, the first individual's too: "no
                # sensitive personal information …: less than 10,000" read as if up to
                # 9,999 individuals needed no filing.
                return lead
            return _r(rule, f"{lead.text}: {en}{inclusive}", f"{lead.text_zh}，{words_zh}{INCLUSIVE_ZH}")
        subject, subject_zh = (pi_subject, pi_subject_zh) if count == "pi" else (sens_subject, sens_subject_zh)
        return _r(rule, f"{subject} {figure_text(value)} is {en}{inclusive}",
                  f"{subject_zh}为{figure_text(value)}人，{words_zh}{INCLUSIVE_ZH}")

    def one_line_per_count(reasons: tuple[Reason, ...]) -> tuple[Reason, ...]:
        # The tiers the outcome was decided through (each says some of its comparisons),
        # and so every threshold of theirs each count was held against.
        tiers = dict.fromkeys(compared[r][1] for r in reasons if r in compared)
        thresholds = {count: [t for tier in tiers for t in thresholds_of.get((tier, count), ())]
                      for count in ("pi", "sens")}
        kept: list[Reason] = []
        done: set[str] = set()
        for reason in reasons:
            if reason not in compared:
                kept.append(reason)
                continue
            count = compared[reason][0]
            if count in done:
                continue  # said with its first comparison
            done.add(count)
            value = pi if count == "pi" else sens
            kept.append(reason if value is None or len(thresholds[count]) == 1
                        else one_line(count, thresholds[count]))
        return tuple(kept)

    exports_pi = _exports_pi(rule, pi, sens, pi_path, sens_path, since, since_zh, pi_what, pi_what_zh)
    assessment: list[_T] = []
    if rule["assessment_important_data"]:
        assessment.append(
            _flag(
                rule,
                de.important_data if de else None,
                "deal.data_export.important_data",
                "important data is exported: security assessment",
                "no important data is exported",
                "whether important data is exported",
                "向境外提供重要数据：须申报数据出境安全评估",
                "未向境外提供重要数据",
                "是否向境外提供重要数据",
            )
        )
    if rule["assessment_cii_operator"]:
        assessment.append(
            _all(
                _flag(
                    rule,
                    de.cii_operator if de else None,
                    "deal.data_export.cii_operator",
                    "target is a critical information infrastructure operator",
                    "target is not a critical information infrastructure operator",
                    "whether the target is a critical information infrastructure operator",
                    "目标公司为关键信息基础设施运营者",
                    "目标公司不是关键信息基础设施运营者",
                    "目标公司是否为关键信息基础设施运营者",
                ),
                exports_pi,
            )
        )
    if rule["assessment_pi_processed_at_least"] is not None:
        assessment.append(
            _all(
                _compare(
                    rule,
                    de.pi_subjects_processed if de else None,
                    rule["assessment_pi_processed_at_least"],
                    "deal.data_export.pi_subjects_processed",
                    "individuals whose personal information the target processes:",
                    "目标公司处理其个人信息的人数",
                    "at_least",
                    note=inclusive,
                    unit_zh="人",
                    note_zh=INCLUSIVE_ZH,
                ),
                exports_pi,
            )
        )
    assessment.append(pi_at_least(rule["assessment_pi_exported_at_least"], "assessment"))
    assessment.append(sens_at_least(rule["assessment_sensitive_exported_at_least"], "assessment"))
    tiers = [("approval_required", _any(*assessment))]
    contract: list[_T] = []
    if rule["contract_pi_exported_at_least"] is not None:
        contract.append(pi_at_least(rule["contract_pi_exported_at_least"], "contract"))
    if rule["contract_sensitive_exported_at_least"] is not None:
        contract.append(sens_at_least(rule["contract_sensitive_exported_at_least"], "contract"))
    if contract:
        tiers.append(("filing_required", _any(*contract)))
    decided = _decide(scope, tiers)
    decided = decided._replace(reasons=one_line_per_count(decided.reasons))
    if not contract and decided.outcome == "not_required" and scope.value is not False:
        decided = decided._replace(
            reasons=(*decided.reasons, _r(rule, "no standard contract filing applies under this rule version",
                                          "本规则版本下不适用个人信息出境标准合同备案"))
        )
    return decided


def _exports_pi(
    rule: Rule, pi: int | None, sens: int | None, pi_path: str, sens_path: str, since: str, since_zh: str,
    pi_what: str = "personal information", pi_what_zh: str = "个人信息",
) -> _T:
    """Does the target export any personal information (the CII / large-processor limbs)?
    Said in words, with both counts, rather than as "N is at least 1"; the first count is
    named as its field counts (non-sensitive PI under Order 16)."""
    counts = (f"{pi_what}: {figure_text(pi) if pi is not None else 'not stated'}; "
              f"sensitive personal information: {figure_text(sens) if sens is not None else 'not stated'}")
    # Chinese after a colon, not in brackets: Order 16's 个人信息（不含敏感个人信息） would
    # put brackets inside brackets.
    counts_zh = (f"{pi_what_zh}{figure_text(pi) + '人' if pi is not None else '未提供'}，"
                 f"敏感个人信息{figure_text(sens) + '人' if sens is not None else '未提供'}")
    if (pi or 0) >= 1 or (sens or 0) >= 1:
        return _T(True, (_r(rule, f"personal information has been exported since {since} ({counts})",
                            f"自{since_zh}起向境外提供个人信息：{counts_zh}"),))
    missing = tuple(path for value, path in ((pi, pi_path), (sens, sens_path)) if value is None)
    if missing:
        # Both counts in brief, as when one is above zero: each count not stated has its
        # own line naming the fact and its path (the thresholds compare it), so naming it
        # here in full as well said the same missing fact twice.
        both = len(missing) == 2  # the one stated (0) said beside the one not
        return _T(None, (_r(rule, f"whether personal information has been exported since {since} is not "
                                  + ("settled: neither count of individuals is stated" if both
                                     else f"settled ({counts})"),
                            f"自{since_zh}起是否向境外提供个人信息无法确定："
                            + ("相关人数均未提供" if both else counts_zh)),), missing)
    return _T(False, (_r(rule, f"no personal information has been exported since {since}",
                         f"自{since_zh}起未向境外提供个人信息"),))


def _cn_samr(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-SAMR", "thresholds")
    target_t, investor_t = facts.target.turnover_cny, facts.investor.turnover_cny
    parties = (
        ("target", "目标公司", target_t, "target.turnover_cny"),
        ("investor", "投资者", investor_t, "investor.turnover_cny"),
    )

    def combined(kind: str, threshold: Any, label: str, label_zh: str) -> _T:
        known, parts, parts_zh, missing, named = 0, [], [], [], []
        for name, name_zh, turnover, path in parties:
            value = getattr(turnover, kind) if turnover else None
            if value is None:
                missing.append(f"{path}.{kind}")
                named.append((f"the {name}'s {label} turnover", f"{path}.{kind}"))
            else:
                known += _exact(value)
                parts.append(f"{name} {rmb_text(value)}")
                parts_zh.append(f"{name_zh}{_rmb_zh(value)}")
        breakdown = " + ".join(parts)
        breakdown_zh = "其中" + "，".join(parts_zh) if len(parts_zh) > 1 else "".join(parts_zh)
        if missing and known > threshold:
            # The parties whose figure is known already exceed it: said as a floor, not as
            # the combined figure ("combined … RMB 20bn (investor RMB 20bn)" read as a sum).
            text = (f"combined {label} turnover is at least {rmb_text(known)} ({breakdown}; "
                    f"{_facts_named(*named)} not stated), more than {rmb_text(threshold)} (超过: exclusive)")
            text_zh = (f"参与集中的经营者{label_zh}营业额合计至少{_rmb_zh(known)}（{breakdown_zh}；"
                       f"未提供{_fields_zh(missing)}），超过{_rmb_zh(threshold)}{EXCLUSIVE_ZH}")
            return _T(True, (_r(rule, text, text_zh),))
        if not missing:
            hit = known > threshold
            word = "is more than" if hit else "is not more than"
            text = f"combined {label} turnover {rmb_text(known)} ({breakdown}) {word} {rmb_text(threshold)} (超过: exclusive)"
            text_zh = (f"参与集中的经营者{label_zh}营业额合计{_rmb_zh(known)}（{breakdown_zh}），"
                       f"{'超过' if hit else '未超过'}{_rmb_zh(threshold)}{EXCLUSIVE_ZH}")
            return _T(hit, (_r(rule, text, text_zh),))
        so_far = f" (known: {breakdown})" if parts else ""
        so_far_zh = f"（已知：{breakdown_zh}）" if parts else ""
        return _T(None, (_r(rule, f"combined {label} turnover is not settled{so_far}: {_not_stated(*named)}",
                            f"参与集中的经营者{label_zh}营业额合计无法确定{so_far_zh}：未提供{_fields_zh(missing)}"),),
                  tuple(missing))

    each_threshold = rule["china_each_more_than_cny"]
    each = [
        _compare(
            rule,
            turnover.china if turnover else None,
            each_threshold,
            f"{path}.china",
            f"{name} China turnover",
            f"{name_zh}在中国境内的营业额",
            "more_than",
            fmt=rmb_text,
            note=" (超过: exclusive)",
            fmt_zh=_rmb_zh,
            note_zh=EXCLUSIVE_ZH,
            unknown=_not_stated((f"the {name}'s China turnover", f"{path}.china")),
        )
        for name, name_zh, turnover, path in parties
    ]
    needed = rule["parties_each_exceeding"]
    exceeding = sum(1 for t in each if t.value is True)
    undecided = [t for t in each if t.value is None]
    each_reasons = tuple(r for t in each for r in t.reasons)
    if exceeding >= needed:
        each_test = _T(True, tuple(r for t in each if t.value is True for r in t.reasons))
    elif exceeding + len(undecided) >= needed:
        each_test = _T(None, each_reasons, tuple(p for t in undecided for p in t.missing))
    else:
        # The two per-party lines alone do not say which condition failed. A party whose
        # turnover is not stated may exceed it: the count is then at most, not exactly.
        most = exceeding + len(undecided)
        count, count_zh = (f"at most {most}", f"至多{most}个") if undecided else \
            (str(exceeding), f"为{exceeding}个")
        each_test = _T(False, (*each_reasons, _r(
            rule,
            f"parties with China turnover of more than {rmb_text(each_threshold)}: {count}; "
            f"at least {needed} needed (超过: exclusive)",
            f"在中国境内的营业额超过{_rmb_zh(each_threshold)}的经营者{count_zh}，"
            f"不足{needed}个{EXCLUSIVE_ZH}",
        )))
    control = _control(rule, facts, rule["control_stake_pct_at_least"])
    test = _all(
        control,
        _any(
            combined("worldwide", rule["worldwide_combined_more_than_cny"], "worldwide", "全球"),
            combined("china", rule["china_combined_more_than_cny"], "China", "在中国境内的"),
        ),
        each_test,
    )
    decided = _decide(_YES, [("approval_required", test)])
    if decided.outcome == "not_required" and control.value is True:
        # A concentration below the thresholds: not notifiable, but not beyond the
        # authority's reach (which authority, and by which power, the rule data says).
        decided = decided._replace(reasons=(*control.reasons, *decided.reasons,
                                            _below_thresholds(rule, rs.as_of)))
    if decided.outcome in ("not_required", "needs_info") and control.value is not False \
            and _joint_control_likely(facts, rule["control_stake_pct_at_least"]):
        # The facts hold one investor; under joint control every controlling party counts.
        decided = decided._replace(reasons=(*decided.reasons, _advice(
            rule,
            "the turnover counted is the target's and this investor's only: where others acquire control "
            "jointly with it (a joint venture's other parents, co-investors with veto rights), their "
            "turnover counts too: check",
            "上述营业额仅计算目标公司和本投资者；与本投资者共同取得控制权的其他经营者（如合营企业的其他母公司、"
            "享有否决权的共同投资者）的营业额亦应计入：请核查")))
    return decided


def _below_thresholds(rule: Rule, as_of: date) -> Reason:
    """What the authority may still do with a concentration below the thresholds, in the
    words the rule data gives for `as_of` (its latest date on or before it): MOFCOM enforced
    the Anti-Monopoly Law until April 2018, SAMR since. Without such words, the authority
    is named as the law names it."""
    since = _words_since(rule, as_of)
    if since is None:
        return _r(rule, "below the notification thresholds the anti-monopoly enforcement authority may still "
                        "call the concentration in",
                  "未达到申报标准的经营者集中，国务院反垄断执法机构仍可要求申报")
    return _r(rule, rule["below_thresholds_note"][since], rule["below_thresholds_note_zh"][since])


def _words_since(rule: Rule, as_of: date) -> str | None:
    """The date of the rule's dated words (below_thresholds_note) that apply on `as_of`:
    the latest on or before it; None when none does (or the rule has none)."""
    notes = rule.parameters.get("below_thresholds_note") or {}
    return max((day for day in notes if date.fromisoformat(day) <= as_of), default=None)


def _joint_control_likely(facts: Facts, majority_pct: Any) -> bool:
    """A joint venture, or control without a majority stake (control through rights, as
    joint control usually is): other parties may acquire control too."""
    deal = facts.deal
    if deal.instrument == "joint_venture":
        return True
    stake = deal.stake_after_pct
    return deal.acquires_control is True and stake is not None and _exact(stake) < majority_pct


# The US-OISP finding that the target develops no AI system, and the note beside it on facts
# only a developer of one has. They cite the scope rule (subpart B defines "AI system"), but
# say why the AI branches of the prohibited and notifiable tests do not apply.
NO_AI_SYSTEM = "target develops no AI system"
_MARKED_NO_AI_SYSTEM = "although the target is marked as developing no AI system"


def finds_no_ai_system(text: str) -> bool:
    """Whether a reason's English `text` (stored or new) is the finding that the target
    develops no AI system, or the note beside it: why a test does not apply, never a
    ground of coverage, although it cites the scope rule."""
    return text.startswith(NO_AI_SYSTEM) or _MARKED_NO_AI_SYSTEM in text


# Instruments whose English label is plural ("publicly traded securities are …").
_PLURAL_INSTRUMENTS = frozenset({"public_securities"})


# What the program would have found of a deal completed before it covers transactions,
# said beside the date (the officer corrects a mistyped date rather than trusting it).
_WOULD_BE = {
    "prohibited": ("it would be a prohibited transaction", "该交易将属于禁止交易"),
    "notification_required": ("a notification would be due", "须就该交易提交通知"),
}


def _us_oisp(facts: Facts, rs: RuleSet) -> _Outcome:
    scope_rule = _need(rs, "US-OISP", "scope")
    decided = _us_oisp_covered(facts, rs)
    start: str | None = scope_rule["covers_completions_from"]
    completion = facts.deal.expected_completion_date
    if start is None or completion is None or completion >= date.fromisoformat(start):
        return decided
    start_day = date.fromisoformat(start)
    before = _r(scope_rule,
                f"expected completion date {completion} is before {start}: the program covers only "
                f"transactions completed on or after that day",
                f"预计交割日期{_date_zh(completion)}早于{_date_zh(start_day)}：本规则仅适用于该日或之后"
                f"完成的交易")
    if decided.outcome not in _WOULD_BE:
        # Not covered on a later date either, or not known: the date settles it alone
        # ("correct the date: it would be screened under the program" promised more).
        return _Outcome("not_required", (before,))
    would, would_zh = _WOULD_BE[decided.outcome]
    return _Outcome("not_required", (before, _advice(
        scope_rule, f"if the transaction completes on or after {start} instead, correct the date: {would}",
        f"如交易于{_date_zh(start_day)}或之后完成，请更正日期：{would_zh}")))


def _us_oisp_covered(facts: Facts, rs: RuleSet) -> _Outcome:
    """The US-OISP outcome of a transaction the program covers by date."""
    scope_rule = _need(rs, "US-OISP", "scope")
    prohibited = _need(rs, "US-OISP", "prohibited")
    notifiable = _need(rs, "US-OISP", "notifiable")
    excepted = rs.get("US-OISP", "excepted")  # optional: without it nothing is excepted
    target, deal = facts.target, facts.deal
    countries = scope_rule["countries_of_concern"]
    instrument = deal.instrument
    label, label_zh = code_name("deal.instrument", instrument), code_name("deal.instrument", instrument, "zh")
    is_ = "are" if instrument in _PLURAL_INSTRUMENTS else "is"
    if instrument in scope_rule["covered_instruments"]:
        # Only an LP interest in a non-US fund is covered; the facts do not record the fund,
        # which the officer checks (a point to check, not a ground).
        fund = (_advice(scope_rule,
                        "only an interest in a fund outside the US is covered; the facts do not "
                        "record where the fund is: check it",
                        "仅限非美国基金的有限合伙份额；事实信息未记录基金所在地：请核查"),)
        # Publicly traded securities are an equity acquisition, covered until 850.501 excepts
        # them: said, or "covered" and "excepted" read as a contradiction on one page.
        before = (" (an acquisition of equity), unless an exception applies"
                  if instrument == "public_securities" else "")
        before_zh = "（股权取得），但适用例外的除外" if instrument == "public_securities" else ""
        covered = _T(True, (_r(scope_rule, f"{label} {is_} a covered transaction type{before}",
                               f"{label_zh}属于受管辖交易类型{before_zh}"),
                            *(fund if instrument == "lp_interest" else ())))
    else:
        covered = _T(False, (_r(scope_rule, f"{label} {is_} not a covered transaction type",
                                f"{label_zh}不属于受管辖交易类型"),))
    place = _target_in(
        scope_rule, target, countries, f"a person of a country of concern ({_codes(countries)})",
        f"属于受关注国家人员（{names_zh(countries)}）",
        # The country just named is not listed again with the others.
        "a person of a country of concern", "属于受关注国家人员",
    )
    if place.value is False:
        # The facts record no shareholdings, so the ownership limb of the definition cannot
        # be tested: say so instead of implying it was checked.
        pct = scope_rule["owned_by_persons_of_concern_pct_at_least"]
        place = place._replace(reasons=(*place.reasons, _advice(
            scope_rule,
            f"ownership of {pct_text(pct)} or more by persons of a country of concern would also make "
            "the target one; the facts do not record it: check the shareholders",
            f"受关注国家人员持股{_pct_zh(pct)}以上的，目标公司亦属于受关注国家人员；"
            "事实信息未记录持股情况：请核查股东",
        )))
    us_person = _us_person(scope_rule, facts.investor)
    scope = _all(us_person, place, covered)

    ai = target.ai
    develops_value = ai.develops_ai_system if ai else None
    # An unanswered question is only read as "no AI system" when nothing else in the facts
    # speaks of one: a given training run or AI end use makes the question count.
    ai_facts = ai is not None and (
        ai.max_training_compute_ops is not None
        or bool(ai.end_uses)
        or ai.primarily_biological_sequence_data is not None
    )
    # Unknown activities may include AI: then the question is not read as "no" either.
    no_ai_activity = target.activities is not None and not any(
        a in AI_ACTIVITIES for a in target.activities
    )
    development = _development_recorded(target) if develops_value is False else ()
    if develops_value is None and not ai_facts and no_ai_activity:
        develops = _T(False, (_r(scope_rule, f"{NO_AI_SYSTEM} (no AI activity, training compute or AI end use given)",
                                 "目标公司不开发人工智能系统（未提供人工智能业务、训练计算量或人工智能最终用途）"),))
    else:
        develops = _flag(
            scope_rule,
            develops_value,
            "target.ai.develops_ai_system",
            "target develops AI systems",
            NO_AI_SYSTEM,
            "whether the target develops AI systems",
            "目标公司开发人工智能系统",
            "目标公司不开发人工智能系统",
            "目标公司是否开发人工智能系统",
        )
    if development:
        # The answer decides (nothing is assumed of the facts it leaves out), but facts
        # only a developer of AI systems has are named, not passed over in silence.
        develops = develops._replace(reasons=(*develops.reasons, _r(
            scope_rule,
            f"the facts record {' and '.join(en for en, _ in development)}, {_MARKED_NO_AI_SYSTEM}: "
            "if it develops one, correct the answer (the training-compute and end-use tests then apply)",
            f"事实信息记录了{'，并且'.join(zh for _, zh in development)}，但目标公司标为不开发人工智能系统："
            "如其开发人工智能系统，请更正（届时适用训练计算量和最终用途标准）",
        )))
    compute = ai.max_training_compute_ops if ai else None
    bio = ai.primarily_biological_sequence_data if ai else None
    end_uses = ai.end_uses if ai else None
    compute_path = "target.ai.max_training_compute_ops"

    def compute_over(rule: Rule, threshold: Any, note: str = "", note_zh: str = "") -> _T:
        return _compare(rule, compute, threshold, compute_path, "largest training run", "最大训练计算量",
                        "more_than", fmt=_ops, unit=" operations", unit_zh="次运算", note=note, note_zh=note_zh)

    def end_use(rule: Rule) -> _T:
        return _member(
            rule,
            end_uses,
            rule["ai_end_uses"],
            "AI end uses include {}",
            "no AI end use among {}",
            "target.ai.end_uses",
            "人工智能最终用途包括{}",
            "人工智能最终用途不涉及{}",
        )

    prohibited_test = _any(
        _all(develops, compute_over(prohibited, prohibited["ai_compute_more_than_ops"])),
        _all(
            develops,
            compute_over(prohibited, prohibited["ai_bio_compute_more_than_ops"],
                         " (the threshold for training primarily on biological sequence data)",
                         "（主要使用生物序列数据训练的适用标准）"),
            _flag(
                prohibited,
                bio,
                "target.ai.primarily_biological_sequence_data",
                "trained using primarily biological sequence data",
                "not trained primarily on biological sequence data",
                "whether training used primarily biological sequence data",
                "主要使用生物序列数据训练",
                "未主要使用生物序列数据训练",
                "是否主要使用生物序列数据训练",
            ),
        ),
        _all(develops, end_use(prohibited)),
        _member(
            prohibited,
            target.activities,
            prohibited["activities"],
            "target's activities include {}",
            "target's activities do not include {}",
            "target.activities",
            "目标公司的经营活动包括{}",
            "目标公司的经营活动不包括{}",
        ),
    )
    notifiable_activities = _member(
        notifiable,
        target.activities,
        notifiable["activities"],
        "target's activities include {}",
        "target's activities do not include {}",
        "target.activities",
        "目标公司的经营活动包括{}",
        "目标公司的经营活动不包括{}",
    )
    semis = [a for a in target.activities or () if a in notifiable["activities"] and a.startswith("semiconductor_")]
    if semis and notifiable_activities.value is True:
        # The facts cannot tell a notifiable semiconductor activity from a prohibited one:
        # the officer checks which it is.
        notifiable_activities = notifiable_activities._replace(reasons=(
            *notifiable_activities.reasons, _advice(
                notifiable,
                "prohibited instead if the semiconductor activity concerns advanced nodes, EDA "
                "or fabrication equipment, which the facts do not record: check it",
                "如半导体业务涉及先进制程、电子设计自动化软件或半导体制造设备，则属于禁止交易；"
                "事实信息未记录上述情况：请核查")))
    notifiable_test = _any(
        _all(develops, compute_over(notifiable, notifiable["ai_compute_more_than_ops"])),
        _all(develops, end_use(notifiable)),
        notifiable_activities,
    )
    decided = _decide(scope, [("prohibited", prohibited_test), ("notification_required", notifiable_test)])
    if (us_person.value is False and decided.outcome == "not_required"
            and _would_be_covered(place, covered, prohibited_test, notifiable_test)
            and (excepted is None or _exception(excepted, facts).value is not True)):
        certain = place.value is True and covered.value is True and \
            True in (prohibited_test.value, notifiable_test.value)
        decided = decided._replace(reasons=(*decided.reasons, _us_person_behind(
            scope_rule, facts.investor, certain, prohibited_test.value is not False)))
    if excepted is None:
        return decided
    # Known to be covered (prohibited or notifiable, whichever an unknown fact would make
    # it): an exception then settles the outcome without that fact.
    known_covered = scope.value is True and True in (prohibited_test.value, notifiable_test.value)
    exception = _exception(excepted, facts)
    if decided.outcome not in ("prohibited", "notification_required") and not known_covered:
        if decided.outcome == "needs_info" and exception.value is True:
            # Covered or not, nothing is to be filed: the open facts would only tell an
            # excepted transaction from one outside the program, so they are not asked for
            # (a public-market purchase sent the officer after the target's training compute).
            return _Outcome("excepted", (*decided.reasons, *exception.reasons, _advice(
                excepted,
                "whether the transaction is a covered transaction is left open by the facts, "
                "and need not be settled: were it covered, it would be excepted, so no "
                "notification is due either way",
                "事实信息未能确定该交易是否属于受管辖交易，且无需确定：即使属于受管辖交易，"
                "亦属豁免交易，故无论如何均无需通知")))
        if decided.outcome == "needs_info" and exception.value is None:
            # Covered or not is still open, and if covered the exception decides: its
            # fact is asked for now, not on the screening after the first answers.
            return _Outcome("needs_info", decided.reasons + exception.reasons,
                            decided.missing + tuple(p for p in exception.missing if p not in decided.missing))
        return decided
    if exception.value is True:
        return _Outcome("excepted", decided.reasons + exception.reasons)
    if exception.value is None:
        return _Outcome("needs_info", decided.reasons + exception.reasons, decided.missing + exception.missing)
    return decided._replace(reasons=decided.reasons + exception.reasons)


def _development_recorded(target: Target) -> tuple[tuple[str, str], ...]:
    """What the facts record that only a developer of AI systems has, in words (English,
    Chinese): a training run (max_training_compute_ops is "the largest training run of
    any AI system the target develops") or AI model development among its activities."""
    found: list[tuple[str, str]] = []
    compute = target.ai.max_training_compute_ops if target.ai else None
    if compute is not None and _exact(compute) > 0:
        found.append((f"a training run of {_ops(compute)} operations", f"最大训练计算量为{_ops(compute)}次运算"))
    if "ai_model_development" in (target.activities or ()):
        found.append((f"{code_name('target.activities', 'ai_model_development')} among its activities",
                      f"经营活动包括{code_name('target.activities', 'ai_model_development', 'zh')}"))
    return tuple(found)


def _would_be_covered(place: _T, covered: _T, prohibited: _T, notifiable: _T) -> bool:
    """Would the deal be (or might it be) prohibited or notifiable for a US person?"""
    return (place.value is not False and covered.value is not False
            and (prohibited.value is not False or notifiable.value is not False))


# Who cannot be a US person's controlled foreign entity: a state's fund, a natural person.
_NEVER_CONTROLLED_BY_A_US_PERSON = frozenset({"sovereign", "individual"})


def _us_person_behind(rule: Rule, investor: Investor, certain: bool,
                      may_be_prohibited: bool = True) -> Reason:
    """A deal that would be covered, by an investor that is not a US person: the US persons
    behind it have obligations of their own (controlled foreign entities, knowingly
    directing), which the facts do not record. The outcome stays; the officer checks.
    Knowingly directing (850.303) concerns prohibited transactions only: not said of a
    deal that could at most be notifiable."""
    if investor.kind in _NEVER_CONTROLLED_BY_A_US_PERSON:
        who, who_zh = "", ""
    else:
        who = ("a US person that controls the investor must take all reasonable steps to prevent it from "
               "making a transaction that would be prohibited, and must notify one that would be notifiable "
               "(31 CFR 850.302)")
        who_zh = ("控制该投资者的美国人须采取一切合理措施阻止其进行本属禁止的交易，"
                  "并须就本属须通知的交易作出通知（《美国联邦法规》第31编第850.302节）")
    if may_be_prohibited:
        directs = "no US person may knowingly direct a prohibited transaction (31 CFR 850.303)"
        directs_zh = "美国人不得明知而指示禁止交易（《美国联邦法规》第31编第850.303节）"
        check, check_zh = ("check which US persons stand behind the investor or direct the deal",
                           "请核查投资者背后或指示本次交易的美国人")
    elif who:
        directs = directs_zh = ""
        check, check_zh = "check which US persons stand behind the investor", "请核查投资者背后的美国人"
    else:  # notifiable at most, by an investor no US person controls
        directs = directs_zh = ""
        check, check_zh = ("check whether any US person takes part in the deal, which it would have "
                           "to notify", "请核查是否有美国人参与本次交易（如有，其须作出通知）")
    said = "; ".join(p for p in (who, directs) if p)
    said_zh = "；".join(p for p in (who_zh, directs_zh) if p)
    # The fact by the name the US notification gives it, 31 CFR 850.405's "ultimate owner"
    # (the reason is printed in that notification, beside its "Ultimate owner" row).
    parent = f" (ultimate owner: {investor.ultimate_parent})" if investor.ultimate_parent else ""
    parent_zh = f"（实际控制人：“{investor.ultimate_parent}”）" if investor.ultimate_parent else ""
    # A point for the officer to check (Reason.advice), not a ground: printed as one in a
    # filing to Treasury, "check which US persons …" read as the filer's instruction.
    return _advice(
        rule,
        f"the deal {'would' if certain else 'may'} be covered if a US person made it: "
        + (f"{said}: " if said else "") + f"{check}{parent}",
        f"如由美国人进行，本次交易{'属于' if certain else '可能属于'}受管辖交易："
        + (f"{said_zh}：" if said_zh else "") + f"{check_zh}{parent_zh}",
    )


def _exception(rule: Rule, facts: Facts) -> _T:
    instrument = facts.deal.instrument
    label, label_zh = code_name("deal.instrument", instrument), code_name("deal.instrument", instrument, "zh")
    if instrument in rule["instruments"]:
        return _T(True, (_r(rule, f"{label}: excepted transaction", f"{label_zh}：属于豁免交易"),))
    if instrument == "lp_interest":
        return _compare(
            rule,
            facts.deal.lp_commitment_usd,
            rule["lp_interest_at_most_usd"],
            "deal.lp_commitment_usd",
            "LP commitment",
            "有限合伙出资承诺额",
            "at_most",
            fmt=usd_text,
            note=" (a commitment of that amount or less is excepted)",
            fmt_zh=_usd_zh,
            note_zh="（“以下”含本数；该数额以下的予以豁免）",
        )
    return _T(False, (_r(rule, f"no exception applies to {label}", f"{label_zh}不适用任何豁免"),))


_EVALUATORS: dict[str, Callable[[Facts, RuleSet], _Outcome]] = {
    "CN-US-CAPITAL": _cn_us_capital,
    "CN-FISR": _cn_fisr,
    "CN-NEGATIVE-LIST": _cn_negative_list,
    "CN-TECH-EXPORT": _cn_tech_export,
    "CN-DATA-EXPORT": _cn_data_export,
    "CN-SAMR": _cn_samr,
    "US-OISP": _us_oisp,
}


def _not_in_force(regime: str, rulebook: Rulebook, as_of: date, include_proposed: bool) -> Determination:
    first = rulebook.first_rule(regime, include_proposed) or rulebook.first_rule(regime, True)
    if first is None:
        raise RulebookError(Problem(regime, "the rulebook has no rules for this regime"))
    day_zh, from_zh = _date_zh(as_of), _date_zh(first.effective_from)
    # The Chinese names neither the regime nor the rule by code: the row and the citation
    # above the reason name them.
    if first.effective_from > as_of and first.status == "reported":
        # A reported measure's date is the day it was first reported, not an effective date.
        # Said plainly: what kind of measure it is, that it binds no one, why it is screened
        # at all, and that on the date there was not even a report ("had not been reported
        # on …" left the officer to guess whether it was law).
        text = (f"{regime} is a reported measure, not a law in force: screening it shows a risk, not a "
                f"requirement; on {as_of} there was not yet any report to screen against (first reported "
                f"on {first.effective_from})")
        text_zh = (f"该措施仅见诸报道，并非现行有效的法律：对其筛查仅提示风险，不构成法定要求；截至{day_zh}"
                   f"尚无相关报道（于{from_zh}首次见诸报道）")
    elif first.effective_from > as_of and regime in rulebook.earlier_editions:
        # The regime existed then under an edition this rulebook does not hold: say so
        # rather than that it was not in force.
        earlier, earlier_zh = rulebook.earlier_editions[regime]
        text = (f"no {regime} rule held in this rulebook is in force on {as_of}: the earliest held "
                f"({first.id}) takes effect on {first.effective_from}; {earlier}")
        text_zh = (f"本规则库收录的版本于{day_zh}均未施行（最早收录的版本自{from_zh}起施行）；{earlier_zh}")
    elif first.effective_from > as_of:
        text = f"{regime} is not in force on {as_of}: {first.id} takes effect on {first.effective_from}"
        text_zh = f"本规则于{day_zh}尚未施行，自{from_zh}起施行"
    elif ended := max((r for r in rulebook.versions(regime, PROVISIONS[regime][0])
                       if r.effective_to is not None and r.effective_to < as_of
                       and (include_proposed or r.status in BINDING_STATUSES)),
                      key=lambda r: r.effective_to or as_of, default=None):
        # An update ended the regime's primary rule: which, and when, rather than that
        # no rule applied (as if the rulebook lacked one).
        text = (f"{regime} is not in force on {as_of}: {ended.id} ended on "
                f"{ended.effective_to}, and no later version of it applies")
        text_zh = f"本规则于{_date_zh(ended.effective_to or as_of)}失效，{day_zh}无后续版本适用"
        first = ended
    else:
        text = f"no {regime} rule in this rulebook applies on {as_of}"
        text_zh = f"本规则库中没有适用于{day_zh}的规则"
    return Determination(regime, "not_in_force", first.status, (_r(first, text, text_zh),))


def _completion_ahead(regime: str, facts: Facts, rs: RuleSet, rulebook: Rulebook) -> Reason | None:
    """A regime not in force on the date that covers transactions completed from its start
    (covers_completions_from), where the deal is expected to complete after that: what it
    would find then, if it would have the deal prohibited or notified. Screened before
    2025-01-02, a deal completing in February 2025 read only "not in force", and nothing
    said it would be prohibited when it closed."""
    completion = facts.deal.expected_completion_date
    if completion is None or completion <= rs.as_of:
        return None
    later = rulebook.rules_on(completion, rs.include_proposed)
    primary = later.get(regime, PROVISIONS[regime][0])
    start = primary.parameters.get("covers_completions_from") if primary is not None else None
    if primary is None or not start or completion < date.fromisoformat(start):
        return None
    would = _WOULD_BE.get(_EVALUATORS[regime](facts, later).outcome)
    if would is None:
        return None
    start_day = date.fromisoformat(start)
    return _advice(primary,
                   f"the deal is expected to complete on {completion}, and the program covers "
                   f"transactions completed on or after {start}: screened as of then, {would[0]}",
                   f"预计交割日期为{_date_zh(completion)}，本规则适用于{_date_zh(start_day)}或之后"
                   f"完成的交易：按届时规则筛查，{would[1]}")


def _determine(regime: str, facts: Facts, rs: RuleSet, rulebook: Rulebook) -> Determination:
    primary = rs.get(regime, PROVISIONS[regime][0])
    if primary is None:
        early = _not_in_force(regime, rulebook, rs.as_of, rs.include_proposed)
        ahead = _completion_ahead(regime, facts, rs, rulebook)
        return replace(early, reasons=(*early.reasons, ahead)) if ahead else early
    status = primary.status
    for provision in PROVISIONS[regime][1:]:
        other = rs.get(regime, provision)
        if other is not None and other.status not in BINDING_STATUSES:
            status = other.status
    decided = _EVALUATORS[regime](facts, rs)
    missing = _unique(decided.missing) if decided.outcome == "needs_info" else ()
    return Determination(regime, decided.outcome, status, _unique(decided.reasons), missing)


def regime_screened(regime: str, rs: RuleSet) -> bool:
    """Whether `regime` is screened with the rule set `rs`: CN-US-CAPITAL (a reported
    measure) only when reported / proposed measures are included, or once a binding version
    of it applies on the date (an in-force rule a rulebook update brings): then it binds."""
    if rs.include_proposed or regime not in PROPOSED_ONLY_REGIMES:
        return True
    return any(key[0] == regime for key in rs.rules)  # without proposed: binding rules only


def _regime_rules(rs: RuleSet, regime: str) -> dict[tuple[str, str], Rule]:
    return {key: rule for key, rule in rs.rules.items() if key[0] == regime}


def _first_rules(book: Rulebook, regime: str, include_proposed: bool) -> tuple[Rule | None, ...]:
    # What _not_in_force names: the regime's earliest primary rule.
    return book.first_rule(regime, include_proposed), book.first_rule(regime, True)


def regimes_that_may_differ(old: Rulebook, new: Rulebook, as_of: date,
                            include_proposed: bool = False) -> tuple[str, ...]:
    """The regimes whose determination on `as_of` screening with `new` may give otherwise
    than screening with `old`: one only either screens, or whose rules on the date differ
    (where none applies, whose first rule differs: the not-in-force reason names it). Any
    other regime is determined by the same rules in the same way whatever the facts, so a
    comparison of the two (a rulebook update's preview) need not screen it."""
    old_rs, new_rs = old.rules_on(as_of, include_proposed), new.rules_on(as_of, include_proposed)
    found = []
    for regime in dict.fromkeys((*old.regimes, *new.regimes)):
        same = (regime in old.regimes and regime in new.regimes
                and regime_screened(regime, old_rs) == regime_screened(regime, new_rs)
                and _regime_rules(old_rs, regime) == _regime_rules(new_rs, regime)
                and (old_rs.get(regime, PROVISIONS[regime][0]) is not None
                     or (_first_rules(old, regime, include_proposed)
                         == _first_rules(new, regime, include_proposed)
                         and old.earlier_editions.get(regime) == new.earlier_editions.get(regime))))
        if not same:
            found.append(regime)
    return tuple(found)


# The regimes whose evaluator reads the screening date itself (not only which rules apply
# on it): CN-DATA-EXPORT counts personal information from 1 January of its year.
_DATED_REGIMES = frozenset({"CN-DATA-EXPORT"})


def determination_key(book: Rulebook, regime: str, as_of: date,
                      include_proposed: bool = False) -> tuple[Any, ...]:
    """What one regime's determination depends on besides the facts: two dates of equal
    keys determine any facts alike (the same rule versions apply, and the date itself is
    not read), so a comparison over several dates screens the case once for both. Valid
    while `book` lives (it holds the rules' identities)."""
    rs = book.rules_on(as_of, include_proposed)
    if not regime_screened(regime, rs):
        return (id(book), regime, None)
    own = sorted((key[1], rule) for key, rule in rs.rules.items() if key[0] == regime)
    rules = tuple((provision, id(rule)) for provision, rule in own)
    dated = regime in _DATED_REGIMES or rs.get(regime, PROVISIONS[regime][0]) is None
    # Words a rule dates within its version (the authority of the day, CN-SAMR) split it too.
    words = tuple(_words_since(rule, as_of) for _provision, rule in own)
    return (id(book), regime, include_proposed, rules, words, as_of if dated else None)


def stake_is_control(stake: Any, at_least: Any) -> bool:
    """Whether a stake (in %) reaches the control figure `at_least` (以上: inclusive),
    compared exactly (6.5 as written, not as a float): the screening, the wizard's note
    and the application's control paragraph decide it the same way."""
    return (isinstance(stake, int | float) and not isinstance(stake, bool)
            and at_least is not None and _exact(stake) >= _exact(at_least))


def control_stake_threshold(rulebook: Rulebook, as_of: date) -> float | None:
    """The stake (in %) from which the security review counts control whatever the facts'
    "acquires control" says: the CN-FISR scope rule's parameter in force on `as_of` (None
    when none is), so that the wizard's note names the rulebook's figure, not one of its own."""
    rule = rulebook.rules_on(as_of).get("CN-FISR", "scope")
    return None if rule is None else rule["control_stake_pct_at_least"]


def us_person_places(rulebook: Rulebook, as_of: date) -> frozenset[str]:
    """The places (ISO codes) whose investors US-OISP counts as US persons whatever the
    facts' answer says, from its scope rule in force on `as_of` (none when none is): the
    wizard's word beside an answer of "no" names the rulebook's places, not its own."""
    rule = rulebook.rules_on(as_of).get("US-OISP", "scope")
    return frozenset() if rule is None else frozenset(rule["us_person_if_organised_in"])


def determine(regime: str, facts: Facts, as_of: date, include_proposed: bool = False, *,
              rulebook: Rulebook) -> Determination | None:
    """The determination `screen` gives of one regime (None when it is not screened then)."""
    rs = rulebook.rules_on(as_of, include_proposed)
    return _determine(regime, facts, rs, rulebook) if regime_screened(regime, rs) else None


def screen(
    facts: Facts,
    as_of: date,
    include_proposed: bool = False,
    *,
    rulebook: Rulebook | None = None,
) -> ScreeningResult:
    """Screen one case's facts against the rules in force on `as_of`.

    One determination per regime, in the rulebook's order; CN-US-CAPITAL (a reported
    measure) only when `include_proposed` is set or an in-force version of it applies. Pure: no I/O once the rulebook is
    loaded (the default rulebook is loaded once per process).
    """
    book = rulebook if rulebook is not None else default_rulebook()
    rs = book.rules_on(as_of, include_proposed)
    determinations = tuple(
        _determine(regime, facts, rs, book)
        for regime in book.regimes
        if regime_screened(regime, rs)
    )
    return ScreeningResult(as_of=as_of, rulebook=book.version, determinations=determinations)
