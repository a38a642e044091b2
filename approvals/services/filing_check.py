"""Check a filing PDF, or a paper copy of one, against the case it names.

The auditor's question: "Is this the filing the case holds, and is it still current?"

Every filing carries its fingerprint (SHA-256 of its canonical content, `filings.content`)
in the footer, in the QR code and in the PDF's metadata (the Info dictionary's Subject
`<kind> sha256:<fingerprint>`, Keywords `<reference>, <kind>, final|draft`, the
generation time as CreationDate, and the content format it is worded in as Creator,
`filings.layout.build_pdf`). A check answers, strongest first:

- `identical`: the file's SHA-256 is that of a final stored with the case;
- `stored_final`: its fingerprint is that of a stored final, but its bytes are not (a
  paper copy has no bytes to compare);
- `current`: its fingerprint is that of what the case renders now (a draft, or the final
  it would issue), computed as the renderer does (`filings.compose`), without a PDF;
- `other_version`: none of these, and the PDF was worded by another version of the app
  (its content format is not `FILING_CONTENT_VERSION`, or it names none: made before
  formats were recorded), so what the case held then cannot be recomputed here; the
  case's changes after its generation time are listed (or none said);
- `changed`: none of these; the audit trail's events on the case after its generation
  time are listed, and the changes of a full name it prints (a filing names people as the
  user list did when it was rendered: a rename alone makes its content differ);
- `not_from_case`: none of these, and nothing the case records explains it (generated
  before the case existed, or nothing changed since it was generated);
- `no_match`: none of these, and without a generation time the changes cannot be listed;
- `unknown_case`: the file names a case this data folder does not hold.

A check passes (`passed`, the CLI's exit 0) when the content matches, or when a filing of
another version names a case that has not changed since it was generated.

It only reads. Who may read cases may check a filing; a restricted stored final is named
as existing (as the Documents tab does for everybody), never opened for someone not on it.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from approvals.domain.audit import action_label, stored_value
from approvals.domain.errors import InputError, NotFound, Problem
from approvals.domain.filing_kinds import kind_name, kind_title
from approvals.domain.numbers import counted
from approvals.domain.typed_input import plain_text
from approvals.filings import FILING_CONTENT_VERSION, KINDS, check_kind, compose, tracks_for_kind
from approvals.filings.content import FilingDocument, content_version
from approvals.filings.layout import build_pdf
from approvals.filings.status_report import KIND as STATUS_REPORT
from approvals.services.access import current_actor
from approvals.services.audit_view import person_text, user_names
from approvals.services.documents import may_open
from approvals.services.filings import last_particulars_change, load_filing_data
from approvals.services.progress import CancelCheck, Meter
from approvals.services.progress import Progress as ProgressReport
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference, case_id_by_reference
from approvals.store.db import session_data_dir
from approvals.store.models import Case, Document, Event, utc_now

VERDICTS = ("identical", "stored_final", "current", "other_version", "changed", "not_from_case",
            "no_match", "unknown_case")
MATCHING = frozenset({"identical", "stored_final", "current"})
MIN_PREFIX = 16  # hex digits of a fingerprint typed from paper: 64 bits, no accidental match
FULL = 64
# A filing is a few MB; anything far larger is not one, and is not read into memory whole.
MAX_PDF_BYTES = 256 * 1024 * 1024


def claim_line(kind: str | None, status: str | None, generated_at: str | None = None) -> str:
    """The first detail line of a check that found no case: what the file says it is."""
    # The kinds by the names every window uses (the JSON `kind` stays the code).
    return (kind_title(kind) + (f" ({status})" if status else "")
            + (f", generated {_stamp(generated_at)}" if generated_at else "") + ".")


@dataclass(frozen=True)
class StoredFinal:
    """A final stored with the case (Documents tab): what anybody may see of it."""

    document_id: int
    file_name: str
    kind: str
    sha256: str
    fingerprint: str
    stored_at: str
    stored_by: str
    restricted: bool
    may_open: bool  # the acting user may open it (not restricted away from them)
    same_bytes: bool  # the checked file is this very file


@dataclass(frozen=True)
class Change:
    """An event the audit trail records on the case after the document was generated."""

    event_id: int
    occurred_at: str
    actor: str
    action: str
    summary: str
    # Who, as the lines name them: the person's full name (`actor` is the login the event
    # records, kept as it is for --json).
    who: str = field(default="", compare=False)

    @property
    def line(self) -> str:
        return f"{_stamp(self.occurred_at)}  {self.who or self.actor}: {self.summary}"


@dataclass(frozen=True)
class FilingCheck:
    verdict: str  # one of VERDICTS
    headline: str  # the answer in one or two sentences
    details: tuple[str, ...]  # the facts behind it, one per line
    source: str  # "pdf" | "paper"
    reference: str | None
    kind: str | None
    fingerprint: str | None  # as read from the file, or as typed (possibly a prefix)
    status: str | None = None  # "final" | "draft", as the file says
    generated_at: str | None = None  # the generation time its footer prints (ISO UTC)
    file_sha256: str | None = None
    stored_final: StoredFinal | None = None
    current: bool | None = None  # its content is what the case holds now
    current_as: str | None = None  # "final" | "preview" | "draft": which rendering of it now
    # Whether the file is byte for byte what this version renders from the case now (only
    # checked for a `current` PDF that matches no stored final).
    same_as_rendering: bool | None = None
    changes_since: str | None = None
    changes: tuple[Change, ...] = ()
    # The case has no track this filing covers (a draft's advice cannot be "generate the
    # final once its tracks are approved"): for the advice, not in --json.
    no_track: bool = field(default=False, compare=False)
    # A current preview whose final is stored already (named in the headline): the advice
    # points to that file, not to generating it. For the advice, not in --json.
    final_stored: bool = field(default=False, compare=False)
    # The content format the PDF (or the stored final a paper copy matches) is worded in;
    # None: unknown (a paper copy) or made before formats were recorded (see other_version).
    content_version: int | None = None
    # Worded by another version of the app than this one (its content cannot be recomputed).
    other_version: bool = False

    @property
    def matches(self) -> bool:
        return self.verdict in MATCHING

    @property
    def altered_file(self) -> bool:
        """A PDF whose content matches but whose bytes are not the app's (not the stored
        final's, not what the app renders now): re-saved elsewhere or altered, so its pages
        are not to be relied on (the advice says so)."""
        if self.source != "pdf":
            return False  # a paper copy has no bytes to compare
        return self.same_as_rendering is False or (
            self.verdict == "stored_final" and self.stored_final is not None
            and not self.stored_final.same_bytes)

    @property
    def passed(self) -> bool:
        """The check found nothing wrong: the content matches in a file that is the app's
        own, or a filing worded by another version of the app names a case that has not
        changed since it was generated. (A matching fingerprint in altered bytes passed, and
        the command line said exit 0 of a file it said not to rely on.)"""
        if self.altered_file:
            return False
        return self.matches or (self.verdict == "other_version" and not self.changes)

    @property
    def names_changed_only(self) -> bool:
        """Every change listed is a user's new full name, which the filing prints: nothing
        on the case changed (a rename alone makes the content differ)."""
        return _only_renames(self.changes)

    @property
    def advice(self) -> str:
        """What to do with the file, in one sentence (the headline says what it is)."""
        return _advice(self)

    @property
    def facts(self) -> tuple[str, ...]:
        """The facts behind the verdict, one per line: the details, then the changes."""
        lines = list(self.details)
        if self.changes:
            lines.append(f"Changes recorded after {_stamp(self.changes_since or '')}:")
            lines += [f"  {c.line}" for c in self.changes]
        return tuple(lines)

    @property
    def text(self) -> str:
        """Everything, as plain text to copy: the answer, the facts, what to do."""
        return "\n".join([self.headline, *self.facts, f"What to do: {self.advice}"])

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("no_track")
        out.pop("final_stored")
        out["matches"] = self.matches
        out["passed"] = self.passed
        # The events' logins, as the audit trail records them (`who` is for the lines).
        out["changes"] = [{k: v for k, v in asdict(c).items() if k != "who"}
                          for c in self.changes]
        out["details"] = list(self.details)
        return out


def _advice(result: FilingCheck) -> str:
    paper = result.source == "paper"
    if result.verdict in ("identical", "stored_final"):
        # A restricted final the user may not open is compared by someone who may.
        barred = result.stored_final is not None and not result.stored_final.may_open
        if result.verdict == "stored_final" and not paper:
            if barred:
                return ("Do not rely on this file's pages: the stored final is restricted and "
                        "you may not open it; ask someone who may (the case's Documents tab "
                        "names them) to compare the pages with it.")
            return ("Do not rely on this file's pages: use the stored final itself (the case's "
                    "Documents tab), or compare the pages with it line by line.")
        where = ("" if not paper else "its pages with the stored final if in doubt" if not barred
                 else "its pages with the stored final if in doubt (it is restricted: ask "
                      "someone who may open it)")
        if result.current:
            return ("It may be relied on: it is the final the case holds, and still current"
                    + (f"; compare {where}." if where else "."))
        if result.other_version and not result.changes:
            return ("It may be relied on: it is the final the case holds, and nothing on the "
                    "case changed since; this version of the app words it differently, so "
                    "generate a new final only if the new wording is wanted"
                    + (f". Compare {where}." if where else "."))
        # It is still the final stored (and perhaps filed): what changed is the case.
        if _only_renames(result.changes):
            return ("It is the final stored with the case, and nothing on the case changed "
                    "since; a full name it prints did (listed): generate a new final for a "
                    "copy with the names as they are now.")
        if not result.changes:
            return ("It is the final stored with the case, but the case would render other "
                    "content now: generate a new final for a current copy.")
        if result.kind == STATUS_REPORT:
            return ("It is the final stored with the case, but the case has changed since: "
                    "review the changes listed, and generate a new final for a current copy.")
        return ("It is the final stored with the case, but the case has changed since: review "
                "the changes listed, and generate a new final if the authority must see them.")
    if result.verdict == "current":
        if result.same_as_rendering is False:
            return ("Do not rely on this file's pages: generate the filing again from the case "
                    "(its content is current, but its bytes are not what the app prints).")
        if result.final_stored:
            return ("A preview, not the filed document: the final with this content is stored "
                    "with the case (named above); rely on that file.")
        if result.current_as in ("final", "preview"):
            return ("Not yet a filed document: no final is stored with this content. Generate "
                    "the final from the case to store it.")
        if result.kind == STATUS_REPORT:  # its final waits for no approval
            return ("A draft, not a stored document: it shows what the case holds now; "
                    "generate the final to store a copy with the case.")
        if result.no_track:
            return (f"A draft, not a filed document: case {result.reference} has no "
                    f"track open that a {kind_name(result.kind or '')} covers, so no final "
                    "of it can be made. If the case needs one, re-screen it (Screening tab) "
                    "to open the track first.")
        return ("A draft, not a filed document: it shows what the case holds now; generate the "
                "final once the tracks it covers are approved for filing.")
    if result.verdict == "other_version":
        if result.changes:
            return ("Do not rely on it: generate the filing again from the case, and review "
                    "the changes listed.")
        return ("Nothing on the case changed since it was generated: generate it again with "
                "this version for a copy whose content can be checked here.")
    if result.verdict == "changed":
        if not result.changes or _only_renames(result.changes):
            return "Nothing on the case needs reviewing: generate it again for a current copy."
        return ("Do not rely on it: generate the filing again from the case, and review the "
                "changes listed.")
    if result.verdict == "not_from_case":
        return ("Treat it as not the app's: ask who gave it to you, and compare it with the "
                "finals stored with the case (its Documents tab).")
    if result.verdict == "no_match":
        if paper:
            return ("Type the time its footer prints (after Generated, or Content as of on a "
                    "final) and check again: "
                    "the changes since are then listed.")
        return "Compare it with the finals stored with the case (its Documents tab)."
    if result.verdict == "unknown_case":
        # A review pack opened here does not help: it holds the case for review, not as a
        # case of this data folder, and the check still finds no case.
        return (f"Check it on the installation that holds case {result.reference or '(none)'}"
                " (a review pack opened here is not enough: the check needs the case itself).")
    return ""


def _only_renames(changes: tuple[Change, ...]) -> bool:
    """Every change listed is a user's full name (no case event): nothing to review."""
    return bool(changes) and all(c.action == RENAME_ACTION for c in changes)


