"""Offline review: export signed review packs, review them elsewhere, import the answers.

Preparer's side (installation A): `export_review_pack` → the reviewer's pack; later
`import_response` merges the reviewer's comments (by uid, so a re-import adds nothing),
stores proposed field changes as `ReviewProposal` rows and the recommendation as a
`ReviewResponse`; `list_proposals` shows the per-field diff (with the current value beside
the exported one when the case changed meanwhile) and `decide_proposal` applies or rejects
one field, each accepted change an audit event naming the reviewer.

Reviewer's side (installation B): `open_review_pack` verifies and unpacks the pack into
`<data>/reviews/<pack id>/` (the case itself stays read-only there, outside the database),
review input (comments, proposals, recommendation) goes to `input.json` beside it (and
what review mode has typed but not saved, per user, to `typed.json`: never sent), and
`export_response_pack` signs the answer with B's key.

Every pack is verified (signature by a trusted key, every member's hash) before any of
it is read; see `approvals.exchange.pack`.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import dataclasses
import hashlib
import json
import math
import re
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, and_, col, func, or_, select

from approvals.domain import workflow as wf
from approvals.domain.clocks import fmt_date
from approvals.domain.consistency import newly_to_check
from approvals.domain.dates import utc_text
from approvals.domain.documents import withdrawal_text
from approvals.domain.errors import (
    ApprovalsError,
    CheckFailed,
    ConflictError,
    InputError,
    NotFound,
    Problem,
)
from approvals.domain.facts import FIX_IN_FILE, facts_schema, parse_facts, put_at, tidied_text
from approvals.domain.field_labels import fact_label, fact_named
from approvals.domain.filing_kinds import kind_name
from approvals.domain.identifiers import reference_order
from approvals.domain.numbers import counted
from approvals.domain.permissions import require as require_roles
from approvals.domain.places import read_place
from approvals.domain.required_facts import fact_value
from approvals.domain.typed_input import (
    NAME_CHARS,
    RETYPE,
    Unreadable,
    has_visible_text,
    one_line_problem,
    refuse_unprintable,
)
from approvals.exchange.pack import (
    Member,
    PackRefused,
    VerifiedPack,
    declared_signer,
    how_to_trust,
    json_member,
    safe_segment,
    verify_pack,
    write_pack,
)
from approvals.exchange.zipcheck import UNREADABLE_ZIP
from approvals.paths import PRIVATE_KEY_FILE, DataDir
from approvals.services.access import require, require_any
from approvals.services.audit_view import person_named, person_text, user_names
from approvals.services.case_edit import update_case_facts
from approvals.services.case_lifecycle import READ_ONLY_STATUSES, ending_of
from approvals.services.cases import case_status_words
from approvals.services.documents import may_open
from approvals.services.drafts import DRAFT
from approvals.services.filings import applicable_kinds, render_filing
from approvals.services.progress import CancelCheck, Meter, Progress
from approvals.services.rulebook import OWN_KEY_LABEL
from approvals.services.screening import unscreened_of
from approvals.store.audit import Actor, append_event
from approvals.store.cases import case_by_reference, rows_of_case
from approvals.store.db import reading_beside
from approvals.store.files import check_readable, on_rollback, write_atomically
from approvals.store.keys import (
    KEY_TEXT_PREFIX,
    Identity,
    fingerprint_difference,
    fingerprint_of,
    format_fingerprint,
    load_or_create_identity,
    normalise_fingerprint,
    parse_public_key,
)
from approvals.store.models import (
    Case,
    Comment,
    Document,
    Event,
    FilingTrack,
    ReviewProposal,
    ReviewResponse,
    TrustedKey,
    User,
    utc_now,
)

RECOMMENDATIONS = ("approve", "return")
# The key of a decision event's details holding the reason the decider typed, as typed
# ("" for none): read back as data, not out of the event's worded reason.
DECISION_REASON_KEY = "decision_reason"
# The facts fields that hold a place, as an ISO 3166 code.
PLACE_FIELDS = frozenset({"target.jurisdiction", "target.headquarters", "investor.jurisdiction"})
INPUT_FILE = "input.json"
# What each user typed or chose in review mode but had not saved, kept while they type so
# that a crash or a sign-out does not lose it; never part of a response.
TYPED_FILE = "typed.json"
STATE_FILE = "review.json"
CONTENT_DIR = "content"
DRAFTS_FILE = "drafts.json"  # per case: the draft filings rendered at export
DRAFT_LABEL = "draft filing (rendered at export)"
# Progress weighs one draft rendering like copying this many bytes into the pack: a
# rendering takes 0.1-0.3 s, a stored document copies at roughly 150 MB/s.
RENDER_WORK_BYTES = 32 * 1024 * 1024


# ---------------------------------------------------------------------------------------
# Identity and trusted keys


@dataclass(frozen=True)
class IdentityInfo:
    fingerprint: str
    fingerprint_grouped: str
    public_key: str  # base64 raw key
    public_key_text: str  # the line to hand to the other installation


@dataclass(frozen=True)
class TrustedKeyInfo:
    fingerprint: str
    fingerprint_grouped: str
    label: str
    added_by: str
    added_at: str
    added_by_name: str = ""  # who trusted it, their full name (when list_trusted_keys knows it)
    # Trusted already under another name, which trust_key replaced with `label`; "" else.
    renamed_from: str = ""

    @property
    def trusted_text(self) -> str:
        """What trusting it did, in words: "Trusted X: FP", or for a key trusted already
        under another name, that it was renamed (it read as a second, new trust)."""
        if self.renamed_from:
            return (f"Already trusted as {self.renamed_from}; renamed to {self.label}: "
                    f"{self.fingerprint_grouped}")
        return f"Trusted {self.label}: {self.fingerprint_grouped}"

    @property
    def added_by_text(self) -> str:
        """Who trusted the key, in words: "Alice Wong (alice)", or the login alone."""
        return person_text(self.added_by, self.added_by_name)


def identity_of(data_dir: DataDir) -> Identity:
    return load_or_create_identity(data_dir.keys)


def installation_identity(data_dir: DataDir) -> IdentityInfo:
    identity = identity_of(data_dir)
    return IdentityInfo(
        identity.fingerprint,
        format_fingerprint(identity.fingerprint),
        identity.public_key_b64,
        identity.public_key_text(),
    )


def _key_info(row: TrustedKey, names: Mapping[str, str] | None = None) -> TrustedKeyInfo:
    return TrustedKeyInfo(
        row.fingerprint, format_fingerprint(row.fingerprint), row.label, row.added_by,
        row.added_at, (names or {}).get(row.added_by, ""),
    )


def list_trusted_keys(session: Session) -> list[TrustedKeyInfo]:
    rows = session.exec(select(TrustedKey).order_by(TrustedKey.label, TrustedKey.fingerprint)).all()
    names = user_names(session) if rows else {}  # who trusted each, in words
    return [_key_info(r, names) for r in rows]


def check_key_to_trust(
    key_text: str, label: str, expected_fingerprint: str | None = None
) -> tuple[bytes, str, str]:
    """The key's raw bytes, fingerprint and label, or the problem with them; needs no
    database, so the command line refuses bad input before it opens (or creates) one."""
    raw, text_label = parse_public_key(key_text)
    fingerprint = fingerprint_of(raw)
    given = None if expected_fingerprint is None else normalise_fingerprint(expected_fingerprint)
    if given is not None and given != fingerprint:
        raise InputError(
            Problem(
                "fingerprint",
                "the key's fingerprint is not the one given; "
                "do not trust this key until the difference is explained "
                f"({fingerprint_difference(fingerprint, given)})",
            )
        )
    label = (label or text_label).strip()
    if not label:
        raise InputError(Problem("label", "give the installation a name (e.g. the reviewer's laptop)"))
    # The name the reviewer's input is shown under, in the audit trail too: a control
    # character or a U+202E read it otherwise than it is stored.
    if issue := one_line_problem(label, NAME_CHARS, "a name"):
        raise InputError(Problem("label", issue))
    return raw, fingerprint, label


def holds_a_pack(path: Path) -> bool:
    """Whether the file at `path` is a zip (a pack, whatever its name ends in: import takes
    one named .pack or .pdf): its signer's key is read from it, not its bytes as a key."""
    return zipfile.is_zipfile(path)


def key_text_from_pack(path: Path) -> str:
    """The key that signed a pack (from a sender not trusted yet), as the text `trust_key`
    takes. Give it to trust_key only with the fingerprint compared out of band: the pack
    came by the very channel the comparison is there to check."""
    check_readable(path, "the pack file")
    raw = declared_signer(path)
    return f"{KEY_TEXT_PREFIX} {base64.b64encode(raw).decode('ascii')}\n"


def trust_key(
    session: Session,
    *,
    key_text: str,
    label: str,
    actor: Actor,
    expected_fingerprint: str | None = None,
) -> TrustedKeyInfo:
    """Trust another installation's public key; with `expected_fingerprint`, only if it is
    the fingerprint compared out of band (a mismatch is refused)."""
    actor = require(session, actor, "settings.manage")
    raw, fingerprint, label = check_key_to_trust(key_text, label, expected_fingerprint)
    existing = session.exec(select(TrustedKey).where(TrustedKey.fingerprint == fingerprint)).first()
    if existing is not None:
        was = existing.label
        if was != label:
            append_event(session, actor=actor, action="key.relabelled", entity="trusted_key",
                         entity_id=fingerprint, field="label", old=was, new=label)
            existing.label = label
            session.add(existing)
            return replace(_key_info(existing), renamed_from=was)
        return _key_info(existing)
    row = TrustedKey(
        fingerprint=fingerprint,
        public_key=base64.b64encode(raw).decode("ascii"),
        label=label,
        added_by=actor.username,
    )
    session.add(row)
    append_event(
        session,
        actor=actor,
        action="key.trusted",
        entity="trusted_key",
        entity_id=fingerprint,
        new={"label": label, "fingerprint": fingerprint},
    )
    return _key_info(row)


def untrust_key(session: Session, *, fingerprint: str, actor: Actor) -> None:
    actor = require(session, actor, "settings.manage")
    fp = normalise_fingerprint(fingerprint)
    row = session.exec(select(TrustedKey).where(TrustedKey.fingerprint == fp)).first()
    if row is None:
        raise NotFound(f"No trusted key has the fingerprint {format_fingerprint(fp)}.")
    session.delete(row)
    append_event(session, actor=actor, action="key.untrusted", entity="trusted_key",
                 entity_id=fp, old={"label": row.label, "fingerprint": fp})


# What the trust check reads of each trusted key, built once: every pack opened or
# imported reads them twice (before the check and again under the write lock), and
# building the statement and an object for each row cost more than reading them.
_TRUSTED_KEYS = select(TrustedKey.fingerprint, TrustedKey.public_key, TrustedKey.label)


def _trusted(session: Session, data_dir: DataDir) -> tuple[dict[str, bytes], dict[str, str]]:
    """fingerprint -> raw key, and fingerprint -> label; this installation trusts itself."""
    keys: dict[str, bytes] = {}
    labels: dict[str, str] = {}
    for fingerprint, public_key, label in session.exec(_TRUSTED_KEYS).all():
        with contextlib.suppress(ValueError):
            raw = base64.b64decode(public_key, validate=True)
            # Keyed on the key's own fingerprint: an edited row cannot vouch for another key.
            if fingerprint_of(raw) == fingerprint:
                keys[fingerprint] = raw
                labels[fingerprint] = label
    if (data_dir.keys / PRIVATE_KEY_FILE).exists():  # reading a pack creates no key
        own = identity_of(data_dir)
        keys.setdefault(own.fingerprint, own.public_bytes)
        labels.setdefault(own.fingerprint, OWN_KEY_LABEL)
    return keys, labels


def _require(session: Session, actor: Actor, permissions: tuple[str, ...]) -> Actor:
    if len(permissions) == 1:
        return require(session, actor, permissions[0])
    return require_any(session, actor, *permissions)


# ---------------------------------------------------------------------------------------
# Facts paths


def _schema_node(path: str) -> dict[str, Any] | None:
    node: dict[str, Any] = facts_schema()
    for part in path.split("."):
        props = node.get("properties")
        if not isinstance(props, dict) or part not in props:
            return None
        node = props[part]
    return node


def check_field_path(path: str, where: str = "field") -> None:
    if not path or _schema_node(path) is None or path == "schema_version":
        raise InputError(Problem(where, f"{path!r} is not a field of the case facts"))


def _group_of_fields(path: str) -> list[str] | None:
    """The fields a facts path groups (`deal`, `deal.amount`), or None for one field.
    A change is proposed, and decided, field by field: a whole group in one proposal was
    one decision for all of them, beside proposals for some of the same fields."""
    node = _schema_node(path) or {}
    props = node.get("properties")
    return sorted(props) if isinstance(props, dict) else None


def tied_fields(path: str) -> tuple[str, ...]:
    """The other fields of the group `path` is in, when that group is stated only whole
    (every one of its fields required: an amount's value and currency): a proposal for one
    was made with the others as they were, and means something else once they change."""
    parent, _, leaf = path.rpartition(".")
    node = _schema_node(parent) if parent else None
    if node is None or not isinstance(props := node.get("properties"), dict) or len(props) < 2 \
            or set(node.get("required", ())) != set(props):
        return ()
    return tuple(f"{parent}.{name}" for name in sorted(props) if name != leaf)


def tied_changes(path: str, exported: Any, current: Any,
                 proposed_with: Mapping[str, Any] | None = None) -> tuple[tuple[str, Any, Any], ...]:
    """(field, value when exported, value now) for each tied field of `path` (tied_fields)
    changed here since the export; `exported`: the facts the pack carried. A tied field
    whose value now is the one the same response proposed for it (`proposed_with`: field
    -> that value) was changed as the reviewer meant: the value and the currency proposed
    together, one accepted first, are no conflict for the other."""
    if not isinstance(exported, dict) or not isinstance(current, dict):
        return ()
    meant = proposed_with or {}
    return tuple((tied, was, now) for tied in tied_fields(path)
                 if (was := fact_value(exported, tied)) != (now := fact_value(current, tied))
                 and not (tied in meant and meant[tied] == now))


def _proposed_with(row: ReviewProposal,
                   live: Mapping[tuple[int, str], Sequence[ReviewProposal]]) -> dict[str, Any]:
    """What the response that made `row` proposed for the fields tied to its field, still
    waiting or accepted (tied_changes' `proposed_with`); `live`: (case, field) -> that
    field's live proposals (_live_proposals)."""
    return {o.field_path: _loads(o.proposed_value) for tied in tied_fields(row.field_path)
            for o in live.get((row.case_id, tied), ())
            if o.pack_id == row.pack_id and o.status in ("pending", "accepted")}


def _tidied(field_path: str, value: Any) -> Any:
    """A proposed value as the wizard files it (facts.tidied_text); a text with nothing
    left of it once tidied is no value (None), as an emptied field is."""
    tidy = tidied_text(tuple(field_path.split(".")), value)
    return None if tidy == "" and value != "" else tidy


