"""The plain data a filing is built from (read from the database by services.filings).

Nothing here touches the database or ReportLab: the kind modules turn a `FilingData`
into a `FilingDocument` (content.py), and layout.py turns that into PDF bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from approvals.domain.approval_changes import ChangedAfterApproval, Unscreened
from approvals.domain.calendars import says_estimated
from approvals.domain.document_types import submitted_with_filing
from approvals.domain.facts import Facts
from approvals.domain.workflow import state_rank

APPROVED_FOR_FILING = "approved_for_filing"
WITHDRAWN = "withdrawn"  # no longer applied for: left out of the filings to authorities
# Ends a track can reach without ever being approved for filing.
_NOT_APPROVAL = frozenset({WITHDRAWN, "closed", "returned"})


@dataclass(frozen=True)
class Reason:
    rule: str
    citation: str
    text: str
    # Chinese text and citation; empty for screenings stored before they existed (the
    # bilingual application then prints the English only).
    text_zh: str = ""
    citation_zh: str = ""
    # A point for the officer to check, not a ground (domain.screening.Reason.advice): a
    # filing to an authority lists it in a draft's box, not among its reasons.
    advice: bool = False
    # The rulebook in use marks the rule unverified (taken from secondary sources): the
    # status report, for the firm and its auditors, marks its citation "(verify)".
    unverified: bool = False


@dataclass(frozen=True)
class Determination:
    regime: str
    outcome: str
    status: str
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScreeningInfo:
    as_of: str
    rulebook: str
    include_proposed: bool
    created_at: str
    created_by: str
    determinations: tuple[Determination, ...]
    # The stake (in %) from which the security review counts control whatever the officer
    # assessed (the rulebook's, on the screening's date); None where it cannot be read.
    control_at_least: float | None = None

    def for_regime(self, regime: str) -> Determination | None:
        return next((d for d in self.determinations if d.regime == regime), None)


@dataclass(frozen=True)
class Transition:
    occurred_at: str
    actor: str
    role: str
    from_state: str
    to_state: str
    transition: str
    reason: str
    self_approval: bool
    # What the step recorded besides its reason (completion_date, knowledge_date,
    # filing_reference, on ...; was_due as domain.workflow.step_record reads it), as
    # (name, value) pairs.
    recorded: tuple[tuple[str, str], ...] = ()
    # A self-approval: when, by whom and why solo mode was switched on, as (name, value)
    # pairs of its event's details["solo_mode"]; () for one recorded before that was kept.
    solo_mode: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Condition:
    """A condition of a conditional clearance (services.workflow.ObligationView), with who
    set its status last, when and why (from its `obligation.status` audit event)."""

    id: int
    text: str
    due_date: str | None
    status: str  # open, fulfilled or waived
    set_by: str = ""
    set_role: str = ""
    set_at: str = ""
    reason: str = ""
    # A window the rules counted back from an expiry (a data-export renewal): a follow-up
    # the rules attach, not a condition the authority set (ObligationView.rule_made).
    rule_made: bool = False

    @property
    def estimated(self) -> bool:
        """The due date was counted in a year without an official holiday schedule: the
        stored condition says so (services.workflow writes it into the text)."""
        return says_estimated(self.text)

    def overdue(self, on: str) -> bool:
        """Open and past its due date as of `on` (an ISO date: the report's date)."""
        return self.status == "open" and bool(self.due_date) and str(self.due_date) < on[:10]


@dataclass(frozen=True)
class Track:
    id: int
    regime: str
    kind: str
    outcome: str
    state: str
    state_label: str
    state_label_zh: str
    clock_phase: str | None
    clock_calendar: str | None
    clock_unit: str | None
    clock_days: int | None
    clock_start: str | None
    clock_pauses: tuple[tuple[str, str | None], ...]
    clock_stopped_on: str | None
    due_date: str | None
    due_estimated: bool
    completed_on: str | None
    history: tuple[Transition, ...] = ()
    updated_at: str = ""
    # Facts edited after the approval for filing that stands (the status report says so).
    changed_after_approval: ChangedAfterApproval | None = None
    # The conditions of a conditional clearance, in the order they were recorded.
    conditions: tuple[Condition, ...] = ()

    @property
    def approved_for_filing(self) -> bool:
        """The track's approval for filing stands (so a final may be issued): it was
        approved and not sent back since, e.g. returned to the preparer for changes."""
        approval = state_rank(APPROVED_FOR_FILING)
        if state_rank(self.state) < approval:  # draft, returned, internal review
            return False
        approved = [i for i, t in enumerate(self.history) if t.to_state == APPROVED_FOR_FILING]
        if approved:
            later = self.history[approved[-1] + 1:]
            return not any(t.to_state and state_rank(t.to_state) < approval for t in later)
        # A state further on than approval (e.g. filed, accepted) implies it was approved.
        return self.state not in _NOT_APPROVAL

    @property
    def self_approvals(self) -> tuple[Transition, ...]:
        return tuple(t for t in self.history if t.self_approval)

    def last_recorded(self, name: str) -> tuple[str, Transition] | None:
        """The latest value a step of this track recorded under `name`, with that step."""
        for step in reversed(self.history):
            value = dict(step.recorded).get(name)
            if value:
                return value, step
        return None


@dataclass(frozen=True)
class Attachment:
    file_name: str
    sha256: str
    size: int
    doc_type: str
    uploaded_at: str
    track_id: int | None = None  # attached to one filing track rather than the whole case
    stored_final: bool = False  # a final filing of the case, stored by the app (its type: the kind)


@dataclass(frozen=True)
class TimelineEvent:
    id: int
    occurred_at: str
    actor: str
    role: str
    action: str
    entity: str
    summary: str
    hash: str


@dataclass(frozen=True)
class Recommendation:
    """A reviewer's latest recommendation on the case (from their response pack)."""

    reviewer: str  # as the import named them: "anna (Anna's laptop)"
    recommendation: str  # approve | return
    reasons: str
    received_at: str  # when the response was imported here (UTC)


@dataclass(frozen=True)
class ReviewInput:
    """What reviewers sent back that the desk has to weigh: each reviewer's latest
    recommendation, and how many proposed changes still wait for a decision."""

    recommendations: tuple[Recommendation, ...] = ()
    pending_proposals: int = 0


@dataclass(frozen=True)
class FilingData:
    """Everything a filing shows about one case, as plain values."""

    reference: str
    case_status: str
    case_created_at: str
    facts: Facts
    screening: ScreeningInfo | None
    tracks: tuple[Track, ...]
    attachments: tuple[Attachment, ...]
    timeline: tuple[TimelineEvent, ...]
    # The audit chain's head: the latest event's hash and id when the content was read.
    chain_head: str
    chain_head_event: int
    # When the case content last changed (occurred_at of its latest audit event that is
    # not itself about renderings, or the storing of a final listed in `stored_finals`):
    # the generation time printed on a final status report.
    content_time: str
    particulars: dict[str, Any] = field(default_factory=dict)
    case_updated_at: str = ""
    particulars_changed_at: str = ""
    # Review input received (None: no reviewer answered yet); only the status report shows it.
    review: ReviewInput | None = None
    # The day the deal completed, as the officer recorded it (Case → Mark deal completed),
    # ISO; None until then (filings.common.deal_completed_on).
    deal_completed_on: str | None = None
    # The case's status in the words of the case window's header and the case list's
    # tooltip ("Open; least advanced: Draft"): "Open" alone read as another answer than
    # the list's "Draft". "" where not worked out (the status is then said alone).
    case_status_words: str = ""
    # Documents withdrawn from the case, each dated by its withdrawal (`uploaded_at`): never
    # listed, but taking one away changed the content of the filings that listed it.
    withdrawn_attachments: tuple[Attachment, ...] = ()
    # login -> the person in words, "Li Wei (li.wei)" (services.audit_view.person_named), for
    # the users who have a full name; the events keep logins, the filing names people.
    people: Mapping[str, str] = field(default_factory=dict)
    # The final filings stored with the case (dated when stored), other than status reports:
    # documents of the case that only the status report lists (no filing submits another).
    stored_finals: tuple[Attachment, ...] = ()
    # The facts changed since the current screening and the regimes whose reasons they
    # change (services.screening.unscreened_changes): a final of those waits for a new one.
    unscreened: Unscreened = field(default_factory=Unscreened)

    def person(self, login: str) -> str:
        """Who `login` is, as the filing names them: their full name with the login, or
        the login alone when no name is known (`cli:root`, `system`, a user without one)."""
        return self.people.get(login, login)

    def filing_time(self, tracks: tuple[Track, ...]) -> str:
        """When the content of a filing covering `tracks` last changed: its facts, screening,
        tracks, attachments or particulars. A comment elsewhere on the case does not count,
        so a final re-rendered after one is still byte-identical."""
        stamps = [self.case_created_at, self.case_updated_at, self.particulars_changed_at]
        if self.screening is not None:
            stamps.append(self.screening.created_at)
        stamps += [a.uploaded_at for a in self.attachments_for(tracks)]
        ids = {t.id for t in tracks}
        stamps += [a.uploaded_at for a in self.withdrawn_attachments
                   if a.track_id is None or a.track_id in ids]
        for track in tracks:
            stamps.append(track.updated_at)
            stamps += [t.occurred_at for t in track.history]
        return max(s for s in stamps if s)

    def attachments_for(self, tracks: tuple[Track, ...] | None) -> tuple[Attachment, ...]:
        """The documents a filing covering `tracks` submits: the case's own and those of
        its tracks, not another track's (a SAMR decision is no attachment to Treasury),
        nor what the authority sent back or a signed copy of a filing (a final made after
        filing listed the authority's receipt for the very application it was).
        None: every document (the status report), the stored finals after the others."""
        if tracks is None:
            return self.attachments + self.stored_finals
        ids = {t.id for t in tracks}
        return tuple(a for a in self.attachments
                     if (a.track_id is None or a.track_id in ids)
                     and submitted_with_filing(a.doc_type))

    @property
    def distillation_flag(self) -> bool | None:
        ai = self.facts.target.ai
        return None if ai is None else ai.trained_on_us_model_outputs

    @property
    def us_models_used(self) -> tuple[str, ...]:
        ai = self.facts.target.ai
        return tuple(ai.us_models_used or ()) if ai else ()

    def tracks_for(self, prefix: str) -> tuple[Track, ...]:
        return tuple(t for t in self.tracks if t.regime.startswith(prefix))