# --- reading the claim a PDF makes about itself -------------------------------------------


@dataclass(frozen=True)
class PdfClaim:
    """What a filing PDF's metadata says it is."""

    reference: str | None
    kind: str
    fingerprint: str
    status: str | None
    generated_at: str | None
    # The content format its Creator names (filings.content); None: made before formats
    # were recorded, or the Creator was rewritten.
    content_version: int | None = None


_SUBJECT = re.compile(r"^\s*([a-z][a-z0-9-]*)\s+sha256:([0-9a-f]{64})\s*$")
_INFO_REF = re.compile(rb"/Info\s+(\d+)\s+(\d+)\s+R")
_OBJ_STREAM = re.compile(rb"\d+\s+\d+\s+obj\s*<<(.*?)>>\s*stream(?:\r\n|\n|\r)", re.S)
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b",
            ord("f"): b"\f", ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


def _literal(data: bytes, start: int) -> tuple[bytes, int]:
    """A PDF literal string starting at `data[start] == '('`: its bytes and the end."""
    out = bytearray()
    depth, i = 0, start
    while i < len(data):
        ch = data[i]
        if ch == 0x5C:  # backslash
            i += 1
            if i >= len(data):
                break
            nxt = data[i]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
            elif 0x30 <= nxt <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", data[i:i + 3])
                assert digits is not None
                out.append(int(digits[0], 8) & 0xFF)
                i += len(digits[0]) - 1
            elif nxt == 0x0D:  # a line continuation
                if data[i + 1:i + 2] == b"\n":
                    i += 1
            elif nxt != 0x0A:
                out.append(nxt)
        elif ch == 0x28:
            if depth:
                out.append(ch)
            depth += 1
        elif ch == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    raise ValueError("unterminated string")


