"""An audit event in words: "condition 'Keep data in China' marked fulfilled (open →
fulfilled)", "field Stake after the deal (%) (Deal): 6.5 → 10", "Filed → Accepted".

Pure (no Qt, no database): the status report's audit timeline says every event with it,
and the case window's Timeline may too. The stored old and new values are kept exact
(auditors compare them with the trail): text as text, other values as JSON, as the CSV
export of the trail writes them; nothing of them is shortened. Only what is not a compared
value is shortened (a hash, a comment's body).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any

from approvals.domain import workflow as wf
from approvals.domain.calendars import ESTIMATED_MARK, says_estimated
from approvals.domain.clocks import fmt_date, unit_words
from approvals.domain.dates import utc_text
from approvals.domain.document_types import document_type_name
from approvals.domain.errors import NotFound
from approvals.domain.field_labels import Lang, fact_label
from approvals.domain.filing_kinds import kind_name
from approvals.domain.numbers import counted, humanise
from approvals.domain.particulars import particular_name
from approvals.domain.permissions import ROLE_NAMES
from approvals.domain.wording import and_joined, backups_kept

NONE = "∅"  # a value that was not set (JSON null), as the report always printed it
EMPTY = '""'  # an empty text, told apart from none

# A condition's new status, in words (the Timeline's OBLIGATION_STEPS say the same).
CONDITION_STEPS: Mapping[str, str] = {"fulfilled": "marked fulfilled", "waived": "waived",
                                      "open": "re-opened"}
# What a track step may record besides its reason, by name (services.filings.RECORDED).
_RECORDED = (("filing_reference", "filing reference"),
             ("registration_number", "registration number"),
             ("licence_number", "licence number"),
             ("completion_date", "completion date"),
             ("knowledge_date", "knowledge date"))


# The note render_due_text's {due_note} adds to the stored text of a condition counted
# through an estimated year: " (due date estimated: no official CN holiday schedule is
# held for 2027)".
_DUE_NOTE = re.compile(r"\s*\(due date " + re.escape(ESTIMATED_MARK) + r"[^()]*\)")
# A follow-up's note inside its own brackets ("(…, CAC Order 16 art. 14; estimated: no
# official CN holiday schedule is held for 2029)"): the {note} of its text template.
_INNER_NOTE = re.compile(r";\s*" + re.escape(ESTIMATED_MARK) + r"[^()]*(?=\))")


def condition_words(text: str) -> str:
    """A condition as the authority worded it: its stored text without the estimated-
    due-date note the app added (said by "(estimated)" beside the date). Saved again
    (copied into a new decision, sent back by a script) a text with the note got a
    second one; shown, the note pushed the condition itself out of sight."""
    return _INNER_NOTE.sub("", _DUE_NOTE.sub("", text)).strip()


def value_text(value: Any) -> str:
    """A stored old/new value exactly: text as text, none as ∅, anything else as JSON."""
    if value is None:
        return NONE
    if isinstance(value, str):
        return value if value else EMPTY
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def stored_value_shown(value: Any, *, field: str | None = None,
                       state_name: Callable[[str], str] | None = None) -> str:
    """An event's old or new value as its details show it: exactly as stored (value_text),
    a record or list laid out one key a line, which a long one on one line is not read as;
    a track's state also in its workflow's words, as the Field row names a fact by its
    label: "Materials requested (materials_requested)"."""
    if isinstance(value, dict | list) and value:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
    if field == "state" and state_name is not None and isinstance(value, str) and value:
        named = state_name(value)
        return f"{named} ({value})" if named != value else value
    return value_text(value)


def change_text(old: Any, new: Any) -> str:
    """A change as read: a whole number of five digits or more grouped in thousands
    ("22,000,000 → 25,000,000", where "22000000" had to be counted); the rest exactly."""
    def read(value: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
            return f"{value:,}"
        return value_text(value)
    return f"{read(old)} → {read(new)}"


# Whether `day_text` writes a day as YYYY-MM-DD: a sentence printed among ISO dates (the
# status report's timeline, whose every other date and time is ISO) says its days so too.
_ISO_DAYS: ContextVar[bool] = ContextVar("iso_days", default=False)


@contextmanager
def iso_days(on: bool = True) -> Iterator[None]:
    """Within it, `day_text` (and so every sentence of `event_sentence`) writes a day as
    "2027-06-30" rather than "30 Jun 2027"."""
    token = _ISO_DAYS.set(on)
    try:
        yield
    finally:
        _ISO_DAYS.reset(token)


def day_text(value: Any) -> str:
    """"2027-06-30" as "30 Jun 2027" (within `iso_days`, as "2027-06-30"); anything that is
    not an ISO date as it is."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return value_text(value)
    return day.isoformat() if _ISO_DAYS.get() else fmt_date(day)


def changed_paths(old: Any, new: Any, prefix: str = "") -> list[tuple[str, Any, Any]]:
    """(dotted path, old, new) of every value that differs between two stored objects."""
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    out: list[tuple[str, Any, Any]] = []
    for key in sorted({*old, *new}, key=str):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, dict | None) and isinstance(b, dict | None) and (a or b):
            out += changed_paths(a, b, f"{prefix}{key}.")
        else:
            out.append((f"{prefix}{key}", a, b))
    return out


def stopped_days(details: Mapping[str, Any]) -> tuple[int, str] | None:
    """(days, unit) that a resumed clock's stop kept from counting: its step's
    "stopped_working_days" or "stopped_calendar_days", in the clock's own unit; an older
    step's "stopped_days", which counted calendar days whatever the clock's unit."""
    for key, unit in (("stopped_working_days", "working"),
                      ("stopped_calendar_days", "calendar"), ("stopped_days", "calendar")):
        value = details.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value, unit
    return None


