"""Print-ready filings (ReportLab). No Qt, no database: services.filings reads the case
into a `FilingData`, `compose` turns it into content, `layout.build_pdf` into PDF bytes."""

from __future__ import annotations

from collections.abc import Callable

from approvals.domain.errors import InputError, Problem
from approvals.domain.rulebook import REGIMES
from approvals.filings import cn_application, status_report, us_notification
from approvals.filings.common import forms, missing_fields
from approvals.filings.content import FILING_CONTENT_VERSION as FILING_CONTENT_VERSION
from approvals.filings.content import FilingDocument
from approvals.filings.data import WITHDRAWN, FilingData, Track

KINDS: dict[str, Callable[..., FilingDocument]] = {
    cn_application.KIND: cn_application.build,
    us_notification.KIND: us_notification.build,
    status_report.KIND: status_report.build,
}


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InputError(Problem("kind", f"{kind!r} is not a filing kind; use one of "
                                         + ", ".join(sorted(KINDS))))


def kind_for_regime(regime: str) -> str | None:
    """The filing a track of `regime` is generated as (for a Generate action on a track)."""
    for kind, form in forms().items():
        if form["tracks"] and regime.startswith(form["tracks"]):
            return kind
    return None


def tracks_for_kind(data: FilingData, kind: str, regime: str | None = None) -> tuple[Track, ...]:
    """The tracks a filing of `kind` covers (optionally only the one of `regime`)."""
    prefix = forms()[kind]["tracks"]
    tracks = data.tracks_for(prefix)
    if regime is not None:
        if regime not in REGIMES:  # a typo, not a track the case lacks
            raise InputError(Problem("regime", f"{regime} is not a regime's code; the codes "
                                               f"are {', '.join(REGIMES)}"))
        tracks = tuple(t for t in tracks if t.regime == regime)
        if not tracks:
            # The case's track of another filing named as such ("has no US-OISP track" of a
            # case that has one read as a lost track).
            other = kind_for_regime(regime) if data.tracks_for(regime) else None
            raise InputError(Problem("regime", (
                f"a {kind} does not cover {regime}: its track is filed as a {other}" if other
                else f"case {data.reference} has no {regime} track that a {kind} covers")))
        # A reopened case re-screened has the regime's withdrawn track and a new one: the
        # filing is the new one's (a withdrawn one alone is still printable, as before).
        if kind != status_report.KIND:
            tracks = tuple(t for t in tracks if t.state != WITHDRAWN) or tracks
    elif kind != status_report.KIND:
        # A withdrawn track is no longer applied for: it is neither listed on the filing nor
        # keeps the others' final from being issued. (The status report shows every track.)
        tracks = tuple(t for t in tracks if t.state != WITHDRAWN)
    return tracks


def _in_a_sentence(label: str) -> str:
    """A state's label inside a sentence: its first letter small ("internal review",
    "acknowledged by Treasury"), the rest as the workflow writes it."""
    return label[:1].lower() + label[1:]


def compose(data: FilingData, kind: str, *, final: bool, now: str,
            regime: str | None = None) -> tuple[FilingDocument, list[tuple[str, str]]]:
    """The filing's content, and the missing fields (path, label).

    A final is refused (InputError listing every problem) while fields are missing or,
    for a filing to an authority, while its tracks are not approved for filing. A final's
    generation time is when its content last changed, so re-rendering it is stable.
    """
    check_kind(kind)
    tracks = tracks_for_kind(data, kind, regime)
    missing = missing_fields(kind, data, tracks)
    if kind == status_report.KIND:
        approved = final  # an internal report: no track to approve, the final is the record
    else:
        approved = bool(tracks) and all(t.approved_for_filing for t in tracks)
    if final:
        problems = [Problem(path, f"missing: {label}") for path, label in missing]
        if kind != status_report.KIND and tracks and not approved:
            # Each state in the workflow's words ("CN-FISR (internal review)"), not its code.
            waiting = ", ".join(f"{t.regime} ({_in_a_sentence(t.state_label or t.state)})"
                                for t in tracks if not t.approved_for_filing)
            problems.append(Problem("tracks", f"not approved for filing yet: {waiting}"))
        if problems:
            raise InputError(problems)
    if not final:
        generated_at = now
    elif kind == status_report.KIND:
        generated_at = data.content_time  # the report shows the whole audit timeline
    else:
        generated_at = data.filing_time(tracks)
    document = KINDS[kind](data, final=final, approved=approved, generated_at=generated_at,
                           missing=missing, tracks=tracks)
    # What the fonts cannot set prints as code points, listed on page 1 (filings.printable).
    # Imported here: it loads the fonts (ReportLab), which the case window, reading only
    # what a filing lacks through this package, paid 0.3 s for at its first case.
    from approvals.filings.printable import check_document

    return check_document(document), missing
