"""What the kind modules share: bilingual labels, value formatting, missing fields and the
blocks that appear on more than one kind (determinations, tracks, attachments)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from approvals.domain.audit import command_line_user
from approvals.domain.clocks import pauses_from_json, unrolled_due
from approvals.domain.document_types import document_type_name, unnamed_type_words
from approvals.domain.errors import NotFound
from approvals.domain.event_text import condition_words, extension_text, self_approval_words
from approvals.domain.facts import AI_ACTIVITIES
from approvals.domain.field_labels import Lang, fact_label, fact_named
from approvals.domain.numbers import power_of_ten, prose
from approvals.domain.required_facts import blank, fact_value, not_applicable
from approvals.domain.rulebook import VERIFY_MARK
from approvals.domain.screening import (
    UNKNOWN_PLACE,
    UNKNOWN_PLACE_WORDS,
    UNKNOWN_PLACE_WORDS_ZH,
    chinese_of_the_day,
    citation_of_the_day,
)
from approvals.domain.wording import (
    FOLLOW_UP_PREFIX,
    and_joined,
    distillation_flag_sentence,
    filed_against_due,
)
from approvals.domain.workflow import clock_spec, is_open, workflow
from approvals.domain.workflow import state_label as workflow_label
from approvals.filings import content as c
from approvals.filings.data import Attachment, Determination, FilingData, Reason, Track
from approvals.filings.data import Transition as Step
from approvals.resources import label_data, resource_path

# A fact that is not given, in the words labels.json gives an unknown yes/no
# (`booleans.null`), so a number, date or list left blank reads as a Yes/No left blank
# does: an authority cannot tell a dash ("none", "zero"?) from "not given".
NOT_STATED = "Not stated"
NOT_STATED_ZH = "未说明"
NOT_STATED_BOTH = f"{NOT_STATED_ZH} / {NOT_STATED}"  # Chinese first, as every bilingual value
# A dash only where a cell holds nothing by design: no due date on a track without a
# running clock, the number column of "No documents attached", a "nothing recorded" row,
# a step, audit event or reviewer's recommendation recorded without a reason or details.
NOTHING = "—"

# Says who a login is, "Li Wei (li.wei)" (FilingData.person); left out: the login as recorded.
Person = Callable[[str], str]


def labels() -> dict[str, dict[str, list[str]]]:
    return label_data()


@lru_cache(maxsize=1)
def forms() -> dict[str, Any]:
    data = json.loads(resource_path("filings", "forms.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=8)
def form_names(kind: str) -> Mapping[str, tuple[str, str | None]]:
    """The form's own name of each fact it names (forms.json `required`, `conditional`
    and `rows`), English and Chinese: what its missing-information box and its note on
    facts changed since the screening call a fact, as the row that prints it does (the
    wizard's name with its section after it read otherwise). Read once: a rendering asks
    for it several times, and the file is the app's own."""
    form = forms()[kind]
    names: dict[str, tuple[str, str | None]] = {}
    for path, en, *rest in (*form.get("rows", ()), *form.get("conditional", ()),
                            *form["required"]):
        if not path.startswith(("particulars.", "documents.")):
            names[path] = (en, rest[0] if rest and isinstance(rest[0], str) else None)
    return MappingProxyType(names)


def document(kind: str, data: FilingData, blocks: list[c.Block], *, final: bool,
             approved: bool, generated_at: str,
             missing: list[tuple[str, str]]) -> c.FilingDocument:
    """The finished document of one kind: title and page size from forms.json; a draft
    that is not yet approved carries the watermark."""
    form = forms()[kind]
    title_en, title_zh = form["title"]
    return c.FilingDocument(
        kind=kind,
        reference=data.reference,
        title_en=title_en,
        title_zh=title_zh,
        page_size=form["page_size"],
        final=final,
        watermark=not approved,
        generated_at=generated_at,
        blocks=tuple(blocks),
        missing=tuple(path for path, _ in missing),
    )


def label(group: str, code: str | None) -> tuple[str, str]:
    """(English, Chinese) label of an enumerated value; unknown codes print as themselves."""
    if code is None:
        return NOT_STATED, NOT_STATED
    pair = labels().get(group, {}).get(code)
    return (pair[0], pair[1]) if pair else (code, code)


SIGNATORY_PATH = "particulars.applicant.legal_representative"


def stated_place(code: str | None) -> str | None:
    """A place as the filings print it: None where it is not given, XX included (the facts'
    code for a place unknown or not stated, a private-use code no authority reads)."""
    return None if not code or code == UNKNOWN_PLACE else code


def applicant_signatory(jurisdiction: str | None) -> tuple[str, str]:
    """(English, Chinese) name of who signs for the applicant, by the target's place of
    organisation: the legal representative (法定代表人) of a company organised in mainland
    China; an authorised signatory (授权签字人) of one organised elsewhere, which has no
    法定代表人; either while the place is not stated (labels.json `applicant_signatory`)."""
    if jurisdiction == "CN":
        return label("particulars", SIGNATORY_PATH.removeprefix("particulars."))
    return label("applicant_signatory", "offshore" if stated_place(jurisdiction) else "unstated")


def particular_names(jurisdiction: str | None) -> dict[str, tuple[str, str]]:
    """particulars path -> (English, Chinese) name a filing of a target organised in
    `jurisdiction` gives the particular, where that depends on the case: the applicant's
    signatory. What the preview and a refused final name the missing item by, as the
    filing does (the form's "… or authorised signatory" is for no case in particular)."""
    return {SIGNATORY_PATH: applicant_signatory(jurisdiction)}


def applicant_signature(jurisdiction: str | None) -> tuple[str, str]:
    """The declaration's signature line for the applicant's signatory."""
    name_en, name_zh = applicant_signatory(jurisdiction)
    return f"{name_en} of the applicant (signature)", f"申请人{name_zh}（签字）"


# --- an investor who is a natural person ----------------------------------------------

# The facts' investor.kind of a natural person (labels.json `investor_kinds`: 自然人).
INDIVIDUAL = "individual"

# What only an entity has: a Legal Entity Identifier, an ultimate parent (31 CFR
# 850.405(b)(2) asks for the ultimate owner "if the U.S. person is an entity"), a principal
# place of business and a website, an authorised representative to act and sign for it (a
# person signs in person). Of an individual investor none is asked for (missing_fields),
# and a row left blank says why (required_or_why_not), in the form's not-applicable words.
_INDIVIDUAL = ("Not applicable: the investor is an individual (a natural person)",
               "不适用：投资者为自然人")
ENTITY_ONLY: dict[str, tuple[str, str]] = {
    "investor.lei": _INDIVIDUAL,
    "investor.ultimate_parent": _INDIVIDUAL,
    "particulars.us_person.principal_place_of_business": _INDIVIDUAL,
    "particulars.us_person.website": _INDIVIDUAL,
    "particulars.foreign_investor.authorised_representative": (
        "Not applicable: the investor is an individual (a natural person), who signs in person",
        "不适用：投资者为自然人，由本人签字"),
}
# An individual has no place of organisation: the country the facts give
# (investor.jurisdiction) is the person's nationality or residence, so named.
INDIVIDUAL_PLACE = ("Nationality or country of residence", "国籍或居住地")


def individual(data: FilingData) -> bool:
    """The investor is a natural person (investor.kind "individual"), not an entity."""
    return data.facts.investor.kind == INDIVIDUAL


def entity_only(data: FilingData, path: str) -> bool:
    """`path` is a particular only an entity has, and the investor is an individual."""
    return path in ENTITY_ONLY and individual(data)


def en(group: str, code: str | None) -> str:
    return label(group, code)[0]


def zh(group: str, code: str | None) -> str:
    return label(group, code)[1]


def both(group: str, code: str | None) -> str:
    """'中文 / English' for bilingual values."""
    english, chinese = label(group, code)
    return english if english == chinese else f"{chinese} / {english}"


def yes_no(value: bool | None, *, bilingual: bool = False) -> str:
    key = "null" if value is None else ("true" if value else "false")
    return both("booleans", key) if bilingual else en("booleans", key)


def listing(group: str, codes: Sequence[str] | None, *,
            bilingual: bool = False) -> str:
    if codes is None:  # an absent list is unknown, not "none"
        return NOT_STATED
    if not codes:
        return "无 / None" if bilingual else "None"  # Chinese first, as every bilingual value
    if not bilingual:
        return "; ".join(en(group, code) for code in codes)
    if len(codes) == 1:
        return both(group, codes[0])
    # Several: the Chinese list, then the English one beneath (as the turnover pairs its
    # lines), not "中文 / English; 中文 / English", where a reader cannot tell which
    # language a "/" or a ";" parts.
    return (f"{'；'.join(zh(group, code) for code in codes)}\n"
            f"{'; '.join(en(group, code) for code in codes)}")


def country(code: str | None, *, bilingual: bool = False) -> str:
    if not stated_place(code):
        return NOT_STATED
    english, chinese = label("countries", code)
    if english == code:
        return code
    return f"{chinese} / {english} ({code})" if bilingual else f"{english} ({code})"


def number(value: float | int | None) -> str:
    """Thousands separators; integral floats without a fraction, in the digits they were
    given: 1e23 is 100,000,000,000,000,000,000,000, not int(1e23)'s binary
    99,999,999,999,999,991,611,392."""
    if value is None:
        return NOT_STATED
    if isinstance(value, float) and value.is_integer():
        value = int(Decimal(repr(value)))
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def operations(value: float | int | None, *, bilingual: bool = False) -> str:
    """Training compute as 'a × 10ⁿ operations' (exact figures are what the rules compare)."""
    if value is None:
        return NOT_STATED
    figure = power_of_ten(value)
    # No space before 次运算, as the screening's reasons write it.
    return f"{figure}次运算 / {figure} operations" if bilingual else f"{figure} operations"


def money(amount: Any) -> str:
    if amount is None:
        return NOT_STATED
    return f"{amount.currency} {number(amount.value)}"


# Currencies by their Chinese names, for an amount the Chinese application prints in both
# languages; a currency not listed prints by its code alone.
CURRENCIES_ZH = {"USD": "美元", "EUR": "欧元", "GBP": "英镑", "JPY": "日元", "HKD": "港元",
                 "SGD": "新加坡元", "CHF": "瑞士法郎", "AUD": "澳大利亚元", "CAD": "加拿大元"}


def money_both(amount: Any) -> str:
    """An amount in Chinese, then English on the next line, as the Chinese application
    pairs every value ("20,000,000美元" over "USD 20,000,000"; "人民币…元" over "RMB …"
    as its turnover); the code alone for a currency without a Chinese name here."""
    if amount is None:
        return NOT_STATED
    figure = number(amount.value)
    if amount.currency == "CNY":
        return f"人民币{figure}元\nRMB {figure}"
    name = CURRENCIES_ZH.get(amount.currency)
    return f"{figure}{name}\n{money(amount)}" if name else money(amount)


def percent(value: float | int | None, *, zh: bool = False) -> str:
    """'51 %' (as the screening's English writes it, the space a no-break one: "33.3333"
    ended a line with "%." alone on the next); Chinese without the space: '51%'."""
    if value is None:
        return NOT_STATED
    figure = f"{value:,.6f}".rstrip("0").rstrip(".")  # 6.5 %, not 6.50 %
    return f"{figure}{'' if zh else chr(0xA0)}%"


def stamp(iso_utc: str) -> str:
    """'2026-11-29T01:56:23Z' as '2026-11-29 01:56:23' (tables say the times are UTC)."""
    return iso_utc.replace("T", " ").removesuffix("Z").removesuffix("+00:00")


def roles(role: str) -> str:
    return f" [{role.replace(',', ', ')}]" if role else ""


def text_or_dash(value: str | None) -> str:
    return value if value else NOT_STATED


def required_or_why_not(data: FilingData, path: str, value: str | None, *,
                        bilingual: bool = True) -> str:
    """A required fact's value, or one a form asks only under a condition (forms.json
    `conditional`); where it is blank because it does not apply to the case (forms.json
    `not_applicable`: no USCC for a target organised in the Cayman Islands, no catalogue
    items where no technology is transferred; an LEI or ultimate parent of an investor who
    is an individual, `ENTITY_ONLY`), why, Chinese above English, or in English only for an
    English filing."""
    if value:
        return value
    why = ENTITY_ONLY[path] if entity_only(data, path) else \
        not_applicable(path, data.facts.to_json_dict())
    if why is None:
        return NOT_STATED
    return f"{why[1]}\n{why[0]}" if bilingual else why[0]


def date_or_dash(value: date | None) -> str:
    """A date of the facts as every filing prints it (YYYY-MM-DD); a dash when not stated."""
    return value.isoformat() if value else NOT_STATED


def zh_date(value: date | str | None) -> str:
    """A date the Chinese way: 2026-12-31 (or a timestamp starting with it) as
    2026年12月31日, no leading zeros; text that is no date prints as it is."""
    if value is None:
        return NOT_STATED
    text = value.isoformat() if isinstance(value, date) else value
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.year}年{day.month}月{day.day}日{text[10:]}"


