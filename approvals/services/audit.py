"""Audit trail checks: walk the hash chain and report the first bad event, then compare
the chain's end with the anchor kept outside the database (store/anchor.py), which shows
a trail cut at its end or emptied. Then the files the trail vouches for: every stored
document (attached files and stored finals, restricted ones too) is hashed and compared
with its row, and the row with the SHA-256 the trail recorded when the file was stored.
Last, the records the app works from whose every change is an event: each filing track's
state, each user's roles and whether the account is active, against what the trail
recorded last (an edit made to the database outside the app passed unseen)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select
from sqlmodel import Session, col

from approvals.domain.errors import NotFound
from approvals.domain.numbers import counted
from approvals.domain.workflow import state_label
from approvals.paths import DataDir
from approvals.services.progress import CancelCheck, Meter, Progress
from approvals.store.anchor import SETTING_STARTED, assess, read_anchor, started_value
from approvals.store.audit import walk_chain
from approvals.store.db import DATABASE, Database
from approvals.store.files import copy_hashed
from approvals.store.models import Case, Document, Event, FilingTrack, Setting

# The events that record a stored file's SHA-256 (services.documents, services.filings).
_STORING_ACTIONS = ("document.attached", "filing.finalised")


@dataclass(frozen=True)
class BadDocument:
    """A stored document that failed the check, and what is wrong with it."""

    document_id: int
    reference: str  # the case's
    file_name: str
    problems: tuple[str, ...]

    @property
    def line(self) -> str:
        return (f"{self.reference} {self.file_name} (document {self.document_id}): "
                + "; ".join(self.problems))


class _Findings:
    """A check of the records the trail vouches for: passed when it found nothing bad."""

    bad: tuple[Any, ...]

    @property
    def ok(self) -> bool:
        return not self.bad


@dataclass(frozen=True)
class DocumentCheck(_Findings):
    checked: int  # documents (rows) checked
    bad: tuple[BadDocument, ...] = ()

    @property
    def headline(self) -> str:
        if self.ok:
            if self.checked == 1:
                return "Documents: 1 stored file matches its recorded SHA-256."
            return f"Documents: {self.checked:,} stored files match their recorded SHA-256."
        return (f"Documents: {len(self.bad):,} of {self.checked:,} stored files fail the check "
                "against their recorded SHA-256:")


@dataclass(frozen=True)
class RecordCheck(_Findings):
    """The tracks' states and the users' roles and status against the trail's last word."""

    tracks: int  # tracks with a recorded state, compared
    users: int  # users with a recorded creation, compared
    bad: tuple[str, ...] = ()  # one line each, naming the record and the event

    @property
    def headline(self) -> str:
        if self.ok:
            users = (f" and the roles and status of {counted(self.users, 'user')}"
                     if self.users else "")
            return (f"Records: the states and outcomes of {counted(self.tracks, 'filing track')}{users} "
                    "match the audit trail.")
        differ = "differs" if len(self.bad) == 1 else "differ"
        return (f"Records: {counted(len(self.bad), 'record')} {differ} from what the audit "
                "trail recorded last (changed in the database outside the app):")


# What to do about a broken chain: the records from the break on cannot be vouched for,
# and the folder as it is now is the evidence of what was changed.
BROKEN_NEXT_STEP = ("Keep a copy of the data folder as it is now and report it to your "
                    "administrator, who can compare it with a backup made before the change.")


