"""Filing workflows: which track a determination opens, and (see below) the transition
tables that drive every track."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from approvals.domain.dates import iso_date
from approvals.domain.document_types import document_type_name
from approvals.domain.errors import (
    InputError,
    NotFound,
    PermissionDenied,
    Problem,
    TransitionRefused,
)
from approvals.domain.facts import json_error_words
from approvals.domain.permissions import role_words
from approvals.domain.required_facts import blank, fact_value, not_applicable
from approvals.domain.rulebook import Rule
from approvals.domain.typed_input import has_visible_text
from approvals.domain.wording import and_joined
from approvals.resources import resource_path

# Outcomes that need the officer to act; each opens one filing track.
ACTION_OUTCOMES = frozenset(
    {"prohibited", "approval_required", "filing_required", "notification_required"}
)
# The outcomes that need no filing at all (needs_info is none of them: facts are missing).
NO_FILING_OUTCOMES = frozenset({"not_required", "excepted", "not_in_force"})


def track_kind_for(regime: str, outcome: str) -> str | None:
    """The workflow kind of the track a determination opens, or None when it opens none.

    The negative list has no filing procedure of its own: a prohibited item blocks the
    deal and is shown on the screening, not run as a track.
    """
    if outcome not in ACTION_OUTCOMES or regime == "CN-NEGATIVE-LIST":
        return None
    if regime == "CN-DATA-EXPORT" and outcome == "filing_required":
        return "CN-DATA-EXPORT-CONTRACT"
    if regime == "CN-TECH-EXPORT" and outcome == "filing_required":
        return "CN-TECH-EXPORT-REGISTRATION"
    return regime


# --------------------------------------------------------------------------------------
# The transition tables. Each track kind has ONE table below; services, the UI's buttons,
# the PDFs' status history and the workflow diagrams all read it.
# --------------------------------------------------------------------------------------

PREPARER: tuple[str, ...] = ("preparer", "admin")
REVIEWER: tuple[str, ...] = ("reviewer", "approver", "admin")
APPROVER: tuple[str, ...] = ("approver", "admin")
ANYONE_RESPONSIBLE: tuple[str, ...] = ("preparer", "approver", "admin")

RETURN = "@return"  # back to the review phase the clock was stopped in
SAME = "@same"  # the state does not change (a clock-only step)


@dataclass(frozen=True)
class StateDef:
    name: str
    label: str
    label_zh: str = ""
    final: bool = False  # nothing leaves it
    decided: bool = False  # the authority has decided (or the track is complete)
    review_phase: bool = False  # an authority review with a running clock


@dataclass(frozen=True)
class Guard:
    """A condition a transition needs. `kind` says how the service checks it:

    facts            every facts path in `values` has a value
    documents        a document of every type in `values` is attached to the case or track
    filing_complete  the filing the track sends (Workflow.filing_documents) lacks nothing its
                     final needs: the service puts what it lacks into the context
                     (`filing_missing`, named as a draft's page 1 names them)
    four_eyes        the actor is not the one who submitted the internal review
    not_prohibited   the track's screening outcome is not `prohibited`
    reason           a reason is given
    reason_if_clock_set  a reason is given where the track's clock is set already: the step
                     then corrects the date it runs from (a completion date recorded again)
    param            every parameter named in `values` is given
    """

    kind: str
    values: tuple[str, ...] = ()
    message: str = ""


@dataclass(frozen=True)
class ClockOp:
    """What a transition does to the statutory clock; `phase` names the clock parameters
    (days, unit, calendar) in resources/rulebook/clocks.json."""

    op: str  # start | stop | resume | extend | end
    phase: str | None = None
    # For a `start` with a `knowledge_date` input: when the US person learned of the
    # covered transaction only after completion (31 CFR 850.402), the period runs from
    # that date under this phase's clock instead.
    knowledge_phase: str | None = None
    # The period runs from the acceptance (the complete filing), whatever day the step is
    # recorded on: Order 37 art. 7 counts 15 working days from receipt of a complete filing,
    # Order 11 art. 12 45 working days from the acceptance notice. Acceptance starts the
    # clock; the review phase it leads to carries it on.
    from_acceptance: bool = False


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    label_zh: str
    sources: tuple[str, ...]
    target: str  # a state, RETURN or SAME
    roles: tuple[str, ...]
    guards: tuple[Guard, ...] = ()
    clock: ClockOp | None = None
    params: tuple[str, ...] = ()  # optional inputs besides `on` (the effective date)
    records_submitter: bool = False  # remembers who submitted, for the four-eyes check
    # The input whose date IS the step's effective date (the completion date a recorded
    # completion takes effect on): given, it is the `on` the step records, so the officer
    # is not asked for a second date.
    on_param: str | None = None

    def target_for(self, state: str, return_state: str | None) -> str:
        if self.target == SAME:
            return state
        if self.target == RETURN:
            return return_state or state
        return self.target


@dataclass(frozen=True)
class Workflow:
    kind: str
    label: str
    states: tuple[StateDef, ...]  # in order of progress
    transitions: tuple[Transition, ...]
    filing_documents: tuple[str, ...] = ()  # the filing this track sends (filings service kind)

    def state(self, name: str) -> StateDef:
        for s in self.states:
            if s.name == name:
                return s
        raise KeyError(name)


S = StateDef
COMMON_START = (
    S("draft", "Draft", "草稿"),
    S("returned", "Returned to preparer", "退回修改"),
    S("internal_review", "Internal review", "内部审核"),
    S("approved_for_filing", "Approved for filing", "批准申报"),
    S("filed", "Filed", "已申报"),
)
# The states before filing: the track is still the preparer's (not yet with an authority).
PREPARATION_STATES = frozenset(s.name for s in COMMON_START if s.name != "filed")
COMMON_END = (
    S("withdrawn", "Withdrawn", "已撤回", final=True),
    S("closed", "Closed", "已结案", final=True),
)
ACCEPTED = S("accepted", "Accepted by the authority", "已受理")
MATERIALS = S("materials_requested", "Materials requested", "补正材料")
CLEARED = S("cleared", "Cleared", "审查通过", decided=True)
CLEARED_COND = S("cleared_with_conditions", "Cleared with conditions", "附条件通过", decided=True)
PROHIBITED = S("prohibited", "Prohibited", "禁止", decided=True)


def _facts(*paths: str) -> Guard:
    return Guard("facts", paths, "the case facts are incomplete")


FILING_COMPLETE = Guard("filing_complete", (), "the filing is not complete")
# The approver signs off on the determinations the filing prints: made on the facts as
# they now are, not on facts edited since the case was screened.
SCREENING_CURRENT = Guard("screening_current", (), "the facts changed since the case was "
                          "screened")


def _preparation(required_facts: tuple[str, ...], *, not_prohibited: Guard | None = None,
                 file_clock: ClockOp | None = None) -> list[Transition]:
    """Internal review and filing, the same on every track (`file_clock`: what filing does
    to a clock already running, e.g. ends the US notification period it satisfies).
    Every track sends a filing the app prints (Workflow.filing_documents): approved for
    filing, its final must not then be refused for what it lacks."""
    blocked = (not_prohibited,) if not_prohibited else ()
    return [
        Transition("submit_for_review", "Submit for internal review", "提交内部审核",
                   ("draft", "returned"), "internal_review", PREPARER,
                   (_facts(*required_facts),), records_submitter=True),
        Transition("return_to_preparer", "Return to preparer", "退回修改",
                   ("internal_review", "approved_for_filing"), "returned", REVIEWER,
                   (Guard("reason", (), "say what needs to change"),)),
        Transition("approve_for_filing", "Approve for filing", "批准申报",
                   ("internal_review",), "approved_for_filing", APPROVER,
                   (Guard("four_eyes"), *blocked, SCREENING_CURRENT, FILING_COMPLETE)),
        Transition("file", "Record filing", "记录申报",
                   ("approved_for_filing",), "filed", PREPARER,
                   (Guard("param", ("filing_reference",),
                          "give the authority's receipt or reference number of the filing"),
                    *blocked),
                   clock=file_clock, params=("filing_reference",)),
    ]


def _materials(phases: tuple[str, ...]) -> list[Transition]:
    """The authority asks for materials: the clock stops and resumes in the same phase."""
    return [
        Transition("request_materials", "Materials requested (stop clock)", "要求补正材料（中止计时）",
                   phases, "materials_requested", PREPARER,
                   (Guard("reason", (), "record what the authority asked for"),),
                   clock=ClockOp("stop")),
        Transition("supply_materials", "Materials supplied (resume clock)", "已补正材料（恢复计时）",
                   ("materials_requested",), RETURN, PREPARER, clock=ClockOp("resume")),
    ]


def unclocked_words(t: Transition) -> tuple[str, str]:
    """A step's label (English, Chinese) where the stop stopped nothing (materials asked
    for with no day of the period left): "Materials requested", "Materials supplied",
    without "(stop clock)" or "(resume clock)", as no clock stopped or resumed."""
    if t.clock is None or t.clock.op not in ("stop", "resume"):
        return t.label, t.label_zh
    return t.label.split(" (")[0], t.label_zh.split("（")[0]


def _ending(states: tuple[StateDef, ...]) -> list[Transition]:
    open_states = tuple(s.name for s in states if not s.final and not s.decided)
    decided = tuple(s.name for s in states if s.decided)
    return [
        Transition("withdraw", "Withdraw", "撤回", open_states, "withdrawn", APPROVER,
                   (Guard("reason", (), "say why the track is withdrawn"),), clock=ClockOp("end")),
        Transition("close", "Close", "结案", decided, "closed", ANYONE_RESPONSIBLE),
    ]


def _decision(name: str, label: str, label_zh: str, sources: tuple[str, ...], target: str,
              *guards: Guard, params: tuple[str, ...] = ()) -> Transition:
    return Transition(name, label, label_zh, sources, target, PREPARER, guards,
                      clock=ClockOp("end"), params=params)


CONDITIONS = Guard("param", ("conditions",), "list the conditions of the clearance")
# A refusal (prohibition, assessment not passed) is recorded with the authority's reasons.
DECISION_REASON = Guard("reason", (), "record the decision")
EXTENSION_NOTICE = Guard("reason", (), "record the authority's notice of extension")
CN_FILING = ("cn-application",)
US_FILING = ("us-notification",)
CN_FACTS = ("target.name_en", "target.name_zh", "target.uscc", "investor.name")


def _fisr() -> Workflow:
    states = (
        *COMMON_START,
        ACCEPTED,
        S("preliminary_review", "Preliminary review (decision whether to review)",
          "初步审查（决定是否进行安全审查）",
          review_phase=True),
        S("general_review", "General review", "一般审查", review_phase=True),
        S("special_review", "Special review", "特别审查", review_phase=True),
        MATERIALS,
        CLEARED, CLEARED_COND, PROHIBITED,
        *COMMON_END,
    )
    reviews = ("preliminary_review", "general_review", "special_review")
    transitions = (
        *_preparation((*CN_FACTS, "target.security_sectors")),
        Transition("accept", "Filing accepted (complete)", "申报已受理", ("filed",), "accepted",
                   PREPARER, clock=ClockOp("start", "preliminary_review")),
        Transition("start_preliminary_review", "Preliminary review started", "开始初步审查",
                   ("accepted",), "preliminary_review", PREPARER,
                   clock=ClockOp("start", "preliminary_review", from_acceptance=True)),
        _decision("clear", "Cleared", "审查通过", ("preliminary_review", "general_review",
                                                "special_review"), "cleared"),
        Transition("start_general_review", "General review started", "开始一般审查",
                   ("preliminary_review",), "general_review", PREPARER,
                   clock=ClockOp("start", "general_review")),
        _decision("clear_with_conditions", "Cleared with conditions", "附条件通过",
                  ("general_review", "special_review"), "cleared_with_conditions", CONDITIONS,
                  params=("conditions",)),
        Transition("start_special_review", "Special review started", "开始特别审查",
                   ("general_review",), "special_review", PREPARER,
                   clock=ClockOp("start", "special_review")),
        Transition("extend_review", "Special review extended", "延长特别审查期限",
                   ("special_review",), SAME, PREPARER,
                   (EXTENSION_NOTICE,),
                   clock=ClockOp("extend", "special_review"), params=("days",)),
        _decision("prohibit", "Prohibited", "禁止投资", ("special_review",), "prohibited",
                  DECISION_REASON),
        *_materials(reviews),
        *_ending(states),
    )
    return Workflow("CN-FISR", "Foreign investment security review", states, transitions, CN_FILING)


def _samr() -> Workflow:
    # No separate `accepted` state on SAMR: opening the case starts phase 1 the same day.
    states = (
        *COMMON_START,
        S("phase_1_review", "Phase 1 review", "初步审查", review_phase=True),
        S("phase_2_review", "Phase 2 review", "进一步审查", review_phase=True),
        MATERIALS,
        CLEARED, CLEARED_COND, PROHIBITED,
        *COMMON_END,
    )
    transitions = (
        *_preparation((*CN_FACTS, "target.turnover_cny.china", "investor.turnover_cny.worldwide")),
        Transition("accept", "Notification accepted (case opened)", "立案", ("filed",),
                   "phase_1_review", PREPARER, clock=ClockOp("start", "phase_1_review")),
        _decision("clear", "Cleared", "审查通过", ("phase_1_review", "phase_2_review"), "cleared"),
        Transition("start_phase_2", "Phase 2 review started", "开始进一步审查",
                   ("phase_1_review",), "phase_2_review", PREPARER,
                   clock=ClockOp("start", "phase_2_review")),
        Transition("extend_review", "Phase 2 extended", "延长进一步审查期限", ("phase_2_review",), SAME,
                   PREPARER, (EXTENSION_NOTICE,),
                   clock=ClockOp("extend", "phase_2_review"), params=("days",)),
        _decision("clear_with_conditions", "Cleared with conditions", "附条件批准",
                  ("phase_2_review",), "cleared_with_conditions", CONDITIONS,
                  params=("conditions",)),
        _decision("prohibit", "Prohibited", "禁止集中", ("phase_2_review",), "prohibited",
                  DECISION_REASON),
        *_materials(("phase_1_review", "phase_2_review")),
        *_ending(states),
    )
    return Workflow("CN-SAMR", "Merger control notification (SAMR)", states, transitions,
                    CN_FILING)


Words = tuple[str, str]  # a label in English and in Chinese


def _one_review(kind: str, label: str, required_facts: tuple[str, ...], *, accept: Words,
                review: StateDef, start: tuple[str, str, str], clock_phase: str,
                cleared: Words, with_conditions: Words, refused: Words) -> Workflow:
    """An application accepted (which starts the review's clock), then one review
    (`review`, entered by the `start` step: name and words), that ends in one of three decisions: cleared, cleared
    with conditions (listed), refused (with the authority's reasons). Each decision and the
    state it reaches are said in the same words, the authority's: a button that said
    "Approved" once left the track reading "Cleared"."""
    decisions = (("cleared", cleared), ("cleared_with_conditions", with_conditions),
                 ("prohibited", refused))
    states = (
        *COMMON_START,
        ACCEPTED,
        review,
        MATERIALS,
        *(S(name, *words, decided=True) for name, words in decisions),
        *COMMON_END,
    )
    phase = (review.name,)
    transitions = (
        *_preparation(required_facts),
        Transition("accept", accept[0], accept[1], ("filed",), "accepted", PREPARER,
                   clock=ClockOp("start", clock_phase)),
        Transition(start[0], start[1], start[2], ("accepted",), review.name, PREPARER,
                   clock=ClockOp("start", clock_phase, from_acceptance=True)),
        _decision("clear", *cleared, phase, "cleared"),
        _decision("clear_with_conditions", *with_conditions, phase, "cleared_with_conditions",
                  CONDITIONS, params=("conditions",)),
        _decision("prohibit", *refused, phase, "prohibited", DECISION_REASON),
        *_materials(phase),
        *_ending(states),
    )
    return Workflow(kind, label, states, transitions, CN_FILING)


def _data_export() -> Workflow:
    return _one_review(
        "CN-DATA-EXPORT", "Data export security assessment (CAC)",
        (*CN_FACTS, "deal.data_export"), accept=("Application accepted", "申报已受理"),
        review=S("assessment", "Security assessment", "安全评估", review_phase=True),
        start=("start_assessment", "Assessment started", "开始评估"), clock_phase="assessment",
        cleared=("Assessment passed", "评估通过"),
        with_conditions=("Passed with conditions", "附条件通过"),
        refused=("Assessment not passed", "评估未通过"))


def _registration(kind: str, label: str, registered_zh: str, extra_facts: tuple[str, ...]) -> Workflow:
    """Filings without a clearance gate: filed, then registered (recorded) by the authority."""
    states = (
        *COMMON_START,
        S("registered", "Registered", registered_zh, decided=True),
        *COMMON_END,
    )
    transitions = (
        *_preparation(CN_FACTS + extra_facts),
        _decision("register", "Registration confirmed", registered_zh, ("filed",), "registered",
                  params=("registration_number",)),
        *_ending(states),
    )
    return Workflow(kind, label, states, transitions, CN_FILING)


def _tech_export() -> Workflow:
    states = (
        *COMMON_START,
        S("application_review", "Licence application under review", "许可申请审查",
          review_phase=True),
        MATERIALS,
        S("export_approved", "Export approved in principle", "准予出口（许可意向）"),
        S("licensed", "Export licence issued", "已颁发出口许可证", decided=True),
        S("prohibited", "Export refused", "不予许可", decided=True),
        *COMMON_END,
    )
    # A licence application is for restricted technology: an item on the prohibited
    # catalogue cannot be licensed, so the track must not reach the authority.
    not_prohibited = Guard("not_prohibited", (), "the technology is on the prohibited export "
                           "catalogue: a prohibited technology export cannot be approved for "
                           "filing or filed as a licence application")
    transitions = (
        *_preparation((*CN_FACTS, "deal.technology_transfer"), not_prohibited=not_prohibited),
        Transition("accept", "Application accepted", "申请已受理", ("filed",), "application_review",
                   PREPARER, clock=ClockOp("start", "application_review")),
        Transition("approve_export", "Export approved in principle", "准予出口",
                   ("application_review",), "export_approved", PREPARER, clock=ClockOp("end")),
        _decision("refuse", "Export refused", "不予许可", ("application_review",), "prohibited",
                  DECISION_REASON),
        Transition("grant_licence", "Licence issued (after the contract)", "颁发许可证",
                   ("export_approved",), "licensed", PREPARER,
                   (Guard("documents", ("technology-export-contract",),
                          "attach the signed technology export contract"),),
                   params=("licence_number",)),
        *_materials(("application_review",)),
        *_ending(states),
    )
    return Workflow("CN-TECH-EXPORT", "Technology export licence", states, transitions,
                    CN_FILING)


def _us_capital() -> Workflow:
    # No statutory clock is known: clocks.json holds `days: null` for its review until one
    # is set.
    return _one_review(
        "CN-US-CAPITAL", "Approval to accept US capital (reported)",
        ("target.name_en", "target.name_zh", "investor.name"),
        accept=("Application accepted", "申请已受理"),
        review=S("under_review", "Under review", "审查中", review_phase=True),
        start=("start_review", "Review started", "开始审查"), clock_phase="review",
        cleared=("Approved", "批准"), with_conditions=("Approved with conditions", "附条件批准"),
        refused=("Refused", "不予批准"))


def _oisp() -> Workflow:
    states = (
        *COMMON_START,
        S("acknowledged", "Acknowledged by Treasury", "财政部已确认", decided=True),
        *COMMON_END,
    )
    not_prohibited = Guard("not_prohibited", (), "Treasury prohibits this transaction "
                           "(31 CFR 850.224): it cannot be completed or notified")
    transitions = (
        # knowledge_date (optional): the day the US person acquired actual knowledge of the
        # covered transaction, when that was only after completion (31 CFR 850.402).
        Transition("record_completion", "Record completion date (starts the notification clock)",
                   "记录交割日期", ("draft", "returned", "internal_review", "approved_for_filing"),
                   SAME, PREPARER, (not_prohibited, Guard("param", ("completion_date",),
                                                          "give the completion date"),
                                    # Recorded again, it moves the deadline: said why.
                                    Guard("reason_if_clock_set", (), "say why the completion "
                                          "date recorded before is corrected")),
                   clock=ClockOp("start", "notification",
                                 knowledge_phase="notification_after_knowledge"),
                   params=("completion_date", "knowledge_date"), on_param="completion_date"),
        # Filing the notification meets the deadline: the period no longer runs.
        *_preparation(("investor.name", "target.name_en", "deal.commercial_rationale"),
                      not_prohibited=not_prohibited, file_clock=ClockOp("end")),
        _decision("acknowledge", "Treasury acknowledged the notification", "财政部确认",
                  ("filed",), "acknowledged", params=("filing_reference",)),
        *_ending(states),
    )
    return Workflow("US-OISP", "US outbound investment notification", states, transitions,
                    US_FILING)


WORKFLOWS: dict[str, Workflow] = {
    w.kind: w
    for w in (
        _fisr(),
        _us_capital(),
        _data_export(),
        _registration("CN-DATA-EXPORT-CONTRACT", "Standard contract filing (CAC)", "已备案",
                      ("deal.data_export",)),
        _samr(),
        _tech_export(),
        _registration("CN-TECH-EXPORT-REGISTRATION", "Technology export contract registration",
                      "已登记", ("deal.technology_transfer",)),
        _oisp(),
    )
}
TRACK_KINDS: tuple[str, ...] = tuple(WORKFLOWS)

# Progress order across all kinds, least advanced first: the "worst" state of a case is
# its least advanced open track.
STATE_ORDER: tuple[str, ...] = (
    "draft", "returned", "internal_review", "approved_for_filing", "filed", "accepted",
    "materials_requested", "preliminary_review", "phase_1_review", "assessment",
    "application_review", "under_review", "general_review", "phase_2_review",
    "special_review", "export_approved", "cleared", "cleared_with_conditions", "registered",
    "licensed", "acknowledged", "prohibited", "withdrawn", "closed",
)


def workflow(kind: str) -> Workflow:
    try:
        return WORKFLOWS[kind]
    except KeyError:
        raise NotFound(f"There is no workflow for track kind {kind!r}.") from None


def _state(kind: str, state: str) -> StateDef:
    try:
        return workflow(kind).state(state)
    except KeyError:
        raise NotFound(f"{state!r} is not a state of the {kind} workflow.") from None


def is_final(kind: str, state: str) -> bool:
    return _state(kind, state).final


def is_decided(kind: str, state: str) -> bool:
    return _state(kind, state).decided


def is_open(kind: str, state: str) -> bool:
    s = _state(kind, state)
    return not s.final and not s.decided


def state_label(kind: str, state: str, *, lang: str = "en") -> str:
    s = _state(kind, state)
    return s.label_zh if lang == "zh" and s.label_zh else s.label


def state_rank(state: str) -> int:
    return STATE_ORDER.index(state) if state in STATE_ORDER else len(STATE_ORDER)


def worst_state(tracks: Iterable[tuple[str, str]]) -> str:
    """The least advanced open state among (kind, state) pairs; else the least advanced."""
    pairs = list(tracks)
    if not pairs:
        return ""
    open_states = [s for k, s in pairs if k not in WORKFLOWS or is_open(k, s)]
    pool = open_states or [s for _, s in pairs]
    return min(pool, key=state_rank)


def transitions_from(kind: str, state: str) -> list[Transition]:
    _state(kind, state)
    return [t for t in workflow(kind).transitions if state in t.sources]


def get_transition(kind: str, state: str, name: str) -> Transition:
    for t in workflow(kind).transitions:
        if t.name == name:
            if state not in t.sources:
                raise TransitionRefused(
                    f"'{t.label}' is not possible while the track is "
                    f"'{state_label(kind, state)}'"
                    + (" (a final state)" if is_final(kind, state) else "")
                    + "."
                )
            return t
    raise TransitionRefused(f"The {kind} workflow has no step {name!r}.")


# -- what a step recorded ---------------------------------------------------------------
def due_when_ended(details: Mapping[str, Any]) -> str | None:
    """The due date a step that ended the clock left behind (for a filed notification, the
    date it was due), from the step event's `due_date` [old, new]: the one record of a
    deadline set, moved or cleared. A stop clears it too but ends nothing. Events recorded
    before that was the only record carry it as `was_due`."""
    if details.get("was_due"):
        return str(details["was_due"])
    moved = details.get("due_date")
    if isinstance(moved, list) and len(moved) == 2 and moved[0] and moved[1] is None \
            and details.get("clock") in (None, "ended"):  # None: a decision cleared it
        return str(moved[0])
    return None


def step_record(details: Mapping[str, Any]) -> dict[str, Any]:
    """A step event's details with `was_due` (due_when_ended) for readers that take what a
    step recorded by name, old events and new alike."""
    due = due_when_ended(details)
    return {**details, "was_due": due} if due else dict(details)


# -- guards -------------------------------------------------------------------------------
@dataclass(frozen=True)
class GuardContext:
    """What the guards look at. `inputs_known` is False when listing buttons (no reason or
    parameters typed yet): input guards are then not held against the button."""

    actor: str
    roles: tuple[str, ...]
    facts: Mapping[str, Any] = field(default_factory=dict)
    documents: frozenset[str] = frozenset()
    outcome: str = ""
    submitted_by: str | None = None
    # Who changed what the review covers (facts, particulars, documents, the screening)
    # in the round it decides (since the track opened or was last decided on): approving
    # one's own change is no second pair of eyes either, whoever pressed Submit.
    changed_since_submission: tuple[str, ...] = ()
    solo_mode: bool = False
    reason: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    inputs_known: bool = True
    # What the track's filing lacks for its final, each named as a draft's page 1 names it
    # ("Applicant's contact person [particulars.applicant.contact_name]"): the filings
    # layer names them, the service fills this in where a step has a filing_complete guard.
    filing_missing: tuple[str, ...] = ()
    # The facts paths changed since the case's current screening (domain.approval_changes):
    # the service fills it in where a step has a screening_current guard.
    changed_since_screening: tuple[str, ...] = ()
    # The track's clock has a start or a due date already (reason_if_clock_set).
    clock_set: bool = False

    @property
    def own_work(self) -> bool:
        """The actor submitted this for review or changed it since: what the four-eyes
        guard refuses (and what solo mode lets through, marked as a self-approval)."""
        return (bool(self.submitted_by) and self.submitted_by == self.actor) or \
            self.actor in self.changed_since_submission


def role_problem(transition: Transition, roles: Iterable[str]) -> str | None:
    if set(roles) & set(transition.roles):
        return None
    # An administrator may step in, but the role to name is the one the step is for.
    needed = [r for r in transition.roles if r != "admin"] or ["admin"]
    return f"'{transition.label}' needs the {role_words(needed)} role."


def guard_problems(transition: Transition, ctx: GuardContext) -> list[str]:
    """Why the guards refuse the transition (empty when they allow it)."""
    problems: list[str] = []
    for guard in transition.guards:
        if guard.kind == "facts":
            # A fact that does not apply to the case (no USCC for a target organised
            # outside mainland China) is not asked for: the rule the filing follows too.
            missing = [p for p in guard.values if blank(fact_value(ctx.facts, p))
                       and not_applicable(p, ctx.facts) is None]
            if missing:
                # By path, which the windows say by its field's name (ui.wizard.readable_paths).
                problems.append(f"{guard.message}: fill in {and_joined(missing)}.")
        elif guard.kind == "documents":
            absent = [d for d in guard.values if d not in ctx.documents]
            if absent:  # by the Documents tab's name, and the key a script attaches it by
                problems.append(f"{guard.message} (missing: " + ", ".join(
                    f"{document_type_name(d)}, type {d}" for d in absent) + ").")
        elif guard.kind == "filing_complete":
            if ctx.filing_missing:
                # "lacks", not "fill in": a document is attached, not filled in.
                problems.append(f"{guard.message}: it lacks {'; '.join(ctx.filing_missing)} "
                                "(a draft from Generate filing… lists them on page 1).")
        elif guard.kind == "screening_current":
            if ctx.changed_since_screening:
                # By path, which the windows say by its field's name, as the facts guard.
                problems.append(
                    f"{guard.message[:1].upper()}{guard.message[1:]} "
                    f"({', '.join(ctx.changed_since_screening)}): re-screen it (Screening "
                    "tab: Re-screen with today's rules, then Accept the new screening…, even "
                    "if nothing changes), so the approval covers determinations made on "
                    "these facts.")
        elif guard.kind == "four_eyes":
            if ctx.solo_mode:  # a one-person office: allowed, and marked as self-approval
                pass
            elif ctx.own_work:
                did = ("submitted this for review" if ctx.submitted_by == ctx.actor else
                       "changed the case while this review was being prepared (since the "
                       "case was created, or since the track was last returned)")
                # Said to the one refused (the button's tooltip, the refusal), not by login.
                problems.append(
                    f"You {did} and may not also approve it (four-eyes rule): "
                    "another approver must approve it."
                )
        elif guard.kind == "not_prohibited":
            if ctx.outcome == "prohibited":
                # Not prefixed "Refused:": check() already says "'Step' refused: …". Said
                # alone: nothing the officer does lifts it, and the particulars listed
                # beside it read as work that would (a US notification never to be filed).
                return [f"{guard.message[:1].upper()}{guard.message[1:]}."]
        elif guard.kind in ("reason", "reason_if_clock_set"):
            needed = guard.kind == "reason" or ctx.clock_set
            if needed and ctx.inputs_known and not has_visible_text(ctx.reason):
                problems.append(f"A reason is required: {guard.message}.")
        elif guard.kind == "param":
            absent = [p for p in guard.values if blank(ctx.params.get(p))]
            if ctx.inputs_known and absent:
                problems.append(f"{guard.message} ("
                                f"{and_joined(p.replace('_', ' ') for p in absent)} missing).")
        else:  # a table entry the service does not know is a programming error
            raise ValueError(f"unknown guard kind {guard.kind!r}")
    return problems


def asks_reason(transition: Transition, ctx: GuardContext) -> str:
    """What the step asks its reason for, where it needs one in this context (a
    reason_if_clock_set guard only where the clock is set); '' where none is needed."""
    return next((g.message for g in transition.guards if g.kind == "reason"
                 or (g.kind == "reason_if_clock_set" and ctx.clock_set)), "")


def sentences(problems: Iterable[str]) -> str:
    """Problems said one after another, each after the first a sentence of its own
    ("… another approver must approve it. The filing is not complete: …"); the first
    follows what the caller puts before it ("'Approve for filing' refused: the …")."""
    said = list(problems)
    return " ".join(said[:1] + [p[:1].upper() + p[1:] for p in said[1:]])


def check_role(transition: Transition, roles: Iterable[str]) -> None:
    """Raise PermissionDenied unless one of `roles` may take the step (check's first test:
    a service makes it before reading what the guards need)."""
    problem = role_problem(transition, roles)
    if problem:
        raise PermissionDenied(f"You may not do this: {problem}")


def check(transition: Transition, ctx: GuardContext) -> None:
    """Raise PermissionDenied / TransitionRefused with a readable message, or return."""
    check_role(transition, ctx.roles)
    problems = guard_problems(transition, ctx)
    if problems:
        raise TransitionRefused(f"'{transition.label}' refused: " + sentences(problems))


def available_actions(
    kind: str, state: str, context: GuardContext
) -> list[tuple[Transition, bool, str | None]]:
    """Every step from `state`, whether this actor may take it now, and if not why."""
    out: list[tuple[Transition, bool, str | None]] = []
    for t in transitions_from(kind, state):
        role = role_problem(t, context.roles)
        problems = [role] if role else []
        # Without the step's role the four-eyes rule says nothing more: a preparer read
        # "needs the approver role. You submitted this … another approver must approve it."
        checked = t if role is None else replace(
            t, guards=tuple(g for g in t.guards if g.kind != "four_eyes"))
        problems += guard_problems(checked, replace(context, inputs_known=False))
        out.append((t, not problems, sentences(problems) or None))
    return out


# -- diagrams -----------------------------------------------------------------------------
def diagram(kind: str) -> dict[str, Any]:
    """States and edges as plain data (for the app's workflow view and the docs)."""
    w = workflow(kind)
    edges = []
    for t in w.transitions:
        for source in t.sources:
            if t.target == RETURN:
                targets = _return_phases(w)
            else:
                targets = [source if t.target == SAME else t.target]
            for target in targets:
                edges.append({"from": source, "to": target, "transition": t.name,
                              "label": t.label, "roles": list(t.roles),
                              "clock": t.clock.op if t.clock else None})
    return {
        "kind": w.kind,
        "label": w.label,
        "states": [{"name": s.name, "label": s.label, "label_zh": s.label_zh, "final": s.final,
                    "decided": s.decided, "review_phase": s.review_phase} for s in w.states],
        "edges": edges,
    }


def _return_phases(w: Workflow) -> list[str]:
    """The phases a 'materials supplied' step can return to."""
    for t in w.transitions:
        if t.target == "materials_requested":
            return list(t.sources)
    return []


def to_dot(kind: str) -> str:
    """Graphviz source of the workflow diagram."""
    d = diagram(kind)
    lines = [f'digraph "{d["kind"]}" {{', "  rankdir=LR;", '  node [shape=box, style=rounded];']
    for s in d["states"]:
        shape = ", peripheries=2" if s["final"] else ""
        lines.append(f'  "{s["name"]}" [label="{s["label"]}"{shape}];')
    for e in d["edges"]:
        style = ", style=dashed" if e["clock"] in ("stop", "resume") else ""
        lines.append(f'  "{e["from"]}" -> "{e["to"]}" [label="{e["label"]}"{style}];')
    lines.append("}")
    return "\n".join(lines)


# -- clock parameters (data: resources/rulebook/workflow/clocks.json) ---------------------
# The one place review time limits live: the screening rulebook holds no clock rules.
CLOCKS_FILE = ("rulebook", "workflow", "clocks.json")


@dataclass(frozen=True)
class ClockSpec:
    kind: str
    phase: str
    effective_from: date
    days: int | None  # None: no statutory limit known
    unit: str
    calendar: str
    roll: bool
    extension_days: int | None
    citation: str
    verified: bool
    effective_to: date | None = None  # last day this version applies; None: open-ended

    def applies_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def _date_field(entry: Mapping[str, Any], key: str, where: str, problems: list[Problem],
                required: bool = True) -> date | None:
    value = entry.get(key)
    if value is None:
        if required:
            problems.append(Problem(f"{where}.{key}", "required field is missing"))
        return None
    try:
        if isinstance(value, str):
            return iso_date(value)
    except ValueError:
        pass
    problems.append(Problem(f"{where}.{key}", f"expected a date YYYY-MM-DD, got {value!r}"))
    return None


def _days_field(entry: Mapping[str, Any], key: str, where: str, problems: list[Problem],
                required: bool = True) -> int | None:
    """A whole number of days; a string, fraction or true/false is refused, not coerced."""
    if key not in entry:
        if required:
            problems.append(Problem(f"{where}.{key}", "required field is missing"))
        return None
    value = entry[key]
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append(Problem(f"{where}.{key}", f"expected a whole number of days, got {value!r}"))
        return None
    return value


def _entries(data: Mapping[str, Any], key: str,
             problems: list[Problem]) -> Iterator[tuple[int, str, Mapping[str, Any]]]:
    """(position, path, entry) for each object in the list `key`; other items are reported."""
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise InputError(Problem(key, "expected a list of entries"))
    for i, entry in enumerate(entries):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict):
            problems.append(Problem(where, "expected an object"))
            continue
        yield i, where, entry


def _text_fields(entry: Mapping[str, Any], keys: Iterable[str], where: str,
                 problems: list[Problem]) -> None:
    for key in keys:
        if not isinstance(entry.get(key), str) or not entry[key]:
            problems.append(Problem(f"{where}.{key}", "required text is missing"))


def _flag_field(entry: Mapping[str, Any], key: str, where: str, problems: list[Problem]) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):  # bool("false") would be True
        problems.append(Problem(f"{where}.{key}", f"expected true or false, got {value!r}"))
        return False
    return value


def _period_problems(items: Iterable[tuple[int, Any]], where: str, key: Any) -> list[Problem]:
    """Versions of one entry must not start on the same day, nor end before they start.
    `items` pairs each parsed entry with its position in the file."""
    problems: list[Problem] = []
    starts: dict[Any, int] = {}
    for i, item in items:
        if item.effective_to is not None and item.effective_to < item.effective_from:
            problems.append(Problem(f"{where}[{i}].effective_to",
                                    f"{item.effective_to} is before effective_from {item.effective_from}"))
        ident = (key(item), item.effective_from)
        if ident in starts:
            problems.append(Problem(f"{where}[{i}].effective_from",
                                    f"same as {where}[{starts[ident]}]: which applies is ambiguous"))
        else:
            starts[ident] = i
    return problems


def parse_clock_specs(data: Mapping[str, Any]) -> list[ClockSpec]:
    """Validate the clocks data; every problem names its entry and field."""
    problems: list[Problem] = []
    out: list[ClockSpec] = []
    positions: list[int] = []
    for i, where, entry in _entries(data, "clocks", problems):
        before = len(problems)
        _text_fields(entry, ("kind", "phase", "unit", "calendar"), where, problems)
        start = _date_field(entry, "effective_from", where, problems)
        end = _date_field(entry, "effective_to", where, problems, required=False)
        days = _days_field(entry, "days", where, problems, required=False)
        extension = _days_field(entry, "extension_days", where, problems, required=False)
        roll = _flag_field(entry, "roll", where, problems)
        verified = _flag_field(entry, "verified", where, problems)
        if len(problems) > before:
            continue
        assert start is not None  # a required field: missing is a problem above
        spec = ClockSpec(
            kind=entry["kind"], phase=entry["phase"], effective_from=start,
            days=days, unit=entry["unit"], calendar=entry["calendar"], roll=roll,
            extension_days=extension, citation=str(entry.get("citation", "")),
            verified=verified, effective_to=end,
        )
        if spec.unit not in ("working", "calendar"):
            problems.append(Problem(f"{where}.unit", f"{spec.unit!r} is not working or calendar"))
        if spec.calendar not in ("CN", "US"):
            problems.append(Problem(f"{where}.calendar", f"{spec.calendar!r} is not CN or US"))
        if spec.kind not in WORKFLOWS:
            problems.append(Problem(f"{where}.kind", f"{spec.kind!r} is not a track kind"))
        out.append(spec)
        positions.append(i)
    problems += _period_problems(zip(positions, out, strict=True), "clocks", lambda s: (s.kind, s.phase))
    if problems:
        raise InputError(problems)
    return out


def _read_clock_data(path: Path | None) -> Mapping[str, Any]:
    """The clocks file as JSON; unreadable or malformed data names the file (and line)."""
    file = path if path is not None else resource_path(*CLOCKS_FILE)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(Problem(str(file), f"cannot be read: {exc}")) from None
    except UnicodeDecodeError:
        raise InputError(Problem(str(file), "is not UTF-8 text")) from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem(f"{file}:{exc.lineno}:{exc.colno}",
                                 f"not valid JSON: {json_error_words(exc)}")) from None
    if not isinstance(data, dict):
        raise InputError(Problem(str(file), "expected a JSON object with 'clocks'"))
    return data


