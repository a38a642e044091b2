"""The Documents tab's words and small widgets: a document's status, type, restriction and
withdrawal in words, why a change to it is refused, the required-documents checklist and
its hints, and the batch of files an attach copies one by one.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QScrollArea, QSplitter

from approvals.domain.document_types import (
    document_type_name,
    document_type_names,
    is_filing_kind,
    signed_copy_type,
)
from approvals.domain.documents import withdrawal_text
from approvals.domain.wording import shortened_name
from approvals.services import documents as document_service
from approvals.services.audit_view import person_named
from approvals.services.documents import DocumentInfo
from approvals.store.audit import Actor
from approvals.ui.document_access import SORT_KEY
from approvals.ui.widgets import laid_out_line, utc_text

DOC_TYPE_TIP = ("What the file is: the list offers the documents the tracks need, by name; "
                "or type any label. A scan of a signed filing is its “(signed copy)”: the "
                "filing itself is stored by Generate filing…; Set type… gives a file "
                "attached without one its type later.")

RESTRICTED_TIP = ("Only you may open the file (name others with Who may open…); a review "
                  "pack lists it by name only")

NOT_THE_FINAL_TIP = ("Attached under the filing's own type, which is the final the app "
                     "stores: a file does not count as that final (the checklist and the "
                     "filing check leave it out). Set type… to call it a signed copy.")

ATTACH_TIP = ("Copy one or more files into the case, with the type, restriction and reason "
              "set beside (Ctrl+click or Shift+click chooses several; files dragged onto the "
              "list are attached too)")

ATTACH_REASON_TIP = ("Recorded in the audit trail with each file attached or attached as a "
                     "new version (Attach file…, Attach new version…, files dropped on the "
                     "list); emptied once they are in")

# A restricted document's copy outside the data folder is restricted no more: said where
# the export is reported, since "Exported … to …" read as done with.
EXPORTED_RESTRICTED = (" It is restricted here, but the copy is not: keep it where only "
                       "the people it is open to can read it.")

SHOW_WITHDRAWN_TIP = ("List the documents withdrawn from the case too (greyed and struck "
                      "through): nothing is hidden from an auditor unless you choose so")


def is_pdf(doc: DocumentInfo) -> bool:
    return doc.file_name.lower().endswith(".pdf")


@lru_cache(maxsize=1)  # read for every row; the names come from files shipped with the app
def document_names() -> dict[str, str]:
    """Document type → the name the Documents tab shows: the filings (a stored final is
    one) and the attachments their finals need, as the audit trail and filings say them."""
    return document_type_names()


def withdrawal_words(doc: DocumentInfo, people: Mapping[str, str] | None = None) -> str:
    """doc.withdrawal with who withdrew it in words: "Withdrawn 2026-11-30 by Alice Wong
    (alice): wrong version". `people`: user_names(), the full name by login."""
    if not people:  # the names the list was read with
        return doc.withdrawal
    by = doc.withdrawn_by and person_named(doc.withdrawn_by, people)
    return withdrawal_text(doc.withdrawn_at, by, doc.withdrawn_reason)


def document_status(doc: DocumentInfo, names: dict[int, str],
                    people: Mapping[str, str] | None = None) -> str:
    """The Status cell: "Withdrawn 2026-11-30 by Alice Wong (alice): wrong version" (and
    what replaced it), "New version of …", or "In force". `people`: user_names(), the full
    name by login of who withdrew it."""
    if doc.withdrawn:
        newer = names.get(doc.superseded_by or 0)
        said = withdrawal_words(doc, people)
        # Replaced without a reason of its own, it reads "superseded by <file>" already:
        # "(replaced by <file>)" after it said the same twice.
        return said + (f" (replaced by {newer})" if newer and not said.endswith(
            f"superseded by {newer}") else "")
    if doc.supersedes:
        return "In force: new version of " + ", ".join(names.get(i, f"#{i}")
                                                      for i in doc.supersedes)
    return "In force"