@dataclass(frozen=True)
class VerifyReport:
    chain_ok: bool  # the hash chain and its anchor
    events_checked: int
    first_bad_event: int | None
    message: str
    # The anchor, in words: what it recorded and how the database stands against it
    # ("" when the session belongs to no data folder, so no anchor was looked at).
    anchor: str = ""
    cut: bool = False  # the failure is the anchor's: events missing at the end, or its file
    # The anchored event is there with another hash: the events link up with each other
    # because they were written anew, so they are not said to be intact.
    rewritten: bool = False
    # The stored documents (None when the session belongs to no data folder).
    documents: DocumentCheck | None = None
    # The tracks' states and the users' roles against the trail (None: not checked).
    records: RecordCheck | None = None
    # A break's cause said of the event the summary has already named ("it was altered
    # after it was recorded"); "" to say `message` as it is.
    cause: str = ""

    @property
    def ok(self) -> bool:
        """The chain, its anchor, every stored document and the records passed."""
        return (self.chain_ok and (self.documents is None or self.documents.ok)
                and (self.records is None or self.records.ok))

    @property
    def summary(self) -> str:
        """The chain's result in one sentence, as the CLI and the app both say it."""
        if self.chain_ok:
            return f"Audit trail intact: {counted(self.events_checked, 'event')} checked."
        if self.cut:
            # Held together, not "intact": a trail cut at the end and one rewritten shorter
            # read the same; only a backup tells them apart.
            link = "links up" if self.events_checked == 1 else "link up with each other"
            held = (f" (the {counted(self.events_checked, 'event')} there {link})"
                    if self.events_checked and not self.rewritten else "")
            # The same next step as a break: the events gone from the end can only be
            # recovered from a backup made before they were removed.
            # The anchor file itself (edited, its key gone, deleted): no event is known
            # to be missing, so the trail is not said to be cut.
            what = ("audit anchor broken" if self.first_bad_event is None
                    else "audit trail rewritten" if self.rewritten else "audit trail cut")
            return f"{what}: {self.message}{held}. {BROKEN_NEXT_STEP}"
        # The event named once, what was wrong with it, how far the trail still holds, and
        # the next step: the auditor's question is what to do, not which hash differed.
        before = self.events_checked - 1
        held = (f"the {counted(before, 'event')} before it {'is' if before == 1 else 'are'} "
                "intact" if before > 0 else "it is the first event the database holds")
        return (f"audit trail broken at event {self.first_bad_event}: {self.cause or self.message} "
                f"({held}). {BROKEN_NEXT_STEP}")

    @property
    def anchor_line(self) -> str:
        """What the anchor says, shown under an intact result ("" when none was looked at)."""
        return f"Anchor: {self.anchor}." if self.chain_ok and self.anchor else ""

    @property
    def document_lines(self) -> list[str]:
        """The documents' result: one line when all match, else a headline and one line per
        bad document ([] when none were looked at)."""
        if self.documents is None:
            return []
        return [self.documents.headline, *(f"  {bad.line}" for bad in self.documents.bad)]

    @property
    def record_lines(self) -> list[str]:
        """The records' result, as document_lines says the documents'."""
        if self.records is None:
            return []
        return [self.records.headline, *(f"  {line}" for line in self.records.bad)]


def verify(session: Session, *, progress: Progress | None = None,
           cancelled: CancelCheck | None = None) -> VerifyReport:
    """Check every event's links and hash in id order, then the anchor, then every stored
    document of the data folder (both are reported, whichever fails).

    Give it a fresh session from `Database.session()`/`read_session()`: the anchor file is
    read before the first query, so the snapshot holds every event it can name. A database
    from an earlier version, with events but no anchor yet, gets one here (and says so).
    Use a read session: the files are hashed in its snapshot, and hashing a large documents
    folder must not hold the write lock. `progress(fraction, message)` follows the hashing
    (files hashed of the total); `cancelled()` turning True stops it with Cancelled."""
    report = replace(_verify_chain(session), records=_check_records(session))
    database = session.info.get(DATABASE)
    if not isinstance(database, Database):
        return report
    meter = Meter(progress, cancelled)
    return replace(report, documents=_check_documents(session, database.data_dir, meter))


# The last event that set each track's state (SQLite takes a bare column from the row of
# max(): one grouped pass in C over a million events, a dict of 180,000 rows at most).
_LAST_STATES_SQL = (
    "SELECT track_id, max(id), new_value FROM events WHERE action IN "
    "('track.opened', 'track.transition') AND track_id IS NOT NULL GROUP BY track_id")