def zh_stamp(iso_utc: str) -> str:
    """'2026-11-29T01:56:23Z' as '2026年11月29日 01:56:23' (the Chinese says it is UTC)."""
    return zh_date(stamp(iso_utc))


def date_both(value: date | None) -> str:
    """A date of the facts in a bilingual value: '2026年12月10日 / 2026-12-10', Chinese
    first as every bilingual value; a dash when not stated."""
    return f"{zh_date(value)} / {value.isoformat()}" if value else NOT_STATED


def state_label(kind: str, state: str, lang: str = "en", *, unknown_zh: str | None = None) -> str:
    """The workflow's own label for a state; a state it does not know prints as words
    (in Chinese as `unknown_zh` when given, e.g. "" to leave English out of Chinese)."""
    try:
        return workflow_label(kind, state, lang=lang)
    except NotFound:  # an unknown kind or state (older data) must not stop a filing
        if lang == "zh" and unknown_zh is not None:
            return unknown_zh
        return state.replace("_", " ").capitalize()


# --- missing fields -----------------------------------------------------------------

def _lookup(root: Any, parts: list[str]) -> Any:
    value = root
    for part in parts:
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
        if value is None:
            return None
    return value


def field_value(data: FilingData, path: str) -> Any:
    """The value at a required-field path (facts, particulars.*, documents.<type>)."""
    head, _, rest = path.partition(".")
    if head == "particulars":
        return _lookup(data.particulars, rest.split("."))
    if head == "documents":
        return next((a for a in data.attachments if a.doc_type == rest), None)
    return _lookup(data.facts.to_json_dict(), path.split("."))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def needed_text(path: str, regimes: Sequence[str], lang: Lang = "en",
                name: str | None = None) -> str:
    """A fact the screening lacks, by name: "Largest training run (operations) (AI
    profile), needed by the US-OISP screening"; in Chinese by the regime's Chinese name, not
    its code: "…，美国对外投资安全计划筛查所需". `name`: the filing's own name of the fact
    (forms.json), so it is named one way whether the screening or the form lacks it."""
    name = name or fact_label(path, lang)
    if lang == "zh":
        return f"{name}，{'、'.join(regime_short_zh(r) for r in regimes)}筛查所需"
    which = (regimes[0] if len(regimes) == 1
             else ", ".join(regimes[:-1]) + f" and {regimes[-1]}")
    return f"{name}, needed by the {which} screening" + ("s" if len(regimes) > 1 else "")