def extension_text(days: Any, kind: str = "") -> str:
    """"extended by 60 calendar days": the days an extension added to a `kind`'s clock, in
    the unit of the phase it extends (plain "days" where the kind is unknown or its
    extendable phases count in different units)."""
    phases = {t.clock.phase for t in wf.workflow(kind).transitions
              if t.clock and t.clock.op == "extend"} if kind in wf.WORKFLOWS else set()
    units = {s.unit for s in wf.clock_specs() if s.kind == kind and s.phase in phases}
    try:
        return f"extended by {unit_words(units.pop(), int(days))}" if len(units) == 1 \
            else f"extended by {days} days"
    except ValueError:
        return f"extended by {days} days"


def reviewer_of(details: Mapping[str, Any] | None) -> str:
    """Whose review input an event records, as the import named them ("anna (Anna's
    laptop)"): its details' `reviewer`, or a comment's `author`. The audit actor is whoever
    imported the answers (often `cli:root`); events stored before these keys name nobody."""
    for key in ("reviewer", "author"):
        value = (details or {}).get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _from(details: Mapping[str, Any] | None) -> str:
    by = reviewer_of(details)
    return f" from {by}" if by else ""


def _commented_document(details: Mapping[str, Any]) -> str:
    """The document a comment from a response pack is on ("document 'SPA.pdf'"): its file
    name as the import recorded it, else (events imported before the name was recorded)
    its number; "" for a comment on no document."""
    name, number = details.get("document"), details.get("document_id")
    if isinstance(name, str) and name.strip():
        return f"document '{name.strip()}'"
    if isinstance(number, int) and not isinstance(number, bool):
        return f"document #{number}"
    return ""


def _count(value: Any) -> int:
    """A count an event recorded (0 when it recorded none or something else)."""
    return value if isinstance(value, int) else 0


def _words(path: str) -> str:
    """A stored setting's path in words ("backup folder")."""
    return path.replace(".", " ").replace("_", " ")


def _particular_words(path: str) -> str:
    """A filing particular as the Filing particulars editor labels it ("The US person (US
    notification) — Address", not "us person address"); one labels.json does not know (a
    field since removed) in words."""
    return particular_name(path) or _words(path)


def particulars_named(paths: list[str]) -> list[str]:
    """The particulars of one event by name, each section said once, before its first
    field: "Applicant (the target company) — Contact person", "Contact telephone", "Foreign
    investor — Address" (eight fields of the US notification said "Filer's representative
    (US notification) — " five times over)."""
    out: list[str] = []
    said_section = ""
    for path in paths:
        name, section = _particular_words(path), path.partition(".")[0]
        title = particular_name(section)
        lead = f"{title} — " if title else ""
        if lead and name.startswith(lead) and section == said_section:
            name = name[len(lead):]
        said_section = section if lead and _particular_words(path).startswith(lead) else ""
        out.append(name)
    return out


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _people_listed(logins: Any, person: Callable[[str], str]) -> str:
    """The logins a document is restricted to, each as `person` says it: "alice and bob",
    or "Alice Wong (alice) and bob" where the caller knows full names. The event keeps
    logins."""
    return and_joined(person(str(login)) for login in logins or [])


@dataclass(frozen=True)
class EventFacts:
    """One stored event, its values decoded from JSON (what the sentence is made from)."""

    action: str
    entity_id: str = ""
    field: str | None = None
    old: Any = None
    new: Any = None
    details: Mapping[str, Any] | None = None


def state_namer(kind: str | None) -> Callable[[str], str] | None:
    """A track kind's states in its workflow's words, for event_sentence's `state_name`
    (a state no longer in the workflow humanised, not refused); None without a kind."""
    if not kind:
        return None
    workflow_kind = kind

    def named(state: str) -> str:
        try:
            return wf.state_label(workflow_kind, state)
        except NotFound:
            return humanise(state)
    return named


def _humanised_state(state: str) -> str:
    return humanise(state) if state else "?"


def event_sentence(
    event: EventFacts,
    *,
    state_name: Callable[[str], str] | None = None,
    condition: str | None = None,
    field_name: Callable[[str], str] = fact_label,
    regime: str | None = None,
    kind: str | None = None,
    iso_dates: bool = False,
    person: Callable[[str], str] | None = None,
) -> str:
    """What the event did, as a sentence (without its reason, which is said beside it).

    `state_name` names a track's states in its workflow's words (a step's from/to);
    `condition` is the text of the condition a status change is about (the event keeps
    only its id); `field_name` names a fact path; `regime` the track the event is about,
    which starts the sentence ("CN-FISR: Filed → Accepted") unless it names it already;
    `kind` the track's workflow, whose clock unit an extension's length is counted in.
    Review input names its reviewer ("recommendation from anna (Anna's laptop): return").
    `iso_dates`: its days as YYYY-MM-DD ("on 2026-10-22"), for a page whose other dates
    are ISO (the status report); "on 22 Oct 2026" otherwise, as the case window says them.
    `person` says a login a document is restricted to in words ("Li Wei (li.wei)", as the
    windows that hold the users' full names do); the login as stored otherwise, as the
    status report prints it."""
    def say() -> str:
        text = _sentence(event, named=state_name or _humanised_state,
                         fact=lambda p: field_name(p) if p else "the case",
                         condition=condition, regime=regime, track_kind=kind or "",
                         person=person or str)
        return raw_text(event) if text is None else text

    if iso_dates == _ISO_DAYS.get():  # the days already as asked (the audit CSV's million
        text = say()  # sentences: no context to enter and leave for each)
    else:
        with iso_days(iso_dates):
            text = say()
    if regime and not text.startswith(regime):
        return f"{regime}: {text}"
    return text