# And the screening outcome each was opened for, or changed to by an accepted re-screening.
_LAST_OUTCOMES_SQL = (
    "SELECT track_id, max(id), action, new_value FROM events WHERE action IN "
    "('track.opened', 'track.outcome_changed') AND track_id IS NOT NULL GROUP BY track_id")
_USER_EVENTS_SQL = (
    "SELECT id, action, entity_id, new_value FROM events WHERE entity = 'user' AND action IN "
    "('user.created', 'user.roles_changed', 'user.deactivated', 'user.reactivated') "
    "ORDER BY id")


def _check_records(session: Session) -> RecordCheck:
    """Each track's state and each user's roles and active flag against the last event
    that set them. Only these: every change to them is an event, and no migration ever
    rewrote one. A row no event speaks for, and a row the trail records that is gone, is
    named too (the app opens every track and creates every user with its event, and
    deletes neither); an altered event is the chain check's to name. Plain
    tuples from the session's own DB-API cursor (its snapshot), as services.workspace
    reads the open tracks: at a million events the ORM's rows took three seconds."""
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        last_states = cursor.execute(_LAST_STATES_SQL).fetchall()
        last_outcomes = cursor.execute(_LAST_OUTCOMES_SQL).fetchall()
        track_rows = cursor.execute("SELECT id, state, outcome FROM filing_tracks").fetchall()
        user_events = cursor.execute(_USER_EVENTS_SQL).fetchall()
        user_rows = cursor.execute(
            "SELECT username, roles, active FROM users ORDER BY username").fetchall()
    finally:
        cursor.close()
    tracks, track_lines = _track_findings(session, last_states, last_outcomes, track_rows)
    users, user_lines = _user_findings(user_events, user_rows)
    return RecordCheck(tracks, users, (*track_lines, *user_lines))


def _track_findings(session: Session, last_states: list[Any], last_outcomes: list[Any],
                    track_rows: list[Any]) -> tuple[int, list[str]]:
    """(tracks compared, what is wrong) of the tracks' states against their last step, and
    their outcomes against the event that opened them or last changed it: an outcome
    rewritten from "prohibited" let a prohibited deal be completed."""
    recorded: dict[int, tuple[int, str]] = {}
    for track_id, event_id, new_value in last_states:
        value = _loaded(new_value)
        state = value.get("state") if isinstance(value, dict) else value
        if isinstance(state, str):
            recorded[int(track_id)] = (int(event_id), state)
    outcomes: dict[int, tuple[int, str]] = {}
    for track_id, event_id, action, new_value in last_outcomes:
        value = _loaded(new_value)
        outcome = value.get("outcome") if action == "track.opened" and isinstance(value, dict) \
            else value
        if isinstance(outcome, str):
            outcomes[int(track_id)] = (int(event_id), outcome)
    track_states = [(track_id, state) for track_id, state, _outcome in track_rows]
    differing = [(track_id, state) for track_id, state in track_states
                 if track_id in recorded and recorded[track_id][1] != state]
    other_outcome = [(track_id, outcome) for track_id, _state, outcome in track_rows
                     if track_id in outcomes and outcomes[track_id][1] != outcome]
    # Rows no event speaks for (inserted with a database tool) and rows the trail records
    # that are gone (deleted): the app never does either.
    unrecorded = [track_id for track_id, _state in track_states if track_id not in recorded]
    gone = sorted(set(recorded) - {track_id for track_id, _state in track_states})
    bad: list[str] = []
    if differing or unrecorded or other_outcome:  # named as the officer knows them, by ids
        named = {row[0]: row[1:] for row in session.execute(
            select(col(FilingTrack.id), col(FilingTrack.kind), col(FilingTrack.regime),
                   col(Case.reference))
            .join(Case, col(Case.id) == col(FilingTrack.case_id), isouter=True)
            .where(col(FilingTrack.id).in_([t for t, _s in differing + other_outcome]
                                           + unrecorded))).all()}
        for track_id, outcome in other_outcome:
            _kind, regime, reference = named[track_id]
            event_id, last = outcomes[track_id]
            bad.append(f"{reference or 'a case'} {regime} track: outcome {outcome!r} in the "
                       f"database; event #{event_id} recorded it {last!r}")
        for track_id, state in differing:
            kind, regime, reference = named[track_id]
            event_id, last = recorded[track_id]
            bad.append(f"{reference or 'a case'} {regime} track: {_state(kind, state)} in the "
                       f"database; event #{event_id} left it {_state(kind, last)}")
        for track_id in unrecorded:
            kind, regime, reference = named[track_id]
            bad.append(f"{reference or 'a case'} {regime} track (track {track_id}): in the "
                       "database, but no event records it being opened")
    bad += [f"track {track_id}: event #{recorded[track_id][0]} records it, but it is not in "
            "the database" for track_id in gone]
    return len(track_states) - len(unrecorded), bad


