"""The audit anchor: the chain head recorded outside the database, signed.

The hash chain shows an edited, reordered or deleted event, but a trail cut at its end
(or emptied) is still a consistent chain. So after every committed write that appended
events, the head — event id, its hash, UTC time — is written to `audit-anchor.json` in
the data folder, signed with the installation's Ed25519 key (keys/, never in backups),
and `approvals audit verify` checks the database against it.

Why it cannot go backwards, with two processes on one database: the file is written only
while holding SQLite's write lock (a `BEGIN IMMEDIATE` transaction, the same lock that
orders the appends), after the appending transaction has committed, and it names the
head read under that lock. So it always names a committed event (a commit that fails
leaves the anchor where it was), and successive anchors are in the order of the heads,
which only grow. A crash between the commit and the anchor write leaves the anchor one
write behind: still consistent, and the next write moves it on.

The anchor is never moved past a head it does not match: if it names an event the
database no longer holds (or holds with another hash), or its signature fails, or it
was deleted after anchoring began (the `audit_anchor_started` setting), writes leave it
as it is and `verify` keeps reporting it. A restore of a backup is the audited way to
start anew: it resets the anchor to the restored head (`backup.restored` records the
anchor it replaced).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, text

from approvals.domain.audit import (
    ANCHOR_FORMAT,
    ANCHOR_VERSION,
    Anchor,
    anchor_break,
    anchor_payload,
)
from approvals.domain.dates import utc_text
from approvals.domain.errors import CheckFailed
from approvals.domain.numbers import counted
from approvals.paths import ANCHOR_FILE, ANCHOR_STARTED_FILE, PRIVATE_KEY_FILE, DataDir
from approvals.store.files import write_atomically
from approvals.store.keys import (
    Identity,
    load_or_create_identity,
    verify_signature,
)
from approvals.store.models import utc_now

log = logging.getLogger(__name__)

SETTING_STARTED = "audit_anchor_started"
# The same record kept beside the installation's key, outside the database (and never in a
# backup): deleting the anchor file and the database's setting together made the trail
# read as one from before anchoring, and `verify` anchored whatever it then held.
STARTED_FILE = ANCHOR_STARTED_FILE
# session.info keys: the store's write unit of work (Database.session) reads them after commit.
APPENDED = "approvals_audit_appended"
RESET = "approvals_audit_anchor_reset"


def anchor_path(data_dir: DataDir) -> Path:
    return data_dir.root / ANCHOR_FILE


@dataclass(frozen=True)
class AnchorFile:
    """What the anchor file holds: `anchor` when it is present, well-formed and signed by
    this installation; otherwise `problem` says why it cannot be trusted."""

    present: bool
    anchor: Anchor | None = None
    problem: str | None = None
    raw: dict[str, Any] | None = None  # the file's fields as read, for the record of a reset


def _identity(data_dir: DataDir) -> Identity | None:
    """This installation's key, without creating one (None when there is none)."""
    if not (data_dir.keys / PRIVATE_KEY_FILE).exists():
        return None
    return load_or_create_identity(data_dir.keys)