def set_path(facts: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(facts)
    put_at(out, path.split("."), value)
    return out


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


# ---------------------------------------------------------------------------------------
# Export (preparer's side)


@dataclass(frozen=True)
class ExportResult:
    pack_id: str
    path: Path
    references: tuple[str, ...]
    members: int
    size: int
    withheld_documents: int
    draft_renderings: int = 0  # draft filings rendered at export


def _row(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")


@dataclass
class _ExportSnapshot:
    """What one export writes, read in one read transaction: every case's rows as plain
    data, so the versions recorded are exactly those of the content in the pack."""

    actor: Actor
    members: list[Member] = field(default_factory=list)
    header_cases: list[dict[str, Any]] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    # member path -> (SHA-256 recorded for the document, its file name, the case reference)
    document_hashes: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    withheld: int = 0
    # (index into header_cases, the filing kinds to render as drafts for that case)
    drafts: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    # login -> full name (user_names()): the reviewer's installation has other users, so
    # the pack names the people in it (comment authors, the trail's actors, the exporter).
    names: dict[str, str] = field(default_factory=dict)


def _named(row: dict[str, Any], login_key: str, names: Mapping[str, str]) -> dict[str, Any]:
    """`row` with `<login_key>_name`, the full name of the login in `row[login_key]`, when
    there is one (packs of earlier releases have none: the reader falls back to the login)."""
    name = names.get(str(row.get(login_key) or ""))
    return {**row, f"{login_key}_name": name} if name else row


def _withdrawal(doc: Document, names: Mapping[str, str]) -> dict[str, Any]:
    """A withdrawn document's withdrawal, for the pack's documents.json (the reviewer sees
    it); nothing for one in force, so such rows read as the previous release wrote them.
    `names`: user_names(); who withdrew it goes with their full name, which the reviewer's
    installation does not know (its users are others)."""
    if doc.withdrawn_at is None:
        return {}
    by_name = names.get(doc.withdrawn_by or "")
    return {"withdrawn_at": doc.withdrawn_at, "withdrawn_by": doc.withdrawn_by,
            "withdrawn_reason": doc.withdrawn_reason, "superseded_by": doc.superseded_by,
            **({"withdrawn_by_name": by_name} if by_name else {})}


def _export_snapshot(session: Session, *, data_dir: DataDir, references: list[str],
                     actor: Actor, drafts: bool = True) -> _ExportSnapshot:
    snap = _ExportSnapshot(require(session, actor, "review.export"))
    actor = snap.actor
    cases: list[Case] = []
    names = snap.names = user_names(session)  # the people of the pack, in words (read once)
    for reference in references:  # each case once, in the order given
        case = case_by_reference(session, reference)
        if case.status == DRAFT:
            # Its facts need not validate yet: the reviewer could propose nothing, the
            # drafts could not be rendered, and a draft's edits are not audited.
            raise InputError(Problem("CASE_REF", f"{case.reference} is an intake draft (its "
                                     "facts are still being entered); finish it before "
                                     "sending it for review"))
        if all(c.id != case.id for c in cases):
            cases.append(case)
    for case in cases:
        assert case.id is not None
        base = f"cases/{safe_segment(case.reference)}"
        tracks = rows_of_case(session, FilingTrack, case.id)
        events = rows_of_case(session, Event, case.id)
        comments = rows_of_case(session, Comment, case.id)
        documents = rows_of_case(session, Document, case.id)
        doc_rows = []
        withheld_rows = []
        for doc in documents:
            # A restricted document stays with its named users, even when the exporter is
            # one of them: in review mode elsewhere anybody could open it. The signed
            # manifest names it, so the reviewer knows it exists.
            if doc.restricted or not may_open(doc, actor):
                snap.withheld += 1
                withheld_rows.append({"id": doc.id, "file_name": doc.file_name,
                                      "doc_type": doc.doc_type, "sha256": doc.sha256,
                                      "size": doc.size, **_withdrawal(doc, names)})
                continue
            stored = data_dir.stored_document(doc.stored_path)
            if stored is None or not stored.is_file() or stored.stat().st_size != doc.size:
                raise CheckFailed(
                    f"Document {doc.file_name} of {case.reference} is missing or damaged in "
                    f"the data folder ({stored}); the pack was not written."
                )
            folder = "renderings" if doc.is_rendering else "documents"
            member = f"{base}/{folder}/{doc.id}-{safe_segment(doc.file_name)}"
            snap.members.append(Member(member, file=stored))
            snap.document_hashes[member] = (doc.sha256, doc.file_name, case.reference)
            doc_rows.append(
                {
                    "id": doc.id,
                    "track_id": doc.track_id,
                    "file_name": doc.file_name,
                    "sha256": doc.sha256,
                    "size": doc.size,
                    "doc_type": doc.doc_type,
                    "is_rendering": doc.is_rendering,
                    "uploaded_by": doc.uploaded_by,
                    "uploaded_at": doc.uploaded_at,
                    "member": member,
                    **_withdrawal(doc, names),
                }
            )
        facts = json.loads(case.facts)
        snap.members += [
            json_member(
                f"{base}/case.json",
                {
                    "reference": case.reference,
                    "status": case.status,
                    "owner": case.owner,
                    "version": case.version,
                    "created_at": case.created_at,
                    "updated_at": case.updated_at,
                    "facts": facts,
                },
            ),
            json_member(f"{base}/tracks.json", [_row(t) for t in tracks]),
            json_member(f"{base}/events.json", [_named(_row(e), "actor", names) for e in events]),
            json_member(
                f"{base}/comments.json",
                [
                    _named({k: getattr(c, k) for k in
                            ("uid", "field_path", "document_id", "author", "body", "created_at",
                             "origin")}, "author", names)
                    for c in comments
                ],
            ),
            json_member(f"{base}/documents.json", doc_rows),
        ]
        if drafts:
            # A stored final in the pack is what the reviewer reads for its kind already;
            # not one made for a single track of a kind that covers several (the CN-FISR's
            # own application left the data export's part of it unsent).
            covers: dict[str, set[int | None]] = {}
            for track in tracks:
                if track.state != "withdrawn":  # no longer applied for: not on the filing
                    for kind in wf.workflow(track.kind).filing_documents:
                        covers.setdefault(kind, set()).add(track.id)
            finals = {d["doc_type"] for d in doc_rows if d["is_rendering"] and (
                d["track_id"] is None or covers.get(str(d["doc_type"]), set()) <= {d["track_id"]})}
            kinds = tuple(k for k in applicable_kinds(session, case.reference) if k not in finals)
            snap.drafts.append((len(snap.header_cases), kinds))
        last = events[-1] if events else None
        snap.header_cases.append(
            {
                "reference": case.reference,
                "folder": base,
                "version": case.version,
                "tracks": {str(t.id): t.version for t in tracks},
                "last_event_id": last.id if last else None,
                "last_event_hash": last.hash if last else None,
                "withheld_documents": withheld_rows,
            }
        )
        snap.case_ids.append(case.id)
        snap.facts.append(facts)
    return snap


def _render_drafts(session: Session, snap: _ExportSnapshot, meter: Meter) -> int:
    """Render the planned drafts from the export's snapshot session (so they show the
    same content as the rest of the pack) and add them, with each case's drafts.json, to
    the members. Returns the number rendered. `meter` follows each rendering's layout;
    a cancel stops at the next page."""
    total = sum(len(kinds) for _, kinds in snap.drafts)
    done = 0
    for index, kinds in snap.drafts:
        info = snap.header_cases[index]
        reference, base = info["reference"], info["folder"]
        entries = []
        for kind in kinds:
            label = f"Rendering the draft {kind_name(kind)} of {reference}"

            def report(fraction: float, _message: str, done: int = done,
                       label: str = label) -> None:
                meter.report((done + fraction) / total, label)

            rendered = render_filing(session=session, reference=reference, kind=kind,
                                     actor=snap.actor, progress=report)
            member = f"{base}/renderings/draft-{kind}.pdf"
            snap.members.append(Member(member, data=rendered.pdf))
            entries.append({
                "kind": kind,
                "label": DRAFT_LABEL,
                "file_name": f"{reference}-{kind}-draft.pdf",
                "member": member,
                "sha256": hashlib.sha256(rendered.pdf).hexdigest(),
                "size": len(rendered.pdf),
                "pages": rendered.page_count,
                "fingerprint": rendered.fingerprint,
                "generated_at": rendered.generated_at,
                "generated_by": snap.actor.username,
                "missing": list(rendered.missing),
            })
            done += 1
        snap.members.append(json_member(f"{base}/{DRAFTS_FILE}", entries))
        info["draft_renderings"] = [
            {k: e[k] for k in ("kind", "member", "fingerprint", "generated_at")} for e in entries]
    meter.finish(f"Rendered {counted(total, 'draft filing')}")
    return total


def export_review_pack(
    session: Session,
    *,
    data_dir: DataDir,
    references: list[str],
    out: Path,
    actor: Actor,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    drafts: bool = True,
) -> ExportResult:
    """One signed pack with the named cases: facts, tracks, audit events, comments,
    documents and rendered PDFs, with the versions each case was exported at.

    The cases are read in one read transaction (a consistent snapshot: the versions in
    the manifest and the audit event are those of the content written) and the pack is
    written outside the write lock, so other users and programs keep saving meanwhile;
    `session` (a fresh write unit of work) takes the lock only to record the
    review.exported events. (Given a session already under way, it reads through that.) Documents are content-addressed files, so what the snapshot names cannot
    change under it; each one's hash is checked as it is copied in all the same.

    `progress(fraction, message)` follows copying the documents in; when `cancelled()`
    turns True (or `progress` raises) the partial pack is removed, Cancelled is raised and
    the caller's unit of work rolls back (no review.exported events). The pack replaces
    `out` only when its record commits (store.files.atomic_output): a pack that fails,
    is cancelled or whose record does not commit leaves no pack without its record in the
    audit trail, and a file `out` named before exactly as it was.

    With `drafts`, each case also gets the current draft of every filing kind that
    applies to it (unless its stored final is in the pack), rendered from the same
    snapshot by the filings service, as `renderings/draft-<kind>.pdf` listed in the
    case's drafts.json; the rendering counts in the progress and can be cancelled."""
    meter = Meter(progress, cancelled)
    if not references:
        raise InputError(Problem("CASE_REF", "name at least one case"))
    with reading_beside(session) as snapshot_session:
        snap = _export_snapshot(snapshot_session, data_dir=data_dir, references=references,
                                actor=actor, drafts=drafts)
        copy_bytes = sum(m.file.stat().st_size for m in snap.members if m.file is not None)
        render_work = RENDER_WORK_BYTES * sum(len(kinds) for _, kinds in snap.drafts)
        split = render_work / (render_work + copy_bytes) if render_work else 0.0
        rendered = _render_drafts(snapshot_session, snap, meter.part(0.0, split)) \
            if snap.drafts else 0
    copying = meter.part(split, 1.0)
    identity = identity_of(data_dir)
    pack_id = str(uuid.uuid4())
    # The exporter's full name: as a user of this folder, else as the actor names itself
    # ("command line" for `approvals review export`).
    exporter_name = (snap.names.get(snap.actor.username) or snap.actor.display_name).strip()
    header = {
        "created_by": snap.actor.username,
        **({"created_by_name": exporter_name}
           if exporter_name and exporter_name != snap.actor.username else {}),
        "cases": snap.header_cases,
        "withheld_documents": snap.withheld,
    }
    copying.total = copy_bytes
    copying.report(0.0, f"Writing {out.name}")
    written = write_pack(out, identity=identity, kind="review", members=snap.members,
                         header=header, pack_id=pack_id, on_chunk=copying.add, session=session)
    # Still only the part file: it goes in place when this unit of work commits.
    for member, (sha256, file_name, reference) in snap.document_hashes.items():
        if written.hashes.get(member) != sha256:
            raise CheckFailed(
                f"Document {file_name} of {reference} does not match its recorded SHA-256 "
                "(it was changed in the data folder after it was attached); the pack was "
                "not written."
            )
    meter.finish(f"Wrote {out.name}")  # the last chance to cancel: the pack goes again
    actor = require(session, actor, "review.export")  # as the user is now; takes the lock
    for case_id, facts, info in zip(snap.case_ids, snap.facts, snap.header_cases, strict=True):
        append_event(
            session,
            actor=actor,
            action="review.exported",
            entity="review_pack",
            entity_id=pack_id,
            case_id=case_id,
            details={
                "pack_id": pack_id,
                "file": out.name,
                "version": info["version"],
                "tracks": info["tracks"],
                "last_event_id": info["last_event_id"],
                "facts": facts,
                # Which draft content the reviewer was sent: kind -> content fingerprint.
                **({"drafts": {d["kind"]: d["fingerprint"] for d in info["draft_renderings"]}}
                   if info.get("draft_renderings") else {}),
            },
        )
    return ExportResult(pack_id, out, tuple(c["reference"] for c in snap.header_cases),
                        written.members, written.size, snap.withheld, rendered)


# ---------------------------------------------------------------------------------------
# Reviewer's side: open a pack, review input, export the response


def reviews_dir(data_dir: DataDir) -> Path:
    return data_dir.root / "reviews"


@dataclass(frozen=True)
class OpenedPack:
    pack_id: str
    sender_fingerprint: str
    sender_label: str
    references: tuple[str, ...]
    already_open: bool
    # (case reference, pack id): the same case in another pack from the same sender open
    # here, written after this one (review that) or before it (this one is newer).
    newer: tuple[tuple[str, str], ...] = ()
    older: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReviewSummary:
    pack_id: str
    sender_label: str
    sender_fingerprint: str
    created_at: str
    opened_at: str
    references: tuple[str, ...]
    responded: bool
    # (case reference, pack id): a pack from the same sender open here, written later,
    # has the case too: what the sender has now is in that one.
    newer: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReviewComment:
    uid: str
    field_path: str | None
    document_id: int | None
    author: str
    body: str
    created_at: str
    origin: str  # "pack" for comments that came with the pack, "review" for new ones
    # The author's full name: as the sender's user list held it (absent from packs of
    # earlier releases), or this installation's for a comment typed here.
    author_name: str = ""

    @property
    def author_text(self) -> str:
        """Who wrote it, in words: "Li Wei (li.wei)", or the login alone without a name."""
        return person_text(self.author, self.author_name)


@dataclass(frozen=True)
class ReviewDocument:
    id: int
    file_name: str
    doc_type: str
    is_rendering: bool
    size: int
    sha256: str
    path: Path  # the verified file inside the opened pack
    # Withdrawn on the sender's case (absent from packs of earlier releases: in force).
    withdrawn_at: str | None = None
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None
    superseded_by: int | None = None
    # Who withdrew it, their full name as the sender's user list held it (absent from
    # packs of earlier releases, and for a user without one: the login alone).
    withdrawn_by_name: str | None = None

    @property
    def withdrawal(self) -> str:
        """"Withdrawn 2026-11-30 by Alice Wong (alice): wrong version", or '' while in
        force."""
        by = self.withdrawn_by and person_text(self.withdrawn_by, self.withdrawn_by_name or "")
        return withdrawal_text(self.withdrawn_at, by, self.withdrawn_reason)


def _pack_withdrawal(row: dict[str, Any]) -> tuple[str | None, str | None, str | None,
                                                    int | None, str | None]:
    """(withdrawn_at, by, reason, superseded_by, by's full name) of a documents.json row;
    a value of the wrong type (a hand-edited pack) reads as absent rather than failing the
    pack."""
    def text(key: str) -> str | None:
        value = row.get(key)
        return value if isinstance(value, str) and value else None
    superseded = row.get("superseded_by")
    at = text("withdrawn_at")
    if at is None:
        return None, None, None, None, None
    return (at, text("withdrawn_by"), text("withdrawn_reason"),
            superseded if isinstance(superseded, int) and not isinstance(superseded, bool)
            else None, text("withdrawn_by_name"))


@dataclass(frozen=True)
class ReviewDraftRendering:
    """A filing's draft, rendered by the sender's installation when it wrote the pack
    (the case had no stored final of that kind): what the reviewer is asked to read."""

    kind: str
    file_name: str
    size: int
    sha256: str
    pages: int
    fingerprint: str  # SHA-256 of the filing's content, printed on the PDF
    generated_at: str
    missing: tuple[str, ...]
    path: Path  # the verified file inside the opened pack
    label: str = DRAFT_LABEL


@dataclass(frozen=True)
class ReviewProposalDraft:
    field_path: str
    base_value: Any
    proposed_value: Any
    # Several users reviewing on one installation share the pack's input: another user's
    # proposal for the field that this one replaced, (who, in words, their value).
    replaced: tuple[str, Any] | None = None
    # This user's own earlier proposal for the field, replaced by another value: (value,)
    # (a 1-tuple, as the earlier value may be None, a proposal to clear the field).
    replaced_own: tuple[Any] | None = None
    # What the proposed value contradicts among the pack's other facts (a completion before
    # the signing), as the preparer is told on accepting it.
    to_check: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class ReviewCase:
    reference: str
    status: str
    version: int
    facts: dict[str, Any]
    tracks: list[dict[str, Any]]
    events: list[dict[str, Any]]
    comments: list[ReviewComment]
    documents: list[ReviewDocument]
    proposals: list[ReviewProposalDraft]
    recommendation: str | None
    reasons: str
    # Restricted documents the preparer's installation kept back: (file name, SHA-256).
    withheld_documents: tuple[tuple[str, str], ...] = ()
    draft_renderings: tuple[ReviewDraftRendering, ...] = ()

    @property
    def status_words(self) -> str:
        """The case's status as the preparer's case list and case window say it ("Open;
        least advanced: Draft"), from the tracks the pack carries: "open" beside the
        preparer's "Draft" read as two answers. The pack's own word where a track is in
        a state this installation's workflows do not know."""
        try:
            return case_status_words(self.status, [
                (str(t.get("regime") or ""), str(t.get("kind") or ""), str(t.get("state") or ""),
                 t.get("outcome")) for t in self.tracks])
        except NotFound:
            return self.status


@dataclass(frozen=True)
class ReviewView:
    pack_id: str
    sender_label: str
    sender_fingerprint: str
    created_at: str
    created_by: str
    cases: list[ReviewCase] = field(default_factory=list)
    created_by_name: str = ""  # the exporter's full name (absent from earlier packs)

    @property
    def created_by_text(self) -> str:
        """Who exported the pack, in words ("Li Wei (li.wei)", or the login alone)."""
        return person_text(self.created_by, self.created_by_name)


def _atomic_write_json(path: Path, value: Any, *, session: Session | None = None) -> None:
    write_atomically(path, json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8"),
                     session=session)


def _verify_into(session: Session, data_dir: DataDir, path: Path, staging_parent: Path,
                 expect_kind: str | None, meter: Meter | None = None, *, actor: Actor,
                 permissions: tuple[str, ...]) -> tuple[VerifiedPack, str, Actor]:
    """Verify and extract a pack; (the pack, the signer's label, the actor as they are
    now). With `meter`, progress follows the extraction and a cancel (the last chance is
    once it is all checked) removes what was extracted.

    The slow part, extracting and hashing every member, runs outside the write lock: the
    permission and the trusted keys are read in a read transaction first, and checked
    again in `session` once the pack is verified (so a key untrusted meanwhile, or a role
    taken away, still refuses it, and nothing is read into the database before)."""
    meter = meter or Meter()
    with reading_beside(session) as reading:
        _require(reading, actor, permissions)
        keys, _labels = _trusted(reading, data_dir)
    check_readable(path, "the pack file")
    own = own_fingerprint(data_dir)

    # Refusals name the way on as the user works: the menu item in the app, the command
    # on the command line (whose actor is "cli:<login>", as services.auth reads it).
    command_line = actor.on_command_line

    def screen(manifest: Mapping[str, Any], signer: str) -> str | None:
        return (_own_pack_refusal(session, manifest, expect_kind, command_line=command_line)
                if signer == own else None)

    staging_parent.mkdir(parents=True, exist_ok=True)
    into = staging_parent / f".incoming-{uuid.uuid4().hex}"
    meter.total = _unpacked_size(path)
    meter.report(0.0, f"Checking {path.name}")
    try:
        verified = verify_pack(path, trusted=keys, into=into, expect_kind=expect_kind,
                               on_chunk=meter.add, screen=screen, command_line=command_line)
    except PackRefused as exc:
        raise _wrong_desk(session, exc) or _trust_removed(session, exc) or exc from None
    try:
        meter.finish(f"{path.name} checked")
        actor = _require(session, actor, permissions)  # takes the write lock
        keys, labels = _trusted(session, data_dir)
        if keys.get(verified.signer_fingerprint) != verified.signer_public_key:
            raise verified.refusal("the installation that signed it stopped being trusted "
                                   "here while it was being checked")
    except BaseException:
        verified.discard()
        raise
    return verified, labels.get(verified.signer_fingerprint, ""), actor


def own_fingerprint(data_dir: DataDir) -> str:
    """This installation's key's fingerprint; "" before it has one (none is made here)."""
    return identity_of(data_dir).fingerprint if (data_dir.keys / PRIVATE_KEY_FILE).exists() else ""


def _pack_short(pack_id: Any) -> str:
    """A pack as the review windows and messages name it: the first 8 characters of its
    id ("2c0c3162"), which tell the packs of a desk apart; the whole 36-character id buried
    the sentence around it."""
    return str(pack_id or "")[:8] or "(no id)"


def _pack_words(manifest: Mapping[str, Any]) -> str:
    """' on 2026-11-29 at 22:41 UTC for AP-2026-0001': when a pack was written and its
    cases, as its signed manifest says."""
    created = manifest.get("created_at")
    when = (f" on {created[:10]} at {created[11:16]} UTC"
            if isinstance(created, str) and len(created) >= 16 else "")
    entries = manifest.get("cases")
    references = [str(c["reference"]) for c in entries if isinstance(c, dict) and c.get("reference")] \
        if isinstance(entries, list) else []
    shown = ", ".join(references[:5]) + (f" and {len(references) - 5} more" if len(references) > 5 else "")
    return when + (f" for {shown}" if shown else "")


def _own_pack_refusal(session: Session, manifest: Mapping[str, Any],
                      expect_kind: str | None, *, command_line: bool = False) -> str | None:
    """Why a pack this installation signed itself cannot be taken where it was given, or
    None. Its own review pack given to import is the desk picking the wrong file where the
    reviewer's response was meant (opening it in review mode stays possible: a second
    officer may review on the same installation); its own response given to open as a
    review pack goes back to the desk instead."""
    kind, words = manifest.get("kind"), _pack_words(manifest)
    if kind == "review" and expect_kind != "review":
        return (f"it is the review pack {_pack_short(manifest.get('pack_id'))} that this installation "
                f"exported{words}, not a reviewer's response: import the response pack the "
                "reviewer sends back (to review these cases on this installation yourself, "
                + ("open the pack with `approvals review open`)" if command_line else
                   "open the pack with Review → Open review pack (review mode)…)"))
    if kind == "response" and expect_kind == "review":
        answers = manifest.get("in_reply_to")
        with reading_beside(session) as reading:
            exported_here = isinstance(answers, str) and bool(_exported_cases(reading, answers))
        where = (("import it with `approvals review import`" if command_line else
                  "import it with Review → Import response…")
                 if exported_here else
                 "it goes back to the installation that sent that review pack, to be "
                 "imported there")
        return (f"it is the response pack that this installation wrote{words}, answering "
                f"review pack {_pack_short(answers)}, not a review pack: {where}")
    return None


def _trust_removed_note(session: Session, fingerprint: str) -> str:
    """When the key with `fingerprint` was trusted here and no longer is: who stopped
    trusting it and when ("" for a key never trusted here, or trusted again)."""
    fp = normalise_fingerprint(fingerprint)
    if session.exec(select(TrustedKey.id).where(TrustedKey.fingerprint == fp)).first():
        return ""
    event = session.exec(select(Event).where(Event.action == "key.untrusted",
                                             Event.entity_id == fp)
                         .order_by(col(Event.id).desc())).first()
    if event is None:
        return ""
    old = _loads(event.old_value) if event.old_value else {}
    label = old.get("label") if isinstance(old, dict) else None
    named = f" (trusted as “{label}”)" if isinstance(label, str) and label else ""
    who = person_named(event.actor, user_names(session))  # by name, as the trail says it
    return (f"{who} stopped trusting it{named} on {utc_text(event.occurred_at)}; "
            "trust it again only once you know why it was removed")


def _trust_removed(session: Session, exc: PackRefused) -> PackRefused | None:
    """A pack signed by a key that was trusted here and has since been removed: the
    refusal says so, with who removed it and when (a plain "not trusted here" read as a
    new sender, to be trusted on the spot)."""
    if not exc.untrusted or not exc.trusting_helps:
        return None
    with reading_beside(session) as reading:
        note = _trust_removed_note(reading, exc.untrusted)
    if not note:
        return None
    signed_by = (f"it is signed by an installation that is no longer trusted here "
                 f"(fingerprint {format_fingerprint(exc.untrusted)}): {note}")
    return PackRefused(
        exc.pack, f"{signed_by}; " + how_to_trust(exc.pack),
        untrusted=exc.untrusted, claimed=exc.claimed, what=exc.what, trusting_helps=True,
        trust_removed=note, signed_by=signed_by)


def _wrong_desk(session: Session, exc: PackRefused) -> PackRefused | None:
    """A response pack from an installation not trusted here that claims to answer a
    review pack this installation never exported: most likely sent to the wrong desk,
    which trusting the key would not mend — so the refusal says that first."""
    claimed = exc.claimed
    answers = claimed.get("in_reply_to")
    if not exc.untrusted or claimed.get("kind") != "response" or not isinstance(answers, str):
        return None
    with reading_beside(session) as reading:
        if _exported_cases(reading, answers):
            return None  # ours: trusting the reviewer's key is the answer
    return PackRefused(
        exc.pack,
        f"it says it is a reviewer's response to review pack {_pack_short(answers)}, which was not "
        "exported from this installation (a response goes back to the installation that "
        "sent the review pack: was it meant for another desk?), and it is signed by an "
        f"installation that is not trusted here (fingerprint "
        f"{format_fingerprint(exc.untrusted)})", what=exc.what)


def _unpacked_size(path: Path) -> int:
    """The members' sizes as the zip's directory states them, for progress only (the
    verification trusts nothing of it); 0 when unreadable, which verify_pack refuses."""
    try:
        with zipfile.ZipFile(path) as zf:
            return sum(max(0, i.file_size) for i in zf.infolist())
    except UNREADABLE_ZIP:
        return 0


def _check_review_pack_shape(verified: VerifiedPack) -> list[dict[str, Any]]:
    cases = verified.manifest.get("cases")
    if not isinstance(cases, list) or not cases:
        raise verified.refusal("its manifest lists no cases")
    names = set(verified.member_names())
    for entry in cases:
        folder = entry.get("folder") if isinstance(entry, dict) else None
        if not isinstance(folder, str) or not isinstance(entry.get("reference"), str):
            raise verified.refusal("its manifest lists a case without reference")
        for part in ("case", "tracks", "events", "comments", "documents"):
            if f"{folder}/{part}.json" not in names:
                raise verified.refusal(f"case {entry['reference']} has no {part}.json")
        verified.read_json(f"{folder}/case.json")  # parses, or refuses the pack
        _check_documents(verified, entry, names)
        _check_drafts(verified, entry, names)
    return cases


def _check_documents(verified: VerifiedPack, entry: dict[str, Any], names: set[str]) -> None:
    """A case's documents.json names, as each document's file, one of the pack's own hashed
    members of that case (opening a document opens that path: a signed `member` of
    /etc/passwd or ../../x would hand another file to the desktop as the verified copy)."""
    documents = verified.read_json(f"{entry['folder']}/documents.json")
    ok = isinstance(documents, list) and all(
        isinstance(d, dict) and d.get("member") in names
        and str(d["member"]).startswith((f"{entry['folder']}/documents/", f"{entry['folder']}/renderings/"))
        for d in documents)
    if not ok:
        raise verified.refusal(f"the documents of case {entry['reference']} are malformed")


def _check_drafts(verified: VerifiedPack, entry: dict[str, Any], names: set[str]) -> None:
    """A case's drafts.json (packs from before draft renderings have none) lists only
    PDFs that are members of the pack."""
    listed = f"{entry['folder']}/{DRAFTS_FILE}"
    if listed not in names:
        if entry.get("draft_renderings"):
            raise verified.refusal(f"case {entry['reference']} has no {DRAFTS_FILE}")
        return
    drafts = verified.read_json(listed)
    ok = isinstance(drafts, list) and all(
        isinstance(d, dict) and isinstance(d.get("kind"), str)
        and isinstance(d.get("file_name"), str) and d.get("member") in names
        and d["member"].startswith(f"{entry['folder']}/renderings/")
        for d in drafts)
    if not ok:
        raise verified.refusal(f"the draft renderings of case {entry['reference']} are malformed")


def open_review_pack(
    session: Session, *, data_dir: DataDir, path: Path, actor: Actor,
    progress: Progress | None = None, cancelled: CancelCheck | None = None,
) -> OpenedPack:
    """Verify a review pack and open it for review in this data folder (read-only case
    content; review input is kept beside it). Opening the same pack again keeps the input.
    `progress`/`cancelled` follow checking it (Cancelled leaves nothing opened)."""
    verified, label, actor = _verify_into(session, data_dir, path, data_dir.root, "review",
                                          Meter(progress, cancelled), actor=actor,
                                          permissions=("review.respond",))
    return _open_verified(session, data_dir=data_dir, verified=verified, label=label, actor=actor)


def _open_verified(session: Session, *, data_dir: DataDir, verified: VerifiedPack, label: str,
                   actor: Actor) -> OpenedPack:
    staging: Path | None = None
    try:
        cases = _check_review_pack_shape(verified)
        references = tuple(c["reference"] for c in cases)
        target = reviews_dir(data_dir) / verified.pack_id
        if target.exists():
            return _with_overlaps(data_dir, OpenedPack(
                verified.pack_id, verified.signer_fingerprint, label, references, True))
        # Assemble the whole folder under a staging name; one rename makes it appear.
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.parent / f".opening-{uuid.uuid4().hex}"
        staging.mkdir()
        verified.root.rename(staging / CONTENT_DIR)
        verified.root = staging / CONTENT_DIR
        (staging / "manifest.json").write_bytes(verified.manifest_bytes)
        _atomic_write_json(
            staging / STATE_FILE,
            {
                "pack_id": verified.pack_id,
                "sender_fingerprint": verified.signer_fingerprint,
                "sender_label": label,
                "created_at": verified.manifest.get("created_at", ""),
                "created_by": verified.manifest.get("created_by", ""),
                "created_by_name": _text_of(verified.manifest.get("created_by_name")),
                "opened_at": utc_now(),
                "opened_by": actor.username,
                "cases": cases,
                "responses": [],
            },
        )
        _atomic_write_json(staging / INPUT_FILE, {c["reference"]: _empty_input() for c in cases})
        append_event(
            session,
            actor=actor,
            action="review.opened",
            entity="review_pack",
            entity_id=verified.pack_id,
            details={"sender": verified.signer_fingerprint, "label": label,
                     "cases": list(references)},
        )
        session.flush()
        staging.rename(target)
        staging = None
        on_rollback(session, lambda: shutil.rmtree(target, ignore_errors=True))
        return _with_overlaps(data_dir, OpenedPack(
            verified.pack_id, verified.signer_fingerprint, label, references, False))
    finally:
        verified.discard()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _empty_input() -> dict[str, Any]:
    return {"comments": [], "proposals": {}, "recommendation": None, "reasons": ""}


class PackNotOpen(NotFound):
    """No review pack of the id given is open here (the command line names it at PACK_ID)."""


def _review_folder(data_dir: DataDir, pack_id: str) -> Path:
    root = reviews_dir(data_dir)
    candidates = []
    if root.is_dir():
        candidates = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
                      and p.name.startswith(pack_id)]
    if not pack_id or not candidates:
        raise PackNotOpen(f"No open review pack {pack_id!r} here; open it with `approvals review open PACK`.")
    if len(candidates) > 1:
        raise InputError(Problem("PACK_ID", f"{pack_id!r} matches several open packs; give more of it"))
    return candidates[0]


def list_open_reviews(data_dir: DataDir) -> list[ReviewSummary]:
    root = reviews_dir(data_dir)
    out: list[ReviewSummary] = []
    if not root.is_dir():
        return out
    for folder in sorted(root.iterdir()):
        state_file = folder / STATE_FILE
        if folder.name.startswith(".") or not state_file.is_file():
            continue
        state = json.loads(state_file.read_text(encoding="utf-8"))
        out.append(
            ReviewSummary(
                state["pack_id"], state.get("sender_label", ""), state["sender_fingerprint"],
                state.get("created_at", ""), state.get("opened_at", ""),
                tuple(c["reference"] for c in state["cases"]), bool(state.get("responses")),
            )
        )
    out.sort(key=lambda s: s.opened_at, reverse=True)
    return [dataclasses.replace(s, newer=_newer_than(s, out)) for s in out]


def _newer_than(pack: ReviewSummary, packs: list[ReviewSummary]) -> tuple[tuple[str, str], ...]:
    """(reference, pack id) of `pack`'s cases in packs from the same sender written later."""
    return tuple(
        (reference, other.pack_id)
        for other in sorted(packs, key=lambda o: o.created_at)
        if other.sender_fingerprint == pack.sender_fingerprint
        and other.created_at > pack.created_at
        for reference in pack.references if reference in other.references)


def _with_overlaps(data_dir: DataDir, opened: OpenedPack) -> OpenedPack:
    """The pack just opened, with the same cases in other packs from its sender open here:
    a reviewer given a second pack of a case should know which one is current."""
    try:
        packs = list_open_reviews(data_dir)
    except (OSError, ValueError, KeyError, TypeError):  # another open pack's state is damaged:
        return opened  # that is for listing it to say, not a reason to refuse this one
    this = next((p for p in packs if p.pack_id == opened.pack_id), None)
    if this is None:
        return opened
    older = tuple((ref, p.pack_id) for p in packs for ref, newer in p.newer
                  if newer == opened.pack_id)
    return dataclasses.replace(opened, newer=this.newer, older=older)


def _load_review(data_dir: DataDir, pack_id: str) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    folder = _review_folder(data_dir, pack_id)
    state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    review_input = json.loads((folder / INPUT_FILE).read_text(encoding="utf-8"))
    return folder, state, review_input


def proposal_so_far(data_dir: DataDir, pack_id: str, reference: str,
                    field_path: str) -> tuple[Any] | None:
    """The value proposed for `field_path` of `reference` in the pack's review input so
    far, in a tuple (the value may be None: a proposal to clear it); None when there is
    none, or no such pack or case (propose_change says so)."""
    try:
        _folder, _state, review_input = _load_review(data_dir, pack_id)
    except (ApprovalsError, OSError, ValueError):
        return None
    proposal = review_input.get(reference, {}).get("proposals", {}).get(field_path)
    return (proposal.get("proposed_value"),) if isinstance(proposal, dict) else None


def _case_entry(state: dict[str, Any], reference: str) -> dict[str, Any]:
    for entry in state["cases"]:
        if entry["reference"] == reference:
            return entry
    refs = ", ".join(c["reference"] for c in state["cases"])
    raise NotFound(f"The review pack has no case {reference} (it has {refs}).")


def get_review(data_dir: DataDir, pack_id: str) -> ReviewView:
    """The opened pack, read-only, with the review input given so far."""
    folder, state, review_input = _load_review(data_dir, pack_id)
    content = folder / CONTENT_DIR
    cases = []
    for entry in state["cases"]:
        base = content / entry["folder"]
        case = json.loads((base / "case.json").read_text(encoding="utf-8"))
        docs = json.loads((base / "documents.json").read_text(encoding="utf-8"))
        mine = review_input.get(entry["reference"], _empty_input())
        comments = [
            ReviewComment(c["uid"], c.get("field_path"), c.get("document_id"), c["author"],
                          c["body"], c["created_at"], "pack", _text_of(c.get("author_name")))
            for c in json.loads((base / "comments.json").read_text(encoding="utf-8"))
        ] + [
            ReviewComment(c["uid"], c.get("field_path"), c.get("document_id"), c["author"],
                          c["body"], c["created_at"], "review", _text_of(c.get("author_name")))
            for c in mine["comments"]
        ]
        cases.append(
            ReviewCase(
                reference=case["reference"],
                status=case.get("status", ""),
                version=int(case.get("version", 0)),
                facts=case["facts"],
                tracks=json.loads((base / "tracks.json").read_text(encoding="utf-8")),
                events=json.loads((base / "events.json").read_text(encoding="utf-8")),
                comments=comments,
                documents=[
                    ReviewDocument(d["id"], d["file_name"], d.get("doc_type", ""),
                                   bool(d.get("is_rendering")), d["size"], d["sha256"],
                                   content / d["member"], *_pack_withdrawal(d))
                    for d in docs
                ],
                proposals=[
                    ReviewProposalDraft(p, v["base_value"], v["proposed_value"])
                    for p, v in sorted(mine["proposals"].items())
                ],
                recommendation=mine.get("recommendation"),
                reasons=mine.get("reasons", ""),
                withheld_documents=tuple(
                    (str(w.get("file_name", "")), str(w.get("sha256", "")))
                    for w in entry.get("withheld_documents") or () if isinstance(w, dict)),
                draft_renderings=_draft_renderings(content, base),
            )
        )
    return ReviewView(state["pack_id"], state.get("sender_label", ""), state["sender_fingerprint"],
                      state.get("created_at", ""), state.get("created_by", ""), cases,
                      _text_of(state.get("created_by_name")))


def _text_of(value: Any) -> str:
    """A name a pack (or the review input) gives, "" where it gives none or something other
    than text (a hand-edited pack): the login is said alone then."""
    return value.strip() if isinstance(value, str) else ""


def _actor_name(actor: Actor) -> dict[str, str]:
    """{"author_name": …} for input `actor` types, when they have a full name."""
    name = actor.display_name.strip()
    return {"author_name": name} if name and name != actor.username else {}


def _draft_renderings(content: Path, base: Path) -> tuple[ReviewDraftRendering, ...]:
    listed = base / DRAFTS_FILE
    if not listed.is_file():  # a pack written before draft renderings
        return ()
    return tuple(
        ReviewDraftRendering(d["kind"], d["file_name"], int(d.get("size", 0)),
                             str(d.get("sha256", "")), int(d.get("pages", 0)),
                             str(d.get("fingerprint", "")), str(d.get("generated_at", "")),
                             tuple(d.get("missing") or ()), content / d["member"])
        for d in json.loads(listed.read_text(encoding="utf-8")))


def _case_facts(folder: Path, entry: dict[str, Any]) -> dict[str, Any]:
    case = json.loads((folder / CONTENT_DIR / entry["folder"] / "case.json").read_text("utf-8"))
    return case["facts"]


def add_review_comment(
    *,
    data_dir: DataDir,
    pack_id: str,
    reference: str,
    body: str,
    actor: Actor,
    field_path: str | None = None,
    document_id: int | None = None,
) -> ReviewComment:
    """A reviewer's comment on the case, one of its fields or one of its documents."""
    require_roles(actor, "review.respond")  # input kept in files; the answer pack checks again
    folder, state, review_input = _load_review(data_dir, pack_id)
    entry = _case_entry(state, reference)
    if not has_visible_text(body):
        raise InputError(Problem("text", "a comment needs some text"))
    refuse_unprintable("text", body)
    if field_path:
        check_field_path(field_path, "field")
    if document_id is not None:
        docs = json.loads((folder / CONTENT_DIR / entry["folder"] / "documents.json").read_text("utf-8"))
        if document_id not in {d["id"] for d in docs}:
            raise InputError(Problem("document", f"case {reference} has no document {document_id} in this pack"))
    uid, text, created_at = str(uuid.uuid4()), body.strip(), utc_now()
    author_name = _actor_name(actor)
    comment = {
        "uid": uid,
        "field_path": field_path or None,
        "document_id": document_id,
        "author": actor.username,
        **author_name,
        "body": text,
        "created_at": created_at,
    }
    review_input.setdefault(reference, _empty_input())["comments"].append(comment)
    _atomic_write_json(folder / INPUT_FILE, review_input)
    return ReviewComment(uid, field_path or None, document_id, actor.username, text, created_at,
                         "review", author_name.get("author_name", ""))


CANNOT_BE_EMPTY = "cannot be left empty: type its new value instead"


def propose_change(
    *, data_dir: DataDir, pack_id: str, reference: str, field_path: str, value: Any, actor: Actor
) -> ReviewProposalDraft | None:
    """Propose a new value for one facts field. The facts with the change must still be
    valid; proposing the exported value again withdraws the proposal (returns None)."""
    require_roles(actor, "review.respond")  # input kept in files; the answer pack checks again
    folder, state, review_input = _load_review(data_dir, pack_id)
    entry = _case_entry(state, reference)
    check_field_path(field_path, "field")
    facts = _case_facts(folder, entry)
    base = fact_value(facts, field_path)
    # A group not stated at all (no data export facts) is given whole, as review mode lists it.
    if (parts := _group_of_fields(field_path)) is not None and base is not None:
        raise InputError(Problem("field", f"{field_path!r} is a group of fields: propose a new value "
                                          f"for each on its own ({field_path}.{parts[0]}, …)"))
    if field_path in PLACE_FIELDS and isinstance(value, str):
        # A place as the wizard takes it (China, 中国, "CN (China)" as review mode shows
        # it) stored as its code: "China" went into the facts as typed, and screening,
        # which compares codes, took the accepted place as one it cannot read.
        try:
            value = read_place(value)
        except Unreadable as exc:
            raise InputError(Problem(field_path, str(exc))) from None
    # A name or a list item as the wizard files it (pasted with a zero-width space or a
    # trailing ideographic space, it was accepted into the case as pasted).
    value = _tidied(field_path, value)
    if value == "":  # typed empty: the field cleared
        value = None
    changed = set_path(facts, field_path, value)
    try:
        parse_facts(changed)  # InputError names the offending path
    except InputError as exc:
        # Typed, not read from a file: "delete it from the file" pointed at no file. A
        # field that must have a value, cleared: "must be text in quotes (got null)" asked
        # for "null" in quotes (review mode says what the command line now says).
        raise InputError([Problem(p.path, CANNOT_BE_EMPTY if value is None
                                  and p.path == field_path
                                  else p.message.replace(FIX_IN_FILE, RETYPE))
                          for p in exc.problems]) from None
    proposals = review_input.setdefault(reference, _empty_input())["proposals"]
    before = proposals.get(field_path) or {}
    if value == base:
        proposals.pop(field_path, None)
        result = None
    else:
        proposals[field_path] = {"base_value": base, "proposed_value": value,
                                 "author": actor.username, **_actor_name(actor), "at": utc_now()}
        author = before.get("author")
        replaced = ((person_text(author, _text_of(before.get("author_name"))),
                     before.get("proposed_value"))
                    if isinstance(author, str) and author != actor.username
                    and before.get("proposed_value") != value else None)
        own = ((before.get("proposed_value"),)
               if author == actor.username and "proposed_value" in before
               and before.get("proposed_value") != value else None)
        result = ReviewProposalDraft(field_path, base, value, replaced, own,
                                     newly_to_check(facts, changed))
    _atomic_write_json(folder / INPUT_FILE, review_input)
    return result


def set_recommendation(
    *, data_dir: DataDir, pack_id: str, reference: str, recommendation: str, reasons: str,
    actor: Actor,
) -> None:
    require_roles(actor, "review.respond")  # input kept in files; the answer pack checks again
    folder, state, review_input = _load_review(data_dir, pack_id)
    _case_entry(state, reference)
    if recommendation not in RECOMMENDATIONS:
        raise InputError(Problem("recommendation", f"must be one of {', '.join(RECOMMENDATIONS)}"))
    if recommendation == "return" and not reasons.strip():
        raise InputError(Problem("reasons", "say why the case goes back to the preparer"))
    refuse_unprintable("reasons", reasons)
    mine = review_input.setdefault(reference, _empty_input())
    mine["recommendation"] = recommendation
    mine["reasons"] = reasons.strip()
    mine["recommended_by"] = actor.username  # a shared laptop: whose word it is
    _atomic_write_json(folder / INPUT_FILE, review_input)


def keep_typed_input(*, data_dir: DataDir, pack_id: str, username: str,
                     typed: Mapping[str, Any]) -> None:
    """Keep what `username` typed in review mode but has not saved (empty: nothing to
    keep). Beside the saved input, never in a response: only the saving calls above
    make it review input."""
    folder = _review_folder(data_dir, pack_id)
    path = folder / TYPED_FILE
    try:
        kept = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except ValueError:  # a torn file from before atomic writes, or edited: start again
        kept = {}
    if not isinstance(kept, dict):
        kept = {}
    if typed:
        kept[username] = dict(typed)
    else:
        kept.pop(username, None)
    if kept:
        _atomic_write_json(path, kept)
    else:
        path.unlink(missing_ok=True)


def typed_input(data_dir: DataDir, pack_id: str, username: str) -> dict[str, Any]:
    """What `keep_typed_input` kept for `username` (empty if nothing, or unreadable)."""
    path = _review_folder(data_dir, pack_id) / TYPED_FILE
    try:
        kept = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        return {}
    mine = kept.get(username) if isinstance(kept, dict) else None
    return mine if isinstance(mine, dict) else {}


@dataclass(frozen=True)
class ResponseResult:
    pack_id: str
    in_reply_to: str
    path: Path
    comments: int
    proposals: int
    recommendations: int


def export_response_pack(
    session: Session, *, data_dir: DataDir, pack_id: str, out: Path, actor: Actor,
    progress: Progress | None = None, cancelled: CancelCheck | None = None,
) -> ResponseResult:
    """The reviewer's answer to an opened review pack, signed by this installation.
    `progress`/`cancelled` as for export_review_pack (Cancelled: no response pack, no event)."""
    meter = Meter(progress, cancelled)
    actor = require(session, actor, "review.respond")
    folder, state, review_input = _load_review(data_dir, pack_id)
    identity = identity_of(data_dir)
    cases = []
    counts = [0, 0, 0]
    for entry in state["cases"]:
        mine = review_input.get(entry["reference"], _empty_input())
        cases.append(
            {
                "reference": entry["reference"],
                "exported_version": entry.get("version"),
                "comments": mine["comments"],
                "proposals": [
                    {"field_path": p, "base_value": v["base_value"], "proposed_value": v["proposed_value"],
                     # Who typed it, when several users review on this installation.
                     **({"author": v["author"]} if isinstance(v.get("author"), str) else {})}
                    for p, v in sorted(mine["proposals"].items())
                ],
                "recommendation": mine.get("recommendation"),
                "reasons": mine.get("reasons", ""),
                **({"recommended_by": mine["recommended_by"]}
                   if isinstance(mine.get("recommended_by"), str) else {}),
            }
        )
        counts[0] += len(mine["comments"])
        counts[1] += len(mine["proposals"])
        counts[2] += 1 if mine.get("recommendation") else 0
    # Nothing typed and nothing sent before: nothing to say. Once a response went, one
    # with less in it is the news (a proposal taken back, the only one there was).
    if not any(counts) and not state.get("responses"):
        raise InputError(Problem("review", "there is no review input to send yet (comments, "
                                           "proposals or a recommendation): add some first "
                                           "with `approvals review comment`, `propose` or "
                                           "`recommend`, or in review mode"))
    response_id = str(uuid.uuid4())
    reviewer = {"username": actor.username, "display_name": actor.display_name}
    body = {"in_reply_to": state["pack_id"], "reviewer": reviewer, "cases": cases}
    meter.report(0.0, f"Writing {out.name}")
    # The pack, and the note of it in the review's state, go in place only when the event
    # below commits (store.files.atomic_output); until then `out` is as it was.
    write_pack(
        out,
        identity=identity,
        kind="response",
        members=[json_member("response.json", body)],
        header={
            "in_reply_to": state["pack_id"],
            # Order two responses when they arrive the other way round: to the same pack by
            # their number (this installation's count, whatever its clock says), to two
            # packs by the time, to the microsecond (created_at has whole seconds).
            "response_number": len(state["responses"]) + 1,
            "sent_at": datetime.now(UTC).isoformat(timespec="microseconds"),
            "reviewer": reviewer,
            "cases": [{"reference": c["reference"], "version": c["exported_version"]} for c in cases],
        },
        pack_id=response_id,
        session=session,
    )
    meter.finish(f"Wrote {out.name}")  # the last chance to cancel: the file goes again
    append_event(
        session,
        actor=actor,
        action="review.responded",
        entity="review_pack",
        entity_id=state["pack_id"],
        details={"response_pack": response_id, "comments": counts[0],
                 "proposals": counts[1], "recommendations": counts[2]},
    )
    state["responses"].append({"pack_id": response_id, "at": utc_now(), "file": out.name})
    _atomic_write_json(folder / STATE_FILE, state, session=session)
    return ResponseResult(response_id, state["pack_id"], out, *counts)


# ---------------------------------------------------------------------------------------
# Import (preparer's side)


@dataclass(frozen=True)
class ImportResult:
    kind: str  # "response" (merged) or "review" (opened for review on this installation)
    pack_id: str
    in_reply_to: str
    reviewer: str
    reviewer_label: str
    comments_added: int = 0
    comments_skipped: int = 0
    proposals_added: int = 0
    proposals_skipped: int = 0
    recommendations: tuple[tuple[str, str], ...] = ()
    conflicts: tuple[tuple[str, str], ...] = ()  # (case reference, field path)
    references: tuple[str, ...] = ()
    # The reviewer is the user who exported the pack, on this same installation.
    self_review: bool = False
    already_open: bool = False  # a review pack opened here before (its input is kept)
    # (case reference, field path or "recommendation") this response sent that a later
    # response from the same installation, imported before it, already replaced.
    set_aside: tuple[tuple[str, str], ...] = ()
    # (case reference, field path) still pending from an earlier response to the same pack
    # that this later one no longer proposes: the reviewer withdrew it.
    withdrawn: tuple[tuple[str, str], ...] = ()
    # (case reference, field path, the value proposed, its decision: "accepted" or
    # "rejected", the proposal's id) of an earlier response to the same pack, already
    # decided here, that this later one no longer proposes: the decision stands, but the
    # preparer is told the reviewer took the value back.
    retracted: tuple[tuple[str, str, Any, str, int], ...] = ()
    # (case reference, field path, the value the reviewer proposed before, the value this
    # response proposes, the earlier proposal's id, whether this response answers an older
    # review pack than the earlier proposal's did) for each pending proposal it revised:
    # a revision replaced it without a word, and an answer to a stale pack replaced one to
    # the newer pack unseen.
    revised: tuple[tuple[str, str, Any, Any, int, bool], ...] = ()
    # A review pack opened: as OpenedPack's (the same case in other packs open here).
    newer: tuple[tuple[str, str], ...] = ()
    older: tuple[tuple[str, str], ...] = ()
    # Several reviewers answer one pack: (case reference, field path, another reviewer's
    # pending or accepted proposal) for each field this response proposes another value for.
    disagreements: tuple[tuple[str, str, OtherProposal], ...] = ()
    # (case reference, another reviewer's latest recommendation) where it differs from the
    # one this response recorded.
    other_recommendations: tuple[tuple[str, RecommendationView], ...] = ()
    # (case reference, "closed" or "discarded", the reason given) for each case of the
    # response that is closed here (closed while the pack was out): its input is kept, but
    # a proposed change can be accepted only once the case is reopened.
    read_only: tuple[tuple[str, str, str], ...] = ()
    # (case reference, field path, value at export, value now) for each field a comment
    # of this response is on that changed here since the export: the reviewer read the
    # value it had then.
    commented_changed: tuple[tuple[str, str, Any, Any], ...] = ()
    # (case reference, the reviewer's reasons) for each recommendation recorded with some:
    # a return's reasons are what the preparer acts on.
    recommendation_reasons: tuple[tuple[str, str], ...] = ()
    # The reviewer's full name, as their installation's user list held it ("" when none).
    reviewer_name: str = ""
    # A self-review: the reviewer's full name as this installation's user list holds it
    # (they are a user here), for "Pat Lee (pat)" as the app names people ("" when none).
    self_reviewer_name: str = ""
    # (case reference, field path, value as sent, why) for each proposed place the app
    # cannot read ("Atlantis", "Korea"): kept as sent, to be rejected, never accepted.
    unreadable: tuple[tuple[str, str, Any, str], ...] = ()
    # (case reference, field path, value as sent, why) for each other proposed value the
    # facts checks refuse at its field ("many" for board seats, "31/12" for a date, a code a
    # choice does not have): kept as sent with the rest, to be rejected, never accepted.
    unfit: tuple[tuple[str, str, Any, str], ...] = ()

    @property
    def reviewer_text(self) -> str:
        """Who sent it, as the trail records the reviewer and the Timeline, the status
        report and Proposed changes name them: "zhang.min (Rita's laptop)", the login
        with the label this desk gave their installation's key. (The full name their
        installation sent, `reviewer_name`, is theirs to claim: one name for the same
        reviewer here and in every later list, not two.)"""
        return f"{self.reviewer} ({self.reviewer_label})" if self.reviewer_label else self.reviewer

    NOTHING_NEW = ("Nothing new: everything in it was already here, from an earlier import "
                   "of this response or an earlier response to the same pack.")

    @property
    def nothing_new(self) -> bool:
        return not (self.comments_added or self.proposals_added or self.recommendations
                    or self.withdrawn or self.retracted)


def _exported_cases(session: Session, pack_id: str) -> dict[str, tuple[int, dict[str, Any]]]:
    """reference -> (case id, export details) for a review pack exported from here."""
    rows = session.exec(
        select(Event, Case.reference)
        .join(Case, col(Case.id) == col(Event.case_id))
        .where(Event.action == "review.exported", Event.entity_id == pack_id)
    ).all()
    # Joined to its case, so the event has one.
    return {ref: (event.case_id, json.loads(event.details)) for event, ref in rows
            if event.case_id is not None}


def _round_events(session: Session, case_id: int, in_reply_to: str,
                  reviewer_key: str) -> list[Event]:
    """The audit events of earlier responses, signed by `reviewer_key`, to review pack
    `in_reply_to`, merged into the case (oldest first): one review round."""
    rows = session.exec(
        select(Event).where(
            Event.case_id == case_id,
            col(Event.action).in_(("review.imported", "review.recommendation")),
        ).order_by(col(Event.id))
    ).all()
    out = []
    for event in rows:
        details = _loads(event.details) or {}
        if details.get("in_reply_to") == in_reply_to and details.get("reviewer_key") == reviewer_key:
            out.append(event)
    return out


def _sent_time(value: Any) -> datetime | None:
    """A response's sending time (its signed `sent_at`, else its `created_at`), or None."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


@dataclass(frozen=True)
class _Sent:
    """Where a response stands among those of its installation: the pack it answers, its
    number among the answers to that pack, when it was sent (None: not recorded, as for
    responses imported before these were)."""

    in_reply_to: str | None
    number: int | None
    at: datetime | None

    def after(self, other: _Sent) -> bool:
        if self.in_reply_to == other.in_reply_to and self.number and other.number:
            return self.number > other.number  # the same laptop's count: no clock involved
        return bool(self.at and other.at and self.at > other.at)

    def details(self) -> dict[str, Any]:
        return {**({"sent_at": self.at.isoformat(timespec="microseconds")} if self.at else {}),
                **({"response_number": self.number} if self.number else {})}


def _sent_of(manifest: dict[str, Any]) -> _Sent:
    number = manifest.get("response_number")
    return _Sent(manifest.get("in_reply_to"),
                 number if isinstance(number, int) and not isinstance(number, bool) else None,
                 _sent_time(manifest.get("sent_at")) or _sent_time(manifest.get("created_at")))


def _responses_signed_by(session: Session, case_id: int, reviewer_key: str) -> dict[str, _Sent]:
    """The responses signed by `reviewer_key` merged into the case before: response id ->
    where it stands (see _Sent)."""
    rows = session.exec(
        select(Event).where(
            Event.case_id == case_id,
            col(Event.action).in_(("review.imported", "review.recommendation")),
        )
    ).all()
    out: dict[str, _Sent] = {}
    for event in rows:
        details = _loads(event.details) or {}
        if details.get("reviewer_key") == reviewer_key:
            out[event.entity_id] = _sent_of(details)
    return out


def _response_keys(session: Session, case_id: int) -> dict[str, str]:
    """The responses merged into the case: response id -> the key that signed it (empty
    for responses imported before the key was recorded)."""
    rows = session.exec(
        select(Event).where(
            Event.case_id == case_id,
            col(Event.action).in_(("review.imported", "review.recommendation")),
        )
    ).all()
    return {event.entity_id: str((_loads(event.details) or {}).get("reviewer_key") or "")
            for event in rows}


def _restored_since(session: Session, verified: VerifiedPack) -> str:
    """Why a pack exported here may have no record any more: a backup restored since,
    made before the response was sent (the export may lie between the two)."""
    sent = _sent_time(verified.manifest.get("sent_at")) or _sent_time(verified.manifest.get("created_at"))
    restores = session.exec(select(Event).where(Event.action == "backup.restored")
                            .order_by(col(Event.id).desc())).all()
    for event in restores:
        made = _sent_time((_loads(event.details) or {}).get("backup_created_at"))
        if made is not None and (sent is None or made < sent):
            # Days as the app writes them ("1 Dec 2026"), not the stored ISO form.
            restored = fmt_date(date.fromisoformat(event.occurred_at[:10]))
            return (f" — or it was, after the backup restored here on {restored} was made "
                    f"({fmt_date(made.astimezone(UTC).date())}), and its record went with the restore; "
                    "export the cases for review again")
    return ""


def _response_body(verified: VerifiedPack) -> dict[str, Any]:
    body = verified.read_json("response.json")
    refuse = lambda why: verified.refusal(why)  # noqa: E731
    if not isinstance(body, dict) or not isinstance(body.get("cases"), list):
        raise refuse("its response.json has no case list")
    if body.get("in_reply_to") != verified.manifest.get("in_reply_to"):
        raise refuse("its response answers a different pack than its manifest says")
    reviewer = body.get("reviewer")
    if not isinstance(reviewer, dict) or not isinstance(reviewer.get("username"), str):
        raise refuse("its response does not name the reviewer")
    for case in body["cases"]:
        ok = (
            isinstance(case, dict)
            and isinstance(case.get("reference"), str)
            and isinstance(case.get("comments"), list)
            and isinstance(case.get("proposals"), list)
            and case.get("recommendation") in (None, *RECOMMENDATIONS)
            and isinstance(case.get("reasons", ""), str)
            and isinstance(case.get("recommended_by", ""), str)
        )
        if not ok:
            raise refuse("its response has a malformed case entry")
        for c in case["comments"]:
            if not (isinstance(c, dict) and isinstance(c.get("uid"), str) and c["uid"]
                    and isinstance(c.get("body"), str)
                    and (c.get("field_path") is None or isinstance(c.get("field_path"), str))
                    and isinstance(c.get("author", ""), str)
                    and (c.get("document_id") is None or isinstance(c.get("document_id"), int))):
                raise refuse(f"its response has a malformed comment for {case['reference']}")
        for p in case["proposals"]:
            if not (isinstance(p, dict) and isinstance(p.get("field_path"), str)
                    and "proposed_value" in p and "base_value" in p
                    and isinstance(p.get("author", ""), str)):
                raise refuse(f"its response has a malformed proposal for {case['reference']}")
            if _schema_node(p["field_path"]) is None:
                raise refuse(f"it proposes a change to {p['field_path']!r}, which is not a facts field")
            if not _finite(p["proposed_value"]) or not _finite(p["base_value"]):
                # 1e309 reads as infinity: no fact holds one, and JSON cannot write it back.
                raise refuse(f"it proposes a value for {p['field_path']!r} that is not a "
                             "finite number")
            if _group_of_fields(p["field_path"]) is not None and p["base_value"] is not None:
                raise refuse(f"it proposes a change to {p['field_path']!r} as a whole, which is a "
                             "group of fields (changes are proposed field by field)")
    return body


def import_pack(session: Session, *, data_dir: DataDir, path: Path, actor: Actor,
                progress: Progress | None = None,
                cancelled: CancelCheck | None = None) -> ImportResult:
    """`approvals review import`: a response pack is merged; a review pack is opened for
    review. Either way it is verified completely first (`progress`/`cancelled` follow
    that check; Cancelled leaves nothing imported)."""
    verified, label, actor = _verify_into(session, data_dir, path, data_dir.root,
                                          None, Meter(progress, cancelled),  # either kind
                                          actor=actor,
                                          permissions=("review.respond", "review.import"))
    try:
        if verified.kind == "review":
            actor = require(session, actor, "review.respond")
            opened = _open_verified(session, data_dir=data_dir, verified=verified, label=label,
                                    actor=actor)
            return ImportResult("review", opened.pack_id, "", verified.manifest.get("created_by", ""),
                                label, references=opened.references,
                                already_open=opened.already_open, newer=opened.newer,
                                older=opened.older)
        return _import_verified(session, verified=verified, label=label, actor=actor,
                                data_dir=data_dir)
    finally:
        verified.discard()


def import_response(session: Session, *, data_dir: DataDir, path: Path, actor: Actor) -> ImportResult:
    """Merge a reviewer's response pack (verified first) into the cases it answers."""
    with tempfile.TemporaryDirectory(prefix="approvals-response-") as tmp:
        verified, label, actor = _verify_into(session, data_dir, path, Path(tmp), "response",
                                              actor=actor, permissions=("review.import",))
        return _import_verified(session, verified=verified, label=label, actor=actor,
                                data_dir=data_dir)


def _finite(value: Any) -> bool:
    """No infinite or not-a-number float anywhere in a decoded JSON value."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def _import_verified(session: Session, *, verified: VerifiedPack, label: str, actor: Actor,
                     data_dir: DataDir) -> ImportResult:
    actor = require(session, actor, "review.import")
    in_reply_to = verified.manifest.get("in_reply_to")
    if not isinstance(in_reply_to, str):
        raise verified.refusal("it does not say which review pack it answers")
    exported = _exported_cases(session, in_reply_to)
    if not exported:
        why = _restored_since(session, verified)
        if not why and verified.signer_fingerprint == own_fingerprint(data_dir):
            # The reviewer importing the response they wrote, as if that sent it.
            why = (f": it is the response pack that this installation wrote"
                   f"{_pack_words(verified.manifest)}, and it goes back to the installation "
                   "that sent the review pack, to be imported there")
        raise verified.refusal(
            f"it answers review pack {_pack_short(in_reply_to)}, which was not exported from this installation"
            + (why or " (a response goes back to the installation that sent the review pack: "
                      "was it meant for another desk?)"),
        )
    body = _response_body(verified)
    for case in body["cases"]:
        if case["reference"] not in exported:
            raise verified.refusal(f"case {case['reference']} was not in review pack {_pack_short(in_reply_to)}")
        facts_sent = exported[case["reference"]][1].get("facts")
        for p in case["proposals"]:
            # Judged by the facts this installation sent, not by the base the response
            # claims: a group stated then is changed field by field (as review mode asks).
            if (isinstance(facts_sent, dict) and _group_of_fields(p["field_path"]) is not None
                    and fact_value(facts_sent, p["field_path"]) is not None):
                raise verified.refusal(
                    f"it proposes a change to {p['field_path']!r} of {case['reference']} as a "
                    "whole, which is a group of fields stated when the case was sent "
                    "(changes are proposed field by field)")
    reviewer = body["reviewer"]["username"]
    reviewer_name = f"{reviewer} ({label})" if label else reviewer

    def named(author: Any) -> str:
        """Input typed on the reviewer's installation by another user than the one who
        sent the response (a shared laptop) keeps its own author's name."""
        if isinstance(author, str) and author.strip() and author != reviewer:
            return f"{author} ({label})" if label else author
        return reviewer_name
    fingerprint = verified.signer_fingerprint
    response_id = verified.pack_id
    sent = _sent_of(verified.manifest)
    sent_detail = sent.details()
    # Reviewed on this installation by the very user who exported the pack: no second pair
    # of eyes. Allowed (a solo officer), but said in the result and the audit trail.
    exporters = set(session.exec(select(Event.actor).where(
        Event.action == "review.exported", Event.entity_id == in_reply_to)).all())
    self_review = (reviewer in exporters
                   and fingerprint == identity_of(data_dir).fingerprint)
    counts = {"ca": 0, "cs": 0, "pa": 0, "ps": 0}
    recommendations: list[tuple[str, str]] = []
    recommendation_reasons: list[tuple[str, str]] = []
    conflicts: list[tuple[str, str]] = []
    set_aside: list[tuple[str, str]] = []
    withdrawn: list[tuple[str, str]] = []
    retracted: list[tuple[str, str, Any, str, int]] = []
    revised: list[tuple[str, str, Any, Any, int, bool]] = []
    exported_as: dict[str, int] = {}

    def export_order(pack: str | None) -> int:
        """Where review pack `pack` stands among this installation's exports (the id of
        its export event: packs exported within a second are told apart); 0 when not
        known here."""
        if pack and pack not in exported_as:
            event = session.exec(select(Event).where(Event.action == "review.exported",
                                                     Event.entity_id == pack)).first()
            exported_as[pack] = (event.id or 0) if event else 0
        return exported_as.get(pack or "", 0)
    disagreements: list[tuple[str, str, OtherProposal]] = []
    other_recommendations: list[tuple[str, RecommendationView]] = []
    read_only: list[tuple[str, str, str]] = []
    commented_changed: list[tuple[str, str, Any, Any]] = []
    unreadable: list[tuple[str, str, Any, str]] = []
    unfit: list[tuple[str, str, Any, str]] = []
    for case_entry in body["cases"]:
        reference = case_entry["reference"]
        case_id, export = exported[reference]
        case = session.get(Case, case_id)
        assert case is not None
        if case.status in READ_ONLY_STATUSES:
            ending = ending_of(session, case_id)
            read_only.append((reference, case.status, ending.reason if ending else ""))
        current_facts = json.loads(case.facts)
        doc_names = {doc_id: name for doc_id, name in session.exec(
            select(Document.id, Document.file_name).where(Document.case_id == case_id)).all()}
        added_comments, added_fields = [], []
        round_events = _round_events(session, case_id, in_reply_to, fingerprint)
        round_ids = sorted({e.entity_id for e in round_events})
        # Responses from the same installation can arrive out of order: what a later one,
        # merged already, sent again is that later one's to decide, never replaced by this.
        signed = _responses_signed_by(session, case_id, fingerprint)
        signed.pop(response_id, None)
        later = {r for r, other in signed.items() if other.after(sent)}
        later_in_round = sorted(r for r in later if signed[r].in_reply_to == in_reply_to)
        # Responses another installation signed: never this reviewer's earlier input, even
        # under the same name (two laptops labelled alike, both answered as `cli:root`).
        foreign = [r for r, key in _response_keys(session, case_id).items()
                   if key and key != fingerprint]
        for c in case_entry["comments"]:
            known = session.exec(select(Comment).where(Comment.uid == c["uid"])).first()
            if known is not None:
                # Already merged; the same id with other text or on another case is not the
                # same comment, and skipping it would lose it silently.
                if known.case_id != case_id or known.body != c["body"]:
                    raise verified.refusal(
                        f"its comment {c['uid']} on {reference} was imported before with other "
                        "text or on another case (a comment is never edited after it is sent)")
                counts["cs"] += 1
                continue
            document_id = c.get("document_id")
            if document_id is not None and document_id not in doc_names:
                # Kept as a case comment, it lost what it was about without a word.
                raise verified.refusal(
                    f"its comment {c['uid']} on {reference} is about document {document_id}, "
                    "which the case does not hold")
            field_path = c.get("field_path") if c.get("field_path") and _schema_node(c["field_path"]) else None
            session.add(Comment(uid=c["uid"], case_id=case_id, field_path=field_path,
                                document_id=document_id, author=named(c.get("author")),
                                body=c["body"],
                                created_at=str(c.get("created_at") or utc_now()),
                                origin=response_id))
            append_event(session, actor=actor, action="comment.added", entity="comment",
                         entity_id=c["uid"], case_id=case_id, field=field_path,
                         new=c["body"], details={"author": named(c.get("author")),
                                                 "origin": response_id,
                                                 "document_id": document_id,
                                                 # The Timeline names the document by it.
                                                 **({"document": doc_names[document_id]}
                                                    if document_id is not None else {})})
            added_comments.append(c["uid"])
            counts["ca"] += 1
            if field_path and "facts" in export:
                then = fact_value(export["facts"], field_path)
                now = fact_value(current_facts, field_path)
                if then != now and (reference, field_path, then, now) not in commented_changed:
                    commented_changed.append((reference, field_path, then, now))
        for p in case_entry["proposals"]:
            # A place read as review mode reads one typed there (6c25b32f): "China", 中国 or
            # "CN (China)" from an older app or written by hand stored as CN, the code
            # screening compares. One the app cannot read (Atlantis, Korea) is kept as
            # sent, with the rest of the response, and said: Accept refuses it.
            why_unreadable = ""
            # A name or a list item as review mode tidies one typed there (an older app's
            # or a hand-written response's "Acme\u200b" was stored as sent).
            p = {**p, "proposed_value": _tidied(str(p["field_path"]), p["proposed_value"])}
            if p["field_path"] in PLACE_FIELDS and isinstance(p["proposed_value"], str):
                try:
                    p = {**p, "proposed_value": read_place(p["proposed_value"])}
                except Unreadable as exc:
                    why_unreadable = str(exc)
            exists = session.exec(
                select(ReviewProposal.id).where(
                    ReviewProposal.case_id == case_id,
                    ReviewProposal.pack_id == response_id,
                    ReviewProposal.field_path == p["field_path"],
                )
            ).first()
            if exists is not None:
                counts["ps"] += 1
                continue
            # The base is what this installation exported, not what the pack claims.
            base = fact_value(export.get("facts", {}), p["field_path"]) if "facts" in export else p["base_value"]
            # One already decided in this review round stays decided: repeating it in a
            # later response neither re-applies it nor asks for a decision again.
            decided = session.exec(
                select(ReviewProposal).where(
                    ReviewProposal.case_id == case_id,
                    ReviewProposal.field_path == p["field_path"],
                    col(ReviewProposal.pack_id).in_(round_ids),
                    col(ReviewProposal.status).in_(("accepted", "rejected")),
                )
            ).all() if round_ids else []
            if any(_loads(e.proposed_value) == p["proposed_value"] and _loads(e.base_value) == base
                   for e in decided):
                # Decided here already, whichever response arrives first: an earlier
                # response arriving after a later one that repeated it is not kept as
                # "replaced by a later response" beside the decision.
                counts["ps"] += 1
                continue
            proposer = named(p.get("author"))
            newer = session.exec(
                select(ReviewProposal).where(
                    ReviewProposal.case_id == case_id,
                    ReviewProposal.field_path == p["field_path"],
                    col(ReviewProposal.pack_id).in_(later),
                ).order_by(col(ReviewProposal.id).desc())
            ).first() if later else None
            if newer is not None and _loads(newer.proposed_value) == p["proposed_value"]:
                # The later response proposes the very same value: nothing of this one is
                # set aside (it was kept as "replaced by a later response", a duplicate row).
                counts["ps"] += 1
                continue
            # A later answer to the same pack holds all its input: one that does not
            # propose this field any more replaces it too (the reviewer withdrew it).
            replaced_by = newer.pack_id if newer is not None else min(later_in_round, default=None)
            if replaced_by is not None:
                # Kept, so the trail shows it, as already replaced by the later response.
                session.add(ReviewProposal(
                    case_id=case_id, pack_id=response_id, reviewer=proposer,
                    field_path=p["field_path"], base_value=_dumps(p["base_value"]),
                    proposed_value=_dumps(p["proposed_value"]), status="superseded",
                    decided_by=f"response {replaced_by}", decided_at=utc_now()))
                set_aside.append((reference, p["field_path"]))
                continue
            # A later response to the same pack repeats or revises earlier proposals: an
            # identical one is not shown twice, a revised one replaces the pending one.
            # Earlier means signed by the same installation (its review input is one, for
            # whichever user sends it), however its key is labelled here now.
            earlier = session.exec(
                select(ReviewProposal).where(
                    ReviewProposal.case_id == case_id,
                    ReviewProposal.field_path == p["field_path"],
                    or_(and_(ReviewProposal.reviewer == reviewer_name,
                             col(ReviewProposal.pack_id).not_in(foreign)),
                        col(ReviewProposal.pack_id).in_(signed)),
                    ReviewProposal.status == "pending",
                )
            ).all()
            if any(_loads(e.proposed_value) == p["proposed_value"] and _loads(e.base_value) == base
                   for e in earlier):
                counts["ps"] += 1
                continue
            for e in earlier:
                e.status, e.decided_by, e.decided_at = "superseded", f"response {response_id}", utc_now()
                session.add(e)
                answered = signed[e.pack_id].in_reply_to if e.pack_id in signed else None
                older = bool(answered and answered != in_reply_to
                             and 0 < export_order(in_reply_to) < export_order(answered))
                revised.append((reference, p["field_path"], _loads(e.proposed_value),
                                p["proposed_value"], e.id or 0, older))
                # A state change of its own (pending -> superseded): the trail says which
                # proposal the revision replaced, with the value it had proposed.
                append_event(session, actor=actor, action="review.proposal_superseded",
                             entity="case", entity_id=reference, case_id=case_id,
                             field=e.field_path, old=_loads(e.proposed_value),
                             new=p["proposed_value"],
                             # Whose proposal it was, and who revised it (another
                             # reviewer on the same laptop may have).
                             details={"reviewer": e.reviewer, "by": proposer,
                                      "proposal_id": e.id,
                                      "status": ["pending", "superseded"],
                                      "review_pack": e.pack_id, "superseded_by": response_id})
            session.add(ReviewProposal(case_id=case_id, pack_id=response_id, reviewer=proposer,
                                       field_path=p["field_path"], base_value=_dumps(base),
                                       proposed_value=_dumps(p["proposed_value"])))
            now = fact_value(current_facts, p["field_path"])
            if now != base and now != p["proposed_value"]:  # made here already: no conflict
                conflicts.append((reference, p["field_path"]))
            # Or a field it goes with (an amount's currency): the value meant with it as it was.
            conflicts.extend((reference, path) for path, *_ in tied_changes(
                p["field_path"], export.get("facts"), current_facts,
                {q["field_path"]: q["proposed_value"] for q in case_entry["proposals"]})
                if (reference, path) not in conflicts)
            # Another reviewer's value for the same field, still waiting or accepted: both
            # stay to be decided one by one, and the import says they differ.
            disagreements.extend(
                (reference, p["field_path"], _other(o))
                for o in _live_proposals(session, case_id, p["field_path"])
                if o.pack_id in foreign and o.status in ("pending", "accepted")
                and _loads(o.proposed_value) != p["proposed_value"])
            added_fields.append(p["field_path"])
            counts["pa"] += 1
            if why_unreadable:
                unreadable.append((reference, p["field_path"], p["proposed_value"], why_unreadable))
            elif why := value_problem(current_facts, p["field_path"], p["proposed_value"]):
                # Of the wrong kind for its field: said now, as a place is, not first at Accept.
                unfit.append((reference, p["field_path"], p["proposed_value"], why))
        # A response carries all of its pack's review input: a proposal of an earlier
        # response to the same pack, still pending and absent from this later one, was
        # withdrawn by the reviewer (never left to be accepted by mistake).
        proposed = {p["field_path"] for p in case_entry["proposals"]}
        earlier_ids = [r for r in round_ids if r in signed and sent.after(signed[r])]
        dropped = session.exec(
            select(ReviewProposal).where(
                ReviewProposal.case_id == case_id,
                col(ReviewProposal.pack_id).in_(earlier_ids),
                ReviewProposal.status == "pending",
            ).order_by(col(ReviewProposal.id))
        ).all() if earlier_ids else []
        # Already decided here: it stands, and the import says the reviewer took it back,
        # once: when the last import of this round still carried the field (events from
        # before that record was kept: when it was decided after that import).
        last_import = next((e for e in reversed(round_events) if e.action == "review.imported"
                            and e.entity_id in earlier_ids), None)
        last_details = (_loads(last_import.details) or {}) if last_import else {}
        carried = last_details.get("proposing")
        decided = session.exec(
            select(ReviewProposal).where(
                ReviewProposal.case_id == case_id,
                col(ReviewProposal.pack_id).in_(earlier_ids),
                col(ReviewProposal.status).in_(("accepted", "rejected")),
            ).order_by(col(ReviewProposal.id))
        ).all() if earlier_ids and response_id not in round_ids else []  # said once
        for e in decided:
            if e.field_path in proposed:
                continue
            if (e.field_path in carried if isinstance(carried, list) else
                    last_import is None or (e.decided_at or "") > last_import.occurred_at):
                retracted.append((reference, e.field_path, _loads(e.proposed_value), e.status,
                                  e.id or 0))
        for e in dropped:
            if e.field_path in proposed:
                continue
            e.status, e.decided_by, e.decided_at = "superseded", f"response {response_id}", utc_now()
            session.add(e)
            append_event(session, actor=actor, action="review.proposal_superseded",
                         entity="case", entity_id=reference, case_id=case_id,
                         field=e.field_path, old=_loads(e.proposed_value), new=None,
                         details={"reviewer": e.reviewer, "by": reviewer_name,
                                  "proposal_id": e.id,
                                  "status": ["pending", "superseded"], "withdrawn": True,
                                  "review_pack": e.pack_id, "superseded_by": response_id})
            withdrawn.append((reference, e.field_path))
        if case_entry.get("recommendation"):
            exists = session.exec(
                select(ReviewResponse.id).where(ReviewResponse.pack_id == response_id,
                                                ReviewResponse.case_id == case_id)
            ).first()
            # The same recommendation sent again with a later response to the same review
            # pack is not a second recommendation.
            said = [(_loads(e.new_value), e.reason or "") for e in round_events
                    if e.action == "review.recommendation"]
            repeated = bool(said) and said[-1] == (case_entry["recommendation"],
                                                   case_entry.get("reasons") or "")
            outdated = bool(later) and session.exec(
                select(ReviewResponse.id).where(
                    ReviewResponse.case_id == case_id,
                    col(ReviewResponse.pack_id).in_(later),
                )
            ).first() is not None
            if exists is None and outdated and not repeated:
                # Said once: importing this response again records nothing more.
                noted = session.exec(select(Event.id).where(
                    Event.case_id == case_id, Event.action == "review.imported",
                    Event.entity_id == response_id)).first()
                if noted is None:
                    set_aside.append((reference, "recommendation"))
            elif exists is None and not repeated:
                recommender = named(case_entry.get("recommended_by"))
                session.add(ReviewResponse(case_id=case_id, pack_id=response_id, reviewer=recommender,
                                           reviewer_key=fingerprint,
                                           recommendation=case_entry["recommendation"],
                                           reasons=case_entry.get("reasons", "")))
                append_event(session, actor=actor, action="review.recommendation",
                             entity="review_pack", entity_id=response_id, case_id=case_id,
                             new=case_entry["recommendation"], reason=case_entry.get("reasons", ""),
                             details={"reviewer": recommender, "reviewer_key": fingerprint,
                                      "in_reply_to": in_reply_to, **sent_detail,
                                      **({"sent_by": reviewer_name}
                                         if recommender != reviewer_name else {}),
                                      **({"self_review": True} if self_review else {})})
                recommendations.append((reference, case_entry["recommendation"]))
                if case_entry.get("reasons"):
                    recommendation_reasons.append((reference, case_entry["reasons"]))
                # The other reviewers' latest word on the case, where it differs.
                latest: dict[str, ReviewResponse] = {}
                for r in session.exec(select(ReviewResponse).where(
                        ReviewResponse.case_id == case_id,
                        col(ReviewResponse.pack_id).in_(foreign)).order_by(col(ReviewResponse.id))):
                    latest[r.reviewer_key or r.reviewer] = r
                other_recommendations.extend(
                    (reference, RecommendationView(reference, r.pack_id, r.reviewer,
                                                   r.reviewer_key, r.recommendation, r.reasons,
                                                   r.imported_at))
                    for r in latest.values() if r.recommendation != case_entry["recommendation"])
        outdated_here = [f for r, f in set_aside if r == reference]
        withdrawn_here = [f for r, f in withdrawn if r == reference]
        retracted_here = [f for r, f, _v, _s, _i in retracted if r == reference]
        unreadable_here = [f for r, f, _v, _w in unreadable if r == reference]
        unfit_here = [f for r, f, _v, _w in unfit if r == reference]
        if added_comments or added_fields or outdated_here or withdrawn_here or retracted_here:
            append_event(session, actor=actor, action="review.imported", entity="review_pack",
                         entity_id=response_id, case_id=case_id,
                         details={"reviewer": reviewer_name, "reviewer_key": fingerprint,
                                  "in_reply_to": in_reply_to, "comments": len(added_comments),
                                  **({"self_review": True} if self_review else {}),
                                  **sent_detail,
                                  # Sent before a response merged already, which replaced these.
                                  **({"set_aside": outdated_here} if outdated_here else {}),
                                  **({"withdrawn": withdrawn_here} if withdrawn_here else {}),
                                  # Kept as sent, no place the app can read: Accept refuses.
                                  **({"unreadable_places": unreadable_here}
                                     if unreadable_here else {}),
                                  # Kept as sent, refused by the facts checks at the field.
                                  **({"unfit_values": unfit_here} if unfit_here else {}),
                                  "proposed_fields": added_fields,
                                  # Every field it proposes, new or not: what a later
                                  # response no longer proposes is found against it.
                                  "proposing": sorted(proposed),
                                  **({"retracted": retracted_here} if retracted_here else {}),
                                  "case_version_at_export": export.get("version"),
                                  "case_version_now": case.version})
    session.flush()
    return ImportResult(
        "response", response_id, in_reply_to, reviewer, label,
        counts["ca"], counts["cs"], counts["pa"], counts["ps"],
        tuple(recommendations), tuple(conflicts), tuple(c["reference"] for c in body["cases"]),
        self_review, set_aside=tuple(set_aside), withdrawn=tuple(withdrawn),
        retracted=tuple(retracted), revised=tuple(revised),
        disagreements=tuple(disagreements), other_recommendations=tuple(other_recommendations),
        read_only=tuple(read_only), commented_changed=tuple(commented_changed),
        recommendation_reasons=tuple(recommendation_reasons),
        reviewer_name=_text_of(body["reviewer"].get("display_name")),
        self_reviewer_name=user_names(session).get(reviewer, "") if self_review else "",
        unreadable=tuple(unreadable), unfit=tuple(unfit),
    )


# ---------------------------------------------------------------------------------------
# The per-field diff and decisions


@dataclass(frozen=True)
class OtherProposal:
    """Another proposal for the same field of the same case (another reviewer's, or the
    same reviewer's in another response), as a ProposalView names it."""

    id: int
    reviewer: str
    proposed_value: Any
    status: str  # pending | accepted | rejected
    decided_by: str | None

    def words(self, names: Mapping[str, str] | None = None) -> str:
        """`#3 by ben (Ben's laptop), accepted by Pat Lee (pat)` — for messages. Whoever
        decided it is a user here, named as the app names people (`names`: user_names());
        the reviewer as the trail records them, login and installation."""
        who = person_named(self.decided_by, names or {}) if self.decided_by else ""
        state = f"{self.status} by {who}" if who else self.status
        return f"#{self.id} by {self.reviewer}, {state}"


class OtherProposals(Sequence[OtherProposal]):
    """The field's live proposals but one, read through without copying: a field with
    thousands of proposals gave each of its rows its own tuple of all the others (n rows of
    n - 1 each: 5,000 proposals held 25 million references). Compares equal to the tuple
    it stands for."""

    __slots__ = ("_live", "_skip")

    def __init__(self, live: tuple[OtherProposal, ...], skip: int | None = None) -> None:
        self._live, self._skip = live, skip  # skip: the place of the row's own proposal

    def __len__(self) -> int:
        return len(self._live) - (self._skip is not None)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self)[index]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("other proposal index out of range")
        return self._live[index + (self._skip is not None and index >= self._skip)]

    def __iter__(self) -> Iterator[OtherProposal]:
        for place, other in enumerate(self._live):
            if place != self._skip:
                yield other

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OtherProposals | tuple | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


