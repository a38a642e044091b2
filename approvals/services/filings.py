"""Render filings: read the case into plain data, lay it out, store finals with the case.

`render_filing` is safe to call from a worker thread with its own session (ReportLab
builds are serialised inside `filings.layout`). A draft only reads; a final needs a write
session (`Database.session()`), stores the PDF under the data folder's documents/ as a
`Document` (is_rendering=True) and records a `filing.finalised` audit event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlmodel import Session, col, select

from approvals.domain.approval_changes import changed_after_approval
from approvals.domain.errors import InputError, Problem
from approvals.domain.event_text import EventFacts, changed_paths, event_sentence
from approvals.domain.facts import Facts, value_at
from approvals.domain.numbers import counted
from approvals.domain.particulars import check_particular
from approvals.domain.typed_input import free_text_problem
from approvals.domain.workflow import step_record
from approvals.filings import KINDS, check_kind, compose, tracks_for_kind
from approvals.filings.common import forms, particular_names, state_label
from approvals.filings.data import (
    Attachment,
    Condition,
    Determination,
    FilingData,
    Reason,
    Recommendation,
    ReviewInput,
    ScreeningInfo,
    TimelineEvent,
    Track,
    Transition,
)
from approvals.filings.status_report import KIND as STATUS_REPORT
from approvals.paths import DataDir
from approvals.services.access import require
from approvals.services.audit_view import person_named, user_names
from approvals.services.case_lifecycle import writable_case_by_reference
from approvals.services.cases import case_status_words
from approvals.services.screening import (
    control_threshold_of,
    current_screening,
    unscreened_changes,
    unverified_of,
)
from approvals.services.workflow import list_obligations, solo_mode_kept
from approvals.store.audit import Actor, append_event, chain_head
from approvals.store.cases import case_by_reference, case_id_by_reference, rows_of_case
from approvals.store.db import session_data_dir
from approvals.store.files import (
    atomic_output,
    check_writable,
    remove_unless_committed,
    write_atomically,
)
from approvals.store.models import (
    Case,
    Document,
    Event,
    FilingTrack,
    ReviewProposal,
    ReviewResponse,
    Screening,
    utc_now,
)
from approvals.store.settings import get_setting, put_setting

Progress = Callable[[float, str], None]

# Events about renderings themselves do not change a filing's content (otherwise storing a
# final would change the next rendering of it).
RENDERING_ACTIONS_PREFIX = "filing."
PARTICULARS_KEY = "filing.particulars"
PARTICULARS_ACTION = "case.particulars_changed"
PARTICULARS_FIELDS: dict[str, tuple[str, ...]] = {
    # 31 CFR 850.405(b)(1): name, title, e-mail, mailing address, telephone and employer.
    "representative": ("name", "title", "organisation", "email", "phone", "address"),
    "us_person": ("principal_place_of_business", "address", "website"),
    # The Chinese application names who signs and seals it and whom the authority contacts.
    "applicant": ("legal_representative", "registered_address", "contact_name",
                  "contact_phone", "contact_email", "purpose_zh"),
    "foreign_investor": ("address", "authorised_representative"),
}


# Particulars that say something of one case (its purpose): never an organisation-wide
# default, which every case's filing would print.
PER_CASE_PARTICULARS = ("particulars.applicant.purpose_zh",)


def particulars_permission(reference: str | None) -> str:
    """A case's own particulars are case facts; the organisation-wide defaults are a
    setting for every case, so only an administrator changes them."""
    return "case.edit" if reference is not None else "particulars.defaults"


class FilingRefused(InputError):
    """A final refused for what it lacks, with the names this case's filing gives the
    particulars (`particular_names`), so the refusal names them as the draft does."""

    def __init__(self, problems: list[Problem],
                 names: dict[str, tuple[str, str]]) -> None:
        super().__init__(problems)
        self.particular_names = names


# What a rendering is, in the words the command line and the Generate filing window say.
STAGE_WORDS = {"final": "final, stored with the case", "draft": "draft",
               "preview": "preview (approved for filing; not the stored final)"}


@dataclass(frozen=True)
class RenderedFiling:
    pdf: bytes
    fingerprint: str
    page_count: int
    missing: tuple[str, ...]
    kind: str
    reference: str
    final: bool
    # What the PDF is, as its footer says (FilingDocument.stage): "final", "draft" (with the
    # DRAFT watermark) or "preview" (approved for filing, no watermark; not the stored final).
    stage: Literal["final", "draft", "preview"]
    document_id: int | None = None  # the stored Document of a final
    generated_at: str = ""  # the generation time its footer prints (ISO UTC)
    stored_path: str | None = None  # relative to documents/
    # (path, name) of each missing field, as page 1 of a draft lists them.
    missing_named: tuple[tuple[str, str], ...] = ()
    # particulars path -> (English, Chinese) where this case's filing names a particular
    # otherwise than the form (filings.common.particular_names): the applicant's signatory.
    particular_names: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def bytes(self) -> bytes:  # the name the UI brief uses
        return self.pdf


# --- reading the case -----------------------------------------------------------------

def _json(text: str | None, default: Any) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return default


def _screening(session: Session, row: Screening | None) -> ScreeningInfo | None:
    if row is None:
        return None
    result = _json(row.result, {})
    unverified = unverified_of(session, {str(r.get("rule", ""))
                                         for d in result.get("determinations", [])
                                         for r in d.get("reasons", [])})
    determinations = tuple(
        Determination(
            regime=str(d.get("regime", "")),
            outcome=str(d.get("outcome", "")),
            status=str(d.get("status", "")),
            reasons=tuple(Reason(str(r.get("rule", "")), str(r.get("citation", "")),
                                 str(r.get("text", "")), str(r.get("text_zh") or ""),
                                 str(r.get("citation_zh") or ""), r.get("advice") is True,
                                 str(r.get("rule", "")) in unverified)
                         for r in d.get("reasons", [])),
            missing=tuple(str(m) for m in d.get("missing", [])),
        )
        for d in result.get("determinations", [])
    )
    as_of = str(result.get("as_of") or row.as_of)
    return ScreeningInfo(
        as_of=as_of,
        rulebook=str(result.get("rulebook") or row.rulebook_version),
        include_proposed=row.include_proposed,
        created_at=row.created_at,
        created_by=row.created_by,
        determinations=determinations,
        control_at_least=_control_threshold(session, as_of),
    )


def _control_threshold(session: Session, as_of: str) -> float | None:
    try:
        on = date.fromisoformat(as_of[:10])
    except ValueError:
        return None
    return control_threshold_of(session, on)


# What a filing may print of what a track's steps recorded (services.workflow writes them
# into the step's audit event).
RECORDED = ("on", "filing_reference", "registration_number", "licence_number",
            "completion_date", "knowledge_date", "was_due", "extension_days")


def _transition(event: Event) -> Transition:
    details = step_record(_json(event.details, {}))  # was_due: derived, old events and new
    return Transition(
        occurred_at=event.occurred_at,
        actor=event.actor,
        role=event.role,
        from_state=str(details.get("from") or ""),
        to_state=str(details.get("to") or ""),
        transition=str(details.get("transition") or ""),
        reason=event.reason,
        self_approval=bool(details.get("self_approval")),
        recorded=tuple((key, str(details[key])) for key in RECORDED if details.get(key)),
        solo_mode=solo_mode_kept(details),
    )


def _conditions(session: Session, track_id: int,
                case_events: list[Event]) -> tuple[Condition, ...]:
    """The track's conditions as the track view lists them (services.workflow), each with
    the event that last set its status: who, when and (a waiver) why."""
    last: dict[str, Event] = {}
    for e in case_events:
        if e.action == "obligation.status" and e.track_id == track_id:
            last[e.entity_id] = e
    out = []
    for o in list_obligations(session=session, track_id=track_id):
        said = last.get(str(o.id)) if o.status != "open" else None
        out.append(Condition(o.id, o.text, o.due_date, o.status,
                             set_by=said.actor if said else "", set_role=said.role if said else "",
                             set_at=said.occurred_at if said else "",
                             reason=said.reason if said else "", rule_made=o.rule_made))
    return tuple(out)


def _track(row: FilingTrack, history: list[Event], case_events: list[Event],
           conditions: tuple[Condition, ...] = ()) -> Track:
    assert row.id is not None
    pauses = tuple((str(p[0]), p[1]) for p in _json(row.clock_pauses, []) if p)
    return Track(
        id=row.id,
        regime=row.regime,
        kind=row.kind,
        outcome=row.outcome,
        state=row.state,
        state_label=state_label(row.kind, row.state),
        state_label_zh=state_label(row.kind, row.state, "zh"),
        clock_phase=row.clock_phase,
        clock_calendar=row.clock_calendar,
        clock_unit=row.clock_unit,
        clock_days=row.clock_days,
        clock_start=row.clock_start,
        clock_pauses=pauses,
        clock_stopped_on=row.clock_stopped_on,
        due_date=row.due_date,
        due_estimated=bool(row.due_estimated),
        completed_on=row.completed_on,
        history=tuple(_transition(e) for e in history),
        updated_at=row.updated_at,
        changed_after_approval=changed_after_approval(row.id, row.kind, row.state, case_events),
        conditions=conditions,
    )


def _summary(event: Event, kinds: dict[int, str] | None = None,
             conditions: dict[str, str] | None = None,
             regimes: dict[int, str] | None = None,
             names: dict[str, str] | None = None) -> str:
    """The event as a sentence a reader of the timeline understands (domain.event_text),
    its stored old → new values exact; then its reason. `kinds`: track id → track kind,
    to name a step's states in words; `conditions`: obligation id → the condition's text;
    `regimes`: track id → regime, to say which track an event is about; `names`:
    user_names(), to name whom a document is restricted to in words."""
    known = names or {}
    kind = (kinds or {}).get(event.track_id or 0)

    def named(state: str) -> str:
        return state_label(kind, state) if kind else state

    sentence = event_sentence(
        EventFacts(event.action, event.entity_id, event.field,
                   _json(event.old_value, event.old_value), _json(event.new_value, event.new_value),
                   _json(event.details, {})),
        state_name=named if kind else None,
        kind=kind,
        condition=(conditions or {}).get(event.entity_id),
        regime=(regimes or {}).get(event.track_id or 0),
        iso_dates=True,  # the status report prints every other date of the page as ISO
        person=lambda login: person_named(login, known),
    )
    return f"{sentence}; reason: {event.reason}" if event.reason else sentence


def _review_input(session: Session, case_id: int) -> ReviewInput | None:
    """Each reviewer's latest recommendation and the proposals still pending; None when no
    reviewer has sent anything back. A reviewer is their installation's key, as the
    import counts them (a laptop's review input is one, whoever on it sent it)."""
    latest: dict[str, ReviewResponse] = {}
    for r in session.exec(select(ReviewResponse).where(ReviewResponse.case_id == case_id)
                          .order_by(col(ReviewResponse.id))):
        latest.pop(r.reviewer_key or r.reviewer, None)  # listed in the order of their last word
        latest[r.reviewer_key or r.reviewer] = r
    statuses = session.exec(select(ReviewProposal.status)
                            .where(ReviewProposal.case_id == case_id)).all()
    if not latest and not statuses:
        return None
    return ReviewInput(
        recommendations=tuple(Recommendation(r.reviewer, r.recommendation, r.reasons,
                                             r.imported_at) for r in latest.values()),
        pending_proposals=sum(status == "pending" for status in statuses),
    )


def particulars_key(reference: str | None) -> str:
    """The setting that holds one case's particulars, or (None) the organisation-wide ones."""
    return PARTICULARS_KEY if reference is None else f"{PARTICULARS_KEY}.{reference}"


def last_particulars_change(session: Session, reference: str | None) -> Event | None:
    """The latest audit event that changed these particulars (a case's or the defaults)."""
    return session.exec(
        select(Event).where(Event.field == particulars_key(reference))
        .order_by(col(Event.id).desc()).limit(1)
    ).first()


def _stated(value: Any) -> bool:
    """A particular that says something; an empty one (cleared in the editor) does not."""
    return bool(str(value or "").strip())


def _particulars(session: Session, reference: str) -> dict[str, Any]:
    """Organisation-wide filing particulars, overridden field by field by the case's own.
    An empty case field falls back to the organisation-wide one."""
    merged: dict[str, Any] = {}
    for key in (particulars_key(None), particulars_key(reference)):
        for section, values in get_setting(session, key, {}).items():
            if isinstance(values, dict):
                merged.setdefault(section, {}).update((k, v) for k, v in values.items() if _stated(v))
    return merged


def load_filing_data(session: Session, reference: str, *, for_final: bool = False,
                     with_timeline: bool = True) -> FilingData:
    """Everything a filing shows about case `reference`, read straight from the tables.
    Without `with_timeline` the audit timeline (only the status report prints it) is left
    empty: a sentence for each of a large case's thousands of events cost the case window
    most of a second where only what the filing lacks was asked (a track's step note)."""
    case = case_by_reference(session, reference)
    screening = session.exec(
        select(Screening).where(Screening.case_id == case.id, Screening.current == True)  # noqa: E712
        .order_by(col(Screening.id).desc())
    ).first()
    events = [
        e for e in rows_of_case(session, Event, case.id)
        if not e.action.startswith(RENDERING_ACTIONS_PREFIX)
    ]
    by_track: dict[int, list[Event]] = {}
    # A document's type printed under its name changed later (Set type…): the filing's
    # content changed then, so a final's generation time must not stay the older one.
    retyped: dict[str, str] = {}
    for e in events:
        if e.action == "track.transition" and e.track_id is not None:
            by_track.setdefault(e.track_id, []).append(e)
        if e.action == "document.type_changed":
            retyped[e.entity_id] = max(retyped.get(e.entity_id, ""), e.occurred_at)
    tracks = tuple(
        _track(row, by_track.get(row.id or 0, []), events,
               _conditions(session, row.id or 0, events))
        for row in rows_of_case(session, FilingTrack, case.id)
    )
    # The case's documents read once (rows_of_case: in the order they were written).
    documents = rows_of_case(session, Document, case.id)
    uploaded = [d for d in documents if not d.is_rendering]
    attachments = tuple(
        Attachment(d.file_name, d.sha256, d.size, d.doc_type,
                   max(d.uploaded_at, retyped.get(str(d.id), "")), d.track_id)
        for d in uploaded if d.withdrawn_at is None
    )
    # Not listed, but their withdrawal is a change of the filing's content (its time).
    withdrawn = tuple(
        Attachment(d.file_name, d.sha256, d.size, d.doc_type, d.withdrawn_at or "", d.track_id)
        for d in uploaded if d.withdrawn_at is not None
    )
    # The finals stored with the case, for the status report's documents; not its own
    # (storing a final status report would otherwise change the next rendering of it).
    stored_finals = tuple(
        Attachment(d.file_name, d.sha256, d.size, d.doc_type, d.uploaded_at, d.track_id,
                   stored_final=True)
        for d in documents if d.is_rendering and d.doc_type != STATUS_REPORT
    )
    # People by name where the filing names them (the events keep the logins).
    names = user_names(session)
    people = {login: person_named(login, names) for login in names}
    kinds = {t.id: t.kind for t in tracks}
    condition_texts = {str(o.id): o.text for t in tracks for o in t.conditions}
    regimes = {t.id: t.regime for t in tracks}
    last = events[-1] if events else None
    if for_final and last is not None:
        # A final shows the chain as of its content, so re-rendering it is byte-identical.
        head_hash, head_id = last.hash, last.id or 0
    else:
        head = session.exec(select(Event).order_by(col(Event.id).desc()).limit(1)).first()
        head_hash, head_id = chain_head(session), (head.id or 0) if head else 0
    return FilingData(
        reference=case.reference,
        case_status=case.status,
        case_created_at=case.created_at,
        facts=Facts.model_validate_json(case.facts, strict=False),
        screening=_screening(session, screening),
        unscreened=unscreened_changes(session, case, events),
        tracks=tracks,
        attachments=attachments,
        withdrawn_attachments=withdrawn,
        timeline=tuple(
            TimelineEvent(e.id or 0, e.occurred_at, e.actor, e.role, e.action, e.entity,
                          _summary(e, kinds, condition_texts, regimes, names), e.hash)
            for e in events
        ) if with_timeline else (),
        chain_head=head_hash,
        chain_head_event=head_id,
        # A final stored since (its event is about a rendering) changed what the status
        # report lists: its time too.
        content_time=max([last.occurred_at if last else case.updated_at,
                          *(f.uploaded_at for f in stored_finals)]),
        particulars=_particulars(session, case.reference),
        case_updated_at=case.updated_at,
        particulars_changed_at=_particulars_changed_at(session, case.reference, events),
        review=_review_input(session, case.id or 0),
        deal_completed_on=_deal_completed_on(events),
        case_status_words=_status_words(session, case, tracks),
        people=people,
        stored_finals=stored_finals,
    )


def _status_words(session: Session, case: Case, tracks: tuple[Track, ...]) -> str:
    """The case's status as its window's header says it (services.cases.case_status_words)."""
    stored = current_screening(session, case.id or 0)
    refused_then_closed = [t.kind for t in tracks if t.state == "closed"
                           and any(h.from_state == "prohibited" for h in t.history)]
    return case_status_words(case.status, [(t.regime, t.kind, t.state, t.outcome)
                                           for t in tracks],
                             refused_then_closed,
                             stored.result.binding_blocks() if stored else ())


def _deal_completed_on(case_events: list[Event]) -> str | None:
    """The completion day the latest "deal completed" event recorded (a completion is never
    undone: closing and reopening keep it), or None when the deal has not completed."""
    for event in reversed(case_events):
        if event.action == "case.completed":
            day = _json(event.details, {}).get("completed_on")
            return str(day) if day else event.occurred_at[:10]
    return None


def _particulars_changed_at(session: Session, reference: str, case_events: list[Event]) -> str:
    """When the particulars this case prints last changed: its own, or the organisation-wide
    defaults where it falls back on them (a final's generation time moves with what it
    prints, and only with that, so an unrelated change leaves a final byte-identical)."""
    own = max((e.occurred_at for e in case_events if e.action == PARTICULARS_ACTION), default="")
    case_values = get_setting(session, particulars_key(reference), {})
    uses_defaults = any(
        isinstance(values, dict) and any(
            not _stated((case_values.get(section) or {}).get(name))
            for name, value in values.items() if _stated(value))
        for section, values in get_setting(session, particulars_key(None), {}).items())
    defaults = last_particulars_change(session, None) if uses_defaults else None
    return max(own, defaults.occurred_at if defaults else "")


# --- rendering ------------------------------------------------------------------------

def applicable_kinds(session: Session, reference: str) -> tuple[str, ...]:
    """The filing kinds that apply to a case: those whose tracks it has (as rendering one
    finds them: a withdrawn track is no longer applied for), and the status report, which
    covers every case. Review packs draft these; Generate filing offers them first."""
    data = load_filing_data(session, reference)
    return tuple(kind for kind in KINDS if kind == STATUS_REPORT or tracks_for_kind(data, kind))


def required_documents(kind: str) -> dict[str, str]:
    """{document type: name} of the attachments a final of `kind` needs (the
    `documents.<type>` entries of resources/filings/forms.json), so the case window can
    offer and check them by name instead of leaving the officer to guess the type."""
    check_kind(kind)
    return {path.partition(".")[2]: text_en
            for path, text_en, *_ in forms()[kind]["required"]
            if path.startswith("documents.")}


def render_filing(
    *,
    session: Session,
    reference: str,
    kind: str,
    actor: Actor,
    final: bool = False,
    regime: str | None = None,
    progress: Progress | None = None,
    data_dir: DataDir | None = None,
) -> RenderedFiling:
    """Render filing `kind` of case `reference`.

    A draft (final=False) only reads. A final is refused with an InputError listing every
    missing field (and tracks not yet approved for filing); otherwise it is stored with the
    case. `progress(fraction, message)` is called along the way with a finished sentence
    to show as it is ("Laying out the pages…"), and may raise to cancel (nothing is stored
    then). `regime` limits a cn-application to one Chinese track.
    """
    check_kind(kind)
    actor = require(session, actor, "filing.finalise" if final else "filing.render")
    if progress:
        progress(0.0, "Reading the case…")
    data = load_filing_data(session, reference, for_final=final)
    names = particular_names(data.facts.target.jurisdiction)
    try:
        document, missing = compose(data, kind, final=final, now=utc_now(), regime=regime)
    except InputError as exc:
        raise FilingRefused(exc.problems, names) from None
    # Imported when a PDF is made: the case window reads what a filing lacks through this
    # module, and loading ReportLab made its first case 0.3 s slower to open.
    from approvals.filings.layout import LAYING_OUT, build_pdf

    if progress:
        progress(0.1, LAYING_OUT)

    def layout_progress(fraction: float, message: str) -> None:
        if progress:
            progress(0.1 + 0.8 * fraction, message)

    pdf, pages = build_pdf(document, progress=layout_progress if progress else None)
    rendered = RenderedFiling(
        pdf=pdf,
        fingerprint=document.fingerprint,
        page_count=pages,
        missing=tuple(path for path, _ in missing),
        missing_named=tuple(missing),
        particular_names=names,
        kind=kind,
        reference=reference,
        final=final,
        stage=document.stage,
        generated_at=document.generated_at,
    )
    if final:
        if progress:
            progress(0.9, "Storing the final with the case…")
        rendered = _store_final(session, data, rendered, actor=actor, regime=regime,
                                data_dir=data_dir or session_data_dir(session))
    if progress:
        progress(1.0, f"Rendered {counted(pages, 'page')}"
                 + ("; the final is stored with the case." if final else "."))
    return rendered


def _store_final(session: Session, data: FilingData, rendered: RenderedFiling, *, actor: Actor,
                 regime: str | None, data_dir: DataDir) -> RenderedFiling:
    case_id = case_id_by_reference(session, data.reference)
    sha256 = hashlib.sha256(rendered.pdf).hexdigest()
    tracks = tracks_for_kind(data, rendered.kind, regime)
    track_id = tracks[0].id if len(tracks) == 1 else None
    existing = session.exec(
        select(Document).where(Document.case_id == case_id, Document.is_rendering == True,  # noqa: E712
                               Document.doc_type == rendered.kind, Document.sha256 == sha256)
    ).first()
    relative = f"{data.reference}/{rendered.kind}-{sha256[:16]}.pdf"
    path = data_dir.documents / relative
    created = False  # a new file for a new Document: removed again if the step fails
    try:
        if existing is None or not (data_dir.documents / existing.stored_path).exists():
            if existing is not None:
                path = data_dir.documents / existing.stored_path  # restore the lost file
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, rendered.pdf)
            created = existing is None
            if created:  # a commit that fails after this step must not leave the file
                remove_unless_committed(session, path)
        if existing is None:
            existing = Document(
                case_id=case_id,
                track_id=track_id,
                # One track's own application is told apart from the whole one.
                file_name=f"{data.reference}-{rendered.kind}"
                          + (f"-{regime.lower()}" if regime else "") + ".pdf",
                sha256=sha256,
                size=len(rendered.pdf),
                stored_path=relative,
                doc_type=rendered.kind,
                is_rendering=True,
                uploaded_by=actor.username,
            )
            session.add(existing)
            session.flush()
            reused = False
        else:
            reused = True
        append_event(
            session,
            actor=actor,
            action="filing.finalised",
            entity="document",
            entity_id=existing.id or "",
            case_id=case_id,
            track_id=track_id,
            details={"kind": rendered.kind, "sha256": sha256, "fingerprint": rendered.fingerprint,
                     "pages": rendered.page_count, "already_stored": reused,
                     "regime": regime},
        )
    except BaseException:
        if created:
            path.unlink(missing_ok=True)
        raise
    return RenderedFiling(**{**rendered.__dict__, "document_id": existing.id,
                             "stored_path": existing.stored_path})