def read_anchor(data_dir: DataDir) -> AnchorFile:
    path = anchor_path(data_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AnchorFile(False)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return AnchorFile(True, problem=f"the anchor file {path} cannot be read ({exc})")
    try:
        if data.get("format") != ANCHOR_FORMAT or data.get("version") != ANCHOR_VERSION:
            raise ValueError("not an audit anchor of this version")
        anchor = Anchor(int(data["event_id"]), str(data["hash"]), str(data["recorded_at"]))
        key, signature = str(data["key"]), base64.b64decode(str(data["signature"]), validate=True)
    except (AttributeError, KeyError, TypeError, ValueError, binascii.Error) as exc:
        return AnchorFile(True, problem=f"the anchor file {path} is damaged or altered ({exc})",
                          raw=data if isinstance(data, dict) else None)
    try:
        identity = _identity(data_dir)
    except CheckFailed as exc:
        return AnchorFile(True, problem=f"the anchor's signature cannot be checked: {exc}", raw=data)
    if identity is None:
        return AnchorFile(True, problem=(
            f"the anchor's signature cannot be checked: this installation's key "
            f"({data_dir.keys / PRIVATE_KEY_FILE}) is missing"), raw=data)
    if key != identity.fingerprint:
        return AnchorFile(True, problem=(
            f"the anchor file {path} was signed with another key ({key[:16]}…), "
            f"not this installation's ({identity.fingerprint[:16]}…)"), raw=data)
    if not _signature_holds(identity.public_bytes, signature, anchor_payload(anchor, key)):
        return AnchorFile(True, problem=(
            f"the anchor file {path} was altered: its signature does not match its content"),
            raw=data)
    return AnchorFile(True, anchor=anchor, raw=data)


# The anchor this process signed last: (public key, signature, payload). An Ed25519
# signature made with a key verifies under its public key, so when the next write reads
# back exactly these three (the file this process wrote), the verification, about half a
# millisecond of every audited write, is known to pass. Anything else (a file changed by
# anyone, another key, another process's anchor) is verified.
_last_signed: tuple[bytes, bytes, bytes] | None = None


def _signature_holds(public_bytes: bytes, signature: bytes, payload: bytes) -> bool:
    if (public_bytes, signature, payload) == _last_signed:
        return True
    return verify_signature(public_bytes, signature, payload)


def _write_anchor(data_dir: DataDir, anchor: Anchor) -> None:
    """Signed, and atomically: a reader sees the old file or the new one, never half."""
    global _last_signed
    identity = load_or_create_identity(data_dir.keys)
    payload = anchor_payload(anchor, identity.fingerprint)
    signature = identity.sign(payload)
    document = {
        "format": ANCHOR_FORMAT,
        "version": ANCHOR_VERSION,
        **anchor.as_dict(),
        "key": identity.fingerprint,
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    text_ = json.dumps(document, indent=1, sort_keys=True) + "\n"
    write_atomically(anchor_path(data_dir), text_.encode("utf-8"))
    _last_signed = (identity.public_bytes, signature, payload)


# ---------------------------------------------------------------------------------------
# Comparing the anchor with the database


Verdict = Literal["matches", "behind", "none", "unanchored", "broken"]


@dataclass(frozen=True)
class Assessment:
    """How the anchor file relates to the events: `matches` the head, `behind` it (a
    consistent anchor a write or two back), `none` (no events, no anchor), `unanchored`
    (events but anchoring never began: a database from an earlier version), `broken`."""

    verdict: Verdict
    message: str
    anchor: Anchor | None = None
    first_missing: int | None = None  # the first event the database lacks, when known


def started_value(raw: str | None) -> dict[str, Any] | None:
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def assess(file: AnchorFile, *, last_id: int, hash_at_anchor: str | None,
           started: dict[str, Any] | None) -> Assessment:
    if file.problem:
        return Assessment("broken", file.problem)
    if file.anchor is None:
        if started is not None:
            since = f"#{started.get('event_id')} at {utc_text(str(started.get('at')))}"
            return Assessment("broken", (
                f"the anchor file {ANCHOR_FILE} is missing, though this installation recorded "
                f"that anchoring began at {since}: it was deleted, and events at the end of "
                "the trail may have been removed"))
        if last_id == 0:
            return Assessment("none", "no events, nothing to anchor")
        return Assessment("unanchored", "no anchor yet (a database from an earlier version)")
    problem = anchor_break(file.anchor, last_id, hash_at_anchor)
    if problem:
        first = last_id + 1 if last_id < file.anchor.event_id else file.anchor.event_id
        return Assessment("broken", problem, file.anchor, first)
    if file.anchor.event_id == last_id:
        return Assessment("matches", f"the head #{last_id} matches the anchor recorded at "
                          f"{utc_text(file.anchor.recorded_at)}", file.anchor)
    after = last_id - file.anchor.event_id
    events, rest, them = (("the event", "rests", "it") if after == 1 else
                          (f"the {counted(after, 'event')}", "rest", "them"))
    # Said as what it is: a save under way or cut short leaves it so (the next save moves
    # it on), and so would events written into the file outside the app.
    return Assessment("behind", f"the anchor recorded #{file.anchor.event_id} at "
                      f"{utc_text(file.anchor.recorded_at)}; {events} after it {rest} on the "
                      f"hash chain alone until the next save anchors {them} (a save under way "
                      "or cut short leaves it so; so would events written into the database "
                      "outside the app)", file.anchor)


# The statements every audited write's anchor update runs, built once.
_HEAD_SQL = text("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")
_HASH_OF_SQL = text("SELECT hash FROM events WHERE id = :id")
_STARTED_SQL = text("SELECT value FROM settings WHERE key = :k")
_MARK_STARTED_SQL = text("INSERT OR IGNORE INTO settings (key, value) VALUES (:k, :v)")


def _head(conn: Connection) -> tuple[int, str | None]:
    row = conn.execute(_HEAD_SQL).first()
    return (int(row[0]), str(row[1])) if row else (0, None)


def _hash_of(conn: Connection, event_id: int) -> str | None:
    row = conn.execute(_HASH_OF_SQL, {"id": event_id}).first()
    return str(row[0]) if row else None


def _started(conn: Connection) -> dict[str, Any] | None:
    row = conn.execute(_STARTED_SQL, {"k": SETTING_STARTED}).first()
    return started_value(row[0] if row else None)


def _started_beside_key(data_dir: DataDir) -> dict[str, Any] | None:
    """The record of anchoring's start kept in keys/ (STARTED_FILE), or None."""
    try:
        raw = (data_dir.keys / STARTED_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    # Present but unreadable still says anchoring began: it is never written otherwise.
    return started_value(raw) or {"event_id": "?", "at": ""}


def _mark_started_beside_key(data_dir: DataDir, started: dict[str, Any]) -> None:
    path = data_dir.keys / STARTED_FILE
    if not path.exists():
        write_atomically(path, (json.dumps(started, sort_keys=True) + "\n").encode("utf-8"))


def _assess_on(conn: Connection, data_dir: DataDir) -> tuple[Assessment, int, str | None]:
    last_id, last_hash = _head(conn)
    file = read_anchor(data_dir)
    hash_at = _hash_of(conn, file.anchor.event_id) if file.anchor else None
    started = _started(conn) or _started_beside_key(data_dir)
    return assess(file, last_id=last_id, hash_at_anchor=hash_at, started=started), last_id, last_hash


def assess_locked(write_engine: Engine, data_dir: DataDir) -> Assessment:
    """The anchor against the database while holding the write lock, so no writer can
    commit or move the anchor in between (confirms a failure seen from a read snapshot)."""
    with write_engine.begin() as conn:
        return _assess_on(conn, data_dir)[0]


@dataclass(frozen=True)
class AnchorUpdate:
    written: Anchor | None  # the new anchor, None when it was left as it was
    assessment: Assessment  # how the anchor stood before


def advance(write_engine: Engine, data_dir: DataDir, *, reset: bool = False) -> AnchorUpdate:
    """Move the anchor to the database's head (see the module docstring for the rules);
    with `reset`, set it to the head whatever it named before (restore of a backup).

    `write_engine` must begin its transactions with BEGIN IMMEDIATE (the store's)."""
    with write_engine.begin() as conn:
        before, last_id, last_hash = _assess_on(conn, data_dir)
        if last_hash is None:
            return AnchorUpdate(None, before)
        if not reset and before.verdict not in ("behind", "unanchored"):
            if before.verdict == "broken":
                log.warning("audit anchor left as it is: %s", before.message)
            return AnchorUpdate(None, before)
        anchor = Anchor(last_id, last_hash, utc_now())
        _write_anchor(data_dir, anchor)
        # After the file: a crash in between leaves an anchor without the setting, which
        # the next write completes, never a setting that claims an anchor that is not there.
        started = {"event_id": last_id, "at": anchor.recorded_at}
        conn.execute(_MARK_STARTED_SQL, {"k": SETTING_STARTED, "v": json.dumps(started)})
        _mark_started_beside_key(data_dir, started)
        return AnchorUpdate(anchor, before)


def anchor_record(data_dir: DataDir) -> dict[str, Any] | None:
    """What the anchor file says, for the audit event of a reset (None when there is none):
    the head it recorded, and why it could not be trusted if it could not."""
    file = read_anchor(data_dir)
    if not file.present:
        return None
    raw = file.raw or {}
    record: dict[str, Any] = {k: raw.get(k) for k in ("event_id", "hash", "recorded_at")}
    if file.problem:
        record["problem"] = file.problem
    return record