def regime_short_zh(regime: str) -> str:
    """A regime's Chinese name without its instruments in brackets ("数据出境"), for a
    Chinese line that names it in passing; the code when the labels have no Chinese."""
    chinese = zh("regimes", regime)
    return chinese.split("（", 1)[0] or regime


def missing_names(paths: Iterable[str]) -> str:
    """The facts a determination lacks, each by name with its path in brackets to find it
    in a facts file ("Unified Social Credit Code (Target company) [target.uscc]"); a path
    the list of names does not know prints alone."""
    return "; ".join(fact_named(p) for p in paths)


# A level-1 heading's number: "Part 3." of the Chinese application (and its Chinese
# "三、"), "3." of a US notification's item.
_PART_EN = re.compile(r"^(?:Part )?(\d+)\. ")
_PART_ZH = re.compile(r"^([一二三四五六七八九十]+)、")


def _part(heading: c.Heading) -> tuple[str | None, str | None]:
    """Where a heading's section is: ("Part 3", "第三部分"), a US notification's ("item 3",
    None); (None, None) for an unnumbered one."""
    en_part = _PART_EN.match(heading.en)
    if en_part is None:
        return None, None
    if not heading.en.startswith("Part "):
        return f"item {en_part[1]}", None
    zh_part = _PART_ZH.match(heading.zh or "")
    return f"Part {en_part[1]}", f"第{zh_part[1]}部分" if zh_part else None


def row_names(blocks: Iterable[c.Block]) -> dict[str, tuple[str, str | None]]:
    """Each fact or particular a row of `blocks` prints (its `path`), by that row's label
    and the part it is in: "Shareholding after the transaction (Part 3)" /
    "交易后持股比例（第三部分）". Part 9 names so a fact changed since the screening: by the
    row that gives it as it is now."""
    names: dict[str, tuple[str, str | None]] = {}
    part: tuple[str | None, str | None] = (None, None)
    for block in blocks:
        if isinstance(block, c.Heading) and block.level == 1:
            part = _part(block)
        elif isinstance(block, c.Fields):
            for row in block.rows:
                if row.path is None or row.path in names:
                    continue
                part_en, part_zh = part
                names[row.path] = (
                    f"{row.label_en} ({part_en})" if part_en else row.label_en,
                    (f"{row.label_zh}（{part_zh}）" if part_zh else row.label_zh)
                    if row.label_zh else None)
    return names


def no_track_words(prefix: str) -> tuple[str, str | None]:
    """What a filing says when no track of its regimes is open (English, Chinese; None for
    an English-only filing's): said once, in its missing-information box (and in the body
    only where no box is printed). The Chinese side's regimes by name ("No Chinese filing
    track…", 中国境内审批或备案事项), not by their codes' prefix ("CN")."""
    if prefix == "CN-":
        return "No Chinese filing track is open for this case", "本案尚无中国境内审批或备案事项"
    regime = prefix.rstrip("-")
    return f"No {regime + ' ' if regime else ''}filing track is open for this case", None


def missing_fields(kind: str, data: FilingData,
                   tracks: tuple[Track, ...] | None = None, *,
                   english: bool = False) -> list[tuple[str, str]]:
    """(path, label) of everything this kind needs and the case lacks, screening first.
    `tracks`: those the filing covers (withdrawn ones left out); a required document
    counts only if such a filing submits it. `english`: the labels without their Chinese
    (for an English sentence, such as the Approve for filing step's refusal)."""
    form = forms()[kind]
    bilingual = bool(form["title"][1])  # the Chinese application names them in Chinese too
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(path: str, text_en: str, text_zh: str | None = None) -> None:
        if path not in seen:
            seen.add(path)
            out.append((path, f"{text_zh} / {text_en}" if text_zh and not english else text_en))

    prefix = form["tracks"]
    facts = data.facts.to_json_dict()
    if kind != "status-report":
        stale = data.unscreened.paths_for(prefix)
        if data.screening is None:
            add("screening", "No current screening of the case: screen it first")
        elif stale:
            # The determinations printed would quote facts as they were before the edit.
            by_form = form_names(kind)
            changed_en = ", ".join(by_form[p][0] if p in by_form else fact_label(p)
                                   for p in stale)
            changed_zh = "、".join((by_form[p][1] if p in by_form else None)
                                  or fact_label(p, "zh") for p in stale)
            add("screening",
                f"The facts changed since the case was screened ({changed_en}): re-screen "
                "the case (Screening tab) and accept the new screening, even if it changes "
                "nothing",
                f"案件事实在筛查后已变更（{changed_zh}）：请重新筛查并接受新的筛查结果"
                if bilingual else None)
        if data.screening is not None:
            # Each fact by its name (the path is printed before it), with every screening
            # that needs it: the same fact missing for CN-FISR and CN-SAMR is one line.
            needed_by: dict[str, list[str]] = {}
            for det in data.screening.determinations:
                if det.regime.startswith(prefix):
                    for path in det.missing:
                        # Given since a screening the facts outran: not named as missing.
                        if stale and not blank(fact_value(facts, path)):
                            continue
                        needed_by.setdefault(path, []).append(det.regime)
            # A fact the form names keeps the form's name ("Whether technology is
            # transferred or licensed"), not the wizard's with its section after it.
            by_form = form_names(kind)
            for path, regimes in needed_by.items():
                name_en, name_zh = by_form.get(path, (None, None))
                add(path, needed_text(path, regimes, name=name_en),
                    needed_text(path, regimes, "zh", name=name_zh) if bilingual else None)
        if not data.tracks_for(prefix):
            none_en, none_zh = no_track_words(prefix)
            add("tracks", none_en, none_zh if bilingual else None)
        elif tracks is not None and not tracks:
            add("tracks", "Every track this filing would cover was withdrawn",
                "本申请涉及的办理事项均已撤回" if bilingual else None)
    for path, text_en, *rest in form["required"]:
        text_zh = rest[0] if rest else None
        if not_applicable(path, facts):
            continue  # a USCC for a target organised outside mainland China
        if entity_only(data, path):
            continue  # the ultimate parent of an investor who is a natural person
        if path == "investor.jurisdiction" and individual(data):
            # Named as the filing's row names it: a person has no place of organisation.
            text_en = text_en.replace("place of organisation", INDIVIDUAL_PLACE[0].lower())
            text_zh = text_zh.replace("注册地", INDIVIDUAL_PLACE[1]) if text_zh else None
        if path.startswith("target.ai.") and not ai_declarations_apply(data.facts.target.ai):
            continue  # no AI system, and nothing recorded of one: nothing to declare
        if (path.startswith("deal.data_export.") and data.facts.deal.data_export is None
                and not any(p.startswith("deal.data_export.") for p in seen)):
            # None of the data export facts is stated: asked for as a whole, unless the
            # screening has named the ones it needs (then this one is named by its own path,
            # below, if the screening has not named it too): each missing fact once.
            add("deal.data_export", fact_label("deal.data_export"),
                fact_label("deal.data_export", "zh") if text_zh else None)
            continue
        if path.startswith("documents."):
            doc_type = path.partition(".")[2]
            if not any(a.doc_type == doc_type for a in data.attachments_for(tracks)):
                # The Documents tab offers it under this name; scripts attach it by its type,
                # which the path after the words ([documents.<type>]) names: said once.
                # A type the form gives no words ("", or its key again) by the name the
                # Documents tab shows it under: "Board memo", not an empty name or the key.
                name_en = (text_en or "").strip()
                if not name_en or name_en == doc_type:
                    named = document_type_name(doc_type)
                    name_en = named if named and named != doc_type else \
                        unnamed_type_words(doc_type)
                add(path, f"{name_en} (attach it on the Documents tab)",
                    f"{text_zh}（请在“文件”页上传）" if text_zh else None)
        elif _blank(field_value(data, path)):
            if path == SIGNATORY_PATH and data.facts.target.jurisdiction != "CN":
                # No 法定代表人 outside mainland China: named as the filing's row is.
                name_en, name_zh = applicant_signatory(data.facts.target.jurisdiction)
                text_en, text_zh = f"Applicant's {name_en[0].lower()}{name_en[1:]}", (
                    f"申请人{name_zh}" if text_zh else None)
            add(path, text_en, text_zh)
    return out


