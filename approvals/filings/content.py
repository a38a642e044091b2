"""A filing's content as plain blocks: what is hashed into the fingerprint and laid out.

The kind modules build a `FilingDocument`; its fingerprint is SHA-256 over the canonical
JSON of the content (kind, reference, status and every block), not over PDF bytes, so
the same content always has the same fingerprint whatever the renderer does. The
generation time is deliberately outside the fingerprint.

The wording of that content (translations, date formats, names of document types) is
this version's: `FILING_CONTENT_VERSION` names it, and every PDF carries it in its
metadata (`creator`), so a check can tell a filing worded by another version of the app
from one altered (services.filing_check). tests/unit/test_filing_content_version.py
guards it: when the wording changes, bump it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from approvals.domain.audit import canonical_json

# Bump it whenever the same case would be worded differently (its fingerprint changes):
# filings of another format cannot be recomputed by this version, only recognised.
FILING_CONTENT_VERSION = 35
_CREATOR = re.compile(r"\bfiling content format (\d{1,9})\b")


def creator(version: int = FILING_CONTENT_VERSION) -> str:
    """The PDF's Creator: the app, and the content format its filings are worded in."""
    return f"approvals (filing content format {version})"


def content_version(creator_text: str | None) -> int | None:
    """The content format a PDF's Creator names; None for a filing made before formats
    were recorded (its Creator is plain "approvals"), or not by this app."""
    m = _CREATOR.search(creator_text or "")
    return int(m[1]) if m else None


@dataclass(frozen=True)
class Heading:
    en: str
    zh: str | None = None
    level: int = 1


@dataclass(frozen=True)
class Para:
    en: str
    zh: str | None = None
    style: Literal["body", "small", "note", "flag"] = "body"


@dataclass(frozen=True)
class Field:
    label_en: str
    value: str
    label_zh: str | None = None
    path: str | None = None  # the facts/particulars path, to mark the value when missing


@dataclass(frozen=True)
class Fields:
    """Label / value rows (particulars)."""

    rows: tuple[Field, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; `widths` are fractions of the frame width."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    headers_zh: tuple[str, ...] | None = None
    mono_columns: tuple[int, ...] = ()  # hashes: 64 hex digits whole on one line
    # Each row's short name (a determination's regime), said with "(continued)" where the
    # row goes on overleaf: the marker alone left a page of reasons without their regime.
    row_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Missing:
    """The boxed list of missing facts a draft shows on page 1."""

    items: tuple[tuple[str, str], ...]  # (field path, what it is)


@dataclass(frozen=True)
class Attention:
    """The boxed list of places where characters print as their code points (⟨U+20000⟩)
    because no font of the filing can set them (filings.printable), on page 1."""

    items: tuple[tuple[str, str], ...]  # (where, which characters and why)


@dataclass(frozen=True)
class Signature:
    """Signature and seal boxes: (label_en, label_zh) per box, each `height_mm` tall inside
    (a Chinese company seal is a circle of about 40 mm)."""

    boxes: tuple[tuple[str, str | None], ...]
    height_mm: float = 24
    dated: bool = True  # a "Date: ____" line under each box (False: the date has a box)


Block = Heading | Para | Fields | Table | Missing | Attention | Signature


@dataclass(frozen=True)
class FilingDocument:
    kind: str
    reference: str
    title_en: str
    title_zh: str | None
    page_size: Literal["A4", "LETTER"]
    final: bool
    watermark: bool
    generated_at: str  # ISO UTC; printed in the footer, not part of the fingerprint
    blocks: tuple[Block, ...]
    missing: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)

    def canonical(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reference": self.reference,
            "title": [self.title_en, self.title_zh],
            "page_size": self.page_size,
            "status": "final" if self.final else "draft",
            "watermark": self.watermark,
            "missing": list(self.missing),
            "blocks": [{"type": type(b).__name__, **asdict(b)} for b in self.blocks],
        }

    @property
    def stage(self) -> Literal["final", "draft", "preview"]:
        """What the PDF is, as its footer says: the final (stored with the case); a draft
        (watermarked: its tracks are not all approved for filing yet); or a preview of the
        final, without the watermark because its tracks are approved for filing, but not
        the stored final. Not part of the fingerprint (`watermark` and the status are)."""
        if self.final:
            return "final"
        return "draft" if self.watermark else "preview"

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(canonical_json(self.canonical()).encode("utf-8")).hexdigest()