def document_type_text(doc: DocumentInfo) -> str:
    """The Type cell: the type's name; "— stored final" after the app's own final of a
    filing, and "— a file, not the stored final" after a file attached under a filing's
    type, which the list could not tell apart from the final; "—" for no type."""
    if not doc.doc_type:
        return "—"  # as elsewhere for nothing given (a blank cell read as not loaded)
    name = document_type_name(doc.doc_type)
    if doc.is_rendering:
        return f"{name} — stored final"
    if is_filing_kind(doc.doc_type):
        return f"{name} — a file, not the stored final"
    return name


def document_filing_note(kind: str, docs: Sequence[DocumentInfo]) -> str:
    """What a checklist line for the `kind` filing adds about the files in `docs` (those in
    force that count for the track): the signed copy attached, or a file attached under the
    filing's own type, which is not its stored final. '' when there is none. HTML-escaped."""
    notes = []
    if copies := [d.file_name for d in docs if d.doc_type == signed_copy_type(kind)]:
        notes.append("signed copy attached: " + ", ".join(copies))
    if files := [d.file_name for d in docs if d.doc_type == kind and not d.is_rendering]:
        notes.append(", ".join(files) + ": a file under its type, not the stored final "
                     "(Set type… to call it the signed copy)")
    return html.escape("; ".join(notes))


def set_type_refusal(doc: DocumentInfo, actor: Actor) -> str:
    """Why the selected document's type cannot be set by `actor` (the service's rules,
    said before the officer tries), or ''."""
    if doc.is_rendering:
        return "A stored final filing's type is its filing kind; it cannot be changed."
    if doc.withdrawn:
        return ("Withdrawn: it no longer counts as evidence, so its type stays as it was. "
                "Attach new version… if it is needed.")
    if not doc.can_open:
        return "Restricted: only the people it is open to may say what it is." + open_to(doc)
    return ""


def open_to(doc: DocumentInfo) -> str:
    """" It is open to Li Wei (li.wei) and bob.", after a refusal that says only "the
    people it is open to" (whom to ask was for the officer to find out); '' for nobody."""
    named = document_service.people_text(doc.allowed_users, doc.names, nobody="")
    return f" It is open to {named}." if named else ""


def closed_to_you(doc: DocumentInfo, viewer: Actor | None = None) -> str:
    """Why the viewer may not open a restricted document, and whom to ask, in words ("you
    may not open this document" left them to find the Restricted column, off to the right;
    "Ask alice" left them to find who alice is). An administrator is told what they may
    do themselves: "ask an administrator" sent one to ask another."""
    named = doc.allowed_people
    who = (", ".join(named[:-1]) + " or " + named[-1]) if len(named) > 1 else "".join(named)
    if viewer is not None and "admin" in viewer.roles:
        open_to = document_service.people_text(doc.allowed_users, doc.names, nobody="")
        return ("Restricted: you may not open this document" + (
            f"; it is open to {open_to}" if open_to else "") + ". As an administrator you "
            "may change who may open it (Who may open…, recorded in the audit trail).")
    return ("Restricted: you may not open this document. " + (
        f"Ask {who} (or an administrator, who can change who may open it)." if who
        else "Ask an administrator, who can change who may open it."))


# What the filter finds a row by besides its cells' text (a cell that names only some).
FILTER_WORDS = SORT_KEY + 1

# The people the Restricted cell names, as many as fit in this many characters (the first
# always); the rest counted, and everyone in its tooltip.
RESTRICTED_CELL_CHARS = 40


def restricted_cell(doc: DocumentInfo) -> tuple[str, str]:
    """The Restricted cell and its tooltip, people in words as everywhere in the window:
    "no"; "yes: Alice Wong (alice)"; "yes: Alice Wong (alice) and 2 others", the tooltip
    listing everyone, one a line (a cell of five names ran far past its column)."""
    if not doc.restricted:
        return "no", "Everybody who may open documents may open it."
    people = doc.allowed_people
    if not people:  # a list that cannot be read opens to nobody (domain.documents)
        return "yes: nobody named", ("Only an administrator can say who may open it "
                                     "(Who may open…).")
    shown = 1
    while shown < len(people) and len(", ".join(people[:shown + 1])) <= RESTRICTED_CELL_CHARS:
        shown += 1
    rest = len(people) - shown
    cell = "yes: " + ", ".join(people[:shown]) + (
        f" and {rest} other" + ("s" if rest > 1 else "") if rest else "")
    return cell, "Only these people may open or export it:\n" + "\n".join(people)