# --- the AI profile -----------------------------------------------------------------

def ai_recorded_anyway(ai: Any) -> list[tuple[str, str]]:
    """What the AI profile records that only a developer of AI systems has, in words
    (English, Chinese): a training run, training on biological sequence data, AI end uses,
    training on outputs of US-origin models. Empty without a profile."""
    if ai is None:
        return []
    found: list[tuple[str, str]] = []
    compute = ai.max_training_compute_ops
    if compute is not None and compute > 0:
        figure = power_of_ten(compute)
        found.append((f"a training run of {figure} operations", f"最大训练计算量为{figure}次运算"))
    if ai.primarily_biological_sequence_data:
        found.append(("training primarily on biological sequence data", "主要使用生物序列数据训练"))
    if ai.end_uses:
        found.append((f"AI end uses ({listing('end_uses', ai.end_uses)})",
                      f"人工智能最终用途（{'、'.join(zh('end_uses', u) for u in ai.end_uses)}）"))
    if ai.trained_on_us_model_outputs or ai.us_models_used:
        found.append(("training on outputs of US-origin models", "使用美国来源模型的输出进行训练"))
    return found


def no_ai_system(data: FilingData) -> bool:
    """Whether the facts say the target develops no AI system: a profile answering "no"
    with nothing of one recorded, or no profile and activities recorded with no AI activity
    among them (as the application's AI part says "Not applicable"). Activities not stated
    say nothing: a draft printed "not applicable" of facts nobody had answered."""
    ai = data.facts.target.ai
    if ai is None:
        activities = data.facts.target.activities
        return activities is not None and not AI_ACTIVITIES.intersection(activities)
    return not ai_declarations_apply(ai)


def ai_declarations_apply(ai: Any) -> bool:
    """Whether the AI declarations (the model-provenance declaration) are needed: a profile
    that does not say "no AI system", or says it while recording facts of one (a training
    run, US models used): those facts are declared, not dropped with the answer."""
    return ai is not None and (ai.develops_ai_system is not False or bool(ai_recorded_anyway(ai)))


def ai_answer_blocks(ai: Any, *, bilingual: bool) -> list[c.Block]:
    """Where the profile says the target develops no AI system but records facts only a
    developer of one has: said, above the profile as recorded (the authority must not read
    a bare "No" beside a training run, nor miss the run for the answer)."""
    if ai is None or ai.develops_ai_system is not False:
        return []
    recorded = ai_recorded_anyway(ai)
    if not recorded:
        return []
    facts_en = [en for en, _ in recorded]
    which_en = facts_en[0] if len(facts_en) == 1 else ", ".join(facts_en[:-1]) + f" and {facts_en[-1]}"
    which_zh = "、".join(zh_text for _, zh_text in recorded)
    return [c.Para(
        f"The applicant states that it does not develop AI systems, but the facts record "
        f"{which_en}: they are given below as recorded, and the model-provenance "
        "declaration covers them." if bilingual else
        f"The covered foreign person is stated not to develop AI systems, but the facts "
        f"record {which_en}: they are given below as recorded.",
        f"申请人声明其不研发人工智能系统，但事实信息记录了{which_zh}：以下按所记录的事实填报，"
        "模型来源声明亦涵盖上述事项。" if bilingual else None,
        style="flag",
    )]


# --- shared blocks ------------------------------------------------------------------

_INDENT = "\u00a0" * 3  # no-break spaces: a paragraph keeps them at the start of a line


def _citation_heading(citation: str, citation_zh: str, *, bilingual: bool) -> str:
    """【Chinese citation】 above [English citation], each in its own script's brackets; one
    line when the Chinese one already quotes the English (US rules: 《美国联邦法规》…
    （31 CFR 850.224））."""
    citation = citation or NOT_STATED
    if not bilingual or not citation_zh:
        return f"[{citation}]"
    if citation in citation_zh:
        return f"【{citation_zh}】"
    return f"【{citation_zh}】\n[{citation}]"


# The screening names a place given as XX in its reasons (for the officer who typed it); a
# filing says it in the words of every fact not given: never the private-use code.
_UNKNOWN_PLACE_SAID = ((UNKNOWN_PLACE_WORDS, NOT_STATED.lower()),
                       (UNKNOWN_PLACE_WORDS_ZH, NOT_STATED_ZH))


def unknown_place_said(text: str) -> str:
    """A screening reason with a place given as XX said as not stated."""
    for screening_words, filing_words in _UNKNOWN_PLACE_SAID:
        text = text.replace(screening_words, filing_words)
    return text


def reasons_by_citation(reasons: Iterable[Reason], *,
                        bilingual: bool = False) -> dict[tuple[str, str], list[str]]:
    """Screening reasons grouped under their citation, in the order first cited (several
    reasons often rest on the same rule paragraph, which is then named once):
    (citation, its Chinese when bilingual) -> "• reason" lines. Bilingual: each reason in
    Chinese, its English beneath; reasons stored before the Chinese text existed print in
    English only. A reason's "(facts path)" after the words is left out: a filing names a
    fact in words ("the facts do not state whether the deal transfers technology"), its
    path once, in brackets, in the list of missing facts for a facts file."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for r in reasons:
        # A Chinese line stored before it read as Chinese prints in today's words.
        english = prose(unknown_place_said(_without_paths(r.text)))
        text = f"• {prose(unknown_place_said(chinese_of_the_day(r.text_zh)))}\n{_INDENT}{english}" \
            if bilingual and r.text_zh else f"• {english}"
        citation_zh = citation_of_the_day(r.citation_zh) if bilingual else ""
        grouped.setdefault((r.citation, citation_zh), []).append(text)
    return grouped


# " (deal.data_export.important_data)" after the words that name the fact.
_FACTS_PATH_SAID = re.compile(r" \(((?:target|investor|deal)(?:\.[a-z0-9_]+)+)\)")


def _without_paths(text: str) -> str:
    """`text` without the facts paths the screening puts after a fact's name; a bracket
    that is not a known fact's path stays."""
    return _FACTS_PATH_SAID.sub(
        lambda m: "" if fact_label(m.group(1)) != m.group(1) else m.group(0), text)


