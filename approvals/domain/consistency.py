"""Facts that are each valid but do not fit together: a completion before the signing, a
worldwide turnover smaller than the China turnover it includes, US models used for
training yet none named, an amount with more decimal places than its currency has. The
schema cannot say so; one rule serves the intake wizard (a problem at the field, Next
held) and an import of a facts file (`approvals case import` and File → Import case
facts…: the case is made as the file says, with a warning per problem)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeGuard

from approvals.domain.errors import Problem
from approvals.domain.facts import PI_COUNTS, value_at
from approvals.domain.field_labels import form_label
from approvals.domain.places import written_code_problem
from approvals.domain.typed_input import (
    chinese_name_problem,
    english_name_problem,
    minor_unit_problem,
    name_text,
    number_text,
)

COMPLETION = "deal.expected_completion_date"
MODELS = "target.ai.us_models_used"
TURNOVER_PARTIES = ("target", "investor")
# The money fields kept in one currency whatever the deal's: turnovers in yuan, the LP
# commitment in dollars (the deal's amount is in the currency beside it). The wizard's
# fields, review mode's proposals and an import's checks read their currency here.
FIELD_CURRENCY: dict[str, str] = {
    **{f"{party}.turnover_cny.{scope}": "CNY"
       for party in TURNOVER_PARTIES for scope in ("china", "worldwide")},
    "deal.lp_commitment_usd": "USD",
}


def worldwide_path(party: str) -> str:
    return f"{party}.turnover_cny.worldwide"


def _section(facts: Mapping[str, Any], *keys: str) -> Mapping[str, Any]:
    section: Any = facts
    for key in keys:
        section = section.get(key) if isinstance(section, Mapping) else None
    return section if isinstance(section, Mapping) else {}


def _amount(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def fact_conflicts(facts: Mapping[str, Any]) -> list[Problem]:
    """Each pair of facts that contradict each other, at the path of the one to correct
    (the later or the larger of the two), in the wizard's order of fields. Facts not
    given are no conflict."""
    problems: list[Problem] = []
    for party in TURNOVER_PARTIES:
        turnover = _section(facts, party, "turnover_cny")
        china, worldwide = turnover.get("china"), turnover.get("worldwide")
        # The worldwide turnover includes China's: a smaller one is a figure typed wrong
        # (a digit short, 万 for 亿), and the merger-control thresholds read both.
        if _amount(china) and _amount(worldwide) and worldwide < china:
            problems.append(Problem(worldwide_path(party), (
                f"RMB {number_text(worldwide)} is less than the China turnover, "
                f"RMB {number_text(china)}, which it includes: check both figures")))
        if party == "target":
            ai = _section(facts, "target", "ai")
            # Outputs of US models used for training, yet an empty list of them: the
            # distillation flag then named no model, as if they were not known.
            if ai.get("trained_on_us_model_outputs") is True and ai.get("us_models_used") == []:
                problems.append(Problem(MODELS, (
                    "no model is named, yet the target trained on outputs of US-origin "
                    "models: name them, or leave the list out when they are not known")))
    problems += personal_data_conflicts(facts)
    deal = _section(facts, "deal")
    signing, completion = deal.get("signing_date"), deal.get("expected_completion_date")
    # ISO dates compare as text; both are given so the officer sees which one is wrong.
    if isinstance(signing, str) and isinstance(completion, str) and completion < signing:
        problems.append(Problem(COMPLETION,
                                f"{completion} is before the signing date, {signing}"))
    return problems


DATA_EXPORT = "deal.data_export"
# Each count and the counts whose individuals it certainly includes: since 1 January last
# year includes since 1 January this year; personal information of any kind includes the
# sensitive; and providing information abroad is itself processing it (PIPL art. 4), so
# the individuals whose information the target processes include every one counted abroad.
_PI_INCLUDES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pi_subjects_since_previous_year", ("pi_subjects_current_year",
                                         "sensitive_pi_subjects_current_year",
                                         "sensitive_pi_subjects_since_previous_year")),
    ("sensitive_pi_subjects_since_previous_year", ("sensitive_pi_subjects_current_year",)),
    ("pi_subjects_processed", PI_COUNTS[:4]),
)


def personal_data_conflicts(facts: Mapping[str, Any]) -> list[Problem]:
    """Each personal-data count smaller than a count it includes (a digit short, a figure
    typed into the field beside it), at the later of the two fields in the wizard's order,
    once (beside the largest it falls short of): the CN-DATA-EXPORT thresholds read them."""
    counts = {key: value for key in PI_COUNTS
              if _amount(value := _section(facts, "deal", "data_export").get(key))}
    found: dict[str, Problem] = {}
    for wider, narrower in _PI_INCLUDES:
        over = sorted((part for part in narrower
                       if wider in counts and counts.get(part, 0) > counts[wider]),
                      key=lambda part: -counts[part])
        for part in over:
            later = part if PI_COUNTS.index(part) > PI_COUNTS.index(wider) else wider
            other = wider if later == part else part
            of_other = f"the {number_text(counts[other])} of “{form_label(f'{DATA_EXPORT}.{other}')}”"
            message = (f"{number_text(counts[part])} is more than {of_other}, which counts these "
                       "individuals too" if later == part else
                       f"{number_text(counts[wider])} is fewer than {of_other}, "
                       + _INCLUDED_BECAUSE[wider])
            found.setdefault(later, Problem(f"{DATA_EXPORT}.{later}",
                                            f"{message}: check both figures"))
    return [found[key] for key in PI_COUNTS if key in found]


_INCLUDED_BECAUSE = {
    "pi_subjects_since_previous_year": "which it includes",
    "sensitive_pi_subjects_since_previous_year": "which it includes",
    "pi_subjects_processed": "whom it includes (providing information abroad is processing it)",
}


def figure_problems(facts: Mapping[str, Any]) -> list[Problem]:
    """Each amount with more decimal places than its currency has (ISO 4217's minor units:
    USD 1,000,000.005, CNY 8,000.125): the wizard refuses such a figure at its field, and
    a file may hold one, a slip of the point or a conversion left unrounded."""
    amount = _section(facts, "deal", "amount")
    currency = amount.get("currency")
    placed = [*FIELD_CURRENCY.items(),
              *((("deal.amount.value", currency),) if isinstance(currency, str) else ())]
    problems: list[Problem] = []
    for path, code in placed:
        value = value_at(facts, path.split("."))
        if _amount(value) and (issue := minor_unit_problem(value, code)):
            problems.append(Problem(path, issue))
    return problems


# The places a facts file writes as ISO 3166-1 alpha-2 codes (the schema says so in words).
PLACE_FIELDS = ("target.jurisdiction", "target.headquarters", "investor.jurisdiction")


def place_problems(facts: Mapping[str, Any]) -> list[Problem]:
    """Each place a file writes otherwise than as an ISO 3166 code ("China", "cn", "XX"),
    with the code to write where the text names one place. Screening compares codes: it
    takes such a place as unknown (and says so), where the officer meant CN; the wizard
    reads "China" as CN at its field."""
    problems = []
    for path in PLACE_FIELDS:
        value = value_at(facts, path.split("."))
        if isinstance(value, str) and (issue := written_code_problem(value)):
            problems.append(Problem(path, issue))
    return problems


def name_problems(facts: Mapping[str, Any]) -> list[Problem]:
    """The target's names given the wrong way round, as the wizard holds them at their
    fields: a Chinese-only English name, or a Chinese name without Chinese characters
    (pinyin, the English name again), which the Chinese application prints as 中文名称."""
    problems = []
    for path, check in ((("target", "name_en"), english_name_problem),
                        (("target", "name_zh"), chinese_name_problem)):
        value = value_at(facts, path)
        if isinstance(value, str) and (text := name_text(value)) and (issue := check(text)):
            problems.append(Problem(".".join(path), issue))
    return problems


def facts_to_check(facts: Mapping[str, Any]) -> list[Problem]:
    """What an import of a facts file warns of: the names, places and figures, then the
    conflicts."""
    return [*name_problems(facts), *place_problems(facts), *figure_problems(facts),
            *fact_conflicts(facts)]


def newly_to_check(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[Problem, ...]:
    """What `after` gives to check (facts_to_check) that `before` did not: what a
    reviewer's value, proposed or accepted, leaves contradicting the other facts."""
    known = set(facts_to_check(before))
    return tuple(p for p in facts_to_check(after) if p not in known)
