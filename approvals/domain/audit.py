"""Canonical content and hashing of audit events (pure; the store persists them).

Each event's hash is SHA-256 over the previous event's hash and the canonical JSON of the
event's own content, sequence number included, so an edited, deleted, inserted or
reordered event breaks the chain at that event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from approvals.domain.dates import utc_text

GENESIS = "0" * 64
CLI_LOGIN = "cli:"  # the command line acts as "cli:<the computer's user>", no signed-in user


def is_command_line_login(login: str) -> bool:
    """A login the command line recorded: its messages name commands, the app's name menus."""
    return login.startswith(CLI_LOGIN)


def command_line_user(login: str) -> str | None:
    """The computer's user a command-line login names ("root" for "cli:root"); None for a
    signed-in user's login (or a bare "cli:")."""
    return (login.removeprefix(CLI_LOGIN) or None) if is_command_line_login(login) else None


def command_line_owner(login: str) -> str:
    """Who a command-line login is, in words, for where it stands as a case's owner: "the
    computer's user root, from the command line (cli:root in the audit trail)", as the
    filings and a signed update name it; "" for a signed-in user's login."""
    user = command_line_user(login)
    return (f"the computer's user {user}, from the command line ({login} in the audit trail)"
            if user else "")


HASHED_FIELDS: tuple[str, ...] = (
    "id",
    "occurred_at",
    "actor",
    "role",
    "action",
    "entity",
    "entity_id",
    "case_id",
    "track_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "details",
)


# Every action the services record, and whether it changes what an internal review of a
# track covers: the case's facts, its own filing particulars, its documents (and who may
# open them), its screening. Whoever records one of these on a case after a track was
# submitted for review is one of its authors, so the four-eyes rule refuses them the
# approval (services.workflow). A service that records a new action must add it here:
# tests/unit/test_workflow.py finds every action the code can record.
# Organisation-wide particulars (`settings.changed`) are not counted: they are the
# organisation's own details, kept by administrators for every case at once, not the
# content a preparer submits; the case's own particulars are.
ACTIONS_CHANGING_CONTENT: Mapping[str, bool] = MappingProxyType({
    "case.created": True,
    "case.draft_created": True,
    "field.changed": True,  # case_edit, and a reviewer's proposal accepted
    "case.particulars_changed": True,
    "document.attached": True,
    "document.restriction_changed": True,  # who may open what the review covers
    "document.withdrawn": True,  # no longer part of what the review covers
    "document.type_changed": True,  # what the checklist and the guards count it as
    "case.screened": True,
    "case.rescreen_accepted": True,
    "review.proposal_accepted": True,  # its facts change is a field.changed as well
    "review.proposal_rejected": False,
    "review.proposal_superseded": False,
    "review.exported": False,
    "review.imported": False,
    "review.opened": False,
    "review.recommendation": False,
    "review.responded": False,
    "case.completed": False,
    # A case's life cycle (services.case_lifecycle): its status, not what a review covers.
    "case.closed": False,
    "case.reopened": False,
    "case.discarded": False,
    "case.owner_changed": False,  # who the case list names for it (services.case_owner)
    "comment.added": False,
    "document.exported": False,
    "audit.exported": False,  # a CSV of the trail handed to an auditor: a read, recorded
    "cases.exported": False,  # a CSV of the case list, likewise
    "deadlines.exported": False,  # the deadlines dashboard as CSV or PDF, likewise
    "deadlines.printed": False,
    "filing.finalised": False,
    "filing.saved": False,  # a filing's PDF saved or printed from the preview: a read, recorded
    "filing.printed": False,
    "track.opened": False,
    # Recorded only with case.rescreen_accepted, which makes its actor an author already.
    "track.outcome_changed": False,
    "track.transition": False,
    "track.due_recomputed": False,
    "obligation.created": False,
    "obligation.status": False,
    "obligation.due_recounted": False,  # a calendar edit recounted a due date counted in days
    "obligation.edited": False,  # a condition's text or due date corrected (Edit condition…)
    "calendar.year_set": False,
    "calendar.year_removed": False,  # an entered year taken back (Remove entered year…)
    "calendar.day_corrected": False,
    "settings.changed": False,
    "backup.created": False,
    "backup.removed": False,
    "backup.restored": False,
    "key.trusted": False,
    "key.untrusted": False,
    "key.relabelled": False,
    # The installation's rulebook changed: a case's content did not (its stored screening
    # keeps the rulebook it was screened with until a re-screening is accepted).
    "rulebook.installed": False,
    "rulebook.reverted": False,
    "rulebook.packed": False,
    "user.created": False,
    "user.changed": False,
    "user.roles_changed": False,
    "user.deactivated": False,
    "user.reactivated": False,
    "user.password_changed": False,
    "user.password_reset": False,
    "user.unlocked": False,
    "user.locked_out": False,
    "user.session_locked": False,
    "user.signed_in": False,
    "user.signed_out": False,
    "user.sign_in_failed": False,
    "user.sign_in_refused": False,
})
CONTENT_ACTIONS: frozenset[str] = frozenset(a for a, content in ACTIONS_CHANGING_CONTENT.items()
                                            if content)