def _reasons_text(det: Determination, *, bilingual: bool, advice: bool,
                  verify: bool = False) -> str:
    """A determination's reasons under their citations (`advice`: with the points to check;
    `verify`: an unverified rule's citation marked VERIFY_MARK), then the facts it still
    misses."""
    reasons_shown = det.reasons if advice else tuple(r for r in det.reasons if not r.advice)
    grouped = reasons_by_citation(reasons_shown, bilingual=bilingual)
    marked = {r.citation for r in reasons_shown if r.unverified} if verify else set()
    reasons = "\n".join(_citation_heading(citation, zh_cite, bilingual=bilingual)
                        + (f" {VERIFY_MARK}" if citation in marked else "")
                        + "\n" + "\n".join(texts)
                        for (citation, zh_cite), texts in grouped.items()) or NOT_STATED
    if det.missing:
        # One fact a line, by name as the reasons are worded (Chinese, English beneath),
        # its path in brackets to find it in a facts file.
        lines = ["缺少的事实 Missing:" if bilingual else "Missing:"]
        for path in det.missing:
            english = fact_named(path)
            chinese = fact_label(path, "zh")
            lines.append(f"• {chinese}\n{_INDENT}{english}" if bilingual and chinese != path
                         else f"• {english}")
        reasons += "\n" + "\n".join(lines)
    return reasons


def _screened_by(login: str, person: Person) -> tuple[str, str, str]:
    """Who recorded a screening: (English, Chinese, Chinese after "记录"). The command
    line's login ("cli:root", domain.audit.command_line_user) is no person's name: it says the
    computer's user on the command line, the login after it as the audit trail keeps it."""
    if not login:
        return "(name not stated)", f" {NOT_STATED_ZH} ", ""
    if user := command_line_user(login):
        return (f"the computer's user {user} on the command line, {login} in the audit trail",
                f"计算机用户 {user} 通过命令行", f"（审计记录中为 {login}）")
    return person(login), f" {person(login)} ", ""


def determinations_table(data: FilingData, prefix: str, *, bilingual: bool,
                         person: Person = str, advice: bool = True,
                         verify: bool = False,
                         names: Mapping[str, tuple[str, str | None]] | None = None,
                         ) -> list[c.Block]:
    """The screening's determinations of the regimes starting with `prefix`, with their
    reasons; `advice` False (a filing to an authority) leaves the points to check out: they
    are the officer's work before filing (`advice_blocks`), not grounds to put before it.
    `verify` (the status report, for the firm and its auditors): each unverified rule's
    citation marked "(verify)", and the mark explained under the table. `names`: the
    filing's rows by path (`row_names`): where facts changed since the screening, a filing
    to an authority says above the table which, by those rows, and that the reasons quote
    them as screened (`stale_blocks`)."""
    if data.screening is None:
        return [c.Para("The case has not been screened.", "本案尚未进行筛查。" if bilingual else None,
                       style="flag")]
    rows = []
    for det in data.screening.determinations:
        if not det.regime.startswith(prefix):
            continue
        reasons = _reasons_text(det, bilingual=bilingual, advice=advice, verify=verify)
        rows.append((
            both("regimes", det.regime) if bilingual else f"{det.regime}: {en('regimes', det.regime)}",
            both("outcomes", det.outcome) if bilingual else en("outcomes", det.outcome),
            both("statuses", det.status) if bilingual else en("statuses", det.status),
            reasons,
        ))
    # Who screened, by name (the screening keeps the login).
    by_en, by_zh, trail_zh = _screened_by(data.screening.created_by, person)
    blocks: list[c.Block] = [c.Para(
        f"Screened as of {data.screening.as_of} against rulebook {data.screening.rulebook}"
        f" (recorded {stamp(data.screening.created_at)} UTC by {by_en}).",
        f"筛查基准日：{zh_date(data.screening.as_of)}；规则版本：{data.screening.rulebook}；"
        f"由{by_zh}于 {zh_stamp(data.screening.created_at)}（UTC）记录{trail_zh}。"
        if bilingual else None,
        style="note",
    )]
    if names is not None:
        blocks.extend(stale_blocks(data, prefix, names, bilingual=bilingual))
    if rows:
        blocks.append(c.Table(
            headers=("Regime", "Outcome", "Status", "Reasons and citations"),
            headers_zh=("监管制度", "结论", "状态", "理由及依据") if bilingual else None,
            rows=tuple(rows),
            widths=(0.27, 0.16, 0.12, 0.45),
            row_names=tuple(det.regime for det in data.screening.determinations
                            if det.regime.startswith(prefix)),
        ))
    if verify and any(r.unverified for det in data.screening.determinations
                      if det.regime.startswith(prefix) for r in det.reasons):
        blocks.append(c.Para(
            f"Citations marked {VERIFY_MARK} rest on rules the rulebook holds as taken from "
            "secondary sources, not yet checked against the official text.",
            "标注“(verify)”的依据所据规则取自二手资料，尚未与官方文本核对。" if bilingual else None,
            style="note"))
    return blocks


def stale_blocks(data: FilingData, prefix: str, names: Mapping[str, tuple[str, str | None]],
                 *, bilingual: bool) -> list[c.Block]:
    """The facts changed since the screening, said where its reasons are printed: a reason
    quotes a fact as it was screened ("stake after the deal 50 %"), the row above gives it
    as it is now (45 %). Each fact by its row (`names`), the regimes whose reasons differ,
    and where the current value is. A draft only: a final waits for a new screening."""
    stale = data.unscreened.paths_for(prefix)
    regimes = sorted(r for r in data.unscreened.regimes if r.startswith(prefix))
    if not stale or not regimes:
        return []
    facts_en = "; ".join(names[p][0] if p in names else fact_label(p) for p in stale)
    facts_zh = "；".join((names[p][1] or names[p][0]) if p in names else fact_label(p, "zh")
                        for p in stale)
    which_en = and_joined(regimes)
    which_zh = "、".join(regime_short_zh(r) for r in regimes)
    return [c.Para(
        f"Facts changed after this screening: {facts_en}. The reasons for {which_en} below "
        "quote them as they were screened; this filing gives them as they are now. Screen "
        "the case again before filing.",
        f"以下事实在本次筛查后已变更：{facts_zh}。下表中{which_zh}的理由引用的是筛查时的数值，"
        "本申请书所填为现时数值。申报前请重新筛查。" if bilingual else None,
        style="flag")]


def advice_blocks(data: FilingData, prefix: str, *, bilingual: bool, final: bool) -> list[c.Block]:
    """A draft's list of the screening's points to check before filing (Reason.advice) for
    the regimes starting with `prefix`, and the citations of the rules the rulebook holds
    as taken from secondary sources ("(verify)"), which the filing prints unmarked; a
    final, what goes to the authority, has none."""
    determinations = [det for det in (data.screening.determinations if data.screening else ())
                      if det.regime.startswith(prefix)]
    points = [(det.regime, r) for det in determinations for r in det.reasons if r.advice]
    unverified = [(det.regime, r) for det in determinations for r in det.reasons
                  if r.unverified and not r.advice and r.citation]
    if final or not (points or unverified):
        return []
    lines = [f"• {regime}: {prose(r.text)}" for regime, r in points]
    # A Chinese line names the regime in Chinese, as the application's Chinese does.
    lines_zh = [f"• {regime_short_zh(regime)}：{prose(chinese_of_the_day(r.text_zh) or r.text)}"
                for regime, r in points]
    # A line a regime: the citations the draft prints without the mark.
    cited: dict[str, dict[tuple[str, str], None]] = {}
    for regime, r in unverified:
        cited.setdefault(regime, {})[(r.citation,
                                      citation_of_the_day(r.citation_zh) or r.citation)] = None
    for regime, citations in cited.items():
        lines.append(f"• {regime}: citations taken from secondary sources, not yet checked "
                     f"against the official text {VERIFY_MARK}: "
                     + "; ".join(en for en, _zh in citations))
        lines_zh.append(f"• {regime_short_zh(regime)}：以下依据取自二手资料，尚未与官方文本核对：" + "；".join(
            zh for _en, zh in citations))
    return [c.Para(
        "To check before filing (the screening's points for the officer; the final does not "
        "print them):\n" + "\n".join(lines),
        ("申报前请核查（筛查提示经办人员的事项，定稿不予打印）：\n" + "\n".join(lines_zh))
        if bilingual else None,
        style="flag")]


