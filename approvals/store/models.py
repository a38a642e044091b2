"""SQLModel tables. Every change to them goes through an Alembic migration.

Conventions: timestamps are UTC ISO-8601 strings (`utc_now()`), dates ISO `YYYY-MM-DD`
strings (SQLite has no date type and text sorts correctly); structured values are JSON
text. `version` columns back optimistic locking (checked by the services that save).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel


def utc_now() -> str:
    """Current UTC time as ISO-8601 with seconds precision and a Z suffix."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True)
    display_name: str = ""
    password_hash: str = ""
    roles: str = "[]"  # JSON list: preparer, reviewer, approver, admin
    active: bool = True
    failed_attempts: int = 0
    locked_until: str | None = None
    created_at: str = Field(default_factory=utc_now)
    version: int = 1


class Case(SQLModel, table=True):
    __tablename__ = "cases"
    # Covers the case list's columns, so listing 100,000 cases never reads the facts JSON.
    __table_args__ = (
        Index("ix_cases_list", "reference", "id", "status", "target_name", "investor_name",
              "amount_value", "amount_currency", "owner", "updated_at", "action_regimes",
              "target_name_zh", "own_reference", "identifiers", "screening_blocks"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(index=True, unique=True)  # AP-2026-0001
    facts: str  # JSON, see domain.facts
    status: str = Field(default="open", index=True)  # draft | open | completed | closed
    owner: str = ""
    # Denormalised for the case list (kept in step by the services that change facts).
    target_name: str = ""
    investor_name: str = ""
    amount_value: float | None = None
    amount_currency: str | None = None
    # Found by the case list's filter too: the target's Chinese name, the officer's own
    # reference (facts `reference`).
    target_name_zh: str = Field(default="", sa_column_kwargs={"server_default": ""})
    own_reference: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # The parties' codes, the target's USCC and the investor's LEI (space separated): the
    # filter finds a case by them too.
    identifiers: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # Regimes whose current screening needs action (space separated, set by screening):
    # includes those that open no track, such as a negative-list prohibition.
    action_regimes: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # What the current screening found that blocks completion, `regime:outcome` space
    # separated (ScreeningResult.binding_blocks, set by screening): the case list says
    # "blocked" for those no filing track carries, as Mark completed refuses them.
    screening_blocks: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # An intake draft's wizard state kept beside (never in) its facts: JSON, see
    # services.drafts. NULL for cases and for drafts saved before migration 0005.
    draft_state: str | None = None
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)
    version: int = 1


class Party(SQLModel, table=True):
    __tablename__ = "parties"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    role: str  # target | investor
    name_en: str = ""
    name_zh: str | None = None
    identifier_kind: str | None = None  # USCC | LEI
    identifier: str | None = None
    jurisdiction: str | None = None


class FilingTrack(SQLModel, table=True):
    __tablename__ = "filing_tracks"
    # Made to cover the case list's per-case summary of tracks (regimes, states, next due
    # date). The summary has since come to read outcome and due_estimated too, so SQLite
    # reads it through ix_filing_tracks_case_id and the table instead; an index covering it
    # was measured (tests/bench/bench_case_list_read.py, 100,000 cases): 20 ms of a 0.6 s
    # read, nothing from a cold disk cache, so not worth a migration of its own.
    # ix_filing_tracks_chart (migration 0009) covers the dashboard chart's count of tracks
    # by kind and state, read group by group without sorting 100,000s of rows. State first:
    # led by kind, SQLite would search it for the US notifications' `kind = 'US-OISP'`,
    # then fetch a third of the tracks one by one, slower than the scan it does now.
    __table_args__ = (
        Index("ix_filing_tracks_list", "case_id", "regime", "kind", "state", "due_date",
              "completed_on"),
        Index("ix_filing_tracks_chart", "state", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    regime: str  # CN-FISR, US-OISP, ...
    kind: str  # workflow kind (transition table), usually equal to the regime
    outcome: str = ""  # screening outcome that opened the track
    state: str = Field(default="draft", index=True)
    # Clock: the running statutory period of the current phase.
    clock_phase: str | None = None
    clock_calendar: str | None = None  # CN | US
    clock_unit: str | None = None  # working | calendar
    clock_days: int | None = None
    clock_start: str | None = None  # the day the period starts from (not counted)
    clock_pauses: str = "[]"  # JSON list of [stop, resume|null]
    clock_stopped_on: str | None = None
    due_date: str | None = Field(default=None, index=True)
    due_estimated: bool = False
    return_state: str | None = None  # phase to resume after materials requested
    submitted_by: str | None = None  # preparer of the pending internal review
    completed_on: str | None = None
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)
    version: int = 1


class Event(SQLModel, table=True):
    """Append-only audit event; `hash` covers the canonical content and `prev_hash`."""

    __tablename__ = "events"
    # The refusals among a trail of a million events (migration 0009): the case list finds
    # the closed tracks that were refused through this small partial index instead of
    # reading every closed track's history. The terms of services/cases.py's
    # _LIST_CLOSED_REFUSALS_SQL must imply its condition, or SQLite will not use it.
    __table_args__ = (
        Index("ix_events_refusals", "track_id",
              sqlite_where=text("action = 'track.transition' AND old_value = '\"prohibited\"'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: str = Field(default_factory=utc_now)
    actor: str
    role: str = ""
    action: str  # case.created, track.transition, field.changed, user.signed_in, ...
    entity: str  # case | track | user | document | comment | calendar | settings | ...
    entity_id: str = ""
    case_id: int | None = Field(default=None, index=True)
    # Indexed (migration 0006): a track's history and a field's last change are looked up
    # by these, and a years-old trail is too long to read whole for each.
    track_id: int | None = Field(default=None, index=True)
    field: str | None = Field(default=None, index=True)
    old_value: str | None = None  # JSON
    new_value: str | None = None  # JSON
    reason: str = ""
    details: str = "{}"  # JSON
    prev_hash: str = ""
    hash: str = Field(default="", index=True)


class Document(SQLModel, table=True):
    __tablename__ = "documents"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    track_id: int | None = Field(default=None, foreign_key="filing_tracks.id")
    file_name: str
    sha256: str
    size: int
    stored_path: str  # relative to the data folder's documents/
    doc_type: str = ""  # required-document key, or filing kind for renderings
    is_rendering: bool = False
    uploaded_by: str = ""
    uploaded_at: str = Field(default_factory=utc_now)
    restricted: bool = False
    allowed_users: str = "[]"  # JSON list of usernames when restricted
    # Withdrawn (migration 0010): kept, openable and audited, but no longer counted as the
    # case's evidence (checklist, guards, a filing's attachments). NULL: in force.
    withdrawn_at: str | None = None
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None
    # The document that replaced this one ("Attach new version"), when it was superseded.
    superseded_by: int | None = Field(default=None, foreign_key="documents.id")


class Comment(SQLModel, table=True):
    __tablename__ = "comments"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(index=True, unique=True)  # stable across installations (review packs)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    field_path: str | None = None
    document_id: int | None = None
    author: str
    body: str
    created_at: str = Field(default_factory=utc_now)
    origin: str = "local"  # local | review pack id


class Screening(SQLModel, table=True):
    """A stored screening: the determinations and the rulebook version and date it used."""

    __tablename__ = "screenings"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    as_of: str
    rulebook_version: str
    include_proposed: bool = False
    result: str  # JSON of the screening result
    created_at: str = Field(default_factory=utc_now)
    created_by: str = ""
    current: bool = True


class Obligation(SQLModel, table=True):
    """A condition of a conditional clearance, tracked with its own due date."""

    __tablename__ = "obligations"

    id: int | None = Field(default=None, primary_key=True)
    track_id: int = Field(foreign_key="filing_tracks.id", index=True, ondelete="CASCADE")
    text: str
    due_date: str | None = None
    status: str = "open"  # open | fulfilled | waived
    created_at: str = Field(default_factory=utc_now)
    # A due date counted in days (migration 0008; NULL: typed, or stored before): the count,
    # its unit (working | calendar), the day counted from and on which calendar, and
    # whether it counts back from that day (a renewal window before an expiry). A calendar
    # edit recounts it (services.workflow), rewriting `due_date` and `text` from
    # `text_template` (domain.clocks.render_due_text) with an audit event.
    due_days: int | None = None
    due_unit: str | None = None
    due_from: str | None = None
    due_calendar: str | None = None
    due_back: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    text_template: str | None = None


class CalendarYear(SQLModel, table=True):
    """An officer-entered holiday schedule for one year of one calendar, with its source."""

    __tablename__ = "calendar_years"

    id: int | None = Field(default=None, primary_key=True)
    calendar: str  # CN | US
    year: int
    source: str = ""
    official: bool = True
    entered_by: str = ""
    entered_at: str = Field(default_factory=utc_now)


class CalendarDay(SQLModel, table=True):
    """One override: a day that is a holiday, or a (make-up) working day."""

    __tablename__ = "calendar_days"

    id: int | None = Field(default=None, primary_key=True)
    calendar: str
    day: str = Field(index=True)
    kind: str  # holiday | workday
    name: str = ""
    source: str = ""


class Setting(SQLModel, table=True):
    __tablename__ = "settings"

    key: str = Field(primary_key=True)
    value: str  # JSON


class TrustedKey(SQLModel, table=True):
    """Public keys of other installations whose review packs this one accepts."""

    __tablename__ = "trusted_keys"

    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = Field(index=True, unique=True)
    public_key: str  # base64 raw Ed25519 public key
    label: str = ""
    added_by: str = ""
    added_at: str = Field(default_factory=utc_now)


class ReviewProposal(SQLModel, table=True):
    """A reviewer's proposed change to one facts field, decided field by field."""

    __tablename__ = "review_proposals"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    pack_id: str
    reviewer: str
    field_path: str
    base_value: str | None = None  # JSON value when the case was exported
    proposed_value: str | None = None  # JSON
    status: str = "pending"  # pending | accepted | rejected
    decided_by: str | None = None
    decided_at: str | None = None


class ReviewResponse(SQLModel, table=True):
    """A reviewer's recommendation received through a response pack."""

    __tablename__ = "review_responses"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    pack_id: str = Field(index=True)
    reviewer: str
    reviewer_key: str = ""
    recommendation: str  # approve | return
    reasons: str = ""
    imported_at: str = Field(default_factory=utc_now)
