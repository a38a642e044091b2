"""Offline review in the desktop app: the Review menu and its windows.

- Export review pack… : pick cases, write one signed pack.
- Import response…     : merge a reviewer's response; then the per-field diff opens.
- Open review pack…    : review mode on this installation (the case read-only, review
                         input — comments, proposed changes, a recommendation — saved
                         beside it), then Export response pack…. Closing it (or Quit)
                         with input not saved asks Save / Discard / Cancel; what is typed
                         but not saved is kept meanwhile (typed.json), for a crash or a
                         sign-out, and filled in again on the next review of the pack.
- Proposed changes…    : the per-field diff, accepted or rejected field by field; where
                         the case changed since export, both values side by side.
- Installation key…    : this installation's fingerprint and the trusted keys.

Every file and database step runs on the TaskRunner's workers, never on the GUI thread.
Writing a pack, opening one and importing one show progress with a Cancel button
(approvals.ui.progress); a cancel removes what was begun and says that nothing changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from approvals.domain import workflow as wf
from approvals.domain.consistency import FIELD_CURRENCY
from approvals.domain.document_types import document_type_name
from approvals.domain.documents import size_text
from approvals.domain.errors import InputError, NotFound, PermissionDenied, Problem
from approvals.domain.event_text import day_text, value_text
from approvals.domain.facts import facts_schema
from approvals.domain.field_labels import NOT_STATED, coded_paths, fact_label
from approvals.domain.filing_kinds import kind_name
from approvals.domain.identifiers import reference_order
from approvals.domain.numbers import counted, prose
from approvals.domain.permissions import allowed
from approvals.domain.places import known_place_name, read_place
from approvals.domain.review_text import read_only_note, retracted_note, revised_note
from approvals.domain.screening import operations_text
from approvals.domain.typed_input import (
    YES_NO_WORDS,
    Unreadable,
    quoted,
    read_amount,
    read_date,
    read_money,
    read_number,
)
from approvals.domain.wording import and_joined
from approvals.domain.wording import ended as sentence_ended
from approvals.exchange.pack import EITHER_PACK, PackRefused
from approvals.paths import DataDir
from approvals.services import review as svc
from approvals.services.access import require
from approvals.services.audit_view import person_named, person_text, user_names
from approvals.services.cases import ESTIMATED, list_cases
from approvals.store.audit import Actor
from approvals.store.files import check_writable, write_atomically
from approvals.store.keys import format_fingerprint
from approvals.ui.backup import readable_time
from approvals.ui.case_documents import document_names
from approvals.ui.errors import refusal, show_error
from approvals.ui.files import (
    KEYS,
    KEYS_TO_TRUST,
    RESPONSE_PACKS,
    REVIEW_PACKS,
    ask_open_file,
    ask_save_file,
    case_parts,
    remember_folder,
    start_folder,
    suggested_name,
    with_extension,
)
from approvals.ui.particulars import KIND_NAMES
from approvals.ui.progress import (
    ProgressDialog,
    ProgressHost,
    ProgressPanel,
    is_cancelled,
    service_callbacks,
)
from approvals.ui.style import edge_colour
from approvals.ui.widgets import (
    LONG_REPORT_LINES,
    ask_to_discard,
    error_colour,
    event_label,
    fit_columns,
    humanise,
    install_features,
    laid_out_line,
    named_scroll,
    palette_styled,
    put_long_report,
    resize_to_screen,
    secondary_text_colour,
    set_available,
    text_field,
    utc_text,
    window_shortcuts,
)
from approvals.ui.wizard import FIELD_LABELS, FieldMessage, in_words, label_for, show_message
from approvals.ui.workers import Progress, TaskRunner, gc_paused, own_unit_of_work

log = logging.getLogger(__name__)
_W = TypeVar("_W", bound=QWidget)
CONFLICT_COLOUR = QColor(255, 196, 120)
CONFLICT_TEXT = QColor(0, 0, 0)  # the highlight stays readable in a dark theme
WITHHELD = "restricted by the sender: not in this pack"
WITHHELD_ROLE = Qt.ItemDataRole.UserRole + 1  # a withheld document's name, on its list row
DRAFT_ROLE = Qt.ItemDataRole.UserRole + 2  # a draft rendering's kind, on its list row
# Export review pack…'s filter: a timer still, so that keystrokes queued together filter
# once, as the case list's does; no longer a wait. One pass over 100,000 cases takes 15 ms
# (50 ms on a busy machine, the repaint included), less than the time between two keys,
# and 250 ms left every result lagging behind the typing.
FILTER_PAUSE_MS = 0
EXPORT_CANCELLED = "Export cancelled; no review pack was written."
RESPONSE_CANCELLED = "Response cancelled; no response pack was written."
OPEN_CANCELLED = "Opening cancelled; the pack was not opened and nothing was stored."
IMPORT_CANCELLED = "Import cancelled; nothing was imported and nothing changed."
# A warning that must not be missed: amber on a light palette, dark amber on a dark one.


FACTS_TAB, DOCUMENTS_TAB, COMMENTS_TAB, HISTORY_TAB, RECOMMENDATION_TAB = range(5)
NOTICES_SHARE = 0.22  # of review mode's height, at most, for the banner and notices
FIELD_COLUMN_SHARE = 0.45  # of the facts list's width, at most, for the field names
PROPOSED_COLUMN_SHARE = 0.2  # and for the proposed values (elided; whole in their tooltips)
TYPED_KEEP_MS = 1000  # typed review input is kept this long after the typing stops
# Review mode's text fields, by the key their text is kept under (keep_typed_input).
TYPED_EDITS = (("propose", "propose_edit"), ("field_comment", "field_comment_edit"),
               ("document_comment", "doc_comment_edit"), ("case_comment", "case_comment_edit"))


@dataclass(frozen=True)
class _Pending:
    """One piece of review input ready to store: the service call (run on a worker), the
    error box's title if it fails, the field it came from (emptied once stored) and the
    status line once stored (a text, or a function of the call's result giving it)."""
    fn: Callable[[], Any]
    title: str
    clear: QLineEdit | None
    done_text: str | Callable[[Any], str] = "Saved."
    reference: str | None = None  # a recommendation's case
    field_path: str | None = None  # a proposal's field: a refusal is said at the value field


def _value(value: Any) -> str:
    """The value as stored (JSON): the form a proposal is typed in."""
    return "—" if value is None else json.dumps(value, ensure_ascii=False)


_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+")
_COMPUTE_FIELD = "target.ai.max_training_compute_ops"


def _choice_label(code: str, path: str | None) -> str:
    """A code in the wizard's words, named as its own field names it ("military": a
    security sector vs an AI end use); without a coded field, by the words all fields
    share."""
    return label_for(code, path if path in coded_paths() else None)


def _word(value: Any, path: str | None = None) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return f"{value:.3g}" if abs(value) >= 1e15 else f"{value:,}"
    text = str(value)
    # A code ("convertible_debt", "corporate") in the wizard's words; names and free
    # text (which have capitals, spaces or digits first) as they are. A field's value only
    # where the field holds codes: an ultimate parent typed "equity" was shown as "Equity
    # acquisition", a catalogue item "c" as "C", not the value stored.
    if path is not None and path not in coded_paths():
        return text
    return _choice_label(text, path) if _CODE.fullmatch(text) else text


def readable_value(path: str, value: Any) -> str:
    """A facts value in words, as the Overview tab shows it: Yes/No, the wizard's names
    for codes, grouped digits; the stored form stays in the tooltip."""
    if value is None:  # as the case view and its Timeline say it
        return NOT_STATED
    if path == _COMPUTE_FIELD and isinstance(value, int | float) and not isinstance(value, bool):
        return prose(operations_text(value))  # as the screening reasons show it
    if isinstance(value, list):
        words = [_word(v, path) for v in value]
        # "; " where an item has a comma of its own: "Speech synthesis, TTS" read as two.
        return ("; " if any("," in w for w in words) else ", ").join(words) or "none"
    if isinstance(value, dict):
        if "currency" in value and "value" in value:
            return f"{value['currency']} {_word(value['value'])}"
        return _value(value)
    if path in svc.PLACE_FIELDS and isinstance(value, str) and (name := known_place_name(value)):
        return f"{value} ({name})"  # as the Overview tab shows a place: "CN (China)"
    return _word(value, path)


# A proposal to empty a field, as every list of proposals shows it (the reviewer's hint
# was "null clears it": JSON, and nothing showed such a proposal but a dash).
CLEARED = "(cleared)"


# A place a response sent that the app cannot read (Atlantis, Korea): Accept refuses it.
NO_PLACE = "not a place the app can store: reject it"


def tied_conflict_text(p: svc.ProposalView) -> str:
    """The conflict of a proposal whose own field is as exported but a field tied to it
    changed here: "Amount (Deal) — currency changed here from USD to HKD after the pack of
    AP-2026-0002 was exported: accepting the reviewer's Amount (Deal) — value makes Amount
    (Deal) HKD 25,000,000, where the reviewer meant USD 25,000,000." """
    group, _, leaf = p.field_path.rpartition(".")
    meant = {leaf: p.proposed_value, **{t.rpartition(".")[2]: was for t, was, _now in p.tied_changed}}
    made = {leaf: p.proposed_value, **{t.rpartition(".")[2]: now for t, _was, now in p.tied_changed}}
    changed = "; ".join(f"{field_label(t)} changed here from {readable_value(t, was)} to "
                        f"{readable_value(t, now)}" for t, was, now in p.tied_changed)
    return (f"{changed} after the pack of {p.reference} was exported: accepting the "
            f"reviewer's {field_label(p.field_path)} makes {field_label(group)} "
            f"{readable_value(group, made)}, where the reviewer meant "
            f"{readable_value(group, meant)}.")


def tied_text(p: svc.ProposalView) -> str:
    """The fields tied to a proposal's (ProposalView.tied_changed) changed here since
    export, in the window's words: "Amount (Deal) — currency changed here since export: USD
    → CNY; the reviewer's value was meant with USD." """
    return "; ".join(f"{field_label(path)} changed here since export: {readable_value(path, was)} → "
                     f"{readable_value(path, now)}; the reviewer's value was meant with "
                     f"{readable_value(path, was)}" for path, was, now in p.tied_changed) + "."


def unreadable_place(path: str, value: Any) -> str:
    """Why a proposed value of a place field is no place the app can store ("'Atlantis' is
    not a place the app knows: …"), or "" ("China" from before imports read places is one:
    Accept stores CN)."""
    if path not in svc.PLACE_FIELDS or not isinstance(value, str) or known_place_name(value):
        return ""
    try:
        read_place(value)
    except Unreadable as exc:
        return str(exc)
    return ""


# The same, for the reviewer's own window: what the reviewer does about it (rejecting is
# the preparer's part).
NO_PLACE_HERE = "not a place the app can store: propose its two-letter code instead"


def proposed_text(path: str, value: Any, *, reviewer: bool = False) -> str:
    """A proposed value in words; a proposal to empty the field as (cleared); a place the
    app cannot read, as sent, said so (it read as any other value, and Accept refused it):
    to the preparer, to reject it; in review mode (`reviewer`), to propose its code."""
    if value is None:
        return CLEARED
    if unreadable_place(path, value):
        return f"{value} ({NO_PLACE_HERE if reviewer else NO_PLACE})"
    return readable_value(path, value)


def own_proposal_words(path: str, value: Any) -> str:
    """A reviewer's earlier proposal for `path`, after "your": "proposal of 25,000,000",
    "proposal to clear it"."""
    return ("proposal to clear it" if value is None
            else f"proposal of {proposed_text(path, value, reviewer=True)}")


# Any other value a response sent that the facts checks refuse ("many" for board seats).
NO_VALUE = "not a value the app can store: reject it"


def view_proposed_text(p: svc.ProposalView) -> str:
    """A proposal's value in the preparer's list: as proposed_text, and a value the facts
    checks refuse at its field (p.refused) said so, as a place the app cannot read is."""
    value = p.proposed_value
    if p.refused and not unreadable_place(p.field_path, value):
        # As sent ("many", "31/12"): no field's words fit a value it cannot hold.
        return f"{value if isinstance(value, str) else _value(value)} ({NO_VALUE})"
    return proposed_text(p.field_path, value)


def _place_advice(path: str, value: Any) -> str:
    """For the reviewer, why a proposed place cannot be stored and what to type instead
    ("\n'Korea' could be South Korea (KR) or North Korea (KP): write the two-letter
    code"), or ""."""
    why = unreadable_place(path, value)
    return f"\n{why}" if why else ""


def _stored_tip(path: str, value: Any) -> str:
    shown, stored = readable_value(path, value), _value(value)
    return shown if shown == stored or value is None else f"{shown}\nStored as {stored}"


def history_text(case: svc.ReviewCase) -> str:
    """The case's tracks and audit trail in words (state names, what each event did), as
    the case view's Tracks and Timeline tabs say them."""
    def state(kind: Any, code: Any) -> str:
        try:
            return wf.state_label(str(kind), str(code))
        except NotFound:  # a state this installation's workflows do not know
            return humanise(str(code))

    def loads(text: Any) -> Any:
        try:
            return json.loads(text) if isinstance(text, str) else text
        except ValueError:
            return text

    kinds = {t.get("id"): t.get("kind") or t.get("regime") for t in case.tracks}
    regimes = {t.get("id"): t.get("regime") for t in case.tracks}
    lines = [f"Status: {case.status_words}, version {case.version}", "", "Tracks:"]
    for t in case.tracks:
        due = t.get("due_date")
        # The day as the case view's Tracks tab says it ("31 Dec 2026").
        due_text = f", due {day_text(due)}{ESTIMATED if t.get('due_estimated') else ''}" if due else ""
        lines.append(f"  {t.get('regime')} — {state(t.get('kind') or t.get('regime'), t.get('state'))}"
                     f"{due_text}")
    if not case.tracks:
        lines.append("  none")
    lines += ["", "Audit trail, oldest first (times in UTC):"]
    for e in case.events:
        what = event_label(str(e.get("action")))
        track = e.get("track_id")
        if track in regimes:
            what = f"{regimes[track]}: {what[:1].lower()}{what[1:]}"
        old, new = loads(e.get("old_value")), loads(e.get("new_value"))
        if e.get("field") == "state" and isinstance(old, str) and isinstance(new, str):
            what += f", {state(kinds.get(track), old)} → {state(kinds.get(track), new)}"
        elif e.get("action") == "field.changed" and e.get("field"):
            what += f": {field_label(str(e['field']))}"
        elif str(e.get("action")).startswith("document."):
            # Which document, as the case view's Timeline names it ("Document attached"
            # alone did not say which of the pack's files).
            named = next((v["file_name"] for v in (new, old)
                          if isinstance(v, dict) and isinstance(v.get("file_name"), str)), "")
            what += f": {named}" if named else ""
        reason = f" — {e['reason']}" if e.get("reason") else ""
        # Who, by name as the sender's installation knows them (packs of earlier releases
        # name the login alone).
        who = person_text(str(e.get("actor") or ""), str(e.get("actor_name") or ""))
        lines.append(f"  {utc_text(str(e.get('occurred_at')))}  {who}  {what}{reason}")
    return "\n".join(lines)


def field_label(path: str) -> str:
    """The wizard's name for a facts field ("Amount (Deal) — currency" for a part of one the
    wizard edits as a whole); the path itself where the list of names has none."""
    return fact_label(path)


def _schema_node(path: str) -> dict[str, Any]:
    node: dict[str, Any] = facts_schema()
    for part in path.split("."):
        node = node.get("properties", {}).get(part, {})
    return node


def typed_proposal(path: str, text: str, facts: dict[str, Any] | None = None) -> Any:
    """A proposed value typed as the wizard takes it (`9亿元`, `1,000,000`, `22 %`,
    `2026年6月30日`) for a number or date field, a choice or a list of choices as the
    facts list shows it (`Convertible debt`; `Robotic control, Cybersecurity`); other
    text as it is. InputError at the field's name when it cannot be read: a reviewer
    typing a figure as the documents write it was told "target.turnover_cny.china:
    expected number or null, got "9亿元""."""
    node = _schema_node(path)
    kinds = node.get("type")
    kinds = {kinds} if isinstance(kinds, str) else set(kinds or ())
    try:
        if kinds & {"number", "integer"}:
            if path in FIELD_CURRENCY or path == "deal.amount.value":
                wanted = FIELD_CURRENCY.get(path) or (
                    ((facts or {}).get("deal") or {}).get("amount") or {}).get("currency")
                # As the wizard's field takes it: in the field's currency, to its minor unit.
                return read_money(text, wanted) if wanted else read_amount(text)[0]
            return read_number(text, percent=path.endswith("_pct"),
                               integer="integer" in kinds and "number" not in kinds)
        if node.get("format") == "date":
            return read_date(text)
        if "array" in kinds:
            return _typed_list(text, (node.get("items") or {}).get("enum"), path)
        if "boolean" in kinds:
            return _typed_choice(text.strip(), (True, False))
        if node.get("enum"):
            return _typed_choice(text.strip(), node["enum"], path)
    except Unreadable as exc:
        raise InputError(Problem(path, str(exc))) from None
    return text.strip()


_ITEM_SEPARATORS = re.compile(r"\s*[,;，；、]\s*")
_FREE_ITEM_SEPARATORS = re.compile(r"\s*[;；]\s*")
_NO_ITEMS = frozenset({"none", "无", "-", "—"})


def _typed_choice(text: str, codes: Sequence[Any], path: str | None = None) -> Any:
    """One of a field's codes (or Yes/No), typed as shown (`Convertible debt`) or as stored."""
    wanted = " ".join(text.replace("_", " ").split()).casefold()
    for code in codes:
        if isinstance(code, bool) and YES_NO_WORDS.get(wanted) is code:
            return code
        if isinstance(code, str) and wanted in {code.replace("_", " ").casefold(),
                                                _choice_label(code, path).casefold()}:
            return code
    names = ", ".join(_word(c, path) for c in codes if c is not None)
    raise Unreadable(f"{quoted(text)} is not one of its choices: {names}")


def _typed_list(text: str, codes: Sequence[Any] | None, path: str | None = None) -> list[Any]:
    """A list typed as the facts list shows it: its items in words, separated by commas
    (`Robotic control, Cybersecurity`; `none` for no item). Free-text items, which may
    hold a comma themselves, are separated by semicolons when the text has one."""
    text = text.strip()
    if text.casefold() in _NO_ITEMS:
        return []
    free_split = _FREE_ITEM_SEPARATORS if ";" in text or "；" in text else _ITEM_SEPARATORS
    items = [item for item in (_ITEM_SEPARATORS if codes else free_split).split(text) if item]
    if not codes:
        return items
    chosen: list[Any] = []
    for item in items:
        code = _typed_choice(item, codes, path)
        if code not in chosen:  # the schema takes each choice once
            chosen.append(code)
    return chosen


def json_fits(path: str, value: Any) -> bool:
    """Whether `value`, read as JSON, is of a kind the field holds (null always is: the
    service says when a field may not be cleared; so is anything for a field the schema
    names no kind for)."""
    node = _schema_node(path)
    kinds = node.get("type")
    kinds = {kinds} if isinstance(kinds, str) else set(kinds or ())
    if value is None or not kinds:
        return True
    if isinstance(value, bool):
        return "boolean" in kinds
    if isinstance(value, (int, float)):
        return bool(kinds & {"number", "integer"})
    if isinstance(value, str):
        return "string" in kinds
    return ("array" if isinstance(value, list) else "object") in kinds


def coded(path: str, value: Any) -> Any:
    """A value typed as JSON with its choices in words (`["Robotic control"]`,
    `"Convertible debt"`) as stored; any other value as it is."""
    node = _schema_node(path)
    codes = node.get("enum")
    item_codes = (node.get("items") or {}).get("enum")
    try:
        if codes and isinstance(value, str):
            return _typed_choice(value, codes, path)
        if item_codes and isinstance(value, list):
            return [_typed_choice(v, item_codes, path) if isinstance(v, str) else v
                    for v in value]
    except Unreadable as exc:
        raise InputError(Problem(path, str(exc))) from None
    return value


PROPOSAL_REFUSED = "Could not propose the change to "
FINGERPRINT_TO_READ = "read them its fingerprint: "
REASONS_FIRST = ("Type your reasons first: say why the case goes back to the preparer. "
                 "Nothing was saved.")
PROPOSE_HINT = "Select a field, then type its new value as it is shown (Clear value empties it)"
NO_COMMENTS = ("No comments on this case yet. The pack's comments and yours are listed "
               "here; yours go back in the response pack. Comment on the case below, on a "
               "field on the Facts tab, or on a document on the Documents tab.")


def may_clear(path: str) -> bool:
    """Whether the field may be left empty (the schema takes null for it): clearing a
    required one came back as "expected string, got null"."""
    node = _schema_node(path)
    if not node:  # a field the schema does not know: the service says why
        return True
    kinds = node.get("type")
    kinds = {kinds} if isinstance(kinds, str) else set(kinds or ())
    return "null" in kinds or None in (node.get("enum") or ())


def proposal_hint(path: str | None) -> str:
    """What to type for the field chosen, with an example: the placeholder of the value
    field (a list typed as JSON was the only form taken, and nothing said so)."""
    if path is None:
        return PROPOSE_HINT
    node = _schema_node(path)
    kinds = node.get("type")
    kinds = {kinds} if isinstance(kinds, str) else set(kinds or ())
    codes = node.get("enum") or (node.get("items") or {}).get("enum")
    if "array" in kinds:
        example = (", ".join(_choice_label(c, path) for c in codes[:2]) if codes
                   else "first, second")
        return f"Items separated by commas, e.g. {example} (none for no item)"
    if codes:
        return f"One of: {', '.join(_choice_label(c, path) for c in codes if isinstance(c, str))}"
    if "boolean" in kinds:
        return "Yes or No"
    if node.get("format") == "date":
        return "A date, e.g. 2026-06-30 or 2026年6月30日"
    if path.endswith("_pct"):
        return "A percentage, e.g. 22 %"
    if path in FIELD_CURRENCY or path == "deal.amount.value":
        return "An amount, e.g. 25,000,000 or 2500万"
    if path == _COMPUTE_FIELD:
        return "Operations, e.g. 3.1e25"
    if path in svc.PLACE_FIELDS:
        return "A place: its code or name, e.g. CN, HK, United States or 中国"
    if "integer" in kinds and "number" not in kinds:
        return "A whole number, e.g. 3"
    if kinds & {"number", "integer"}:
        return "A number, e.g. 1,000,000"
    return "The new text (no quotes needed)"


def untrusted_signer(exc: BaseException) -> str:
    """The fingerprint of the key that signed a pack refused only for being untrusted here
    ("" for any other refusal, such as a response sent as the wrong kind of pack)."""
    return exc.untrusted if isinstance(exc, PackRefused) and exc.trusting_helps else ""


def refused_title(template: str, exc: BaseException) -> str:
    """`template`'s "{what}" as the refusal names the file ("The response pack was not
    imported"): "The pack …" named neither what was picked nor what it turned out to be."""
    return template.format(what=exc.what if isinstance(exc, PackRefused) else EITHER_PACK)


def case_title(case: svc.ReviewCase) -> str:
    """"AP-2026-0002  Target ← Investor", from the facts in the pack."""
    target, investor = case.facts.get("target") or {}, case.facts.get("investor") or {}
    names = " ← ".join(str(n) for n in (target.get("name_en") or target.get("name_zh"),
                                         investor.get("name")) if n)
    return f"{case.reference}  {names}" if names else case.reference


def _doc_key(item: QListWidgetItem | None) -> tuple[Any, ...] | None:
    """What a row of review mode's document list stands for, across a reload."""
    if item is None:
        return None
    return (item.data(Qt.ItemDataRole.UserRole), item.data(DRAFT_ROLE), item.data(WITHHELD_ROLE))


def _stored_recommendation(case: svc.ReviewCase) -> tuple[str | None, str]:
    return case.recommendation or None, case.reasons or ""


def _same_recommendation(a: tuple[str | None, str], b: tuple[str | None, str]) -> bool:
    """Reasons are stored stripped: "Too low " saved is "Too low", and not unsaved."""
    return a[0] == b[0] and a[1].strip() == b[1].strip()


def notes_style() -> str:
    """The pack notes' frame: an edge that shows on a light or a dark window (3:1).
    palette(mid) was 1.1:1 on a dark one, and the notes ran into the banner above."""
    return (f"QLabel {{ border: 1px solid {edge_colour().name()};"
            " border-radius: 3px; padding: 6px; }")


def _warning_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    palette_styled(label, "warning")  # restyled when the system switches light and dark
    label.setTextFormat(Qt.TextFormat.RichText)
    label.hide()
    return label


class LinesScroll(QScrollArea):
    """A word-wrapped label as tall as its lines, up to `lines` of them; more scroll. The
    recommendations and the import summary above the proposals grew a line a case: with a
    50-case response the Proposed changes window wanted 1,655 px, its table one row high
    and Accept and Reject below a laptop screen's edge."""

    def __init__(self, label: QLabel, name: str, accessible: str, lines: int,
                 least: int | None = None, whole: Callable[[str], bool] | None = None) -> None:
        super().__init__()
        self.lines = lines
        # Texts shown whole however many lines they take (where the window has the room):
        # the fingerprint to read out was cut off in the third line's scroll.
        self.whole = whole
        # The fewest lines it keeps when the window has no room for more (lines unless
        # said): it then scrolls rather than push the window past the screen's foot.
        self.least = lines if least is None else least
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        # A Tab stop only while there is more to scroll to (the arrow keys scroll it).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalScrollBar().rangeChanged.connect(
            lambda _low, high: self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if high > 0
                                                   else Qt.FocusPolicy.NoFocus))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it wraps
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setWidget(label)

    def line_height(self) -> int:
        """The height the label lays each of its lines out in (laid_out_line): three lines
        of the font's lineSpacing() cut the third line's foot off under GNOME, "reviewing"
        read "reviewinq"."""
        return laid_out_line((self.widget() or self).fontMetrics())

    def _height(self, lines: int | None = None) -> int:
        label = self.widget()
        if label is None or label.isHidden():
            return 0
        cap = self.line_height() * (self.lines if lines is None else lines)
        width = self.viewport().width() or self.width()
        wanted = label.heightForWidth(width) if label.hasHeightForWidth() else -1
        if wanted < 0:
            wanted = label.sizeHint().height()
        if lines is None and self.whole is not None and isinstance(label, QLabel) \
                and self.whole(label.text()):
            cap = wanted
        return min(wanted, cap) + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height(self.least))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Whole lines in sight while it scrolls: given room for one line and a half, the
        # second line showed cut through. The rest of the room is left blank.
        label, line = self.widget(), self.line_height()
        # Its own height, not the event's: the viewport's resizes come here too.
        room = self.height() - 2 * self.frameWidth()
        wanted = label.heightForWidth(self.viewport().width()) if label is not None else -1
        spare = room % line if line > 0 and room > line and wanted > room else 0
        if self.viewportMargins().bottom() != spare:
            self.setViewportMargins(0, 0, 0, spare)
        self.updateGeometry()  # another width wraps the label to another height