def _record_handed_out(session: Session, actor: Actor, rendered: RenderedFiling, *,
                       action: str, where: dict[str, str], pages: int,
                       regime: str | None) -> None:
    """A filing that left the app (saved or printed), in the trail: which one (kind, draft
    or final, the content fingerprint its footer prints, so a paper copy can be matched to
    its event) and where it went. A `filing.` event: it changes no filing's content."""
    case_id = case_id_by_reference(session, rendered.reference)
    details: dict[str, Any] = {
        **where, "kind": rendered.kind, "final": rendered.final,
        "fingerprint": rendered.fingerprint, "sha256": hashlib.sha256(rendered.pdf).hexdigest(),
        "pages": pages, "regime": regime,
    }
    if rendered.document_id is not None:
        details["document_id"] = rendered.document_id
    append_event(session, actor=actor, action=action, entity="case",
                 entity_id=rendered.reference, case_id=case_id, details=details)


def save_filing_pdf(session: Session, *, actor: Actor, rendered: RenderedFiling, out: Path,
                    regime: str | None = None, printed: bool = False) -> Path:
    """Write a rendered filing's PDF to `out` and record it: `filing.saved`, or with
    `printed` `filing.printed` (the print dialog's "Print to File (PDF)", which writes the
    same file). An existing file is replaced only when the record commits."""
    out = check_writable(Path(out), "Output file")
    actor = require(session, actor, "filing.render")
    with atomic_output(out, session=session) as tmp:
        tmp.write_bytes(rendered.pdf)
    _record_handed_out(session, actor, rendered,
                       action="filing.printed" if printed else "filing.saved",
                       where={"file": out.name}, pages=rendered.page_count, regime=regime)
    return out


