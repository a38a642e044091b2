"""Properties of the screening (domain.screening): deterministic; every determination says
why, citing only rules in force on the as-of date; more of what a threshold counts never
makes an outcome milder (regulatory-reference.md: "more than 10^25", "1,000,000 or more",
50 % control, turnover "exceeds"); a decided outcome never rests on an unknown fact; and
`needs_info` names only facts that are really unknown."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from approvals.domain.facts import parse_facts
from approvals.domain.required_facts import fact_value
from approvals.domain.rulebook import PROVISIONS, default_rulebook
from approvals.domain.screening import OUTCOMES, PROPOSED_ONLY_REGIMES, ScreeningResult, screen
from tests.unit.test_properties_facts import facts_documents_of

BOOK = default_rulebook()
# From before the data-export rules (2022-09-01) and the negative list's edition
# (2024-11-01) to past the reported CN-US-CAPITAL measure (2026-04-24); mostly dates when
# every regime is in force, where the outcomes are decided by the facts.
D = date.fromisoformat
# The days a rule version starts or ends, and the days either side: where an off-by-one in
# effective_from / effective_to would show.
BOUNDARIES = sorted({day + timedelta(days=k) for rule in BOOK.rules
                     for day in (rule.effective_from, rule.effective_to) if day for k in (-1, 0, 1)})
as_of_dates = (st.dates(date(2024, 11, 1), date(2028, 12, 31)) | st.dates(date(2019, 1, 1), date(2028, 12, 31))
               | st.sampled_from(BOUNDARIES))

# Facts of a deal in scope more often than random places would give: a Chinese (or Hong
# Kong, Macau) target, a US investor, each fact known or left out independently.
OPTIONAL_FACTS = (
    "target.jurisdiction", "target.headquarters", "target.leading_tech_enterprise",
    "target.activities", "target.security_sectors", "target.ai.develops_ai_system",
    "target.ai.max_training_compute_ops", "target.ai.primarily_biological_sequence_data",
    "target.ai.end_uses", "target.turnover_cny.china", "target.turnover_cny.worldwide",
    "investor.us_person", "investor.jurisdiction", "investor.turnover_cny.china",
    "investor.turnover_cny.worldwide", "deal.lp_commitment_usd", "deal.stake_after_pct",
    "deal.acquires_control", "deal.technology_transfer.transfers",
    "deal.technology_transfer.restricted_catalogue_items",
    "deal.technology_transfer.prohibited_catalogue_items", "deal.data_export.cii_operator",
    "deal.data_export.important_data", "deal.data_export.pi_subjects_processed",
    "deal.data_export.pi_subjects_current_year", "deal.data_export.sensitive_pi_subjects_current_year",
    "deal.data_export.pi_subjects_since_previous_year",
    "deal.data_export.sensitive_pi_subjects_since_previous_year",
)


complete_facts = facts_documents_of(complete=True, for_screening=True)


@st.composite
def deals_in_scope(draw: st.DrawFn) -> dict[str, Any]:
    document = draw(complete_facts)
    place = draw(st.sampled_from(["CN", "CN", "HK", "MO", "US"]))
    put(document, "target.jurisdiction", place)
    put(document, "target.headquarters", draw(st.sampled_from([place, "CN", "SG"])))
    put(document, "investor.jurisdiction", draw(st.sampled_from(["US", "US", "GB", "CN"])))
    put(document, "investor.us_person", draw(st.booleans() | st.just(True)))
    for path in draw(st.lists(st.sampled_from(OPTIONAL_FACTS), unique=True, max_size=4)):
        *parents, last = path.split(".")
        section = get(document, ".".join(parents))
        section.pop(last, None)  # left out: unknown
    return document


screened_facts = deals_in_scope() | facts_documents_of(for_screening=True)

# How severe each outcome is for the officer; `excepted` (in scope, excepted) and
# `needs_info` are handled apart.
SEVERITY = {"not_required": 0, "filing_required": 1, "notification_required": 1,
            "approval_required": 2, "prohibited": 3}


get = fact_value  # the value at a dotted facts path, None where not stated


def put(document: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = document
    for key in parents:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[last] = value


def fill_unknown(known: dict[str, Any], complete: dict[str, Any]) -> dict[str, Any]:
    """`known` with every fact it leaves out or leaves null taken from `complete`."""
    out = dict(known)
    for key, value in complete.items():
        if out.get(key) is None:
            out[key] = value
        elif isinstance(out[key], dict) and isinstance(value, dict):
            out[key] = fill_unknown(out[key], value)
    return out


@given(screened_facts, as_of_dates, st.booleans())
@example({"schema_version": 1, "target": {"name_en": "T", "jurisdiction": "CN"},
          "investor": {"name": "I", "us_person": True}, "deal": {"instrument": "equity"}},
         D("2026-04-23"), True)  # the day before CN-US-CAPITAL was first reported
def test_every_determination_says_why_citing_only_rules_in_force(
    document: dict[str, Any], as_of: date, include_proposed: bool,
) -> None:
    facts = parse_facts(document)
    result = screen(facts, as_of, include_proposed)
    # Deterministic, and the same for the facts as written back and read again.
    assert result == screen(parse_facts(facts.to_json_dict()), as_of, include_proposed)
    assert ScreeningResult.from_json_dict(result.to_storage_dict()) == result
    expected = [r for r in BOOK.regimes if include_proposed or r not in PROPOSED_ONLY_REGIMES]
    assert [d.regime for d in result.determinations] == expected
    rules = BOOK.rules_on(as_of, include_proposed)
    for d in result.determinations:
        assert d.outcome in OUTCOMES and d.reasons, d
        assert (d.outcome == "needs_info") == bool(d.missing), d
        in_force = rules.get(d.regime, PROVISIONS[d.regime][0]) is not None
        assert (d.outcome == "not_in_force") == (not in_force), (d.regime, as_of)
        for reason in d.reasons:
            rule = BOOK.rule(reason.rule)
            assert rule.regime == d.regime and reason.citation == rule.citation
            assert reason.text and reason.text_zh and reason.citation_zh == rule.citation_zh  # both languages
            if d.outcome != "not_in_force":
                # The version that applies on the date, never one not yet (or no longer) in force.
                assert rules.get(rule.regime, rule.provision) == rule, (reason.rule, as_of)


def around(*thresholds: int, upto: int) -> st.SearchStrategy[Any]:
    """Figures on and either side of each threshold, or anywhere up to `upto`."""
    near = sorted({max(v, 0) for t in thresholds for v in (t - 1, t, t + 1)})
    return st.sampled_from(near) | st.integers(0, upto)


# (facts path, values): what a threshold of the reference counts.
PEOPLE = around(1, 10_000, 100_000, 1_000_000, upto=2 * 10**6)
TURNOVER = around(800_000_000, 4_000_000_000, 12_000_000_000, upto=2 * 10**10)
RAISED: list[tuple[str, st.SearchStrategy[Any]]] = [
    ("target.ai.max_training_compute_ops",
     around(10**23, 10**24, 10**25, upto=10**27) | st.sampled_from([1e23, 1e24, 1e25, 3.1e25])),
    ("deal.stake_after_pct", around(50, upto=100) | st.floats(0, 100) | st.sampled_from([49.99, 50.01])),
    ("deal.data_export.pi_subjects_current_year", PEOPLE),
    ("deal.data_export.sensitive_pi_subjects_current_year", PEOPLE),
    ("deal.data_export.pi_subjects_since_previous_year", PEOPLE),
    ("deal.data_export.sensitive_pi_subjects_since_previous_year", PEOPLE),
    ("deal.data_export.pi_subjects_processed", PEOPLE),
    ("target.turnover_cny.china", TURNOVER),
    ("target.turnover_cny.worldwide", TURNOVER),
    ("investor.turnover_cny.china", TURNOVER),
    ("investor.turnover_cny.worldwide", TURNOVER),
    ("deal.lp_commitment_usd", around(2_000_000, upto=10**8)),
]


@settings(max_examples=3 * settings.default.max_examples)  # a dozen figures to raise: more tries
@given(deals_in_scope(), as_of_dates, st.sampled_from(RAISED), st.data())
def test_more_of_what_a_threshold_counts_never_makes_an_outcome_milder(
    document: dict[str, Any], as_of: date, raised: tuple[str, st.SearchStrategy[Any]],
    data: st.DataObject,
) -> None:
    path, values = raised
    low, high = sorted((data.draw(values), data.draw(values)))
    before, after = copy.deepcopy(document), copy.deepcopy(document)
    put(before, path, low)
    put(after, path, high)
    was = screen(parse_facts(before), as_of).outcomes()
    now = screen(parse_facts(after), as_of).outcomes()
    for regime, outcome in was.items():
        changed = (regime, path, low, outcome, high, now[regime])
        if outcome in ("needs_info", "not_in_force"):
            continue
        if outcome == "excepted" and path == "deal.lp_commitment_usd":
            continue  # a larger LP commitment may lose the exception: anything may follow
        if outcome == "excepted":  # no other exception depends on a figure
            assert now[regime] == "excepted", changed
        elif now[regime] == "needs_info":  # more may raise a question, never undo a prohibition
            assert outcome != "prohibited", changed
        else:
            assert now[regime] == "excepted" or SEVERITY[now[regime]] >= SEVERITY[outcome], changed


# Two readings of an unanswered question, each stated in the reasons:
# - US-OISP reads "develops AI systems?" as no when the target's activities are known to
#   include no AI and no AI fact is given (screening._us_oisp);
# - the Chinese regimes read an investor known to be a US person, its place of organisation
#   not given, as a foreign investor (screening._foreign_investor): an entity organised in
#   China is no US person. (Were both given, "organised in CN" would decide "not foreign".)
NO_AI_INFERRED = "target develops no AI system (no AI activity"


@given(screened_facts, complete_facts, as_of_dates, st.booleans())
@example(  # a US person's place of organisation completed as CN turned "foreign" round
    {"schema_version": 1, "target": {"name_en": "T", "headquarters": "CN", "security_sectors": ["military"]},
     "investor": {"name": "I", "us_person": True}, "deal": {"instrument": "equity"}},
    {"schema_version": 1, "target": {"name_en": "T", "jurisdiction": "CN"},
     "investor": {"name": "I", "jurisdiction": "CN"}, "deal": {"instrument": "equity"}},
    D("2024-11-01"), False)
def test_a_decided_outcome_never_rests_on_an_unknown_fact(
    known: dict[str, Any], complete: dict[str, Any], as_of: date, include_proposed: bool,
) -> None:
    """Whatever the facts left unknown turn out to be, an outcome given without them stands."""
    result = screen(parse_facts(known), as_of, include_proposed)
    oisp = result.determination("US-OISP")
    if oisp is not None and any(r.text.startswith(NO_AI_INFERRED) for r in oisp.reasons):
        complete = copy.deepcopy(complete)
        put(complete, "target.ai.develops_ai_system", False)  # as the screening read it
    if get(known, "investor.us_person") is True and get(known, "investor.jurisdiction") is None:
        complete = copy.deepcopy(complete)
        put(complete, "investor.jurisdiction", "US")  # organised outside China, as it was read
    later = screen(parse_facts(fill_unknown(known, complete)), as_of, include_proposed).outcomes()
    for d in result.determinations:
        if d.outcome == "excepted" and later[d.regime] == "not_required":
            # Excepted with coverage left open, as it says: nothing to file either way.
            assert "need not be settled" in d.reasons[-1].text, d.reasons
        elif d.outcome != "needs_info":
            assert later[d.regime] == d.outcome, (d.regime, d.outcome, later[d.regime])


@given(screened_facts, complete_facts, as_of_dates, st.booleans())
def test_needs_info_names_only_unknown_facts_and_answering_them_settles_those(
    known: dict[str, Any], complete: dict[str, Any], as_of: date, include_proposed: bool,
) -> None:
    result = screen(parse_facts(known), as_of, include_proposed)
    for d in result.determinations:
        if d.outcome != "needs_info":
            continue
        answered = copy.deepcopy(known)
        for path in d.missing:
            value = get(known, path)
            # Not given, or a place that is not a two-letter code ("China"): unknown either way.
            unreadable_place = path.endswith(("jurisdiction", "headquarters")) and not (
                isinstance(value, str) and len(value.strip()) == 2 and value.strip().isascii()
                and value.strip().isalpha())
            assert value is None or unreadable_place, (d.regime, path, value)
            put(answered, path, "CN" if unreadable_place else get(complete, path))
        again = screen(parse_facts(answered), as_of, include_proposed).determination(d.regime)
        assert again is not None
        # A question answered is not asked again (a later stage may ask a new one: the
        # catalogue lists once a transfer is known, the stake once a capped activity is).
        assert not set(again.missing) & set(d.missing), (d.regime, d.missing, again.missing)


@given(complete_facts, as_of_dates, st.booleans(),
       st.sampled_from(["CN", "HK", "MO", "US", "SG", "DE"]), st.sampled_from(["CN", "US", "GB"]))
def test_facts_known_in_full_settle_every_regime(
    document: dict[str, Any], as_of: date, include_proposed: bool, place: str, investor_place: str,
) -> None:
    put(document, "target.jurisdiction", place)
    put(document, "target.headquarters", place)
    put(document, "investor.jurisdiction", investor_place)
    for d in screen(parse_facts(document), as_of, include_proposed).determinations:
        assert d.outcome != "needs_info", (d.regime, d.missing)


# --- the reference's tables, computed independently for facts known in full -------------


def in_scope_target(**facts: Any) -> dict[str, Any]:
    """A Chinese target and a US investor: every regime's territory test is met."""
    document: dict[str, Any] = {
        "schema_version": 1,
        "target": {"name_en": "Example AI", "jurisdiction": "CN", "headquarters": "CN",
                   "activities": [], "security_sectors": []},
        "investor": {"name": "Example Fund", "us_person": True, "jurisdiction": "US"},
        "deal": {"instrument": "equity"},
    }
    for path, value in facts.items():
        put(document, path.replace("__", "."), value)
    return document