def _sentence(event: EventFacts, *, named: Callable[[str], str],
              fact: Callable[[str | None], str],
              condition: str | None, regime: str | None, track_kind: str = "",
              person: Callable[[str], str] = str) -> str | None:
    """The event in words, or None where it has no sentence of its own (`raw_text`)."""
    a, old, new = event.action, event.old, event.new
    d: Mapping[str, Any] = event.details or {}

    # The condition in its own words: the app's estimated-due-date note, inside the
    # quotes, read as if the authority had written it (said beside the date instead).
    condition = condition_words(condition) if condition else condition
    if a == "obligation.created":
        new = new if isinstance(new, dict) else {"text": new}
        due, stored = new.get("due_date"), str(new.get("text") or "")
        estimated = " (estimated)" if due and says_estimated(stored) else ""
        # Counted back from an expiry: the rules' follow-up (a renewal), not a condition.
        how = new.get("counted")
        what = "follow-up" if isinstance(how, dict) and how.get("back") else "condition"
        return (f"{what} '{condition_words(stored)}' added, "
                + (f"due {day_text(due)}{estimated}" if due else "no due date"))
    if a == "obligation.status":
        step = CONDITION_STEPS.get(str(new), f"marked {value_text(new)}")
        who = f"condition '{condition}'" if condition else f"condition #{event.entity_id}"
        return f"{who} {step} (status {change_text(old, new)})"
    if a == "obligation.due_recounted":
        who = f"condition '{condition}'" if condition else f"condition #{event.entity_id}"
        # What changed the calendar, as the recount's details name it: a year's schedule
        # entered was called a correction. An event recorded before says neither.
        raw_cause = d.get("cause")
        cause: Mapping[str, Any] = raw_cause if isinstance(raw_cause, dict) else {}
        if cause.get("year") and cause.get("removed"):
            calendar = (f"the holiday calendar with the {cause['year']} schedule entered "
                        "taken back")
        elif cause.get("year"):
            calendar = f"the newly entered {cause['year']} holiday schedule"
        elif cause.get("day") and cause.get("removed"):
            calendar = (f"the holiday calendar with the correction of {day_text(cause['day'])} "
                        "taken back")
        elif cause.get("day"):
            calendar = f"the holiday calendar corrected for {day_text(cause['day'])}"
        else:
            calendar = "the updated holiday calendar"
        texts = d.get("text")
        was_estimated, now_estimated = (
            (says_estimated(str(texts[0])), says_estimated(str(texts[1])))
            if isinstance(texts, list) and len(texts) == 2 else (False, False))
        # "Confirmed" only when the date no longer rests on an estimate: a date that
        # stands after its year's schedule was taken back is estimated again.
        if old == new and not now_estimated:
            text = f"{who} due date {day_text(new)} confirmed on {calendar}"
        elif old == new:
            text = f"{who} due date {day_text(new)} unchanged on {calendar}"
        else:
            # In the track sentences' dates beside it ("8 Mar 2027 → 9 Mar 2027").
            text = f"{who} due date recounted on {calendar}: {day_text(old)} → {day_text(new)}"
        if d.get("counted"):
            text += f" ({d['counted']})"
        if was_estimated and not now_estimated:
            text += "; no longer estimated"
        elif now_estimated and not was_estimated:
            text += "; now estimated"
        elif now_estimated:
            text += "; still estimated"
        return text
    if a == "obligation.edited":  # one event a field: the text, or the due date
        if event.field == "text":
            return f"condition corrected: '{value_text(old)}' → '{value_text(new)}'"
        who = f"condition '{condition}'" if condition else f"condition #{event.entity_id}"
        counts = d.get("counted")
        now_counted = counts[1] if isinstance(counts, list) and len(counts) == 2 else None
        return (f"{who} due date corrected: {day_text(old)} → {day_text(new)}"
                + (f" ({now_counted})" if now_counted else ""))
    if a == "track.transition":
        return _step(old, new, d, named, track_kind, person)
    if a == "track.opened" and isinstance(new, dict):
        which = new.get("regime") or regime or ""
        kind = new.get("kind")
        return (f"{which} track opened".strip() + f" for {humanise(str(new.get('outcome') or '')).lower()}"
                + (f"; workflow: {_workflow_name(str(kind))}" if kind and kind != which else "")
                + _basis(d))
    if a == "track.outcome_changed":  # with an accepted re-screening
        def outcome(v: Any) -> str:
            return humanise(str(v)).lower() if v else NONE
        return (f"{regime or 'track'} now for {outcome(new)} (was {outcome(old)}), "
                f"as the accepted screening says")
    if a == "track.due_recomputed":
        est = d.get("estimated")
        was, now = est if isinstance(est, list) and len(est) == 2 else (None, None)
        # Said in words and in the dates of the other track sentences: a confirmed
        # estimate read "2027-02-01 → 2027-02-01 (estimated: true → false)".
        if was and not now:
            return (f"due date {day_text(new)} confirmed; no longer estimated" if old == new
                    else f"due date {day_text(old)} → {day_text(new)}, no longer estimated")
        if now and not was and old == new:  # "4 Jan 2027 → 4 Jan 2027 (now estimated)"
            return f"due date {day_text(new)} unchanged; now estimated"
        text = f"due date recomputed: {day_text(old)} → {day_text(new)}"
        return text + (" (now estimated)" if now and not was else " (estimated)" if now else "")
    if a in ("field.changed", "review.proposal_accepted", "review.proposal_rejected"):
        text = f"field {fact(event.field)}: {change_text(old, new)}"
        if a == "review.proposal_accepted":
            return f"proposed change{_from(d)} accepted: " + text
        if a == "review.proposal_rejected":
            # The value proposed: in the details (a rejection's new value is the field's
            # unchanged one); events before held it as their new value.
            proposed = d.get("proposed_value", new)
            return (f"proposed change{_from(d)} rejected: field {fact(event.field)} stays "
                    f"{value_text(old)} (proposed {value_text(proposed)})")
        return text
    if a == "review.proposal_superseded":
        # A withdrawal says so in its details (always has); a value of none is a proposal
        # revised to clear the field, not withdrawn.
        what = "withdrawn" if d.get("withdrawn") else "revised"
        # Who withdrew or revised it, where another than its author (a second reviewer
        # sending the next response from the same laptop).
        by = d.get("by")
        if isinstance(by, str) and by.strip() and by.strip() != reviewer_of(d):
            what += f" by {by.strip()}"
        text = f"proposal{_from(d)} for field {fact(event.field)} {what}"
        return text + (f": {change_text(old, new)}" if what == "revised"
                       else f" (it proposed {value_text(old)})")
    if a == "comment.added":
        body = new.get("body") if isinstance(new, dict) else new
        targets = [fact(event.field)] if event.field else []
        targets += [document] if (document := _commented_document(d)) else []
        on = f" on {' and '.join(targets)}" if targets else ""
        return f"comment{_from(d)}{on}: '{_short(' '.join(str(body or '').split()), 300)}'"
    if a == "case.created":
        status = d.get("status")
        return "case created with the facts as entered" + (f" (status {status})" if status else "")
    if a == "case.draft_created":
        return "draft started"
    if a == "case.screened" and isinstance(new, dict):
        return (f"screened as of {new.get('as_of') or NONE} against rulebook "
                f"{new.get('rulebook') or NONE}" + _outcomes(new.get("outcomes")))
    if a == "case.rescreen_accepted":
        return rescreen_text(old, new, d)
    if a == "case.completed":
        completed_on = d.get("completed_on")
        return "deal completed" + (f" on {day_text(completed_on)}" if completed_on else "") + \
            f" (case status {change_text(old, new)})"
    if a == "case.owner_changed":
        return f"case handed to {person(str(new or ''))} (owner was {person(str(old or ''))})"
    if a in _LIFECYCLE:  # services.case_lifecycle: the status before, which a reopen restores
        raw_withdrawn = d.get("withdrawn")
        withdrawn: list[Any] = raw_withdrawn if isinstance(raw_withdrawn, list) else []
        tracks = and_joined(str(r) for r in withdrawn)
        return (f"{_LIFECYCLE[a]} (case status {change_text(old, new)})"
                + (f"; {tracks} {'track' if len(withdrawn) == 1 else 'tracks'} withdrawn "
                   "with it" if tracks else ""))
    if a in ("case.particulars_changed", "settings.changed") and isinstance(new, dict):
        particulars = a == "case.particulars_changed" or \
            str(event.field or "").startswith("filing.particulars")
        what = "filing particulars" if particulars else f"setting {event.field}"
        changes = changed_paths(old, new)
        if not changes:
            return f"{what} saved unchanged"
        first = all(o is None for _, o, _ in changes)  # first given: the values, no "∅ →"
        values = [value_text(n) if first else change_text(o, n) for _, o, n in changes]
        names = particulars_named([p for p, _, _ in changes]) if particulars \
            else [_words(p) for p, _, _ in changes]
        return f"{what} {'set' if first else 'changed'}: " + "; ".join(
            f"{name}: {value}" for name, value in zip(names, values, strict=True))
    if a == "document.attached" and isinstance(new, dict):
        doc_type = new.get("doc_type")
        users = _people_listed(new.get("allowed_users"), person)
        sha = str(new.get("sha256") or "")
        return (f"document '{new.get('file_name')}' attached"
                + (f" ({document_type_name(str(doc_type))})" if doc_type else "")
                + (f", {new['size']:,} bytes" if isinstance(new.get("size"), int) else "")
                + (f", SHA-256 {sha[:16]}…" if sha else "")
                + (f", restricted to {users}" if new.get("restricted") else ""))
    if a == "document.exported":
        return f"document '{d.get('file_name') or event.entity_id}' exported" \
            + (" (restricted)" if d.get("restricted") else "")
    if a == "document.withdrawn":
        name = d.get("file_name") or f"#{event.entity_id}"
        replaced = new.get("superseded_by_file") if isinstance(new, dict) else None
        # The why is the event's reason, shown beside the sentence as every step's is.
        return f"document '{name}' withdrawn" + (
            f", superseded by '{replaced}'" if replaced else "")
    if a == "document.type_changed":  # "(no type)", not "∅", for a file attached untyped
        def type_text(v: Any) -> str:
            return document_type_name(str(v)) if v else "(no type)"
        return (f"document '{d.get('file_name') or event.entity_id}' type: "
                f"{type_text(old)} → {type_text(new)}")
    if a == "document.restriction_changed":
        def access(v: Any) -> str:
            if isinstance(v, dict):
                users = _people_listed(v.get("allowed_users"), person)
                return f"restricted to {users}" if v.get("restricted") else "open to every user"
            return value_text(v)
        which = f"'{d['file_name']}'" if d.get("file_name") else f"#{event.entity_id}"
        return f"document {which} access: {access(old)} → {access(new)}"
    if a == "review.exported":
        return (f"review pack {d.get('file') or event.entity_id} exported"
                + (f" (version {d['version']})" if d.get("version") is not None else ""))
    if a == "review.imported":
        fields = d.get("proposed_fields") or []
        counts = [(_count(d.get("comments")), "comment"),
                  (len(fields) if isinstance(fields, list) else 0, "proposed change")]
        # "1 proposed change", not "0 comments, 1 proposed change"
        parts = [counted(n, noun) for n, noun in counts if n] or ["no new comment or proposed change"]
        retracted = d.get("retracted")
        taken_back = (f"; no longer proposed, though decided here: "
                      f"{', '.join(fact(str(f)) for f in retracted)}"
                      if isinstance(retracted, list) and retracted else "")
        return (f"answers{_from(d) or ' of reviewer'} imported: "
                + ", ".join(p for p in parts if p) + taken_back
                + (" (self-review)" if d.get("self_review") else ""))
    if a == "review.recommendation":
        sent = d.get("sent_by")  # a shared laptop: typed by one user, sent by another
        return (f"recommendation{_from(d)}: {value_text(new)}" if reviewer_of(d)
                else f"reviewer recommends: {value_text(new)}") \
            + (f" (sent by {sent})" if isinstance(sent, str) and sent else "") \
            + (" (self-review)" if d.get("self_review") else "")
    if a == "review.responded":
        return (f"review answered: {counted(_count(d.get('comments')), 'comment')}, "
                f"{counted(_count(d.get('proposals')), 'proposal')}, "
                f"{counted(_count(d.get('recommendations')), 'recommendation')}")
    if a == "review.opened":
        return f"review pack opened from {d.get('label') or d.get('sender') or NONE}"
    if a == "audit.exported":
        return f"audit trail exported to {event.entity_id}" \
            + (" (the events shown)" if d.get("selected") else "")
    if a == "cases.exported":
        return (f"case list saved as {d.get('file') or event.entity_id}"
                + (f", {counted(_count(d['rows']), 'case')}" if "rows" in d else "")
                + (" (the rows the filtered list showed)" if d.get("selected") else "")
                + (f", filter '{d['text']}'" if d.get("text") else ""))
    if a in ("deadlines.exported", "deadlines.printed"):
        where = (f"printed on {d.get('printer')}" if d.get("printer")
                 else f"printed to {d.get('file') or event.entity_id}"
                 if a == "deadlines.printed"
                 else f"saved as {d.get('file') or event.entity_id}")
        kind = str(d.get("format") or "").upper()
        return (f"deadlines report{f' ({kind})' if kind and kind != 'PRINT' else ''} {where}"
                + (f", {counted(_count(d['rows']), 'row')}" if "rows" in d else "")
                + (f", {counted(_count(d['pages']), 'page')}" if d.get("pages") else "")
                + (f", as of {d['as_of']}" if d.get("as_of") else "")
                + (f" ({d['included']})" if d.get("included") else ""))
    if a == "filing.finalised":
        # The kind by its name, as a saved or printed filing says it ("final US
        # notification stored", not "final us-notification stored").
        return (f"final {kind_name(str(d['kind'])) if d.get('kind') else 'filing'} stored"
                + (f", {counted(_count(d['pages']), 'page')}" if d.get("pages") else "")
                + (", already stored" if d.get("already_stored") else ""))
    if a in ("filing.saved", "filing.printed") and d.get("kind"):
        # Which filing (its footer's fingerprint matches a paper copy) and where it went.
        fingerprint = str(d.get("fingerprint") or "")
        where = (f"saved as {d.get('file')}" if a == "filing.saved"
                 else f"printed to {d['file']}" if d.get("file")
                 else f"printed on {d.get('printer') or 'the default printer'}")
        return (f"{'final' if d.get('final') else 'draft'} {kind_name(str(d['kind']))}"
                + (f" ({d['regime']})" if d.get("regime") else "") + f" {where}"
                + (f", {counted(_count(d['pages']), 'page')}" if d.get("pages") else "")
                + (f", fingerprint {fingerprint[:16]}…" if fingerprint else ""))
    if a in ("calendar.day_corrected", "calendar.year_set", "calendar.year_removed"):
        return _calendar(a, event.entity_id, event.field, old, new, d)
    if (said := _people(a, event.entity_id, old, new, d, person)) is not None:
        return said
    return _installation_wide(a, event.entity_id, event.field, old, new, d)