def _text(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    return raw.decode("latin-1")  # PDFDocEncoding, as far as our ASCII values go


def _string_at(data: bytes, at: int) -> str | None:
    """The string value at `at` (after a key): literal, hex, or None (something else)."""
    m = re.compile(rb"\s*").match(data, at)
    at = m.end() if m else at
    if data[at:at + 1] == b"(":
        return _text(_literal(data, at)[0])
    if data[at:at + 1] == b"<" and data[at:at + 2] != b"<<":
        end = data.find(b">", at)
        digits = re.sub(rb"\s", b"", data[at + 1:end])
        if end < 0 or not re.fullmatch(rb"[0-9A-Fa-f]*", digits):
            return None
        return _text(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
    return None


def _object_body(data: bytes, number: int, generation: int) -> bytes | None:
    """The last definition of object `number` (an incremental update's wins), as it
    stands in the file or inside a compressed object stream (a re-saved PDF)."""
    header = re.compile(rb"(?<![0-9])%d\s+%d\s+obj\b" % (number, generation))
    found = list(header.finditer(data))
    if found:
        start = found[-1].end()
        end = data.find(b"endobj", start)
        return data[start:end if end >= 0 else len(data)]
    for m in _OBJ_STREAM.finditer(data):
        head = m[1]
        if not re.search(rb"/Type\s*/ObjStm", head) or b"/Encrypt" in head:
            continue
        first = re.search(rb"/First\s+(\d+)", head)
        if first is None:
            continue
        end = data.find(b"endstream", m.end())
        try:
            body = _decode_stream(head, data[m.end():end if end >= 0 else len(data)])
        except (ValueError, zlib.error):
            continue
        offset = int(first[1])
        pairs = [int(n) for n in body[:offset].split()]
        objects = list(zip(pairs[::2], pairs[1::2], strict=False))
        for index, (obj, rel) in enumerate(objects):
            if obj == number:
                stop = objects[index + 1][1] if index + 1 < len(objects) else len(body) - offset
                return body[offset + rel:offset + stop]
    return None


def _decode_stream(head: bytes, raw: bytes) -> bytes:
    filters = re.findall(rb"/(ASCII85Decode|FlateDecode|A85|Fl)\b", head)
    for name in filters:
        if name in (b"ASCII85Decode", b"A85"):
            import base64

            text = re.sub(rb"\s", b"", raw)
            text = text[2:] if text.startswith(b"<~") else text
            raw = base64.a85decode(text.split(b"~>")[0] + b"~>", adobe=True)
        else:
            raw = zlib.decompressobj().decompress(raw)
    return raw


def _value(data: bytes, body: bytes, key: bytes) -> str | None:
    """The string value of `/key` in the dictionary `body` (following one reference)."""
    m = re.search(rb"/" + key + rb"(?![A-Za-z0-9#])", body)
    if m is None:
        return None
    ref = re.compile(rb"\s*(\d+)\s+(\d+)\s+R").match(body, m.end())
    if ref:
        target = _object_body(data, int(ref[1]), int(ref[2]))
        return _string_at(target, 0) if target is not None else None
    return _string_at(body, m.end())


def _pdf_date(text: str | None) -> str | None:
    """'D:20261129224155+00'00'' as '2026-11-29T22:41:55Z' (UTC)."""
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                 r"(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?", (text or "").strip())
    if m is None:
        return None
    year, month, day, hour, minute, second = (
        int(p) if p else d for p, d in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0), strict=True))
    try:
        when = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
    if m[7] in ("+", "-"):
        shift = timedelta(hours=int(m[8] or 0), minutes=int(m[9] or 0))
        when = when - shift if m[7] == "+" else when + shift
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def read_pdf_claim(data: bytes, name: str = "file") -> PdfClaim | None:
    """What the PDF `data` says it is (its Info dictionary), or None when it carries no
    filing fingerprint. Not a PDF at all, or an encrypted one: InputError naming `name`."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(Problem(name, "is not a PDF file (it does not begin with %PDF-)"))
    refs = list(_INFO_REF.finditer(data))
    if not refs:
        return None
    if re.search(rb"/Encrypt\s+\d+\s+\d+\s+R", data):
        raise InputError(Problem(name, "is an encrypted PDF; its metadata cannot be read. "
                                       "Check it as a paper copy with the fingerprint "
                                       "printed in its footer"))
    body = _object_body(data, int(refs[-1][1]), int(refs[-1][2]))
    if body is None:
        return None
    try:
        subject = _value(data, body, b"Subject")
        keywords = _value(data, body, b"Keywords")
        created = _value(data, body, b"CreationDate")
        title = _value(data, body, b"Title")
        made_by = _value(data, body, b"Creator")
    except ValueError:
        return None
    m = _SUBJECT.match(subject or "")
    if m is None:
        return None
    words = [w.strip() for w in (keywords or "").split(",")]
    reference = words[0] if words and words[0] else None
    if reference is None and title:
        reference = title.split()[0] if title.split() else None
    status = words[-1] if len(words) >= 3 and words[-1] in ("final", "draft") else None
    return PdfClaim(reference=reference, kind=m[1], fingerprint=m[2], status=status,
                    generated_at=_pdf_date(created), content_version=content_version(made_by))


# --- the case's side ----------------------------------------------------------------------


def _stamp(iso: str) -> str:
    return iso.replace("T", " ").replace("Z", " UTC") if iso else "an unknown time"


def _final_regime(session: Session, document_id: int) -> str | None:
    """The track a stored final was generated for alone (its `filing.finalised` event's
    `regime`), or None for the whole filing."""
    text = session.exec(
        select(Event.details).where(Event.action == "filing.finalised",
                                    Event.entity_id == str(document_id))
        .order_by(col(Event.id))
    ).first()
    try:
        regime = json.loads(text or "{}").get("regime")
    except (json.JSONDecodeError, AttributeError):
        return None
    return regime if isinstance(regime, str) and regime else None


def _stored_finals(session: Session, case_id: int, kind: str) -> list[tuple[Document, str]]:
    """The finals of `kind` stored with the case, each with the fingerprint its
    `filing.finalised` event recorded."""
    recorded: dict[str, str] = {}
    for details in session.exec(
        select(Event.entity_id, Event.details).where(Event.case_id == case_id,
                                                     Event.action == "filing.finalised")
        .order_by(col(Event.id))
    ).all():
        entity_id, text = details
        try:
            fingerprint = str(json.loads(text or "{}").get("fingerprint") or "")
        except json.JSONDecodeError:
            continue
        recorded.setdefault(str(entity_id), fingerprint)
    docs = session.exec(
        select(Document).where(Document.case_id == case_id, Document.is_rendering == True,  # noqa: E712
                               Document.doc_type == kind).order_by(col(Document.id))
    ).all()
    return [(d, recorded.get(str(d.id), "")) for d in docs]


def _current_documents(session: Session, reference: str, kind: str, now: str,
                       meter: Meter | None = None) -> tuple[dict[str, FilingDocument], bool]:
    """{fingerprint: content} of what the case renders now as `kind`: the draft (or
    preview), and the final where one could be issued, for the whole filing and for each
    track it covers alone (Generate on one track). As `render_filing` composes them,
    without laying out a PDF. `now` is the draft's generation time (a status report's
    conditions are overdue or not on that day). And whether the case has a track the
    filing covers (a status report: always)."""
    out: dict[str, FilingDocument] = {}
    covered = True
    for final in (False, True):
        if meter is not None:  # a cancel asked for is heard between the renderings
            meter.check()
        data = load_filing_data(session, reference, for_final=final)
        regimes: list[str | None] = [None]
        if kind != STATUS_REPORT:
            tracks = tracks_for_kind(data, kind)
            covered = bool(tracks)
            regimes += [t.regime for t in tracks]
        for regime in regimes:
            try:
                document, _missing = compose(data, kind, final=final, now=now, regime=regime)
            except InputError:  # a final that cannot be issued now, a regime not covered
                continue
            out.setdefault(document.fingerprint, document)
    return out, covered


def _changes_after(session: Session, reference: str, since: str, *,
                   same_second: bool = False, with_finals: bool = False,
                   stored_at: str = "") -> tuple[Change, ...]:
    """The case's events after `since`, in the sentences the status report's timeline
    uses (renderings themselves are no change), and a change of the organisation-wide
    filing particulars the case prints. Times are to the second: `same_second` counts an
    event of the very second too (a draft's time is when it was rendered, so an edit in
    that second may have followed it; a final's is that of its last change itself).
    `with_finals`: a final stored with the case counts too (a status report lists it
    among the case's documents: "nothing on the case changed" was said of one); not the
    storing of the final checked itself, at `stored_at`, nor any before it."""
    data = load_filing_data(session, reference)

    def after(stamp: str) -> bool:
        return stamp >= since if same_second else stamp > since

    names = user_names(session)
    changes = [Change(t.id, t.occurred_at, t.actor, t.action, t.summary or action_label(t.action),
                      who=names.get(t.actor, t.actor))
               for t in data.timeline if after(t.occurred_at)]
    if with_finals:
        stored = session.exec(select(Event).where(
            Event.case_id == case_id_by_reference(session, reference),
            Event.action == "filing.finalised", Event.occurred_at >= since)).all()
        changes += [Change(e.id or 0, e.occurred_at, e.actor, e.action,
                           f"Final {_stored_kind(e)} stored with the case (a status report "
                           "lists it among the case's documents)",
                           who=names.get(e.actor, e.actor))
                    for e in stored if after(e.occurred_at) and e.occurred_at > stored_at
                    and not _already_stored(e)]
    if after(data.particulars_changed_at):
        event = last_particulars_change(session, None)
        if event is not None and event.case_id is None and after(event.occurred_at):
            changes.append(Change(event.id or 0, event.occurred_at, event.actor, event.action,
                                  "Organisation-wide filing particulars changed (this case "
                                  "prints some of them)",
                                  who=names.get(event.actor, event.actor)))
    return tuple(sorted(changes, key=lambda c: (c.occurred_at, c.event_id)))


def _finalised_details(event: Event) -> dict[str, Any]:
    details = stored_value(event.details)
    return details if isinstance(details, dict) else {}


def _stored_kind(event: Event) -> str:
    """The kind a filing.finalised event stored, by its name (domain.filing_kinds)."""
    kind = _finalised_details(event).get("kind")
    return kind_name(kind) if isinstance(kind, str) and kind else "filing"


def _already_stored(event: Event) -> bool:
    """A final rendered again with content already stored: no document was added."""
    return bool(_finalised_details(event).get("already_stored"))


def _other_events_after(session: Session, since: str, listed: tuple[Change, ...],
                        own_records: tuple[int, ...] = ()) -> int:
    """Events from `since` on (that second included) other than the case's changes listed
    and the file's own saving or printing (`own_records`): renderings, and events on other
    cases or on no case. Each moves the audit chain's head."""
    ids = [c.event_id for c in listed] + list(own_records)
    return int(session.exec(
        select(func.count()).select_from(Event)
        .where(Event.occurred_at >= since, col(Event.id).not_in(ids))
    ).one())


HANDED_OUT = ("filing.saved", "filing.printed")  # services.filings._record_handed_out


def _own_records_after(session: Session, fingerprint: str, since: str) -> tuple[int, ...]:
    """The ids of the events from `since` on (that second included) recording that this
    very filing (its fingerprint, or the prefix typed from paper) was saved or printed."""
    events = session.exec(select(Event).where(col(Event.action).in_(HANDED_OUT),
                                              Event.occurred_at >= since)).all()
    return tuple(e.id or 0 for e in events
                 if str(_finalised_details(e).get("fingerprint", "")).startswith(fingerprint))


def _draft_before(session: Session, reference: str, now: str, fingerprint: str,
                  own_records: tuple[int, ...]) -> FilingDocument | None:
    """The status report draft as the case renders it now, but printing the chain's head
    as it was before the file's own saving or printing (`own_records`); when that is the
    file's content, those records are all that moved the head since."""
    head = session.exec(select(Event).where(col(Event.id).not_in(own_records))
                        .order_by(col(Event.id).desc()).limit(1)).first()
    if head is None:
        return None
    data = replace(load_filing_data(session, reference), chain_head=head.hash,
                   chain_head_event=head.id or 0)
    document, _missing = compose(data, STATUS_REPORT, final=False, now=now)
    return document if document.fingerprint.startswith(fingerprint) else None


def _own_records_line(count: int) -> str:
    return (f"The audit chain's head it prints has since moved only by the record of its own "
            f"saving or printing ({counted(count, 'event')}), which changes nothing it reports.")


RENAME_ACTION = "user.changed"  # services.users.set_display_name's event (field display_name)


@dataclass(frozen=True)
class _Rename:
    """A user's full name changed: the event as a change listed, and whose name it was."""

    change: Change
    login: str
    old: str


def _renames_after(session: Session, reference: str, since: str, *,
                   same_second: bool = False) -> tuple[_Rename, ...]:
    """Changes of a full name after `since` for the people the case names (its trail's
    actors, who recorded its screening, whom an event's sentence names): filings print "Li
    Wei (li.wei)" as the user list held it when rendered, so a rename alone makes the content
    differ while nothing on the case changed. Renames are few: all after `since` are read."""
    after = col(Event.occurred_at) >= since if same_second else col(Event.occurred_at) > since
    events = session.exec(
        select(Event).where(Event.action == RENAME_ACTION, Event.entity == "user",
                            Event.field == "display_name", after)
        .order_by(col(Event.occurred_at), col(Event.id))
    ).all()
    if not events:
        return ()
    data = load_filing_data(session, reference)
    # Who acted on the case, recorded its screening, or is named in an event's sentence
    # (whom a document is restricted to): everyone a filing of it can print.
    named = {t.actor for t in data.timeline}
    if data.screening is not None:
        named.add(data.screening.created_by)
    named |= {e.entity_id for e in events
              if any(f"({e.entity_id})" in t.summary for t in data.timeline)}
    names = user_names(session)
    out = []
    for e in events:
        if e.entity_id not in named:
            continue
        old, new = _json_text(e.old_value), _json_text(e.new_value)
        summary = (f"Full name of {person_text(e.entity_id, new)} changed "
                   + (f"(it was {old})" if old else "(it had none)") if new
                   else f"Full name of {person_text(e.entity_id, old)} removed")
        out.append(_Rename(Change(e.id or 0, e.occurred_at, e.actor, e.action, summary,
                                  who=names.get(e.actor, e.actor)), e.entity_id, old))
    return tuple(out)


def _json_text(value: str | None) -> str:
    """A stored old/new value (JSON) as text."""
    try:
        loaded = json.loads(value) if value else ""
    except json.JSONDecodeError:
        loaded = value
    return str(loaded or "").strip()


def _renamed_words(session: Session, renames: tuple[_Rename, ...]) -> str:
    """The renames, in one clause: "the full name of Ada Wong (ada) was changed (it was Ada
    Wang)". Each person once: the name they had first, and the one they have now."""
    names = user_names(session)
    first: dict[str, str] = {}
    for rename in renames:
        first.setdefault(rename.login, rename.old)
    people = [(person_text(login, names.get(login, "")), old) for login, old in first.items()]
    if len(people) == 1:
        who, old = people[0]
        return f"the full name of {who} was changed" + (f" (it was {old})" if old else "")
    parts = [who + (f" (formerly {old})" if old else "") for who, old in people]
    return f"the full names of {', '.join(parts[:-1])} and {parts[-1]} were changed"


def _stored(doc: Document, fingerprint: str, actor: Actor, same_bytes: bool) -> StoredFinal:
    return StoredFinal(document_id=doc.id or 0, file_name=doc.file_name, kind=doc.doc_type,
                       sha256=doc.sha256, fingerprint=fingerprint, stored_at=doc.uploaded_at,
                       stored_by=doc.uploaded_by, restricted=doc.restricted,
                       may_open=may_open(doc, actor), same_bytes=same_bytes)


def _stored_claim(session: Session, doc: Document) -> PdfClaim | None:
    """What a stored final's own metadata says (its generation time, content format)."""
    try:
        path = session_data_dir(session).documents / doc.stored_path
        return read_pdf_claim(path.read_bytes())
    except (OSError, InputError):
        return None


def _stored_generated_at(session: Session, doc: Document) -> str | None:
    """The generation time a stored final prints (read from its own metadata)."""
    claim = _stored_claim(session, doc)
    return claim.generated_at if claim else None


def _which_version(version: int | None) -> str:
    """"an earlier" or "a later" version of the app than this one, by content format."""
    return "a later" if version is not None and version > FILING_CONTENT_VERSION else "an earlier"


def _format_words(version: int | None) -> str:
    """Which version of the app worded a filing of content format `version`, in words."""
    if version is None:
        return "an earlier version of the app (one that did not yet record its content format)"
    return (f"{_which_version(version)} version of the app (content format {version}; this "
            f"version words filings as format {FILING_CONTENT_VERSION})")


def _stored_line(stored: StoredFinal, by: str) -> str:
    line = (f"Stored final: {stored.file_name} (document {stored.document_id}), stored on "
            f"{_stamp(stored.stored_at)} by {by}")
    if stored.restricted:
        line += "; restricted" + ("" if stored.may_open else ", and you may not open it")
    return line + "."


def _events_after_line(changes: tuple[Change, ...]) -> str:
    return (f"The audit trail records {counted(len(changes), 'event')} on the case after it "
            "was generated (listed below).")


def _renames_line(renames: tuple[_Rename, ...]) -> str:
    return (f"The user list records {counted(len(renames), 'change')} of a full name the "
            "filing prints after it was generated (listed below).")


def _head_moved_line(elsewhere: int) -> str:
    return (f"{counted(elsewhere, 'other event')} (renderings, events on other cases) moved "
            "the audit chain's head, which a status report draft prints.")


def _judge(session: Session, actor: Actor, *, source: str, case: Case, kind: str,
           fingerprint: str, status: str | None, generated_at: str | None,
           file_sha256: str | None, identical: Document | None,
           content_format: int | None = None, format_known: bool = False,
           meter: Meter | None = None) -> FilingCheck:
    """The verdict on a document of `kind` claiming case `case` and `fingerprint` (full, or
    a prefix typed from paper). `content_format`: the one its PDF names, when
    `format_known` (a paper copy does not print it). `meter`: progress, and the cancel
    asked for, between its stages."""
    meter = meter or Meter()
    meter.report(0.0, f"Recomputing what case {case.reference} holds now…")
    reference = case.reference
    finals = _stored_finals(session, case.id or 0, kind)
    recorded = {fp for _d, fp in finals if fp}
    now = generated_at or utc_now()
    current, covered = _current_documents(session, reference, kind, now, meter)
    now_document = next((d for fp, d in current.items() if fp.startswith(fingerprint)), None)
    # A status report draft prints the chain's head, which its own saving (or printing)
    # then moves: the file checked straight after being saved was "not current".
    own_records = (_own_records_after(session, fingerprint, generated_at)
                   if kind == STATUS_REPORT and status != "final" and generated_at else ())
    head_before_own = False
    if now_document is None and own_records:
        now_document = _draft_before(session, reference, now, fingerprint, own_records)
        head_before_own = now_document is not None
    is_current = now_document is not None
    # A preview (approved for filing, not stored) is as the final would be: its advice is
    # the final's, not a draft's "once the tracks are approved".
    current_as = None if now_document is None else now_document.stage
    stored: StoredFinal | None = None
    if identical is not None:
        stored = _stored(identical, next((fp for d, fp in finals if d.id == identical.id), ""),
                         actor, True)
    else:
        match = next(((d, fp) for d, fp in reversed(finals) if fp.startswith(fingerprint)), None)
        if match is not None:
            stored = _stored(match[0], match[1], actor, False)
    base: dict[str, Any] = dict(
        source=source, reference=reference, kind=kind, fingerprint=fingerprint, status=status,
        generated_at=generated_at, file_sha256=file_sha256, stored_final=stored,
        current=is_current, current_as=current_as, no_track=not covered)
    name = kind_name(kind)
    # A preview's PDF says "draft" (not the final); once it is found current, it is
    # named as its footer names it.
    shown_status = "preview" if status == "draft" and current_as == "preview" else status
    details = [f"Case {reference}, {name}" + (f" ({shown_status})" if shown_status else "")
               + (f", generated {_stamp(generated_at)}" if generated_at else "") + ".",
               f"Fingerprint: {fingerprint}" + ("…" if len(fingerprint) < FULL else "")]
    if file_sha256:
        details.append(f"File SHA-256: {file_sha256}")

    if stored is not None:
        # The person by their name (stored_by, for --json, is the login the document records).
        by = user_names(session).get(stored.stored_by, stored.stored_by) or "an unknown user"
        # A final generated on one track covers that track alone: said, or an auditor took
        # the CN-FISR application for the case's whole one.
        if regime := _final_regime(session, stored.document_id):
            name = f"{name} for {regime}"
        details.append(_stored_line(stored, by))
        stored_claim = (None if is_current and generated_at is not None
                        else _stored_claim(session, _doc(session, stored.document_id)))
        if source == "paper" and generated_at is None:
            generated_at = stored_claim.generated_at if stored_claim else None
            base["generated_at"] = generated_at
        # Its content format is the stored final's own (the same content, whatever file).
        stored_format = stored_claim.content_version if stored_claim else FILING_CONTENT_VERSION
        other_version = not is_current and stored_format != FILING_CONTENT_VERSION
        # Said of the stored final where the file checked is not it (its bytes differ).
        subject = "It" if stored.same_bytes or source == "paper" else "The stored final"
        since_text, changes = _since(session, case, generated_at, is_current, other_version,
                                     stored.stored_at, with_finals=kind == STATUS_REPORT,
                                     subject=subject)
        if other_version:
            base.update(content_version=stored_format, other_version=True,
                        current=None if not changes else False)
            details.append(f"The stored final was worded by {_format_words(stored_format)}: "
                           "whether the case would word it the same now cannot be recomputed "
                           "here.")
        if stored.same_bytes:
            headline = (f"Identical to the final {name} stored with case {reference} on "
                        f"{_stamp(stored.stored_at)} by {by}: "
                        "the file's SHA-256 is the stored document's.")
            verdict = "identical"
        elif source == "paper":
            headline = (f"The fingerprint is that of the final {name} stored with case "
                        f"{reference} on {_stamp(stored.stored_at)} by "
                        f"{by}.")
            # What to do (compare the pages) is the advice's to say, not said twice.
            details.append("A paper copy has no bytes to compare: its fingerprint was checked, "
                           "not its pages.")
            verdict = "stored_final"
        else:
            # Not "same content": the fingerprint is read from the metadata, which a page
            # deleted or a byte changed leaves as it was.
            headline = (f"Not the stored file: it carries the fingerprint of the final {name} "
                        f"stored with case {reference} on {_stamp(stored.stored_at)} by {by}, "
                        "but its bytes differ, so its pages cannot be vouched for.")
            details.append("The file was re-saved by another program, rendered by another "
                           "version of the app, or altered after it was generated; the "
                           "fingerprint in its metadata does not prove what its pages show. "
                           "Compare its pages with the stored final.")
            verdict = "stored_final"
        headline += " " + since_text
        return FilingCheck(verdict=verdict, headline=headline, details=tuple(details),
                           changes_since=generated_at if changes else None, changes=changes,
                           **base)

    if is_current:
        what = {"final": "the final it would issue",
                "preview": "a preview of the final it would issue"}.get(current_as or "",
                                                                     "its current draft")
        assert now_document is not None
        # The final this preview previews, stored already (the same title: the whole filing
        # or the same track's): "no final with this content is stored" hid it from the
        # auditor handed the preview.
        previewed = next((d for d, fp in finals if fp in current and current[fp].final
                          and current[fp].title_en == now_document.title_en),
                         None) if current_as == "preview" else None
        stored_as = (f"that final is stored: {previewed.file_name} (document {previewed.id})"
                     if previewed is not None else "no final with this content is stored")
        headline = (f"Current: the content is what case {reference} holds now "
                    f"({what}; {stored_as}).")
        same_as_rendering: bool | None = None
        if source == "pdf" and now_document is not None:
            # Laid out again (at the file's own generation time for a draft): the same
            # bytes show the pages are what the app printed, not only the metadata. A file
            # of another version whose content is unchanged names its own format: laid out
            # naming it, so only the layout is compared.
            meter.report(0.5, "Laying out the pages again to compare the bytes…")
            pdf, _pages = build_pdf(now_document, content_format=content_format,
                                    progress=meter.part(0.5, 1.0).report)
            same_as_rendering = hashlib.sha256(pdf).hexdigest() == file_sha256
            if same_as_rendering:
                details.append("The file is byte for byte what the app renders from the case now.")
            else:
                details.append("Its bytes differ from what this version of the app renders from "
                               "the case now: it was re-saved by another program, rendered by "
                               "another version, or altered; the fingerprint in its metadata "
                               "does not prove what its pages show.")
        if head_before_own:
            details.append(_own_records_line(len(own_records)))
        if recorded:
            details.append(f"{counted(len(finals), 'final')} of this kind stored with the case, "
                           "none with this content.")
        return FilingCheck(verdict="current", headline=headline, details=tuple(details),
                           same_as_rendering=same_as_rendering,
                           final_stored=previewed is not None, **base)

    # Neither stored nor current.
    if generated_at is None:
        headline = (f"No match: the fingerprint is neither that of a final stored with case "
                    f"{reference} nor of what the case holds now.")
        details.append("Without the generation time (printed in the footer) the changes since "
                       "cannot be listed.")
        return FilingCheck(verdict="no_match", headline=headline, details=tuple(details),
                           **base)
    if generated_at < case.created_at:
        headline = (f"Not produced from case {reference}: it was generated on "
                    f"{_stamp(generated_at)}, before the case was created "
                    f"({_stamp(case.created_at)}).")
        return FilingCheck(verdict="not_from_case", headline=headline, details=tuple(details),
                           **base)
    changes = _changes_after(session, reference, generated_at, same_second=status != "final",
                             with_finals=kind == STATUS_REPORT)
    elsewhere = 0
    if kind == STATUS_REPORT and status != "final":
        # A status report draft prints the audit chain's head: any event moves it.
        elsewhere = _other_events_after(session, generated_at, changes, own_records)
    if format_known and content_format != FILING_CONTENT_VERSION:
        # Worded by another version (translations, date formats, names changed between
        # versions): what the case held then cannot be worded as it did, so "altered"
        # would accuse an upgrade. Whether the case moved on since can still be said.
        base.update(content_version=content_format, other_version=True)
        details.append(f"It was made by {_format_words(content_format)}, whose wording "
                       "differs: its content cannot be recomputed here, so whether its pages "
                       "are unaltered cannot be checked by this version.")
        if changes:
            headline = (f"Made by {_which_version(content_format)} version of the app, and case "
                        f"{reference} has changed since it was generated on "
                        f"{_stamp(generated_at)}.")
            details.append(_events_after_line(changes))
        else:
            headline = (f"Made by {_which_version(content_format)} version of the app: nothing "
                        f"on case {reference} changed since it was generated on "
                        f"{_stamp(generated_at)}.")
            details.append("The audit trail records no change on the case after it was "
                           "generated.")
        if elsewhere:
            details.append(_head_moved_line(elsewhere))
        return FilingCheck(verdict="other_version", headline=headline, details=tuple(details),
                           changes_since=generated_at if changes else None, changes=changes,
                           **base)
    renames = _renames_after(session, reference, generated_at, same_second=status != "final")
    listed = tuple(sorted(changes + tuple(r.change for r in renames),
                          key=lambda c: (c.occurred_at, c.event_id)))
    if renames and elsewhere:  # a rename is listed, not counted as an event elsewhere
        elsewhere = _other_events_after(session, generated_at, listed, own_records)
    if renames and not changes:
        # Nothing on the case changed, a name it prints did: not "not produced from it".
        headline = (f"Not current: since this was generated on {_stamp(generated_at)}, "
                    f"{_renamed_words(session, renames)}, which the filing prints. Generate "
                    "it again for a current copy.")
        details.append(_renames_line(renames))
        if elsewhere:
            details.append(_head_moved_line(elsewhere))
        return FilingCheck(verdict="changed", headline=headline, details=tuple(details),
                           changes_since=generated_at, changes=listed, **base)
    if changes or elsewhere:
        headline = (f"Not current: case {reference} has changed since this was generated on "
                    f"{_stamp(generated_at)}; its content is neither a stored final's nor "
                    "what the case holds now.")
        if not changes:
            # Only the audit chain's head it prints moved on: "the case has changed" is untrue.
            headline = (f"Not current, though nothing on case {reference} changed since this "
                        f"was generated on {_stamp(generated_at)}: "
                        f"{counted(elsewhere, 'event')} elsewhere moved the audit chain's head "
                        "that a status report draft prints. Generate it again for a current "
                        "copy.")
        if changes:
            details.append(_events_after_line(changes))
        if renames:
            details.append(_renames_line(renames))
        if elsewhere:
            details.append(_head_moved_line(elsewhere))
        return FilingCheck(verdict="changed", headline=headline, details=tuple(details),
                           changes_since=generated_at, changes=listed,
                           **base)
    headline = (f"Not produced from case {reference} as the app records it: nothing on the "
                f"case changed after {_stamp(generated_at)}, yet its content is not what the "
                "case held then.")
    details.append("It was altered, made by another installation or another version of the "
                   "app, or its metadata names the wrong case.")
    return FilingCheck(verdict="not_from_case", headline=headline, details=tuple(details),
                       **base)


def _doc(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    assert doc is not None
    return doc


def _since(session: Session, case: Case, generated_at: str | None, is_current: bool,
           other_version: bool = False, stored_at: str = "", *,
           with_finals: bool = False, subject: str = "It") -> tuple[str, tuple[Change, ...]]:
    """Whether a stored final is still current, in words, and the changes since.
    `other_version`: the final was worded by another version of the app, whose content
    this version cannot recompute. `stored_at`: when the final was stored, i.e. rendered
    (a final's generation time is its content's last change; the names it prints are
    those of when it was rendered)."""
    if is_current:
        return f"{subject} is still current: the case would render the same content now.", ()
    changes = (_changes_after(session, case.reference, generated_at, with_finals=with_finals,
                              stored_at=stored_at) if generated_at else ())
    if other_version and generated_at and not changes:
        return ("Nothing on the case changed since it was generated; this version of the app "
                "words the filing differently, so its content cannot be recomputed here."), ()
    rendered_at = max(generated_at or "", stored_at)
    renames = _renames_after(session, case.reference, rendered_at) if rendered_at else ()
    listed = tuple(sorted(changes + tuple(r.change for r in renames),
                          key=lambda c: (c.occurred_at, c.event_id)))
    renamed = (f"{_renamed_words(session, renames)}, which the filing prints"
               if renames else "")
    if changes:
        return (f"{subject} is no longer current: the case has changed since it was generated "
                f"({counted(len(changes), 'event')} recorded after "
                f"{_stamp(generated_at or '')}, listed below)"
                + (f"; and {renamed}." if renamed else ".")), listed
    if renames:
        # Nothing on the case changed: a name it prints did (filings print full names).
        return (f"{subject} is no longer current: since it was stored on {_stamp(rendered_at)}, "
                f"{renamed}."), listed
    return f"{subject} is no longer current: the case would render other content now.", ()


# --- the two checks -----------------------------------------------------------------------


def check_filing(session: Session, *, actor: Actor, source: bytes | Path,
                 name: str | None = None, progress: ProgressReport | None = None,
                 cancelled: CancelCheck | None = None) -> FilingCheck:
    """Check a filing PDF (its bytes, or a file to read) against the case it names.
    `progress(fraction, message)` hears how far it is; once `cancelled()` is True it stops
    at its next stage with `Cancelled` (it only reads: nothing to undo)."""
    actor = current_actor(session, actor, what="check a filing")
    meter = Meter(progress, cancelled)
    meter.report(0.0, "Reading the PDF…")
    label = name or (str(source) if isinstance(source, Path) else "file")
    if isinstance(source, Path):
        try:
            if source.is_dir():
                raise InputError(Problem(label, "is a folder; give a PDF file"))
            if source.stat().st_size > MAX_PDF_BYTES:
                raise InputError(Problem(label, "is far larger than any filing; not a filing PDF"))
            data = source.read_bytes()
        except FileNotFoundError:
            raise InputError(Problem(label, "file not found")) from None
        except OSError as exc:
            raise InputError(Problem(label, f"cannot be read ({exc.strerror or exc})")) from None
    else:
        data = source
    if not data:
        raise InputError(Problem(label, "is empty; not a PDF file"))
    meter.report(0.1, "Reading the fingerprint in its metadata…")
    claim = read_pdf_claim(data, label)
    sha = hashlib.sha256(data).hexdigest()
    identical = session.exec(
        select(Document).where(Document.sha256 == sha, Document.is_rendering == True)  # noqa: E712
        .order_by(col(Document.id))
    ).first()
    if identical is not None:
        case = session.get(Case, identical.case_id)
        assert case is not None
        fingerprint = claim.fingerprint if claim else next(
            (fp for d, fp in _stored_finals(session, case.id or 0, identical.doc_type)
             if d.id == identical.id), "")
        return _judge(session, actor, source="pdf", case=case, kind=identical.doc_type,
                      fingerprint=fingerprint, status="final",
                      generated_at=claim.generated_at if claim
                      else _stored_generated_at(session, identical),
                      file_sha256=sha, identical=identical,
                      content_format=claim.content_version if claim else None,
                      format_known=claim is not None, meter=meter.part(0.2, 1.0))
    if claim is None:
        attached = session.exec(
            select(Document.file_name, Case.reference).join(Case, col(Case.id) == Document.case_id)
            .where(Document.sha256 == sha).order_by(col(Document.id))
        ).first()
        if attached is not None:  # names are no secret: the Documents tab lists them all
            raise InputError(Problem(label, f"is no filing the app generated: it is the document "
                                            f"{attached[0]} attached to case {attached[1]}"))
        if data.startswith(b"%PDF") and b"%%EOF" not in data[-2048:]:
            # The metadata is at the end: a file cut short lost it (not "not ours").
            raise InputError(Problem(label, "is cut short: a PDF file ends with an end-of-file "
                                            "marker, and this one has none, so its end (where "
                                            "the fingerprint is kept) is missing. Get a "
                                            "complete copy (a download or copy that stopped, "
                                            "a full disk) and check it instead"))
        raise InputError(Problem(label, "carries no filing fingerprint in its metadata: it is "
                                        "not a filing this app generated, or a program that "
                                        "re-saved it dropped the metadata. Check it as a paper "
                                        "copy with the fingerprint printed in its footer"))
    if claim.kind not in KINDS:
        raise InputError(Problem(label, f"names the filing kind {claim.kind!r}, which this "
                                        "version of the app does not know"))
    reference = claim.reference or ""
    case = session.exec(select(Case).where(Case.reference == reference)).first()
    if case is None:
        return FilingCheck(
            verdict="unknown_case",
            headline=(f"Not a filing of this data folder: it names case {reference or '(none)'}, "
                      "which is not here."),
            details=(claim_line(claim.kind, claim.status, claim.generated_at),
                     f"Fingerprint: {claim.fingerprint}", f"File SHA-256: {sha}"),
            source="pdf", reference=claim.reference, kind=claim.kind,
            fingerprint=claim.fingerprint, status=claim.status,
            generated_at=claim.generated_at, file_sha256=sha)
    return _judge(session, actor, source="pdf", case=case, kind=claim.kind,
                  fingerprint=claim.fingerprint, status=claim.status,
                  generated_at=claim.generated_at, file_sha256=sha, identical=None,
                  content_format=claim.content_version, format_known=True,
                  meter=meter.part(0.2, 1.0))


_FOOTER_FINGERPRINT = re.compile(r"^\s*fingerprint\s*(?:\(sha-?256 of content\))?\s*:?\s*",
                                 re.IGNORECASE)
_FOOTER_GENERATED = re.compile(r"^.*?\b(?:generated|content as of)\b\s*:?\s*", re.IGNORECASE)


def fingerprint_typed(text: str) -> str:
    """What a fingerprint typed from paper holds, unchecked: spaces (and a leading
    "sha256:", or the footer's "Fingerprint (SHA-256 of content):" copied whole) dropped,
    full-width digits and letters (a Chinese input method's) read as ASCII, as the wizard
    reads codes, lower case."""
    typed = _FOOTER_FINGERPRINT.sub("", plain_text(text or ""))
    return re.sub(r"\s+", "", typed).lower().removeprefix("sha256:")


def clean_fingerprint(text: str, path: str = "fingerprint") -> str:
    """A fingerprint as typed from paper (`fingerprint_typed`): at least MIN_PREFIX hex
    digits."""
    value = fingerprint_typed(text)
    if not value:
        raise InputError(Problem(path, "is empty; type the fingerprint printed in the footer"))
    bad = sorted({ch for ch in value if ch not in "0123456789abcdef"})
    if bad:
        raise InputError(Problem(path, "may hold only the hex digits 0-9 and a-f; found "
                                       + ", ".join(repr(ch) for ch in bad)))
    if len(value) < MIN_PREFIX:
        raise InputError(Problem(path, f"has {len(value)} hex digits; type at least its first "
                                       f"{MIN_PREFIX}"))
    if len(value) > FULL:
        raise InputError(Problem(path, f"has {len(value)} hex digits; a fingerprint has {FULL}"))
    return value


def clean_generated_at(text: str | None, path: str = "generated") -> str | None:
    """A footer's generation time as typed ("2026-11-29 22:41:55 UTC", ISO with Z, or to
    the minute) as ISO UTC; None when empty."""
    # As the footer reads, copied whole: "草稿 DRAFT · Generated 2026-11-29 22:41:55 UTC".
    value = _FOOTER_GENERATED.sub("", plain_text(text or ""))
    if not value:
        return None
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?\s*(?:Z|UTC)?", value,
                     re.IGNORECASE)
    if m is None:
        raise InputError(Problem(path, f"{value!r} is no time; type it as the footer prints it, "
                                       "e.g. 2026-11-29 22:41:55 UTC"))
    iso = f"{m[1]}T{m[2]}{m[3] or ':00'}Z"
    try:
        datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise InputError(Problem(path, f"{value!r} is no date and time")) from None
    return iso


def check_paper_copy(session: Session, *, actor: Actor, reference: str, kind: str,
                     fingerprint: str, generated_at: str | None = None,
                     progress: ProgressReport | None = None,
                     cancelled: CancelCheck | None = None) -> FilingCheck:
    """Check a printed filing by what its footer shows: the case reference, the kind and
    the fingerprint (at least its first 16 hex digits), and optionally the generation time
    (to list the changes since). An unknown case is NotFound, as elsewhere. `progress` and
    `cancelled` as check_filing's."""
    actor = current_actor(session, actor, what="check a filing")
    meter = Meter(progress, cancelled)
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for path, clean in (("kind", lambda: check_kind(kind)),
                        ("fingerprint", lambda: clean_fingerprint(fingerprint)),
                        ("generated", lambda: clean_generated_at(generated_at))):
        try:
            values[path] = clean()
        except InputError as exc:
            problems += exc.problems
    reference = plain_text(reference or "").upper()
    if not reference:
        problems.insert(0, Problem("reference", "is empty; type the case reference printed at "
                                                "the top of each page, e.g. AP-2026-0001"))
    if problems:
        raise InputError(problems)
    try:
        case = case_by_reference(session, reference)
    except NotFound:
        raise NotFound(f"There is no case {reference}.") from None
    others = [k for k in KINDS if k != kind]
    share = 1 / (len(others) + 1)  # the kind chosen, then each other kind in turn
    result = _judge(session, actor, source="paper", case=case, kind=kind,
                    fingerprint=values["fingerprint"], status=None,
                    generated_at=values["generated"], file_sha256=None, identical=None,
                    meter=meter.part(0.0, share))
    if result.matches:
        return result
    # The kind is picked from a list, the easiest field to get wrong on a paper copy: when
    # the fingerprint is the case's filing of another kind, say so rather than only "no".
    for number, other in enumerate(others, start=1):
        try:
            found = _judge(session, actor, source="paper", case=case, kind=other,
                           fingerprint=values["fingerprint"], status=None,
                           generated_at=values["generated"], file_sha256=None, identical=None,
                           meter=meter.part(share * number, share * (number + 1)))
        except (InputError, NotFound):
            continue  # the case has no filing of that kind
        if found.matches:
            hint = (f"The fingerprint is that of the case's {kind_name(other)}, not its "
                    f"{kind_name(kind)}: choose the kind {kind_name(other)} and check again.")
            return replace(result, headline=f"{result.headline} {hint}")
    return result