people = around(1, 10_000, 100_000, 1_000_000, upto=3 * 10**6)


@given(st.dates(date(2022, 9, 1), date(2028, 12, 31)), st.booleans(), st.booleans(), people,
       people, people)
@example(D("2024-03-22"), False, False, 1_000_000, 0, 0)  # 以上: one million is enough
@example(D("2024-03-22"), False, False, 999_999, 0, 0)
@example(D("2024-03-21"), False, False, 0, 0, 100_000)  # the day before Order 16
@example(D("2023-05-31"), False, False, 0, 0, 1)  # before standard contracts (2023-06-01)
def test_data_export_follows_the_reference_table(
    as_of: date, cii: bool, important: bool, processed: int, exported: int, sensitive: int,
) -> None:
    rule = BOOK.rules_on(as_of).get("CN-DATA-EXPORT", "thresholds")
    assert rule is not None
    order_16 = rule["counting_period"] == "current_year"
    counts = ("pi_subjects_current_year", "sensitive_pi_subjects_current_year") if order_16 else (
        "pi_subjects_since_previous_year", "sensitive_pi_subjects_since_previous_year")
    document = in_scope_target(deal__data_export={
        "cii_operator": cii, "important_data": important, "pi_subjects_processed": processed,
        counts[0]: exported, counts[1]: sensitive,
    })
    exports = exported >= 1 or sensitive >= 1
    large_processor = rule["assessment_pi_processed_at_least"]
    assessment = (
        important or (cii and exports)
        or (large_processor is not None and processed >= large_processor and exports)
        or exported >= rule["assessment_pi_exported_at_least"]
        or sensitive >= rule["assessment_sensitive_exported_at_least"]
    )
    contract_pi, contract_sensitive = (rule["contract_pi_exported_at_least"],
                                       rule["contract_sensitive_exported_at_least"])
    contract = ((contract_pi is not None and exported >= contract_pi)
                or (contract_sensitive is not None and sensitive >= contract_sensitive))
    expected = "approval_required" if assessment else "filing_required" if contract else "not_required"
    assert screen(parse_facts(document), as_of).outcomes()["CN-DATA-EXPORT"] == expected