class _CurrentInSight(QObject):
    """Keeps a list's current row in sight when the list gets shorter: a message under
    the value field (or the status line) takes its room, and at 200 % the field the
    message is about slid out of view below it."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent) \
                and event.size().height() < event.oldSize().height():
            current = self.view.currentIndex()
            if current.isValid():  # scrolls only when it is out of sight
                self.view.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)
        return False


def _leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """(dotted path, value) for every leaf of the facts; lists count as one value."""
    if isinstance(value, dict):
        out: list[tuple[str, Any]] = []
        for key in sorted(value):
            if key == "schema_version":
                continue
            out += _leaves(value[key], f"{path}.{key}" if path else key)
        return out
    return [(path, value)]


# Review mode lists the facts in the order the wizard and the Overview tab have them (the
# reference, target company, AI profile, investor, deal, technology transfer and data
# export), not sorted by their paths ("Acquires control (Deal)" came first).
_FORM_ORDER = {path: i for i, path in enumerate(dict.fromkeys(["reference", *FIELD_LABELS]))}


def form_order(path: str) -> tuple[int, str]:
    """Sort key: the position of the field (or of the field it is part of, for an amount's
    currency and value) in the wizard; paths it does not know after them, by path."""
    parts = path.split(".")
    for n in range(len(parts), 0, -1):
        position = _FORM_ORDER.get(".".join(parts[:n]))
        if position is not None:
            return position, path
    return len(_FORM_ORDER), path


def _end_panel(panel: ProgressPanel, text: str = "") -> None:
    """A task's inline panel when the task has ended: gone, or left saying `text`."""
    panel.finish(text)
    panel.setVisible(bool(text))


def _new_panel(what: str, name: str) -> ProgressPanel:
    panel = ProgressPanel(what=what)
    panel.setObjectName(name)
    panel.setVisible(False)
    return panel


def self_review_warning(result: svc.ImportResult) -> str:
    """The warning line for a response that is no independent review ('' otherwise)."""
    if not result.self_review:
        return ""
    # By name and login, as the trail and Proposed changes name people ("Pat Lee (pat)").
    who = person_text(result.reviewer, result.self_reviewer_name)
    return (f"Not an independent review: {who} exported this pack and reviewed it "
            "on this same installation. The audit trail records the response as a self-review.")


def check_output(path: Path) -> None:
    """A pack's file checked before the work that fills it (InputError naming it); a
    folder still to be made is left to the writer, which makes it."""
    if path.parent.is_dir():
        check_writable(path, str(path))


def recommended(code: str) -> str:
    """A recommendation as the reviewer chose it ("return" alone read as a code)."""
    return "return to the preparer" if code == "return" else code


IMPORTED_TITLE = "Imported just now (as the import found it; the list below is kept current)"


def import_summary(result: svc.ImportResult) -> list[str]:
    """What an imported response did, in plain lines."""
    lines = [f"Response from {result.reviewer_text} to review pack {result.in_reply_to[:8]} "
             f"({', '.join(result.references)})."]
    if result.set_aside:
        # Sent before a response from the same reviewer that was imported first.
        lines.append("A later response from this reviewer was imported before this one and "
                     "stands for: " + ", ".join(
                         "the recommendation" if path == "recommendation"
                         else field_label(path) for _ref, path in result.set_aside)
                     + f" of {', '.join(dict.fromkeys(r for r, _p in result.set_aside))}"
                     " (this response's values are kept as replaced).")
    for reference, path in result.withdrawn:
        lines.append(f"{reference}: the reviewer withdrew the proposed change to "
                     f"{field_label(path)}.")
    for reference, path, before, now, number, older in result.revised:
        lines.append(revised_note(reference, field_label(path), value_text(before),
                                  value_text(now), number, older))
    for reference, path, value, decision, number in result.retracted:
        lines.append(retracted_note(reference, field_label(path), value_text(value),
                                    decision, number))
    if result.nothing_new and not result.set_aside:
        lines.append(result.NOTHING_NEW)
        return lines

    def count(added: int, skipped: int, what: str, new: str, old: str) -> None:
        if added or skipped:
            lines.append(f"{counted(added, what)} {new}"
                         + (f" ({skipped} {old})" if skipped else "") + ".")

    count(result.comments_added, result.comments_skipped, "comment", "added", "already here")
    count(result.proposals_added, result.proposals_skipped, "proposed change", "to decide",
          "already here or already decided, not asked again")
    for reference, recommendation in result.recommendations:
        lines.append(f"{reference}: the reviewer recommends {recommended(recommendation)}.")
    for reference, other in result.other_recommendations:
        lines.append(f"{reference}: note that {other.reviewer} recommends "
                     f"{recommended(other.recommendation)}.")
    for reference, status, reason in result.read_only:
        lines.append(read_only_note(reference, status, reason, "Case → Reopen case…"))
    for reference, path, then, now in result.commented_changed:
        lines.append(f"{reference}: {field_label(path)} changed here since the pack was "
                     f"exported ({readable_value(path, then)} → {readable_value(path, now)}); "
                     "the reviewer's comment on it is about the value at export.")
    for reference, path, o in result.disagreements:
        # Another reviewer's value for the same field: both wait, each decided on its own.
        lines.append(f"{reference}: {field_label(path)}: {o.reviewer} proposed "
                     f"{proposed_text(path, o.proposed_value)} (#{o.id}, {o.status}) — the "
                     "reviewers differ; decide each below.")
    for reference, path in result.conflicts:
        lines.append(f"{reference}: {field_label(path)} changed here since the pack was "
                     "exported; both values are shown side by side.")
    for reference, path, _value, why in result.unreadable:
        # A place the app cannot read: kept as sent, and Accept refuses it.
        lines.append(f"{reference}: no place the app can store: "
                     f"{svc.unreadable_place_words(why, result.reviewer_text, path, reference)}.")
    for reference, path, value, why in result.unfit:
        # Of the wrong kind for its field: kept as sent, and Accept refuses it.
        lines.append(f"{reference}: no value the app can store: "
                     f"{svc.refused_value_words(why, result.reviewer_text, path, reference, value)}.")
    return lines


CASE_ENDED = ("closed", "discarded")  # nothing on such a case changes until it is reopened


# The decision's reason in the Status cell is cut after this many characters ("…"); the
# cell's tooltip says it whole.
REASON_IN_CELL = 60


def proposal_status_text(p: svc.ProposalView, names: Mapping[str, str] | None = None, *,
                         reason_chars: int | None = None) -> str:
    """The Status cell: the state, who decided (by name, from `names`: user_names()),
    and — with several reviewers — whose accepted proposal the field's value is now; then
    the reason given with the decision (it was shown only in the audit trail), cut after
    `reason_chars` characters when given."""
    status = _status_words(p, names)
    reason = p.decision_reason if p.status in ("accepted", "rejected") else ""
    if reason:
        status += f" — “{_cut_reason(reason, reason_chars)}”"
    return status


def _cut_reason(reason: str, chars: int | None = REASON_IN_CELL) -> str:
    """A decision's reason cut after `chars` characters ("…"); whole with None."""
    return reason[:chars].rstrip() + "…" if chars is not None and len(reason) > chars else reason


def _status_words(p: svc.ProposalView, names: Mapping[str, str] | None = None) -> str:
    if p.status == "superseded":  # a later response revised it, or took it back
        return "withdrawn by the reviewer" if p.withdrawn else "replaced by a later response"
    status = p.status + (" — conflict" if p.conflict else "")
    if p.conflict and p.tied_changed:  # what changed, in the cell: the values beside it agree
        status += ": " + "; ".join(
            f"{field_label(path).rpartition(' — ')[2]} {readable_value(path, was)} → "
            f"{readable_value(path, now)} here" for path, was, now in p.tied_changed)
    if p.decided_by and p.status in ("accepted", "rejected"):
        status += f" by {person_named(p.decided_by, names or {})}"
    if p.status == "pending" and p.case_status in CASE_ENDED:
        return f"{status} — case {p.case_status}: reopen it to accept"
    src = p.current_from
    if p.status == "pending" and src is not None:
        status += (f": now #{src.id} of {src.reviewer}" if p.conflict
                   else f" (the value of #{src.id} of {src.reviewer}, accepted)")
    elif p.status == "accepted" and src is not None and p.current_value != p.proposed_value:
        # Accepted, then another reviewer's value accepted over it: not this value any more.
        status += f"; since replaced by #{src.id} of {src.reviewer}"
    return status


def _sentence_case(text: str) -> str:
    """"changed here by …" starting a line of its own."""
    return text[:1].upper() + text[1:]


# The Other proposals cell names this many, its tooltip this many, and counts the rest:
# every row listing all the others made n rows of n - 1 proposals each (2,000 reviewers'
# proposals for one field built megabytes of text per row and froze the window).
OTHERS_IN_CELL = 3
OTHERS_IN_TIP = 20


def _other_words(p: svc.ProposalView, o: svc.OtherProposal) -> str:
    return f"#{o.id} {o.reviewer}: {proposed_text(p.field_path, o.proposed_value)} ({o.status})"


def _first_others(p: svc.ProposalView, shown: int) -> list[str]:
    """The first `shown` other proposals in words, read without going over the rest."""
    words: list[str] = []
    for o in p.others:
        if len(words) == shown:
            break
        words.append(_other_words(p, o))
    return words


def others_text(p: svc.ProposalView) -> str:
    """The Other proposals cell: the other reviewers' live proposals for the field, the
    first few of many after their count ("2,000 others: #3 ben: 2 (pending); …")."""
    named = _first_others(p, OTHERS_IN_CELL)
    if len(p.others) <= OTHERS_IN_CELL:
        return "; ".join(named)
    return f"{counted(len(p.others), 'other')}: {'; '.join(named)}; …"


def others_tip(p: svc.ProposalView) -> str:
    """The Other proposals cell's tooltip: one per line, the rest counted (each of them is
    a row of the table too)."""
    named = _first_others(p, OTHERS_IN_TIP)
    rest = len(p.others) - len(named)
    if rest:
        named.append(f"… and {counted(rest, 'more proposal')} for this field, each in its own "
                     "row of this table.")
    return "\n".join(named)


def show_refusable_error(parent: QWidget, title: str, exc: BaseException,
                         refused: SignalInstance) -> None:
    """The error in its plain words; a refusal (the user's roles changed since the window
    last looked) also emits `refused`, so that the session watch reads the user again and
    the window's buttons follow at once."""
    show_error(parent, title, exc)
    if isinstance(exc, PermissionDenied):
        refused.emit()