def raw_text(event: EventFacts) -> str:
    """An event that has no sentence of its own (an action this module does not know, or
    one stored in a shape it does not expect): its action by name, and the field and the
    change, or what was recorded, exactly."""
    a, old, new = event.action, event.old, event.new
    text = humanise(a.replace(".", " ")).lower()
    if event.field or old is not None:
        return f"{text}: " + (f"{event.field} " if event.field else "") + change_text(old, new)
    if new is not None:
        return f"{text}: {value_text(new)}"
    return text


def has_words(event: EventFacts) -> bool:
    """Whether `event_sentence` says `event` in a sentence of its own rather than as
    `raw_text` (its action's name and the stored values)."""
    return _sentence(event, named=humanise, fact=lambda p: p or "the case", condition=None,
                     regime=None) is not None


# A case's life cycle (services.case_lifecycle), each event's field the case status.
_LIFECYCLE: Mapping[str, str] = {"case.closed": "case closed", "case.reopened": "case reopened",
                                 "case.discarded": "draft discarded"}
# Installation-wide settings changed one value at a time (services.auth, services.backup).
_SETTINGS: Mapping[str, Callable[[Any, Any], str]] = {
    "idle_timeout_minutes": lambda old, new: (
        f"idle lock after {counted(new, 'minute') if isinstance(new, int) else value_text(new)}"
        f" without input (was {counted(old, 'minute') if isinstance(old, int) else value_text(old)})"),
    "solo_mode": lambda old, new: (
        "solo mode switched on: one person may approve their own work, each self-approval "
        "marked" if new is True else "solo mode switched off: four eyes for every approval"
        if new is False else f"solo mode: {change_text(old, new)}"),
    "backup_keep": lambda old, new: (
        f"automatic backups kept: the newest {value_text(new)} (was {value_text(old)})"),
}