def as_written(value: Any) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


compute = around(10**23, 10**24, 10**25, upto=10**26) | st.sampled_from([1e23, 1e24, 1e25, 3.1e25, 6e23])
US_INSTRUMENTS = ("equity", "contingent_equity", "convertible_debt", "secondary_purchase",
                  "joint_venture", "greenfield")


@given(st.dates(date(2025, 1, 2), date(2028, 12, 31)), compute, st.booleans(),
       st.lists(st.sampled_from(["military", "government_intelligence", "mass_surveillance",
                                 "cybersecurity", "robotic_control"]), unique=True, max_size=2),
       st.lists(st.sampled_from(["ai_model_development", "semiconductor_design",
                                 "quantum_computing", "other"]), unique=True, max_size=2),
       st.sampled_from(US_INSTRUMENTS), st.sampled_from(["CN", "HK", "MO"]))
@example(D("2026-01-01"), 10**25, False, [], ["ai_model_development"], "equity", "CN")  # not more than
@example(D("2026-01-01"), 10**25 + 1, False, [], ["ai_model_development"], "equity", "CN")
@example(D("2026-01-01"), 1e24, True, [], ["ai_model_development"], "equity", "HK")
def test_us_outbound_follows_the_reference_table(
    as_of: date, ops: int | float, bio: bool, end_uses: list[str], activities: list[str],
    instrument: str, place: str,
) -> None:
    rules = BOOK.rules_on(as_of)
    prohibited_rule, notifiable_rule = rules.get("US-OISP", "prohibited"), rules.get("US-OISP", "notifiable")
    assert prohibited_rule is not None and notifiable_rule is not None
    document = in_scope_target(
        target__jurisdiction=place, target__headquarters=place, target__activities=activities,
        target__ai={"develops_ai_system": True, "max_training_compute_ops": ops,
                    "primarily_biological_sequence_data": bio, "end_uses": end_uses},
        deal__instrument=instrument,
    )
    exact = as_written(ops)  # 1e25 is 10^25, not the float's binary neighbour
    prohibited = (
        exact > as_written(prohibited_rule["ai_compute_more_than_ops"])
        or (bio and exact > as_written(prohibited_rule["ai_bio_compute_more_than_ops"]))
        or bool(set(end_uses) & set(prohibited_rule["ai_end_uses"]))
        or bool(set(activities) & set(prohibited_rule["activities"]))
    )
    notifiable = (
        exact > as_written(notifiable_rule["ai_compute_more_than_ops"])
        or bool(set(end_uses) & set(notifiable_rule["ai_end_uses"]))
        or bool(set(activities) & set(notifiable_rule["activities"]))
    )
    expected = "prohibited" if prohibited else "notification_required" if notifiable else "not_required"
    assert screen(parse_facts(document), as_of).outcomes()["US-OISP"] == expected