def stops_later(stop: str, on: str | None) -> bool:
    """A stop recorded for a day after `on` (the document's date, ISO): the clock still
    runs, so the filing says it stops then, not that it stopped."""
    return on is not None and stop > on[:10]


def clock_ended_text(track: Track, zh: bool) -> str:
    """How the track's last period ended, where a step ended it (a notification filed, a
    decision): "No statutory clock running" was all the status report said of a US
    notification filed a day late, which the Tracks tab and the notification itself say.
    '' where no step ended a period."""
    ended = track.last_recorded("was_due")
    if ended is None:
        return ""
    due, step = ended
    on = dict(step.recorded).get("on") or step.occurred_at[:10]
    if step.to_state == "filed":
        filed, due_day = date.fromisoformat(on[:10]), date.fromisoformat(due)
        if zh:
            late = (filed - due_day).days
            return (f"已于{zh_date(on)}提交通知（截止日期{zh_date(due)}，"
                    + (f"逾期{late}日）" if late > 0 else "按时提交）"))
        return f"notification filed on {on} ({filed_against_due(filed, due_day, due)})"
    label = state_label(track.kind, step.to_state, "zh" if zh else "en", unknown_zh="")
    if zh:
        return f"{zh_date(on)}{label}（法定时限截至{zh_date(due)}）" if label else \
            f"{zh_date(on)}起不再计算法定时限（法定时限截至{zh_date(due)}）"
    return f"{label} on {on}: the period ended (it ran to {due})"


def clock_text(track: Track, *, lang: str = "en", on: str | None = None) -> str:
    """The statutory clock in words: phase, period, start, stops. `lang` "zh" in Chinese;
    `on` the document's date (a stop after it is said as to come)."""
    zh = lang == "zh"
    if not track.clock_phase and not track.due_date:
        return clock_ended_text(track, zh) or ("未计算法定时限" if zh else "No statutory clock running")
    # A clock phase is a workflow state; one the workflow does not know (older data) is
    # left out of the Chinese rather than printed in English there.
    head = state_label(track.kind, track.clock_phase, lang, unknown_zh="") if track.clock_phase else ""
    parts = []
    if track.clock_days is not None:
        unit_en, unit_zh = label("clock_units", track.clock_unit or "days")
        cal_en, cal_zh = label("calendars", track.clock_calendar or "?")
        start = track.clock_start
        # "150 calendar days": the reader must see 90 of them are the statute's, 60 an extension.
        ext = extension_days(track)
        if zh:
            parts.append((f"自{zh_date(start)}起" if start else "") + f"{track.clock_days}{unit_zh}（{cal_zh}日历"
                         + (f"；含延长{ext}{unit_zh}" if ext else "") + "）")
        else:
            parts.append(f"{track.clock_days} {unit_en} ({cal_en} calendar"
                         + (f"; including an extension of {ext} {unit_en}" if ext else "") + ")"
                         + (f" from {start}" if start else ""))
        if rolled := rolled_from(track):
            # Counting the days from the start gives another date: said why.
            parts.append(f"第{track.clock_days}日（{zh_date(rolled)}）为非工作日，顺延至下一工作日" if zh
                         else f"day {track.clock_days} ({rolled}) is not a working day, so the "
                              "period ends on the next one")
    elif track.clock_start:
        parts.append(f"自{zh_date(track.clock_start)}起" if zh else f"from {track.clock_start}")
    def open_stop(stop: str) -> str:
        if track.due_date:  # the period had run out by the stop (domain.clocks.clock_status)
            return (f"{zh_date(stop)}要求补正材料时已无剩余期限，未中止计时（截止日期不变）" if zh
                    else f"materials requested on {stop} with no day of the period left: the "
                         "clock did not stop (the due date stands)")
        if stops_later(stop, on):
            return f"将自{zh_date(stop)}起中止计时" if zh else f"stops on {stop}"
        return f"自{zh_date(stop)}起中止计时" if zh else f"stopped since {stop}"
    # The period's last counted day (before any roll to a working day): a stop from then on
    # kept no day from counting (domain.clocks.clock_status), resumed or not.
    last_day = rolled_from(track) or track.due_date
    for stop, resume in track.clock_pauses:
        if resume:
            late = bool(last_day and stop >= last_day)
            if late:  # requested after the period's last day: nothing stood still
                parts.append(f"{zh_date(stop)}要求补正材料时已无剩余期限，未中止计时（{zh_date(resume)}补正）"
                             if zh else f"materials requested on {stop} with no day of the "
                             f"period left, supplied on {resume}: the clock did not stop")
            elif resume == stop:  # supplied the day they were asked for: no day stood still
                parts.append(f"{zh_date(stop)}要求补正材料，当日补正，未中止计时" if zh
                             else f"materials requested and supplied on {stop}: the clock "
                                  "did not stop")
            else:
                parts.append(f"{zh_date(stop)}至{zh_date(resume)}中止计时" if zh
                             else f"stopped {stop} to {resume}")
        else:
            parts.append(open_stop(stop))
    if track.clock_stopped_on and not any(r is None for _, r in track.clock_pauses):
        parts.append(open_stop(track.clock_stopped_on))
    body = ("；" if zh else "; ").join(parts)
    if head and body:
        return f"{head}：{body}" if zh else f"{head}: {body}"
    return head or body


def extension_days(track: Track) -> int:
    """Days the running clock has beyond its phase's statutory period (an extension)."""
    if track.clock_days is None or not track.clock_phase or not track.clock_start:
        return 0
    try:
        spec = clock_spec(track.kind, track.clock_phase, date.fromisoformat(track.clock_start))
    except (NotFound, ValueError):
        return 0
    return max(track.clock_days - spec.days, 0) if spec.days is not None else 0


def rolled_from(track: Track) -> str | None:
    """The last day of a calendar-day period when the due date was moved past it (it fell
    on a holiday or a weekend, Civil Code arts. 201, 203), else None: the day
    domain.clocks.unrolled_due counts, the one the track's due date was rolled from."""
    if track.clock_unit != "calendar" or track.clock_days is None or not track.clock_start \
            or not track.due_date:
        return None
    try:
        start, due = date.fromisoformat(track.clock_start), date.fromisoformat(track.due_date)
        pauses = pauses_from_json(track.clock_pauses)
    except ValueError:
        return None
    last = unrolled_due(start, track.clock_days, due, pauses)
    return last.isoformat() if last else None


def deal_completed_on(data: FilingData) -> str | None:
    """The day the deal completed: as the officer recorded it for the case, else as a
    track's step recorded it (US-OISP's notification period runs from it); None while
    neither has. Every filing says the one date, so that none prints as expected what
    another prints as done."""
    return data.deal_completed_on or recorded_completion_date(data.tracks)


def recorded_completion_date(tracks: Iterable[Track]) -> str | None:
    """The completion date a track's step recorded (US-OISP's Record completion date: the
    day its notification period runs from), or None while none has."""
    return next((found[0] for t in tracks if (found := t.last_recorded("completion_date"))), None)