@lru_cache(maxsize=8)
def clock_specs(path: Path | None = None) -> tuple[ClockSpec, ...]:
    """Every clock version in `path` (default: the shipped clocks.json)."""
    return tuple(parse_clock_specs(_read_clock_data(path)))


def clock_spec(kind: str, phase: str, on: date,
               specs: Iterable[ClockSpec] | None = None) -> ClockSpec:
    """The clock parameters of `phase` on `kind` that apply on `on`: of the versions whose
    effective_from..effective_to covers the date, the latest effective_from. A new version
    with a future date therefore takes over on that date with no code change."""
    versions = [s for s in (clock_specs() if specs is None else specs)
                if s.kind == kind and s.phase == phase]
    candidates = [s for s in versions if s.applies_on(on)]
    if versions and not candidates and all(on < s.effective_from for s in versions):
        # A date before the earliest version held (a completion recorded as 2024-06-01,
        # 31 CFR 850 being in force from 2025-01-02): that version named, the date to
        # check. Not "before the rules": an earlier law had its periods too (CN-SAMR).
        first = min(versions, key=lambda s: s.effective_from)
        cited = first.citation.split(":")[0]  # "31 CFR 850.401", not its whole gloss
        raise NotFound(f"The app holds no {kind} {phase.replace('_', ' ')} period for "
                       f"{on.isoformat()}: the earliest it holds applies from "
                       f"{first.effective_from.isoformat()} ({cited}); check the date.")
    if not candidates:
        raise NotFound(f"No clock is configured for {kind} {phase} on {on.isoformat()} "
                       f"(see {'/'.join(CLOCKS_FILE)}).")
    return max(candidates, key=lambda s: s.effective_from)