def key_text(fingerprint: Any) -> str:
    """A signing key as an auditor compares it out of band: the first 16 hex digits of its
    fingerprint in groups of four, as the Keys window groups the whole ("1A2B 3C4D 5E6F
    7A8B…"); the whole fingerprint is the event's entity ID or value."""
    fp = str(fingerprint or "").upper()
    return " ".join(fp[i:i + 4] for i in range(0, min(len(fp), 16), 4)) + \
        ("…" if len(fp) > 16 else "")


def key_named(fingerprint: Any, label: Any) -> str:
    """"key 'Beijing office' (1A2B 3C4D 5E6F 7A8B…)", or the fingerprint alone."""
    fp = key_text(fingerprint)
    if isinstance(label, str) and label.strip():
        return f"key '{label.strip()}'" + (f" ({fp})" if fp else "")
    return f"key {fp}" if fp else "a key"


def _rulebook_named(value: Any) -> str:
    """A rulebook as an install or revert event stores it ({"rulebook": version, "source":
    "shipped" | "installed"}) in words: "the shipped rulebook 2026.11.2+…", "the installed
    update 2026.12.1+…" (as the Rulebook window names them)."""
    if not isinstance(value, dict):
        return value_text(value)
    version = value.get("rulebook") or NONE
    kind = {"shipped": "the shipped rulebook", "installed": "the installed update"}.get(
        str(value.get("source")), "the rulebook")
    return f"{kind} {version}"