def _user_findings(user_events: list[Any], user_rows: list[Any]) -> tuple[int, list[str]]:
    """(users compared, what is wrong) of the users' roles and status against the events
    that created and changed them."""
    recorded: dict[str, dict[str, Any]] = {}
    for event_id, action, username, new_value in user_events:
        value = _loaded(new_value)
        if action == "user.created":
            if isinstance(value, dict) and isinstance(value.get("roles"), list):
                recorded[username] = {"roles": (event_id, set(value["roles"])),
                                      "active": (event_id, True)}
        elif username in recorded:
            if action == "user.roles_changed" and isinstance(value, list):
                recorded[username]["roles"] = (event_id, set(value))
            elif action in ("user.deactivated", "user.reactivated"):
                recorded[username]["active"] = (event_id, action == "user.reactivated")
    bad = [f"user {username}: event #{recorded[username]['roles'][0]} records its creation, "
           "but it is not in the database"
           for username in sorted(set(recorded) - {row[0] for row in user_rows})]
    users = 0
    for username, roles, active in user_rows:
        if (seen := recorded.get(username)) is None:
            bad.append(f"user {username}: in the database, but no event records its creation")
            continue
        users += 1
        held = _loaded(roles)
        held_roles = set(held) if isinstance(held, list) else {str(roles)}
        (roles_at, want_roles), (active_at, want_active) = seen["roles"], seen["active"]
        if held_roles != want_roles:
            bad.append(f"user {username}: roles {_roles(held_roles)} in the database; event "
                       f"#{roles_at} left them {_roles(want_roles)}")
        if bool(active) != want_active:
            bad.append(f"user {username}: {'active' if active else 'deactivated'} in the "
                       f"database; event #{active_at} left the account "
                       f"{'active' if want_active else 'deactivated'}")
    return users, bad


def _loaded(text: str | None) -> Any:
    try:
        return json.loads(text or "null")
    except ValueError:  # an altered event: the chain check names it
        return None


def _state(kind: str, state: str) -> str:
    try:
        return f"{state_label(kind, state)} ({state})"
    except (NotFound, KeyError):  # a state or kind the workflows do not know: as stored
        return f"'{state}'"


def _roles(roles: set[Any]) -> str:
    return ", ".join(sorted(str(r) for r in roles)) or "none"


def _rewritten(first_bad: int | None, last_id: int) -> bool:
    """The anchor's event is still there (with another hash), not missing from the end."""
    return first_bad is not None and first_bad <= last_id