@dataclass(frozen=True)
class ChangedHere:
    """The latest change made here to a proposal's field after its pack was exported (the
    field.changed event): who, when and why, so that the preparer knows whose edit accepting
    the reviewer's value would overwrite."""

    actor: str
    display_name: str
    occurred_at: str  # the stored UTC stamp
    reason: str

    def who(self) -> str:
        """`Pat Lee (pat)`, as the app names people everywhere, or `pat` alone when no
        other name is set."""
        return person_text(self.actor, self.display_name.strip())

    def words(self) -> str:
        """`changed here by Pat Lee (pat) on 2026-11-29 05:48 UTC: the SPA says so`."""
        return (f"changed here by {self.who()} on {utc_text(self.occurred_at)}"
                + (f": {self.reason}" if self.reason else ""))


@dataclass(frozen=True)
class ProposalView:
    id: int
    case_id: int
    reference: str
    field_path: str
    base_value: Any  # when exported
    proposed_value: Any  # the reviewer's
    current_value: Any  # in the case now
    conflict: bool  # the case's value changed since export: both are shown, nothing silent
    status: str
    reviewer: str
    pack_id: str
    decided_by: str | None
    decided_at: str | None
    # Several reviewers may answer one pack: the other live proposals for this field (not
    # replaced ones), so that no reviewer's value hides behind another's.
    others: Sequence[OtherProposal] = ()
    # The accepted proposal the current value came from, when it is not this one.
    current_from: OtherProposal | None = None
    # The case's status now: a closed case's proposal waits until the case is reopened.
    case_status: str = ""
    # With a conflict: the latest change made here to the field since the export.
    changed_here: ChangedHere | None = None
    # The fields tied to this one (tied_fields: an amount's currency for its value) changed
    # here since the export, as (field, value when exported, value now): a conflict too,
    # the reviewer's 35,000,000 having been meant in the currency they saw.
    tied_changed: tuple[tuple[str, Any, Any], ...] = ()
    # A pending proposal the facts checks refuse at its field (a place the app cannot read,
    # "many" for board seats): why, for the one deciding (refused_value_words); "" when none.
    refused: str = ""
    # The reason the one deciding gave with the decision (kept in its audit event), so the
    # Proposed changes window says it beside the decision; "" when none was given.
    decision_reason: str = ""
    # After an accept: the facts that the accepted value leaves contradicting each other
    # (a completion before the signing, a worldwide turnover under the China one), as the
    # wizard holds Next on them and an import warns, for the one deciding.
    to_check: tuple[Problem, ...] = ()
    # Superseded because the reviewer took it back (a later response proposed the pack's
    # value again, or left the field out), not because they revised it.
    withdrawn: bool = False
    # After an accept: the regimes whose determination the facts, as they are now, change
    # (services.screening.unscreened_of): the case is to be screened again.
    screen_again: tuple[str, ...] = ()

    @property
    def only_tied_changed(self) -> bool:
        """A conflict of a field tied to this one alone (the amount's currency): its own
        value is as exported, or already the one proposed."""
        return bool(self.tied_changed) and self.current_value in (self.base_value,
                                                                  self.proposed_value)


