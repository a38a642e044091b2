"""A track step in words: the date each step asks for and its hint, what a step does to the
clock, why it is refused (under its own name), self-approval notes, the date a history row
shows, the step last taken, and the facts a step still needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from approvals.domain import workflow as wf
from approvals.domain.clocks import fmt_date
from approvals.domain.errors import NotFound, TransitionRefused
from approvals.domain.event_text import self_approval_words
from approvals.domain.required_facts import blank, fact_value, not_applicable
from approvals.services import workflow as workflow_service
from approvals.services.audit_view import person_named
from approvals.services.workflow import ActionView, FilingTrackView, HistoryEntry
from approvals.ui.widgets import access_key, humanise, utc_text, with_access_key

# -- the action dialog ---------------------------------------------------------------------
PARAM_LABELS = {
    "filing_reference": "Filing reference",
    "conditions": "Conditions",
    "days": "Days",
    "registration_number": "Registration number",
    "licence_number": "Licence number",
    "completion_date": "Completion date (YYYY-MM-DD)",
    "knowledge_date": "Knowledge date, only if after completion (YYYY-MM-DD)",
}

PARAM_HINTS = {
    "knowledge_date": "31 CFR 850.402: when the US person learned of the covered transaction "
                      "only after it completed, the notification is due 30 days after that "
                      "day. Leave it empty otherwise.",
}

# A step whose effective date is one of its own inputs (domain Transition.on_param) asks for
# that date only: its hint says that the step takes effect on it.
ON_PARAM_HINTS = {
    "completion_date": "The day the transaction completed: the step takes effect on it, and "
                       "the notification period runs from it (from the knowledge date "
                       "instead, when one is given).",
}

EFFECTIVE_DATE = "Effective date"

# The date each step takes effect on (the service records it as `on`), asked in the step's
# own words: "Date accepted", not "Effective date" beside "Filing accepted". Every step of
# the workflow tables is named (tests/ui/test_step_dates.py checks it).
_DECISION = ("Decision date", "The date of the authority's decision")

_REVIEW_START = ("Date the review started", "The review period is counted from this day")

ON_LABELS: dict[str, tuple[str, str]] = {
    "submit_for_review": ("Date submitted", "The day the draft went to internal review"),
    "return_to_preparer": ("Date returned", "The day the draft went back to the preparer"),
    "approve_for_filing": ("Date approved", "The day the filing was approved internally"),
    "file": ("Date filed", "The day the filing reached the authority"),
    "accept": ("Date accepted", "The day on the authority's acceptance notice; a review "
                                "period runs from it"),
    "start_preliminary_review": _REVIEW_START,
    "start_general_review": _REVIEW_START,
    "start_special_review": _REVIEW_START,
    "start_phase_2": _REVIEW_START,
    "start_review": _REVIEW_START,
    "start_assessment": ("Date the assessment started",
                         "The assessment period is counted from this day"),
    "extend_review": ("Date of the extension notice",
                      "The day of the authority's notice extending the review"),
    "request_materials": ("Date materials were requested",
                          "The review clock stops on this day"),
    "supply_materials": ("Date materials were supplied",
                         "The review clock resumes on this day"),
    "clear": _DECISION,
    "clear_with_conditions": _DECISION,
    "prohibit": _DECISION,
    "refuse": _DECISION,
    "approve_export": _DECISION,
    "register": ("Date registered", "The day the authority registered the filing"),
    "grant_licence": ("Date the licence was issued", "The date on the export licence"),
    "acknowledge": ("Date acknowledged", "The day Treasury acknowledged the notification"),
    "withdraw": ("Date withdrawn", "The day the filing was withdrawn"),
    "close": ("Date closed", "The day the track was closed"),
    # Mark completed… (COMPLETE_ACTION): the case, not a track.
    "complete": ("Date the deal completed",
                 "The day the transaction completed. A US notification track (US-OISP) whose "
                 "completion date is not recorded yet takes this one: its notification clock "
                 "starts from it."),
}


def date_mnemonic(label: str) -> str:
    """A step's date label with Alt+D on its "date" ("Date &filed" would clash with other
    steps' words): "&Date filed", "Decision &date"."""
    at = label.lower().find("date")
    return label if at < 0 else label[:at] + "&" + label[at:]


def on_label(action_name: str) -> tuple[str, str]:
    """(label, hint) of the date a step takes effect on."""
    return ON_LABELS.get(action_name, (EFFECTIVE_DATE, ""))


# Completing the deal is a case step, not a track transition, but asks the same questions.
COMPLETE_ACTION = ActionView(name="complete", label="Mark the deal completed", label_zh="",
                             allowed=True, why_not=None, needs_reason=False, params=())


def without_label(label: str, why: str) -> str:
    """A refusal under its step's name, without saying the name again: "'Cleared' needs the
    preparer role." → "needs the preparer role."; "'File' refused: …" → "…"."""
    for prefix in (f"'{label}' refused: ", f"'{label}' "):
        if why.startswith(prefix):
            return why[len(prefix):]
    return why


CLOCK_EFFECTS = {"start": "starts the clock", "stop": "stops the clock",
                 "resume": "restarts the clock", "extend": "extends the period",
                 "end": "ends the clock"}


def table_label(kind: str, state: str, name: str) -> str | None:
    """A step's label in its workflow table (None for a step the table does not offer
    from `state`)."""
    try:
        return wf.get_transition(kind, state, name).label
    except (NotFound, TransitionRefused):
        return None