def _verify_chain(session: Session) -> VerifyReport:
    database = session.info.get(DATABASE)
    file = read_anchor(database.data_dir) if isinstance(database, Database) else None
    walk = walk_chain(session, at=file.anchor.event_id if file and file.anchor else None)
    count = walk.count
    if walk.broken is not None:
        return VerifyReport(False, count, walk.broken.event_id, walk.broken.message,
                            cause=walk.broken.cause)
    intact = f"audit trail intact: {counted(count, 'event')} checked"
    if file is None or not isinstance(database, Database):
        return VerifyReport(True, count, None, intact)
    row = session.get(Setting, SETTING_STARTED)
    seen = assess(file, last_id=walk.last_id, hash_at_anchor=walk.hash_at,
                  started=started_value(row.value if row else None))
    if seen.verdict == "broken":
        # Seen from a read snapshot a writer may have moved on since; decide under the lock.
        seen = database.assess_anchor()
        if seen.verdict == "broken":
            return VerifyReport(False, count, seen.first_missing, seen.message,
                                anchor=seen.message, cut=True,
                                rewritten=_rewritten(seen.first_missing, walk.last_id))
    if seen.verdict == "unanchored":
        update = database.advance_anchor()
        if update is None:
            return VerifyReport(True, count, None, intact,
                                anchor="no anchor yet, and it could not be written (see the log)")
        before = update.assessment
        if before.verdict == "broken":
            return VerifyReport(False, count, before.first_missing, before.message,
                                anchor=before.message, cut=True,
                                rewritten=_rewritten(before.first_missing, walk.last_id))
        if update.written is None:
            return VerifyReport(True, count, None, intact, anchor=before.message)
        reached = f"anchored the head #{update.written.event_id} now"
        note = (f"{before.message}: {reached}" if before.verdict == "unanchored"
                else f"{before.message}; {reached}")
        return VerifyReport(True, count, None, intact, anchor=note)
    return VerifyReport(True, count, None, intact, anchor=seen.message)


@dataclass(frozen=True)
class _Recorded:
    """What the trail recorded about a stored file: the event, its SHA-256 and size."""

    event_id: int
    sha256: str
    size: int | None  # a stored final's event records no size
    case_id: int | None = None  # the event's case
    file_name: str = ""  # as the event recorded it, where it did


def _recorded_hashes(session: Session) -> dict[int, _Recorded]:
    """Document id -> what the latest event storing it recorded (the latest, so that an id
    SQLite reuses after a deletion is judged by its own event)."""
    # SQLAlchemy's select (sqlmodel's is typed for four columns at most), run by the
    # session as session.exec runs it: pending rows are flushed first.
    rows = session.execute(
        select(col(Event.id), col(Event.entity_id), col(Event.action), col(Event.new_value),
               col(Event.details), col(Event.case_id))
        .where(col(Event.entity) == "document", col(Event.action).in_(_STORING_ACTIONS))
        .order_by(col(Event.id))
    ).all()
    recorded: dict[int, _Recorded] = {}
    for event_id, entity_id, action, new_value, details, case_id in rows:
        try:
            values = json.loads((new_value or "null") if action == "document.attached"
                                else (details or "{}"))
            document_id = int(entity_id)
        except ValueError:  # an altered event: the chain check names it
            continue
        if not isinstance(values, dict) or not isinstance(values.get("sha256"), str):
            continue
        size = values.get("size")
        name = values.get("file_name")
        recorded[document_id] = _Recorded(int(event_id or 0), values["sha256"],
                                          size if isinstance(size, int) else None, case_id,
                                          name if isinstance(name, str) else "")
    return recorded


def _short(sha: str) -> str:
    return sha[:12] + "…"


def _hash_file(path: Path, meter: Meter, message: str) -> tuple[str, int] | str:
    """(sha256, size) of the file, streamed in chunks; or what is wrong, in words."""
    try:
        with path.open("rb") as fh:
            return copy_hashed(fh, on_chunk=lambda n: meter.add(n, message))
    except FileNotFoundError:
        return "missing: the stored file is not in the documents folder"
    except IsADirectoryError:
        return "missing: a folder stands where the stored file should be"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"