@dataclass(frozen=True)
class RecommendationView:
    reference: str
    pack_id: str
    reviewer: str
    reviewer_key: str
    recommendation: str
    reasons: str
    imported_at: str


def _other(row: ReviewProposal) -> OtherProposal:
    assert row.id is not None
    return OtherProposal(row.id, row.reviewer, _loads(row.proposed_value), row.status,
                         row.decided_by)


def _live_proposals(session: Session, case_id: int, field_path: str) -> list[ReviewProposal]:
    """The case's proposals for one field that still count (not replaced), oldest first."""
    return list(session.exec(select(ReviewProposal).where(
        ReviewProposal.case_id == case_id, ReviewProposal.field_path == field_path,
        col(ReviewProposal.status).in_(("pending", "accepted", "rejected")),
    ).order_by(col(ReviewProposal.id))).all())


@dataclass(frozen=True)
class _FieldProposals:
    """What the views of one case field's proposals share, worked out once per field: per
    proposal, the others and the accepted one the value came from took a pass over all of
    them (2,000 proposals on one field took 40 s to list)."""
    current: Any  # the field's value in the case now
    live: tuple[OtherProposal, ...]  # the live proposals (see _live_proposals), oldest first
    place: dict[int, int]  # proposal id -> its place in `live`
    source: OtherProposal | None  # the latest accepted live one whose value the field has
    facts: Any = None  # the case's facts, to check a pending proposal's value against
    # proposed value (as JSON) -> value_problem: each value checked once per field
    checked: dict[str, str] = field(default_factory=dict)

    def problem(self, field_path: str, value: Any) -> str:
        """value_problem of a pending proposal's value, once per value."""
        if self.facts is None or value == self.current:  # the field's own value is fit
            return ""
        key = _dumps(value)
        if key not in self.checked:
            self.checked[key] = value_problem(self.facts, field_path, value)
        return self.checked[key]