# What each action means to an officer: the case view's timeline and the CSV export say it.
ACTION_LABELS: Mapping[str, str] = MappingProxyType({
    "case.created": "Case created",
    "case.draft_created": "Draft started",
    "case.screened": "Screened",
    "case.rescreen_accepted": "New screening accepted",
    "case.completed": "Deal completed",
    "case.closed": "Case closed",
    "case.reopened": "Case reopened",
    "case.discarded": "Draft discarded",
    "case.owner_changed": "Owner changed",
    "case.particulars_changed": "Filing particulars changed",
    "field.changed": "Fact changed",
    "comment.added": "Comment added",
    "document.attached": "Document attached",
    "document.exported": "Document exported",
    "document.restriction_changed": "Document access changed",
    "document.withdrawn": "Document withdrawn",
    "document.type_changed": "Document type changed",
    "filing.finalised": "Final filing stored",
    "filing.saved": "Filing saved",
    "filing.printed": "Filing printed",
    "obligation.created": "Condition added",
    "obligation.status": "Condition status changed",
    "obligation.due_recounted": "Condition due date recounted",
    "obligation.edited": "Condition corrected",
    "track.due_recomputed": "Due date recounted",
    "track.opened": "Track opened",
    "track.outcome_changed": "Track's screening outcome changed",
    "track.transition": "Track step",
    "review.exported": "Review pack exported",
    "review.imported": "Review answers imported",
    "review.opened": "Review pack opened",
    "review.responded": "Reviewer answered",
    "review.recommendation": "Reviewer's recommendation",
    "review.proposal_accepted": "Proposed change accepted",
    "review.proposal_rejected": "Proposed change rejected",
    "review.proposal_superseded": "Proposed change revised or withdrawn by the reviewer",
    "settings.changed": "Setting changed",
    "rulebook.installed": "Rulebook update installed",
    "rulebook.reverted": "Rulebook update reverted",
    "rulebook.packed": "Rulebook update signed",
    "audit.exported": "Audit trail exported",
    "cases.exported": "Case list exported",
    "deadlines.exported": "Deadlines report saved",
    "deadlines.printed": "Deadlines report printed",
    # People, keys, backups and settings (the audit window and its CSV): said as an officer
    # would say them, not as the action's name read aloud ("User sign in failed").
    "user.created": "User created",
    "user.changed": "User details changed",
    "user.roles_changed": "Roles changed",
    "user.deactivated": "User deactivated",
    "user.reactivated": "User reactivated",
    "user.password_changed": "Password changed",
    "user.password_reset": "Password reset",
    "user.unlocked": "Lock-out lifted",
    "user.locked_out": "Account locked out",
    "user.session_locked": "Window locked",
    "user.signed_in": "Signed in",
    "user.signed_out": "Signed out",
    "user.sign_in_failed": "Sign-in failed",
    "user.sign_in_refused": "Sign-in refused",
    "key.trusted": "Key trusted",
    "key.untrusted": "Key no longer trusted",
    "key.relabelled": "Key label changed",
    "backup.created": "Backup made",
    "backup.removed": "Old backup removed",
    "backup.restored": "Backup restored",
    "calendar.year_set": "Holiday schedule entered",
    "calendar.year_removed": "Entered holiday schedule removed",
    "calendar.day_corrected": "Calendar day corrected",
})