def _installation_wide(a: str, entity_id: str, field: str | None, old: Any, new: Any,
                       d: Mapping[str, Any]) -> str | None:
    """Events about the installation, not a case (rulebook updates, backups, trusted keys,
    settings of one value) as an auditor reads them: "rulebook update 2026.12.1+… installed
    from update.zip, signed by anna with key 'Beijing office' (1A2B…), replacing the
    shipped rulebook 2026.11.2+…"; None for an action (or shape) this does not know."""
    new_d: Mapping[str, Any] = new if isinstance(new, dict) else {}
    old_d: Mapping[str, Any] = old if isinstance(old, dict) else {}
    if a == "rulebook.packed":
        files = d.get("files")
        return (f"rulebook update {new_d.get('rulebook') or entity_id} signed with this "
                f"installation's {key_named(new_d.get('signer'), None)}"
                + (f" into {d['file']}" if d.get("file") else "")
                + (f" ({counted(len(files), 'rule file')})" if isinstance(files, list) else ""))
    if a == "rulebook.installed":
        signer = str(d.get("signed_by") or "")
        text = (f"rulebook update {entity_id} installed"
                + (f" from {d['file']}" if d.get("file") else "")
                + (f", signed by {signer} with" if signer else ", signed with")
                + f" {key_named(new_d.get('signer'), new_d.get('signer_label'))}")
        if old_d:
            text += f", replacing {_rulebook_named(old)}"
        if new_d.get("rulebook") and new_d.get("rulebook") != entity_id:
            text += f"; {_rulebook_named(new)} is in use"
        return text + ("; an older version allowed" if d.get("allow_older") else "")
    if a == "rulebook.reverted":
        dropped = d.get("reverted_update")
        text = (f"rulebook update {dropped} reverted" if dropped else
                "the unreadable record of installed rulebook updates reset"
                + (f" ({_short(str(d['unreadable']), 200)})" if d.get("unreadable") else ""))
        return text + (f"; {_rulebook_named(new)} is in use again" if new_d else "")
    if a == "backup.created":
        warnings = d.get("warnings") if isinstance(d.get("warnings"), list) else []
        return (f"backup {entity_id} made"
                + (f", with {counted(_count(d['documents']), 'document')}"
                   if "documents" in d else "")
                + (f"; {counted(len(warnings), 'warning')}: "
                   + _short("; ".join(str(w) for w in warnings), 300) if warnings else ""))
    if a == "backup.restored":
        if d.get("interrupted"):
            return "a restore cut off before it was recorded completed at start-up"
        made = d.get("backup_created_at")
        text = (f"backup {entity_id}" + (f" (made {utc_text(str(made))})" if made else "")
                + " restored")
        if d.get("replaced"):
            text += f"; the data it replaced kept in {d['replaced']}"
        if d.get("rulebook"):
            text += f"; rulebook in use: {d['rulebook']}"
        return text
    if a == "backup.removed":
        return f"automatic backup {entity_id} removed" + (
            f" ({backups_kept(d['keep'])})" if d.get("keep") else "")
    if a == "key.trusted":
        return f"{key_named(new_d.get('fingerprint') or entity_id, new_d.get('label'))} trusted"
    if a == "key.untrusted":
        return (f"{key_named(old_d.get('fingerprint') or entity_id, old_d.get('label'))} "
                "no longer trusted")
    if a == "key.relabelled":
        return f"{key_named(entity_id, None)} relabelled: '{value_text(old)}' → '{value_text(new)}'"
    if a == "settings.changed" and field and field in _SETTINGS and not isinstance(new, dict):
        return _SETTINGS[field](old, new)
    return None


def outcome_words(outcome: Any) -> str:
    """A screening outcome as the screening sentences say it ("approval required"); a
    regime one screening did not name is "not screened"."""
    return humanise(str(outcome)).lower() if outcome else "not screened"


def rescreen_text(old: Any, new: Any, details: Mapping[str, Any] | None, *,
                  outcomes_first: bool = False) -> str:
    """An accepted re-screening: "new screening accepted: rulebook r1 as of 2026-01-01 →
    rulebook r2 as of 2026-02-01; outcomes changed: US-OISP not required → notification
    required". `outcomes_first` (the Timeline's Change cell, which names the event in its
    Action column and is narrow): "US-OISP not required → notification required (rulebook
    r2 as of 2026-02-01)", so what changed for the officer is in view before the basis.
    One wording for both: the case window and the status report said it differently."""
    changes = (details or {}).get("changes")
    outcomes = ", ".join(
        f"{c.get('regime')} {outcome_words(c.get('old'))} → {outcome_words(c.get('new'))}"
        for c in (changes if isinstance(changes, list) else []) if isinstance(c, dict))
    basis = (f"rulebook {new.get('rulebook')} as of {new.get('as_of')}"
             if isinstance(new, dict) else "")
    if outcomes_first:
        return (outcomes or "no outcome changed") + (f" ({basis})" if basis else "")
    text = "new screening accepted"
    if basis:
        before = (f"rulebook {old.get('rulebook')} as of {old.get('as_of')} → "
                  if isinstance(old, dict) else "")
        text += f": {before}{basis}"
    return text + (f"; outcomes changed: {outcomes}" if outcomes else "")