def _field_proposals(facts: Any, field_path: str, live: list[ReviewProposal]) -> _FieldProposals:
    current = fact_value(facts, field_path)
    views = tuple(_other(o) for o in live)
    # Latest decided first; the same decision time, the later proposal.
    accepted = sorted(((o, v) for o, v in zip(live, views, strict=True) if o.status == "accepted"),
                      key=lambda pair: (pair[0].decided_at or "", pair[0].id or 0), reverse=True)
    source = next((v for _o, v in accepted if v.proposed_value == current), None)
    return _FieldProposals(current, views, {v.id: n for n, v in enumerate(views)}, source,
                           facts if isinstance(facts, dict) else None)


def _proposal_view(row: ReviewProposal, case: Case, live: list[ReviewProposal], *,
                   field: _FieldProposals | None = None, exported: Any = None,
                   proposed_with: Mapping[str, Any] | None = None) -> ProposalView:
    """`live`: the field's live proposals (see _live_proposals); `field`, when given, is
    _field_proposals of the case's facts, that field and `live` (shared by its rows);
    `exported`: the facts the pack carried, for a field with tied ones (tied_fields), and
    `proposed_with` what the same response proposed for those (_proposed_with)."""
    assert row.id is not None and case.id is not None
    field = field or _field_proposals(json.loads(case.facts), row.field_path, live)
    current = field.current
    base = _loads(row.base_value)
    proposed = _loads(row.proposed_value)
    tied = (tied_changes(row.field_path, exported, json.loads(case.facts), proposed_with)
            if row.status == "pending" else ())
    # Changed since export, to another value than the one proposed (the same change made
    # here meanwhile is no conflict: accepting it changes nothing), or a field it goes with.
    conflict = row.status == "pending" and ((current != base and current != proposed) or bool(tied))
    place = field.place.get(row.id)
    others = OtherProposals(field.live, place)
    # The latest accepted proposal whose value the field still has: where it came from.
    source = field.source
    why = field.problem(row.field_path, proposed) if row.status == "pending" else ""
    return ProposalView(
        row.id, case.id, case.reference, row.field_path, base, proposed,
        current, conflict, row.status, row.reviewer,
        row.pack_id, row.decided_by, row.decided_at, others,
        source if source is not None and source.id != row.id else None,
        case.status,
        refused=refused_value_words(why, row.reviewer, row.field_path, case.reference,
                                    proposed) if why else "",
        tied_changed=tied,
    )