def record_filing_printed(session: Session, *, actor: Actor, rendered: RenderedFiling,
                          pages: int, printer: str | None = None,
                          regime: str | None = None) -> None:
    """Record that a rendered filing was printed on `printer` (its name), as a saved one
    is; called once the pages have gone out."""
    actor = require(session, actor, "filing.render")
    _record_handed_out(session, actor, rendered, action="filing.printed",
                       where={"printer": printer or "default printer"}, pages=pages,
                       regime=regime)


# As a facts file's problems say it (facts.schema_problems), not "expected an object".
_GROUP = "must be a group of fields in braces {…}"


def check_filing_particulars(values: Any) -> dict[str, dict[str, str]]:
    """Filing particulars as stored (trimmed), or every problem with them; needs no
    database, so the command line refuses a bad file before it opens (or creates) one."""
    problems: list[Problem] = []
    clean: dict[str, dict[str, str]] = {}
    if not isinstance(values, dict):
        raise InputError(Problem("particulars", _GROUP))
    for section, fields in values.items():
        if section not in PARTICULARS_FIELDS:
            problems.append(Problem(f"particulars.{section}", "unknown section; use "
                                    + ", ".join(PARTICULARS_FIELDS)))
            continue
        if not isinstance(fields, dict):
            problems.append(Problem(f"particulars.{section}", _GROUP))
            continue
        for name, value in fields.items():
            path = f"particulars.{section}.{name}"
            if name not in PARTICULARS_FIELDS[section]:
                problems.append(Problem(path, "unknown field; use "
                                        + ", ".join(PARTICULARS_FIELDS[section])))
            elif value is None:  # meant as "clear it", as a facts file's null is "not known"
                problems.append(Problem(path, 'is null: write "" to clear it, or leave the '
                                              "field out to keep it as it is"))
            elif not isinstance(value, str):
                problems.append(Problem(path, "must be text in quotes"))
            elif issue := free_text_problem(value) or check_particular(section, name, value):
                problems.append(Problem(path, issue))  # e.g. an e-mail that is none
            else:
                clean.setdefault(section, {})[name] = value.strip()
    if problems:
        raise InputError(problems)
    return clean