turnover = around(800_000_000, 4_000_000_000, 12_000_000_000, upto=2 * 10**10)


@given(st.dates(date(2024, 1, 22), date(2028, 12, 31)), turnover, turnover, turnover, turnover,
       around(50, upto=100), st.booleans())
@example(D("2026-01-01"), 800_000_001, 12_000_000_000, 800_000_001, 0, 50, False)  # 12 bn: not "exceeds"
def test_merger_control_follows_the_reference_table(
    as_of: date, target_china: int, target_world: int, investor_china: int, investor_world: int,
    stake: int, assessed: bool,
) -> None:
    rule = BOOK.rules_on(as_of).get("CN-SAMR", "thresholds")
    assert rule is not None
    document = in_scope_target(
        target__turnover_cny={"china": target_china, "worldwide": target_world},
        investor__turnover_cny={"china": investor_china, "worldwide": investor_world},
        deal__stake_after_pct=stake, deal__acquires_control=assessed,
    )
    control = stake >= rule["control_stake_pct_at_least"] or assessed
    combined = (target_world + investor_world > rule["worldwide_combined_more_than_cny"]
                or target_china + investor_china > rule["china_combined_more_than_cny"])
    each = sum(1 for v in (target_china, investor_china) if v > rule["china_each_more_than_cny"])
    notify = control and combined and each >= rule["parties_each_exceeding"]
    expected = "approval_required" if notify else "not_required"
    assert screen(parse_facts(document), as_of).outcomes()["CN-SAMR"] == expected
