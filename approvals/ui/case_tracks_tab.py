"""The case window's Tracks tab (a mixin of CaseView); its tables and words are in
case_tracks, its dialogs in case_dialogs, a step's words in case_steps.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from approvals.domain import workflow as wf
from approvals.domain.approval_changes import describe as describe_changes
from approvals.domain.calendars import says_estimated
from approvals.domain.clocks import fmt_date
from approvals.domain.errors import (
    ApprovalsError,
    ConflictError,
    InputError,
    PermissionDenied,
)
from approvals.domain.event_text import condition_words
from approvals.domain.permissions import PERMISSIONS, role_words
from approvals.domain.wording import FOLLOW_UP_PREFIX, follow_up_tip
from approvals.services import workflow as workflow_service
from approvals.services.audit_view import person_named
from approvals.services.workflow import ActionView, FilingTrackView, ObligationView
from approvals.services.workspace import EventInfo
from approvals.ui.case_data import CaseData
from approvals.ui.case_dialogs import (
    ActionDialog,
    ConditionStatusDialog,
    EditConditionDialog,
    WaiveDialog,
)
from approvals.ui.case_layout import DetailsScroll, blocked_note, scrolled
from approvals.ui.case_steps import (
    SELF_APPROVAL,
    history_date,
    last_step,
    missing_step_facts,
    self_approval_note,
    step_effect,
    step_letters,
    table_label,
    without_label,
)
from approvals.ui.case_tab import CaseTab
from approvals.ui.case_tracks import (
    HistoryTable,
    ObligationsTable,
    TracksSplitter,
    decision_day,
    obligations_outlive,
    open_obligations_line,
    particular_text,
    track_diagram,
)
from approvals.ui.errors import refusal, show_error, user_message
from approvals.ui.review import field_label
from approvals.ui.timeline_table import NAME_NOTE
from approvals.ui.widgets import (
    ALT_KEYS,
    WORD_JOINER,
    access_key,
    alt_keys_in_use,
    badge_html,
    humanise,
    overdue_colour,
    palette_styled,
    secondary_text_colour,
    set_available,
    show_keyboard_focus,
    utc_text,
    with_access_key,
)
from approvals.ui.wizard import readable_paths
from approvals.ui.workflow_diagram import DiagramView


class TracksTab(CaseTab):
    """The Tracks tab: each filing track's state, diagram, clock and history, its
    conditions and obligations, and the steps the transition table allows (each greyed-out
    one says why), taken through the step dialog."""

    def _tracks_tab(self) -> QWidget:
        self.track_list = QListWidget()
        self.track_list.setObjectName("trackList")
        self.track_list.setAccessibleName("Filing tracks")
        self.track_list.setWordWrap(True)
        self.track_list.setSpacing(3)  # a wrapped track's second line stays visibly its own
        # A narrow window squeezed the list to a word a line, its items cut off ("due 31 …"):
        # the longest regime keeps a line, and each item's whole text is in its tooltip.
        self.track_list.setMinimumWidth(
            self.track_list.fontMetrics().horizontalAdvance("CN-TECH-EXPORT — Draft") + 32)
        self.track_list.currentRowChanged.connect(self._track_selected)
        self.track_state = QLabel()
        self.track_state.setObjectName("trackState")
        self.track_state.setTextFormat(Qt.TextFormat.RichText)
        self.track_state.setWordWrap(True)
        # Facts edited after the approval for filing: the approver signed off on others.
        self.approval_note = QLabel()
        self.approval_note.setObjectName("trackApprovalNote")
        self.approval_note.setWordWrap(True)
        self.approval_note.setTextFormat(Qt.TextFormat.PlainText)
        self.approval_note.setVisible(False)
        self.track_clock = QLabel()
        self.track_clock.setObjectName("trackClock")
        self.track_clock.setWordWrap(True)
        self.obligations = self._obligations_box()
        self.diagram = DiagramView()
        # Two rows of boxes and the gap between them at least, in the font's size: with a
        # large font (200 %) 180 px showed a row and a half, the rest under a scroll bar.
        self.diagram.setMinimumHeight(max(180, 8 * self.diagram.fontMetrics().height()))
        self.actions_box = QWidget()
        self.actions_layout = QGridLayout(self.actions_box)
        self.actions_layout.setContentsMargins(0, 0, 0, 0)
        self.history = HistoryTable(0, 5)
        self.history.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        self.history.setObjectName("trackHistory")
        self.history.setAccessibleName("Track history")
        self.history.setHorizontalHeaderLabels(["Effective", "Who", "Step", "New state",
                                                "Reason"])
        self.history.setWordWrap(False)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Its heading and three steps at least: at 200 % the diagram above left it one row.
        self.history.setMinimumHeight(
            self.history.horizontalHeader().sizeHint().height()
            + 3 * self.history.verticalHeader().defaultSectionSize()
            + 2 * self.history.frameWidth() + 2)
        self.history.fit()
        right = QWidget()
        right_layout = self.track_details_layout = QVBoxLayout(right)
        right_layout.addWidget(self.approval_note)
        right_layout.addWidget(self.track_clock)
        right_layout.addWidget(self.obligations)
        self.actions_heading = QLabel("<b>Actions</b>")
        self.actions_heading.setObjectName("actionsHeading")
        right_layout.addWidget(self.actions_heading)
        right_layout.addWidget(self.actions_box)
        # Why each greyed-out step waits, in words on the page: a greyed-out button takes
        # no focus, so its tooltip never reached a keyboard user.
        self.actions_blocked = QLabel()
        self.actions_blocked.setObjectName("actionsBlocked")
        self.actions_blocked.setWordWrap(True)
        self.actions_blocked.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.actions_blocked.setVisible(False)
        right_layout.addWidget(self.actions_blocked)
        # A step waiting on a fact: the wizard at that fact's field, not on page 1 (the
        # officer paged through the screens to find "Commercial rationale").
        self.fill_fact_button = QPushButton()
        self.fill_fact_button.setObjectName("fillMissingFactButton")
        self.fill_fact_button.setVisible(False)
        self._fill_fact_path = ""
        self.fill_fact_button.clicked.connect(lambda: self.edit_facts(at=self._fill_fact_path))
        fill_row = QHBoxLayout()
        fill_row.addWidget(self.fill_fact_button)
        fill_row.addStretch(1)
        right_layout.addLayout(fill_row)
        # The steps above the diagram: wrapped into bands on a narrow window or at 200 %,
        # the diagram pushed them below the fold (the officer scrolled to act).
        right_layout.addWidget(self.diagram, 2)
        right_layout.addWidget(self.history, 1)
        right_layout.addStretch(0)  # takes the room only when the parts above are hidden
        # The track's details scroll when the window is smaller than they are (200 % on a
        # laptop screen): they pushed the window's foot, with the history, past the screen.
        self.track_details = scrolled(right, "trackDetails", DetailsScroll())
        # The state line stays above the details as they scroll: at 200 % on a laptop
        # (about 190 px of details in view) it and the diagram's current box did not fit
        # together, and the line that names the track scrolled away under the box.
        margins = right_layout.contentsMargins()
        right_layout.setContentsMargins(margins.left(), 0, margins.right(), margins.bottom())
        details = QWidget()
        details.setObjectName("trackDetailsColumn")
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(margins.left(), margins.top(), margins.right(), 0)
        details_layout.addWidget(self.track_state)
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(right_layout.spacing())  # as between the details' own lines
        outer.addWidget(details)
        outer.addWidget(self.track_details, 1)
        column = QWidget()
        column.setLayout(outer)
        # The track last shown: another one selected brings its state into view, the same
        # one reloaded (Refresh, a step taken) keeps the officer's scroll.
        self._shown_track_id: int | None = None
        self._history_rows_shown = 0  # the shown track's steps: one more is a step just taken
        # The step buttons in as many columns as fit (four at most): four side by side
        # made the details wider than a window at 200 %, scrolled sideways.
        self.track_details.resized.connect(self._arrange_actions)
        splitter = self.tracks_split = TracksSplitter()
        splitter.addWidget(self.track_list)
        splitter.addWidget(column)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([TracksSplitter.LIST_WIDTH, 800])
        return splitter

    def _obligations_box(self) -> QWidget:
        """The conditions of a conditional clearance: each with its due date and status,
        and the buttons that mark the selected one fulfilled, waive it or re-open it."""
        box = QWidget()
        box.setObjectName("trackObligations")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        # "Follow-ups" on a plain clearance: its obligations are the rules' (a renewal).
        self.obligations_heading = QLabel("<b>Conditions</b>")
        layout.addWidget(self.obligations_heading)
        table = self.obligations_table = ObligationsTable(0, 3)
        table.setObjectName("obligationsTable")
        table.setAccessibleName("Conditions of the clearance")
        table.setHorizontalHeaderLabels(["Condition", "Due", "Status"])
        table.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        table.itemSelectionChanged.connect(self._update_obligation_buttons)
        layout.addWidget(table)
        row = QHBoxLayout()
        # Each asks for its reason (the audit trail keeps it with the change).
        self.fulfil_button = QPushButton("Mark &fulfilled…")  # Alt+F
        self.fulfil_button.setObjectName("obligationFulfilButton")
        self.fulfil_button.clicked.connect(lambda: self.ask_condition_status("fulfilled"))
        self.waive_button = QPushButton("&Waive…")  # Alt+W
        self.waive_button.setObjectName("obligationWaiveButton")
        self.waive_button.clicked.connect(self.ask_waive)
        self.reopen_button = QPushButton("Re-ope&n…")  # Alt+N: P is Proposed changes…
        self.reopen_button.setObjectName("obligationReopenButton")
        self.reopen_button.clicked.connect(lambda: self.ask_condition_status("open"))
        # A condition mistyped when the decision was recorded, or its due date wrong.
        self.edit_condition_button = QPushButton("Ed&it condition…")  # Alt+I
        self.edit_condition_button.setObjectName("obligationEditButton")
        self.edit_condition_button.clicked.connect(self.ask_edit_condition)
        # A condition the authority set after the decision was recorded.
        self.add_condition_button = QPushButton("Add anot&her condition…")  # Alt+H
        self.add_condition_button.setObjectName("obligationAddButton")
        self.add_condition_button.clicked.connect(self.ask_add_condition)
        for button in (self.fulfil_button, self.waive_button, self.reopen_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        # Correcting the record on a line of its own: the five buttons side by side made
        # the details wider than the window at 200 %.
        corrections = QHBoxLayout()
        for button in (self.edit_condition_button, self.add_condition_button):
            corrections.addWidget(button)
        corrections.addStretch(1)
        layout.addLayout(corrections)
        # Why the buttons above are greyed out for this viewer's roles, in words a keyboard
        # user can read (a greyed-out button takes no focus; its tooltip was all).
        self.obligations_blocked = blocked_note("obligationsBlocked")
        layout.addWidget(self.obligations_blocked)
        self.waive_dialog: WaiveDialog | None = None
        # The open Mark fulfilled… or Re-open… question.
        self.condition_status_dialog: ConditionStatusDialog | None = None
        self._obligation_kept: int | None = None
        return box

    def current_obligation(self) -> ObligationView | None:
        track = self.current_track()
        rows = self.obligations_table.selectionModel().selectedRows()
        if track is None or not rows or rows[0].row() >= len(track.obligations):
            return None
        return track.obligations[rows[0].row()]

    def _show_obligations(self, track: FilingTrackView) -> None:
        table = self.obligations_table
        word = "Conditions" if track.obligation_word == "condition" else "Follow-ups"
        self.obligations_heading.setText(f"<b>{word}</b>")
        table.setAccessibleName("Conditions of the clearance" if word == "Conditions"
                                else "Follow-ups of the decision")
        table.setHorizontalHeaderLabels([word[:-1], "Due", "Status"])
        keep = self._obligation_kept  # the one selected before the reload stays selected
        # Who set each condition's status, when and why (a waiver's reason), from the
        # events already read: said on the status.
        last: dict[str, EventInfo] = {}
        names = self.data.actor_names if self.data else {}
        for event in self.data.bundle.events if self.data else ():
            if event.action == "obligation.status":
                last[event.entity_id] = event
        table.blockSignals(True)
        table.setRowCount(len(track.obligations))
        for i, o in enumerate(track.obligations):
            due = fmt_date(date.fromisoformat(o.due_date)) if o.due_date else "no due date"
            if o.due_date and says_estimated(o.text):  # as the status report says it
                due += " (estimated)"
            if o.overdue:  # said, not shown by the red alone
                due += " (overdue)"
            status = humanise(o.status)
            said = last.get(str(o.id))
            if said is not None and o.status != "open":
                # Who settled it, in the cell (not only on hover) and by name, as the
                # Timeline's Who column says people; when and why in the tooltip.
                status = f"{status} by {person_named(said.actor, names)}"
            status_tip = status if said is None or o.status == "open" else (
                f"{status} at {utc_text(said.occurred_at)}"
                + (f": {said.reason}" if said.reason else ""))
            # The condition in its own words: the note a due date counted through an
            # estimated year adds to the stored text ("(due date estimated: no official
            # …)") pushed the condition itself out of sight, and Due says "(estimated)";
            # the note is whole in the tooltip.
            # Among the authority's conditions, the rules' own (a data-export renewal) is
            # said to be a follow-up, as the deadlines dashboard names it.
            follow_up = o.rule_made and track.obligation_word == "condition"
            words = (FOLLOW_UP_PREFIX if follow_up else "") + condition_words(o.text)
            text_tip = follow_up_tip(o.text) if follow_up else o.text
            for j, value in enumerate((words, due, status)):
                item = QTableWidgetItem(value)
                item.setToolTip(status_tip if j == 2 else text_tip if j == 0 else value)
                if o.overdue and j < 2:
                    item.setForeground(QBrush(overdue_colour()))
                table.setItem(i, j, item)
        table.clearSelection()
        row = next((i for i, o in enumerate(track.obligations) if o.id == keep), None)
        if row is None:  # the first open one, else the first: the buttons say what they do
            row = next((i for i, o in enumerate(track.obligations) if o.status == "open"), 0)
        if track.obligations:
            table.selectRow(row)
            table.setCurrentCell(row, 0)
        table.blockSignals(False)
        self.obligations.setVisible(bool(track.obligations))
        table.fit()
        self._update_obligation_buttons()

    def _update_obligation_buttons(self) -> None:
        # The window's focus widget, not hasFocus(): back from the button's dialog the
        # window may not be active again yet, and the greyed-out button kept the keys.
        focused = next((b for b in (self.fulfil_button, self.waive_button, self.reopen_button,
                                    self.edit_condition_button, self.add_condition_button)
                        if b is self.focusWidget()), None)
        self._gate_obligation_buttons()
        # The button just used from the keyboard may be greyed out now (a fulfilled one
        # cannot be fulfilled again): back to the list, not to the next button Qt picks
        # (Space again would have re-opened the condition just fulfilled).
        if focused is not None and not focused.isEnabled():
            self.obligations_table.setFocus()

    def _gate_obligation_buttons(self) -> None:
        chosen = self.current_obligation()
        self._obligation_kept = chosen.id if chosen else None
        may = self._condition_refusal() or self._closed_case()
        # Not a closed case's reason: its banner says it.
        blocked = f"Not available to you: {self._condition_refusal()}" \
            if self._condition_refusal() and not self._closed_case() else ""
        self.obligations_blocked.setText(blocked)
        palette_styled(self.obligations_blocked, "secondary")
        self.obligations_blocked.setVisible(bool(blocked))
        pick = "Select a condition in the list first."
        what = f"“{condition_words(chosen.text)}”" if chosen else ""
        status = humanise(chosen.status).lower() if chosen else ""
        set_available(self.fulfil_button, may or (pick if chosen is None else (
            "" if chosen.status == "open" else f"The condition is already {status}; "
                                               "re-open it first.")),
            f"Record that the condition {what} has been met; asks why (optional)")
        set_available(self.waive_button, may or (pick if chosen is None else (
            "" if chosen.status == "open" else f"The condition is already {status}; "
                                               "re-open it first.")),
            f"Record that the condition {what} no longer applies; asks why")
        set_available(self.reopen_button, may or (pick if chosen is None else (
            "" if chosen.status != "open" else "The condition is open already.")),
            f"Open the condition {what} again (it counts towards the deadlines again); "
            "asks why")
        self._gate_edit_condition(chosen, may, pick)

    def _gate_edit_condition(self, chosen: ObligationView | None, may: str, pick: str) -> None:
        """Edit condition… for the authority's conditions (a follow-up is the rules'):
        greyed out, saying why, for a waived one or a window the rules count."""
        track = self.current_track()
        for button in (self.edit_condition_button, self.add_condition_button):
            button.setVisible(track is not None and track.obligation_word == "condition")
        if may and refusal(self.actor, "case.edit"):  # the permission to record the decision
            may = (f"{self.actor.username} may not correct conditions: that needs the "
                   f"{role_words(PERMISSIONS['case.edit'])} role.")
        why = may or (pick if chosen is None else "")
        if chosen is not None and not why:
            if chosen.status == "waived":
                why = "The condition is waived: it no longer applies. Re-open it first to correct it."
            elif chosen.rule_made:
                why = "Counted by the rules from an expiry date: it follows the holiday calendar."
        what = f"“{condition_words(chosen.text)}”" if chosen else ""
        set_available(self.edit_condition_button, why,
                      f"Correct the condition {what} or its due date as the authority set "
                      "them (a mistyped entry); asks why")
        set_available(self.add_condition_button, may,
                      "Add a condition the authority set after the decision; asks why")

    def _condition_refusal(self) -> str:
        """Why this user may not record what became of a condition, or "": the permission
        is the one to edit the case, but "may not edit case facts" on Mark fulfilled
        named something the officer had not tried."""
        if not refusal(self.actor, "case.edit"):
            return ""
        return (f"{self.actor.username} may not mark conditions fulfilled, waived or open: "
                f"that needs the {role_words(PERMISSIONS['case.edit'])} role.")

    def set_obligation(self, status: str, reason: str = "",
                       dialog: ConditionStatusDialog | None = None) -> None:
        """Mark the selected condition (`dialog`'s, when it asked why) fulfilled, waived or
        open again. A refusal is said in the open dialog, with the reason kept to try again
        or cancel (the dialog closed first, and a refused waiver's reason was lost)."""
        chosen = dialog.obligation if dialog is not None else self.current_obligation()
        if chosen is None:
            return
        actor, obligation_id, seen = self.actor, chosen.id, chosen.status
        self._obligation_kept = obligation_id
        refused = self._refused("Could not change the condition")

        def stored(result: Any) -> None:
            if dialog is not None:
                dialog.accept()
            self._stored(result)

        def failed(exc: BaseException) -> None:
            if dialog is not None and isinstance(exc, ApprovalsError):
                dialog.refused(user_message(exc))
            else:
                refused(exc)
                if dialog is not None:  # it said "Working…" with its button greyed out
                    dialog.refused("Not stored (see the message); nothing was changed.")
            if isinstance(exc, ConflictError):  # changed in another window: show it as it is
                self.reload()

        self.tasks.write(
            lambda s: workflow_service.set_obligation_status(
                session=s, obligation_id=obligation_id, status=status, actor=actor,
                reason=reason, expected=seen),
            stored, failed)

    def ask_waive(self) -> WaiveDialog | None:
        chosen = self.current_obligation()
        if chosen is None or not self.waive_button.isEnabled():
            return None
        dialog = WaiveDialog(chosen, self)
        dialog.submitted.connect(lambda reason: self.set_obligation("waived", reason, dialog))
        self.waive_dialog = dialog
        dialog.open()
        return dialog

    def ask_condition_status(self, status: str) -> ConditionStatusDialog | None:
        """Mark fulfilled… or Re-open…: the selected condition's new status, asked with
        its reason (a fulfilment's optional, a re-opening's required), stored on Enter."""
        button = self.fulfil_button if status == "fulfilled" else self.reopen_button
        chosen = self.current_obligation()
        if chosen is None or not button.isEnabled():
            return None
        dialog = ConditionStatusDialog(chosen, status, self)
        dialog.submitted.connect(lambda reason: self.set_obligation(status, reason, dialog))
        self.condition_status_dialog = dialog
        dialog.open()
        return dialog

    def ask_edit_condition(self) -> EditConditionDialog | None:
        chosen, track = self.current_obligation(), self.current_track()
        if chosen is None or track is None or not self.edit_condition_button.isEnabled():
            return None
        return self._open_condition_dialog(
            EditConditionDialog(chosen, decision_day(track), self), track)

    def ask_add_condition(self) -> EditConditionDialog | None:
        track = self.current_track()
        if track is None or not self.add_condition_button.isEnabled():
            return None
        return self._open_condition_dialog(
            EditConditionDialog(None, decision_day(track), self), track)

    def _open_condition_dialog(self, dialog: EditConditionDialog,
                               track: FilingTrackView) -> EditConditionDialog:
        # The track and version the dialog was opened on (an added condition is checked
        # against it): coming back to the window reloads it, and a step a colleague took
        # meanwhile is refused as a conflict, not added to unseen.
        dialog.track_pin = (track.id, track.version)
        dialog.submitted.connect(lambda values: self.edit_condition(dialog, values))
        self.edit_condition_dialog = dialog
        dialog.open()
        # The calendar the service counts the days on, read off the GUI thread.
        editor, track_id = dialog.editor, track.id
        self.tasks.read(
            lambda s: workflow_service.conditions_calendar(session=s, track_id=track_id),
            editor.set_calendar, lambda exc: editor.calendar_failed(user_message(exc)))
        return dialog

    def edit_condition(self, dialog: EditConditionDialog, values: dict[str, Any]) -> None:
        """Store the correction (or the condition added); a refusal is said in the open
        dialog, everything typed kept (a condition or track changed meanwhile is also
        shown again as it is now)."""
        actor, seen, pin = self.actor, dialog.obligation, dialog.track_pin
        expected = seen if dialog.check_shown else None
        self._obligation_kept = seen.id if seen else None

        def stored(result: Any) -> None:
            dialog.accept()
            self._stored(result)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ApprovalsError):
                dialog.refused(exc)
            else:
                self._refused("Could not correct the condition")(exc)
                # Not left at "Working…" with Save greyed out: all typed is kept to retry.
                dialog.ok_button.setEnabled(True)
                dialog.problem.setText("Not stored (see the message); nothing was changed.")
            if isinstance(exc, ConflictError):  # told: Save again takes it as it is now
                dialog.check_shown = False
                if pin is not None:
                    dialog.track_pin = (pin[0], None)
            if isinstance(exc, (ConflictError, PermissionDenied)):
                self.reload()

        if seen is not None:
            obligation_id = seen.id

            def store(s: Any) -> Any:
                return workflow_service.edit_condition(
                    session=s, obligation_id=obligation_id, actor=actor, expected=expected,
                    **values)
        elif pin is not None:
            track_id, shown = pin
            now = next((t for t in (self.data.tracks if self.data is not None else ())
                        if t.id == track_id), None)
            version = shown if shown is not None else now.version if now is not None else 0

            def store(s: Any) -> Any:
                return workflow_service.add_condition(
                    session=s, track_id=track_id, actor=actor, expected_version=version,
                    **values)
        else:
            return
        self.tasks.write(store, stored, failed)

    def _show_tracks(self, data: CaseData) -> None:
        selected = self.track_list.currentRow()
        self.track_list.blockSignals(True)
        self.track_list.clear()
        tracks = data.tracks
        for track in tracks:
            due = f"\ndue {fmt_date(date.fromisoformat(track.due))}" if track.due else ""
            if due and track.estimated:  # as the clock line and the dashboard say it
                due += " (estimated)"
            if track.overdue:  # said, not shown by the red alone
                due += " (overdue)" if due else "\noverdue"
            owed, owed_overdue = open_obligations_line(track)
            text = f"{track.regime} — {track.label}{due}{owed}"
            if changed := track.changed_after_approval:  # seen without selecting each track
                text += f"\n{changed.what} changed since the approval"
            item = QListWidgetItem(text)
            item.setToolTip(text.replace("\n", ", "))
            item.setData(Qt.ItemDataRole.UserRole, track.id)
            if track.overdue or owed_overdue:
                item.setForeground(QBrush(overdue_colour()))
            elif track.state == "withdrawn":  # ended: a reopened case's new one stands out
                item.setForeground(QBrush(QColor(secondary_text_colour())))
            self.track_list.addItem(item)
        self.track_list.blockSignals(False)
        if selected < 0:  # first shown: a running track, not one withdrawn before it
            selected = next((i for i, t in enumerate(tracks) if t.state != "withdrawn"), 0)
        wanted = self._wanted_track_row(tracks)
        if wanted is not None:
            selected = wanted
        # No tracks: the message alone, not an empty list, diagram, actions and history.
        for part in (self.track_list, self.diagram, self.actions_heading, self.actions_box,
                     self.history):
            part.setVisible(bool(tracks))
        if not tracks:
            # Not "no regime needs action" beside what blocks the deal all the same (the
            # negative list's prohibition, a regime the screening could not decide), which
            # the header and the case list say: the same sentences here.
            blockers = self.data.completion_blockers if self.data is not None else []
            self.track_state.setText(
                "No filing tracks: no regime needs action on this case." if not blockers else
                "No filing tracks are open, yet the deal cannot complete:<br>" + "<br>".join(
                    f"• {html.escape(readable_paths(blocker))}" for blocker in blockers))
            self.approval_note.setVisible(False)
            self.track_clock.setText("")
            self.obligations.setVisible(False)
            self.diagram.show_diagram(None, "")
            self._set_actions([])
            self.history.setRowCount(0)
            return
        # Shown by _track_selected, which currentRowChanged calls: the list was cleared
        # above, so the row always changes (called here as well, the track's diagram,
        # steps and history were made twice on every reading of the case).
        self.track_list.setCurrentRow(min(max(selected, 0), len(tracks) - 1))

    def current_track(self) -> FilingTrackView | None:
        if self.data is None:
            return None
        tracks = self.data.tracks
        row = self.track_list.currentRow()
        return tracks[row] if 0 <= row < len(tracks) else None

    def _track_selected(self, _row: int) -> None:
        track = self.current_track()
        if track is None:
            return
        # "CN-SAMR — Merger control notification (SAMR) — state: …": the kind's label
        # may carry its own brackets, and "((SAMR))" read as a typo.
        self.track_state.setText(
            f"<b>{html.escape(track.regime)}</b> — {html.escape(track.kind_label)} — "
            f"state: <b>{html.escape(track.label)}</b>"
            # The authority's word for it too (附条件通过), as the filings print it.
            # Kept on one line (word joiners between its characters): a wrap inside it
            # left "草" at a line's end and "稿" under it.
            + (f" {html.escape(WORD_JOINER.join(track.label_zh))}" if track.label_zh
               else "") + " · opened for "
            f"{badge_html(track.outcome)}")
        changed = track.changed_after_approval
        people = self.data.actor_names if self.data else {}
        # People by name and login ("Bob Li (bob)"), as the history below and the status
        # report say them: the note said the login alone.
        note = describe_changes(changed, field_label,
                                person=lambda login: person_named(login, people)
                                ) if changed else ""
        self.approval_note.setText(note)  # plain text: names and values are not markup
        self.approval_note.setAccessibleName(note)
        palette_styled(self.approval_note, "warning" if note else None)
        self.approval_note.setVisible(bool(note))
        text = track.clock_text or "No clock running."
        flags = []
        # Only what the clock text does not already say ("clock stopped on day…").
        if track.stopped and "stopped" not in text:
            flags.append("clock stopped")
        if track.estimated and "estimated" not in text:
            flags.append("estimated: a holiday schedule is not official yet")
        if track.overdue and "overdue" not in text:
            flags.append("overdue")
        if flags:
            text += "  [" + "; ".join(flags) + "]"
        for warning in track.warnings:
            text += f"\n{warning}"
        self.track_clock.setText(text)
        self.track_clock.setAccessibleName(f"Clock: {text}")
        # Overdue in red, as the dashboard shows it: the selected track's own red in the
        # list is hidden under the selection.
        self.track_clock.setStyleSheet(
            f"color: {overdue_colour().name()};" if track.overdue else "")
        self.diagram.show_diagram(track_diagram(track), track.state)
        self._show_obligations(track)
        self._set_actions(track.actions, track)
        self.history.setRowCount(len(track.history))
        on_params = {t.name: t.on_param for t in wf.workflow(track.kind).transitions}
        names = self.data.actor_names if self.data else {}
        for i, entry in enumerate(track.history):
            # Who by name and login ("Amy Archer (amy)"), as the Timeline says people.
            who = person_named(entry.actor, names)
            when, when_tip = history_date(entry, on_params.get(entry.transition), track.kind,
                                          who)
            # The authority's reference or number the step recorded, next to the reason.
            noted = "; ".join([entry.reason] * bool(entry.reason) + [
                particular_text(k, v, track.kind) for k, v in entry.particulars])
            # A self-approval in solo mode is said on its row, not only in the event's
            # details and on the filing: the reader of the history must see four eyes
            # were not used.
            label = f"{entry.label} ({SELF_APPROVAL})" if entry.self_approval else entry.label
            for j, value in enumerate((when, who, label, entry.to_label, noted)):
                item = QTableWidgetItem(value)
                # The whole text on hover: long states and reasons are cut off ("…").
                item.setToolTip(when_tip if j == 0 else
                                f"{value}\n{NAME_NOTE.format(login=entry.actor)}"
                                if j == 1 and entry.actor in names else
                                f"{value}\n{self_approval_note(who, dict(entry.solo_mode), names)}"
                                if j == 2 and entry.self_approval else value)
                self.history.setItem(i, j, item)
        self.history.fit()
        # The step just taken is the last row: in view, not under the first three.
        self.history.scrollToBottom()
        if track.id != self._shown_track_id:
            self._shown_track_id = track.id
            self._show_details_from_the_top()
        elif len(track.history) > self._history_rows_shown:
            # A step was just recorded on this track: where the diagram wraps into bands
            # the history sits below the window's foot, so the details scroll to its row.
            QTimer.singleShot(0, self, self._bring_last_step_into_view)
        self._history_rows_shown = len(track.history)

    def _bring_last_step_into_view(self) -> None:
        area, history = self.track_details, self.history
        content, item = area.widget(), history.item(history.rowCount() - 1, 0)
        if content is None or item is None or not area.isVisible():
            return
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        row = history.visualItemRect(item)
        bottom = history.viewport().mapTo(content, row.bottomLeft())
        area.ensureVisible(bottom.x(), bottom.y() - row.height() // 2, 0, row.height() // 2 + 4)
        # After a step taken from the keyboard, the next step's button the focus went to
        # (_focus_next_step) stays in view: on a 1366×768 screen the scroll down to the
        # history hid it, and Space pressed a step the officer could not see ("Return to
        # preparer" after a submission). The state line above names the new state.
        focused = self.focusWidget()
        if getattr(self, "_step_by_keys", True) and focused is not None \
                and content.isAncestorOf(focused):
            area.ensureWidgetVisible(focused)

    def _show_details_from_the_top(self) -> None:
        """Another track's details from their top: its clock line and step buttons, which
        come before the diagram. They kept the previous track's scroll; and scrolled down to
        the diagram's highlighted box instead, a 1366×768 screen at 100 % hid the clock and
        every step of a track in a lower band (General review) with the box in view. The
        state line above the details names the state in words meanwhile."""
        self.track_details.verticalScrollBar().setValue(0)
        self.track_details.horizontalScrollBar().setValue(0)

    def _set_actions(self, actions: list[ActionView],
                     track: FilingTrackView | None = None) -> None:
        # The step just taken from the keyboard had the focus on its button, which goes
        # now: the focus went nowhere, and Tab started again from the window's top.
        focused = self.focusWidget()
        had_focus = focused is not None and focused in self.track_buttons.values()
        texts = self.step_texts([a.label for a in actions], track.kind if track else None,
                                [a.name for a in actions])
        for button in self.track_buttons.values():
            # Out of the grid now: deleteLater alone leaves it drawn until the event loop runs.
            self.actions_layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.track_buttons = {}
        # A final state has no steps: said, not an empty space under the heading.
        self.actions_heading.setText("<b>Actions</b>" if actions else
                                     "<b>Actions</b> — none: no step leads on from this state")
        self._say_blocked(actions)
        self._offer_missing_fact(actions, track)
        if not actions:
            if had_focus:
                self._focus_next_step()
            return
        previous: QWidget = self.diagram
        for i, action in enumerate(actions):
            button = QPushButton(texts[i])
            name = action.name
            button.setObjectName(f"action_{name}")
            # "Withdraw (B)", its letters all taken by other keys: said as its name.
            button.setAccessibleName(action.label)
            allowed = action.allowed
            button.setEnabled(allowed)
            why = readable_paths(action.why_not or "")
            # What the step does, not only its name in Chinese: a bare "Close" read as
            # closing the window or the case.
            clock = track.clock if track is not None else None
            # A step the service words without its clock (materials supplied after a stop
            # that stopped nothing) says nothing of one either.
            timed = clock is not None and clock.days > 0 and (track is None or table_label(
                track.kind, track.state, name) in (None, action.label))
            last_day = (date.fromisoformat(clock.last_day) if clock is not None
                        and clock.last_day and not clock.stopped else None)
            does = step_effect(track.kind, track.state, name, timed, last_day) \
                if track is not None else ""
            button.setToolTip(" ".join(filter(None, (does, action.note, action.label_zh)))
                              if allowed else (why or ""))
            button.setAccessibleDescription("" if allowed else (why or ""))
            button.pressed.connect(self._note_how_a_step_was_pressed)
            button.clicked.connect(lambda _c=False, a=action: self.ask_action(a))
            self.actions_layout.addWidget(button, i // 4, i % 4)  # see _arrange_actions
            button.show()  # now, not on the layout's next pass: a hidden one takes no focus
            self.track_buttons[name] = button
            # Tab goes through the steps before the history below them (the buttons are
            # made after it, which would otherwise put them last).
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.fill_fact_button)
        QWidget.setTabOrder(self.fill_fact_button, self.history)
        self._action_columns = 4
        self._arrange_actions()
        if had_focus:
            self._focus_next_step()

    def step_texts(self, labels: Sequence[str], kind: str | None = None,
                   names: Sequence[str] = ()) -> list[str]:
        """The step buttons' texts, each with an Alt key on the first letter of its name
        that none of the window's other keys uses while the Tracks tab shows (the tabs, the
        buttons above them, the conditions' buttons, shown or not) nor an earlier step:
        "Return to preparer" → "Ret&urn to preparer". The same letters for the same steps
        whatever the state of the window and of the track: with the track's `kind` and the
        steps' `names` the letters are handed out once for the whole workflow of that kind,
        in the order of its transition table, each step's unlike those of the steps offered
        in any state beside it — Withdraw keeps its letter whether or not Record filing is
        offered with it."""
        pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
        # Not the steps' own box: the buttons of the last track are still in it.
        # Nor "Fill in <field>…", which takes a letter the steps leave (_offer_missing_fact).
        taken = alt_keys_in_use(self, leave_out=[self.actions_box, self.fill_fact_button, *(
            p for p in pages if p is not None and p is not self.tracks_page)])
        by_name = (step_letters(kind, frozenset(taken))
                   if kind is not None and kind in wf.WORKFLOWS else {})
        texts = []
        for i, label in enumerate(labels):
            text = by_name.get(names[i]) if i < len(names) else None
            if text is not None and text.replace("&", "") != label.replace("&", ""):
                # The service words the step otherwise (a late stop: "Materials supplied",
                # no clock to resume): its words, with the step's own letter.
                letter = access_key(text)
                text = with_access_key(label.replace("&", "&&"), set(ALT_KEYS) - {letter})
            if text is None:  # a step outside the table: first come, first served
                text = with_access_key(label.replace("&", "&&"), taken)
                taken.add(access_key(text))
            texts.append(text)
        return texts

    def _offer_missing_fact(self, actions: list[ActionView],
                            track: FilingTrackView | None) -> None:
        """Under the reasons: "Fill in <the first fact a greyed-out step waits for>…",
        which opens Edit facts at that field."""
        missing = missing_step_facts(track.kind, [a.name for a in actions if not a.allowed],
                                     self.data.bundle.facts) \
            if track is not None and self.data is not None else []
        self._fill_fact_path = missing[0] if missing else ""
        button = self.fill_fact_button
        button.setVisible(bool(missing))
        if not missing:
            return
        # Its own Alt key: one no other key of the window uses, nor any step of the track's
        # workflow (the steps keep theirs whether or not this button shows).
        pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
        taken = alt_keys_in_use(self, leave_out=[self.actions_box, button, *(
            p for p in pages if p is not None and p is not self.tracks_page)])
        if track is not None and track.kind in wf.WORKFLOWS:
            taken |= {access_key(text)
                      for text in step_letters(track.kind, frozenset(taken)).values()}
        said = f"Fill in {readable_paths(missing[0])}…"
        button.setText(with_access_key(said.replace("&", "&&"), taken))
        button.setAccessibleName(said)
        rest = [readable_paths(p) for p in missing[1:]]
        tip = ("Opens Edit facts at this field"
               + (f"; still to fill in after it: {', '.join(rest)}" if rest else ""))
        # As Edit facts… is: greyed out with its reason on a closed case or without the role.
        set_available(button, refusal(self.actor, "case.edit") or self._closed_case(), tip)

    def _say_blocked(self, actions: list[ActionView]) -> None:
        """Under the steps: each greyed-out one with why it waits."""
        lines = [f"<b>{html.escape(a.label)}</b>: "
                 f"{html.escape(without_label(a.label, readable_paths(a.why_not)), quote=False)}"
                 for a in actions if not a.allowed and a.why_not]
        first = "<br>" if len(lines) > 1 else ""  # several: one a line under the heading
        self.actions_blocked.setText(
            f"<span style='color:{secondary_text_colour()}'>Not available now: {first}"
            + "<br>".join(lines) + "</span>" if lines else "")
        self.actions_blocked.setVisible(bool(lines))

    MAX_ACTION_COLUMNS = 4

    def _arrange_actions(self) -> None:
        """The step buttons in as many columns as the details' width holds."""
        buttons = list(self.track_buttons.values())
        if not buttons:
            return
        spacing = max(self.actions_layout.horizontalSpacing(), 0)
        widest = max(b.sizeHint().width() for b in buttons) + spacing
        margins = self.track_details_layout.contentsMargins()
        room = self.track_details.viewport().width() - margins.left() - margins.right() \
            + spacing
        columns = max(1, min(self.MAX_ACTION_COLUMNS, room // widest))
        # Every column its share, empty ones too: a lone "Close" spanned the whole width.
        for column in range(self.MAX_ACTION_COLUMNS):
            self.actions_layout.setColumnStretch(column, int(column < columns))
        if columns == self._action_columns:
            return
        self._action_columns = columns
        for button in buttons:
            self.actions_layout.removeWidget(button)
        for i, button in enumerate(buttons):
            self.actions_layout.addWidget(button, i // columns, i % columns)

    def _note_how_a_step_was_pressed(self) -> None:
        """Whether the step button was pressed by a key (Space, its Alt key) rather than
        the mouse: the next step's button, which gets the focus, is then drawn focused and
        kept in view; after a click the new history row is shown instead."""
        self._step_by_keys = QGuiApplication.mouseButtons() == Qt.MouseButton.NoButton

    def _focus_next_step(self) -> None:
        """On to the next step, or back to the tracks when none may be taken."""
        ready = [b for b in self.track_buttons.values() if b.isEnabled()]
        target = ready[0] if ready else self.track_list
        target.setFocus()
        if getattr(self, "_step_by_keys", True):
            show_keyboard_focus(target)  # Space would press it: it must be seen

    def ask_action(self, action: ActionView) -> ActionDialog:
        track = self.current_track()
        # The service's own list (an extension with no statutory length needs its days).
        required: dict[str, str] = dict(action.param_required)
        if track is not None:
            step = next((t for t in wf.workflow(track.kind).transitions
                         if t.name == action.name), None)
            for guard in step.guards if step else ():
                if guard.kind == "param":
                    required.update((v, guard.message or "required") for v in guard.values)
        dialog = ActionDialog(action, self, required, last_step(track),
                              reason_asks=action.reason_asks)
        if track is not None:  # a sign-off names what it signs: "— CN-FISR, AP-2026-0001"
            dialog.setWindowTitle(f"{action.label} — {track.regime}, {self.reference}")
            dialog.add_note(obligations_outlive(track, action.name))
        # The track and version the dialog was opened on: a reload meanwhile (coming back
        # to the window) may select another row, and a colleague's step since must be
        # refused as a conflict, not taken over silently.
        dialog.track_pin = (track.id, track.version) if track is not None else None
        dialog.accepted.connect(lambda: self._run_action(action, dialog))
        self.action_dialog = dialog
        dialog.open()
        if track is not None and dialog.conditions is not None:
            # The calendar the service counts the conditions' days on (its overrides too).
            editor, track_id = dialog.conditions, track.id
            self.tasks.read(
                lambda s: workflow_service.conditions_calendar(session=s, track_id=track_id),
                editor.set_calendar, lambda exc: editor.calendar_failed(user_message(exc)))
        return dialog

    def _run_action(self, action: ActionView, dialog: ActionDialog) -> None:
        pin = dialog.track_pin
        tracks = self.data.tracks if self.data is not None else []
        track = (next((t for t in tracks if t.id == pin[0]), None) if pin is not None
                 else self.current_track())
        if track is None:
            return
        actor, name = self.actor, action.name
        track_id = track.id
        version = pin[1] if pin is not None and pin[1] is not None else track.version
        reason, params = dialog.reason.text().strip(), dialog.params()

        def done(_result: Any) -> None:
            self.action_done.emit(name)
            self.changed.emit()
            self.reload()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, InputError) and self.action_dialog is dialog:
                # Refused for what was typed: the dialog again, everything in it kept and
                # the problem at its field (a message box after the dialog had gone lost
                # the reason, the reference and the conditions typed), as Mark completed….
                dialog.open()
                dialog.say_problems(exc)
                return
            if self.action_dialog is dialog and dialog.said_again(exc, shown="track"):
                self.reload()  # the track as it is now, to try again or Cancel
                return
            # Step labels name events ("Cleared", "Treasury acknowledged the notification"):
            # "Could not " + the label lower-cased read "Could not cleared", "us" for "US".
            show_error(self, f"Could not record the step “{action.label}”", exc)
            self.reload()

        self.tasks.write(
            lambda s: workflow_service.transition(
                session=s, track_id=track_id, transition_name=name, actor=actor, reason=reason,
                expected_version=version, **params),
            done, failed)