def tied_changed_words(changes: Sequence[tuple[str, Any, Any]]) -> str:
    """`Currency changed here from "USD" to "CNY"` (ProposalView.tied_changed), with
    the values as stored (the command line's words; the window says them its own way)."""
    return "; ".join(f"{fact_named(path)} changed here from {_dumps(was)} to {_dumps(now)}"
                     for path, was, now in changes)


def list_proposals(session: Session, *, reference: str | None = None,
                   status: str | None = None) -> list[ProposalView]:
    query = select(ReviewProposal, Case).join(Case, col(Case.id) == col(ReviewProposal.case_id))
    if reference:
        query = query.where(Case.reference == reference)
    if status:
        query = query.where(ReviewProposal.status == status)
    rows = session.exec(query.order_by(col(Case.reference), col(ReviewProposal.id))).all()
    if reference and not rows:
        case_by_reference(session, reference)  # NotFound rather than an empty list
    # Every field's live proposals in one read, not one read per row.
    live: dict[tuple[int, str], list[ReviewProposal]] = {}
    cases = {c.id for _p, c in rows}
    if cases:
        for other in session.exec(select(ReviewProposal).where(
                col(ReviewProposal.case_id).in_(cases),
                col(ReviewProposal.status).in_(("pending", "accepted", "rejected")),
        ).order_by(col(ReviewProposal.id))).all():
            live.setdefault((other.case_id, other.field_path), []).append(other)
    # Each case's facts read, and each field's proposals worked out, once.
    facts: dict[int, Any] = {}
    fields: dict[tuple[int, str], _FieldProposals] = {}
    trail = _trail_since_export(session, [p for p, _c in rows if p.status == "pending"])
    views = []
    for p, c in rows:
        key = (p.case_id, p.field_path)
        if key not in fields:
            if p.case_id not in facts:
                facts[p.case_id] = json.loads(c.facts)
            fields[key] = _field_proposals(facts[p.case_id], p.field_path, live.get(key, []))
        tied = p.status == "pending" and bool(tied_fields(p.field_path))  # an amount's value
        views.append(_proposal_view(
            p, c, live.get(key, []), field=fields[key],
            exported=trail.facts_sent(p.case_id, p.pack_id) if tied else None,
            proposed_with=_proposed_with(p, live) if tied else None))
    changes = {v.id: here for v, (p, _c) in zip(views, rows, strict=True)
               if v.conflict and (here := trail.changed_here(v, p.pack_id)) is not None}
    views = [dataclasses.replace(v, changed_here=changes[v.id]) if v.id in changes else v
             for v in views]
    reasons = _decision_reasons(session, [v for v in views if v.status in ("accepted", "rejected")])
    views = [dataclasses.replace(v, decision_reason=reasons[v.id]) if v.id in reasons else v
             for v in views]
    withdrawn = _withdrawn_ids(session, [(v.id, v.case_id) for v in views
                                         if v.status == "superseded"])
    return [dataclasses.replace(v, withdrawn=True) if v.id in withdrawn else v for v in views]