def step_effect(kind: str, state: str, name: str, timed: bool = True,
                last_day: date | None = None) -> str:
    """What a step does to the track, from its workflow table: "Moves this track to
    Closed (nothing leaves it)." or "Stops the clock; the state stays General review.".
    `timed`: whether the track has a clock with a time limit now; without one, a step
    that would stop, resume, extend or end it says nothing of a clock (withdrawing a draft
    read "ends the clock"). A step that starts one says so if its phase has a limit.
    `last_day`: the running period's last counted day: a stop dated from that day on
    stops nothing (domain.clocks.clock_status), which the step says."""
    try:
        step = wf.get_transition(kind, state, name)
    except (NotFound, TransitionRefused):
        return ""
    op = step.clock.op if step.clock else ""
    running = timed  # the track's clock already runs (since the acceptance, say)
    if op == "start" and step.clock is not None and step.clock.phase:
        # "starts the clock" was said of a phase with no time limit (CN-US-CAPITAL's
        # review), and the clock line then said there was none.
        timed = wf.has_time_limit(kind, step.clock.phase, date.today())
    clock = CLOCK_EFFECTS.get(op, "") if timed else ""
    if op == "start" and timed and step.clock is not None and step.clock.from_acceptance:
        # The period runs from the acceptance, which started it: the review step does
        # not start another.
        clock = ("the clock started at the acceptance runs on" if running else
                 "starts the clock from the acceptance date")
    if op == "stop" and timed and last_day is not None:
        clock = (f"stops the clock if dated before {fmt_date(last_day)}, the period's last "
                 "day (dated that day or later, it stops nothing: the due date stands)")
    if step.target == wf.RETURN:
        said = "Moves this track back to the review it was stopped in"
    elif step.target_for(state, None) == state:
        said = f"The state stays {wf.state_label(kind, state)}"
    else:
        target = step.target_for(state, None)
        said = f"Moves this track to {wf.state_label(kind, target)}" + (
            " (nothing leaves it)" if wf.is_final(kind, target) else "")
    return f"{said}; {clock}." if clock else f"{said}."


# How a step four-eyes would have refused, let through by solo mode, is said on its row in
# the Tracks tab's history and the Timeline (the event keeps details["self_approval"]).
SELF_APPROVAL = "self-approval, solo mode"


def self_approval_note(who: str, solo: Any = None,
                       names: Mapping[str, str] | None = None) -> str:
    """The tooltip of a self-approval's row: the audit trail's words (solo mode on since
    when, switched on by whom and why; `solo` is the step event's details["solo_mode"]),
    `who` and the switcher named as the Timeline names people (`names`: full name by
    login)."""
    said = self_approval_words(solo, who=who,
                               person=lambda login: person_named(login, names or {}))
    return (f"Self-approval: {said}.\nNo second person signed off; it is marked in the "
            "audit trail and printed on the filing.")


def history_date(entry: HistoryEntry, on_param: str | None, kind: str,
                 who: str = "") -> tuple[str, str]:
    """The date a step took effect (the service's rule), for the track history's
    Effective column, with its tooltip naming what that date is and who recorded it
    (`who`, "Pat Okafor (pat)"; the login by default)."""
    recorded = f"recorded {utc_text(entry.at)} by {who or entry.actor}"
    day = workflow_service.effective_on(entry, kind)
    if on_param and dict(entry.particulars).get(on_param) == day:
        name = PARAM_LABELS.get(on_param, humanise(on_param)).split(" (")[0]
        return day, f"{name} {day}; {recorded}"
    if entry.on:
        return day, f"{on_label(entry.transition)[0]} {day}; {recorded}"
    return day, recorded


def last_step(track: FilingTrackView | None) -> tuple[date, str] | None:
    """The effective date and name of the track's latest step, as the history shows it."""
    if track is None:
        return None
    return workflow_service.latest_step(track.history, track.kind)


def missing_step_facts(kind: str, steps: Sequence[str], facts: Mapping[str, Any]) -> list[str]:
    """The facts paths the `steps` of a `kind` track wait for (their "facts" guards), in
    the transition table's order, each once; those that do not apply to these facts (no
    USCC for a Cayman target) left out, as the guard leaves them out."""
    if kind not in wf.WORKFLOWS:
        return []
    paths: list[str] = []
    for step in wf.workflow(kind).transitions:
        if step.name not in steps:
            continue
        for guard in step.guards:
            if guard.kind != "facts":
                continue
            paths += [p for p in guard.values if p not in paths
                      and blank(fact_value(facts, p))
                      and not_applicable(p, facts) is None]
    return paths


# -- the window --------------------------------------------------------------------------
WITHDRAW = "withdraw"


@lru_cache(maxsize=64)
def step_letters(kind: str, taken: frozenset[str]) -> dict[str, str]:
    """Every step of `kind`'s workflow with its button text and Alt key, decided once
    for the whole transition table rather than for the steps of one state. Withdraw,
    offered in every open state of every workflow and final, comes first, so it has one
    key on every track of a case (before, Alt+X on one track and Alt+J — Cleared with
    conditions — on another); then the others in table order, each on the first letter of
    its name that the window's keys (`taken`) leave free and that no step offered in one
    of its states uses."""
    table = wf.workflow(kind).transitions
    texts: dict[str, str] = {}
    sources: dict[str, set[str]] = {}
    withdraw = next((step for step in table if step.name == WITHDRAW), None)
    if withdraw is not None:
        texts[WITHDRAW] = with_access_key(withdraw.label.replace("&", "&&"), taken)
    for step in table:
        sources.setdefault(step.name, set()).update(step.sources)
    for step in table:
        if step.name in texts:
            continue
        beside = {access_key(texts[other]) for other in texts
                  if sources[other] & sources[step.name]}
        texts[step.name] = with_access_key(step.label.replace("&", "&&"), taken | beside)
    return texts