def _check_documents(session: Session, data_dir: DataDir, meter: Meter) -> DocumentCheck:
    """Hash every stored file once (finals and equal attachments may share one) and judge
    each document row: its file against what the trail recorded (the row, if the trail
    recorded nothing), and the row against the trail, which catches a row edited to fit a
    changed file. Restricted documents are checked like any other: only their names show."""
    # Only the columns judged, not ORM objects: a folder of 100,000 documents stays light.
    rows = session.execute(
        select(col(Document.id), col(Document.case_id), col(Document.file_name),
               col(Document.sha256), col(Document.size), col(Document.stored_path),
               col(Case.reference))
        .join(Case, col(Case.id) == col(Document.case_id), isouter=True)
        .order_by(col(Document.id))
    ).all()
    recorded = _recorded_hashes(session)
    inside = {doc.stored_path: data_dir.stored_document(doc.stored_path) for doc in rows}
    sizes = {}
    for stored, path in inside.items():
        try:
            sizes[stored] = path.stat().st_size if path is not None else 0
        except OSError:
            sizes[stored] = 0
    meter.total = sum(sizes.values())
    total = len(inside)
    meter.report(0.0, f"Checking stored documents: 0 of {total:,} files hashed")
    hashed: dict[str, tuple[str, int] | str] = {}
    bad: list[BadDocument] = []
    for doc in rows:
        if doc.stored_path not in hashed:
            path = inside[doc.stored_path]
            message = f"Checking stored documents: {len(hashed):,} of {total:,} files hashed"
            hashed[doc.stored_path] = (
                "its stored path points outside the documents folder" if path is None
                else _hash_file(path, meter, message))
            meter.report(meter.done / meter.total if meter.total else 1.0,
                         f"Checking stored documents: {len(hashed):,} of {total:,} files hashed")
        problems = _judge(doc, recorded.get(doc.id), hashed[doc.stored_path])
        if problems:
            bad.append(BadDocument(doc.id, doc.reference or f"case #{doc.case_id}",
                                   doc.file_name, tuple(problems)))
    # A document the trail stored with no row: the app never deletes one (a withdrawal
    # keeps it), so its row was deleted from outside the app, its file often with it.
    held = {doc.id for doc in rows}
    gone = sorted(set(recorded) - held)
    if gone:
        references = dict(session.execute(
            select(col(Case.id), col(Case.reference))
            .where(col(Case.id).in_({recorded[d].case_id for d in gone}))).all())
        bad += [BadDocument(document_id, references.get(recorded[document_id].case_id)
                            or f"case #{recorded[document_id].case_id}",
                            recorded[document_id].file_name or "(file name not recorded)",
                            (f"event #{recorded[document_id].event_id} records it, but it is "
                             "not in the database",))
                for document_id in gone]
    meter.finish(f"Checked {counted(len(rows), 'stored document')} ({counted(total, 'file')})")
    return DocumentCheck(len(rows) + len(gone), tuple(bad))


def _judge(doc: Row[Any], record: _Recorded | None, found: tuple[str, int] | str) -> list[str]:
    """What is wrong with one document (its row `doc`, the trail's `record`, its file)."""
    problems = []
    if record is None:
        problems.append("not in the audit trail: no event recorded its SHA-256")
    else:
        differ = []
        if record.sha256 != doc.sha256:
            differ.append(f"SHA-256 {_short(doc.sha256)} where event #{record.event_id} "
                          f"recorded {_short(record.sha256)}")
        if record.size is not None and record.size != doc.size:
            differ.append(f"size {doc.size:,} bytes where event #{record.event_id} "
                          f"recorded {record.size:,}")
        if differ:
            problems.append("row differs from the audit record: the row says "
                            + " and ".join(differ))
    # The file is judged against the trail's record where there is one: the row may be
    # the thing that was edited.
    want_sha = record.sha256 if record else doc.sha256
    want_size = record.size if record and record.size is not None else (
        doc.size if record is None or record.sha256 == doc.sha256 else None)
    if isinstance(found, str):
        problems.append(found)
        return problems
    sha, size = found
    if want_size is not None and size != want_size:
        problems.append(f"size differs: the file has {size:,} bytes; the trail recorded "
                        f"{want_size:,}")
    elif sha != want_sha:
        # "is 14ae…, 5bb8… recorded" read as two hashes the file has.
        problems.append(f"changed: the file's SHA-256 is {_short(sha)}; the trail recorded "
                        f"{_short(want_sha)}")
    return problems
