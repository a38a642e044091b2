"""The case window's Timeline tab (a mixin of CaseView)."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from approvals.domain import workflow as wf
from approvals.domain.calendars import says_estimated
from approvals.domain.clocks import fmt_date
from approvals.domain.document_types import document_type_name
from approvals.domain.errors import NotFound
from approvals.domain.event_text import (
    CONDITION_STEPS,
    EventFacts,
    changed_paths,
    condition_words,
    event_sentence,
    particulars_named,
    rescreen_text,
    reviewer_of,
    state_namer,
    stored_value_shown,
)
from approvals.domain.field_labels import fact_value_text
from approvals.domain.permissions import ROLE_NAMES
from approvals.domain.typed_input import search_key
from approvals.services import documents as document_service
from approvals.services.audit_view import acting_text, person_named
from approvals.services.workflow import FilingTrackView
from approvals.services.workspace import CaseBundle, EventInfo
from approvals.ui.case_dialogs import CONDITION_FIELDS
from approvals.ui.case_steps import SELF_APPROVAL, self_approval_note
from approvals.ui.case_tab import CaseTab

if TYPE_CHECKING:
    from approvals.ui.case_view import CaseView
from approvals.ui.case_tracks import particular_text, review_text, timeline_widths
from approvals.ui.exports import add_timeline_export
from approvals.ui.timeline_table import NAME_NOTE, TimelineTable
from approvals.ui.widgets import (
    event_label,
    humanise,
    list_over_details,
    standard_shortcut,
    text_field,
)
from approvals.ui.wizard import readable_paths


class TimelineTab(CaseTab):
    """The Timeline tab: the case's audit events in words, filterable, with the
    details of the one chosen."""

    def _timeline_tab(self) -> QWidget:
        self._obligation_texts: dict[str, str] = {}
        # The events as the rows show them (newest first), with their sentences and
        # filter haystacks, made once per load.
        self._timeline_events: list[EventInfo] = []
        self._timeline_rows: list[tuple[str, ...]] = []
        self._timeline_names: tuple[dict[int, str], dict[int, str]] = ({}, {})
        self._timeline_actor_names: dict[str, str] = {}  # full name by login
        self._timeline_sentences: list[str | None] = []
        self._timeline_haystacks: list[str] = []
        self._timeline_search_timer = QTimer(self)
        self._timeline_search_timer.setInterval(0)
        self._timeline_search_timer.timeout.connect(lambda: self._make_timeline_haystacks(
            len(self._timeline_haystacks) + self.TIMELINE_SLICE))
        page = QWidget()
        layout = QVBoxLayout(page)
        # The tab's frame is its border: the style's margins inside it took two rows' height
        # from the list at 200 %.
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.timeline_filter = text_field(QLineEdit, "timelineFilter", "Filter events",
                                          "Filter events: who, what, field, reason… (Ctrl+F)")
        self.timeline_filter.setClearButtonEnabled(True)
        # Escape empties it, as in the case list's filter.
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.timeline_filter,
                           self.timeline_filter.clear)
        # Set apart: given with a slot, PySide6 drops the context argument, and a
        # window-wide Escape would empty the filter from anywhere in the case view.
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.setWhatsThis("Clear the Timeline filter")
        self.timeline_kind = QComboBox()
        self.timeline_kind.setObjectName("timelineKind")
        self.timeline_kind.setAccessibleName("Event kind")
        self.timeline_filter.textChanged.connect(lambda _t: self._filter_timeline())
        self.timeline_kind.currentIndexChanged.connect(lambda _i: self._filter_timeline())
        row.addWidget(self.timeline_filter, 1)
        row.addWidget(self.timeline_kind)
        # The events shown, as CSV (the export reads the whole window: this tab is CaseView's).
        self.timeline_export_button = add_timeline_export(cast("CaseView", self))
        row.addWidget(self.timeline_export_button)
        self.timeline = TimelineTable()
        self.timeline.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        self.timeline.setObjectName("timeline")
        self.timeline.setAccessibleName("Audit events")
        # When and Who as wide as a time and a name are in this font: their 145 and 90
        # pixels cut the seconds and the names off at 200 %. Set before the titles, which
        # apply the widths.
        self.timeline.WIDTHS = timeline_widths(self.timeline)
        self.timeline.setHorizontalHeaderLabels(["When (UTC)", "Who", "What", "Field",
                                                 "Change", "Reason"])
        self.timeline.verticalHeader().setVisible(False)
        # One line of text a row, as in the case list (the style's default row is half as
        # tall again: at 200 % the list above the details pane showed one event).
        self.timeline.verticalHeader().setDefaultSectionSize(
            self.timeline.fontMetrics().lineSpacing() + 8)
        # The list keeps its least rows in sight, the pane below its two lines: where the
        # window is shorter (200 % on a laptop screen, the distillation flag above the
        # tabs), the tab scrolls rather than the list shrinking to a row or two.
        self.timeline.setMinimumHeight(
            self.timeline.horizontalHeader().sizeHint().height()
            + self.LEAST_TIMELINE_ROWS * self.timeline.verticalHeader().defaultSectionSize()
            + 2 * self.timeline.frameWidth())
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setWordWrap(False)
        self.timeline.fit()  # for its titles
        self.timeline.currentCellChanged.connect(
            lambda row, _col, _old_row, _old_col: self._show_event_details(row))
        # Ctrl+C in the table copies the current event in full (as the details pane has it).
        copy_key = standard_shortcut(QKeySequence.StandardKey.Copy, self.timeline,
                                     self.copy_event_details)
        copy_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy_key.setWhatsThis("Copy the current event in full")
        # A row is one line (thousands of events stay quick); the event in full, as an
        # auditor reads it, is in the pane below: selectable, copyable, a Tab stop.
        self._details_text = self._details_page = ""
        self.timeline_details = QTextBrowser()
        self.timeline_details.setObjectName("timelineDetails")
        self.timeline_details.setAccessibleName("The selected event in full")
        self.timeline_details.setOpenLinks(False)
        self.timeline_details.setTabChangesFocus(True)  # Tab goes on to Copy event
        # Arrows, Shift+arrows and Ctrl+A select, Ctrl+C copies: the text, not links.
        self.timeline_details.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        # Short: Qt draws a placeholder on one line, and the longer one was cut off
        # mid-sentence ("… the old and new values and the") in a window 900 pixels wide.
        self.timeline_details.setPlaceholderText(
            "Select an event to read it in full here: who, when, why and its hashes.")
        self.timeline_copy_button = QPushButton("Cop&y event")
        self.timeline_copy_button.setObjectName("timelineCopyButton")
        self.timeline_copy_button.setToolTip(
            "Copy the selected event in full to the clipboard (Ctrl+C in the list)")
        self.timeline_copy_button.clicked.connect(self.copy_event_details)
        self.timeline_copy_button.setEnabled(False)
        # The button beside the pane, not above it: at 200 % on a laptop screen a row
        # more left the list one event high.
        # Two thirds to the list, however tall the window (the officer may drag it); the
        # pane may shrink to two lines (its scroll area asked for more than a short
        # window's list kept).
        self.timeline_details.setMinimumHeight(
            self.timeline_details.fontMetrics().lineSpacing() * 2 + 12)
        self.timeline_split = list_over_details(self.timeline, self.timeline_details,
                                                (self.timeline_copy_button,),
                                                name="timeline", shares=(2, 1))
        # A filter that hides every event says so, with the way back (as the case list does).
        self.timeline_no_match = QWidget()
        self.timeline_no_match.setObjectName("timelineNoMatch")
        self.timeline_no_match_label = QLabel()
        self.timeline_no_match_label.setWordWrap(True)
        clear = QPushButton("Clear &filter")  # Alt+F, as the case list's has its Alt key
        clear.setObjectName("timelineClearFilter")
        clear.clicked.connect(self.clear_timeline_filter)
        no_match_row = QHBoxLayout(self.timeline_no_match)
        no_match_row.setContentsMargins(0, 0, 0, 0)
        no_match_row.addWidget(self.timeline_no_match_label, 1)
        no_match_row.addWidget(clear)
        self.timeline_no_match.setVisible(False)
        layout.addLayout(row)
        layout.addWidget(self.timeline_no_match)
        layout.addWidget(self.timeline_split, 1)
        return page

    LEAST_TIMELINE_ROWS = 4  # events in sight at the least, however short the window

    def find_events(self) -> None:
        """Ctrl+F: the Timeline's filter; on the Documents tab, the documents' own."""
        # The Documents tab is shown (its controls are made when it first is).
        if self._made(self.documents_page) and self.documents_filter.isVisible():
            self.documents_filter.setFocus()
            self.documents_filter.selectAll()
            self._scroll_documents_to(self.documents_filter)  # the tab may be scrolled down
            return
        self.tabs.setCurrentWidget(self.timeline_page)
        self.timeline_filter.setFocus()
        self.timeline_filter.selectAll()
        # In a short window the tab scrolls: the filter in sight, not above the fold.
        self.timeline_page.ensureWidgetVisible(self.timeline_filter)

    def clear_timeline_filter(self) -> None:
        self.timeline_kind.setCurrentIndex(0)
        self.timeline_filter.clear()
        self.timeline_filter.setFocus()

    @staticmethod
    def _short(value: Any) -> str:
        if value is None:
            return "—"
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 80 else text[:77] + "…"

    def _event_change(self, event: Any, kinds: dict[int, str],
                      steps: dict[int, Any] | None = None) -> str:
        """The change in words: state labels for a track step, the outcome a track was
        opened for; the stored values (shortened) otherwise, in full in the tooltip."""
        old, new = event.old_value, event.new_value
        details = event.details if isinstance(event.details, dict) else {}
        kind = kinds.get(event.track_id) if event.track_id is not None else None
        if kind and event.field == "state" and isinstance(old, str) and isinstance(new, str):
            step = (steps or {}).get(event.id)
            recorded = step.particulars if step else ()
            noted = "; ".join(particular_text(k, v, kind) for k, v in recorded)
            try:
                if old == new and step is not None:
                    # "Draft → Draft" hid what was recorded (the completion date that starts
                    # the US notification clock): its dates first, so a narrow column at
                    # 150 % still shows them; an extension by its length; else the step's name.
                    dated = "; ".join(particular_text(k, v, kind) for k, v in recorded
                                      if k != "extension_days")
                    extended = "; ".join(particular_text(k, v, kind) for k, v in recorded
                                         if k == "extension_days")
                    said = f"{dated} recorded" if dated else extended or step.label
                    return f"{said} (stays {wf.state_label(kind, new)})"
                moved = f"{wf.state_label(kind, old)} → {wf.state_label(kind, new)}"
                if isinstance(event.details, dict) and event.details.get("self_approval"):
                    # As the Tracks tab's history says it.
                    noted = "; ".join(filter(None, (noted, SELF_APPROVAL)))
                return f"{moved}; {noted}" if noted else moved
            except NotFound:  # a state no longer in the workflow
                pass
        if event.action in ("obligation.created", "obligation.status"):
            return self._obligation_change(event)
        if event.action in ("obligation.due_recounted", "obligation.edited"):
            # The status report's sentence.
            text = self._obligation_texts.get(event.entity_id, "")
            if len(text) > self.CONDITION_CHARS:
                text = text[:self.CONDITION_CHARS - 1].rstrip() + "…"
            return event_sentence(EventFacts(event.action, event.entity_id, event.field,
                                             old, new, details or None),
                                  condition=text or None)
        if event.action.startswith("review.") or event.action == "comment.added":
            # Whose review input it is, in the status report's words: the Who column names
            # whoever imported it (often cli:root), not the reviewer.
            said = review_text(event)
            if said:
                return said
        if event.action == "comment.added" and isinstance(new, dict) and new.get("body"):
            # The comment itself, not "changed: body".
            return self._short(" ".join(str(new["body"]).split()))
        if event.action == "field.changed" and event.field:
            # A fact in its words (Activities: AI model development → …), not the stored
            # JSON (["ai_model_development"], ∅ → true); the stored values are in the pane.
            return " → ".join(self._short(fact_value_text(event.field, v)) for v in (old, new))
        if event.action == "track.opened" and isinstance(new, dict) and new.get("outcome"):
            return f"for {humanise(str(new['outcome'])).lower()}"
        if event.action == "case.created" and isinstance(new, dict):
            return "the facts as entered (details in the tooltip)"
        if event.action == "case.rescreen_accepted" and isinstance(new, dict):
            # The outcomes it changed first, in the status report's words, not the stored
            # JSON of rulebook and date; the whole event is in the details pane.
            return self._short(rescreen_text(old, new, details, outcomes_first=True))
        if event.action == "document.attached" and isinstance(new, dict) and new.get("file_name"):
            # What was attached, not "changed: allowed users, doc type, file name, …".
            kind = document_type_name(str(new["doc_type"])) if new.get("doc_type") else ""
            # Who may open it in words ("Alice Wong (alice) and bob"): the event keeps logins.
            restricted = f", {self._access_text(new)}" if new.get("restricted") else ""
            return self._short(str(new["file_name"]) + (f" ({kind})" if kind else "")
                               + restricted)
        # Which file, by name (events recorded before they named it: by number).
        file_named = str(details.get("file_name") or f"document #{event.entity_id}")
        if event.action == "document.withdrawn":
            # Which file, and what replaced it; not "changed: status, withdrawn at".
            newer = new.get("superseded_by_file") if isinstance(new, dict) else None
            return self._short(f"in force → withdrawn: {file_named}"
                               + (f" (replaced by {newer})" if newer else ""))
        if event.action == "document.restriction_changed":
            # "SPA.pdf: open to every user → restricted to Alice Wong (alice) and bob", not
            # "changed: allowed users, restricted" (nor without the file's name). Not cut
            # at 80 characters, mid-name: the column elides, the tooltip has it whole.
            return f"{file_named}: " + " → ".join(self._access_text(v) for v in (old, new))
        if event.action == "document.exported":  # an empty cell said nothing of which file
            return self._short(file_named + (" (restricted)" if details.get("restricted")
                                             else ""))
        if event.action == "document.type_changed":  # by name, not "org_chart → kyc"
            return self._short(f"{file_named}: "
                               + " → ".join(document_type_name(str(v)) if v else "(no type)"
                                            for v in (old, new)))
        if isinstance(new, dict) and isinstance(new.get("outcomes"), dict):  # a screening
            return self._short(", ".join(f"{regime} {humanise(str(outcome)).lower()}"
                                         for regime, outcome in new["outcomes"].items()))
        if isinstance(new, dict) and isinstance(old, dict | None):  # e.g. particulars
            changed = [path for path, _old, _new in changed_paths(old, new)]
            # A particular by the Filing particulars editor's name ("Applicant (the target
            # company) — Contact person"), as the status report says it; not its key.
            if changed and event.action == "case.particulars_changed":
                # Not cut at 80 characters: names this long cut mid-word; the column
                # elides what it cannot show and the tooltip has it whole.
                # Each section once, before its first field, as the status report says it.
                return "changed: " + "; ".join(particulars_named(changed))
            if changed:
                return self._short("changed: " + ", ".join(
                    p.replace(".", " ").replace("_", " ") for p in changed))
        if event.field or old is not None:
            return f"{self._short(old)} → {self._short(new)}"
        return self._short(new) if new is not None else ""

    def _access_text(self, value: Any) -> str:
        """Who may open a document, as a restriction event stores it ({"restricted": …,
        "allowed_users": [logins]}), in words: "restricted to Alice Wong (alice) and bob"."""
        if not isinstance(value, dict):
            return str(value)
        if not value.get("restricted"):
            return "open to every user"
        users = document_service.people_text(
            [str(u) for u in value.get("allowed_users") or []], self._timeline_actor_names,
            nobody="")
        return f"restricted to {users}" if users else "restricted"

    CONDITION_CHARS = 40  # of a condition's text in the Change column (whole in its tooltip)

    def _obligation_change(self, event: Any, whole: bool = False) -> str:
        """"condition 'Keep data in China' marked fulfilled", not "open → fulfilled". A
        long condition is shortened (`whole`: not), so what became of it stays in view."""
        new = event.new_value
        if event.action == "obligation.created" and isinstance(new, dict):
            text = str(new.get("text") or "")
            due = new.get("due_date")
            when = f"due {fmt_date(date.fromisoformat(str(due)))}" if due else "no due date"
            if due and not whole and says_estimated(text):  # the note's gist, in view
                when += " (estimated)"
        else:
            text = self._obligation_texts.get(event.entity_id, "")
            when = CONDITION_STEPS.get(str(new), f"marked {humanise(str(new)).lower()}")
        if not whole:  # the condition's own words first (the note is in the tooltip)
            text = condition_words(text)
        if not whole and len(text) > self.CONDITION_CHARS:
            text = text[:self.CONDITION_CHARS - 1].rstrip() + "…"
        named = f"condition '{text}'" if text else "condition"
        return f"{named}, {when}" if event.action == "obligation.created" else f"{named} {when}"

    def _show_timeline(self, bundle: CaseBundle, tracks: Sequence[FilingTrackView] = (),
                       names: dict[str, str] | None = None) -> None:
        """The case's events, newest first; `names` (full name by login) says who in words
        ("Li Wei (li.wei)"), the login staying beside it: it is what the event records."""
        events = list(reversed(bundle.events))  # newest first
        self._timeline_actor_names = names = names or {}
        # A condition's status change names the condition (the event keeps only its id).
        self._obligation_texts = {str(o.id): o.text for t in tracks for o in t.obligations}
        regimes = {t.id: t.regime for t in bundle.tracks}
        track_kinds = {t.id: t.kind for t in bundle.tracks}
        # Each track step's history entry (its label and what it recorded): both lists are
        # the track's transitions in the order they were stored.
        steps: dict[int, Any] = {}
        for track in tracks:
            ids = [e.id for e in bundle.events
                   if e.track_id == track.id and e.action == "track.transition"]
            if len(ids) == len(track.history):
                steps.update(zip(ids, track.history, strict=True))
        # The event selected stays selected after a reload (a step taken puts a new event
        # at the top: the same row would be another event).
        row = self.timeline.currentRow()
        selected = self._timeline_events[row].id \
            if 0 <= row < len(self._timeline_events) else None
        self._timeline_events = events
        self._timeline_names = (regimes, track_kinds)
        # Each event in the status report's words, whole (the What cell's tooltip, the
        # details pane, the filter), and what the filter searches: made when first asked
        # for, once per load (5,000 events filled in 0.8 s when all were made up front).
        self._timeline_sentences = [None] * len(events)
        self._timeline_haystacks = []
        rows: list[tuple[str, ...]] = []
        for event in events:
            what = event_label(event.action)
            if event.track_id in regimes:
                what = f"{regimes[event.track_id]}: {what[:1].lower()}{what[1:]}"
            field_text = event.field or ""
            if event.action in ("field.changed", "comment.added") or \
                    event.action.startswith("review.proposal_"):
                field_text = readable_paths(field_text)
            elif (event.field == "state" or field_text.startswith("filing.particulars")
                  or event.action == "obligation.status"):
                field_text = ""  # said by What already
            elif event.action == "obligation.edited":  # "due date", not "due_date"
                field_text = CONDITION_FIELDS.get(field_text, field_text)
            # A reason of several lines on one line (the cell would show only its first);
            # whole in its tooltip and the details pane.
            reason = " / ".join(line.strip() for line in event.reason.splitlines()
                                if line.strip()) if "\n" in event.reason else event.reason
            rows.append((event.occurred_at.replace("T", " ").rstrip("Z"),
                         person_named(event.actor, names), what,
                         field_text, self._event_change(event, track_kinds, steps), reason))
        self._timeline_rows = rows
        self.timeline.set_rows(rows, [e.action for e in events], self._timeline_tip)
        # Made searchable a slice at a time while the window is idle: the first keystroke
        # in the filter then waits for none of it.
        self._timeline_search_timer.start()
        current = self.timeline_kind.currentData() if self.timeline_kind.count() else ""
        self.timeline_kind.blockSignals(True)
        self.timeline_kind.clear()
        self.timeline_kind.addItem("All events", "")  # never None: see wizard.ChoiceField
        for kind in sorted({e.action for e in events}, key=event_label):
            self.timeline_kind.addItem(event_label(kind), kind)
        index = self.timeline_kind.findData(current)
        self.timeline_kind.setCurrentIndex(max(index, 0))
        self.timeline_kind.blockSignals(False)
        self._filter_timeline()
        if selected is not None:
            row = next((i for i, e in enumerate(events) if e.id == selected), -1)
            if row != self.timeline.currentRow():
                self.timeline.setCurrentCell(row, max(self.timeline.currentColumn(), 0))
        self._show_event_details(self.timeline.currentRow())  # the event as now stored

    def _timeline_tip(self, row: int, column: int) -> str:
        """A Timeline cell's tooltip: the cell whole (a long value is cut off by its
        column), or more than the cell says: the event's sentence under What, the stored
        values under Change, who gave the review input under Who."""
        event, value = self._timeline_events[row], self._timeline_rows[row][column]
        if column == 1:
            reviewer = reviewer_of(event.details) if isinstance(event.details, dict) else ""
            if reviewer and reviewer not in (value, event.actor):
                return f"{value} recorded it; the review input is from {reviewer}"
            if event.actor in self._timeline_actor_names:
                return f"{value}\n{NAME_NOTE.format(login=event.actor)}"
        if column == 2:
            return self._timeline_sentence(row)  # what the event did, whole
        if column == 5 and value != event.reason:
            return event.reason
        if column == 4 and event.action in ("obligation.created", "obligation.status"):
            return self._obligation_change(event, whole=True)
        if column == 4 and (event.old_value is not None or event.new_value is not None):
            # The cell's words whole first (a narrow column at 200 % cuts them; the stored
            # codes alone, "draft" → "submitted", did not say what the cell said).
            stored = json.dumps({"old": event.old_value, "new": event.new_value},
                                ensure_ascii=False, indent=1)[:2000]
            if isinstance(event.details, dict) and event.details.get("self_approval"):
                # The cell's short "self-approval, solo mode" as the audit trail says it:
                # since when, by whom and why solo mode was on.
                names = self._timeline_actor_names
                value += "\n" + self_approval_note(person_named(event.actor, names),
                                                   event.details.get("solo_mode"), names)
            return f"{value}\n\nAs stored:\n{stored}" if value else stored
        return value

    TIMELINE_SLICE = 250  # events made searchable per idle pass (a few milliseconds)

    def _make_timeline_haystacks(self, upto: int) -> None:
        """What the filter searches for the first `upto` events not yet made: the cells,
        the action's code ("track.opened"), the whole sentence and the reason."""
        events, rows, made = self._timeline_events, self._timeline_rows, self._timeline_haystacks
        for row in range(len(made), min(upto, len(events))):
            event = events[row]
            made.append(search_key("\x1f".join([*rows[row], event.action,
                                                self._timeline_sentence(row), event.reason])))
        if len(made) >= len(events):
            self._timeline_search_timer.stop()

    def _timeline_sentence(self, row: int) -> str:
        """The event on `row` in the status report's words (made once per load)."""
        said = self._timeline_sentences[row]
        if said is None:
            regimes, kinds = self._timeline_names
            said = self._timeline_sentences[row] = self._sentence(
                self._timeline_events[row], regimes, kinds)
        return said

    def _filter_timeline(self) -> None:
        terms = search_key(self.timeline_filter.text()).split()
        kind = self.timeline_kind.currentData() or None
        events = self._timeline_events
        if len(events) != self.timeline.rowCount():
            return  # not filled yet
        if terms:
            self._make_timeline_haystacks(len(events))  # what the idle time has not made
        haystacks = self._timeline_haystacks if terms else [""] * len(events)
        for row, (event, hay) in enumerate(zip(events, haystacks, strict=True)):
            hidden = bool(kind and event.action != kind) or not all(t in hay for t in terms)
            if self.timeline.isRowHidden(row) != hidden:
                self.timeline.setRowHidden(row, hidden)
        current = self.timeline.currentRow()
        if current >= 0 and self.timeline.isRowHidden(current):
            self._show_event_details(-1)  # a hidden event is not "selected" any more
        elif current >= 0 and not self._details_text:
            self._show_event_details(current)
        hidden_all = self.timeline.rowCount() > 0 and self.visible_timeline_rows() == 0
        if hidden_all:
            text = self.timeline_filter.text().strip()
            parts = ([f"“{text}”"] if text else []) + (
                [self.timeline_kind.currentText()] if kind else [])
            self.timeline_no_match_label.setText(f"No event matches {' and '.join(parts)}.")
        self.timeline_no_match.setVisible(hidden_all)

    def visible_timeline_rows(self) -> int:
        return sum(not self.timeline.isRowHidden(r) for r in range(self.timeline.rowCount()))

    def _sentence(self, event: EventInfo, regimes: dict[int, str],
                  kinds: dict[int, str]) -> str:
        """The event as the status report's audit timeline says it (domain.event_text):
        its stored old and new values exact, nothing shortened but a hash; the people a
        document is restricted to by name and login, not login alone (the report's own
        wording is left as it is: its content is fingerprinted)."""
        kind = kinds.get(event.track_id) if event.track_id is not None else None
        details = event.details if isinstance(event.details, dict) else None
        return event_sentence(
            EventFacts(event.action, event.entity_id, event.field, event.old_value,
                       event.new_value, details),
            state_name=state_namer(kind), kind=kind,
            condition=self._obligation_texts.get(event.entity_id) or None
            if event.action.startswith("obligation.") else None,
            regime=regimes.get(event.track_id) if event.track_id is not None else None,
            person=self._timeline_person)

    def _timeline_person(self, login: str) -> str:
        """A login an event names ("restricted to li.wei") in words: "Li Wei (li.wei)"."""
        return person_named(login, self._timeline_actor_names)

    def event_fields(self, row: int) -> tuple[str, list[tuple[str, str]]]:
        """The event on `row` in full: what it did (the status report's sentence), then
        (label, value) pairs: when, who in which role, the reason, the field and its old
        and new values exactly as stored, and its place in the hash chain."""
        events = self._timeline_events
        if not 0 <= row < len(events) or len(self._timeline_sentences) != len(events):
            return "", []
        sentence = self._timeline_sentence(row)
        event = events[row]
        fields = [("When (UTC)", event.occurred_at.replace("T", " ").rstrip("Z"))]
        roles = ", ".join(ROLE_NAMES.get(r, r) for r in event.role.split(",") if r)
        # "Li Wei (li.wei), as approver": the name as the user list holds it now
        fields.append(("Who", acting_text(event.actor, self._timeline_actor_names.get(event.actor, ""),
                                          roles)))
        reviewer = reviewer_of(event.details) if isinstance(event.details, dict) else ""
        if reviewer and reviewer != event.actor:
            fields.append(("Review input from", reviewer))
        fields.append(("Reason", event.reason.strip() or "(none given)"))
        if event.field:
            label = readable_paths(event.field)
            fields.append(("Field", label + (f" ({event.field})" if label != event.field
                                             else "")))
        if event.old_value is not None or event.new_value is not None or event.field:
            kinds = self._timeline_names[1]
            namer = state_namer(kinds.get(event.track_id) if event.track_id is not None
                                else None)
            fields += [("Old value", stored_value_shown(event.old_value, field=event.field,
                                                        state_name=namer)),
                       ("New value", stored_value_shown(event.new_value, field=event.field,
                                                        state_name=namer))]
        fields.append(("Event", f"#{event.id} · {event.action} · {event.entity}"
                       + (f" {event.entity_id}" if event.entity_id else "")))
        if event.hash:
            fields += [("Hash (SHA-256)", event.hash),
                       ("Previous event's hash", event.prev_hash or "(first event)")]
        return sentence, fields

    def event_details(self, row: int) -> str:
        """The event on `row` in full, as plain text (what Copy event puts on the
        clipboard): the sentence, then one "Label: value" line each, a value of several
        lines indented under its label."""
        sentence, fields = self.event_fields(row)
        if not sentence:
            return ""
        lines = [sentence, ""]
        for label, value in fields:
            if "\n" in value:
                lines += [f"{label}:", *(f"  {line}" for line in value.splitlines())]
            else:
                lines.append(f"{label}: {value}")
        return "\n".join(lines)

    def _show_event_details(self, row: int) -> None:
        if not hasattr(self, "timeline_copy_button"):
            return  # the tab is being built
        hidden = 0 <= row < self.timeline.rowCount() and self.timeline.isRowHidden(row)
        sentence, fields = ("", []) if hidden else self.event_fields(row)
        self._details_text = self.event_details(row) if sentence else ""
        if sentence:
            cells = "".join(
                f"<tr><td style='padding-right:12px'><b>{html.escape(label)}</b></td>"
                f"<td style='white-space:pre-wrap'>{html.escape(value)}</td></tr>"
                for label, value in fields)
            page = (f"<p style='white-space:pre-wrap; margin-bottom:8px'>"
                    f"{html.escape(sentence)}</p>"
                    f"<table cellspacing='0' cellpadding='1' style='margin-top:8px'>"
                    f"{cells}</table>")
        else:
            page = ""
        if page != self._details_page:
            self._details_page = page
            self.timeline_details.setHtml(page)
        self.timeline_copy_button.setEnabled(bool(sentence))
        self.timeline_copy_button.setToolTip(
            "Copy the selected event in full to the clipboard (Ctrl+C in the list)" if sentence
            else "Select an event in the list to copy it")

    def copy_event_details(self) -> None:
        """The selected event in full, to the clipboard (to paste into a note or a mail)."""
        if self._details_text:
            QGuiApplication.clipboard().setText(self._details_text)