def _day_kind(value: Any) -> str:
    """A calendar day's stored standing ({"working": …, "name": …}) in words."""
    if not isinstance(value, dict):
        return value_text(value)
    kind = "working day" if value.get("working") else "holiday"
    return kind + (f" ({value['name']})" if value.get("name") else "")


def _calendar(a: str, entity_id: str, day: str | None, old: Any, new: Any,
              d: Mapping[str, Any]) -> str:
    """Holiday-calendar edits as an auditor reads them ("CN calendar: 31 Dec 2026 corrected:
    working day → holiday (year-end closure)"), not the stored JSON."""
    code, _, year = entity_id.partition("-")
    source = f"; source: {d['source']}" if d.get("source") else ""
    if a == "calendar.day_corrected":
        what = (f"correction of {day_text(day)} removed" if d.get("correction_removed")
                else f"{day_text(day)} corrected")
        return f"{code} calendar: {what}: {_day_kind(old)} → {_day_kind(new)}{source}"
    if a == "calendar.year_removed":
        return _year_removed(code, year, old, new)
    new = new if isinstance(new, dict) else {}
    days = new.get("days") if isinstance(new.get("days"), list) else []
    holidays = sum(1 for entry in days if isinstance(entry, list) and entry[1:2] == ["holiday"])
    made_up = len(days) - holidays
    # As the Holiday calendars window counts them: "12 holidays and 1 make-up working day".
    counts = and_joined((counted(holidays, "holiday") if holidays else "",
                         counted(made_up, "make-up working day") if made_up else "")) \
        or "no day"
    replaced = old.get("days") if isinstance(old, dict) else None
    return (f"{code} calendar: {year} schedule entered "
            f"({'official' if new.get('official') else 'not official'}): {counts}"
            + (f"; source: {new['source']}" if new.get("source") else "")
            + (f"; replaces {counted(len(replaced), 'day')} entered before"
               if isinstance(replaced, list) and replaced else ""))


def _roles_text(roles: Any) -> str:
    """Stored role codes in words, as the Users window names them: "preparer and
    administrator" (not "preparer, admin"); "no role" for none."""
    if not isinstance(roles, list) or not roles:
        return "no role"
    return and_joined(ROLE_NAMES.get(str(r), str(r)) for r in roles)


def _people(a: str, who: str, old: Any, new: Any, d: Mapping[str, Any],
            person: Callable[[str], str] = str) -> str | None:
    """Sign-ins and user administration as an auditor reads them ("sign-in failed for Rita
    Chen (rita) (attempt 3)", "roles of Rita Chen (rita): preparer → preparer and
    approver"), not the stored JSON; the reason (wrong password, account locked …) is said
    beside, as every event's is. `person` names the login the event is about (the login as
    stored by default)."""
    attempt = f" (attempt {d['attempt']})" if d.get("attempt") else ""
    if a == "user.created" and isinstance(new, dict):
        login = str(new.get("username") or who)
        full = new.get("display_name")  # the name it was created with, recorded with it
        named = f"{full} ({login})" if full and full != login else person(login)
        return f"user {named} created, roles {_roles_text(new.get('roles'))}"
    named = person(who) if who else ""
    said = {
        "user.roles_changed": f"roles of {named}: {_roles_text(old)} → {_roles_text(new)}",
        "user.changed": f"full name of {named}: {value_text(old)} → {value_text(new)}",
        "user.deactivated": f"user {named} deactivated",
        "user.reactivated": f"user {named} reactivated",
        "user.password_reset": f"password of {named} reset by an administrator"
                               + (", lifting the lock-out" if d.get("lock_lifted") else ""),
        "user.password_changed": (
            f"{named} chose a new password at sign-in, as required after "
            f"{person(str(d['reset_by']))} reset it" if d.get("reset_by")
            else f"{named} chose their own password at first sign-in, as required: "
                 f"{person(str(d['created_by']))} had set it when creating the account"
            if d.get("created_by")
            else f"{named} changed their own password"),
        "user.unlocked": f"lock-out of {named} lifted by an administrator",
        "user.locked_out": f"{named} locked out" + (f" until {utc_text(new)}"
                                                     if isinstance(new, str) else ""),
        "user.session_locked": f"window of {named} locked",
        "user.signed_in": f"{named} signed in",
        "user.signed_out": f"{named} signed out",
        "user.sign_in_failed": f"sign-in failed for {named or 'an unknown user name'}{attempt}",
        "user.sign_in_refused": f"sign-in refused for {named or 'an unknown user name'}",
    }
    return said.get(a)


def _due_change(before: Any, after: Any, estimated: bool = False) -> str:
    """The due date a step moved, as the officer reads dates: "due 12 Jan 2027" (a clock
    started), "no due date (was 12 Jan 2027)" (stopped or ended), "due date 6 Jan 2027 →
    8 Mar 2027"; not "due date ∅ → 2027-01-12". `estimated`: the new date is counted
    through a year without an official holiday schedule ("due 4 Jan 2027 (estimated)")."""
    mark = " (estimated)" if estimated and after is not None else ""
    if before is None and after is not None:
        return f"due {day_text(after)}{mark}"
    if after is None and before is not None:
        return f"no due date (was {day_text(before)})"
    return f"due date {day_text(before)} → {day_text(after)}{mark}"


def _zh_utc(stamp: str) -> str:
    """"2026-10-01T08:00:00Z" as "2026年10月1日 08:00 UTC" (the Chinese lines' dates)."""
    text = utc_text(stamp)
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.year}年{day.month}月{day.day}日{text[10:]}"


