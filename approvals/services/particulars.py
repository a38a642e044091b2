"""Filing particulars for the desktop editor.

The particulars themselves are stored by `filings.set_filing_particulars` (which checks
the permission and writes the audit event); this module adds what an editor needs around
it: the form (sections, fields, bilingual labels, which filing needs which field), one
scope's stored values beside the organisation-wide defaults an empty per-case field falls
back to, and a save that refuses to overwrite a change made since the values were read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from approvals.domain.dates import utc_text
from approvals.domain.errors import ConflictError, InputError, Problem
from approvals.domain.event_text import changed_paths
from approvals.domain.particulars import field_kind, particular_labels, particular_name
from approvals.filings.common import SIGNATORY_PATH, applicant_signatory, forms, label
from approvals.services.access import require
from approvals.services.audit_view import user_names
from approvals.services.case_lifecycle import read_only_message, writable_case_by_reference
from approvals.services.filings import (
    PARTICULARS_FIELDS,
    last_particulars_change,
    particulars_key,
    particulars_permission,
    set_filing_particulars,
)
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.models import Event, FilingTrack
from approvals.store.settings import get_setting

Values = dict[str, dict[str, str]]


@dataclass(frozen=True)
class ParticularField:
    section: str
    name: str
    label_en: str
    label_zh: str  # "" where the Chinese application prints none (US notification fields)
    kind: str  # text | email | url | phone (see domain.particulars)
    required_by: tuple[str, ...]  # filing kinds whose final is refused without it

    @property
    def path(self) -> str:  # as the filings' missing lists name it
        return f"particulars.{self.section}.{self.name}"

    @property
    def name_without_the_case(self) -> str:
        """The English name where no case's facts are at hand: the applicant's signatory
        by both its names ("Legal representative or authorised signatory"), as which one
        depends on where the applicant is organised."""
        if self.path == SIGNATORY_PATH:
            return applicant_signatory(None)[0]
        return self.label_en


@dataclass(frozen=True)
class ParticularsSection:
    name: str
    label_en: str
    label_zh: str
    used_by: tuple[str, ...]  # filing kinds that print it
    fields: tuple[ParticularField, ...]


@dataclass(frozen=True)
class ParticularsView:
    """One scope's particulars as stored: a case's own (`reference`) or, with reference
    None, the organisation-wide defaults."""

    reference: str | None
    values: Values  # this scope's own values (every field, "" when not set)
    defaults: Values  # the organisation-wide values an empty case field falls back to
    version: str  # fingerprint of the stored values, handed back on save
    filings: tuple[str, ...]  # filing kinds the case's open tracks call for
    changed_by: str = ""  # who last stored this scope's values (their name), and when (UTC)
    changed_at: str = ""
    # particulars path -> (English, Chinese) where this case's filings name a field
    # otherwise than the form: the applicant's authorised signatory, not its legal
    # representative (法定代表人), for a target organised outside mainland China.
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Why nothing may be saved for the case ("" when it may): closed, or a discarded draft;
    # its filings print what it was closed with.
    read_only: str = ""

    def label_of(self, particular: ParticularField) -> tuple[str, str]:
        """(English, Chinese) as this case's filings print the particular's label."""
        return self.labels.get(particular.path, (particular.label_en, particular.label_zh))

    def effective(self, section: str, name: str) -> str:
        """What a filing prints: the case's value, else the organisation-wide one."""
        return self.values[section][name] or self.defaults[section][name]


def _required_by() -> dict[str, tuple[str, ...]]:
    """particulars path -> the filing kinds (forms.json) that require it."""
    out: dict[str, list[str]] = {}
    for kind, form in forms().items():
        for path, *_labels in form.get("required", []):
            if path.startswith("particulars."):
                out.setdefault(path, []).append(kind)
    return {path: tuple(kinds) for path, kinds in out.items()}


def particulars_form() -> tuple[ParticularsSection, ...]:
    """The sections and fields of the filing particulars, labelled, in filing order: the
    Chinese application's first, then the US notification's."""
    required = _required_by()
    order = ("applicant", "foreign_investor", "representative", "us_person")
    sections = []
    for section in sorted(PARTICULARS_FIELDS, key=lambda s: order.index(s) if s in order
                          else len(order)):
        fields = tuple(
            ParticularField(section, name, *_labels(f"{section}.{name}"),
                            kind=field_kind(section, name),
                            required_by=required.get(f"particulars.{section}.{name}", ()))
            for name in PARTICULARS_FIELDS[section])
        used_by = tuple(sorted({k for f in fields for k in f.required_by}))
        sections.append(ParticularsSection(section, *_labels(section), used_by=used_by,
                                           fields=fields))
    return tuple(sections)


def _labels(code: str) -> tuple[str, str]:
    return particular_labels(code)  # the labels the Timeline and missing lists name too