# Time limits the screening states as well as the track clocks (the technology-export
# reason prints the licence decision period; the OISP notification provision carries the
# notification period): (kind, phase) -> (regime, provision, parameter). Both must agree,
# or the screening says 20 working days while the track counts 30.
CLOCKS_THE_RULEBOOK_STATES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("CN-TECH-EXPORT", "application_review"):
        ("CN-TECH-EXPORT", "catalogue", "licence_decision_working_days"),
    ("US-OISP", "notification"):
        ("US-OISP", "notification", "due_calendar_days_after_completion"),
    ("US-OISP", "notification_after_knowledge"):
        ("US-OISP", "notification", "due_calendar_days_after_knowledge"),
}


def clock_disagreements(rules: Iterable[Rule],
                        specs: Iterable[ClockSpec] | None = None) -> list[str]:
    """Each rule version whose time limit differs from the track
    clock in force on its effective date, in words: the clocks ship with the app, so a
    rulebook update that changes such a number would make the screening and the clocks
    disagree."""
    known = list(clock_specs() if specs is None else specs)
    said = []
    for (kind, phase), (regime, provision, parameter) in CLOCKS_THE_RULEBOOK_STATES.items():
        for rule in rules:
            if (rule.regime, rule.provision) != (regime, provision) \
                    or parameter not in rule.parameters:
                continue
            try:
                spec = clock_spec(kind, phase, rule.effective_from, known)
            except NotFound:
                continue
            if rule.parameters[parameter] != spec.days:
                unit = "working days" if spec.unit == "working" else "calendar days"
                said.append(f"{rule.id} ({rule.source or regime}) gives {parameter} "
                            f"{rule.parameters[parameter]}, but the {kind} track clock counts "
                            f"{spec.days} {unit} from {rule.effective_from.isoformat()}")
    return said