def due_text(track: Track, *, lang: str = "en", on: str | None = None) -> str:
    """The due date, said to be estimated when it is; `lang` "both" says it in Chinese
    and English (a bilingual filing's reader of either language must see it); `on` the
    document's date (a stop after it is said as to come)."""
    if not track.due_date:
        stop = track.clock_stopped_on or next(
            (stop for stop, resume in track.clock_pauses if resume is None), None)
        if track.clock_days is not None and stop:
            # "—" read as "no time limit"; the period runs on once the materials are in.
            zh, en = (("将中止计时，恢复计时后确定截止日期",
                       f"clock stops on {stop}: due date set when it resumes")
                      if stops_later(stop, on)
                      else ("中止计时，恢复计时后确定截止日期",
                            "clock stopped: due date set when it resumes"))
            return {"zh": zh, "both": f"{zh}\n{en}"}.get(lang, en)
        # No due date by design (no clock, or one not yet started, as the clock column
        # says): not a fact left out.
        return NOTHING
    if not track.due_estimated:
        if lang == "both":  # the Chinese way above the date as the English reads it
            return f"{zh_date(track.due_date)}\n{track.due_date}"
        return zh_date(track.due_date) if lang == "zh" else track.due_date
    zh, en = estimated_note("zh"), estimated_note("en")
    if lang == "both":
        return f"{zh_date(track.due_date)}{zh}\n{track.due_date}{en}"
    return zh_date(track.due_date) + zh if lang == "zh" else track.due_date + en


def estimated_note(lang: str = "en") -> str:
    """Why a due date is estimated, said the same way for a track and a condition: the
    holiday schedule it counts on is not yet official."""
    return "（估算：节假日安排尚未正式公布）" if lang == "zh" \
        else " (estimated: holiday schedule not yet official)"


def overdue(track: Track, as_of: str) -> bool:
    """The track's clock is running and its due date is before `as_of` (an ISO date or
    time: the report's date), as the case list and the dashboard call it overdue."""
    if not track.due_date or track.completed_on or track.due_date >= as_of[:10]:
        return False
    try:
        return is_open(track.kind, track.state)
    except NotFound:  # a state the workflow no longer knows: no claim either way
        return False


def tracks_table(tracks: tuple[Track, ...], *, bilingual: bool, on: str | None = None,
                 as_of: str | None = None) -> c.Block:
    """The tracks with their state, clock and due date on `on` (the document's date: a
    clock stop recorded for a later day is said as to come); `as_of` (the status report's
    date) marks a due date already past on it, as its conditions are marked."""
    rows = tuple(
        (
            both("regimes", t.regime) if bilingual else f"{t.regime}",
            (f"{t.state_label_zh} / {t.state_label}" if bilingual else t.state_label)
            + (("\n✓ 已通过内部审批，准予申报 / internally approved for filing" if bilingual
                else "\n✓ internally approved for filing")
               if t.approved_for_filing and t.state != "approved_for_filing" else ""),
            f"{clock_text(t, lang='zh', on=on)}\n{clock_text(t, on=on)}" if bilingual
            else clock_text(t, on=on),
            (due_text(t, lang="both", on=on) if bilingual else _due_note_under(t, on))
            + (f"\nOVERDUE (as of {as_of[:10]} UTC)" if as_of and overdue(t, as_of) else ""),
        )
        for t in tracks
    )
    # In English alone, an estimated date's note under it, in a column as wide as
    # "(estimated: holiday schedule", as the conditions' (in a fifth of the page it took
    # four lines); the room from the clock's wording, which wraps anyway.
    estimated = not bilingual and any(t.due_date and t.due_estimated for t in tracks)
    return c.Table(
        headers=("Track", "State", "Clock", "Due date"),
        headers_zh=("办理事项", "状态", "法定时限", "截止日期") if bilingual else None,
        rows=rows,
        # Bilingual: room for an estimated due date in two languages.
        widths=(0.31, 0.19, 0.23, 0.27) if estimated else (0.32, 0.19, 0.29, 0.2),
    )


def _due_note_under(track: Track, on: str | None) -> str:
    """The English due date with an estimate's note on the line under it."""
    if track.due_date and track.due_estimated:
        return f"{track.due_date}\n{estimated_note('en').strip()}"
    return due_text(track, on=on)


def self_approval_blocks(tracks: tuple[Track, ...], *, bilingual: bool,
                         person: Person = str) -> list[c.Block]:
    """Self-approvals are printed on the filing: a reader must see four eyes were not used,
    and what allowed it (solo mode, since when and switched on by whom, where recorded)."""
    blocks: list[c.Block] = []
    for track in tracks:
        for t in track.self_approvals:
            solo = dict(t.solo_mode)
            blocks.append(c.Para(
                f"Self-approval on the {track.regime} track ({state_label(track.kind, t.from_state)} → "
                f"{state_label(track.kind, t.to_state)}): on {stamp(t.occurred_at)} UTC "
                + self_approval_words(solo, who=person(t.actor), person=person)
                + full_stop(f"; reason given: {t.reason}" if t.reason else "; no reason given"),
                f"自我批准，{regime_short_zh(track.regime)}事项"
                f"（{state_label(track.kind, t.from_state, 'zh')} → "
                f"{state_label(track.kind, t.to_state, 'zh')}）：{zh_stamp(t.occurred_at)}（UTC），"
                + self_approval_words(solo, who=person(t.actor), person=person, lang="zh")
                + full_stop(f"；理由：{t.reason}" if t.reason else "", "。") if bilingual else None,
                style="flag",
            ))
    return blocks


def full_stop(text: str, stop: str = ".") -> str:
    """`text` ending as a sentence: a reason typed with its own full stop keeps just that
    one ("reason given: Facts checked.", not "checked..")."""
    return text if text.rstrip().endswith((".", "。", "!", "?", "！", "？")) else text + stop


def self_approval_note(step: Step, *, bilingual: bool, person: Person = str) -> str:
    """A self-approval on its row of the step history: the paragraph's words, the row
    naming the person already; Chinese first where bilingual, as every bilingual value."""
    solo = dict(step.solo_mode)
    english = self_approval_words(solo, person=person)
    return (f"{self_approval_words(solo, person=person, lang='zh')}\n{english}"
            if bilingual else english)


# What a step recorded that the history prints beside its reason, in this order.
HISTORY_PARTICULARS = ("filing_reference", "registration_number", "licence_number",
                       "completion_date", "knowledge_date")


def step_label(kind: str, name: str) -> str:
    """The workflow's name of a step ("Special review extended"), else its code name."""
    try:
        return next((t.label for t in workflow(kind).transitions if t.name == name), name)
    except NotFound:
        return name


def effective_date(track: Track, step: Step) -> str:
    """The day a step took effect: a recorded completion's completion date, else the date
    the officer gave (`on`, e.g. the day on the authority's acceptance notice), else the
    day it was recorded (as services.workflow.effective_on reads it)."""
    recorded = dict(step.recorded)
    try:
        on_param = next((t.on_param for t in workflow(track.kind).transitions
                         if t.name == step.transition), None)
    except NotFound:
        on_param = None
    return (recorded.get(on_param) if on_param else None) or recorded.get("on") \
        or step.occurred_at[:10]