def _complete(stored: Any) -> Values:
    """Every section and field, "" where nothing (or nothing readable) is stored."""
    stored = stored if isinstance(stored, dict) else {}
    out: Values = {}
    for section, names in PARTICULARS_FIELDS.items():
        own = stored.get(section) if isinstance(stored.get(section), dict) else {}
        out[section] = {n: own[n].strip() if isinstance(own.get(n), str) else "" for n in names}
    return out


def _version(stored: Any) -> str:
    text = json.dumps(_complete(stored), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _last_change(session: Session, reference: str | None) -> tuple[str, str]:
    """(who, when) of the last change: the person by their full name (the login only for
    a user without one, or the command line's `cli:…`), and the stored UTC stamp."""
    event = last_particulars_change(session, reference)
    if event is None:
        return "", ""
    return user_names(session).get(event.actor, event.actor), event.occurred_at


def _fields_changed_by(event: Event | None) -> list[str]:
    """The particulars a change event changed, by their editor's names."""
    if event is None:
        return []
    try:
        old, new = json.loads(event.old_value or "null"), json.loads(event.new_value or "null")
    except ValueError:
        return []
    return [particular_name(path) or path for path, _old, _new in changed_paths(old, new)]


def _filings_of(session: Session, reference: str) -> tuple[str, ...]:
    case = case_by_reference(session, reference)
    regimes = session.exec(select(FilingTrack.regime).where(FilingTrack.case_id == case.id)).all()
    return tuple(kind for kind, form in forms().items()
                 if form.get("required") and kind != "status-report"
                 and any(r.startswith(form["tracks"]) for r in regimes))


def _case_labels(session: Session, reference: str) -> dict[str, tuple[str, str]]:
    """The labels this case's filings give particulars otherwise than the form does."""
    try:
        facts = json.loads(case_by_reference(session, reference).facts)
        place = facts["target"].get("jurisdiction")
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}  # facts unreadable here: the form's labels
    signatory = applicant_signatory(place if isinstance(place, str) else None)
    form_label = label("particulars", SIGNATORY_PATH.removeprefix("particulars."))
    return {} if signatory == form_label else {SIGNATORY_PATH: signatory}


def _view(session: Session, reference: str | None) -> ParticularsView:
    stored = get_setting(session, particulars_key(reference), {})
    changed_by, changed_at = _last_change(session, reference)
    return ParticularsView(
        reference=reference,
        values=_complete(stored),
        defaults=_complete(get_setting(session, particulars_key(None), {}) if reference else {}),
        version=_version(stored),
        filings=_filings_of(session, reference) if reference else (),
        changed_by=changed_by,
        changed_at=changed_at,
        labels=_case_labels(session, reference) if reference else {},
        read_only=read_only_message(session, case_by_reference(session, reference))
        if reference else "",
    )


def load_particulars(session: Session, *, actor: Actor,
                     reference: str | None = None) -> ParticularsView:
    """Case `reference`'s own particulars with the defaults, or (None) the defaults alone.
    Whoever may generate filings may read what they print."""
    require(session, actor, "filing.render")
    if reference is not None:
        case_by_reference(session, reference)  # NotFound for an unknown case
    return _view(session, reference)


def save_particulars(session: Session, *, actor: Actor, reference: str | None,
                     values: dict[str, Any], expected_version: str,
                     reason: str = "") -> ParticularsView:
    """Store `values` (every field the editor shows; "" clears one, so a case field falls
    back to the default) for case `reference` or, with None, organisation-wide; `reason`
    (optional: why) is recorded on the audit event.

    Refused with ConflictError, nothing stored, when the stored values are no longer
    those read as `expected_version` (someone saved them since); the defaults need an
    administrator."""
    require(session, actor, particulars_permission(reference))
    if reference is not None:  # a closed case's filings print what it was closed with
        writable_case_by_reference(session, reference)
    current = get_setting(session, particulars_key(reference), {})
    if _version(current) != expected_version:
        who, when = _last_change(session, reference)
        scope = f"of {reference}" if reference else "(organisation-wide defaults)"
        by = f" by {who} at {utc_text(when)}" if who else ""
        # What the last save changed, by name (issue 4: the conflict says what changed).
        fields = _fields_changed_by(last_particulars_change(session, reference))
        what = f" ({'; '.join(fields)})" if fields else ""
        raise ConflictError(
            f"The filing particulars {scope} were changed{by}{what} after you opened them, "
            "so yours were not saved. Reload to see their values (your own changes stay in "
            "the form), check them and save again.")
    if not isinstance(values, dict):
        raise InputError(Problem("particulars", "expected an object"))
    known = all(isinstance(fields, dict) and section in PARTICULARS_FIELDS
                and all(name in PARTICULARS_FIELDS[section] and isinstance(value, str)
                        for name, value in fields.items())
                for section, fields in values.items())
    if known and _complete(current) == _complete(values):
        return _view(session, reference)  # nothing changed: no audit event
    set_filing_particulars(session=session, actor=actor, values=values, reference=reference,
                           reason=reason)
    return _view(session, reference)