def has_time_limit(kind: str, phase: str, on: date) -> bool:
    """Whether `phase` of `kind` runs a clock with a time limit on `on` (CN-US-CAPITAL's
    review has none): a step starting it then says it starts the clock."""
    try:
        spec = clock_spec(kind, phase, on)
    except NotFound:
        return False
    return spec.days is not None and spec.days > 0


@dataclass(frozen=True)
class FollowUp:
    """An obligation a decision creates by rule (e.g. renew a data-export assessment
    `working_days_before_expiry` working days before its `valid_years` run out)."""

    kind: str
    transitions: tuple[str, ...]
    effective_from: date
    text: str
    valid_years: int
    working_days_before_expiry: int
    calendar: str
    citation: str
    verified: bool
    effective_to: date | None = None  # last day this version applies; None: open-ended

    def applies_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def parse_follow_ups(data: Mapping[str, Any]) -> list[FollowUp]:
    problems: list[Problem] = []
    out: list[FollowUp] = []
    positions: list[int] = []
    for i, where, entry in _entries(data, "follow_ups", problems):
        before = len(problems)
        _text_fields(entry, ("kind", "text"), where, problems)
        steps = entry.get("transitions")
        if not isinstance(steps, list) or not steps or not all(isinstance(t, str) for t in steps):
            problems.append(Problem(f"{where}.transitions", "expected a list of step names"))
        start = _date_field(entry, "effective_from", where, problems)
        end = _date_field(entry, "effective_to", where, problems, required=False)
        years = _days_field(entry, "valid_years", where, problems)
        ahead = _days_field(entry, "working_days_before_expiry", where, problems, required=False)
        verified = _flag_field(entry, "verified", where, problems)
        calendar = entry.get("calendar", "CN")
        if calendar not in ("CN", "US"):
            problems.append(Problem(f"{where}.calendar", f"{calendar!r} is not CN or US"))
        if len(problems) > before:
            continue
        # Required fields: a missing or bad one is a problem above.
        assert isinstance(steps, list) and start is not None and years is not None
        item = FollowUp(
            kind=entry["kind"], transitions=tuple(steps), effective_from=start,
            text=entry["text"], valid_years=years, working_days_before_expiry=ahead or 0,
            calendar=calendar, citation=str(entry.get("citation", "")), verified=verified,
            effective_to=end,
        )
        if item.kind not in WORKFLOWS:
            problems.append(Problem(f"{where}.kind", f"{item.kind!r} is not a track kind"))
        else:
            names = {t.name for t in WORKFLOWS[item.kind].transitions}
            for name in item.transitions:
                if name not in names:
                    problems.append(Problem(f"{where}.transitions", f"{item.kind} has no step {name!r}"))
        out.append(item)
        positions.append(i)
    problems += _period_problems(zip(positions, out, strict=True), "follow_ups", lambda f: (f.kind, f.text))
    if problems:
        raise InputError(problems)
    return out


@lru_cache(maxsize=8)
def follow_ups(path: Path | None = None) -> tuple[FollowUp, ...]:
    """Every follow-up version in `path` (default: the shipped clocks.json)."""
    return tuple(parse_follow_ups(_read_clock_data(path)))


def follow_ups_for(kind: str, transition_name: str, on: date,
                   items: Iterable[FollowUp] | None = None) -> list[FollowUp]:
    """The rule-made obligations a step creates: per obligation, the latest version that
    applies on `on` (effective_from..effective_to)."""
    matching = [f for f in (follow_ups() if items is None else items)
                if f.kind == kind and transition_name in f.transitions and f.applies_on(on)]
    latest: dict[str, FollowUp] = {}
    for f in sorted(matching, key=lambda f: f.effective_from):
        latest[f.text] = f
    return list(latest.values())