def checklist_hint(doc_type: str, filings: Sequence[str],
                   waiting: dict[str, tuple[str, ...]]) -> str:
    """What a missing checklist item holds up, or where it comes from, after its name:
    " — the step “Licence issued (after the contract)” waits for it", or for the filing
    itself, how it is stored; '' for an attachment that holds up no step. HTML-escaped."""
    if steps := waiting.get(doc_type):
        return html.escape(" — the step " + " and ".join(f"“{s}”" for s in steps)
                           + " waits for it")
    if doc_type in filings:
        return html.escape(" — Generate filing… with “Final (stored with the case)” "
                           "stores it")
    return ""


def same_file_note(new: DocumentInfo, docs: list[DocumentInfo],
                   people: Mapping[str, str] | None = None) -> str:
    """What to tell the officer after attaching `new` when the case already holds the very
    same bytes (the same SHA-256): the same file chosen twice, or a "new version" that is
    the old file again; or another file in force of the same name. '' otherwise. `docs`: the case's documents, `new` among them;
    `people`: user_names(), who attached the first copy in words."""
    if any(old.sha256 == new.sha256 for old in docs if old.id in new.supersedes):
        return (f"Attached {new.file_name}, but it is the same file (same SHA-256) as the "
                "version it replaces: if you meant to attach the corrected file, select it "
                "and use Attach new version… again.")
    twins = [d for d in docs if d.sha256 == new.sha256 and d.id != new.id and not d.withdrawn]
    if not twins:
        # The same name, other bytes: two in force called "SPA.pdf" left nobody sure which
        # one the filing rests on (a corrected file is attached as a new version).
        namesakes = [d for d in docs if d.file_name.casefold() == new.file_name.casefold()
                     and d.id != new.id and not d.withdrawn and d.id not in new.supersedes]
        if not namesakes:
            return ""
        other = namesakes[0]
        return (f"Attached {new.file_name}; the case already holds another file of that "
                f"name with other content (other SHA-256), attached by "
                f"{person_named(other.uploaded_by, people or {})} on "
                f"{utc_text(other.uploaded_at)}. If this one corrects it, select the older "
                "one and Withdraw… it (Attach new version… does both in one step).")
    first = twins[0]
    said = (f"Attached {new.file_name}, but the case already holds the same file (same "
            f"SHA-256): {first.file_name}, attached by "
            f"{person_named(first.uploaded_by, people or {})} on "
            f"{utc_text(first.uploaded_at)}. If it was attached twice by mistake, select one "
            "and Withdraw… it.")
    if first.restricted and not new.restricted:
        # The same bytes, open to everyone now: the restriction on the first is moot.
        who = ", ".join(person_named(u, people or {}) for u in first.allowed_users)
        said += (f" That copy is restricted{f' to {who}' if who else ''}; this one is not: "
                 "restrict it (Restrict…) or withdraw it, or its content is open to everyone "
                 "on the case.")
    return said


def open_twins_note(doc: DocumentInfo, docs: Sequence[DocumentInfo]) -> str:
    """What to add when restricting `doc` while the case holds the very same bytes (the
    same SHA-256) in force and unrestricted: restricting one copy alone kept the content
    open to everyone on the case, without a word. '' otherwise."""
    twins = [d.file_name for d in docs if d.sha256 == doc.sha256 and d.id != doc.id
             and not d.withdrawn and not d.restricted]
    if not twins:
        return ""
    names = ", ".join(shortened_name(name) for name in twins[:3]) + (
        f" and {len(twins) - 3} more" if len(twins) > 3 else "")
    return (f"\n\nThe case also holds the same file (same SHA-256), not restricted: "
            f"{names}. Restrict or withdraw {'it' if len(twins) == 1 else 'them'} too, or "
            "its content stays open to everyone on the case.")