def history_table(track: Track, *, bilingual: bool, person: Person = str) -> c.Block:
    """The track's steps by the date each took effect (a step recorded weeks later, e.g.
    the acceptance, is dated by the authority's notice), with when it was recorded."""
    rows = []
    for t in track.history:
        recorded = dict(t.recorded)
        noted = [t.reason] if t.reason else []
        noted += [f"{name.replace('_', ' ')} {recorded[name]}" for name in HISTORY_PARTICULARS
                  if recorded.get(name)]
        if recorded.get("extension_days"):  # how long, not just "Phase 2 extended"
            noted.append(extension_text(recorded["extension_days"], track.kind))
        change = f"{state_label(track.kind, t.from_state)} → {state_label(track.kind, t.to_state)}"
        if t.from_state == t.to_state:  # a clock-only step: "Special review → Special review"
            change = f"{step_label(track.kind, t.transition)} ({state_label(track.kind, t.to_state)})"
        rows.append((
            effective_date(track, t),
            # The workflow's words for the states (the transition's code name adds nothing).
            change,
            f"{person(t.actor)}{roles(t.role)}\n{stamp(t.occurred_at)}",
            ("; ".join(noted) or NOTHING)
            + (f"\n{self_approval_note(t, bilingual=bilingual, person=person)}"
               if t.self_approval else ""),
        ))
    return c.Table(
        headers=("Effective", "Transition", "By; recorded (UTC)", "Reason"),
        headers_zh=("生效日期", "状态变更", "操作人；记录时间（UTC）", "理由") if bilingual else None,
        rows=tuple(rows) or ((NOTHING, "No transitions recorded", NOTHING, NOTHING),),
        widths=(0.14, 0.31, 0.25, 0.30),
    )


CONDITION_STATUSES = {"open": "Open", "fulfilled": "Fulfilled", "waived": "Waived"}


def conditions_table(track: Track, *, as_of: str, person: Person = str) -> c.Table:
    """A track's conditions: what, due when (estimated or not), and where each stands as
    of `as_of` (the report's date, so a final says the same on every rendering): an open
    one past its date is overdue; a fulfilled or waived one says by whom, when and (a
    waiver) why, from its audit event."""
    day = as_of[:10]
    rows = []
    # Among the authority's conditions, the rules' own (a data-export renewal) is said to
    # be a follow-up, as the Tracks tab and the deadlines dashboard name it.
    among_conditions = obligations_word(track) == "Conditions"
    for o in track.conditions:
        due = o.due_date or "No due date"
        if o.due_date and o.estimated:
            # Why it is estimated, as a track's date says: under the date, which stays
            # whole on its line (in the narrow column the note broke it off the date).
            due += "\n" + estimated_note("en").strip()
        status = CONDITION_STATUSES.get(o.status, o.status.replace("_", " ").capitalize())
        if o.overdue(day):
            status += f"\nOVERDUE (due {o.due_date}, as of {day} UTC)"
        elif o.status != "open" and o.set_by:
            # The time on a line of its own: the column broke it between date and hour.
            status += f"\nby {person(o.set_by)}{roles(o.set_role)}\nat {stamp(o.set_at)} UTC"
            if o.reason:
                status += f"\n{'reason' if o.status == 'waived' else 'note'}: {o.reason}"
        # As the authority worded it: the app's estimated-date note is the "(estimated)"
        # under the date, not said twice.
        prefix = FOLLOW_UP_PREFIX if among_conditions and o.rule_made else ""
        rows.append((prefix + condition_words(o.text), due, status))
    return c.Table(
        headers=(obligations_word(track)[:-1], "Due date", "Status"),
        rows=tuple(rows),
        # Due as wide as "(estimated: holiday schedule" where a date has the note (two
        # lines under the date, not three beside it), else as a date: the rest to the
        # conditions' wording. Status as "at 2026-11-02 09:30:00 UTC".
        widths=((0.40, 0.27, 0.33) if any(o.due_date and o.estimated for o in track.conditions)
                else (0.47, 0.2, 0.33)),
    )


def obligations_word(track: Track) -> str:
    """"Conditions" of a conditional clearance; "Follow-ups" of a plain one, whose
    obligations the rules make (renewing a data-export assessment), as the Tracks tab
    says."""
    conditional = track.state == "cleared_with_conditions" or any(
        t.to_state == "cleared_with_conditions" for t in track.history)
    return "Conditions" if conditional else "Follow-ups"


def attachment_type(doc_type: str, bilingual: bool) -> str:
    """A document type's name: on a bilingual filing '中文 / English' where the type has a
    Chinese name (the Chinese application names its attachments in both languages)."""
    english = document_type_name(doc_type)
    chinese = document_type_name(doc_type, "zh") if bilingual else english
    return english if chinese == english else f"{chinese} / {english}"


def _file_and_type(a: Attachment, bilingual: bool) -> str:
    """The file name with its type beneath; a stored final named as the Documents tab names
    it ("US notification — stored final")."""
    if not a.doc_type:
        return a.file_name
    final = " — stored final" if a.stored_final else ""
    return f"{a.file_name}\n({attachment_type(a.doc_type, bilingual)}{final})"


def attachments_table(data: FilingData, *, bilingual: bool,
                      tracks: tuple[Track, ...] | None = None) -> c.Block:
    """The documents submitted with a filing covering `tracks` (None: every document)."""
    # The type goes under the file name: the hash column takes the width a SHA-256 needs
    # to print whole on one line.
    rows = tuple((str(i), _file_and_type(a, bilingual), number(a.size), a.sha256)
                 for i, a in enumerate(data.attachments_for(tracks), start=1))
    return c.Table(
        headers=("No.", "File (type)", "Bytes", "SHA-256"),
        headers_zh=("序号", "文件（类型）", "字节数", "SHA-256 校验值") if bilingual else None,
        rows=rows or ((NOTHING, "无附件 / No documents attached" if bilingual else "No documents attached",
                       "", ""),),
        widths=(0.06, 0.29, 0.12, 0.53),
        mono_columns=(3,),
    )


def distillation_blocks(data: FilingData, *, bilingual: bool) -> list[c.Block]:
    """The distillation flag: a risk flag for the reader, never a legal determination."""
    flag = data.distillation_flag
    if flag is None and not data.us_models_used and no_ai_system(data):
        # "not stated" asked a target with no AI system for an answer that cannot apply.
        # Without an AI profile that is what the facts record, not a declaration made.
        if data.facts.target.ai is None:
            state_en = "not applicable (no AI system development is recorded for the target)"
            state_zh = "不适用（未记录目标公司研发人工智能系统）"
        else:
            state_en = "not applicable (the target develops no AI system)"
            state_zh = "不适用（目标公司不研发人工智能系统）"
    elif flag is None:
        state_en = NOT_STATED.lower()
        state_zh = NOT_STATED_ZH
        if data.us_models_used:  # named, though the question is not answered: not dropped
            state_en += f" (US-origin models named in the facts: {'; '.join(data.us_models_used)})"
            state_zh += f"（事实信息列明的美国来源模型：{'；'.join(data.us_models_used)}）"
    elif flag:
        models = "; ".join(data.us_models_used) or "models not named"
        # One colon a sentence ("…flag: YES: trained…" read as two labels), and the
        # Chinese list in Chinese punctuation, as the declaration's.
        state_en = f"YES, trained on outputs of US-origin models ({models})"
        models_zh = "；".join(data.us_models_used) or "未列明模型"
        state_zh = f"是，使用了美国来源模型的输出进行训练（{models_zh}）"
    else:
        state_en = "no"
        state_zh = "否"
    # "Risk flag" said once: the second sentence names the source, not the flag again
    # ("…flag: no. This is a risk flag (…)" read as a second flag). The case window's
    # banner says the same sentence (domain.wording).
    sentence_en, sentence_zh = distillation_flag_sentence(state_en, state_zh)
    return [c.Para(sentence_en, sentence_zh if bilingual else None,
                   style="flag" if flag else "note")]