def _withdrawn_ids(session: Session, superseded: list[tuple[int, int]]) -> set[int]:
    """The proposals among `superseded` ((id, case id) each) that a later response
    withdrew (its event says so), in one read of the trail."""
    if not superseded:
        return set()
    wanted = {number for number, _case in superseded}
    found: set[int] = set()
    for details in session.exec(
            select(Event.details)
            .where(col(Event.case_id).in_({case for _number, case in superseded}),
                   Event.action == "review.proposal_superseded")).all():
        try:
            stored = json.loads(details or "{}")
        except ValueError:
            continue
        number = stored.get("proposal_id") if isinstance(stored, dict) else None
        if isinstance(number, int) and number in wanted and stored.get("withdrawn"):
            found.add(number)
    return found


def _decision_reasons(session: Session, decided: list[ProposalView]) -> dict[int, str]:
    """proposal id -> the reason typed with its decision, in one read of the trail: the
    event's details["decision_reason"] (DECISION_REASON_KEY). Events written before that key
    existed have it only inside their reason text, decide_proposal's "proposed by reviewer R
    in <response>: <typed>", so for those the typed part is read back from there."""
    if not decided:
        return {}
    by_id = {v.id: v for v in decided}
    said: dict[int, str] = {}
    for details, reason in session.exec(
            select(Event.details, Event.reason)
            .where(col(Event.case_id).in_({v.case_id for v in decided}),
                   col(Event.action).in_(("review.proposal_accepted",
                                          "review.proposal_rejected")))
            .order_by(col(Event.id))).all():
        try:
            stored = json.loads(details or "{}")
        except ValueError:
            continue
        if not isinstance(stored, dict):
            continue
        number = stored.get("proposal_id")
        view = by_id.get(number) if isinstance(number, int) else None
        if view is None:
            continue
        typed = stored.get(DECISION_REASON_KEY)
        if isinstance(typed, str):
            said[view.id] = typed.strip()
        elif DECISION_REASON_KEY not in stored:
            said[view.id] = _typed_reason_of_old_event(reason or "", view.reviewer)
    return {k: v for k, v in said.items() if v}


