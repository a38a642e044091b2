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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from approvals.domain.errors import Problem
from approvals.domain.facts import Facts, Investor, Target
from approvals.domain.rulebook import (
    BINDING_STATUSES,
    PROVISIONS,
    Rule,
    Rulebook,
    RulebookError,
    RuleSet,
    default_rulebook,
)

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


# --- result types --------------------------------------------------------------------------


class Reason(NamedTuple):
    """Why: the rule (id and citation) and the words a reviewer can check. A named tuple
    because screening builds many of them (cheaper than a frozen dataclass)."""

    rule: str
    citation: str
    text: str

    def to_json_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "citation": self.citation, "text": self.text}


@dataclass(frozen=True, slots=True)
class Determination:
    regime: str
    outcome: str
    status: str
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "outcome": self.outcome,
            "status": self.status,
            "reasons": [r.to_json_dict() for r in self.reasons],
            "missing": list(self.missing),
        }


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

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> ScreeningResult:
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            rulebook=data["rulebook"],
            determinations=tuple(
                Determination(
                    regime=d["regime"],
                    outcome=d["outcome"],
                    status=d["status"],
                    reasons=tuple(Reason(r["rule"], r["citation"], r["text"]) for r in d["reasons"]),
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


# --- three-valued conditions ---------------------------------------------------------------


class _T(NamedTuple):
    """A tested condition: True / False / None (unknown), why, and what is missing."""

    value: bool | None
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()


_YES = _T(True, ())


def _r(rule: Rule, text: str) -> Reason:
    return Reason(rule.id, rule.citation, text)


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
def _plain(value: Any) -> str:
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
        return _plain(value)
    text = format(value.normalize(), "e")
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"


def operations_text(value: Any) -> str:
    """Training compute written as the reasons write it (6e23), for screens to match."""
    return _ops(value)


def _pct(value: Any) -> str:
    return f"{_plain(value)} %"


def _rmb(value: Any) -> str:
    return f"RMB {_plain(value)}"


def _usd(value: Any) -> str:
    return f"USD {_plain(value)}"


_COMPARISONS: dict[str, tuple[Callable[[Any, Any], bool], str, str]] = {
    "more_than": (lambda v, t: v > t, "is more than", "is not more than"),
    "at_least": (lambda v, t: v >= t, "is at least", "is less than"),
    "at_most": (lambda v, t: v <= t, "is at most", "is more than"),
}


def _compare(
    rule: Rule,
    value: Any,
    threshold: Any,
    path: str,
    subject: str,
    op: str,
    fmt: Callable[[Any], str] = _plain,
    unit: str = "",
    note: str = "",
) -> _T:
    """`subject value unit is more than / at least / at most threshold` (or not)."""
    if value is None:
        return _T(None, (_r(rule, f"{subject} not given ({path})"),), (path,))
    test, yes, no = _COMPARISONS[op]
    hit = test(_exact(value), threshold)
    word = yes if hit else no
    return _T(hit, (_r(rule, f"{subject} {fmt(value)}{unit} {word} {fmt(threshold)}{note}"),))


def _flag(rule: Rule, value: bool | None, path: str, yes: str, no: str, unknown: str) -> _T:
    if value is None:
        return _T(None, (_r(rule, f"{unknown} not given ({path})"),), (path,))
    return _T(value, (_r(rule, yes if value else no),))


# --- labels for the facts' codes (presentation only) ---------------------------------------

LABELS: dict[str, str] = {
    "ai_model_development": "AI model development",
    "ai_application": "AI applications",
    "semiconductor_design": "semiconductor design",
    "semiconductor_fabrication": "semiconductor fabrication",
    "semiconductor_packaging": "semiconductor packaging",
    "quantum_computing": "quantum computing",
    "internet_information_services": "internet information services",
    "value_added_telecom": "value-added telecommunications",
    "news_information": "internet news information services",
    "online_publishing": "online publishing",
    "audio_visual": "online audio-visual programme services",
    "internet_culture": "internet culture operations (music excepted)",
    "public_information_release": "internet public information release",
    "cloud_idc": "cloud / IDC",
    "data_processing": "data processing",
    "military": "military",
    "agriculture": "important agricultural products",
    "energy_resources": "important energy and resources",
    "major_equipment": "major equipment",
    "infrastructure": "important infrastructure",
    "transport": "important transport services",
    "culture": "important cultural products and services",
    "it_internet": "important IT and internet products and services",
    "finance": "important financial services",
    "key_technologies": "key technologies",
    "other_important": "other important fields",
    "government_intelligence": "government intelligence",
    "mass_surveillance": "mass surveillance",
    "cybersecurity": "cybersecurity",
    "digital_forensics": "digital forensics",
    "penetration_testing": "penetration testing",
    "robotic_control": "control of robotic systems",
    "equity": "equity",
    "contingent_equity": "contingent equity",
    "convertible_debt": "convertible debt",
    "secondary_purchase": "secondary purchase",
    "joint_venture": "joint venture",
    "greenfield": "greenfield investment",
    "lp_interest": "LP interest",
    "public_securities": "publicly traded securities",
    "debt": "debt",
}


def _labels(codes: Iterable[str]) -> str:
    return ", ".join(LABELS.get(c, c) for c in codes)


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(codes)


def _member(
    rule: Rule, present: Sequence[str] | None, listed: Sequence[str], yes: str, no: str,
    path: str,
) -> _T:
    """Does the list of the target's codes include one of the rule's codes? An absent list
    is unknown (an empty one means none)."""
    if present is None:
        return _T(None, (_r(rule, f"{_FACT_LISTS.get(path, path)} not given ({path})"),), (path,))
    hits = [c for c in present if c in listed]
    if hits:
        return _T(True, (_r(rule, yes.format(_labels(hits))),))
    return _T(False, (_r(rule, no.format(_labels(listed))),))


_FACT_LISTS = {
    "target.activities": "target's activities",
    "target.security_sectors": "target's security-review fields (CN-FISR Art. 4)",
    "target.ai.end_uses": "AI end uses",
}


# --- shared facts tests --------------------------------------------------------------------


def _within(territory: Sequence[str]) -> str:
    return f"within the territory ({_codes(territory)})"


def _place(code: str | None) -> str | None:
    # A blank place is not given (the schema only asks for a string).
    return code.strip().upper() or None if isinstance(code, str) else None


def _target_in(rule: Rule, target: Target, codes: Sequence[str], where: str) -> _T:
    """Organised or headquartered in one of `codes`."""
    org, hq = _place(target.jurisdiction), _place(target.headquarters)
    if org in codes:
        return _T(True, (_r(rule, f"target is organised in {org}: {where}"),))
    if hq in codes:
        org_text = f"organised in {org}" if org else "place of organisation not given"
        return _T(True, (_r(rule, f"target is headquartered in {hq}: {where} ({org_text})"),))
    if org is None and hq is None:
        return _T(
            None,
            (_r(rule, f"target's place of organisation and headquarters not given, needed to tell whether it is {where}"),),
            ("target.jurisdiction", "target.headquarters"),
        )
    if org is None:
        return _T(
            None,
            (_r(rule, f"target is headquartered in {hq}; place of organisation not given, needed to tell whether it is {where}"),),
            ("target.jurisdiction",),
        )
    if hq is None:
        return _T(
            None,
            (_r(rule, f"target is organised in {org}; headquarters not given, needed to tell whether it is {where}"),),
            ("target.headquarters",),
        )
    return _T(False, (_r(rule, f"target is organised in {org} and headquartered in {hq}: not {where}"),))


def _foreign_investor(rule: Rule, investor: Investor, territory: Sequence[str]) -> _T:
    place = _place(investor.jurisdiction)
    if place is not None:
        if place in territory:
            return _T(False, (_r(rule, f"investor is organised in {place}: not a foreign investor"),))
        return _T(True, (_r(rule, f"investor is organised in {place}: a foreign investor"),))
    if investor.us_person is True:
        return _T(True, (_r(rule, "investor is a US person: a foreign investor"),))
    return _T(
        None,
        (_r(rule, "investor's place of organisation not given (investor.jurisdiction)"),),
        ("investor.jurisdiction",),
    )


def _target_in_territory(rule: Rule, facts: Facts) -> _T:
    territory = rule["territory"]
    return _target_in(rule, facts.target, territory, _within(territory))


def _foreign_investment_in_territory(rule: Rule, facts: Facts) -> _T:
    """The scope of the Chinese inbound rules: a foreign investor, a target inside the
    rule's territory."""
    return _all(_target_in_territory(rule, facts),
                _foreign_investor(rule, facts.investor, rule["territory"]))


def _us_person(rule: Rule, investor: Investor) -> _T:
    return _flag(
        rule,
        investor.us_person,
        "investor.us_person",
        "investor is a US person",
        "investor is not a US person",
        "whether the investor is a US person",
    )


def _control(rule: Rule, facts: Facts, pct: Any) -> _T:
    """Control: a stake of `pct` % or more, whatever the officer's assessment says; below
    that, the officer's assessment of actual control decides."""
    stake, assessed = facts.deal.stake_after_pct, facts.deal.acquires_control
    if stake is not None and _exact(stake) >= pct:
        return _T(True, (_r(rule, f"stake after the deal {_pct(stake)} is at least {_pct(pct)}: control"),))
    if assessed is True:
        stake_text = f"stake after the deal {_pct(stake)}; " if stake is not None else ""
        return _T(True, (_r(rule, f"{stake_text}the officer assesses that the investor acquires control"),))
    missing = []
    if stake is None:
        missing.append("deal.stake_after_pct")
    if assessed is None:
        missing.append("deal.acquires_control")
    if missing:
        known = f"stake after the deal {_pct(stake)} is less than {_pct(pct)}; " if stake is not None else ""
        return _T(None, (_r(rule, f"{known}control not settled: {', '.join(missing)} not given"),), tuple(missing))
    return _T(
        False,
        (_r(rule, f"stake after the deal {_pct(stake)} is less than {_pct(pct)} and the officer assesses no control"),),
    )


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
        _target_in(rule, facts.target, rule["target_countries"], f"a Chinese company ({_codes(rule['target_countries'])})"),
        _flag(
            rule,
            facts.target.leading_tech_enterprise,
            "target.leading_tech_enterprise",
            "target is flagged as a leading tech / AI enterprise",
            "target is not flagged as a leading tech / AI enterprise",
            "whether the target is a leading tech / AI enterprise",
        ),
        _us_person(rule, facts.investor),
    )
    return _decide(_YES, [("approval_required", test)])


def _cn_fisr(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-FISR", "scope")
    sectors = facts.target.security_sectors
    scope = _foreign_investment_in_territory(rule, facts)
    regardless = _member(
        rule,
        sectors,
        rule["sectors_regardless_of_control"],
        "target operates in {} (Art. 4(1)): review regardless of control",
        "target operates in no Art. 4(1) field ({})",
        "target.security_sectors",
    )
    controlled = _all(
        _member(
            rule,
            sectors,
            rule["sectors_requiring_control"],
            "target operates in {} (Art. 4(2)): review where actual control is acquired",
            "target operates in no Art. 4(2) field",
            "target.security_sectors",
        ),
        _control(rule, facts, rule["control_stake_pct_at_least"]),
    )
    return _decide(scope, [("approval_required", _any(regardless, controlled))])


def _cn_negative_list(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-NEGATIVE-LIST", "access")
    activities = facts.target.activities
    scope = _foreign_investment_in_territory(rule, facts)
    tests = [
        _member(
            rule,
            activities,
            rule["prohibited_activities"],
            "target's activities include {}: prohibited to foreign investment",
            f"none of the target's activities is prohibited to foreign investment ({rule['edition']} edition)",
            "target.activities",
        )
    ]
    for activity, cap in rule["foreign_equity_cap_pct"].items():
        if activities and activity in activities:
            tests.append(
                _compare(
                    rule,
                    facts.deal.stake_after_pct,
                    cap,
                    "deal.stake_after_pct",
                    f"{LABELS.get(activity, activity)}: foreign equity capped at {_pct(cap)}; stake after the deal",
                    "more_than",
                    fmt=_plain,
                    unit=" %",
                    note=" %",
                )
            )
    return _decide(scope, [("prohibited", _any(*tests))])


def _cn_tech_export(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-TECH-EXPORT", "catalogue")
    # An export is a transfer to a foreign investor: one organised in China receives none.
    scope = _foreign_investment_in_territory(rule, facts)
    tt = facts.deal.technology_transfer
    transfers = _flag(
        rule,
        tt.transfers if tt else None,
        "deal.technology_transfer.transfers",
        "the deal transfers or licenses technology to the investor: a technology export",
        "the deal transfers or licenses no technology to the investor",
        "whether the deal transfers technology",
    )
    gate = _all(scope, transfers)
    if gate.value is not True:
        return _decide(scope, [("filing_required", transfers)])
    edition = f"{rule['catalogue_edition']} catalogue"
    assert tt is not None
    if tt.prohibited_catalogue_items:
        items = "; ".join(tt.prohibited_catalogue_items)
        return _Outcome("prohibited", (*gate.reasons, _r(rule, f"prohibited catalogue items: {items} ({edition}): export prohibited")))
    # An absent list is unknown: it is needed unless a higher tier already decides.
    unknown = [
        (path, _r(rule, f"{what} catalogue items not given ({path}), needed to tell whether the export {tier}"))
        for what, items, path, tier in (
            ("prohibited", tt.prohibited_catalogue_items,
             "deal.technology_transfer.prohibited_catalogue_items", "is prohibited"),
            ("restricted", tt.restricted_catalogue_items,
             "deal.technology_transfer.restricted_catalogue_items", "needs a licence"),
        )
        if items is None
    ]
    if tt.restricted_catalogue_items:
        items = "; ".join(tt.restricted_catalogue_items)
        days = rule["licence_decision_working_days"]
        restricted = _r(rule, f"restricted catalogue items: {items} ({edition}): export licence needed, application decided within {days} working days")
        if unknown:  # only the prohibited list can be unknown here
            return _Outcome("needs_info", (*gate.reasons, restricted, *(r for _, r in unknown)),
                            tuple(p for p, _ in unknown))
        return _Outcome("approval_required", (*gate.reasons, restricted))
    if unknown:
        return _Outcome("needs_info", (*gate.reasons, *(r for _, r in unknown)), tuple(p for p, _ in unknown))
    return _Outcome(
        "filing_required",
        (*gate.reasons, _r(rule, f"no prohibited or restricted item listed ({edition}): free technology, contract registration")),
    )


def _cn_data_export(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-DATA-EXPORT", "thresholds")
    scope = _target_in_territory(rule, facts)
    de = facts.deal.data_export
    if rule["counting_period"] == "current_year":
        pi_field, sens_field, since = (
            "pi_subjects_current_year",
            "sensitive_pi_subjects_current_year",
            f"1 January {rs.as_of.year}",
        )
    else:
        pi_field, sens_field, since = (
            "pi_subjects_since_previous_year",
            "sensitive_pi_subjects_since_previous_year",
            f"1 January {rs.as_of.year - 1}",
        )
    pi = getattr(de, pi_field) if de else None
    sens = getattr(de, sens_field) if de else None
    pi_path, sens_path = f"deal.data_export.{pi_field}", f"deal.data_export.{sens_field}"
    pi_subject = f"individuals whose personal information is exported since {since}:"
    sens_subject = f"individuals whose sensitive personal information is exported since {since}:"
    inclusive = " (以上: inclusive)"

    def pi_at_least(threshold: int) -> _T:
        return _compare(rule, pi, threshold, pi_path, pi_subject, "at_least", note=inclusive)

    def sens_at_least(threshold: int) -> _T:
        return _compare(rule, sens, threshold, sens_path, sens_subject, "at_least", note=inclusive)

    exports_pi = _any(pi_at_least(1), sens_at_least(1))
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
                    "at_least",
                    note=inclusive,
                ),
                exports_pi,
            )
        )
    assessment.append(pi_at_least(rule["assessment_pi_exported_at_least"]))
    assessment.append(sens_at_least(rule["assessment_sensitive_exported_at_least"]))
    tiers = [("approval_required", _any(*assessment))]
    contract: list[_T] = []
    if rule["contract_pi_exported_at_least"] is not None:
        contract.append(pi_at_least(rule["contract_pi_exported_at_least"]))
    if rule["contract_sensitive_exported_at_least"] is not None:
        contract.append(sens_at_least(rule["contract_sensitive_exported_at_least"]))
    if contract:
        tiers.append(("filing_required", _any(*contract)))
    decided = _decide(scope, tiers)
    if not contract and decided.outcome == "not_required" and scope.value is not False:
        decided = decided._replace(
            reasons=(*decided.reasons, _r(rule, "no standard contract filing applies under this rule version"))
        )
    return decided


def _cn_samr(facts: Facts, rs: RuleSet) -> _Outcome:
    rule = _need(rs, "CN-SAMR", "thresholds")
    target_t, investor_t = facts.target.turnover_cny, facts.investor.turnover_cny
    parties = (
        ("target", target_t, "target.turnover_cny"),
        ("investor", investor_t, "investor.turnover_cny"),
    )

    def combined(kind: str, threshold: Any, label: str) -> _T:
        known, parts, missing = 0, [], []
        for name, turnover, path in parties:
            value = getattr(turnover, kind) if turnover else None
            if value is None:
                missing.append(f"{path}.{kind}")
            else:
                known += _exact(value)
                parts.append(f"{name} {_rmb(value)}")
        breakdown = " + ".join(parts)
        if not missing or known > threshold:
            hit = known > threshold
            word = "is more than" if hit else "is not more than"
            text = f"combined {label} turnover {_rmb(known)} ({breakdown}) {word} {_rmb(threshold)} (超过: exclusive)"
            return _T(hit, (_r(rule, text),))
        so_far = f" (known: {breakdown})" if parts else ""
        return _T(None, (_r(rule, f"combined {label} turnover not settled{so_far}: {', '.join(missing)} not given"),), tuple(missing))

    each_threshold = rule["china_each_more_than_cny"]
    each = [
        _compare(
            rule,
            turnover.china if turnover else None,
            each_threshold,
            f"{path}.china",
            f"{name} China turnover",
            "more_than",
            fmt=_rmb,
            note=" (超过: exclusive)",
        )
        for name, turnover, path in parties
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
        each_test = _T(False, each_reasons)
    test = _all(
        _control(rule, facts, rule["control_stake_pct_at_least"]),
        _any(
            combined("worldwide", rule["worldwide_combined_more_than_cny"], "worldwide"),
            combined("china", rule["china_combined_more_than_cny"], "China"),
        ),
        each_test,
    )
    return _decide(_YES, [("approval_required", test)])


_AI_ACTIVITIES = ("ai_model_development", "ai_application")


def _us_oisp(facts: Facts, rs: RuleSet) -> _Outcome:
    scope_rule = _need(rs, "US-OISP", "scope")
    prohibited = _need(rs, "US-OISP", "prohibited")
    notifiable = _need(rs, "US-OISP", "notifiable")
    excepted = rs.get("US-OISP", "excepted")  # optional: without it nothing is excepted
    target, deal = facts.target, facts.deal
    countries = scope_rule["countries_of_concern"]
    instrument = deal.instrument
    if instrument in scope_rule["covered_instruments"]:
        covered = _T(True, (_r(scope_rule, f"{LABELS.get(instrument, instrument)} is a covered transaction type"),))
    else:
        covered = _T(False, (_r(scope_rule, f"{LABELS.get(instrument, instrument)} is not a covered transaction type"),))
    place = _target_in(
        scope_rule, target, countries, f"a person of a country of concern ({_codes(countries)})"
    )
    if place.value is False:
        # The facts record no shareholdings, so the ownership limb of the definition cannot
        # be tested: say so instead of implying it was checked.
        owned = _pct(scope_rule["owned_by_persons_of_concern_pct_at_least"])
        place = place._replace(reasons=(*place.reasons, _r(
            scope_rule,
            f"ownership of {owned} or more by persons of a country of concern would also make "
            "the target one; the facts do not record it: check the shareholders",
        )))
    scope = _all(_us_person(scope_rule, facts.investor), place, covered)

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
        a in _AI_ACTIVITIES for a in target.activities
    )
    if develops_value is None and not ai_facts and no_ai_activity:
        develops = _T(False, (_r(scope_rule, "target develops no AI system (no AI activity, training compute or AI end use given)"),))
    else:
        develops = _flag(
            scope_rule,
            develops_value,
            "target.ai.develops_ai_system",
            "target develops AI systems",
            "target develops no AI system",
            "whether the target develops AI systems",
        )
    compute = ai.max_training_compute_ops if ai else None
    bio = ai.primarily_biological_sequence_data if ai else None
    end_uses = ai.end_uses if ai else None
    compute_path = "target.ai.max_training_compute_ops"

    def compute_over(rule: Rule, threshold: Any, subject: str = "max training compute") -> _T:
        return _compare(rule, compute, threshold, compute_path, subject, "more_than", fmt=_ops, unit=" operations")

    def end_use(rule: Rule) -> _T:
        return _member(
            rule,
            end_uses,
            rule["ai_end_uses"],
            "AI end uses include {}",
            "no AI end use among {}",
            "target.ai.end_uses",
        )

    prohibited_test = _any(
        _all(develops, compute_over(prohibited, prohibited["ai_compute_more_than_ops"])),
        _all(
            develops,
            compute_over(prohibited, prohibited["ai_bio_compute_more_than_ops"]),
            _flag(
                prohibited,
                bio,
                "target.ai.primarily_biological_sequence_data",
                "trained using primarily biological sequence data",
                "not trained primarily on biological sequence data",
                "whether training used primarily biological sequence data",
            ),
        ),
        _all(develops, end_use(prohibited)),
        _member(
            prohibited,
            target.activities,
            prohibited["activities"],
            "target's activities include {}",
            "no activity among {}",
            "target.activities",
        ),
    )
    semis = [a for a in target.activities or () if a in notifiable["activities"] and a.startswith("semiconductor_")]
    caveat = (
        " (prohibited instead if it concerns advanced nodes, EDA or fabrication equipment, "
        "which the facts do not record)"
        if semis
        else ""
    )
    notifiable_test = _any(
        _all(develops, compute_over(notifiable, notifiable["ai_compute_more_than_ops"])),
        _all(develops, end_use(notifiable)),
        _member(
            notifiable,
            target.activities,
            notifiable["activities"],
            "target's activities include {}" + caveat,
            "no activity among {}",
            "target.activities",
        ),
    )
    decided = _decide(scope, [("prohibited", prohibited_test), ("notification_required", notifiable_test)])
    if excepted is None:
        return decided
    # Known to be covered (prohibited or notifiable, whichever an unknown fact would make
    # it): an exception then settles the outcome without that fact.
    covered = scope.value is True and True in (prohibited_test.value, notifiable_test.value)
    if decided.outcome not in ("prohibited", "notification_required") and not covered:
        return decided
    exception = _exception(excepted, facts)
    if exception.value is True:
        return _Outcome("excepted", decided.reasons + exception.reasons)
    if exception.value is None:
        return _Outcome("needs_info", decided.reasons + exception.reasons, decided.missing + exception.missing)
    return decided._replace(reasons=decided.reasons + exception.reasons)


def _exception(rule: Rule, facts: Facts) -> _T:
    instrument = facts.deal.instrument
    label = LABELS.get(instrument, instrument)
    if instrument in rule["instruments"]:
        return _T(True, (_r(rule, f"{label}: excepted transaction"),))
    if instrument == "lp_interest":
        return _compare(
            rule,
            facts.deal.lp_commitment_usd,
            rule["lp_interest_at_most_usd"],
            "deal.lp_commitment_usd",
            "LP commitment",
            "at_most",
            fmt=_usd,
            note=" (or less: excepted)",
        )
    return _T(False, (_r(rule, f"no exception applies to {label}"),))


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
    if first.effective_from > as_of:
        text = f"{regime} is not in force on {as_of}: {first.id} takes effect on {first.effective_from}"
    else:
        text = f"no {regime} rule in this rulebook applies on {as_of}"
    return Determination(regime, "not_in_force", first.status, (_r(first, text),))


def _determine(regime: str, facts: Facts, rs: RuleSet, rulebook: Rulebook) -> Determination:
    primary = rs.get(regime, PROVISIONS[regime][0])
    if primary is None:
        return _not_in_force(regime, rulebook, rs.as_of, rs.include_proposed)
    status = primary.status
    for provision in PROVISIONS[regime][1:]:
        other = rs.get(regime, provision)
        if other is not None and other.status not in BINDING_STATUSES:
            status = other.status
    decided = _EVALUATORS[regime](facts, rs)
    missing = _unique(decided.missing) if decided.outcome == "needs_info" else ()
    return Determination(regime, decided.outcome, status, _unique(decided.reasons), missing)


def screen(
    facts: Facts,
    as_of: date,
    include_proposed: bool = False,
    *,
    rulebook: Rulebook | None = None,
) -> ScreeningResult:
    """Screen one case's facts against the rules in force on `as_of`.

    One determination per regime, in the rulebook's order; CN-US-CAPITAL (a reported
    measure) only when `include_proposed` is set. Pure: no I/O once the rulebook is
    loaded (the default rulebook is loaded once per process).
    """
    book = rulebook if rulebook is not None else default_rulebook()
    rs = book.rules_on(as_of, include_proposed)
    determinations = tuple(
        _determine(regime, facts, rs, book)
        for regime in book.regimes
        if include_proposed or regime not in PROPOSED_ONLY_REGIMES
    )
    return ScreeningResult(as_of=as_of, rulebook=book.version, determinations=determinations)