def set_filing_particulars(*, session: Session, actor: Actor, values: dict[str, Any],
                           reference: str | None = None, reason: str = "") -> int:
    """Store filing particulars (the representative, the US person's address...) for one
    case, or organisation-wide when `reference` is None. Unknown fields are refused.
    `reason` (optional: why they changed) is recorded on the audit event. Returns how many
    particulars changed; none changed, nothing is recorded (an empty or unchanged file
    put "filing particulars saved unchanged" in the case's trail and its status report)."""
    actor = require(session, actor, particulars_permission(reference))
    clean = check_filing_particulars(values)
    if reference is None:
        given = [path for path in PER_CASE_PARTICULARS
                 if str(value_at(clean, path.split(".")[1:]) or "").strip()]
        if given:
            raise InputError([Problem(path, (
                "is one case's: set it for that case (--case CASE_REF, or the case's Filing "
                "particulars…), not as a default every case's filing would print"))
                for path in given])
    # A closed case's filings keep the particulars it was closed with (the command line too).
    case_id = writable_case_by_reference(session, reference).id if reference is not None \
        else None
    key = particulars_key(reference)
    old = get_setting(session, key, {})
    new = {s: {**old.get(s, {}), **clean.get(s, {})} for s in {*old, *clean}}
    changed = len(changed_paths(old, new))
    if not changed:
        return 0
    put_setting(session, key, new)
    append_event(session, actor=actor, action=PARTICULARS_ACTION if case_id else
                 "settings.changed", entity="case" if case_id else "settings",
                 entity_id=reference or key, case_id=case_id, field=key, old=old, new=new,
                 reason=(reason or "").strip())
    return changed