def _message(parent: QWidget, title: str, text: str, name: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    box.setObjectName(name)
    box.open()
    return box


SUMMARY_LINES = LONG_REPORT_LINES  # an import summary's lines in its box; the rest in Details


def imported_message(parent: QWidget, lines: list[str], warning: str) -> QMessageBox:
    """What a response without proposals or recommendations did. A line a case (a
    comment on a field changed since, a case closed meanwhile) made a message box taller
    than the screen with a 50-case response, its OK button below the edge: the first
    lines are said, the rest behind Show Details…."""
    box = _message(parent, "Review response imported", "", "importedMessage")
    if warning:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(f"⚠ {warning}")
    put_long_report(box, lines, informative=bool(warning), limit=SUMMARY_LINES)
    return box


# ---------------------------------------------------------------------------------------
# Export


NO_CASES_TO_SEND = ("No cases to send yet: a case can go into a review pack once its intake "
                    "is finished (intake drafts stay here).")
# Alt+A: the dialog's other Alt letters are C, F, B, E and L.
TICK_ALL_SHOWN = "Tick &all shown"
UNTICK_ALL_SHOWN = "Untick &all shown"


@dataclass(frozen=True)
class ExportCases:
    """The cases a pack can take, as a worker reads them: one line each and what the
    filter reads (the line, the Chinese name and the officer's own reference, as the case
    list's filter finds them), computed off the GUI thread."""

    references: list[str]
    lines: list[str]
    haystacks: list[str]


def read_export_cases(session: Any) -> ExportCases:
    with gc_paused():  # 100,000 rows: the collector would otherwise take much of the time
        rows = list_cases(session, include_drafts=False)
        lines = [f"{r.reference}  {r.target} ← {r.investor}" for r in rows]
        haystacks = [f"{line} {r.target_zh} {r.own_reference} {r.identifiers}".casefold()
                     for line, r in zip(lines, rows, strict=True)]
    return ExportCases([r.reference for r in rows], lines, haystacks)


class ExportCaseModel(QAbstractListModel):
    """The export dialog's checkable case list. Like the case list's model, filtering works
    on a Python list of row indexes (typing on narrows the rows already shown), and the
    ticked cases are a set of references, so a tick or a count never walks 100,000 rows."""

    ticked_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cases = ExportCases([], [], [])
        self.loaded = False
        self.ticked: set[str] = set()
        self._visible: list[int] = []
        self._needle = ""

    @property
    def total(self) -> int:
        return len(self.cases.references)

    def set_cases(self, cases: ExportCases, ticked: set[str]) -> None:
        self.beginResetModel()
        self.cases, self.loaded = cases, True
        self.ticked = ticked & set(cases.references)
        self._visible = self._matching(None)
        self.endResetModel()
        self.ticked_changed.emit()

    def set_filter(self, text: str) -> None:
        needle = " ".join(text.casefold().split())
        if needle == self._needle:
            return
        narrowing = (bool(self._needle) and needle.startswith(self._needle)
                     and len(needle.split()) >= len(self._needle.split()))
        self.beginResetModel()
        self._needle = needle
        self._visible = self._matching(self._visible if narrowing else None)
        self.endResetModel()

    def _matching(self, candidates: list[int] | None) -> list[int]:
        words, haystacks = self._needle.split(), self.cases.haystacks
        source = range(len(haystacks)) if candidates is None else candidates
        if not words:
            return list(source)
        if len(words) == 1:
            word = words[0]
            return [i for i in source if word in haystacks[i]]
        return [i for i in source if all(w in haystacks[i] for w in words)]

    def reference_at(self, row: int) -> str:
        return self.cases.references[self._visible[row]]

    def row_of(self, reference: str) -> int | None:
        references = self.cases.references
        return next((row for row, i in enumerate(self._visible) if references[i] == reference),
                    None)

    def set_ticked(self, references: Sequence[str]) -> None:
        self.ticked = set(references) & set(self.cases.references)
        if self._visible:
            self.dataChanged.emit(self.index(0), self.index(len(self._visible) - 1),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.ticked_changed.emit()

    def all_shown_ticked(self) -> bool:
        """Every case the filter shows is ticked (stops at the first that is not)."""
        references, ticked = self.cases.references, self.ticked
        return bool(self._visible) and all(references[i] in ticked for i in self._visible)

    def tick_shown(self, tick: bool) -> None:
        """Tick (or untick) every case the filter shows; those out of sight stay as they are."""
        shown = {self.cases.references[i] for i in self._visible}
        self.ticked = self.ticked | shown if tick else self.ticked - shown
        if self._visible:
            self.dataChanged.emit(self.index(0), self.index(len(self._visible) - 1),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.ticked_changed.emit()

    def ticked_in_order(self) -> list[str]:
        """The ticked cases in the list's order (those filtered out of sight too)."""
        return [r for r in self.cases.references if r in self.ticked]

    # -- Qt model interface -----------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        source = self._visible[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cases.lines[source]  # the tooltip: long names run past the edge
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if self.cases.references[source] in self.ticked
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.UserRole:
            return self.cases.references[source]
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        reference = self.cases.references[self._visible[index.row()]]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.ticked.add(reference)
        else:
            self.ticked.discard(reference)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticked_changed.emit()
        return True


class ExportCaseView(QTableView):
    """The case list of Export review pack…, saying "Reading the cases…" while the worker
    reads them and when the filter finds none, rather than showing a blank box. A table of
    one column, as the case list is, not a QListView: that lays out every row, calling the
    model twice a row (a fifth of a second for 100,000 cases, on every filter)."""

    def __init__(self, model: ExportCaseModel) -> None:
        super().__init__()
        self.setModel(model)
        self.horizontalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)  # long lines elided at the edge
        self.verticalHeader().setVisible(False)
        # Rows as compact as the case list's (a table's default is a third taller).
        self.verticalHeader().setDefaultSectionSize(max(24, self.fontMetrics().height() + 8))
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the list
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def model(self) -> ExportCaseModel:
        return super().model()  # type: ignore[return-value]

    def placeholder(self) -> str:
        model = self.model()
        if not model.loaded:
            return "Reading the cases…"
        if model.total and not model.rowCount():
            return "No case matches the filter."
        return ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if text := self.placeholder():
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


class ExportPackDialog(QDialog):
    """Choose cases and a file; writes one signed review pack, with progress and Cancel.
    Not modal: the case list stays usable while a large pack is written."""

    exported = Signal(object)  # svc.ExportResult
    export_cancelled = Signal()
    refused = Signal()  # as ProposalsDialog.refused

    def __init__(self, runner: TaskRunner, actor: Actor, data_dir: DataDir,
                 preselect: str | Sequence[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calls = runner.bound_to(self)  # results for a closed window are dropped
        self.runner, self.actor, self.data_dir = runner, actor, data_dir
        # The cases selected in the list are ticked when the list arrives.
        self.preselect: set[str] = ({preselect} if isinstance(preselect, str)
                                    else set(preselect or ()))
        self.setObjectName("exportPackDialog")
        self.setModal(False)
        self.setWindowTitle("Export review pack")
        # A model over the cases the worker read, not a QListWidget: 100,000 items made on
        # the GUI thread froze the window for more than a second.
        self.case_model = ExportCaseModel(self)
        self.case_model.ticked_changed.connect(self._count_ticked)
        self.case_list = ExportCaseView(self.case_model)
        self.case_list.setObjectName("exportCaseList")
        self.case_list.setAccessibleName("Cases to put in the review pack")
        # A long list is found in by typing, as the case list is; the ticked count says
        # what goes in the pack when some ticked cases are filtered out of sight.
        self.filter_edit = text_field(QLineEdit, "exportCaseFilter", "Filter the cases",
                                      "Filter: reference, company (English or "
                                      "Chinese) or investor")
        # Applied once the keystrokes queued meanwhile are in (FILTER_PAUSE_MS).
        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_PAUSE_MS)
        self.filter_timer.timeout.connect(lambda: self._filter_cases(self.filter_edit.text()))
        self.filter_edit.textChanged.connect(lambda _t: self.filter_timer.start())
        # Enter in the filter goes to the cases found: it does not press Export.
        self.filter_edit.installEventFilter(self)
        self.ticked_label = QLabel()
        self.ticked_label.setObjectName("exportTickedCount")
        # Many cases (all those a filter finds) were ticked one Space or click at a time.
        self.tick_all_button = QPushButton(TICK_ALL_SHOWN)
        self.tick_all_button.setObjectName("exportTickAllButton")
        self.tick_all_button.clicked.connect(self._tick_all_shown)
        self.tick_all_button.setEnabled(False)  # until the cases are listed
        # Typing in the list (where the focus starts) filters it, as typing in the filter
        # does: it went to the list's own search by the line's start, "AP-…", and found nothing.
        self.case_list.installEventFilter(self)
        self.out_edit = text_field(QLineEdit, "exportOutEdit", "Review pack file",
                                   "File to write, e.g. review-pack.zip")
        # A file the user agreed to replace: the chooser asked, or Export was pressed again
        # after the warning that it exists. Typing in the field withdraws the agreement.
        self.replace_agreed: Path | None = None
        self.out_edit.textEdited.connect(lambda _text: setattr(self, "replace_agreed", None))
        # The status line's words about the file in the field ("… already exists … Press
        # Export again to replace it"): they went on standing under another file typed or
        # chosen, and go when the field changes.
        self._said_of_file = ""
        self.out_edit.textChanged.connect(self._file_changed)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        self.export_button = QPushButton("&Export")
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)  # Enter in the file field exports
        self.export_button.clicked.connect(self.export)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        # The fingerprint it says after an export can be selected and copied.
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = _new_panel("export", "exportProgress")
        # Alt letters for the list and the file: the file field was reached only by Tab.
        file_label = QLabel("&File:")
        file_label.setBuddy(self.out_edit)
        out_row = QHBoxLayout()
        out_row.addWidget(file_label)
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton("C&lose")  # Alt+L: every button has its Alt key
        close.clicked.connect(self.close)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        intro = QLabel("&Cases to send to the reviewer: facts, tracks, audit trail, comments, "
                       "documents and stored final filings, and a draft of each filing that "
                       "applies to a case, rendered now. Restricted documents stay here; the "
                       "reviewer sees only their names.")
        intro.setWordWrap(True)
        intro.setBuddy(self.case_list)
        layout.addWidget(intro)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.ticked_label)
        filter_row.addWidget(self.tick_all_button)
        layout.addLayout(filter_row)
        layout.addWidget(self.case_list, 1)
        layout.addLayout(out_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        resize_to_screen(self, 720, 480)  # "AP-…  target ← investor" whole, mostly
        self.case_list.setFocus()  # Space ticks the case in focus; Alt+… or Tab to the filter
        self._apply_roles()
        self.calls.read(read_export_cases, self._show_cases, self._not_read)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.filter_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._filter_cases(self.filter_edit.text())
            self.case_list.setFocus()
            return True
        if (watched is self.case_list and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and self._typed_to_filter(event)):
            return True
        return super().eventFilter(watched, event)

    def _typed_to_filter(self, event: QKeyEvent) -> bool:
        """A character typed in the list starts a new filter with it, as a list's own
        search by typing starts afresh; the next ones go to the filter (Space still ticks)."""
        text = event.text()
        chords = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                  | Qt.KeyboardModifier.MetaModifier)
        if (not text or not text.isprintable() or text.isspace()
                or event.modifiers() & chords):
            return False
        self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.filter_edit.setText(text)
        return True

    def _tick_all_shown(self) -> None:
        model = self.case_model
        model.tick_shown(not model.all_shown_ticked())
        # Back to the list, for Space and the arrows; not when the focus has moved on since
        # (Alt+A clicks a moment later, and Alt+F then typing a file name came first).
        if self.tick_all_button.hasFocus():
            self.case_list.setFocus()

    def _say_tick_all(self) -> None:
        """The button says what it will do: tick the cases shown, or untick them when all
        are ticked already."""
        model = self.case_model
        self.tick_all_button.setText(UNTICK_ALL_SHOWN if model.all_shown_ticked()
                                     else TICK_ALL_SHOWN)
        self.tick_all_button.setEnabled(model.rowCount() > 0)

    def set_actor(self, actor: Actor) -> None:
        """The session watch found other roles: Export follows them, as Proposed changes."""
        self.actor = actor
        self._apply_roles()

    def _apply_roles(self) -> None:
        if not self.progress.running:  # set again, or not, when the pack has been written
            set_available(self.export_button, refusal(self.actor, "review.export"))

    def reload_cases(self) -> None:
        """Read the cases again (a backup was restored under the dialog: cases made since
        are gone, others are back), the ticked ones still ticked where they still exist."""
        self.preselect = set(self.case_model.ticked_in_order())
        self.calls.read(read_export_cases, self._show_cases, self._not_read)

    def _not_read(self, exc: BaseException) -> None:
        self.case_model.set_cases(ExportCases([], [], []), set())  # not "Reading…" for ever
        show_error(self, "Could not load the cases", exc)

    def _show_cases(self, cases: ExportCases) -> None:
        if not cases.references:  # an empty list said nothing
            self.status.setText(NO_CASES_TO_SEND)
        self.case_model.set_cases(cases, self.preselect)
        if self.filter_edit.text().strip():  # a filter typed while the list was loading
            self._filter_cases(self.filter_edit.text())
        self._current_to_ticked()

    def _current_to_ticked(self) -> None:
        """The first ticked case in sight and current, not somewhere below: the list has
        the focus, and Space ticks the case the focus frame is on (with none current,
        Space did nothing and Down went to the top)."""
        model = self.case_model
        first = next((r for r in model.cases.references if r in model.ticked), None)
        row = model.row_of(first) if first is not None else None
        if row is not None:
            index = model.index(row)
            self.case_list.setCurrentIndex(index)
            self.case_list.scrollTo(index)

    def _filter_cases(self, text: str) -> None:
        """Only the cases whose line holds every word typed (ticked ones stay ticked)."""
        self.filter_timer.stop()
        current = self.case_list.currentIndex().data(Qt.ItemDataRole.UserRole)
        model = self.case_model
        model.set_filter(text)
        # The case in focus stays so if still shown, else the first found: the filter's
        # reset left none, and Space after Enter in the filter ticked nothing.
        row = model.row_of(current) if current is not None else None
        if row is None and model.rowCount():
            row = 0
        if row is not None:
            self.case_list.setCurrentIndex(model.index(row))
            self.case_list.scrollTo(model.index(row))
        self._say_tick_all()

    def _count_ticked(self) -> None:
        ticked = len(self.case_model.ticked)
        self.ticked_label.setText(f"{counted(ticked, 'case')} ticked" if ticked else "")
        self._say_tick_all()

    def set_checked(self, references: Sequence[str]) -> None:
        self.case_model.set_ticked(references)

    def checked(self) -> list[str]:
        return self.case_model.ticked_in_order()

    def _browse(self) -> QFileDialog:
        name = suggested_name(REVIEW_PACKS, *case_parts("review-pack", self.checked()))
        return ask_save_file(self, REVIEW_PACKS, title="Save review pack", name=name,
                             data_dir=self.data_dir,
                             chosen=self._chosen)

    def _chosen(self, path: Path) -> None:
        self.out_edit.setText(str(path))
        self.replace_agreed = path  # the chooser has asked "Replace?" already

    def _say_of_file(self, text: str) -> None:
        """Say `text` about the file in the field: it goes when the field changes."""
        self.status.setText(text)
        self._said_of_file = text

    def _file_changed(self, _text: str) -> None:
        if self._said_of_file and self.status.text() == self._said_of_file:
            self.status.setText("")
        self._said_of_file = ""

    def export(self) -> None:
        if self.progress.running:
            return
        refs, out = self.checked(), self.out_edit.text().strip()
        # Each missing part said on its own: a ticked case was asked to be ticked again.
        if not self.case_model.loaded:
            self.status.setText("The cases are still being read: tick them once they are listed.")
            return
        if not self.case_model.total:
            self.status.setText(NO_CASES_TO_SEND)
            return
        if not refs:
            self.status.setText("Tick at least one case to send.")
            return
        if not out:
            self._say_of_file("Type the file to write, or press Browse… to choose it.")
            return
        # A name typed here is completed as the file chooser completes it ("pack" writes
        # pack.zip), and the field shows the file really written. A bare name goes where
        # the chooser would open (the packs' last folder, else home), not into the app's
        # working folder, which the officer never sees.
        typed = Path(out).expanduser()
        if not typed.is_absolute():
            typed = start_folder(self.data_dir, REVIEW_PACKS) / typed
        path = with_extension(typed, REVIEW_PACKS)
        if str(path) != out:
            self.out_edit.setText(str(path))
        if path.is_dir():  # a folder is never "replaced" by a pack: say what to type
            name = suggested_name(REVIEW_PACKS, *case_parts("review-pack", refs))
            self._say_of_file(f"{path} is a folder. Add the pack's file name to it, such "
                              f"as {name}, or press Browse… to choose one.")
            return
        if path.exists() and path != self.replace_agreed:
            self.replace_agreed = path
            self._say_of_file(f"{path.name} already exists in {path.parent}. Press Export "
                              "again to replace it, or choose another name.")
            return
        actor, data_dir = self.actor, self.data_dir
        self.export_button.setEnabled(False)
        self.status.setText("")

        def work(session: Any, progress: Progress) -> tuple[svc.ExportResult, str]:
            # A folder that cannot take the pack (a locked USB stick) is said before the
            # drafts are rendered, not as an OSError after.
            check_output(path)
            report, cancelled = service_callbacks(progress)
            result = svc.export_review_pack(session, data_dir=data_dir, references=refs,
                                            out=path, actor=actor, progress=report,
                                            cancelled=cancelled)
            # The key that signed it, to read out: the key file, read off the GUI thread.
            return result, svc.installation_identity(data_dir).fingerprint_grouped

        def done(written: tuple[svc.ExportResult, str]) -> None:
            result, fingerprint = written
            _end_panel(self.progress)
            self._apply_roles()
            # The agreement was to replace the file that was there: the pack just written
            # is not replaced by another Export without the warning again.
            self.replace_agreed = None
            # Where packs were written is where the next pack dialog starts (Import
            # response…, Open review pack…, Browse…), as after a file chosen in the dialog:
            # a path typed in the field left them in the home folder.
            remember_folder(data_dir, REVIEW_PACKS, result.path)
            withheld, drafts = result.withheld_documents, result.draft_renderings
            # One document has a name, several have names: "sees its name only".
            extra = (f" {counted(withheld, 'restricted document')} stayed here: the reviewer "
                     f"sees {'its name' if withheld == 1 else 'their names'} only."
                     if withheld else "")
            if drafts:
                extra += (f" {counted(drafts, 'draft filing')} {'was' if drafts == 1 else 'were'} "
                          "rendered for the reviewer.")
            # The fingerprint the reviewer compares before trusting the key, said here: it
            # was only in another window (Review → Installation key and trusted keys…).
            self.status.setText(f"Wrote {result.path.name} with {counted(len(result.references), 'case')}, "
                                f"signed by this installation.{extra} The reviewer's installation "
                                "must trust this installation's key: read the reviewer its "
                                f"fingerprint, {fingerprint}, by phone or in person (also shown "
                                "under Review → Installation key and trusted keys…).")
            self.exported.emit(result)

        def failed(exc: BaseException) -> None:
            if is_cancelled(exc):
                _end_panel(self.progress, EXPORT_CANCELLED)
                self._apply_roles()
                self.export_cancelled.emit()
                return
            _end_panel(self.progress)
            self._apply_roles()
            if isinstance(exc, InputError) and [p.path for p in exc.problems] == [str(path)]:
                # About the file typed: said under its field, where another one is typed.
                said = exc.problems[0].message
                said = said if said.startswith(str(path)) else f"{path} {said}"
                self._say_of_file(f"{said}. No pack was written.")
                self.out_edit.setFocus()
                return
            show_refusable_error(self, "Could not export the review pack", exc, self.refused)

        # A write unit of work: a cancel rolls back the review.exported events as well.
        task = self.calls.run(own_unit_of_work(self.runner.db, work), done, failed,
                              self.progress.update_progress)
        self.progress.start(task, f"Writing {path.name}…")

    def reject(self) -> None:
        # Escape or Close while writing asks to cancel; the dialog stays to say how it ended.
        if self.progress.running:
            self.progress.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.progress.running:
            self.progress.cancel()
            event.ignore()
            return
        super().closeEvent(event)


# ---------------------------------------------------------------------------------------
# Review mode (the reviewer's installation)


@dataclass(frozen=True)
class PackStanding:
    """An opened pack as the review window shows it: its content, and where it stands
    among the packs opened here (what `review open` and `review list` say of it)."""

    view: svc.ReviewView
    own_fingerprint: str  # this installation's: a pack it signed itself is a self-review
    responded: bool = False  # a response was sent from this pack already
    # (case reference, pack id): the same case in another pack from the same sender open
    # here, written later (review it there) or earlier (this one is newer).
    newer: tuple[tuple[str, str], ...] = ()
    older: tuple[tuple[str, str], ...] = ()
    answered: frozenset[str] = frozenset()  # the packs open here a response was sent from


def older_packs(pack_id: str,
                opened: Sequence[svc.ReviewSummary]) -> tuple[tuple[str, str], ...]:
    """(case reference, pack id) of the packs `opened` here that the sender wrote before
    `pack_id` with the same case (the service's OpenedPack.older)."""
    return tuple((ref, p.pack_id) for p in opened for ref, newer in p.newer if newer == pack_id)


def pack_standing(view: svc.ReviewView, own_fingerprint: str,
                  opened: Sequence[svc.ReviewSummary]) -> PackStanding:
    """`view` among the packs `opened` here (svc.list_open_reviews), as the service's
    OpenedPack says it when the pack is opened."""
    this = next((p for p in opened if p.pack_id == view.pack_id), None)
    return PackStanding(view, own_fingerprint, this is not None and this.responded,
                        this.newer if this is not None else (),
                        older_packs(view.pack_id, opened),
                        frozenset(p.pack_id for p in opened if p.responded))


def newer_notice_html(standing: PackStanding) -> str:
    """The warning that a case of this pack is in a pack the sender wrote later."""
    lines = [f"⚠ <b>{html.escape(ref)}</b> is also in review pack {html.escape(pid[:8])}, "
             "which the sender wrote later: review it there (Review → Review packs opened "
             "here)." for ref, pid in standing.newer]
    if lines and standing.responded:  # said once, however many cases moved on
        lines[-1] += " Your response from this pack answered the earlier version of the case."
    return "<br>".join(lines)


def pack_notes_html(standing: PackStanding | None, *, reopened: bool = False) -> str:
    """The other things to know about the pack, in plain lines ('' when there are none):
    it was open already, it is the newer of two packs of a case, a response was sent."""
    lines = []
    if reopened:
        lines.append("This pack was already open here: nothing new was stored, and your "
                     "review input so far is kept.")
    older, answered = (standing.older, standing.answered) if standing is not None else ((), ())
    for ref, pid in older:
        line = (f"<b>{html.escape(ref)}</b> is also in review pack {html.escape(pid[:8])}, "
                "opened here before, which the sender wrote earlier: this pack is the newer "
                "one, so review the case here.")
        if pid in answered:
            line += (" You already sent a response from that pack; it answered the earlier "
                     "version.")
        lines.append(line + " Input you gave in that pack stays with it and is not copied "
                            "here.")
    if standing is not None and standing.responded:
        lines.append("You have already sent a response from this pack. Your input is kept: "
                     "a new response sends all of it again and the preparer's side adds only "
                     "what is new; a proposed change you have taken out since is withdrawn, "
                     "unless the preparer has already decided it.")
    return "<br>".join(f"ℹ {line}" for line in lines)


COMMENT_TIP = "Add the comment (Enter or Ctrl+Enter)"
_UNREAD = object()  # a typed value that could not be read
PROPOSE_TIP = "Propose the new value for the selected field (Enter or Ctrl+Enter)"
CLEAR_TIP = "Propose that the selected field be left empty: it shows as (cleared)"


def _adds_on_enter(edit: QLineEdit, button: QPushButton, what: str = "Add the comment",
                   tip: str = COMMENT_TIP) -> None:
    """Enter in a one-line comment field adds the comment, and so does Ctrl+Enter, the
    case window's key for its Comments tab (the new-value field proposes the same way);
    both go through the button, so a greyed-out one (no reviewer role) adds nothing."""
    edit.returnPressed.connect(button.click)
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), edit, button.click)
        # Only in its own field: the window has four of them.
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        # For Help → Keyboard shortcuts, which lists them by these words.
        shortcut.setWhatsThis(f"{what} (in “{edit.accessibleName()}”)")
    button.setToolTip(tip)