# self_approval_words' parts in each language, put together in the same order.
_SELF_APPROVAL_WORDS: dict[str, dict[str, str]] = {
    "en": {"since": "solo mode on since {when}", "by": ", switched on by {by}",
           "why": ' for "{why}"', "on": "solo mode on", "waived": ": four-eyes waived",
           "who": "{who} approved their own work ({basis})", "row": "approved own work ({basis})"},
    "zh": {"since": "单人模式自{when}起开启", "by": "，开启人 {by}", "why": "，开启理由：“{why}”",
           "on": "单人模式已开启", "waived": "：免除四眼原则",
           "who": "{who} 批准了本人的工作（{basis}）", "row": "批准了本人的工作（{basis}）"},
}


def self_approval_words(solo: Any, *, who: str = "", person: Callable[[str], str] = str,
                        lang: Lang = "en") -> str:
    """A self-approval and what allowed it, in words: the Timeline sentence, the printed
    paragraph and the step history's note all say it with this.

    `solo`: the step's details["solo_mode"] (services.workflow), {"since", "by", "reason"}
    of the switching on of solo mode as the trail held it. A step recorded before it was
    kept has none; four-eyes let it through only under solo mode all the same, so it reads
    "solo mode on" without the when and who. `who` ("Li Wei (li.wei)") starts it as a
    sentence's subject; left out, the row names the person elsewhere ("approved own
    work"). `lang`: "en" or "zh"."""
    info: Mapping[str, Any] = solo if isinstance(solo, Mapping) else {}
    since, by, why = (str(info.get(k) or "").strip() for k in ("since", "by", "reason"))
    w = _SELF_APPROVAL_WORDS[lang]
    basis = (w["since"].format(when=_zh_utc(since) if lang == "zh" else utc_text(since))
             + (w["by"].format(by=person(by)) if by else "")
             + (w["why"].format(why=why) if why else "")) if since else w["on"]
    return (w["who"] if who else w["row"]).format(who=who, basis=basis + w["waived"])


def _step(old: Any, new: Any, d: Mapping[str, Any], named: Callable[[str], str],
          kind: str = "", person: Callable[[str], str] = str) -> str:
    """A track step: "Filed → Accepted", what it recorded, the due date it moved."""
    before, after = d.get("from") or old, d.get("to") or new
    if before and before == after:
        text = f"{humanise(str(d.get('transition') or 'step'))} (stays {named(str(after))})"
    else:
        text = f"{named(str(before)) if before else '?'} → {named(str(after)) if after else '?'}"
    # Dates in words as the rest of the sentence writes them ("completion date 20 Oct
    # 2026; on 20 Oct 2026"); a number recorded is as typed.
    extra = [f"{words} {day_text(d[key]) if key.endswith('_date') else d[key]}"
             for key, words in _RECORDED if d.get(key)]
    if d.get("extension_days"):  # how long the extension is, not just that there was one
        extra.append(extension_text(d["extension_days"], kind))
    if d.get("on"):
        extra.append(f"on {day_text(d['on'])}")
    if d.get("stopped_nothing"):  # a stop on or after the period's last day
        extra.append("the period had run out, so the clock did not stop" if d.get("clock") ==
                     "stopped" else "no day was stopped: the period had run out")
    elif (stopped := stopped_days(d)) is not None:  # how long the resumed clock stood still
        extra.append(f"clock stopped for {unit_words(stopped[1], stopped[0])}")
    later = d.get("before_last_step")
    if isinstance(later, dict) and later.get("on"):  # recorded out of date order
        extra.append(f"dated before the earlier-recorded step {later.get('step') or ''} "
                     f"of {day_text(later['on'])}".replace("  ", " "))
    due = d.get("due_date")
    if isinstance(due, list) and len(due) == 2:
        extra.append(_due_change(due[0], due[1], bool(d.get("due_estimated"))))
    if d.get("self_approval"):  # why four-eyes let it through, not a bare code word
        extra.append(self_approval_words(d.get("solo_mode"), person=person))
    return "; ".join([text, *extra])


def _outcomes(outcomes: Any) -> str:
    if not isinstance(outcomes, dict) or not outcomes:
        return ""
    return ": " + ", ".join(f"{regime} {humanise(str(o)).lower()}" for regime, o in outcomes.items())


def _basis(d: Mapping[str, Any]) -> str:
    if d.get("rulebook") or d.get("as_of"):
        return f" (screening as of {d.get('as_of') or NONE}, rulebook {d.get('rulebook') or NONE})"
    return ""


def _day_list(entries: Any) -> list[str]:
    """[day, kind, name, …] entries as "8 Oct 2027 (holiday, typhoon closure)"."""
    out = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, list) and entry:
            kind = "holiday" if entry[1:2] == ["holiday"] else "working day"
            name = f", {entry[2]}" if len(entry) > 2 and entry[2] else ""
            out.append(f"{day_text(entry[0])} ({kind}{name})")
    return out


def _year_removed(code: str, year: str, old: Any, new: Any) -> str:
    """"CN calendar: 2027 schedule entered removed (13 days; source: …), with its
    correction of 8 Oct 2027 (holiday, typhoon closure); 2027 is again as estimated from
    the statutory holiday rules"."""
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    days = old.get("days") if isinstance(old.get("days"), list) else []
    text = (f"{code} calendar: {year} schedule entered removed ({counted(len(days), 'day')}"
            + (f"; source: {old['source']}" if old.get("source") else "") + ")")
    if corrections := _day_list(old.get("corrections")):
        text += (f", with its {'correction' if len(corrections) == 1 else 'corrections'} of "
                 + and_joined(corrections))
    text += (f"; {year} is again as shipped with the app" if new.get("schedule") == "shipped"
             else f"; {year} is again estimated from the statutory holiday rules")
    if restored := _day_list(new.get("restored")):
        text += "; corrected before it was entered, back: " + and_joined(restored)
    return text


def _workflow_name(kind: str) -> str:
    """A workflow by its name ("Standard contract filing (CAC)"); its code when this
    installation's workflows do not know it."""
    return wf.WORKFLOWS[kind].label if kind in wf.WORKFLOWS else kind