def _typed_reason_of_old_event(reason: str, reviewer: str) -> str:
    """The decider's typed reason inside a decision event written before DECISION_REASON_KEY
    ("proposed by reviewer R in <response>: <typed>"; "" when it has none or another form)."""
    prefix = f"proposed by reviewer {reviewer} in "
    if not reason.startswith(prefix):
        return ""
    _response, sep, typed = reason[len(prefix):].partition(": ")
    return typed.strip() if sep else ""


_ROUND_ACTIONS = ("review.imported", "review.recommendation")  # name the pack answered


@dataclass(frozen=True)
class _TrailSinceExport:
    """What the audit trail says of proposals' packs, from one read of it: which review
    pack each response answers (its import names it, in_reply_to), that pack's
    review.exported event for the case (the facts it carried; event ids follow the
    chain), and the field.changed events of the proposals' fields and their tied ones."""

    answered: dict[tuple[int | None, str], str]  # (case, response id) -> export pack id
    # (case, export pack id) -> its event's id and the facts it carried (read once each)
    exported: dict[tuple[int | None, str], tuple[int, Any]]
    changed: dict[tuple[int | None, str], list[tuple[Event, str | None]]]  # with display names

    def export_of(self, case_id: int, response_id: str) -> tuple[int, Any] | None:
        pack = self.answered.get((case_id, response_id))
        return self.exported.get((case_id, pack)) if pack is not None else None

    def facts_sent(self, case_id: int, response_id: str) -> Any:
        """The case's facts as the pack the response answers carried them (None unknown)."""
        export = self.export_of(case_id, response_id)
        return export[1] if export is not None else None

    def changed_here(self, view: ProposalView, response_id: str) -> ChangedHere | None:
        """The latest change made here to the proposal's field, or a field tied to it,
        after its pack's export."""
        export = self.export_of(view.case_id, response_id)
        if export is None:  # imported before the import named its pack: nothing to go by
            return None
        since = export[0]
        paths = (view.field_path, *(t for t, *_ in view.tied_changed))
        latest = max((e for path in paths for e in self.changed.get((view.case_id, path), [])
                      if (e[0].id or 0) > since), key=lambda e: e[0].id or 0, default=None)
        if latest is None:
            return None
        change, named = latest
        return ChangedHere(change.actor, named or "", change.occurred_at, change.reason)


def _trail_since_export(session: Session, pending: Sequence[ReviewProposal]) -> _TrailSinceExport:
    """_TrailSinceExport for the `pending` proposals, in one read (none without any)."""
    if not pending:
        return _TrailSinceExport({}, {}, {})
    cases = {p.case_id for p in pending}
    fields = {path for p in pending for path in (p.field_path, *tied_fields(p.field_path))}
    rows = session.exec(
        select(Event, User.display_name)
        .join(User, col(User.username) == col(Event.actor), isouter=True)
        .where(col(Event.case_id).in_(cases), or_(
            col(Event.action).in_((*_ROUND_ACTIONS, "review.exported")),
            and_(col(Event.action) == "field.changed", col(Event.field).in_(fields))))
        .order_by(col(Event.id))
    ).all()
    trail = _TrailSinceExport({}, {}, {})
    for event, display_name in rows:
        if event.action in _ROUND_ACTIONS:
            in_reply_to = (_loads(event.details) or {}).get("in_reply_to")
            if isinstance(in_reply_to, str):
                trail.answered.setdefault((event.case_id, event.entity_id), in_reply_to)
        elif event.action == "review.exported":
            if (event.case_id, event.entity_id) not in trail.exported:  # the first export
                details = _loads(event.details)
                trail.exported[(event.case_id, event.entity_id)] = (
                    event.id or 0, details.get("facts") if isinstance(details, dict) else None)
        elif event.field is not None:
            trail.changed.setdefault((event.case_id, event.field), []).append((event, display_name))
    return trail


def pending_proposal_counts(session: Session) -> dict[str, int]:
    """Case reference -> how many proposed changes wait for a decision, for the cases with
    any: what the window opened for one case says is waiting elsewhere."""
    rows = session.exec(
        select(Case.reference, func.count(col(ReviewProposal.id)))
        .join(Case, col(Case.id) == col(ReviewProposal.case_id))
        .where(ReviewProposal.status == "pending")
        .group_by(col(Case.reference))
    ).all()
    return {reference: int(count)
            for reference, count in sorted(rows, key=lambda r: reference_order(r[0]))}


def list_recommendations(session: Session, *, reference: str | None = None) -> list[RecommendationView]:
    query = select(ReviewResponse, Case.reference).join(Case, col(Case.id) == col(ReviewResponse.case_id))
    if reference:
        query = query.where(Case.reference == reference)
    rows = session.exec(query.order_by(col(ReviewResponse.id))).all()
    return [RecommendationView(ref, r.pack_id, r.reviewer, r.reviewer_key, r.recommendation,
                               r.reasons, r.imported_at) for r, ref in rows]


def standing(recs: Sequence[RecommendationView]) -> list[bool]:
    """Whether each of `recs` (in the order received) is its reviewer's latest for its
    case: a later one stands for theirs (the status report prints only it); the earlier
    are listed as such, not as two views of one reviewer."""
    latest = {(r.reference, r.reviewer_key or r.reviewer): i for i, r in enumerate(recs)}
    return [latest[(r.reference, r.reviewer_key or r.reviewer)] == i
            for i, r in enumerate(recs)]


def _apply_field(session: Session, *, case: Case, field_path: str, value: Any, actor: Actor,
                 reason: str, details: dict[str, Any]) -> None:
    """Write one accepted facts field through the case-edit service (audited, versioned)."""
    facts = json.loads(case.facts)
    assert case.id is not None
    update_case_facts(
        session=session, case_id=case.id, expected_version=case.version,
        new_facts=parse_facts(set_path(facts, field_path, value)), actor=actor,
        reason=reason, details=details, permission="review.decide",
    )


def _response_words(session: Session, row: ReviewProposal) -> str:
    """The response a proposal came in, as the preparer knows it: "the response to review
    pack 2c0c3162" (the pack they exported and the import named), not the response's own
    id, which nothing else shows. The response id where the import left no record."""
    details = session.exec(
        select(Event.details).where(Event.case_id == row.case_id,
                                    Event.entity_id == row.pack_id,
                                    col(Event.action).in_(("review.imported",
                                                           "review.recommendation")))
    ).first()
    try:
        answered = json.loads(details or "{}").get("in_reply_to")
    except (ValueError, AttributeError):
        answered = None
    if isinstance(answered, str) and answered:
        return f"the response to review pack {_pack_short(answered)}"
    return f"review response {_pack_short(row.pack_id)}"


def unreadable_place_words(why: str, reviewer: str, field_path: str, reference: str) -> str:
    """Why a proposed place cannot be accepted, for the one deciding (not the one typing:
    read_place's "write its two-letter code…" is advice for the reviewer): "'Atlantis' is not
    a place the app knows: rita (Reviewer laptop) proposed it for Headquarters (Target) of
    AP-2026-0001; reject it, and ask the reviewer which place they meant"."""
    return _for_the_one_deciding(_without_advice(why), reviewer, field_path, reference, "place")


def _without_advice(why: str) -> str:
    """A facts check's words less their advice for the one typing ("…: write its two-letter
    code", "…: use YYYY-MM-DD")."""
    return re.split(r": (?:write|use) ", why, maxsplit=1)[0]


def _for_the_one_deciding(problem: str, reviewer: str, field_path: str, reference: str,
                          noun: str) -> str:
    return (f"{problem}: {reviewer} proposed it for {fact_label(field_path)} of {reference}; "
            f"reject it, and ask the reviewer which {noun} they meant")


def value_problem(facts: dict[str, Any], field_path: str, value: Any) -> str:
    """Why `value` cannot go into `field_path` of these facts ("" when it can), by the
    checks every facts input passes (parse_facts: the schema, the model and the wizard's
    content checks) as Accept would meet them: a place the app cannot read, "many" for a
    number, "31/12" for a date, a code a choice does not have. Problems of other fields
    (a case saved before a limit was set) are not this value's."""
    if field_path in PLACE_FIELDS and isinstance(value, str):
        try:
            value = read_place(value)
        except Unreadable as exc:
            return str(exc)
    try:
        parse_facts(set_path(facts, field_path, value))
    except InputError as exc:
        for problem in exc.problems:
            if (problem.path == field_path
                    or problem.path.startswith((f"{field_path}.", f"{field_path}["))):
                return problem.message
    return ""


def refused_value_words(why: str, reviewer: str, field_path: str, reference: str,
                        value: Any) -> str:
    """Why a proposed value cannot be accepted, for the one deciding: a place as
    unreadable_place_words says it; any other value with the facts checks' words, less
    the advice for the one typing ("write it YYYY-MM-DD") and the file's "null": "the
    value must be a whole number (got "many"): rita proposed it for Board seats of
    AP-2026-0001; reject it, and ask the reviewer which value they meant"."""
    if field_path in PLACE_FIELDS and isinstance(value, str):
        try:
            read_place(value)
        except Unreadable:
            return unreadable_place_words(why, reviewer, field_path, reference)
    problem = _without_advice(why).replace(", or null when not known", "")
    if problem.startswith("must "):
        problem = f"the value {problem}"
    return _for_the_one_deciding(problem, reviewer, field_path, reference, "value")


# decide_proposal's `confirmed_current` when no value was confirmed (None is a value: a
# field cleared).
NOT_CONFIRMED: Any = object()


def decide_proposal(
    session: Session,
    *,
    proposal_id: int,
    accept: bool,
    actor: Actor,
    override_conflict: bool = False,
    reason: str = "",
    confirmed_current: Any = NOT_CONFIRMED,
) -> ProposalView:
    """Accept (apply) or reject one proposed field change. Accepting over a conflicting
    edit (the field changed since export) needs `override_conflict`: never silent. With
    `confirmed_current`, the value the officer saw and confirmed replacing: a field
    changed again since (a colleague's save while the question was open) is refused, not
    overwritten unseen."""
    actor = require(session, actor, "review.decide")
    refuse_unprintable("reason", reason)
    row = session.get(ReviewProposal, proposal_id)
    if row is None:
        raise NotFound(f"There is no proposed change {proposal_id}.")
    if row.status != "pending":
        by = row.decided_by or ""
        if row.status == "superseded":
            # In the words Proposed changes uses, the response by the app's short pack id
            # ("superseded by response b2dd0537-41ba-…", a whole UUID, read as internals).
            response = by.removeprefix("response ")[:8]
            how = ("withdrawn by the reviewer" if _withdrawn_ids(
                session, [(proposal_id, row.case_id)]) else "replaced by a later response")
            raise ConflictError(f"Proposed change {proposal_id} was already {how} "
                                f"({response}): nothing is left to decide.")
        who = person_named(by, user_names(session))  # by name, as the app says people
        raise ConflictError(f"Proposed change {proposal_id} was already {row.status} by {who}.")
    case = session.get(Case, row.case_id)
    assert case is not None
    tied = tied_fields(row.field_path)
    view = _proposal_view(
        row, case, _live_proposals(session, row.case_id, row.field_path),
        exported=_trail_since_export(session, [row]).facts_sent(row.case_id, row.pack_id)
        if tied else None,
        proposed_with=_proposed_with(row, {(row.case_id, path): _live_proposals(
            session, row.case_id, path) for path in tied}) if tied else None)
    details = {"reviewer": row.reviewer, "review_pack": row.pack_id, "proposal_id": row.id,
               "base_value": view.base_value, "proposed_value": view.proposed_value,
               DECISION_REASON_KEY: reason.strip()}
    # The decision's own event names whose proposal it was (the status report shows the
    # reason, and with two reviewers "proposed change accepted" alone says too little).
    because = (f"proposed by reviewer {row.reviewer} in {_response_words(session, row)}"
               + (f": {reason}" if reason else ""))
    applied = view.proposed_value
    if accept and row.field_path in PLACE_FIELDS and isinstance(applied, str):
        # A place as a response sent it: its code goes into the facts (screening compares
        # codes); one the app cannot read is refused just below, as sent.
        with contextlib.suppress(Unreadable):
            applied = read_place(applied)
    if accept and (why := value_problem(json.loads(case.facts), row.field_path, applied)):
        # A place the app cannot read, or a value of the wrong kind for its field (both
        # named at import too): the field and why, for the one deciding, not the facts
        # checks' bare words.
        raise InputError(Problem(row.field_path, refused_value_words(
            why, row.reviewer, row.field_path, case.reference, applied)))
    if accept:
        if view.conflict and not override_conflict:
            came = (f" (the value of proposal {view.current_from.words(user_names(session))})"
                    if view.current_from is not None else "")
            if view.only_tied_changed:
                raise ConflictError(
                    f"{case.reference}: {tied_changed_words(view.tied_changed)} since the review "
                    f"pack was exported, and reviewer {row.reviewer} proposed "
                    f"{fact_named(row.field_path)} {_dumps(view.proposed_value)} with it as it was. "
                    "Accept it explicitly with the current value, or reject it.",
                    changes=[row.field_path, *(path for path, *_ in view.tied_changed)],
                )
            raise ConflictError(
                f"{fact_named(row.field_path)} of {case.reference} changed since the review pack was "
                f"exported: it was {_dumps(view.base_value)}, it is now "
                f"{_dumps(view.current_value)}{came}; reviewer {row.reviewer} proposes "
                f"{_dumps(view.proposed_value)}. Accept it explicitly over the current value, "
                "or reject it.",
                changes=[row.field_path],
            )
        if override_conflict and confirmed_current is not NOT_CONFIRMED \
                and view.current_value != confirmed_current:
            raise ConflictError(
                f"{fact_named(row.field_path)} of {case.reference} changed again since you confirmed "
                f"replacing it: it was {_dumps(confirmed_current)}, it is now "
                f"{_dumps(view.current_value)}. Look at it again before deciding; nothing "
                "was changed.", changes=[row.field_path])
        details["overrode_current_value"] = view.current_value if view.conflict else None
        if view.current_from is not None and view.conflict:
            details["overrode_proposal"] = view.current_from.id
        facts_before = json.loads(case.facts)
        _apply_field(session, case=case, field_path=row.field_path, value=applied,
                     actor=actor, reason=because, details=details)
    row.status = "accepted" if accept else "rejected"
    row.decided_by = actor.username
    row.decided_at = utc_now()
    session.add(row)
    # A rejection leaves the field as it was: its new value is the current one (the CSV's
    # Old value 51, New value 49 read as a change); what was proposed is in the details.
    append_event(session, actor=actor, action=f"review.proposal_{row.status}", entity="case",
                 entity_id=case.reference, case_id=case.id, field=row.field_path,
                 old=view.current_value, new=applied if accept else view.current_value,
                 reason=because, details=details)
    session.flush()
    session.refresh(case)
    decided = _proposal_view(row, case, _live_proposals(session, row.case_id, row.field_path))
    if not accept:
        return decided
    # Accepted, the case holds the value as the reviewer sent it: what it contradicts is
    # said now (the wizard and an import say it), not found later in a filing; and which
    # regimes' screening it outdates (the case keeps its status until it is screened again).
    return dataclasses.replace(
        decided, to_check=newly_to_check(facts_before, json.loads(case.facts)),
        screen_again=tuple(sorted(unscreened_of(session, case).regimes)))