class ReviewModeWindow(QWidget):
    """An opened review pack: the case read-only, the reviewer's input editable."""

    loaded = Signal()
    saved = Signal()  # review input stored
    response_exported = Signal(object)  # svc.ResponseResult
    response_cancelled = Signal()
    closed = Signal()  # the window went (after Save or Discard if anything was unsaved)
    close_kept = Signal()  # Cancel, or a piece that could not be saved: the window stays
    # Back to this window: the session watch looks at the user again (ReviewFeatures).
    activated = Signal()

    def __init__(self, runner: TaskRunner, actor: Actor, data_dir: DataDir, pack_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.calls = runner.bound_to(self)  # results for a closed window are dropped
        self.runner, self.actor, self.data_dir, self.pack_id = runner, actor, data_dir, pack_id
        self.view: svc.ReviewView | None = None
        self.standing: PackStanding | None = None
        self.own_fingerprint = ""
        self.setObjectName("reviewModeWindow")
        self.setWindowTitle("Review mode")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        # Reviewing a pack one exported oneself, here, is no second pair of eyes: said up
        # front, not only when the preparer imports the answer.
        self.self_review_notice = _warning_label("reviewSelfReviewNotice")
        # The same case in a pack the sender wrote later, open here too: review that one.
        self.newer_notice = _warning_label("reviewNewerPackNotice")
        # What else the reviewer should know about this pack (not a warning): it was open
        # already, it is the newer of two packs of a case, a response was sent from it.
        self.pack_notes = QLabel()
        self.pack_notes.setObjectName("reviewPackNotes")
        self.pack_notes.setWordWrap(True)
        self.pack_notes.setTextFormat(Qt.TextFormat.RichText)
        # Framed like the warning above it, in a colour from the palette's text: set apart
        # from the banner, yet not an alarm.
        self.pack_notes.setStyleSheet(notes_style())
        self.pack_notes.hide()
        self.reopened = False  # opened again from its file (note_reopened)
        # A recommendation chosen or typed but not saved yet, by case: kept when the window
        # reloads (after every save) or shows another case, and named before a response
        # is written without it.
        self.unsaved_recommendations: dict[str, tuple[str | None, str]] = {}
        # What was typed in the text fields for a case before another case was chosen:
        # (the field selected then, {edit attribute: text}). Left in the fields, a value
        # typed for one case's Board seats was proposed for the next case's.
        self.typed_by_case: dict[str, tuple[str | None, dict[str, str]]] = {}
        self._shown_reference: str | None = None  # the case the form shows
        # What was stored for it when the form was filled (the form unchanged is not unsaved).
        self._form_filled_from: tuple[str | None, str] | None = None
        # The reviewer lost the roles that answer a pack while the window is open: the
        # input is greyed out, and this says why (set_actor).
        self.roles_notice = _warning_label("reviewRolesNotice")
        self.case_combo = QComboBox()
        self.case_combo.setObjectName("reviewCaseCombo")
        self.case_combo.setAccessibleName("Case")
        self.case_combo.currentIndexChanged.connect(lambda _i: self._show_case())

        # Facts
        self.facts_tree = QTreeWidget()
        self.facts_tree.setObjectName("reviewFactsTree")
        self.facts_tree.setAccessibleName("Facts of the case")
        # Comments: how many are on the field (yours and the sender's), read in the tooltip;
        # only the Comments tab said which fields had one.
        self.facts_tree.setHeaderLabels(["Field", "Value", "Proposed", "Comments"])
        self.facts_tree.setRootIsDecorated(False)
        _CurrentInSight(self.facts_tree)
        # The value column takes the room left, so the proposed column is never pushed out
        # of sight; long values are elided and shown whole in their tooltips.
        header = self.facts_tree.header()
        header.setStretchLastSection(False)
        # The field names as wide as they need up to a share of the list (_fit_field_column):
        # at 200 % they took the whole width and the values were cut to "DEMO…".
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # The proposed values as wide as they need up to a share too: sized to a long
        # Chinese name, at 200 % they squeezed the current values to "DE…", "Sh…".
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.propose_edit = QLineEdit()
        self.propose_edit.setObjectName("proposeEdit")
        self.propose_edit.setAccessibleName("New value for the selected field")
        self.propose_edit.setPlaceholderText(PROPOSE_HINT)
        # The hint follows the field chosen: a list, a date or a choice is typed as shown.
        self.facts_tree.currentItemChanged.connect(lambda _i, _p: self._hint_value())
        self.propose_button = QPushButton("&Propose change")
        self.propose_button.setObjectName("proposeButton")
        self.propose_button.clicked.connect(self.propose)
        # Emptying a field in words: the way was to type JSON's null.
        self.clear_value_button = QPushButton("C&lear value")
        self.clear_value_button.setObjectName("clearValueButton")
        self.clear_value_button.clicked.connect(self.propose_clear)
        self.field_comment_edit = text_field(QLineEdit, "fieldCommentEdit",
                                             "Comment on the selected field",
                                             "Comment on the selected field")
        self.field_comment_button = QPushButton("Co&mment")  # Alt+M on each tab
        self.field_comment_button.setObjectName("fieldCommentButton")
        self.field_comment_button.clicked.connect(self.comment_on_field)
        facts_page = QWidget()
        facts_layout = QVBoxLayout(facts_page)
        facts_layout.addWidget(self.facts_tree, 1)
        row = QHBoxLayout()
        row.addWidget(self.propose_edit, 1)
        row.addWidget(self.propose_button)
        row.addWidget(self.clear_value_button)
        facts_layout.addLayout(row)
        # A value the app refuses, said under the field it was typed in, as the wizard says
        # a problem at its field (it was said in a box, the status line saying only
        # "nothing was saved"); gone once the value or the field changes.
        self.propose_error = QLabel()
        self.propose_error.setObjectName("proposeError")
        self.propose_error.setWordWrap(True)
        self.propose_error.setTextFormat(Qt.TextFormat.PlainText)
        palette_styled(self.propose_error, "problem")
        self.propose_error.hide()
        self.propose_edit.textEdited.connect(lambda _t: self._refuse_proposal(None))
        self.facts_tree.currentItemChanged.connect(lambda _i, _p: self._refuse_proposal(None))
        facts_layout.addWidget(self.propose_error)
        row = QHBoxLayout()
        row.addWidget(self.field_comment_edit, 1)
        row.addWidget(self.field_comment_button)
        facts_layout.addLayout(row)

        # Documents
        self.doc_list = QListWidget()
        self.doc_list.setObjectName("reviewDocList")
        self.doc_list.itemActivated.connect(lambda _item: self.open_document())
        self.doc_list.setAccessibleName("Documents in the pack, and those the sender withheld")
        self.doc_list.currentItemChanged.connect(lambda *_a: self._update_doc_buttons())
        self.open_doc_button = open_doc = QPushButton("&Open")
        open_doc.setObjectName("openDocButton")
        open_doc.clicked.connect(self.open_document)
        self.withheld_note = QLabel()
        self.withheld_note.setObjectName("withheldNote")
        self.withheld_note.setWordWrap(True)
        self.doc_comment_edit = text_field(QLineEdit, "docCommentEdit",
                                           "Comment on the selected document",
                                           "Comment on the selected document")
        self.doc_comment_button = QPushButton("Co&mment")
        self.doc_comment_button.setObjectName("docCommentButton")
        self.doc_comment_button.clicked.connect(self.comment_on_document)
        docs_page = QWidget()
        docs_layout = QVBoxLayout(docs_page)
        docs_layout.addWidget(self.doc_list, 1)
        docs_layout.addWidget(self.withheld_note)
        row = QHBoxLayout()
        row.addWidget(self.doc_comment_edit, 1)
        row.addWidget(self.doc_comment_button)
        row.addWidget(open_doc)
        docs_layout.addLayout(row)

        # Comments
        self.comment_list = QListWidget()
        self.comment_list.setObjectName("reviewCommentList")
        self.comment_list.setAccessibleName("Comments")
        self.comment_list.setWordWrap(True)
        self.case_comment_edit = text_field(QLineEdit, "caseCommentEdit", "Comment on the case",
                                            "Comment on the case")
        self.case_comment_button = case_comment_button = QPushButton("Co&mment")
        case_comment_button.setObjectName("caseCommentButton")
        case_comment_button.clicked.connect(self.comment_on_case)
        # An empty list said nothing of where comments come from or how to add one.
        self.no_comments = QLabel(NO_COMMENTS)
        self.no_comments.setObjectName("reviewNoComments")
        self.no_comments.setWordWrap(True)
        self.comments_page = comments_page = QWidget()
        comments_layout = QVBoxLayout(comments_page)
        comments_layout.addWidget(self.no_comments)
        comments_layout.addWidget(self.comment_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.case_comment_edit, 1)
        row.addWidget(case_comment_button)
        comments_layout.addLayout(row)
        for edit, button in self._comment_entries():
            _adds_on_enter(edit, button)
        # Enter proposes, as it adds a comment: a typed value is never silently left unsent.
        _adds_on_enter(self.propose_edit, self.propose_button, "Propose the change", PROPOSE_TIP)

        # History
        self.history = QPlainTextEdit()
        self.history.setObjectName("reviewHistory")
        self.history.setTabChangesFocus(True)
        self.history.setAccessibleName("Tracks and history")
        self.history.setReadOnly(True)

        # Recommendation
        # Alt+A / Alt+R: the choice was reached only by Tab from the keyboard.
        self.approve_radio = QRadioButton("&Approve")
        self.approve_radio.setObjectName("approveRadio")
        self.return_radio = QRadioButton("&Return to the preparer")
        self.return_radio.setObjectName("returnRadio")
        self.reasons_edit = QPlainTextEdit()
        self.reasons_edit.setObjectName("reasonsEdit")
        self.reasons_edit.setTabChangesFocus(True)  # Tab moves on, as in a form
        self.reasons_edit.setAccessibleName("Reasons for the recommendation")
        self.reasons_edit.setPlaceholderText("Reasons (required when returning)")
        # Two lines at the least (it grows with the window): its default minimum made the
        # Recommendation tab the tallest, and set the window's own minimum at 200 %.
        self.reasons_edit.setMinimumHeight(
            2 * self.reasons_edit.fontMetrics().lineSpacing()
            + 2 * (self.reasons_edit.frameWidth()
                   + int(self.reasons_edit.document().documentMargin())))
        self.recommend_button = QPushButton("&Save recommendation")
        self.recommend_button.setObjectName("recommendButton")
        self.recommend_button.clicked.connect(self.recommend)
        rec_page = QWidget()
        rec_layout = QVBoxLayout(rec_page)
        # Which case the recommendation is for: the case list is far above, and with two
        # cases in a pack a recommendation was easily saved on the wrong one.
        self.rec_heading = QLabel()
        self.rec_heading.setObjectName("recommendationHeading")
        self.rec_heading.setWordWrap(True)
        rec_layout.addWidget(self.rec_heading)
        # The two choices on one line: at 200 % on a laptop, a line each squeezed the tab
        # until Save recommendation lay over the reasons.
        choices = QHBoxLayout()
        choices.addWidget(self.approve_radio)
        choices.addWidget(self.return_radio)
        choices.addStretch(1)
        rec_layout.addLayout(choices)
        rec_layout.addWidget(self.reasons_edit, 1)
        # Reasons missing for a return, said under the box as Propose change says a refused
        # value (it was said only on the status line, and stayed there once they were typed).
        self.reasons_error = QLabel()
        self.reasons_error.setObjectName("reasonsError")
        self.reasons_error.setWordWrap(True)
        self.reasons_error.setTextFormat(Qt.TextFormat.PlainText)
        palette_styled(self.reasons_error, "problem")
        self.reasons_error.hide()
        rec_layout.addWidget(self.reasons_error)
        rec_layout.addWidget(self.recommend_button, 0, Qt.AlignmentFlag.AlignRight)

        self.tabs = QTabWidget()
        # Alt letters as the case window's tabs have them, clashing with no other control.
        self.tabs.addTab(facts_page, "&Facts")
        self.tabs.addTab(docs_page, "&Documents")
        self.tabs.addTab(comments_page, "Commen&ts")
        self.tabs.addTab(self.history, "Trac&ks and history")
        self.tabs.addTab(rec_page, "Recommendatio&n")
        # What the status line last said about each tab's fields or items (its problem, or
        # what was saved there): shown with that tab only. "cannot be left empty" about a
        # fact stayed under the Recommendation tab, as if about the recommendation.
        self._tab_said: dict[int, str] = {}
        self.tabs.currentChanged.connect(self._status_for_tab)

        self.respond_button = QPushButton("E&xport response pack…")
        self.respond_button.setObjectName("respondButton")
        self.respond_button.clicked.connect(self.ask_to_export_response)
        self.status = QLabel()
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        # The fingerprint it says after a response is written can be selected and copied.
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Up to three lines beside Export response pack…, one when the window has no
        # room for more, the rest scrolled to: at 200 % on a laptop the five lines saying
        # where the response was written pushed the window past the screen's foot and cut
        # the Recommendation tab's heading.
        # The message saying the fingerprint to read out is shown whole where there is room.
        self.status_scroll = LinesScroll(self.status, "reviewStatusScroll", "Status", 3, 1,
                                         whole=lambda text: FINGERPRINT_TO_READ in text)
        self.response_progress = _new_panel("response", "responseProgress")
        self._close_when_ended = False
        # Closing with input not stored asks Save / Discard / Cancel (ask_to_close).
        self.close_box: QMessageBox | None = None
        self.clear_box: QMessageBox | None = None  # Clear value over a proposal: asked first
        self._close_answered = False  # Discard chosen, or all saved: close without asking
        self._discarded = False
        self._saving_to_close = False  # Save chosen: storing, then closing
        # What is typed but not saved is kept in the pack's folder a moment after each
        # change (svc.keep_typed_input): a crash or a sign-out does not lose it, and the
        # window fills it in again when the pack is next reviewed (_restore_typed).
        self.typed_timer = QTimer(self)
        self.typed_timer.setSingleShot(True)
        self.typed_timer.setInterval(TYPED_KEEP_MS)
        self.typed_timer.timeout.connect(self._keep_typed)
        self._typed_kept: dict[str, Any] = {}  # as last written
        self._typed_to_restore: dict[str, Any] | None = None  # read, waiting for the pack
        self._restoring = False
        top = QHBoxLayout()
        case_label = QLabel("&Case:")
        case_label.setBuddy(self.case_combo)  # Alt+C
        top.addWidget(case_label)
        top.addWidget(self.case_combo, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_scroll, 1)
        # Aligned, so the button's fixed height does not cap the row's (and the status's).
        bottom.addWidget(self.respond_button, 0, Qt.AlignmentFlag.AlignTop)
        # The banner and the notices, in an area that scrolls once it would take more than
        # a share of the window (_fit_notices): at 200 % on a laptop screen they left the
        # facts list two rows and pushed the status line off the window.
        notices = QWidget()
        notices_layout = QVBoxLayout(notices)
        notices_layout.setContentsMargins(0, 0, 0, 0)
        # The warnings first: at 200 % the area shows a few lines, and the four-eyes warning
        # under the banner was cut mid-line at its foot.
        for label in (self.self_review_notice, self.newer_notice, self.banner, self.pack_notes,
                      self.roles_notice):
            notices_layout.addWidget(label)
        self.notices_area = named_scroll(notices, "reviewNotices", "About this pack")
        self.notices_area.setFrameShape(QFrame.Shape.NoFrame)
        self.notices_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own
        self.notices_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notices_area)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.response_progress)
        layout.addLayout(bottom)
        # As in the case view: Alt+1…5 for the tabs, Ctrl+W closes the window.
        window_shortcuts(self, self.tabs)
        resize_to_screen(self, 900, 640)
        for edit in (self.propose_edit, self.field_comment_edit, self.doc_comment_edit,
                     self.case_comment_edit):
            edit.textChanged.connect(self._typed_changed)
        self.reasons_edit.textChanged.connect(self._typed_changed)
        # Reasons typed, or Approve chosen (no reasons needed), answer the message.
        self.reasons_edit.textChanged.connect(self._reasons_answered)
        self.approve_radio.toggled.connect(self._reasons_answered)
        self.approve_radio.toggled.connect(self._typed_changed)
        self.return_radio.toggled.connect(self._typed_changed)
        self._apply_roles()
        self.reload()
        username = actor.username
        self.calls.run(lambda _p: svc.typed_input(data_dir, pack_id, username),
                       self._restore_typed,
                       lambda exc: log.warning("typed review input not read: %s", exc))

    def _comment_entries(self) -> list[tuple[QLineEdit, QPushButton]]:
        return [(self.field_comment_edit, self.field_comment_button),
                (self.doc_comment_edit, self.doc_comment_button),
                (self.case_comment_edit, self.case_comment_button)]

    # -- the signed-in user -----------------------------------------------------------
    def _input_controls(self) -> list[QWidget]:
        """Everything that stores review input or answers the pack."""
        return [self.propose_edit, self.propose_button, self.clear_value_button,
                self.field_comment_edit,
                self.field_comment_button, self.doc_comment_edit, self.doc_comment_button,
                self.case_comment_edit, self.case_comment_button, self.approve_radio,
                self.return_radio, self.reasons_edit, self.recommend_button,
                self.respond_button]

    def set_actor(self, actor: Actor) -> None:
        """The session watch found other roles (ui.auth.UserFeatures, through the main
        window's roles_changed): the input follows them, a role given back included."""
        self.actor = actor
        self._apply_roles()

    def _apply_roles(self) -> None:
        why = refusal(self.actor, "review.respond")  # the service's own words
        comment_buttons = [button for _edit, button in self._comment_entries()]
        for control in self._input_controls():
            if control is self.respond_button and self.response_progress.running:
                continue  # enabled again, or not, when the response has been written
            tip = (COMMENT_TIP if control in comment_buttons
                   else PROPOSE_TIP if control is self.propose_button
                   else CLEAR_TIP if control is self.clear_value_button else "")
            set_available(control, why, tip)
        self.roles_notice.setText(
            f"<b>Read only:</b> {html.escape(why)} Your input so far is kept: add to it and "
            "send the response once an administrator gives the role back." if why else "")
        self.roles_notice.setVisible(bool(why))
        if hasattr(self, "notices_area"):  # not yet while the window is being built
            self._fit_notices()

    def changeEvent(self, event: QEvent) -> None:
        # As the main window and the case view: coming back may find the user changed.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.activated.emit()
        # Set only when it differs: setting a sheet sends another change event.
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "pack_notes") \
                and self.pack_notes.styleSheet() != (sheet := notes_style()):
            self.pack_notes.setStyleSheet(sheet)
        super().changeEvent(event)

    # -- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        data_dir, pack_id = self.data_dir, self.pack_id

        def work(_p: Any) -> PackStanding:
            view = svc.get_review(data_dir, pack_id)
            return pack_standing(view, svc.installation_identity(data_dir).fingerprint,
                                 svc.list_open_reviews(data_dir))

        self.calls.run(work, self._loaded,
                       lambda exc: show_error(self, "Could not open the review pack", exc))

    def note_reopened(self) -> None:
        """The reviewer opened this pack's file again: said, since nothing new was stored."""
        self.reopened = True
        self.pack_notes.setText(pack_notes_html(self.standing, reopened=True))
        self.pack_notes.setVisible(bool(self.pack_notes.text()))
        self._fit_notices()

    def _loaded(self, standing: PackStanding) -> None:
        view, self.own_fingerprint = standing.view, standing.own_fingerprint
        self.view, self.standing = view, standing
        self.newer_notice.setText(newer_notice_html(standing))
        self.newer_notice.setVisible(bool(standing.newer))
        self.pack_notes.setText(pack_notes_html(standing, reopened=self.reopened))
        self.pack_notes.setVisible(bool(self.pack_notes.text()))
        self.setWindowTitle(f"Review mode — pack from {view.sender_label or 'unknown'}")
        esc = html.escape
        self.banner.setText(
            f"<b>Review mode.</b> Pack {esc(view.pack_id[:8])} from <b>{esc(view.sender_label)}</b>, "
            f"exported {esc(readable_time(view.created_at))} by {esc(view.created_by_text)}. The cases are "
            "read-only here; your comments, proposed changes and recommendation go back in a "
            "signed response pack."
        )
        if view.sender_fingerprint == self.own_fingerprint and view.created_by == self.actor.username:
            self.self_review_notice.setText(
                "⚠ <b>Not an independent review:</b> you exported this pack yourself on this "
                "installation. The preparer's side will record your answer as a self-review.")
            self.self_review_notice.show()
        else:
            self.self_review_notice.hide()
        current = self.case_combo.currentData()
        self.case_combo.blockSignals(True)
        self.case_combo.clear()
        for c in view.cases:  # named as in Export review pack…: a reference alone says little
            self.case_combo.addItem(case_title(c), c.reference)
        if current:
            self.case_combo.setCurrentIndex(max(0, self.case_combo.findData(current)))
        self.case_combo.blockSignals(False)
        self._fit_notices()
        self._show_case()
        if self._typed_to_restore is not None:
            self._restore_typed(self._typed_to_restore)
        self.loaded.emit()

    def current_case(self) -> svc.ReviewCase | None:
        if self.view is None:
            return None
        ref = self.case_combo.currentData()
        return next((c for c in self.view.cases if c.reference == ref), None)

    def _show_case(self) -> None:
        self._keep_unsaved_recommendation()  # of the case shown until now
        case = self.current_case()
        if case is None:
            return
        another_case = case.reference != self._shown_reference
        if another_case:
            self._put_typed_aside()
            self._forget_tab_messages()
        proposals = {p.field_path: p.proposed_value for p in case.proposals}
        field_comments: dict[str, list[str]] = {}
        for c in case.comments:
            if c.field_path:
                field_comments.setdefault(c.field_path, []).append(f"{c.author_text}: {c.body}")
        selected = self.selected_field()
        # The same case read again (after every save): the list stays where it was
        # scrolled, rather than jumping to put the selected field at its foot.
        scrolled = None if another_case else self.facts_tree.verticalScrollBar().value()
        self.facts_tree.clear()
        for path, value in sorted(_leaves(case.facts), key=lambda leaf: form_order(leaf[0])):
            # The wizard's name for the field; the fact path stays in the tooltip.
            # Values in words; the stored form (the one to type a proposal in) in the tooltip.
            item = QTreeWidgetItem([field_label(path), readable_value(path, value),
                                    proposed_text(path, proposals[path], reviewer=True)
                                    if path in proposals else ""])
            item.setToolTip(0, path)
            item.setToolTip(1, _stored_tip(path, value))
            if path in proposals:
                item.setToolTip(2, "You propose to clear it" if proposals[path] is None
                                else f"You propose {_stored_tip(path, proposals[path])}"
                                + _place_advice(path, proposals[path]))
            item.setData(0, Qt.ItemDataRole.UserRole, path)
            if path in proposals:
                font = QFont()
                font.setBold(True)
                item.setFont(2, font)
            if said := field_comments.get(path):
                item.setText(3, str(len(said)))
                item.setToolTip(3, "\n".join(said))
            self.facts_tree.addTopLevelItem(item)
            if path == selected:
                self.facts_tree.setCurrentItem(item)
        for path in sorted(set(proposals) - {p for p, _ in _leaves(case.facts)}):
            item = QTreeWidgetItem([field_label(path), NOT_STATED,
                                    proposed_text(path, proposals[path], reviewer=True)])
            item.setToolTip(2, _place_advice(path, proposals[path]).strip())
            item.setData(0, Qt.ItemDataRole.UserRole, path)
            self.facts_tree.addTopLevelItem(item)
        if scrolled is not None:
            self.facts_tree.doItemsLayout()  # the scroll range of the new rows, now
            self.facts_tree.verticalScrollBar().setValue(scrolled)
        self._fit_field_column()
        self._show_documents(case)
        names = {d.id: d.file_name for d in case.documents}
        self.comment_list.clear()
        for c in case.comments:
            if c.field_path:
                where = field_label(c.field_path)
            elif c.document_id is not None:
                where = names.get(c.document_id, f"document {c.document_id} (not in this pack)")
            else:
                where = "the case"
            # On a shared laptop another user's comment goes in the response too, under
            # their name: "yours" only for the signed-in user's own.
            mark = ("from the pack" if c.origin != "review"
                    else "yours" if c.author == self.actor.username else "typed here, to send")
            self.comment_list.addItem(f"[{mark}] {c.author_text} on {where}: {c.body}")
        self.no_comments.setVisible(not case.comments)
        comments = len(case.comments)
        self.tabs.setTabText(self.tabs.indexOf(self.comments_page),
                             f"Commen&ts ({comments:,})" if comments else "Commen&ts")
        self.history.setPlainText(history_text(case))
        self.rec_heading.setText(f"<b>Your recommendation on {html.escape(case_title(case))}</b>")
        choice, reasons = self.unsaved_recommendations.get(case.reference,
                                                           _stored_recommendation(case))
        self.approve_radio.setAutoExclusive(False)
        self.return_radio.setAutoExclusive(False)
        self.approve_radio.setChecked(choice == "approve")
        self.return_radio.setChecked(choice == "return")
        self.approve_radio.setAutoExclusive(True)
        self.return_radio.setAutoExclusive(True)
        if self.reasons_edit.toPlainText() != reasons:  # the cursor stays where one types
            self.reasons_edit.setPlainText(reasons)
        self._shown_reference = case.reference
        self._form_filled_from = _stored_recommendation(case)
        if another_case:
            self._bring_back_typed(case.reference)

    def _put_typed_aside(self) -> None:
        """What is typed in the text fields, kept for the case shown until now (and the
        fields emptied): it is about that case, not the one shown next."""
        ref = self._shown_reference
        texts = {attr: getattr(self, attr).text() for _key, attr in TYPED_EDITS}
        if not ref or not any(text.strip() for text in texts.values()):
            return
        self.typed_by_case[ref] = (self.selected_field(), texts)
        for attr in texts:
            getattr(self, attr).clear()

    def _bring_back_typed(self, reference: str) -> None:
        """What was typed for `reference` before another case was chosen, back in its
        fields, with the field it was typed for selected again."""
        kept = self.typed_by_case.pop(reference, None)
        if kept is None:
            return
        path, texts = kept
        if path:
            with contextlib.suppress(KeyError):  # a field the case no longer lists
                self.select_field(path)
        for attr, text in texts.items():
            getattr(self, attr).setText(text)

    def _fit_field_column(self) -> None:
        tree = self.facts_tree
        wanted = tree.sizeHintForColumn(0) + tree.indentation()
        share = int(tree.viewport().width() * FIELD_COLUMN_SHARE)
        tree.header().resizeSection(0, max(min(wanted, share), min(wanted, 120)))
        header = tree.header()
        proposed = max(tree.sizeHintForColumn(2), header.sectionSizeHint(2))
        tree.header().resizeSection(
            2, min(proposed, max(int(tree.viewport().width() * PROPOSED_COLUMN_SHARE),
                                 header.sectionSizeHint(2))))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_field_column()
        self._fit_notices()

    def _fit_notices(self, height: int | None = None) -> None:
        """The notices area as tall as its text, up to a share of the window's height (or
        of `height`, the one it is about to have)."""
        area, content = self.notices_area, self.notices_area.widget()
        if content is None:
            return
        width = max(area.viewport().width(), 100)
        wanted = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        wanted = wanted if wanted > 0 else content.sizeHint().height()
        # Of the window's height, or of the screen's while the window is taller than it
        # (the notices themselves made it so: fixed, their height is the window's minimum).
        screen = self.screen()
        height = self.height() if height is None else height
        room = min(height, screen.availableGeometry().height()) if screen else height
        area.setFixedHeight(max(0, min(wanted, int(room * NOTICES_SHARE))))

    def _form_recommendation(self) -> tuple[str | None, str]:
        choice = ("approve" if self.approve_radio.isChecked()
                  else "return" if self.return_radio.isChecked() else None)
        return choice, self.reasons_edit.toPlainText()

    def _keep_unsaved_recommendation(self) -> None:
        """Remember the form of the case shown until now if it differs from what is stored
        for it (`self.view` may already be the reloaded one: a saved form matches it)."""
        ref = self._shown_reference
        case = next((c for c in self.view.cases if c.reference == ref), None) \
            if self.view is not None else None
        if case is None:
            return
        form = self._form_recommendation()
        # Unchanged since it was filled is not unsaved either: a recommendation stored
        # meanwhile from elsewhere (the command line) is shown, not overwritten by it.
        if (_same_recommendation(form, _stored_recommendation(case))
                or (self._form_filled_from is not None
                    and _same_recommendation(form, self._form_filled_from))):
            self.unsaved_recommendations.pop(case.reference, None)
        else:
            self.unsaved_recommendations[case.reference] = form

    def unsaved_input(self) -> list[str]:
        """What the reviewer chose or typed that is not stored, so would not go in a
        response, in words naming where to save it."""
        self._keep_unsaved_recommendation()
        unsaved = [f"the recommendation for {ref} (Recommendation tab: Save recommendation)"
                   for ref in sorted(self.unsaved_recommendations, key=reference_order)]
        # With several cases in the pack, which one the typing is for.
        of_case = (f" of {self._shown_reference}" if self.view is not None
                   and len(self.view.cases) > 1 and self._shown_reference else "")
        # And the field a value or comment on the Facts tab would be saved for: the one
        # selected now, which Save on closing uses.
        path = self.selected_field()
        for_field = f", for {field_label(path)}" if path else ""
        if self.propose_edit.text().strip():
            unsaved.append(f"the new value typed on the Facts tab{of_case}{for_field} "
                           "(Propose change)")
        for edit, tab, where in ((self.field_comment_edit, "Facts", for_field),
                                 (self.doc_comment_edit, "Documents", ""),
                                 (self.case_comment_edit, "Comments", "")):
            if edit.text().strip():
                unsaved.append(f"the comment typed on the {tab} tab{of_case}{where} (Comment)")
        unsaved += [f"what you typed for {ref}, kept while another case is shown (choose "
                    f"{ref} to see it)" for ref in sorted(self.typed_by_case, key=reference_order)]
        return unsaved

    def _show_documents(self, case: svc.ReviewCase) -> None:
        """The pack's documents, then those the sender withheld: listed so the reviewer
        knows they exist, greyed and never opened."""
        # The same case again (reloaded after a comment, say): the row stays selected, so
        # a second comment on the same document needs no second click.
        selected = _doc_key(self.doc_list.currentItem()) \
            if case.reference == self._shown_reference else None
        self.doc_list.clear()
        for doc in case.documents:
            # The type by the name the case view gives it, attachments too ("Post-transaction
            # organisation chart", not "org_chart"); the size with grouped digits.
            # A type nothing names in words, as the case view says it ("transaction
            # agreement", not the stored "transaction_agreement").
            name = (document_names().get(doc.doc_type) or KIND_NAMES.get(doc.doc_type)
                    or (document_type_name(doc.doc_type) if doc.doc_type else "document"))
            # A stored final as the case view's Documents tab says it ("US notification —
            # stored final"), set apart from the drafts rendered at export below.
            kind = f"{name} — stored final" if doc.is_rendering else name
            # The size as the case view's Documents tab says it ("48.6 KB"); exact in the tip.
            item = QListWidgetItem(f"{doc.file_name}  ({kind}, {size_text(doc.size)})")
            item.setData(Qt.ItemDataRole.UserRole, doc.id)
            item.setToolTip(f"{doc.size:,} bytes")
            if doc.withdrawal:  # withdrawn on the sender's case: still readable, struck out
                item.setText(f"{item.text()}  — {doc.withdrawal}")
                item.setToolTip(f"{doc.withdrawal}. It no longer counts as the case's "
                                f"evidence and no filing lists it. {doc.size:,} bytes.")
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
                item.setForeground(QBrush(QColor(secondary_text_colour())))  # as the case's
            self.doc_list.addItem(item)
        for draft in case.draft_renderings:
            stamp = readable_time(draft.generated_at)  # as the banner says the export's
            item = QListWidgetItem(f"{draft.file_name}  ({draft.label}, {counted(draft.pages, 'page')})")
            item.setData(Qt.ItemDataRole.UserRole, None)
            item.setData(DRAFT_ROLE, draft.kind)
            missing = (f" It marks {counted(len(draft.missing), 'missing field')}." if draft.missing
                       else "")
            item.setToolTip(f"The current draft of the {kind_name(draft.kind)}, rendered by the sender's "
                            f"installation when it wrote this pack ({stamp}); no final is "
                            f"stored yet.{missing} Content fingerprint {draft.fingerprint}.")
            self.doc_list.addItem(item)
        for name, sha256 in case.withheld_documents:
            item = QListWidgetItem(f"{name}  — {WITHHELD}")
            item.setData(Qt.ItemDataRole.UserRole, None)
            item.setData(WITHHELD_ROLE, name)
            # Greyed, yet 4.5:1 on the list (a mid grey was 4:1 on white and on dark).
            item.setForeground(QBrush(QColor(secondary_text_colour())))
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
            item.setToolTip(f"The sender keeps {name} restricted to named users, so it was not "
                            f"put in this pack and cannot be opened here. SHA-256 {sha256}.")
            self.doc_list.addItem(item)
        withheld, drafts = len(case.withheld_documents), len(case.draft_renderings)
        # Those in force, then those withdrawn: "2" read as two documents that count.
        ended = sum(1 for d in case.documents if d.withdrawal)
        parts = [str(len(case.documents) - ended)] if case.documents or not drafts else []
        parts += [f"{ended} withdrawn"] if ended else []
        parts += [counted(drafts, "draft filing")] if drafts else []
        parts += [f"{withheld} withheld"] if withheld else []
        self.tabs.setTabText(1, f"&Documents ({' + '.join(parts)})")
        if withheld:
            self.withheld_note.setText(
                f"{counted(withheld, 'restricted document')} of {case.reference} stayed with the sender "
                f"and {'is' if withheld == 1 else 'are'} listed only by name. A comment on one "
                "goes on the case, naming it.")
        elif not case.documents and not drafts:
            self.withheld_note.setText(f"The pack has no documents for {case.reference}.")
        else:
            self.withheld_note.setText("")
        self.withheld_note.setVisible(bool(self.withheld_note.text()))
        if selected is not None:
            again = next((self.doc_list.item(i) for i in range(self.doc_list.count())
                          if _doc_key(self.doc_list.item(i)) == selected), None)
            if again is not None:
                self.doc_list.setCurrentItem(again)
        self._update_doc_buttons()

    def selected_draft(self) -> svc.ReviewDraftRendering | None:
        """The draft rendering of the selected row, None for any other row."""
        case, item = self.current_case(), self.doc_list.currentItem()
        kind = None if item is None else item.data(DRAFT_ROLE)
        if case is None or kind is None:
            return None
        return next((d for d in case.draft_renderings if d.kind == kind), None)

    def withheld_name(self, item: QListWidgetItem | None) -> str | None:
        """The file name of a withheld document's row, None for a document in the pack."""
        return None if item is None else item.data(WITHHELD_ROLE)

    def _update_doc_buttons(self) -> None:
        item = self.doc_list.currentItem()
        withheld = self.withheld_name(item) is not None
        set_available(self.open_doc_button,
                      "Select a document in the list first." if item is None
                      else "Restricted by the sender: this document is not in the pack."
                      if withheld else "")

    def selected_field(self) -> str | None:
        item = self.facts_tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select_field(self, path: str) -> None:
        for i in range(self.facts_tree.topLevelItemCount()):
            item = self.facts_tree.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == path:
                self.facts_tree.setCurrentItem(item)
                return
        raise KeyError(path)

    # -- review input -----------------------------------------------------------------
    def _save(self, pending: _Pending) -> None:
        """Store one piece of review input; its `done_text` goes on the status line, with
        the tab it was typed on."""
        tab = self.tabs.currentIndex()

        def done(result: Any) -> None:
            if pending.clear is not None:
                pending.clear.clear()
            if pending.field_path is not None:
                self._refuse_proposal(None)
            text = pending.done_text
            self._say(text(result) if callable(text) else text, tab)
            self.saved.emit()
            self.reload()

        def failed(exc: BaseException) -> None:
            if pending.field_path is not None and isinstance(exc, InputError):
                # A value the service refuses (a place it cannot read): at the value field.
                self._refuse_proposal(pending.field_path, exc)
                return
            self._say(f"{pending.title}: nothing was saved.", tab)  # not a stale "Saved."
            show_error(self, pending.title, in_words(exc))  # "China turnover (RMB) (Target company)"

        actor = self.actor

        def work(session: Any) -> Any:
            # Kept in files, yet stored only for the user as they are now, as every save of
            # the main window: deactivated, the app signs out (account_revoked); a role
            # taken away is refused ("You no longer have the reviewer role").
            require(session, actor, "review.respond")
            return pending.fn()

        # Serialised with the other writes, so two quick saves never race on the file.
        self.calls.write(work, done, failed)

    def _say(self, text: str, tab: int) -> None:
        """`text` on the status line, about tab `tab`: shown while that tab is."""
        self._tab_said[tab] = text
        self.status.setText(text)

    def _status_for_tab(self, index: int) -> None:
        """On changing tab, the status line says what was last said about that tab (or
        nothing); a message about the whole pack (where the response was written) stays,
        and what was said about the tabs before it is past."""
        shown = self.status.text()
        if shown and shown not in self._tab_said.values():
            self._tab_said.clear()
            return
        self.status.setText(self._tab_said.get(index, ""))

    def _forget_tab_messages(self) -> None:
        """Another case shown: what was said about the tabs was about the case before it
        ("AP-…: Choose approve or return." came back on the next case's Recommendation
        tab), so it goes; a message about the whole pack stays."""
        self._refuse_reasons("")  # about the reasons of the case before
        if self.status.text() in self._tab_said.values():
            self.status.clear()
        self._tab_said.clear()

    def _hint_value(self) -> None:
        """What to type for the field chosen, in the value field (and whole in its tooltip:
        at 200 % a field's choices are cut short)."""
        hint = proposal_hint(self.selected_field())
        self.propose_edit.setPlaceholderText(hint)
        self.propose_edit.setToolTip(hint)

    def propose(self) -> None:
        if (pending := self._proposal()) is not None:
            self._save(pending)

    def propose_clear(self) -> QMessageBox | None:
        """Propose the selected field be emptied (typing null still does the same). Over a
        value proposed for the field already, asked first: Clear value is the next stop
        after Propose change, and Enter on it replaced a proposal typed before (Cancel is
        the default). Returns the question, when asked."""
        case, path = self.current_case(), self.selected_field()
        earlier = next((p.proposed_value for p in case.proposals if p.field_path == path),
                       None) if case is not None and path is not None else None
        if path is None or earlier is None or not may_clear(path):
            # Nothing to replace, or refused anyway: said as before.
            if (pending := self._proposal(clear=True)) is not None:
                self._save(pending)
            return None
        box = QMessageBox(self)
        box.setObjectName("clearProposedValue")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Clear value")
        box.setText(f"Propose to clear {field_label(path)}? This replaces your "
                    f"{own_proposal_words(path, earlier)}.")
        clear = box.addButton("C&lear value", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)

        def answered(_result: int) -> None:
            if box.clickedButton() is clear and (pending := self._proposal(clear=True)):
                self._save(pending)

        box.finished.connect(answered)
        self.clear_box = box
        box.open()
        return box

    def _proposal(self, *, clear: bool = False) -> _Pending | None:
        """The typed new value (or, to clear, none) as a call storing it; None when it
        cannot be (said why)."""
        case, path, text = self.current_case(), self.selected_field(), self.propose_edit.text()
        if case is None or path is None:
            self._say("Select the field to change first.", FACTS_TAB)
            return None
        if clear:
            value: Any = None
        elif not text.strip():
            self._say("Type the new value first, or use Clear value to empty the field.",
                      FACTS_TAB)
            # Where to type it: Propose change (Alt+P) left the focus on the button.
            self.propose_edit.setFocus()
            return None
        else:
            value = self._typed_value(case, path, text)
            if value is _UNREAD:
                return None
        if value is None and not may_clear(path):
            # At the value field, as any other refused value (and said on the status line).
            self._refuse_proposal(path, InputError(Problem(path, svc.CANNOT_BE_EMPTY)))
            self._say(f"{field_label(path)} cannot be left empty: type its new value "
                      "instead. Nothing was saved.", FACTS_TAB)
            return None
        data_dir, pack_id, actor, ref = self.data_dir, self.pack_id, self.actor, case.reference
        label = field_label(path)
        # The proposal the pack's value takes back, said by its value (it went without a
        # word: the next import then said the reviewer "no longer proposes" it).
        earlier = next((p for p in case.proposals if p.field_path == path), None)

        def said(draft: svc.ReviewProposalDraft | None) -> str:
            if draft is None:  # the exported value again: the proposal is withdrawn
                withdrawn = (f" Your {own_proposal_words(path, earlier.proposed_value)} is "
                             "withdrawn." if earlier is not None else "")
                return f"{label}: back to the value in the pack; no change proposed.{withdrawn}"
            done = (f"Proposed to clear {label}." if draft.proposed_value is None
                    else sentence_ended(
                        f"Proposed {label}: {readable_value(path, draft.proposed_value)}"))
            if draft.replaced:  # another user of this laptop had proposed another value
                who, before = draft.replaced
                done += (f" This replaces {who}'s proposal "
                         f"({proposed_text(path, before, reviewer=True)}) in this pack.")
            elif draft.replaced_own:  # said, not gone without a word (25,000,000 by Clear value)
                done += f" This replaces your {own_proposal_words(path, draft.replaced_own[0])}."
            return done + to_check_words(draft.to_check)

        return _Pending(lambda: svc.propose_change(data_dir=data_dir, pack_id=pack_id,
                                                   reference=ref, field_path=path, value=value,
                                                   actor=actor),
                        "Could not propose the change", self.propose_edit, said,
                        field_path=path)

    def _typed_value(self, case: svc.ReviewCase, path: str, text: str) -> Any:
        """The value typed for `path` (JSON, or as the field shows it); _UNREAD when it
        cannot be read (said why). JSON of a kind the field never holds is read as the
        field shows it: "6" typed for a date was the number 6, refused as "must be text in
        quotes, or null when not known (got 6)" instead of "'6' is not a date"."""
        try:
            parsed = json.loads(text)
            if not json_fits(path, parsed):
                raise ValueError(text)
            return coded(path, parsed)
        except InputError as exc:  # a choice named in JSON that the field does not have
            self._refuse_proposal(path, exc)
            return _UNREAD
        except ValueError:
            # Plain text for a text field needs no quotes; a list or object typed wrongly is
            # still refused here, and the field's type is checked by the service.
            if text.strip()[:1] in "[{":
                self._refuse_proposal(path, InputError(Problem(
                    path, 'write a list as ["a", "b"], with text in quotes')))
                return _UNREAD
            try:
                return typed_proposal(path, text, case.facts)
            except InputError as exc:
                self._refuse_proposal(path, exc)
                return _UNREAD

    def _refuse_proposal(self, path: str | None, exc: InputError | None = None) -> None:
        """Say why the value typed for `path` is refused under the value field, with the
        field and why on the status line, the typing kept and the cursor back in it (as
        the wizard says a problem at its field); with no path, take the message away."""
        if path is None or exc is None:
            if self.propose_error.isVisible() or self.propose_error.text():
                self.propose_error.clear()
                self.propose_error.hide()
                self.propose_edit.setAccessibleDescription("")
                # The status line's copy goes with it: "Could not propose the change to
                # Signing date" stayed below while another field was chosen or retyped.
                if self.status.text() == self._tab_said.get(FACTS_TAB) \
                        and self.status.text().startswith(PROPOSAL_REFUSED):
                    self._say("", FACTS_TAB)
            return
        # The value field's own problem in its words; another field's (the facts with the
        # change would break it) by that field's name.
        why = "; ".join(p.message if p.path in ("", path) else f"{field_label(p.path)}: {p.message}"
                        for p in exc.problems) or str(exc)
        self.propose_error.setText(why)
        self.propose_error.show()
        self.propose_edit.setAccessibleDescription(f"Problem: {why}")
        self.tabs.setCurrentIndex(FACTS_TAB)
        self._say(f"{PROPOSAL_REFUSED}{field_label(path)}: "
                  f"{sentence_ended(why)} Nothing was saved.", FACTS_TAB)
        self.propose_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _comment(self, edit: QLineEdit, done_text: str = "Comment saved.", prefix: str = "",
                 **where: Any) -> _Pending | None:
        """The comment typed in `edit` (after `prefix`) as a call storing it."""
        case, body = self.current_case(), edit.text().strip()
        if case is None:
            return None
        if not body:
            # Comment pressed (Alt+M) on an empty field did nothing at all: the field has
            # no Alt key of its own, so the keyboard's way to it is the cursor put there.
            tab = {self.field_comment_edit: FACTS_TAB,
                   self.doc_comment_edit: DOCUMENTS_TAB}.get(edit, COMMENTS_TAB)
            self._say("Type the comment first, then press Comment. Nothing was saved.", tab)
            edit.setFocus()
            return None
        body = prefix + body
        data_dir, pack_id, actor, ref = self.data_dir, self.pack_id, self.actor, case.reference
        return _Pending(lambda: svc.add_review_comment(data_dir=data_dir, pack_id=pack_id,
                                                       reference=ref, body=body, actor=actor,
                                                       **where),
                        "Could not save the comment", edit, done_text)

    def comment_on_field(self) -> None:
        if (pending := self._field_comment()) is not None:
            self._save(pending)

    def _field_comment(self) -> _Pending | None:
        path = self.selected_field()
        if path is None:
            self._say("Select the field to comment on first.", FACTS_TAB)
            return None
        return self._comment(self.field_comment_edit, f"Comment on {field_label(path)} saved.",
                             field_path=path)

    def comment_on_document(self) -> None:
        if (pending := self._document_comment()) is not None:
            self._save(pending)

    def _document_comment(self) -> _Pending | None:
        item = self.doc_list.currentItem()
        if item is None:
            self._say("Select the document to comment on first.", DOCUMENTS_TAB)
            return None
        withheld = self.withheld_name(item)
        if withheld is not None:
            # Not in the pack, so the response cannot point at it: the comment goes on the
            # case and names the document.
            return self._comment(self.doc_comment_edit,
                                 done_text=f"Saved as a comment on the case naming {withheld} "
                                           "(it is not in this pack).",
                                 prefix=f"On the withheld document {withheld}: ")
        draft = self.selected_draft()
        if draft is not None:
            # Not a document of the preparer's case: the comment goes on the case, naming
            # the draft and the content it was about (its fingerprint).
            return self._comment(self.doc_comment_edit,
                                 done_text=f"Saved as a comment on the case naming the draft "
                                           f"{kind_name(draft.kind)}.",
                                 prefix=f"On the draft {kind_name(draft.kind)} rendered at "
                                        f"export (fingerprint {draft.fingerprint[:16]}): ")
        doc_id = int(item.data(Qt.ItemDataRole.UserRole))
        case = self.current_case()
        name = next((d.file_name for d in case.documents if d.id == doc_id), "the document") \
            if case is not None else "the document"
        return self._comment(self.doc_comment_edit, f"Comment on {name} saved.",
                             document_id=doc_id)

    def comment_on_case(self) -> None:
        if (pending := self._case_comment()) is not None:
            self._save(pending)

    def _case_comment(self) -> _Pending | None:
        return self._comment(self.case_comment_edit, "Comment on the case saved.")

    def open_document(self) -> None:
        case, item = self.current_case(), self.doc_list.currentItem()
        if case is None or item is None:
            return
        withheld = self.withheld_name(item)
        if withheld is not None:
            self._say(f"{withheld} is {WITHHELD}; it cannot be opened here. Ask the "
                      "sender if you need to see it.", DOCUMENTS_TAB)
            return
        draft = self.selected_draft()
        doc_id = item.data(Qt.ItemDataRole.UserRole)
        doc = draft or next((d for d in case.documents if d.id == doc_id), None)
        if doc is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(doc.path))):
            self._say(f"No program here opens {doc.file_name}; the verified copy "
                      f"is at {doc.path}.", DOCUMENTS_TAB)

    def recommend(self) -> None:
        case = self.current_case()
        if case is None:
            return
        pending = self._recommendation(case.reference, self._form_recommendation())
        if pending is not None:
            self._save(pending)

    def _recommendation(self, ref: str, form: tuple[str | None, str]) -> _Pending | None:
        """Case `ref`'s recommendation as a call storing it; None when it cannot be stored
        as it is: said, on that case's Recommendation tab."""
        choice, reasons = form
        no_reasons = choice == "return" and not reasons.strip()
        problem = ("Choose approve or return." if choice is None
                   # Said where the reasons go, rather than the service's "reasons: …" in a box.
                   else REASONS_FIRST if no_reasons else "")
        if problem:
            if self.case_combo.currentData() != ref:
                self.case_combo.setCurrentIndex(self.case_combo.findData(ref))
            self.tabs.setCurrentIndex(RECOMMENDATION_TAB)
            self._say(problem if self.view is None or len(self.view.cases) == 1
                      else f"{ref}: {problem}", RECOMMENDATION_TAB)
            if no_reasons:  # after the case switch above, which takes messages away
                self._refuse_reasons(REASONS_FIRST)
            (self.reasons_edit if choice else self.approve_radio).setFocus()
            return None
        data_dir, pack_id, actor = self.data_dir, self.pack_id, self.actor
        return _Pending(lambda: svc.set_recommendation(data_dir=data_dir, pack_id=pack_id,
                                                       reference=ref, recommendation=str(choice),
                                                       reasons=reasons, actor=actor),
                        "Could not save the recommendation", None,
                        f"Recommendation for {ref} saved: {recommended(str(choice))}.")

    def _refuse_reasons(self, text: str) -> None:
        """`text` under the Reasons box (also told to a screen reader with the box); ""
        takes it away."""
        self.reasons_error.setText(text)
        self.reasons_error.setVisible(bool(text))
        self.reasons_edit.setAccessibleDescription(f"Problem: {text}" if text else "")

    def _reasons_answered(self) -> None:
        """Reasons typed (or Approve chosen): the message under the box goes, and its copy
        on the status line with it, as a retyped proposal's does."""
        if not self.reasons_error.text():
            return
        self._refuse_reasons("")
        said = self._tab_said.get(RECOMMENDATION_TAB, "")
        if said.endswith(REASONS_FIRST):  # "AP-…: Type your reasons first…" too
            if self.status.text() == said:
                self.status.clear()
            self._tab_said.pop(RECOMMENDATION_TAB, None)

    # -- response ---------------------------------------------------------------------
    def ask_to_export_response(self) -> QFileDialog | QMessageBox:
        """Export response pack…: input not saved yet is named first, since the response
        holds only what is saved (a recommendation chosen but not saved, say)."""
        unsaved = self.unsaved_input()
        if not unsaved:
            return self._ask_without_recommendation()
        box = QMessageBox(self)
        box.setObjectName("unsavedReviewInput")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Not saved yet")
        box.setText("Not saved yet, so not in the response:")
        # A recommendation chosen for each of 40 cases, unsaved: a line each.
        put_long_report(box, [f"• {item}" for item in unsaved],
                        after="\n\nSave it first, or export the response without it "
                              "(what you typed stays here).")
        export = box.addButton("&Export without it", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self._ask_without_recommendation()
                             if box.clickedButton() is export else None)
        box.open()
        return box

    def cases_without_recommendation(self) -> list[str]:
        """The pack's cases with no recommendation saved (one chosen and not saved is
        named among the unsaved input instead)."""
        if self.view is None:
            return []
        return [c.reference for c in self.view.cases if c.recommendation is None
                and c.reference not in self.unsaved_recommendations]

    def _ask_without_recommendation(self) -> QFileDialog | QMessageBox:
        """A reviewer who forgot to recommend is asked before the response is written:
        the preparer would see none, and nothing said so (Cancel is the default)."""
        missing = self.cases_without_recommendation()
        if not missing:
            return self._choose_response_file()
        several = self.view is not None and len(self.view.cases) > 1
        box = QMessageBox(self)
        box.setObjectName("noRecommendation")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("No recommendation")
        box.setText("Export without a recommendation"
                    + (f" for {', '.join(missing)}" if several else "")
                    + "? The preparer will see none.")
        box.setInformativeText("Choose Approve or Return to the preparer on the Recommendation "
                               "tab and save it first, or export now: a later response sends "
                               "everything again, with the recommendation.")
        export = box.addButton("&Export anyway", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self._choose_response_file()
                             if box.clickedButton() is export else None)
        self.no_recommendation_box = box
        box.open()
        return box

    def _choose_response_file(self) -> QFileDialog:
        refs = [c.reference for c in self.view.cases] if self.view is not None else []
        name = suggested_name(REVIEW_PACKS, *case_parts("review-response", refs))
        return ask_save_file(self, RESPONSE_PACKS, title="Save response pack", name=name,
                             data_dir=self.data_dir, chosen=self.export_response)

    def export_response(self, out: Path) -> None:
        if self.response_progress.running:
            return
        data_dir, pack_id, actor = self.data_dir, self.pack_id, self.actor
        panel = self.response_progress
        self.respond_button.setEnabled(False)
        height = self.height()  # the panel makes a window at its smallest grow

        def work(session: Any, progress: Progress) -> tuple[svc.ResponseResult, str]:
            check_output(out)  # a locked USB stick said before the work
            report, cancelled = service_callbacks(progress)
            result = svc.export_response_pack(session, data_dir=data_dir, pack_id=pack_id,
                                              out=out, actor=actor, progress=report,
                                              cancelled=cancelled)
            # The key that signed it, to read out: the key file, read off the GUI thread.
            return result, svc.installation_identity(data_dir).fingerprint_grouped

        def ended(text: str = "") -> None:
            _end_panel(panel, text)
            self._back_to_height(height)
            self._apply_roles()  # enabled again if the roles still answer packs
            if self._close_when_ended:  # closed while writing: the cancel has landed
                self.close()

        def done(written: tuple[svc.ResponseResult, str]) -> None:
            result, fingerprint = written
            ended()
            # Where it is and what happens next: a new reviewer did not know either. The
            # fingerprint too: the preparer's import refuses a key not trusted yet and asks
            # them to compare it with the reviewer, who had to look it up elsewhere.
            sender = self.view.sender_label if self.view is not None else ""
            self.status.setText(f"Wrote the response pack {result.path.name} in "
                                f"{result.path.parent}: "
                                f"{counted(result.comments, 'comment')}, "
                                f"{counted(result.proposals, 'proposed change')}, "
                                f"{counted(result.recommendations, 'recommendation')}. Send it to "
                                f"{sender or 'the sender'}, who imports it with Review → Import "
                                "response… You can go on reviewing: a later response sends all "
                                "your input again, and the preparer's side adds only what is new. "
                                f"If {sender or 'the sender'} does not trust this installation's "
                                f"key yet, {FINGERPRINT_TO_READ}{fingerprint}.")
            if not self._close_when_ended:
                self.reload()  # the window now says a response was sent from this pack
            self.response_exported.emit(result)

        def failed(exc: BaseException) -> None:
            if is_cancelled(exc):
                self.status.setText("")
                ended(RESPONSE_CANCELLED)
                self.response_cancelled.emit()
                return
            ended()
            if isinstance(exc, InputError) and [p.path for p in exc.problems] == ["review"]:
                # Nothing saved to send: said where the reviewer works, with what to do,
                # not in a box as "review: there is no review input to send yet (…)".
                self.status.setText(
                    f"Nothing to send yet, so {out.name} was not written: a response holds "
                    "the comments you add, the changes you propose and your recommendation, "
                    "once saved (Comment, Propose change, Save recommendation).")
                return
            show_error(self, "Could not write the response pack", exc)

        task = self.calls.session_task(work, done, failed, panel.update_progress, write=True)
        panel.start(task, f"Writing {out.name}…")

    def _back_to_height(self, height: int) -> None:
        """The window as tall as `height` again once what made it grow has gone: at 200 %
        on a laptop the response's progress panel grew a window at its smallest, and it
        stayed taller than the screen."""
        if self.isMaximized() or self.isFullScreen() or self.height() <= height:
            return
        self._fit_notices(height)  # their share of the height to come, not of this one
        if (layout := self.layout()) is not None:
            layout.activate()  # the smaller minimum without the panel, now
        self.resize(self.width(), max(height, self.minimumSizeHint().height()))

    # -- typed input kept ---------------------------------------------------------------
    def _typed_changed(self) -> None:
        if not self._restoring:
            self.typed_timer.start()  # kept a moment after the typing stops

    def typed_snapshot(self) -> dict[str, Any]:
        """What is typed or chosen but not saved, with where it belongs (empty if none)."""
        typed: dict[str, Any] = {}
        for key, edit in TYPED_EDITS:
            text = getattr(self, edit).text()
            if text.strip():
                typed[key] = text
        if typed:
            typed["reference"] = self._shown_reference
            typed["field"] = self.selected_field()
            row = _doc_key(self.doc_list.currentItem())
            typed["document"] = list(row) if row is not None else None
        if self._shown_reference is not None:
            self._keep_unsaved_recommendation()
        if self.unsaved_recommendations:
            typed["recommendations"] = {ref: list(form) for ref, form
                                        in sorted(self.unsaved_recommendations.items())}
        return typed

    def _keep_typed(self, typed: dict[str, Any] | None = None) -> None:
        """Write what is typed (or `typed`) if it changed since last kept; serialised with
        the saves, so an older snapshot never lands after a newer one."""
        self.typed_timer.stop()
        if self.view is None and typed is None:
            return  # not shown yet: nothing typed
        typed = self.typed_snapshot() if typed is None else typed
        if typed == self._typed_kept:
            return
        self._typed_kept = typed
        data_dir, pack_id, username = self.data_dir, self.pack_id, self.actor.username
        # The runner itself, not self.calls: the last one is written as the window goes.
        self.runner.write(
            lambda _s: svc.keep_typed_input(data_dir=data_dir, pack_id=pack_id,
                                            username=username, typed=typed),
            None, lambda exc: log.warning("typed review input not kept: %s", exc))

    def _restore_typed(self, typed: dict[str, Any]) -> None:
        """Fill in what was typed but not saved when review mode last closed without
        asking (the app ended, or the user was signed out), and say so."""
        if not typed:
            self._typed_to_restore = None
            return
        if self.view is None:  # the pack is still being read: once it is (_loaded)
            self._typed_to_restore = typed
            return
        self._typed_to_restore = None
        if self.typed_snapshot():  # typed already in this session: not overwritten
            return
        self._restoring = True
        try:
            refs = {c.reference for c in self.view.cases}
            for ref, form in (typed.get("recommendations") or {}).items():
                if ref in refs and isinstance(form, list) and len(form) == 2:
                    self.unsaved_recommendations.setdefault(ref, (form[0], str(form[1] or "")))
            ref = typed.get("reference")
            index = self.case_combo.findData(ref) if ref in refs else -1
            # The form as shown is not the reviewer's: it takes the restored recommendation
            # instead of being kept as one.
            self._shown_reference = None
            if index >= 0 and index != self.case_combo.currentIndex():
                self.case_combo.setCurrentIndex(index)  # shows that case
            else:
                self._show_case()
            if typed.get("field"):
                with contextlib.suppress(KeyError):  # a field the pack no longer has
                    self.select_field(str(typed["field"]))
            document = typed.get("document")
            for i in range(self.doc_list.count()):
                if document is not None and list(_doc_key(self.doc_list.item(i)) or ()) == document:
                    self.doc_list.setCurrentRow(i)
            for key, edit in TYPED_EDITS:
                if isinstance(typed.get(key), str):
                    getattr(self, edit).setText(typed[key])
        finally:
            self._restoring = False
        self._typed_kept = typed
        restored = self.unsaved_input()
        if restored:
            self.status.setText(
                "Filled in again from when review mode last closed without saving it (the "
                "app ended, or you were signed out): " + "; ".join(restored)
                + ". Save it, or clear it.")

    # -- closing ----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing while the response is written cancels it; the window goes once it has
        # stopped, so no half-written file is left behind it.
        if self.response_progress.running:
            self._close_when_ended = True
            self.response_progress.cancel()
            event.ignore()
            return
        if self._saving_to_close:  # Save was chosen: the window goes once all is stored
            event.ignore()
            return
        # Typed or chosen but not stored: asked first, as the case editor asks. Not when
        # the window is hidden: signing out hid it, and nobody is there to answer.
        if not self._close_answered and self.isVisible() and (unsaved := self.unsaved_input()):
            event.ignore()
            self.ask_to_close(unsaved)
            return
        # Kept for the next time if nobody was asked (signing out hid the window); once
        # discarded or saved, nothing is left to keep.
        self._keep_typed({} if self._discarded else None)
        super().closeEvent(event)
        self.closed.emit()

    def discard_on_close(self) -> None:
        """Close without asking and without keeping the typing: the user discarded it
        elsewhere (Users ▸ Sign out's question calls this on every window that has it)."""
        self._close_answered = self._discarded = True

    def ask_to_close(self, unsaved: list[str]) -> QMessageBox:
        """Save / Discard / Cancel for the input not stored yet (without blocking). Without
        the role that answers packs there is nothing to save with: Discard / Cancel."""
        if self.close_box is not None and self.close_box.isVisible():
            self.close_box.raise_()
            return self.close_box
        why = refusal(self.actor, "review.respond")
        Button = QMessageBox.StandardButton
        buttons = Button.Discard | Button.Cancel | (Button.NoButton if why else Button.Save)
        box = QMessageBox(QMessageBox.Icon.Question, "Unsaved review input",
                          "Close without your unsaved review input?" if why
                          else "Save your review input before closing?", buttons, self)
        box.setObjectName("closeWithUnsavedReviewInput")
        # The words the text names ("Discard drops it"), each with its Alt key: Qt's own
        # labels follow the desktop, and under GNOME Discard read "Close without Saving".
        for button, text in ((Button.Save, "&Save"), (Button.Discard, "&Discard"),
                             (Button.Cancel, "&Cancel")):
            if (shown := box.button(button)) is not None:
                shown.setText(text)
        put_long_report(box, [f"• {item}" for item in unsaved],  # a line a case, as above
                        before="" if why else "Not saved yet:\n",
                        after=f"\n\nIt cannot be saved now: {why}" if why
                        else "\n\nSave stores it with this pack, for your next response pack. "
                             "Discard drops it.")
        box.setDefaultButton(Button.Cancel if why else Button.Save)
        box.setEscapeButton(Button.Cancel)

        def answered(button: Any) -> None:
            chosen = box.standardButton(button)
            if chosen == Button.Save:
                self.save_and_close()
            elif chosen == Button.Discard:
                self._close_answered = self._discarded = True
                self.close()
            else:
                self.close_kept.emit()

        box.buttonClicked.connect(answered)
        box.open()
        self.close_box = box
        return box

    def _pending_input(self) -> list[_Pending] | None:
        """Every piece of input not stored yet as a call storing it; None when one cannot
        be stored as it is (said, on its tab, with the focus in it)."""
        pending: list[_Pending] = []
        if self.typed_by_case and self.view is not None:
            # Typed for another case: that case shown with it, to check and save there
            # (stored from here it would go on the case shown now).
            ref = min(self.typed_by_case, key=reference_order)
            index = self.case_combo.findData(ref)
            if index >= 0:
                self.case_combo.setCurrentIndex(index)
                self._say(f"What you typed for {ref} is shown again: propose or comment "
                          "there (or clear it), then close.", FACTS_TAB)
                self.tabs.setCurrentIndex(FACTS_TAB)
                return None
            self.typed_by_case.pop(ref)  # the case is no longer in the pack
        # The current case's first: a recommendation of another case shows that case.
        for edit, make, tab in (
                (self.propose_edit, self._proposal, FACTS_TAB),
                (self.field_comment_edit, self._field_comment, FACTS_TAB),
                (self.doc_comment_edit, self._document_comment, DOCUMENTS_TAB),
                (self.case_comment_edit, self._case_comment, COMMENTS_TAB)):
            if not edit.text().strip():
                continue
            if (made := make()) is None:
                self.tabs.setCurrentIndex(tab)
                edit.setFocus()
                return None
            pending.append(made)
        self._keep_unsaved_recommendation()
        for ref, form in sorted(self.unsaved_recommendations.items(),
                                key=lambda item: reference_order(item[0])):
            if (made := self._recommendation(ref, form)) is None:
                return None
            pending.append(dataclasses.replace(made, reference=ref))
        return pending

    def save_and_close(self) -> None:
        """Store all unsaved input in one write, then close. If a piece is refused, what
        was stored before it stays stored, and the window stays open on the rest."""
        pending = self._pending_input()
        if pending is None:
            self.close_kept.emit()
            return
        self._saving_to_close = True
        self.status.setText("Saving your review input…")
        stored: list[_Pending] = []  # filled on the worker, read once the task has ended
        actor = self.actor

        def work(session: Any) -> None:
            require(session, actor, "review.respond")
            for piece in pending:
                piece.fn()
                stored.append(piece)

        def forget_stored() -> None:
            for piece in stored:
                if piece.clear is not None:
                    piece.clear.clear()
                if piece.reference is not None:
                    self.unsaved_recommendations.pop(piece.reference, None)

        def done(_r: Any) -> None:
            forget_stored()
            self._saving_to_close = False
            self._close_answered = True
            self.saved.emit()
            self.close()

        def failed(exc: BaseException) -> None:
            forget_stored()
            self._saving_to_close = False
            refused = pending[len(stored)] if len(stored) < len(pending) else None
            title = refused.title if refused is not None else "Could not save your review input"
            saved = (f"{counted(len(stored), 'piece')} of your input saved, the rest"
                     if stored else "Nothing saved: your input")
            kept = (f"{saved} is still here, and the window stays open: correct it and close "
                    "again, or Discard.")
            if refused is not None and refused.field_path is not None \
                    and isinstance(exc, InputError):
                # A value the service refuses: said at the value field, as when proposed
                # with Propose change, rather than in a box. The proposal is stored first,
                # so nothing was stored before it: no reload (it would rebuild the list of
                # fields and take the message away).
                self._refuse_proposal(refused.field_path, exc)
                said = self.status.text().removesuffix(" Nothing was saved.")
                self.status.setText(f"{said} {kept}")
                if stored:
                    self.reload()
            else:
                self.status.setText(f"{title}. {kept}")
                show_error(self, title, in_words(exc))
                self.reload()
            self.close_kept.emit()

        self.calls.write(work, done, failed)