def new_version_refusal(doc: DocumentInfo, actor: Actor,
                        people: Mapping[str, str] | None = None) -> str:
    """Why no new version can be attached in place of the selected document, or ''. A
    document withdrawn on its own (the right file found later) takes one, once.
    `people`: user_names(), who withdrew it in words."""
    if not doc.withdrawn or doc.is_rendering:
        return withdraw_refusal(doc, actor, people)
    if doc.superseded_by is not None:
        return f"Already replaced by a new version ({withdrawal_words(doc, people)})."
    if doc.restricted and not doc.can_open and "admin" not in actor.roles:
        return ("Restricted: only the people it is open to, or an administrator, may "
                "replace it." + open_to(doc))
    return ""


def restriction_refusal(doc: DocumentInfo, actor: Actor) -> str:
    """Why the selected document's restriction cannot be lifted or its list changed by
    `actor` (the service's rule, said before the officer tries), or ''."""
    if doc.restricted and not doc.can_open and "admin" not in actor.roles:
        return ("Restricted: only the people it is open to, or an administrator, may "
                "change who can open it." + open_to(doc))
    return ""


def withdraw_refusal(doc: DocumentInfo, actor: Actor,
                     people: Mapping[str, str] | None = None) -> str:
    """Why the selected document cannot be withdrawn or replaced (the service's rules,
    said before the officer tries), or ''. `people`: user_names(), who withdrew it in
    words."""
    if doc.is_rendering:
        return ("A stored final filing cannot be withdrawn or replaced: it is the record of "
                "what was issued. Store a new final with Generate filing… instead.")
    if doc.withdrawn:
        return f"Already withdrawn ({withdrawal_words(doc, people)})." + (
            "" if doc.superseded_by is not None
            else " Attach its replacement with Attach new version…")
    if doc.restricted and not doc.can_open and "admin" not in actor.roles:
        return ("Restricted: only the people it is open to, or an administrator, may "
                "withdraw or replace it." + open_to(doc))
    return ""


class ChecklistScroll(QScrollArea):
    """The required documents, as tall as they are up to LINES lines (more scroll, and the
    line above them drags them taller): with seven tracks they took half the Documents
    tab, ten of a case's 300 documents in sight above them."""

    LINES = 9

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        width = self.viewport().width()
        tall = inner.heightForWidth(width) if width > 0 else -1
        tall = tall if tall > 0 else inner.sizeHint().height()
        cap = laid_out_line(inner.fontMetrics()) * self.LINES  # the 9th line whole
        return QSize(hint.width(), min(tall, cap) + 2 * self.frameWidth())


@dataclass
class AttachBatch:
    """Files chosen at once, being attached one after another with one type, one
    restriction and one reason (the form's when they were chosen)."""

    waiting: list[str]
    total: int
    doc_type: str
    restricted: bool
    reason: str = ""
    attached: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self, stopped: str = "", *, cancelled: bool = False) -> str:
        """What the batch did, for the line under the buttons; `stopped`: the file it
        stopped at, cancelled there or refused."""
        said = f"Attached {self.attached} of {self.total} files"
        if stopped:
            said += (f"; cancelled at {stopped}" if cancelled else f"; {stopped} was refused")
            said += ", it and the files after it not attached."
        else:
            said += "."
        return " ".join([said, *self.notes])


class RequiredDocumentsSplit(QSplitter):
    """The documents above, their checklist below: the checklist as tall as it is (its
    ChecklistScroll's cap), the list the rest. A splitter keeps the heights it was first
    shown with (before the case was read: one line for a checklist of seven tracks),
    so they are fitted again as it is resized and as the checklist changes; not once the
    officer has dragged the line between them (their own height is kept)."""

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.setChildrenCollapsible(False)
        self.dragged = False
        self.splitterMoved.connect(lambda _pos, _index: setattr(self, "dragged", True))

    def fit(self) -> None:
        total = sum(self.sizes())
        above, under = self.widget(0), self.widget(1)
        below = under.layout() if under is not None else None
        if self.dragged or total <= 0 or above is None or below is None:
            return
        for index in range(below.count()):  # their hints as the checklist now is
            item = below.itemAt(index)
            if item is not None and (part := item.widget()) is not None:
                part.updateGeometry()
        listed = max(total - below.sizeHint().height(), above.minimumSizeHint().height())
        self.setSizes([listed, max(total - listed, 0)])

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()
