"""The content format guard: a fixed, synthetic case (no database, no clock) composed as
each filing kind, draft and final, has the fingerprints recorded here. When the wording of
filings changes (translations, date formats, names of document types), these change, and
a filing printed by the previous version can no longer be recomputed: the check must then
call it "made by another version" (services.filing_check), which it can only do when
`FILING_CONTENT_VERSION` was bumped. So a changed fingerprint here fails until the
constant is bumped and the new fingerprints recorded."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.filings import FILING_CONTENT_VERSION, KINDS, compose
from approvals.filings.data import (
    Attachment,
    Condition,
    Determination,
    FilingData,
    Reason,
    ScreeningInfo,
    TimelineEvent,
    Track,
    Transition,
)

# The content format these fingerprints were recorded for, and the fingerprints.
RECORDED_VERSION = 35
RECORDED: dict[tuple[str, bool], str] = {
    ('cn-application', False):
        '76454cd8cc853b05b887907f06ecfc7489e173a7b27fd09223cb23126e3d1ee7',
    ('cn-application', True):
        '3a2497c09b8548c60ab138ae2f7f7c0f290adcf3ae381c5974b8cfa56d0f6ec4',
    ('status-report', False):
        '5d3fdba66a381ed07dffa721333da332d1802f70924be1c2b8f8baacf1096b91',
    ('status-report', True):
        'bd355f7777b39ae64bb208cf63a6c77425a26cba56bc5955090fb9f1668b2194',
    ('us-notification', False):
        '18021b6e7b2c48292e1e67e96c01fff11330cc62c48cbff9fac3812b42a46afe',
    ('us-notification', True):
        'a6539bd276d3ebd8bc05631476562602485c065d8ca56baa493e6406993d895d',
    ('cn-application no-ai-system', False):
        '5e9462aa4352877eda54dc6528eeb9ec300ae6a13ca49d4fb83198d32c066479',
    ('cn-application no-ai-system', True):
        '49959ee9cc851bc2b147cf3f937e495cb308877a64ff7a3caba806aee64d3d93',
    ('status-report no-ai-system', False):
        '5d3fdba66a381ed07dffa721333da332d1802f70924be1c2b8f8baacf1096b91',
    ('status-report no-ai-system', True):
        'bd355f7777b39ae64bb208cf63a6c77425a26cba56bc5955090fb9f1668b2194',
    ('us-notification no-ai-system', False):
        '0d4c434c0d153ee351264fc0483d27f0031b6d63517d6f45eeafe4f9355982e3',
    ('us-notification no-ai-system', True):
        '9fd9ae84f59f52e0da389ad8b4e8eb174e097d7b0a7d14257885be5911641282',
    ('cn-application individual', False):
        'a78d62038a23e26bebd853aaa7a4ef2b5163aec6e19d0adc9a27c945c5a30c07',
    ('cn-application individual', True):
        '123517929151cd5b67c1995644b48b01b09e802dd30f56ff8a5ca8a3e213874d',
    ('status-report individual', False):
        'fe2e0c0bc2ab40835f5afd74e91df473e74e29ce372f90b037d1fa1e6b3da038',
    ('status-report individual', True):
        '7195d5589f02a7c5371b77cf95e0ad216bbbd374098721053e79992ebcceeb51',
    ('us-notification individual', False):
        'ce99b9a747e31035f114fa8371ea5311a8b6098639e35c2f894ef3fec44bed13',
    ('us-notification individual', True):
        'e83b27ad1562af308f7ee726035900ec093267ca77242147ea28e82f5a6a4e8c',
    ('cn-application controlling-stake', False):
        'ad750d388f86ac9060a9912b9ab8353beff507efb29d54b7dbc72784063ebe0e',
    ('cn-application controlling-stake', True):
        '17569d51ea60ec138af80e8ca7ec6046312180ff6e3835ee627cdf28803e398c',
    ('status-report controlling-stake', False):
        '5d3fdba66a381ed07dffa721333da332d1802f70924be1c2b8f8baacf1096b91',
    ('status-report controlling-stake', True):
        'bd355f7777b39ae64bb208cf63a6c77425a26cba56bc5955090fb9f1668b2194',
    ('us-notification controlling-stake', False):
        '61f6d719dbe576f88a1d712f4a5a38db92fbaf3b91e909ff370ba4ecda653af2',
    ('us-notification controlling-stake', True):
        '4567b19043f489aa467a4f82c9db471fa3e8339c4fa87f6f1781e751d9131dec',
}

FACTS: dict[str, Any] = {
    "schema_version": 1,
    "reference": "EX-2026-001",
    "target": {
        "name_en": "Example Frontier Intelligence Co., Ltd.", "name_zh": "示例前沿智能有限公司",
        "uscc": "91330100MHDQAEJXEB",
        "jurisdiction": "CN", "headquarters": "CN", "leading_tech_enterprise": True,
        "activities": ["ai_model_development"],
        "security_sectors": ["it_internet", "key_technologies"],
        "ai": {"develops_ai_system": True, "max_training_compute_ops": 3.1e25,
               "primarily_biological_sequence_data": False, "end_uses": [],
               "trained_on_us_model_outputs": True, "us_models_used": ["an open-weight US model"]},
        "turnover_cny": {"china": 650000000, "worldwide": 700000000},
    },
    "investor": {
        "name": "Example Ventures Fund IV, L.P.", "us_person": True, "kind": "venture_fund",
        "jurisdiction": "US", "ultimate_parent": "Example Ventures Management LLC",
        "turnover_cny": {"china": 0, "worldwide": 250000000},
    },
    "deal": {
        "instrument": "equity", "amount": {"value": 150000000, "currency": "USD"},
        "stake_after_pct": 6.5, "board_seats": 0, "veto_rights": False, "acquires_control": False,
        "technology_transfer": {"transfers": False, "restricted_catalogue_items": [],
                                "prohibited_catalogue_items": []},
        "data_export": {"cii_operator": False, "important_data": False,
                        "pi_subjects_current_year": 0, "sensitive_pi_subjects_current_year": 0},
        "signing_date": "2026-12-10", "expected_completion_date": "2027-01-20",
        "commercial_rationale": "Minority growth investment in a model developer.",
    },
}
NOW = "2026-11-29T08:00:00Z"
PARTICULARS: dict[str, Any] = {
    "applicant": {"legal_representative": "张伟", "registered_address": "杭州市西湖区文三路 1 号",
                  "contact_name": "李娜", "contact_phone": "+86 571 0000 0000"},
    "foreign_investor": {"address": "1 Example Way, Menlo Park, CA 94025, USA",
                         "authorised_representative": "Jane Doe"},
    "representative": {"name": "Jane Doe", "title": "General Counsel",
                       "organisation": "Example Ventures Management LLC",
                       "email": "jane@example.com", "phone": "+1 650 000 0000",
                       "address": "1 Example Way, Menlo Park, CA 94025, USA"},
    "us_person": {"address": "1 Example Way, Menlo Park, CA 94025, USA",
                  "principal_place_of_business": "Menlo Park, California",
                  "website": "https://example.com"},
}


def _track(track_id: int, regime: str, kind: str) -> Track:
    approved = Transition(occurred_at="2026-11-20T10:00:00Z", actor="li.wei", role="approver",
                          from_state="internal_review", to_state="approved_for_filing",
                          transition="approve", reason="Facts checked.", self_approval=False)
    return Track(id=track_id, regime=regime, kind=kind, outcome="notify", state="approved_for_filing",
                 state_label="Approved for filing", state_label_zh="已批准提交",
                 clock_phase=None, clock_calendar=None, clock_unit=None, clock_days=None,
                 # Materials asked for and supplied the same day: no day stood still.
                 clock_start=None, clock_pauses=(("2026-11-10", "2026-11-10"),),
                 clock_stopped_on=None, due_date="2027-01-09", due_estimated=False, completed_on=None,
                 history=(approved,), updated_at="2026-11-20T10:00:00Z",
                 conditions=(Condition(id=1, text="Report completion within 30 days.",
                                       due_date="2027-02-19", status="open"),))


def synthetic_case() -> FilingData:
    """The fixed case: every value given, nothing read from a database or a clock."""
    facts = parse_facts(FACTS)
    screening = ScreeningInfo(
        as_of="2026-11-18", rulebook="test-rulebook", include_proposed=False,
        created_at="2026-11-18T09:00:00Z", created_by="li.wei",
        determinations=(
            Determination("US-OISP", "notify", "final",
                          (Reason("us.ai.compute", "31 CFR 850.224", "Covered AI system."),)),
            Determination("CN-FISR", "notify", "final",
                          (Reason("cn.fisr.key_tech", "FISR art. 4", "Key technologies.",
                                  "关键技术。", "外商投资安全审查办法 第四条"),)),
        ))
    return FilingData(
        reference="AP-2026-0042", case_status="open", case_created_at="2026-11-17T08:00:00Z",
        facts=facts, screening=screening,
        tracks=(_track(1, "US-OISP", "notification"), _track(2, "CN-FISR", "application")),
        attachments=(Attachment("cap-table.pdf", "a" * 64, 12345, "cap_table",
                                "2026-11-18T12:00:00Z"),
                     Attachment("org-chart.pdf", "d" * 64, 2345, "org_chart",
                                "2026-11-18T12:05:00Z")),
        timeline=(TimelineEvent(1, "2026-11-17T08:00:00Z", "li.wei", "preparer", "case.created",
                                "case", "Case created", "b" * 64),),
        chain_head="c" * 64, chain_head_event=1, content_time="2026-11-20T10:00:00Z",
        particulars=PARTICULARS, case_updated_at="2026-11-20T10:00:00Z",
        particulars_changed_at="2026-11-19T10:00:00Z",
        # Who acted, in words (content format 8): the events keep the login.
        people={"li.wei": "Li Wei (li.wei)"})


# The fixed case once more, its target marked as developing no AI system while its facts
# record a training run and US models used (the filings declare them; content format 6).
NO_AI_SYSTEM = "no-ai-system"


def no_ai_system_case() -> FilingData:
    data = synthetic_case()
    ai = data.facts.target.ai
    assert ai is not None
    target = data.facts.target.model_copy(
        update={"ai": ai.model_copy(update={"develops_ai_system": False})})
    return replace(data, facts=data.facts.model_copy(update={"target": target}))


# The fixed case once more, its investor a natural person (investor.kind "individual")
# with no LEI, ultimate parent, authorised representative, website or principal place of
# business: the filings say those do not apply to a person (content format 22).
INDIVIDUAL = "individual"


def individual_case() -> FilingData:
    data = synthetic_case()
    investor = data.facts.investor.model_copy(update={
        "name": "Jane Example", "kind": "individual", "ultimate_parent": None, "lei": None})
    particulars = {**PARTICULARS,
                   "foreign_investor": {"address": PARTICULARS["foreign_investor"]["address"]},
                   "us_person": {"address": PARTICULARS["us_person"]["address"]}}
    return replace(data, facts=data.facts.model_copy(update={"investor": investor}),
                   particulars=particulars)


# The fixed case once more, the investor's stake 50 % with "acquires control: no" beside
# it, under a rulebook that counts 50 % as control: the application states the control the
# stake is, not the assessment (content format 31).
CONTROLLING_STAKE = "controlling-stake"


def controlling_stake_case() -> FilingData:
    data = synthetic_case()
    deal = data.facts.deal.model_copy(update={"stake_after_pct": 50, "acquires_control": False})
    assert data.screening is not None
    return replace(data, facts=data.facts.model_copy(update={"deal": deal}),
                   screening=replace(data.screening, control_at_least=50))


def fingerprints() -> dict[tuple[str, bool], str]:
    out: dict[tuple[str, bool], str] = {}
    for variant, data in (("", synthetic_case()), (NO_AI_SYSTEM, no_ai_system_case()),
                          (INDIVIDUAL, individual_case()),
                          (CONTROLLING_STAKE, controlling_stake_case())):
        for kind in sorted(KINDS):
            for final in (False, True):
                document, _missing = compose(data, kind, final=final, now=NOW)
                out[(f"{kind} {variant}".strip(), final)] = document.fingerprint
    return out


def test_the_wording_of_filings_is_that_of_the_recorded_content_format() -> None:
    now = fingerprints()
    assert set(now) == set(RECORDED), "record the fingerprints of every kind: " + repr(now)
    changed = {key: value for key, value in now.items() if RECORDED[key] != value}
    if changed and FILING_CONTENT_VERSION == RECORDED_VERSION:
        pytest.fail("The wording of filings changed (the fixed case's fingerprints differ): "
                    "bump FILING_CONTENT_VERSION (approvals/filings/content.py) and record the "
                    f"new fingerprints here (RECORDED_VERSION, RECORDED): {now!r}")
    assert FILING_CONTENT_VERSION == RECORDED_VERSION and not changed, (
        "FILING_CONTENT_VERSION was bumped: record the new fingerprints here "
        f"(RECORDED_VERSION = {FILING_CONTENT_VERSION}, RECORDED = {now!r})")


def test_the_fixed_case_is_composed_the_same_every_time() -> None:
    # Nothing of the machine (clock, locale, order) may enter the guard's fingerprints.
    assert fingerprints() == fingerprints()


def test_a_changed_wording_asks_for_a_bump(monkeypatch: pytest.MonkeyPatch) -> None:
    real = compose

    def reworded(*args: Any, **kwargs: Any) -> Any:
        document, missing = real(*args, **kwargs)
        return replace(document, title_en=document.title_en.upper()), missing

    monkeypatch.setattr(sys.modules[__name__], "compose", reworded)
    with pytest.raises(pytest.fail.Exception, match=r"bump FILING_CONTENT_VERSION .* and record "
                                                    r"the new fingerprints"):
        test_the_wording_of_filings_is_that_of_the_recorded_content_format()