class OpenedPacksDialog(QDialog):
    """The review packs opened on this installation; double-click to continue reviewing."""

    chosen = Signal(str)

    def __init__(self, runner: TaskRunner, data_dir: DataDir,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calls = runner.bound_to(self)  # results for a closed window are dropped
        self.setObjectName("openedPacksDialog")
        self.setWindowTitle("Review packs opened here")
        self.packs = QListWidget()
        self.packs.setObjectName("openedPacksList")
        self.packs.setAccessibleName("Review packs opened here")
        # Whole lines, wrapped: the note on which of two packs is newer ends each line, and
        # a horizontal scroll bar hid it.
        self.packs.setWordWrap(True)
        self.packs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.packs.itemActivated.connect(self._choose)
        self.packs.currentItemChanged.connect(lambda item, _old: self._update_button(item))
        self.open_button = QPushButton("&Review")
        self.open_button.setObjectName("openedPackReviewButton")
        self.open_button.setDefault(True)
        set_available(self.open_button, "Choose a pack in the list first.")
        self.open_button.clicked.connect(self._review_current)
        close = QPushButton("C&lose")  # Alt+L: every button has its Alt key
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Your review input is kept with each pack: choose one to go on "
                                "reviewing it or to send another response."))
        layout.addWidget(self.packs, 1)
        layout.addLayout(buttons)
        resize_to_screen(self, 860, 360)
        self.calls.run(lambda _p: svc.list_open_reviews(data_dir), self._show,
                   lambda exc: show_error(self, "Could not list the review packs", exc))

    def _show(self, rows: list[svc.ReviewSummary]) -> None:
        for r in rows:
            # As the review window says it: which of two packs of a case is the newer one.
            older = older_packs(r.pack_id, rows)
            # The pack's short id, as the notes name the other pack by it.
            item = QListWidgetItem(f"{', '.join(r.references)} — from {r.sender_label}, opened "
                                   f"{readable_time(r.opened_at)} as pack {r.pack_id[:8]}"
                                   f"{' (answered)' if r.responded else ''}"
                                   + "".join(f" — {ref}: newer pack {pid[:8]}"
                                             for ref, pid in r.newer)
                                   + "".join(f" — {ref}: newer than pack {pid[:8]}"
                                             for ref, pid in older))
            item.setData(Qt.ItemDataRole.UserRole, r.pack_id)
            self.packs.addItem(item)
        if rows:
            self.packs.setCurrentRow(0)  # the latest opened: Review goes straight back to it
        else:
            self.packs.addItem("No review packs opened here yet.")
            self._update_button(self.packs.item(0))

    def _update_button(self, item: QListWidgetItem | None) -> None:
        if item is None:
            why = "Choose a pack in the list first."
        elif not item.data(Qt.ItemDataRole.UserRole):  # the "none yet" line
            why = "No review pack has been opened here yet (Review → Open review pack (review mode)…)."
        else:
            why = ""
        set_available(self.open_button, why)

    def _review_current(self) -> None:
        item = self.packs.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        pack_id = item.data(Qt.ItemDataRole.UserRole)
        if pack_id:
            self.chosen.emit(pack_id)
            self.accept()