def action_label(action: str) -> str:
    """An action in words (`track.opened` -> "Track opened"), for the timeline and exports."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    text = action.replace(".", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


# What json.dumps would build anew on every call (a sixth of the time it takes to verify
# a million events); encode() keeps no state between calls, so threads may share it.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(value: Any) -> str:
    """Stable JSON: sorted keys, no insignificant whitespace, UTF-8 kept as is."""
    return _CANONICAL.encode(value)


def stored_value(stored: str | None) -> Any:
    """An event's stored old/new value or details (JSON) decoded; text that is not JSON (an
    altered row: the chain check names it) as it is stored."""
    if stored is None:
        return None
    try:
        return json.loads(stored)
    except ValueError:
        return stored


def event_content(event: Mapping[str, Any]) -> dict[str, Any]:
    return {name: event.get(name) for name in HASHED_FIELDS}


def event_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    payload = prev_hash + "\n" + canonical_json(event_content(event))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    cause: str  # what is wrong with the event, said of it ("it was altered after it was recorded")

    @property
    def message(self) -> str:
        """The break on its own, naming the event ("event 5 was altered after it was recorded")."""
        return f"event {self.event_id} {self.cause.removeprefix('it ')}"


def _missing(first: int, last: int) -> str:
    if first == last:
        return f"event {first} is missing before it"
    return f"events {first} to {last} are missing before it"


def find_break(events: Iterable[Mapping[str, Any]]) -> ChainBreak | None:
    """The first event (in id order) whose links or hash do not check out, if any."""
    prev_hash = GENESIS
    expected_id: int | None = None
    for event in events:
        event_id = int(event["id"])
        if expected_id is not None and event_id != expected_id:
            return ChainBreak(event_id, (
                f"it follows event {expected_id - 1}: {_missing(expected_id, event_id - 1)}"
                if event_id > expected_id else
                f"it comes after event {expected_id - 1}: the events' order was changed"))
        if event["prev_hash"] != prev_hash:
            if expected_id is None and event_id > 1:
                # The trail's first events deleted (ids start at 1): "it does not link to
                # the event before it" beside "it is the first event" named none missing.
                return ChainBreak(event_id, _missing(1, event_id - 1))
            return ChainBreak(event_id, "it does not link to the event before it: an event "
                                        "was removed, inserted or moved before it")
        try:
            recomputed = event_hash(prev_hash, event)
        except (TypeError, ValueError):  # a value the app never writes (bytes, say)
            return ChainBreak(event_id, "it was altered after it was recorded (a value of a "
                                        "kind the app never writes)")
        if recomputed != event["hash"]:
            return ChainBreak(event_id, "it was altered after it was recorded")
        prev_hash = event["hash"]
        expected_id = event_id + 1
    return None


# ---------------------------------------------------------------------------------------
# The anchor: the chain head recorded outside the database
#
# A chain that was cut at the end is still self-consistent, so the head is also kept in a
# signed file beside the database. These are the pure parts: what is signed, and how a
# recorded head is compared with the events the database holds.

ANCHOR_FORMAT = "approvals-audit-anchor"
ANCHOR_VERSION = 1


@dataclass(frozen=True)
class Anchor:
    """The chain head as it was recorded: event id, that event's hash, UTC time."""

    event_id: int
    hash: str
    recorded_at: str

    def describe(self) -> str:
        return f"#{self.event_id} with hash {self.hash[:12]}… at {utc_text(self.recorded_at)}"

    def as_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "hash": self.hash, "recorded_at": self.recorded_at}


def anchor_payload(anchor: Anchor, key_fingerprint: str) -> bytes:
    """The bytes that are signed: the head, the time and the signer, canonically."""
    return canonical_json({
        "format": ANCHOR_FORMAT,
        "version": ANCHOR_VERSION,
        **anchor.as_dict(),
        "key": key_fingerprint,
    }).encode("utf-8")


def anchor_break(anchor: Anchor, last_id: int, hash_at_anchor: str | None) -> str | None:
    """Why the events do not reach the recorded head, or None when they do.

    `last_id` is the highest event id in the database (0 when there is none) and
    `hash_at_anchor` the stored hash of the event with the anchor's id (None if absent)."""
    if last_id < anchor.event_id:
        lost = ("all events are missing" if last_id == 0
                else f"events after #{last_id} are missing")
        return f"{lost}: the anchor recorded {anchor.describe()}"
    if hash_at_anchor != anchor.hash:
        return (f"event #{anchor.event_id} is not the event the anchor recorded: it has hash "
                f"{(hash_at_anchor or '')[:12]}…, the anchor recorded {anchor.hash[:12]}… at "
                f"{utc_text(anchor.recorded_at)} (the trail was written anew from this event or one "
                "before it)")
    return None