# ---------------------------------------------------------------------------------------
# The per-field diff (the preparer's installation)


class OneLineDelegate(QStyledItemDelegate):
    """Cells on one line, cut with "…" (whole in their tooltips), except in the columns
    `wrapping`: once a field's name made a row two lines tall, a cut value wrapped onto
    both lines too ("Ex… / Ro…"), read as two words."""

    def __init__(self, wrapping: Sequence[int], parent: QObject | None = None, *,
                 compared: Sequence[int] = ()) -> None:
        super().__init__(parent)
        self.wrapping = frozenset(wrapping)
        self.compared = frozenset(compared)

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if index.column() not in self.wrapping:
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
            # Values read side by side are cut in the middle: three names that differ only
            # at their ends ("Golden Gate Seed Partners LP" / "… II LP") read the same cut
            # at the right.
            option.textElideMode = (Qt.TextElideMode.ElideMiddle
                                    if index.column() in self.compared
                                    else Qt.TextElideMode.ElideRight)


class ProposalsDialog(QDialog):
    """Proposed changes, field by field: exported, current and proposed values side by
    side; conflicts highlighted; accepting over a changed value asks first."""

    COLUMNS = ("Case", "Field", "When exported", "Current value", "Proposed", "Reviewer", "Status",
               "Other proposals")
    loaded = Signal()
    decided = Signal(object)  # svc.ProposalView
    # The service refused the signed-in user (a role taken away since this dialog last
    # heard): the Review menu has the session watch read the user again.
    refused = Signal()

    def __init__(self, runner: TaskRunner, actor: Actor, data_dir: DataDir,
                 reference: str | None = None, parent: QWidget | None = None,
                 imported: svc.ImportResult | None = None) -> None:
        super().__init__(parent)
        self.calls = runner.bound_to(self)  # results for a closed window are dropped
        self.runner, self.actor, self.data_dir, self.reference = runner, actor, data_dir, reference
        self.imported = imported
        self.rows: list[svc.ProposalView] = []
        self.names: dict[str, str] = {}  # login -> full name (user_names()), for Status
        self._content_widths: list[int] = []  # each column's width for its contents
        self.confirm_box: QMessageBox | None = None
        self.deciding: int | None = None  # the proposal whose decision is being saved
        # The proposal just decided: the reload after it moves the selection on from it.
        self.decided_last: int | None = None
        self.setObjectName("proposalsDialog")
        self.setWindowTitle(f"Proposed changes{' — ' + reference if reference else ''}")
        # Opened right after an import: what the import did, and whether it was a self-review.
        self.self_review_warning = _warning_label("selfReviewWarning")
        self.import_summary = QLabel()
        self.import_summary.setObjectName("importSummary")
        self.import_summary.setWordWrap(True)
        self.import_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.import_summary.hide()
        if imported is not None:
            warning = self_review_warning(imported)
            if warning:
                self.self_review_warning.setText(f"⚠ <b>{html.escape(warning)}</b>")
                self.self_review_warning.show()
            self.import_summary.setText("\n".join(import_summary(imported)))
            self.import_summary.show()
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        self.table.setObjectName("proposalsTable")
        self.table.setAccessibleName("Proposed changes")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemSelectionChanged.connect(self._reason_follows_selection)
        # Only the field's name and Status wrap onto a row's second line (_fit_columns).
        self.table.setItemDelegate(OneLineDelegate(
            (self.COLUMNS.index("Field"), self.COLUMNS.index("Status")), self.table,
            compared=[self.COLUMNS.index(c) for c in ("When exported", "Current value",
                                                       "Proposed")]))
        # One case's proposals (its title names it): no column repeating its reference, so
        # at 200 % more of the values are in sight.
        self.table.setColumnHidden(0, reference is not None)
        self.table.viewport().installEventFilter(self)
        # A title narrower than its words ends in "…" (it was clipped at both ends,
        # "n exp"); its tooltip says it whole (set with the rows).
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.recommendations = QLabel()
        self.recommendations.setObjectName("recommendationsLabel")
        self.recommendations.setWordWrap(True)
        # A response of many cases: a few lines in sight, the rest scrolled, the table kept.
        self.summary_scroll = LinesScroll(self.import_summary, "importSummaryScroll",
                                          "What the import did", 8)
        self.recommendations_scroll = LinesScroll(self.recommendations, "recommendationsScroll",
                                                  "Recommendations", 6)
        self.legend = QLabel("Highlighted rows changed here since the pack was exported: the "
                             "current value is shown beside the exported one, and accepting "
                             "the proposal replaces it only after you confirm.")
        self.legend.setWordWrap(True)
        # An empty table says why it is empty and where proposals come from.
        self.empty = QLabel()
        self.empty.setObjectName("proposalsEmpty")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.status = QLabel()
        self.status.setObjectName("proposalsStatus")
        self.status.setWordWrap(True)
        self.accept_button = QPushButton("&Accept")
        self.accept_button.setObjectName("acceptProposalButton")
        self.accept_button.clicked.connect(lambda: self.decide(True))
        self.reject_button = QPushButton("Re&ject")
        self.reject_button.setObjectName("rejectProposalButton")
        self.reject_button.clicked.connect(lambda: self.decide(False))
        # Why a proposal was accepted or rejected, for the audit trail (the command line's
        # --reason): a rejected reviewer otherwise learns nothing of the preparer's view.
        # Short enough to be read whole beside the buttons at 200 %; the tooltip says more.
        self.reason_edit = text_field(QLineEdit, "decisionReasonEdit", "Reason for the decision",
                                      "optional; goes in the audit trail")
        self.reason_edit.setToolTip("Why you accept or reject the selected proposal: recorded "
                                    "in the case's audit trail with the decision.")
        # Enter in the reason field only says how to decide: it pressed Accept (the
        # dialog's first button), accepting a proposal the officer was giving reasons to
        # reject.
        self.reason_edit.returnPressed.connect(self._enter_decides_nothing)
        # A reason belongs to the proposal it was typed for: selecting another row keeps
        # it aside and shows that row's own (it stayed in the field, and Accept on the next
        # row recorded it there); coming back shows it again.
        self._reason_shown_for: int | None = None
        self._reasons_aside: dict[int, str] = {}
        reason_label = QLabel("&Reason:")  # Alt+R: the field had no key of its own
        reason_label.setBuddy(self.reason_edit)
        close = QPushButton("C&lose")  # Alt+L: every button has its Alt key
        close.clicked.connect(self.close)
        self.discard_box: QMessageBox | None = None
        self._discarding = False  # the officer chose to discard a typed reason: closes
        # Closed while a decision was being saved: closes once it is saved (a refusal
        # then keeps the window open to say so).
        self._close_when_decided = False
        buttons = QHBoxLayout()
        buttons.addWidget(reason_label)
        buttons.addWidget(self.reason_edit, 1)
        for b in (self.accept_button, self.reject_button, close):
            # A decision changes the case's facts: Enter alone never makes it.
            b.setAutoDefault(False)
            b.setDefault(False)
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        if imported is not None:
            # Its counts are the import's, not kept up as proposals are decided below ("3
            # proposed changes to decide" stood once all three were): the title says so.
            box = QGroupBox(IMPORTED_TITLE)
            box.setObjectName("importedBox")
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(self.self_review_warning)
            box_layout.addWidget(self.summary_scroll)
            layout.addWidget(box)
        layout.addWidget(QLabel("<b>Recommendations</b>"))
        layout.addWidget(self.recommendations_scroll)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        # Wide enough on a laptop for the Status column: at 980 it was off the right edge,
        # and whether a row was decided could not be seen without scrolling sideways.
        resize_to_screen(self, 1280, 520 if imported is not None else 420)
        self._update_buttons()
        self.reload()

    def _just_imported(self, proposal: svc.ProposalView) -> bool:
        """Whether `proposal` came with the response this window was opened after."""
        imported = self.imported
        return (imported is not None and proposal.reference in imported.references
                and proposal.pack_id in (imported.pack_id, imported.in_reply_to))

    def reload(self) -> None:
        ref = self.reference

        data_dir = self.data_dir

        def work(session: Any) -> tuple[list[svc.ProposalView], list[svc.RecommendationView], str,
                                        dict[str, str], dict[str, int]]:
            return (svc.list_proposals(session, reference=ref),
                    svc.list_recommendations(session, reference=ref),
                    svc.installation_identity(data_dir).fingerprint,
                    user_names(session),  # who decided each, in words
                    svc.pending_proposal_counts(session) if ref else {})

        self.calls.read(work, self._show, lambda exc: show_error(self, "Could not load the proposals", exc))

    def _show(self, loaded: tuple[list[svc.ProposalView], list[svc.RecommendationView], str,
                                  dict[str, str], dict[str, int]]) -> None:
        self.rows, recs, own_fingerprint, self.names, pending = loaded
        where = f" for {self.reference}" if self.reference else ""
        # Opened for the case selected in the list: "none yet" while proposals wait on
        # other cases read as if there were none at all.
        elsewhere = {r: n for r, n in pending.items() if r != self.reference}
        waiting = ""
        if elsewhere:
            named = ", ".join(f"{r} ({n:,})" for r, n in list(elsewhere.items())[:5])
            more = f" and {counted(len(elsewhere) - 5, 'more case')}" if len(elsewhere) > 5 else ""
            waiting = (f" Proposed changes wait for a decision on other cases: {named}{more}; "
                       "select the case in the case list and open Review → Proposed changes… "
                       "again.")
        self.empty.setText(f"No proposed changes{where} yet. A reviewer's proposals arrive "
                           f"with their response pack (Review → Import response…).{waiting}")
        self.empty.setVisible(not self.rows)
        # Said only when a row is highlighted: below rows all decided it described nothing.
        self.legend.setVisible(any(p.conflict for p in self.rows))
        self.table.setRowCount(len(self.rows))
        # Other proposals, empty in every row, says nothing: its width goes to the field's
        # name (at 200 % on a laptop every column counts).
        self.table.setColumnHidden(self.COLUMNS.index("Other proposals"),
                                   not any(others_text(p) for p in self.rows))
        # Rows are numbered by proposal, as the command line and the messages name them.
        self.table.setVerticalHeaderLabels([f"#{p.id}" for p in self.rows])
        for r, p in enumerate(self.rows):
            path = p.field_path
            cells = (p.reference, field_label(path), readable_value(path, p.base_value),
                     readable_value(path, p.current_value),
                     view_proposed_text(p), p.reviewer,
                     proposal_status_text(p, self.names, reason_chars=REASON_IN_CELL),
                     others_text(p))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, p.field_path)
                if c == 1:  # the label whole (the column may be narrowed), and its path
                    tip = f"{text}\n{path}"
                elif c in (2, 3, 4):  # a value: its stored form too
                    tip = _stored_tip(path, (p.base_value, p.current_value, p.proposed_value)[c - 2])
                elif c == 7:
                    tip = others_tip(p)
                elif c == 6:  # the decision's reason whole
                    tip = proposal_status_text(p, self.names)
                else:
                    tip = text
                if p.conflict:
                    item.setBackground(QBrush(CONFLICT_COLOUR))
                    item.setForeground(QBrush(CONFLICT_TEXT))
                    tip += ("\nChanged here since export: compare the current value with the one "
                            "the reviewer saw." if not p.tied_changed else "\n" + tied_text(p))
                    if p.changed_here is not None:  # whose edit accepting would overwrite
                        tip += "\n" + _sentence_case(p.changed_here.words())
                item.setToolTip(tip)
                self.table.setItem(r, c, item)
        for c, title in enumerate(self.COLUMNS):
            if (header_item := self.table.horizontalHeaderItem(c)) is not None:
                header_item.setToolTip(title)
        self._fit_columns(measure=True)
        if self.decided_last is not None:
            self._select_next_undecided(self.decided_last)
            self.decided_last = None
        elif self.selected() is None:
            # Opened (after an import, say) with none selected: Accept and Reject were
            # greyed out until a row was clicked. The first one waiting is selected, of
            # the response just imported where there is one: an earlier response's, to
            # another pack, was selected under the summary of this one.
            pending_rows = [n for n, p in enumerate(self.rows) if p.status == "pending"]
            first = next((n for n in pending_rows if self._just_imported(self.rows[n])),
                         pending_rows[0] if pending_rows else None)
            if first is not None:
                self.table.selectRow(first)
        esc = html.escape

        def line(rec: svc.RecommendationView, current: bool) -> str:
            # Signed by this installation's own key: reviewed here, not elsewhere.
            here = (" <i>(reviewed on this installation)</i>"
                    if rec.reviewer_key == own_fingerprint and "this installation" not in rec.reviewer
                    else "")
            # The reviewer's points on their own lines, as typed (they ran together).
            reasons = (" — " + "<br>".join(esc(part) for part in rec.reasons.splitlines())
                       if rec.reasons else "")
            # A later one stands for the reviewer's view: the earlier said so.
            verb, note = (("recommends", "") if current else
                          ("recommended", " <i>(earlier; replaced by a later "
                                          "recommendation)</i>"))
            return (f"<b>{esc(rec.reference)}</b>: {esc(rec.reviewer)}{here} {verb} "
                    f"<b>{esc(recommended(rec.recommendation))}</b>{reasons}{note}")

        self.recommendations.setText(
            "<br>".join(line(rec, current)
                        for rec, current in zip(recs, svc.standing(recs), strict=True))
            or "No recommendation received yet.")
        self._update_buttons()
        self.loaded.emit()

    # The columns that give up width so that Status stays in sight: the field, the values
    # (When exported, Current value, Proposed) and the reviewer. At 200 % (and at 100 %
    # with a long name proposed) they pushed Status, whether a row is decided, off the
    # right edge. A cut text ends in "…"; its tooltip has it whole.
    NARROWABLE_COLUMNS = (1, 2, 3, 4, 5)
    NARROWEST = 12  # average characters such a column keeps at least, room allowing
    # Below their titles (a 200 % laptop has room for about 45 characters across all the
    # columns): a value or the reviewer keeps this many, its title cut ("When ex…", whole
    # on hover), before the field's name gives up the width of its second line.
    CUT_TITLE_CHARS = 4
    FIELD_LINES = 2  # a field's name wraps onto a second line rather than being cut
    STATUS_CHARS = 28  # Status keeps this many before the values give up any width

    def _fit_columns(self, *, measure: bool) -> None:
        """Columns as wide as their contents (measured again only with `measure`: a resize
        fits the last widths measured), then narrowed, the widest of each group first,
        until every column shown fits the table's width (Other proposals, the last, was
        cut by a scroll bar sideways at 200 %): the values, the reviewer and Other
        proposals down to their titles and the field's name down to two lines; then
        those below their titles; then Status and the field. The field's name keeps as
        much room as it can: after a decision Status grew and the name was cut to
        "Stake after the deal (…"."""
        table, header = self.table, self.table.horizontalHeader()
        if measure or not self._content_widths:
            fit_columns(table)
            # The last shown column's own width, not the stretched width it was left at.
            self._content_widths = [
                max(table.sizeHintForColumn(c), header.sectionSizeFromContents(c).width())
                for c in range(header.count())]
        widths = list(self._content_widths)
        field, status = self.COLUMNS.index("Field"), self.COLUMNS.index("Status")
        others = self.COLUMNS.index("Other proposals")
        shown = [c for c in range(header.count()) if not table.isColumnHidden(c)]
        # The row numbers' header may not have taken its width yet when the rows arrive.
        room = min(table.viewport().width(),
                   table.width() - 2 * table.frameWidth()
                   - table.verticalHeader().sizeHint().width())
        metrics = table.fontMetrics()
        avg = metrics.averageCharWidth()
        title = {c: header.sectionSizeFromContents(c).width() for c in range(header.count())}
        # A cell's margins either side of its text (the item delegate's).
        padding = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin,
                                                 None, table) + 1)
        # Status wraps onto the row's second line, a word never cut ("pend…").
        status_word = padding + avg + max((metrics.horizontalAdvance(word)
                                     for r in range(table.rowCount())
                                     if (item := table.item(r, status)) is not None
                                     for word in item.text().split()), default=0)
        give = [c for c in (*self.NARROWABLE_COLUMNS[1:], others) if c in shown]
        two_lines = padding + (widths[field] - padding) // self.FIELD_LINES + 2 * avg
        cut = avg * self.CUT_TITLE_CHARS + padding
        over = sum(widths[c] for c in shown) - room
        steps: list[tuple[list[int], dict[int, int]]] = [
            # A decision's reason in Status wraps before the values compared are cut: after
            # one decision Status took 400 pixels while the three values read "Casc…L.P.".
            ([status], {status: max(title[status], status_word, avg * self.STATUS_CHARS)}),
            (give, {c: max(avg * self.NARROWEST, title[c]) for c in give}),
            ([field], {field: max(title[field], two_lines)}),
            # A cut title keeps its first letter before the "…" (a bare "…" named nothing).
            (give, {c: max(cut, title[c] - header.fontMetrics().horizontalAdvance(
                self.COLUMNS[c]) + header.fontMetrics().horizontalAdvance(
                self.COLUMNS[c][:1] + "…")) for c in give}),
            ([status], {status: max(title[status], status_word)}),
            ([field, status], {field: max(title[field], avg * self.NARROWEST),
                               status: cut}),
        ]
        for columns, least in steps:
            columns = [c for c in columns if c in shown]
            while over > 0:
                wide = [c for c in columns if widths[c] > least[c]]
                if not wide:
                    break
                widest = max(wide, key=lambda c: widths[c])
                rest = [widths[c] for c in wide if c != widest]
                # Down to the next widest (or as far as needed, or the narrowest allowed).
                step = min(over, widths[widest] - max([least[widest], *rest]) or 1)
                widths[widest] -= step
                over -= step
        for column in shown:
            if column != shown[-1]:  # the last stretches over what is left
                header.resizeSection(column, widths[column])
        # The last, stretched, fills the room left, never more: its own width pushed the
        # columns past the edge by a scroll bar's worth.
        if shown:
            header.resizeSection(shown[-1], max(widths[shown[-1]],
                                                room - sum(widths[c] for c in shown[:-1])))
        # A name cut to two lines is shown on two lines (the row grows to them, no more:
        # a long value proposed stays one line, cut, whole on hover).
        # A line as the cell lays it out: by lineSpacing() (15 under GNOME's Sans 10, for
        # 16) every name was "wrapped" and every row two lines tall.
        line = laid_out_line(metrics)
        one = table.verticalHeader().defaultSectionSize()
        for r in range(table.rowCount()):
            item = table.item(r, field)
            text = item.text() if item is not None else ""
            wraps = metrics.boundingRect(
                0, 0, max(1, widths[field] - padding), 10 * line,
                int(Qt.TextFlag.TextWordWrap), text).height() > line
            table.verticalHeader().resizeSection(
                r, one + (line * (self.FIELD_LINES - 1) if wraps else 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The table's own width changed without the window's (its vertical scroll bar
        # came or went as rows grew to two lines): the columns fit that width.
        if (watched is self.table.viewport() and event.type() == QEvent.Type.Resize
                and self._content_widths):
            self._fit_columns(measure=False)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._content_widths:
            self._fit_columns(measure=False)

    def _select_next_undecided(self, decided: int) -> None:
        """After a decision: the next proposal still waiting below the decided one (else
        the first above it) selected, with the keyboard in the table, so the next Accept
        or Reject decides it. The decided row had stayed selected: Accept did nothing."""
        ids = [p.id for p in self.rows]
        at = ids.index(decided) if decided in ids else -1
        order = list(range(at + 1, len(self.rows))) + list(range(0, max(at, 0)))
        row = next((r for r in order if self.rows[r].status == "pending"), None)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected(self) -> svc.ProposalView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def set_actor(self, actor: Actor) -> None:
        """The session watch found other roles (the main window's roles_changed, through
        ReviewFeatures.apply_roles): Accept and Reject follow them, a role given back too."""
        self.actor = actor
        self._update_buttons()

    def _update_buttons(self) -> None:
        p = self.selected()
        refused = refusal(self.actor, "review.decide")  # the service's own words
        pending = (p is not None and p.status == "pending" and not refused
                   and self.deciding is None)
        for button in (self.accept_button, self.reject_button):
            button.setEnabled(pending)
            button.setAccessibleDescription(refused)
        ended = p is not None and p.status == "pending" and p.case_status in CASE_ENDED
        if ended:  # rejecting changes no fact; accepting waits for the case to reopen
            self.accept_button.setEnabled(False)
        # A place the app cannot read or a value of the wrong kind, as a response sent it:
        # Reject only (Accept was offered, and refused in a box).
        no_place = p.refused if p is not None and p.status == "pending" else ""
        if no_place:
            self.accept_button.setEnabled(False)
        if refused:
            tip = refused
        elif self.deciding is not None:
            tip = f"Saving the decision on #{self.deciding}…"
        elif p is None:
            tip = "Select a proposed change first."
        elif p.status != "pending":
            tip = ("Replaced by the reviewer's later response." if p.status == "superseded"
                   else f"Already {p.status}" + (f" by {person_named(p.decided_by, self.names)}."
                                                 if p.decided_by else "."))
        else:
            tip = ""
        for button in (self.accept_button, self.reject_button):
            button.setToolTip(tip)
        if no_place and not tip and p is not None:
            self.accept_button.setToolTip(no_place + ".")
        elif ended and not tip and p is not None:
            self.accept_button.setToolTip(
                f"{p.reference} is {p.case_status}: reopen it (Case → Reopen case…) to accept "
                "this change; Reject needs no reopening.")

    def decide(self, accept: bool) -> None:
        p = self.selected()
        if p is None or p.status != "pending" or self.deciding is not None:
            return
        if accept and p.conflict:
            box = QMessageBox(self)
            box.setObjectName("conflictConfirm")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("The field changed since export")
            box.setText(f"{field_label(p.field_path)} of {p.reference} changed here after the "
                        "pack was exported.")
            if p.only_tied_changed:
                # Only a field it goes with changed (the amount's currency): said first,
                # with what accepting makes of the reviewer's figure.
                box.setWindowTitle("A field it goes with changed since export")
                box.setText(tied_conflict_text(p))
            shown = [readable_value(p.field_path, v) for v in (p.base_value, p.current_value)]
            shown.append(view_proposed_text(p))
            # With two reviewers, "now" is often the other one's accepted value: say whose.
            came = f" (proposal {p.current_from.words(self.names)})" if p.current_from else ""
            # Whose edit the reviewer's value would replace, when and why: an officer asks
            # that before overwriting a colleague's change.
            by = (_sentence_case(p.changed_here.words()) + "\n"
                  if p.changed_here is not None else "")
            # (Said above already when it is all that changed.)
            tied = tied_text(p) + "\n" if p.tied_changed and not p.only_tied_changed else ""
            box.setInformativeText(f"When exported: {shown[0]}\nNow: {shown[1]}{came}\n{tied}{by}"
                                   f"{p.reviewer} proposes: {shown[2]}\n\n"
                                   "Replace the current value with this reviewer's?")
            box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
            box.button(QMessageBox.StandardButton.Yes).setText("&Replace with the reviewer's value")
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.finished.connect(lambda result, p=p: self._run_decision(
                p, True, override=True, confirmed=p.current_value)
                if result == QMessageBox.StandardButton.Yes else self._kept(p))
            self.confirm_box = box
            box.open()
            return
        self._run_decision(p, accept, override=False)

    def _reason_follows_selection(self) -> None:
        p = self.selected()
        chosen = None if p is None else p.id
        if chosen == self._reason_shown_for:
            return
        if self._reason_shown_for is not None:
            typed = self.reason_edit.text()
            if typed.strip():
                self._reasons_aside[self._reason_shown_for] = typed
            else:
                self._reasons_aside.pop(self._reason_shown_for, None)
        self._reason_shown_for = chosen
        self.reason_edit.setText(self._reasons_aside.pop(chosen, "") if chosen is not None
                                 else "")

    def _reasons_typed(self) -> list[str]:
        """The reasons typed and not recorded: the field's first, then those kept aside."""
        shown = self.reason_edit.text().strip()
        aside = [r.strip() for pid, r in self._reasons_aside.items()
                 if pid != self._reason_shown_for and r.strip()]
        return ([shown] if shown else []) + aside

    def _enter_decides_nothing(self) -> None:
        self.status.setText("Enter records nothing: choose Accept (Alt+A) or Reject (Alt+J) "
                            "to record the decision on the selected proposal with this reason.")

    def reject(self) -> None:
        """Close, Escape or the title bar's close with a reason typed and not recorded asks
        first (without blocking): one Escape lost a reason typed at length."""
        if self.deciding is not None:
            # Closed at once, the window dropped the decision's answer: one refused (the
            # case changed meanwhile, say) was never said, and looked made.
            self._close_when_decided = True
            self.status.setText(f"Saving the decision on #{self.deciding}… the window "
                                "closes once it is saved.")
            return
        typed = self._reasons_typed()
        if self._discarding or not typed:
            super().reject()
            return
        question = (
            f"Discard the reason typed (“{_cut_reason(typed[0])}”)? It is recorded only with "
            "Accept or Reject; no decision was made with it." if len(typed) == 1 else
            f"Discard the reasons typed for {len(typed)} proposed changes "
            f"(“{_cut_reason(typed[0])}” and {len(typed) - 1} more)? A reason is recorded only "
            "with Accept or Reject on its proposal; no decision was made with them.")
        self.discard_box = ask_to_discard(self, self.windowTitle(), question,
                                          "decisionReasonDiscardQuestion", self._discard_reason)

    def _discard_reason(self) -> None:
        self._discarding = True
        try:
            super().reject()
        finally:
            self._discarding = False

    def _kept(self, p: svc.ProposalView) -> None:
        """The replace question cancelled: said, where the status line still said the
        decision before ("Accepted: Amount … is now …") as if that were the news."""
        now = readable_value(p.field_path, p.current_value)
        self.status.setText(f"Nothing changed: {field_label(p.field_path)} of {p.reference} "
                            f"stays {now}; the proposal still waits for Accept or Reject.")

    def _run_decision(self, p: svc.ProposalView, accept: bool, *, override: bool,
                      confirmed: Any = svc.NOT_CONFIRMED) -> None:
        """Decide `p`; `confirmed`: the current value the officer agreed to replace (a
        field changed again meanwhile is refused, not overwritten unseen)."""
        actor, pid, reason = self.actor, p.id, self.reason_edit.text().strip()
        # Greyed out until it is saved: a second click decided the same row again, and the
        # service's "already decided" came up in a box.
        self.deciding = pid
        self._update_buttons()

        def done(view: svc.ProposalView) -> None:
            self.deciding = None
            what = f"{field_label(view.field_path)} of {view.reference}"
            if view.status == "accepted":
                now = readable_value(view.field_path, view.current_value)
                stale = (f" Screen the case again: the reasons for "
                         f"{and_joined(view.screen_again)} quote the values before this change."
                         if view.screen_again else "")
                self.status.setText(f"Accepted: {what} is now {now}; the "
                                    f"audit trail names the reviewer, {view.reviewer}."
                                    + stale + to_check_words(view.to_check))
            else:
                self.status.setText(f"Rejected: {what} stays "
                                    f"{readable_value(view.field_path, view.current_value)}.")
            self._reasons_aside.pop(pid, None)  # recorded with this decision
            if (reason and self._reason_shown_for == pid
                    and self.reason_edit.text().strip() == reason):
                self.reason_edit.clear()  # recorded with this decision, not the next one
            self.decided_last = view.id
            self.decided.emit(view)
            if self._close_when_decided:
                self._close_when_decided = False
                self.reject()
                return
            self.reload()

        def failed(exc: BaseException) -> None:
            self.deciding = None
            self._close_when_decided = False  # open, to say that the decision was not made
            self._update_buttons()
            # Which decision failed, not "Could not decide"; the status line no longer
            # says the decision before it ("Accepted: …") as if this one had been made.
            title = (f"Could not {'accept' if accept else 'reject'} the proposed change to "
                     f"{field_label(p.field_path)} of {p.reference}")
            self.status.setText(f"{title}: nothing changed.")
            # The field by its name, as review mode says it, not its path.
            show_refusable_error(self, title, in_words(exc), self.refused)
            self.reload()

        self.calls.write(lambda s: svc.decide_proposal(s, proposal_id=pid, accept=accept,
                                                        actor=actor, override_conflict=override,
                                                        reason=reason,
                                                        confirmed_current=confirmed),
                          done, failed)


def to_check_words(to_check: Sequence[Problem]) -> str:
    """What an accepted value contradicts (ProposalView.to_check), each fact by its name:
    " Check now — Expected completion date: 2025-01-01 is before the signing date, …"; ""."""
    said = [f"{field_label(p.path)}: {p.message}" for p in to_check]
    return f" Check now — {'; '.join(said)}." if said else ""


# ---------------------------------------------------------------------------------------
# Keys


UNTRUST_NEEDS_A_ROW = "Select the installation to stop trusting in the list first."
KEY_FROM_PACK_NEEDS_FINGERPRINT = (
    "This key was taken from a pack: type the fingerprint the sender reads out to you (by "
    "phone or in person) in Fingerprint first — it is trusted only if the two match.")


def _bare(fingerprint: str) -> str:
    return "".join(fingerprint.split()).upper()


def _two_lines(grouped: str) -> str:
    """A grouped fingerprint in two lines of eight groups: on one line its column alone was
    wider than a laptop screen at 200 %."""
    groups = grouped.split()
    half = (len(groups) + 1) // 2
    return " ".join(groups[:half]) + "\n" + " ".join(groups[half:]) if len(groups) > 8 else grouped


class KeysDialog(QDialog):
    """This installation's fingerprint (to read out to the other side) and trusted keys."""

    changed = Signal()
    trusted = Signal(object)  # svc.TrustedKeyInfo of the key just trusted
    loaded = Signal()
    refused = Signal()  # as ProposalsDialog.refused

    def __init__(self, runner: TaskRunner, actor: Actor, data_dir: DataDir,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calls = runner.bound_to(self)  # results for a closed window are dropped
        self.runner, self.actor, self.data_dir = runner, actor, data_dir
        self.identity: svc.IdentityInfo | None = None
        self.keys: list[svc.TrustedKeyInfo] = []
        self.setObjectName("keysDialog")
        self.setWindowTitle("Installation key and trusted keys")
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setObjectName("ownFingerprint")
        # Its groups wrap, as the headings do: unwrapped, at 200 % they made the dialog
        # wider than the screen, Copy, Save, Trust and Close off its edge.
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.fingerprint_label.setFont(font)
        copy = QPushButton("&Copy public key")
        copy.clicked.connect(self._copy)
        save = QPushButton("&Save public key…")
        save.clicked.connect(self._save_key)
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        self.table.setObjectName("trustedKeysTable")
        self.table.verticalHeader().hide()  # a row number names nothing here
        self.table.setAccessibleName("Trusted installation keys")
        self.table.setHorizontalHeaderLabels(["Installation", "Fingerprint", "Added"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._apply_roles)
        remove = QPushButton("St&op trusting")  # Alt+O: every button has its Alt key
        remove.setObjectName("untrustButton")
        remove.clicked.connect(self.untrust_selected)
        self.untrust_button = remove
        self.key_from_pack: str | None = None  # the key text as loaded from a pack
        self.key_edit = QPlainTextEdit()
        self.key_edit.setObjectName("trustKeyEdit")
        self.key_edit.setTabChangesFocus(True)
        self.key_edit.setPlaceholderText("Paste the other installation's public key "
                                         "(approvals-ed25519 …), or load its key file or a "
                                         "pack it signed")
        # Two lines: a key is one; the Trust button stays in sight at 200 % below it.
        self.key_edit.setMaximumHeight(self.key_edit.fontMetrics().lineSpacing() * 2 + 14)
        self.label_edit = QLineEdit()
        self.label_edit.setObjectName("trustLabelEdit")
        # The name packs from it are shown under ("from Pat's desk"): an empty field did
        # not say what it was for.
        self.label_edit.setPlaceholderText("Whose installation, as packs from it will be "
                                           "named, e.g. Pat's desk or Rita's laptop")
        self.expected_edit = QLineEdit()
        self.expected_edit.setObjectName("trustFingerprintEdit")
        self.expected_edit.setPlaceholderText(
            "Fingerprint read out by the other side (recommended; required for a key from a pack)")
        load = QPushButton("&Load key file…")
        load.clicked.connect(self._load_key_file)
        self.trust_button = QPushButton("&Trust")
        self.trust_button.setObjectName("trustButton")
        self.trust_button.clicked.connect(self.trust)
        self._apply_roles()
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        # Alt keys of their own (K, N, F: no button here has them): a refusal sends the
        # officer to Name or Fingerprint, reached by Tab through the form before.
        form.addRow("Public &key:", self.key_edit)
        self.field_messages: dict[str, FieldMessage] = {}
        self._message_row(form, "key", self.key_edit)
        form.addRow("&Name:", self.label_edit)
        self._message_row(form, "label", self.label_edit)
        form.addRow("&Fingerprint:", self.expected_edit)
        self._message_row(form, "fingerprint", self.expected_edit)
        own_row = QHBoxLayout()
        own_row.addWidget(self.fingerprint_label, 1)
        own_row.addWidget(copy)
        own_row.addWidget(save)
        trust_row = QHBoxLayout()
        trust_row.addStretch(1)
        trust_row.addWidget(load)
        trust_row.addWidget(self.trust_button)
        # In an area that scrolls once the dialog is taller than the screen (200 % on a
        # laptop), Close staying below it.
        content = QWidget()
        self.content = content
        self.sized_to_content = False
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        for heading in ("<b>This installation's fingerprint</b> — compare it with the other "
                        "side by phone or in person before they trust it:",
                        "<b>Trusted installations</b> — packs are accepted only when signed "
                        "by one of these:"):
            label = QLabel(heading)
            label.setWordWrap(True)
            layout.addWidget(label)
            if heading.startswith("<b>This"):
                layout.addLayout(own_row)
        self.no_keys = QLabel("No other installation is trusted yet: review packs and responses "
                              "from elsewhere are refused until its key is trusted below.")
        self.no_keys.setObjectName("noTrustedKeys")
        self.no_keys.setWordWrap(True)
        self.no_keys.hide()
        layout.addWidget(self.no_keys)
        layout.addWidget(self.table)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(QLabel("<b>Trust another installation</b>"))
        layout.addLayout(form)
        layout.addLayout(trust_row)
        layout.addStretch(1)
        scroll = named_scroll(content, "keysDialogContent", "Installation key and trusted keys")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields are the Tab stops
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        self.outer_layout = outer
        outer.addWidget(scroll, 1)
        # A way out that shows, as the other Review dialogs have (Escape closes it too).
        close = QPushButton("Clos&e")
        close.setObjectName("closeKeysButton")
        close.setAutoDefault(False)  # Enter in the fields never closes the dialog
        close.clicked.connect(self.reject)
        # What happened and what to do next, beside Close: inside the scrolling area it was
        # below the fold even at 100 % ("The key that signed pack.zip is loaded…" cut off).
        self.status.setObjectName("keysStatus")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(bottom)
        # Enter in the name or fingerprint field trusts (when allowed), not the first button
        # of the dialog (Copy public key) that Qt would press otherwise. Set once the button
        # is in the dialog: Qt registers a default button with the dialog it finds above it.
        self.trust_button.setDefault(True)
        resize_to_screen(self, 900, 560)  # the trusted fingerprints and their dates unclipped
        self.reload()

    def _message_row(self, form: QFormLayout, name: str,
                     field: QLineEdit | QPlainTextEdit) -> None:
        """A row under `name`'s field for its problem, hidden while there is none (as the
        case dialogs' rows): the field's next edit takes the message away."""
        message = FieldMessage()
        message.setObjectName(f"trustProblem_{name}")
        message.setTextFormat(Qt.TextFormat.PlainText)  # a typed name is shown, not rendered
        # In a box of the field's width: a FieldMessage takes its height at its box's width.
        box = QWidget(self)
        box.setObjectName(f"trustProblemBox_{name}")
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(message)
        message.hide()
        box.hide()  # a hidden row takes no room nor spacing in the form
        form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, box)
        field.setProperty("messageName", name)
        field.textChanged.connect(self._field_edited)  # a bound method: no closed dialog kept
        self.field_messages[name] = message

    def _field_edited(self) -> None:
        sender = self.sender()
        name = sender.property("messageName") if sender is not None else None
        if name in self.field_messages and self.field_messages[name].text():
            self._show_field_message(name, "")

    def _show_field_message(self, name: str, text: str) -> None:
        """`text` under `name`'s field ("" takes it away), told to a screen reader with it."""
        message = self.field_messages[name]
        field = {"key": self.key_edit, "label": self.label_edit,
                 "fingerprint": self.expected_edit}[name]
        box = message.parentWidget()
        if box is not None:
            # Measured at its field's width before the form has placed it.
            box.resize(field.width(), box.height())
        show_message(message, text, error_colour)
        if box is not None:
            box.setVisible(bool(text))
        field.setAccessibleDescription(f"Problem: {text}" if text else "")

    def set_actor(self, actor: Actor) -> None:
        """The session watch found other roles: Trust and Stop trusting follow them."""
        self.actor = actor
        self._apply_roles()

    def _apply_roles(self) -> None:
        """Trust and Stop trusting follow the roles; Stop trusting also waits for a row."""
        why = refusal(self.actor, "settings.manage")  # the service's own words
        set_available(self.trust_button, why)
        chosen = bool(self.table.selectionModel().selectedRows())
        set_available(self.untrust_button,
                      why or ("" if chosen else UNTRUST_NEEDS_A_ROW))

    def _failed(self, title: str) -> Callable[[BaseException], None]:
        return lambda exc: show_refusable_error(self, title, exc, self.refused)

    def reload(self) -> None:
        data_dir = self.data_dir

        def work(session: Any) -> tuple[svc.IdentityInfo, list[svc.TrustedKeyInfo]]:
            return svc.installation_identity(data_dir), svc.list_trusted_keys(session)

        self.calls.read(work, self._show, lambda exc: show_error(self, "Could not load the keys", exc))

    def _show(self, loaded: tuple[svc.IdentityInfo, list[svc.TrustedKeyInfo]]) -> None:
        self.identity, self.keys = loaded
        self.fingerprint_label.setText(self.identity.fingerprint_grouped)
        self.no_keys.setVisible(not self.keys)
        self.table.setRowCount(len(self.keys))
        mono = self.fingerprint_label.font()
        for r, k in enumerate(self.keys):
            for c, text in enumerate((k.label, _two_lines(k.fingerprint_grouped),
                                      f"{readable_time(k.added_at)} by {k.added_by_text}")):
                item = QTableWidgetItem(text)
                if c == 1:  # read out digit by digit: the same face as this installation's
                    item.setFont(mono)
                self.table.setItem(r, c, item)
        fit_columns(self.table)
        self.table.resizeRowsToContents()
        # As tall as its rows (up to five), and gone while empty (the note above says so):
        # an empty table took half the dialog at 200 %, the Trust form below the fold.
        self.table.setVisible(bool(self.keys))
        self.untrust_button.setVisible(bool(self.keys))
        shown = sum(self.table.rowHeight(r) for r in range(min(len(self.keys), 5)))
        self.table.setMaximumHeight(shown + self.table.horizontalHeader().height()
                                    + 2 * self.table.frameWidth() + 2)
        if not self.sized_to_content:  # no tall blank below Trust when there is room
            self.sized_to_content = True
            outer = self.outer_layout
            margins = outer.contentsMargins()
            close = self.findChild(QPushButton, "closeKeysButton")
            bottom = max(self.status.sizeHint().height(),
                         close.sizeHint().height() if close is not None else 0)
            wanted = (self.content.sizeHint().height() + bottom + 2 * outer.spacing()
                      + margins.top() + margins.bottom())
            self.resize(self.width(), min(self.height(), wanted))
        self.loaded.emit()

    def _copy(self) -> None:
        if self.identity is not None:
            QGuiApplication.clipboard().setText(self.identity.public_key_text)
            self.status.setText("The public key is on the clipboard.")

    def _save_key(self) -> QFileDialog | None:
        if self.identity is None:
            return None
        text = self.identity.public_key_text

        def write(chosen: Path) -> None:
            path = str(chosen)
            self.calls.run(lambda _p: write_atomically(Path(path), text.encode("ascii")),
                            lambda _r: self.status.setText(f"Saved to {path}."),
                            lambda exc: show_error(self, "Could not save the key", exc))

        # The short fingerprint in the name tells one installation's key from another's.
        name = suggested_name(KEYS, "approvals-key", self.identity.fingerprint[:8], dated=False)
        return ask_save_file(self, KEYS, title="Save public key", name=name,
                             data_dir=self.data_dir, chosen=write)

    def _load_key_file(self) -> QFileDialog:
        return ask_open_file(self, KEYS_TO_TRUST, title="Load public key or pack",
                             data_dir=self.data_dir, chosen=self.load_key_from)

    def load_key_from(self, chosen: Path) -> None:
        """Fill in the key of a key file, or the key that signed a pack (then the
        fingerprint the sender reads out is required)."""
        path = Path(chosen)

        def work(_p: Any) -> tuple[str, bool]:
            # A pack by what it holds, not its name (its bytes were loaded as the key).
            if svc.holds_a_pack(path):  # signed by a sender not trusted yet
                return svc.key_text_from_pack(path), True
            return path.read_text(encoding="utf-8", errors="replace"), False  # a label in Chinese

        def loaded(found: tuple[str, bool]) -> None:
            text, from_pack = found
            self.key_edit.setPlainText(text)
            self.key_from_pack = text if from_pack else None
            if from_pack:
                self.status.setText(
                    f"The key that signed {path.name} is loaded. The pack came by the very "
                    "channel the fingerprint check is there to verify: type the fingerprint "
                    "the sender reads out to you before you trust it.")
                self.expected_edit.setFocus()

        self.calls.run(work, loaded,
                       lambda exc: show_error(self, "Could not read the key file", exc))

    def trust(self) -> None:
        text, label = self.key_edit.toPlainText(), self.label_edit.text()
        expected = self.expected_edit.text().strip() or None
        actor = self.actor
        if expected is None and self.key_from_pack is not None and text == self.key_from_pack:
            self.status.setText(KEY_FROM_PACK_NEEDS_FINGERPRINT)
            self.expected_edit.setFocus()
            return

        def done(info: svc.TrustedKeyInfo) -> None:
            for name in self.field_messages:  # cleared below, but say so even if unchanged
                self._show_field_message(name, "")
            self.status.setText(info.trusted_text)
            self.key_edit.clear()
            self.label_edit.clear()
            self.expected_edit.clear()
            self.key_from_pack = None
            self.changed.emit()
            self.reload()
            self.trusted.emit(info)

        self.calls.write(lambda s: svc.trust_key(s, key_text=text, label=label, actor=actor,
                                                  expected_fingerprint=expected),
                          done, self._trust_failed)

    def _trust_failed(self, exc: BaseException) -> None:
        """A problem with what was typed (the key, its name, the fingerprint) is said under
        its field, which takes the focus, where it is put right. In a message box it read
        "label: give the installation a name (e.g. the reviewer's laptop)" about the field
        called Name, and the fingerprint's groups that differ were behind the box; beside
        Close it was far below the field to correct."""
        fields: dict[str, QWidget] = {"key": self.key_edit, "label": self.label_edit,
                                      "fingerprint": self.expected_edit}
        if not (isinstance(exc, InputError) and len(exc.problems) == 1
                and exc.problems[0].path in fields):
            show_refusable_error(self, "Could not trust the key", exc, self.refused)
            return
        where, said = exc.problems[0].path, exc.problems[0].message
        if where == "label":
            said = "type a name for that installation in Name: packs from it are shown under it"
        elif where == "key":
            said = f"the public key: {said}"
        self.status.clear()  # what it said before (a key loaded, one trusted) is past
        self._show_field_message(where, f"{said[:1].upper()}{said[1:]}. Nothing was trusted.")
        field = fields[where]
        field.setFocus()
        if isinstance(field, QLineEdit):
            field.selectAll()

    def untrust_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:  # the button waits for a row; a keyboard shortcut may still come here
            self.status.setText(UNTRUST_NEEDS_A_ROW)
            return
        key, actor = self.keys[rows[0].row()], self.actor

        def done(_r: Any) -> None:
            self.status.setText(f"No longer trusted: {key.label}. Packs it signs are refused "
                                "until its key is trusted again.")
            self.changed.emit()
            self.reload()

        self.calls.write(lambda s: svc.untrust_key(s, fingerprint=key.fingerprint, actor=actor),
                          done, self._failed("Could not remove the key"))


# ---------------------------------------------------------------------------------------
# The Review menu


class ReviewFeatures(QObject, ProgressHost):
    """The Review menu of the main window and the windows it opens."""

    imported = Signal(object)  # svc.ImportResult
    import_cancelled = Signal()
    opened = Signal(object)  # svc.OpenedPack
    open_cancelled = Signal()

    def __init__(self, window: QMainWindow, runner: TaskRunner, actor: Actor,
                 data_dir: DataDir) -> None:
        super().__init__(window)
        self.window, self.runner, self.actor, self.data_dir = window, runner, actor, data_dir
        self.review_windows: dict[str, ReviewModeWindow] = {}
        self.dialogs: list[QWidget] = []
        self.progress_dialog: ProgressDialog | None = None  # the latest open's or import's
        menu = window.menuBar().addMenu("&Review")
        menu.setToolTipsVisible(True)  # a greyed-out item says why on hover
        help_menu = getattr(window, "help_menu", None)
        if help_menu is not None:  # keep Help last
            window.menuBar().insertMenu(help_menu.menuAction(), menu)
        self.menu = menu
        self.export_action = self._add("&Export review pack…", self.export_pack, "exportReviewPackAction",
                                        "Ctrl+Shift+E")
        self.import_action = self._add("&Import response…", self.import_response, "importResponseAction",
                                        "Ctrl+Shift+I")
        self.proposals_action = self._add("&Proposed changes…", self.show_proposals, "proposalsAction",
                                           "Ctrl+Shift+P")
        menu.addSeparator()
        self.open_action = self._add("&Open review pack (review mode)…", self.open_pack, "openReviewPackAction")
        self.opened_action = self._add("Review packs opened &here", self.show_opened, "openedPacksAction")
        menu.addSeparator()
        self.keys_action = self._add("Installation &key and trusted keys…", self.show_keys, "keysAction")
        self.apply_roles(actor)
        roles_changed = getattr(window, "roles_changed", None)
        if roles_changed is not None:  # an administrator changed the signed-in user's roles
            roles_changed.connect(self.apply_roles)
        # Quit closes the review windows with the main window: one with unsaved input asks
        # first, and Cancel there keeps the app open (eventFilter).
        self.quit_waits_for: ReviewModeWindow | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # isinstance, not event.type(): the filter also sees the events of the window's
        # teardown, whose objects may be gone already.
        signing_out = getattr(getattr(self.window, "user_features", None), "signed_out", False)
        if (isinstance(event, QCloseEvent) and watched is self.window and not signing_out):
            waiting = next((w for w in self.review_windows.values()
                            if isinstance(w, ReviewModeWindow) and w.isVisible()
                            and w.unsaved_input()), None)
            if waiting is not None:
                event.ignore()
                self.quit_waits_for = waiting
                waiting.show()
                waiting.raise_()
                waiting.activateWindow()
                waiting.close()  # asks; closed or close_kept answers (_review_closed)
                return True
        return super().eventFilter(watched, event)

    def _review_closed(self, window: ReviewModeWindow, closed: bool) -> None:
        """A review window asked on Quit was answered: closed, Quit goes on (the next
        window with unsaved input asks in turn); kept open, the app stays."""
        if self.quit_waits_for is not window:
            return
        self.quit_waits_for = None
        if closed:
            QTimer.singleShot(0, self.window.close)

    def apply_roles(self, actor: Actor) -> None:
        """Enable what `actor` may do now, in the menu and the open review-mode windows.
        The services check permissions anyway; a greyed-out item says why up front (its
        tooltip, and the status bar on hover)."""
        self.actor = actor
        for review_window in list(self.review_windows.values()):
            review_window.set_actor(actor)
        for dialog in list(self.dialogs):  # export, proposed changes, keys: buttons follow
            if isinstance(dialog, ExportPackDialog | ProposalsDialog | KeysDialog):
                dialog.set_actor(actor)
        for action, permissions in (
                (self.export_action, ("review.export",)),
                (self.import_action, ("review.import", "review.respond")),
                (self.proposals_action, ("review.decide", "review.import")),
                (self.open_action, ("review.respond",)),
                (self.opened_action, ("review.respond",))):
            # Any one of the permissions will do; the first one's refusal says why not.
            why = "" if any(allowed(actor.roles, p) for p in permissions) else refusal(
                actor, permissions[0])
            action.setEnabled(not why)
            action.setToolTip(why)  # the menu shows only a tooltip set: none when usable
            action.setStatusTip(why)

    def data_replaced(self) -> None:
        """A backup was restored (File → Restore…): the open Export review pack, Proposed
        changes and keys windows read the restored data again. Left as they were, they
        showed what the restore undid — a proposal decided since the backup still read as
        decided (Accept greyed out) though pending again, a key trusted since still listed.
        The review windows stay: their packs and input are kept by a restore."""
        for dialog in list(self.dialogs):
            if isinstance(dialog, ProposalsDialog | KeysDialog):
                dialog.reload()
            elif isinstance(dialog, ExportPackDialog) and not dialog.progress.running:
                dialog.reload_cases()

    def _add(self, text: str, slot: Any, name: str, shortcut: str = "") -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.menu.addAction(action)
        return action

    def _keep(self, widget: _W) -> _W:
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialogs.append(widget)
        widget.destroyed.connect(lambda _o=None, w=widget: self.dialogs.remove(w) if w in self.dialogs else None)
        return widget

    def _selected_reference(self) -> str | None:
        selected = getattr(self.window, "selected_reference", None)
        return selected() if callable(selected) else None

    def _selected_references(self) -> list[str]:
        """Every case selected in the list (the current one when none is)."""
        selected = getattr(self.window, "selected_references", None)
        if callable(selected):
            return list(selected())
        current = self._selected_reference()
        return [current] if current else []

    def export_pack(self) -> ExportPackDialog:
        dialog = ExportPackDialog(self.runner, self.actor, self.data_dir,
                                  self._selected_references(), self.window)
        dialog.refused.connect(self.check_session)
        self._keep(dialog).show()
        return dialog

    def import_response(self) -> QFileDialog:
        return ask_open_file(self.window, RESPONSE_PACKS, title="Import review response",
                             data_dir=self.data_dir, chosen=self.import_file)

    def _check_pack(self, path: Path, service: Callable[..., Any], done: Callable[[Any], None],
                    *, title: str, what: str, cancelled_text: str, error_title: str,
                    cancelled_signal: SignalInstance) -> ProgressDialog:
        """Run `service(session, progress=, cancelled=)` on the pack at `path` in its own
        unit of work, with progress and Cancel in a small non-modal window that goes
        before `done(result)` is called."""
        dialog = self._progress_dialog(title, what)

        def work(session: Any, progress: Progress) -> Any:
            report, cancelled = service_callbacks(progress)
            return service(session, progress=report, cancelled=cancelled)

        def succeeded(result: Any) -> None:
            dialog.succeeded()
            done(result)

        def failed(exc: BaseException) -> None:
            title = refused_title(error_title, exc)
            if untrusted_signer(exc):  # said in the app's own words, with the way on
                dialog.succeeded()
                self.offer_to_trust(path, untrusted_signer(exc), title,
                                    again="import it" if what == "import"
                                    else "open the pack",
                                    removed=getattr(exc, "trust_removed", ""),
                                    retry=lambda: self._check_pack(
                                        path, service, done, title=title, what=what,
                                        cancelled_text=cancelled_text, error_title=error_title,
                                        cancelled_signal=cancelled_signal))
                return
            dialog.failed(exc, cancelled_text=cancelled_text, error_title=title,
                          on_cancelled=lambda: self._cancelled(cancelled_text, cancelled_signal))

        task = self.runner.run(own_unit_of_work(self.runner.db, work), succeeded, failed,
                               dialog.panel.update_progress)
        dialog.start(task, f"Checking {path.name}…")
        return dialog

    def import_file(self, path: Path) -> ProgressDialog:
        """Import a pack: a response is merged, a review pack opens in review mode. The
        check of every member shows progress in a small non-modal window with Cancel."""
        actor, data_dir = self.actor, self.data_dir

        def service(session: Any, **callbacks: Any) -> svc.ImportResult:
            return svc.import_pack(session, data_dir=data_dir, path=path, actor=actor, **callbacks)

        def done(result: svc.ImportResult) -> None:
            self.imported.emit(result)
            if result.kind == "review":
                self._show_opened_pack(result.pack_id, already_open=result.already_open)
                return
            refresh = getattr(self.window, "refresh", None)
            if callable(refresh):
                refresh()
            self._reload_case_windows(result.references)
            self._reload_proposal_windows()
            lines, warning = import_summary(result), self_review_warning(result)
            self.window.statusBar().showMessage(
                "Self-review imported: not an independent review." if warning else lines[0], 8000)
            if result.proposals_added or result.recommendations:
                # The diff opens with the summary (and any warning) on top.
                self.show_proposals(result.references[0] if len(result.references) == 1 else None,
                                    imported=result)
                return
            imported_message(self.window, lines, warning)

        return self._check_pack(path, service, done, title="Import review pack", what="import",
                                cancelled_text=IMPORT_CANCELLED,
                                error_title="The {what} was not imported",
                                cancelled_signal=self.import_cancelled)

    def open_pack(self) -> QFileDialog:
        return ask_open_file(self.window, REVIEW_PACKS, title="Open review pack",
                             data_dir=self.data_dir, chosen=self.open_file)

    def open_file(self, path: Path) -> ProgressDialog:
        """Check a review pack and open it in review mode, with progress and Cancel."""
        actor, data_dir = self.actor, self.data_dir

        def service(session: Any, **callbacks: Any) -> svc.OpenedPack:
            return svc.open_review_pack(session, data_dir=data_dir, path=path, actor=actor,
                                        **callbacks)

        def done(opened: svc.OpenedPack) -> None:
            self._show_opened_pack(opened.pack_id, already_open=opened.already_open)
            self.opened.emit(opened)

        return self._check_pack(path, service, done, title="Open review pack", what="opening",
                                cancelled_text=OPEN_CANCELLED,
                                error_title="The review pack was not opened",
                                cancelled_signal=self.open_cancelled)

    def _show_opened_pack(self, pack_id: str, *, already_open: bool) -> ReviewModeWindow:
        """The window of a pack just opened (or found open already, which it says). The
        other review windows read their packs again: one may be older than the new pack."""
        window = self.show_review(pack_id)
        if already_open:
            window.note_reopened()
        else:
            self._reload_others(pack_id)
        return window

    def _reload_others(self, pack_id: str) -> None:
        """The review windows of the packs other than `pack_id` read theirs again: what
        they say of the other packs (newer, older, answered) may have changed."""
        for other_id, other in list(self.review_windows.items()):
            if other_id != pack_id:
                other.reload()

    def show_review(self, pack_id: str) -> ReviewModeWindow:
        window = self.review_windows.get(pack_id)
        if window is None:
            window = ReviewModeWindow(self.runner, self.actor, self.data_dir, pack_id)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda _o=None, p=pack_id: self.review_windows.pop(p, None))
            window.activated.connect(self.check_session)
            window.closed.connect(lambda w=window: self._review_closed(w, True))
            window.close_kept.connect(lambda w=window: self._review_closed(w, False))
            # A newer pack's window says whether the older one was answered.
            window.response_exported.connect(lambda _r, p=pack_id: self._reload_others(p))
            self.review_windows[pack_id] = window
        window.show()
        window.raise_()
        return window

    def check_session(self) -> None:
        """A review-mode window came to the front: the main window's session watch reads
        the user again (ui.auth.UserFeatures.check_session), so a deactivation or a password
        reset elsewhere signs out and other roles are followed, as in the main window. A
        window without the watch re-reads the roles (MainWindow.check_roles)."""
        features = getattr(self.window, "user_features", None)
        check = getattr(features, "check_session", None) or getattr(
            self.window, "check_roles", None)
        if callable(check):
            check()

    def show_opened(self) -> OpenedPacksDialog:
        dialog = OpenedPacksDialog(self.runner, self.data_dir, self.window)
        dialog.chosen.connect(self.show_review)
        self._keep(dialog).open()
        return dialog

    def show_proposals(self, reference: str | None = None,
                       imported: svc.ImportResult | None = None) -> ProposalsDialog:
        # After an import, all the response's cases: not only the one selected in the list.
        if imported is None:
            reference = reference or self._selected_reference()
        dialog = ProposalsDialog(self.runner, self.actor, self.data_dir, reference, self.window,
                                 imported=imported)
        refresh = getattr(self.window, "refresh", None)
        if callable(refresh):
            dialog.decided.connect(lambda _v: refresh())
        dialog.decided.connect(lambda p: self._reload_case_windows([p.reference]))
        dialog.decided.connect(lambda _v, d=dialog: self._reload_proposal_windows(but=d))
        dialog.refused.connect(self.check_session)
        self._keep(dialog).show()
        return dialog

    def _reload_proposal_windows(self, but: ProposalsDialog | None = None) -> None:
        """The Proposed changes windows still open read the proposals again: one opened
        before a second reviewer's response was imported, or before a decision in another
        of them, went on offering Accept on what it showed, with no word of the other
        reviewer's value for the same field."""
        for dialog in list(self.dialogs):
            if isinstance(dialog, ProposalsDialog) and dialog is not but and isValid(dialog) \
                    and dialog.isVisible():
                dialog.reload()

    def _reload_case_windows(self, references: Sequence[str]) -> None:
        """The open case windows of `references` read their case again. After a response
        was imported, or a proposal decided here, they went on showing the facts and the
        Timeline as before (a stake accepted as 12 still read 2) until Refresh."""
        views = getattr(self.window, "case_views", {})
        for reference in dict.fromkeys(references):
            view = views.get(reference)
            if view is not None and isValid(view):
                view.reload()

    def show_keys(self) -> KeysDialog:
        dialog = KeysDialog(self.runner, self.actor, self.data_dir, self.window)
        dialog.refused.connect(self.check_session)
        self._keep(dialog).open()
        return dialog

    def offer_to_trust(self, path: Path, fingerprint: str, title: str,
                       again: str = "open the pack",
                       retry: Callable[[], Any] | None = None,
                       removed: str = "") -> QMessageBox:
        """A pack signed by an installation not trusted here: its fingerprint on a line of
        its own, to read out and compare, and a button to the keys dialog with the pack's
        key loaded (the fingerprint still has to be typed as the sender reads it). Once
        that key is trusted there, `retry` opens or imports the pack: the user came to
        open it, not to choose the file a second time."""
        box = QMessageBox(self.window)
        box.setObjectName("untrustedPackBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        # A key removed from the trusted list since: who removed it and when, before any
        # offer to trust it again (it was not a new sender).
        box.setText(f"{path.name} is signed by an installation that is no longer trusted "
                    f"here: {removed}. Nothing was changed." if removed else
                    f"{path.name} is signed by an installation that is not trusted here. "
                    "Nothing was changed.")
        groups = format_fingerprint(fingerprint).split()
        halves = f"{' '.join(groups[:8])}\n{' '.join(groups[8:])}"  # never wrapped mid-way
        not_admin = refusal(self.actor, "settings.manage")
        compare = "Compare it with the sender, by phone or in person"
        if not_admin:  # who can trust it: the greyed button alone left this user stuck
            advice = (f"{compare}. Trusting a key is an administrator's task: ask an "
                      "administrator of this installation to do it (Review → Installation "
                      f"key and trusted keys…), then {again} again.")
        elif retry is not None:
            # Trusted from this box, the pack is opened (imported) at once: "… and open the
            # pack again" sent the officer to choose the file a second time for nothing.
            advice = (f"{compare}, then trust that installation's key: the app will "
                      f"{again} as soon as the key is trusted.")
        else:
            advice = f"{compare}, then trust that installation's key and {again} again."
        box.setInformativeText(f"Its fingerprint:\n{halves}\n\n{advice}")
        trust = box.addButton("&Trust this installation…", QMessageBox.ButtonRole.ActionRole)
        # Trusting is an administrator's task: greyed out, saying so, for anyone else.
        set_available(trust, not_admin, "Open the trusted keys with this pack's key filled in")
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(QMessageBox.StandardButton.Close)

        def answered(_result: int) -> None:
            if box.clickedButton() is not trust:
                return
            keys = self.show_keys()
            keys.load_key_from(path)

            def trusted(info: svc.TrustedKeyInfo) -> None:
                if retry is None or _bare(info.fingerprint) != _bare(fingerprint):
                    return  # another key trusted meanwhile: the pack still is not
                keys.accept()
                retry()

            keys.trusted.connect(trusted)

        box.finished.connect(answered)
        box.open()
        return box


def install_review_features(window: QMainWindow, runner: TaskRunner, actor: Actor,
                            data_dir: DataDir | None = None) -> ReviewFeatures:
    """Add the Review menu to a main window (called by `run_gui`)."""
    return install_features(window, "review_features", data_dir,
                            lambda folder: ReviewFeatures(window, runner, actor, folder))
