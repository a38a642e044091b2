"""The case view: one window per case, in tabs.

Overview (facts summary, Edit), Screening (determinations, re-screen preview, accept),
Tracks (state, workflow diagram, clock, the actions the transition table allows — each
disabled one says why), Timeline (audit events, filterable), Documents (attach, SHA-256,
required-documents checklist, open, restrict, who may open), Comments; "Proposed changes…"
shows the reviewers' per-field proposals for this case.

Everything is read in one worker task (`_load`) and shown from its plain result; every
action is one service call through the TaskRunner, after which the view reloads.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QPoint,
    QSignalBlocker,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from approvals.domain import workflow as wf
from approvals.domain.approval_changes import describe as describe_changes
from approvals.domain.calendars import says_estimated
from approvals.domain.clocks import fmt_date
from approvals.domain.dates import parse_date
from approvals.domain.document_types import (
    EVERYDAY_TYPES,
    document_type_name,
    evidence_type,
    guarding_steps,
    is_filing_kind,
    reserved_type_problem,
    signed_copy_type,
)
from approvals.domain.documents import size_text
from approvals.domain.errors import (
    AccountRevoked,
    ApprovalsError,
    ConflictError,
    InputError,
    NotFound,
    PermissionDenied,
)
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
    value_text,
)
from approvals.domain.facts import stored_facts
from approvals.domain.field_labels import fact_value_text
from approvals.domain.permissions import PERMISSIONS, ROLE_NAMES, role_words
from approvals.domain.screening import ScreeningResult, screen
from approvals.domain.wording import DISTILLATION_FLAG, distillation_flag_sentence
from approvals.paths import DataDir
from approvals.services import documents as document_service
from approvals.services import filings as filing_service
from approvals.services import screening as screening_service
from approvals.services import workflow as workflow_service
from approvals.services.access import current_actor
from approvals.services.audit_view import acting_text, person_named, person_text
from approvals.services.case_lifecycle import READ_ONLY_STATUSES
from approvals.services.documents import DocumentInfo
from approvals.services.rulebook import rulebook_for
from approvals.services.screening import StoredScreening
from approvals.services.workflow import ActionView, FilingTrackView, ObligationView
from approvals.services.workspace import (
    MAX_COMMENT,
    CaseBundle,
    CaseStamp,
    EventInfo,
    add_comment,
    case_stamp,
)
from approvals.store.audit import Actor
from approvals.ui.case_data import CaseData, load_case_data
from approvals.ui.case_dialogs import (
    CONDITION_FIELDS,
    ActionDialog,
    ConditionStatusDialog,
    EditConditionDialog,
    WaiveDialog,
)
from approvals.ui.case_documents import (
    ATTACH_REASON_TIP,
    ATTACH_TIP,
    DOC_TYPE_TIP,
    EXPORTED_RESTRICTED,
    FILTER_WORDS,
    NOT_THE_FINAL_TIP,
    RESTRICTED_TIP,
    SHOW_WITHDRAWN_TIP,
    AttachBatch,
    ChecklistScroll,
    RequiredDocumentsSplit,
    checklist_hint,
    closed_to_you,
    document_filing_note,
    document_status,
    document_type_text,
    is_pdf,
    new_version_refusal,
    restricted_cell,
    restriction_refusal,
    same_file_note,
    set_type_refusal,
    withdraw_refusal,
)
from approvals.ui.case_layout import WORD_JOINER, DetailsScroll, ResizedPage, blocked_note, scrolled
from approvals.ui.case_lifecycle import CLOSED_BANNER_TIP, ending_banner
from approvals.ui.case_steps import (
    COMPLETE_ACTION,
    SELF_APPROVAL,
    history_date,
    last_step,
    missing_step_facts,
    self_approval_note,
    step_effect,
    step_letters,
    without_label,
)
from approvals.ui.case_tracks import (
    HistoryTable,
    ObligationsTable,
    TracksSplitter,
    decision_day,
    obligations_outlive,
    open_obligations_line,
    particular_text,
    review_text,
    timeline_widths,
    track_diagram,
)
from approvals.ui.document_access import (
    SORT_KEY,
    WITHDRAW_EXPLAINED,
    DocumentAccessDialog,
    DocumentsTable,
    DocumentTypeDialog,
    KeyboardMenu,
    SortedCell,
    WithdrawDocumentDialog,
    chosen_type,
    type_list,
)
from approvals.ui.errors import refusal, show_error, user_message
from approvals.ui.exports import add_timeline_export
from approvals.ui.files import DOCUMENTS, ask_open_file, ask_open_files, ask_save_file
from approvals.ui.filing_check import FilingCheckDialog
from approvals.ui.help import install_context_help
from approvals.ui.progress import ATTACH_CANCELLED, ProgressPanel, is_cancelled, service_callbacks
from approvals.ui.review import ProposalsDialog, field_label, warning_style
from approvals.ui.timeline_table import NAME_NOTE, TimelineTable
from approvals.ui.widgets import (
    ConfirmChange,
    DeterminationsView,
    access_key,
    alt_keys_in_use,
    ask_to_discard,
    badge_html,
    event_label,
    humanise,
    is_dark,
    laid_out_line,
    list_over_details,
    named_scroll,
    overdue_colour,
    redraw_on_palette_change,
    resize_to_screen,
    second_key,
    secondary_text_colour,
    set_available,
    show_keyboard_focus,
    text_field,
    utc_text,
    window_shortcuts,
    with_access_key,
)
from approvals.ui.wizard import IntakeWizard, facts_summary_html, readable_paths
from approvals.ui.workers import Progress, TaskRunner
from approvals.ui.workflow_diagram import DiagramView

PARTICULARS_TIP = ("Who signs and whom the authorities contact: the particulars the "
                   "filings print beyond the facts")


def comment_time(stamp: str) -> str:
    """When a comment was written, on this computer's clock and saying which it is:
    "2026-12-01 10:51 UTC+8" ("UTC" itself there, "UTC+5:30" in India). The stored UTC
    time read as the officer's own clock time was eight hours off in Beijing."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    minutes = round((moment.utcoffset() or timedelta()).total_seconds() / 60)
    hours, rest = divmod(abs(minutes), 60)
    zone = ("UTC" if not minutes else
            f"UTC{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02d}" if rest else ""))
    return f"{moment:%Y-%m-%d %H:%M} {zone}"


OWNER_NAME_CHARS = 32  # of a full name on the header's line; the whole in its tooltip


def owner_text(login: str, names: Mapping[str, str]) -> str:
    """The case owner on the header's line: "Li Wei (li.wei)", a name longer than
    OWNER_NAME_CHARS cut with "…" (the login kept whole: it is who the case records)."""
    name = names.get(login, "")
    if len(name) > OWNER_NAME_CHARS:
        name = name[:OWNER_NAME_CHARS - 1].rstrip() + "…"
    return person_text(login, name)

# Comments are part of the record: stored as written, with an audit event each.
COMMENTS_KEPT = ("A comment is kept as written: it cannot be edited or deleted afterwards, "
                 "and the Timeline records it.")


def rescreen_question(reference: str, rulebook: str, as_of: date, changed: Sequence[str],
                      new_tracks: Sequence[str], *, include_proposed: bool | None = None) -> str:
    """What accepting the re-screening shown does, asked with its reason (plain text): the
    screening it stores (with or without the reported / proposed measures, when that
    setting was changed: `include_proposed` not None), the outcomes it changes, the
    tracks it opens."""
    outcomes = (f" It changes {'; '.join(changed)}." if changed
                else " No determination changes.")
    opens = (f" It opens a new filing track for {', '.join(new_tracks)}." if new_tracks
             else " It opens no filing track.")
    measures = ("" if include_proposed is None else
                " including the reported / proposed measures" if include_proposed else
                " without the reported / proposed measures")
    return (f"Store the screening of {reference} with rulebook {rulebook} as of "
            f"{fmt_date(as_of)}{measures} as its current screening? The one stored now stays in its "
            f"history.{outcomes}{opens} Give the reason: it is recorded in the audit trail.")


class CaseView(QWidget):
    loaded = Signal(str)  # reference, whenever the view has been (re)filled
    # What the Documents page scrolled to, kept in sight over the next fill as well.
    _in_view_after_fill: QWidget | None = None
    # The Screening tab's first sentence (who screened, when) without the note that the
    # facts changed since, and whether they did: a re-screening answers that note.
    _screening_head = ""
    _facts_changed = False
    action_done = Signal(str)  # the transition name, after it was stored
    changed = Signal()  # something of the case was stored (the case list may change)

    def __init__(self, runner: TaskRunner, actor: Actor, data_dir: DataDir, reference: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed window are dropped
        self.signed_in_actor = actor  # each load re-reads the roles starting from this one
        self.actor = actor
        self.data_dir = data_dir
        self.reference = reference
        self.data: CaseData | None = None
        self.track_buttons: dict[str, QPushButton] = {}
        self._action_columns = 4  # how the step buttons are laid out now
        self.action_dialog: ActionDialog | None = None
        self.wizard: IntakeWizard | None = None
        self.preview: Any = None
        self.particulars_editor: Any = None
        self.access_dialog: DocumentAccessDialog | None = None
        self.proposals: ProposalsDialog | None = None
        self.setObjectName("caseView")
        self.setWindowTitle(f"Case {reference}")
        resize_to_screen(self, 1100, 760)
        self._close_answered = False  # Discard chosen, or nobody there to ask
        self._wanted_regime: str | None = None  # show_track's, until the tracks are shown
        self.close_box: QMessageBox | None = None
        self.header_blocked: str = ""  # the greyed-out header buttons and why, in words
        self._blocked_html: str = ""
        self._facts_html: str = ""
        self._overview_html: str = ""  # what the Overview shows now

        self.header = QLabel(f"<h2>{html.escape(reference)}</h2>")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.flag_label = QLabel()
        self.flag_label.setObjectName("riskFlag")
        self.flag_label.setWordWrap(True)
        self.flag_label.setVisible(False)
        # A closed case (or a discarded draft): when, by whom, why, and how to change it.
        self.ending_label = QLabel()
        self.ending_label.setObjectName("caseEndingBanner")
        self.ending_label.setWordWrap(True)
        self.ending_label.setVisible(False)
        self.edit_button = QPushButton("&Edit facts…")
        self.edit_button.setObjectName("editFactsButton")
        second_key(self.edit_button, "Ctrl+E")
        self.edit_button.setToolTip("Reopen the wizard; every change is recorded (Ctrl+E)")
        self.edit_button.clicked.connect(self.edit_facts)
        self.filing_button = QPushButton("&Generate filing…")
        self.filing_button.setObjectName("generateFilingButton")
        second_key(self.filing_button, "Ctrl+G")
        self.filing_button.clicked.connect(self.generate_filing)
        self.particulars_button = QPushButton("Filing p&articulars…")
        self.particulars_button.setObjectName("particularsButton")
        self.particulars_button.setToolTip(PARTICULARS_TIP)
        self.particulars_button.clicked.connect(self.edit_particulars)
        self.complete_button = QPushButton("Mark co&mpleted…")
        self.complete_button.setObjectName("completeCaseButton")
        self.complete_button.clicked.connect(self.ask_complete)
        self.proposals_button = QPushButton("&Proposed changes…")
        self.proposals_button.setObjectName("proposalsButton")
        self.proposals_button.setToolTip("The reviewers' proposed changes to this case's facts, "
                                         "field by field, and their recommendations")
        self.proposals_button.clicked.connect(self.show_proposals)
        self.refresh_button = QPushButton("&Refresh")
        second_key(self.refresh_button, QKeySequence.StandardKey.Refresh)
        self.refresh_button.setToolTip("Read the case again (F5)")
        self.refresh_button.clicked.connect(self.reload)
        # One row; more when even the row under the title is wider than the window or the
        # screen (200 % on a laptop screen cut "Refresh" off at the screen's edge).
        self.header_buttons = QGridLayout()
        self.header_button_list = (self.edit_button, self.filing_button,
                                   self.particulars_button, self.complete_button,
                                   self.proposals_button, self.refresh_button)
        self._header_per_row = 0
        self._place_header_buttons(len(self.header_button_list))
        # The title beside the buttons; below a width where it would wrap into a narrow
        # column (a long company name, a large font or scale), the buttons go under it.
        top = self.header_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.addWidget(self.header, 1)
        top.addLayout(self.header_buttons)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        self.tabs.addTab(self._overview_tab(), "&Overview")
        self.tabs.addTab(self._screening_tab(), "&Screening")
        self.tracks_page = self._tracks_tab()
        self.tabs.addTab(self.tracks_page, "&Tracks")
        # Scrolls too where the window is shorter than its list's least rows and the pane
        # (200 % on a laptop screen with the distillation flag shown above the tabs).
        self.timeline_page = scrolled(self._timeline_tab(), "timelinePage", QScrollArea())
        self.tabs.addTab(self.timeline_page, "Time&line")
        # Documents and Comments scroll when the window is smaller (200 % on a laptop
        # screen): their controls set a least size taller and wider than such a window.
        self.tabs.addTab(scrolled(self._documents_tab(), "documentsPage", QScrollArea()), "&Documents")
        self.tabs.addTab(scrolled(self._comments_tab(), "commentsPage", QScrollArea()), "&Comments")
        window_shortcuts(self, self.tabs)
        # As in the case list: Ctrl+F finds, here in the case's audit events.
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.find_events
                  ).setWhatsThis("Find in the Timeline's events")
        install_context_help(self, "Case window")  # F1: the guide at the case window

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.flag_label)
        layout.addWidget(self.ending_label)
        layout.addWidget(self.tabs, 1)
        self._apply_permissions()
        # For the size the window opens at (resize_to_screen), before it is shown: arranged
        # only on the first resize event, the header's one row set a least width wider than
        # the screen at 200 %, and the window opened that wide.
        self._arrange_header()
        self.reload()

    HEADER_MIN_TITLE = 420  # px the title keeps beside the buttons, else it goes above them

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._arrange_header()

    def _title_width(self) -> int:
        """The width the title and its line below need without wrapping (kept per text)."""
        text = self.header.text()
        if getattr(self, "_title_width_of", (None, 0))[0] != text:
            document = QTextDocument()
            document.setDefaultFont(self.header.font())
            document.setHtml(text)
            self._title_width_of = (text, int(document.idealWidth()) + 2)
        return self._title_width_of[1]

    def _place_header_buttons(self, per_row: int) -> None:
        if per_row == self._header_per_row:
            return
        self._header_per_row = per_row
        for button in self.header_button_list:
            self.header_buttons.removeWidget(button)
        for i, button in enumerate(self.header_button_list):
            self.header_buttons.addWidget(button, i // per_row, i % per_row)

    def _header_row_width(self, per_row: int = 0) -> int:
        """The header buttons' width `per_row` to a row (default: all in one row)."""
        widths = [b.sizeHint().width() for b in self.header_button_list]
        per_row = per_row or len(widths)
        columns = [max(widths[c::per_row]) for c in range(per_row)]
        return sum(columns) + max(self.header_buttons.horizontalSpacing(), 0) * (per_row - 1)

    def _arrange_header(self) -> None:
        buttons = self._header_row_width()
        layout = self.layout()
        if layout is None:  # not laid out yet
            return
        margins = layout.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        room = width - buttons - self.header_layout.spacing()
        # Beside the buttons only when the title fits there on its line (a long company name
        # would otherwise wrap a word or two under itself), and never in a narrow column.
        stacked = room < max(self.HEADER_MIN_TITLE, self._title_width())
        # More rows when one is wider than the window, or than the screen: one row sets the
        # window's least width, so the window could not be made narrower than the row.
        screen = self.screen()
        fits = min(width, screen.availableGeometry().width() - margins.left()
                   - margins.right()) if screen else width
        count = per_row = len(self.header_button_list)
        while per_row > 1 and self._header_row_width(per_row) > fits:
            per_row -= 1
        rows = -(-count // per_row)
        self._place_header_buttons(-(-count // rows))  # as even as the rows can be
        direction = (QBoxLayout.Direction.TopToBottom if stacked
                     else QBoxLayout.Direction.LeftToRight)
        if self.header_layout.direction() != direction:
            self.header_layout.setDirection(direction)
            self.header_layout.setAlignment(
                self.header_buttons, Qt.AlignmentFlag.AlignLeft if stacked
                else Qt.AlignmentFlag.AlignRight)

    # -- permissions ---------------------------------------------------------------------------
    def _gate(self, button: QPushButton, permission: str, tooltip: str = "") -> None:
        """Greyed out with the reason up front (not refused after the work is done), or
        enabled with its usual tooltip."""
        set_available(button, refusal(self.actor, permission) or self._closed_case(), tooltip)

    def _apply_permissions(self) -> None:
        """The buttons that need a role, as the viewer's current roles allow."""
        self._gate(self.edit_button, "case.edit",
                   "Reopen the wizard; every change is recorded (Ctrl+E)")
        self._gate(self.accept_button, "case.accept_rescreen",  # e.g. a reviewer may not
                   "Store the new screening and open the tracks it needs; asks why (recorded "
                   "in the audit trail)")
        if not self.attach_progress.running:  # not while a file is being attached
            self._gate(self.attach_button, "document.attach", ATTACH_TIP)
        set_available(self.particulars_button, self._closed_case(), PARTICULARS_TIP)
        why_not = refusal(self.actor, "document.attach") or self._closed_case()
        may_attach = not why_not
        for control, tip in ((self.doc_type, DOC_TYPE_TIP), (self.doc_restricted, RESTRICTED_TIP),
                             (self.attach_reason, ATTACH_REASON_TIP)):
            set_available(control, why_not, tip)  # they go with Attach file…
        # One line above the empty list (at 150 % the whole explanation took three, over
        # five blank rows); the rest on hover.
        self.documents_empty.setText(
            "No documents attached yet — Attach file… below, or drag files onto the list."
            if may_attach else "No documents attached yet.")
        self.documents_empty.setToolTip(
            "Choose the type of the file below (the list offers those the tracks need), then "
            "Attach file… (or drag the files onto the list); each file is copied into the "
            "data folder with its SHA-256 (a file attached without a type is given one later "
            "with Set type…)." if may_attach else "")
        self._update_document_buttons()
        self._update_comment_button()
        self._say_header_blocked()

    def _say_header_blocked(self) -> None:
        """At the top of the Overview: each greyed-out button of the header with why it
        is (its tooltip says it too). A greyed-out button takes no focus, so a keyboard
        user could never read why; the Overview does (Alt+O, then the arrow keys). Not a
        line of its own above the tabs: at 200 % on a laptop that cost every tab a line.
        Nothing for a closed case (or a discarded draft): its banner says why."""
        closed = self._closed_case()
        said = [] if closed else [(button.text().replace("&", ""), button.toolTip())
                                  for button in self.header_button_list
                                  if not button.isEnabled() and button.toolTip()]
        self.header_blocked = "; ".join(f"{name}: {why}" for name, why in said)
        lines = "<br>".join(f"<b>{html.escape(name)}</b>: {html.escape(why, quote=False)}"
                            for name, why in said)
        self._blocked_html = (
            f"<p style='color:{secondary_text_colour()}'>Not available now:<br>{lines}</p>"
            if said else "")
        self._show_overview()

    def _show_overview(self) -> None:
        """The facts summary, under what of the header is greyed out and why."""
        composed = self._blocked_html + self._facts_html
        if composed != self._overview_html:  # kept where it is scrolled to, if unchanged
            self._overview_html = composed
            self.overview.setHtml(composed)

    def _update_comment_button(self) -> None:
        typed = len(self.comment_edit.toPlainText().strip())
        # Over the limit said while typing, with how far over, not after Add comment.
        why = refusal(self.actor, "comment.add") or (
            "Adding the comment…" if self._adding_comment else
            "Write the comment first." if not typed else
            f"The comment is {typed:,} characters long; a comment holds at most "
            f"{MAX_COMMENT:,}. Shorten it, or add it as two comments." if typed > MAX_COMMENT
            else "")
        set_available(self.add_comment_button, why,
                      f"Add the comment to the case (Ctrl+Enter). {COMMENTS_KEPT}")

    def check_roles(self) -> None:
        """Reload when the viewer's roles are no longer those the buttons show, or the case
        changed since it was shown (a step, a comment, a document, by anyone): a cheap read
        of both, so coming back to the window re-reads the whole case only when needed."""
        signed_in, shown, reference = self.signed_in_actor, self.actor.roles, self.reference
        shown_stamp = self.data.bundle.stamp() if self.data is not None else None

        def read(fresh: tuple[Actor, CaseStamp]) -> None:
            actor, stamp = fresh
            if actor.roles != shown or stamp != shown_stamp:
                self.reload()  # what is typed (comment, reasons, open dialogs) is kept

        self.tasks.read(
            lambda s: (current_actor(s, signed_in), case_stamp(s, reference=reference)), read,
            lambda _exc: None)  # a deactivation signs out (account_revoked)

    def changeEvent(self, event: QEvent) -> None:
        # Back to this window: an administrator may have changed the viewer's roles, and
        # anybody the case.
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
                and self.data is not None):
            self.check_roles()
        # The colours chosen for the palette (overdue red, badges' neighbours, the risk
        # flag) are chosen again, from the data already read.
        redraw_on_palette_change(self, event, self._show_again)
        super().changeEvent(event)

    def _show_again(self) -> None:
        if self.data is not None:
            self._show(self.data)

    # -- input not stored yet -----------------------------------------------------------------
    def unsaved_input(self) -> list[str]:
        """What is typed here but not stored, in words naming where to store it: listed by
        Users → Sign out and Quit, and asked about when the window closes."""
        from approvals.ui.particulars import ParticularsEditor

        unsaved = []
        if self.comment_edit.toPlainText().strip():
            unsaved.append(
                f"the comment typed on the Comments tab of {self.reference} (Add comment)")
        # The editor is this window's child (also when opened from the filing preview): a
        # Quit or Sign out closed it with the window and dropped the particulars unasked.
        if any(editor.isVisible() and editor.is_dirty()
               for editor in self.findChildren(ParticularsEditor)):
            unsaved.append(f"the filing particulars being edited for {self.reference} "
                           "(Save in Filing particulars)")
        # A step or a condition half-entered in its dialog went with the window unasked.
        for dialog, what in ((self.action_dialog, "the step"),
                             (self.edit_condition_dialog, "the condition")):
            if dialog is not None and dialog.isVisible() and dialog.typed_anything():
                unsaved.append(f"{what} being entered for {self.reference} "
                               f"({dialog.ok_button.text().replace('&', '')} in its dialog)")
        return unsaved

    def close_without_asking(self) -> None:
        """Close, dropping what is typed: the officer answered Discard already (Quit), or
        nobody is there to answer (signed out)."""
        self._close_answered = True
        self.close()

    def closeEvent(self, event: Any) -> None:
        # A half-typed comment went with the window without a word. Not asked when hidden:
        # a sign-out hid the window, and whoever is at the desk now cannot answer.
        unsaved = self.unsaved_input()
        if unsaved and self.isVisible() and not self._close_answered:
            event.ignore()
            items = "\n".join(f"• {item}" for item in unsaved)
            self.close_box = ask_to_discard(
                self, "Unsaved input", f"Close {self.reference} and discard what is not saved "
                f"yet?\n\n{items}\n\nCancel keeps the window open, to save it first.",
                "closeCaseWithUnsavedInput", self.close_without_asking)
            return
        super().closeEvent(event)

    def _refused(self, title: str) -> Any:
        """An error handler that shows the error; a permission refusal (a role taken away
        since the view was loaded) also reloads, so the buttons match the roles."""
        def failed(exc: BaseException) -> None:
            show_error(self, title, exc)
            if isinstance(exc, PermissionDenied):
                self.reload()
        return failed

    # -- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        actor, reference = self.signed_in_actor, self.reference
        self.tasks.latest_read(
            "case", lambda s: load_case_data(s, actor=actor, reference=reference),
            self._show, lambda exc: show_error(self, "Could not open the case", exc))

    def _stored(self, _result: Any = None) -> None:
        """Something of the case was stored: tell the case list, then show it again."""
        self.changed.emit()
        self.reload()

    def _show(self, data: CaseData) -> None:
        self.data = data
        if data.actor is not None and data.actor != self.actor:
            self.actor = data.actor
            if self.preview is not None:  # an open Generate-a-filing dialog: "Final" too
                self.preview.set_actor(data.actor)
        self._apply_permissions()  # the roles, and whether the case is closed, as read now
        bundle = data.bundle
        ending = ending_banner(bundle.case.status, bundle.events, data.actor_names)
        self.ending_label.setText(f"<b>{html.escape(ending)}</b>")
        self.ending_label.setStyleSheet(
            "background:#424242; color:#fff; padding:4px;" if is_dark()
            else "background:#eceff1; color:#263238; padding:4px;")
        self.ending_label.setVisible(bool(ending))
        self.ending_label.setAccessibleName(ending)
        self.ending_label.setToolTip(CLOSED_BANNER_TIP if bundle.case.status == "closed" else "")
        facts = bundle.facts
        target = facts.get("target", {})
        investor = facts.get("investor", {})
        # The owner in words; a very long full name is cut on the line (the line under the
        # title stays unwrapped at 100 %), the whole of it in the header's tooltip.
        owner = owner_text(bundle.case.owner, data.actor_names)
        whole = person_named(bundle.case.owner, data.actor_names)
        self.header.setToolTip(f"Owner: {whole}" if whole != owner else "")
        # Without a Chinese name the line starts with the investor, not a stray "·".
        subtitle = [str(target.get("name_zh") or ""),
                    f"investor {investor.get('name', '')}" if investor.get("name") else "",
                    humanise(bundle.case.status),
                    # Kept together where the line wraps (200 %): a name split over two lines
                    # read as two people.
                    f"owner {owner}".replace(" ", "\u00a0")]
        self.header.setText(
            f"<h2 style='margin:0'>{html.escape(self.reference)} — "
            f"{html.escape(str(target.get('name_en', '')))}</h2>"
            f"<span>{html.escape(' · '.join(p for p in subtitle if p))}</span>"
        )
        self.setWindowTitle(f"Case {self.reference} — {target.get('name_en', '')}")
        self._arrange_header()  # the new title may fit beside the buttons, or no longer
        ai = target.get("ai") or {}
        if ai.get("trained_on_us_model_outputs"):
            models = ", ".join(ai.get("us_models_used") or []) or "models not named"
            # The filings' sentence (one source): "risk flag" said once, its source named.
            sentence, _zh = distillation_flag_sentence(
                f"trained on outputs of US-origin models ({models})", "")
            name = f"{DISTILLATION_FLAG[0]}:"
            self.flag_label.setText(
                f"<b>{name}</b>{html.escape(sentence.removeprefix(name))}")
            self.flag_label.setStyleSheet(
                "background:#5d4037; color:#fff; padding:4px;" if is_dark()
                else "background:#fff3e0; color:#4e2600; padding:4px;")
            self.flag_label.setVisible(True)
        else:
            self.flag_label.setVisible(False)
        # Facts the screening asked for and did not get are shown as "not stated", not left
        # out: an unknown list or figure is why a regime says Needs info.
        needed = {tuple(path.split(".")) for d in (data.screening.result.determinations
                                                   if data.screening else ()) for path in d.missing}
        self._facts_html = facts_summary_html(facts, needed)
        self._show_overview()
        self._show_completion(data)
        # Facts edited after the screening: its reasons may quote the old values. By the
        # events' order, which a stamp to the second cannot tell within one second.
        screened = max((e.id for e in bundle.events
                        if e.action in ("case.screened", "case.rescreen_accepted")), default=0)
        self._show_screening(data.screening, [
            e for e in bundle.events if e.action == "field.changed" and e.id > screened],
            data.actor_names)
        self._show_tracks(data)
        self._show_timeline(bundle, data.tracks, data.actor_names)
        self._show_documents(data)
        if (keep := self._in_view_after_fill) is not None:
            self._in_view_after_fill = None
            self._scroll_documents_to(keep)
        self._show_comments(bundle, data.actor_names, data.documents)
        self.loaded.emit(self.reference)

    def show_track(self, regime: str) -> None:
        """The Tracks tab at `regime`'s running track, with the keys in the track list (the
        deadlines dashboard opens a case at the track whose deadline was chosen); now, or
        once the case has been read."""
        self._wanted_regime = regime
        self.tabs.setCurrentWidget(self.tracks_page)
        if self.data is not None:
            row = self._wanted_track_row(self.data.tracks)
            if row is not None:
                self.track_list.setCurrentRow(row)
        self.track_list.setFocus(Qt.FocusReason.OtherFocusReason)
        show_keyboard_focus(self.track_list)

    def _wanted_track_row(self, tracks: Sequence[FilingTrackView]) -> int | None:
        """The row of show_track's regime (its running track first), once; None if none."""
        regime, self._wanted_regime = self._wanted_regime, None
        rows = [i for i, t in enumerate(tracks) if t.regime == regime]
        running = [i for i in rows if tracks[i].state != "withdrawn"]
        return next(iter(running or rows), None)

    def _show_completion(self, data: CaseData) -> None:
        status, blockers = data.bundle.case.status, data.completion_blockers
        why = f"The case is {humanise(status).lower()}." if status != "open" else " ".join(blockers)
        # The service needs the role to record it (workflow.complete_case): said before the
        # dialog, not refused after the reason and the date were typed.
        if refusal(self.actor, "case.edit"):  # in its own words, not "may not edit case facts"
            why = (f"{self.actor.username} may not mark the deal completed: that needs the "
                   f"{role_words(PERMISSIONS['case.edit'])} role.")
        allowed = not why
        self.complete_button.setEnabled(allowed)
        self.complete_button.setToolTip(
            "Record that the deal has completed (closing)" if allowed else why)
        self.complete_button.setAccessibleDescription("" if allowed else why)
        self._say_header_blocked()

    def ask_complete(self) -> ActionDialog:
        dialog = ActionDialog(COMPLETE_ACTION, self)
        dialog.accepted.connect(lambda: self._complete(dialog))
        self.action_dialog = dialog
        dialog.open()
        return dialog

    def _complete(self, dialog: ActionDialog) -> None:
        if self.data is None:
            return
        actor, case = self.actor, self.data.bundle.case
        reason, on = dialog.reason.text().strip(), dialog.params().get("on")

        def work(s: Any) -> None:
            completed_on = parse_date(on, "on") if on else None
            workflow_service.complete_case(session=s, case_id=case.id, actor=actor,
                                           expected_version=case.version, reason=reason,
                                           completed_on=completed_on)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, InputError) and self.action_dialog is dialog:
                # Open again at the date, with what was typed: not a message box after
                # the dialog had gone.
                dialog.open()
                dialog._say("\n".join(f"{dialog.on_label}: {p.message}" for p in exc.problems))
                dialog.on.setFocus()
                return
            self._refused("Could not complete the case")(exc)

        self.tasks.write(work, self._stored, failed)

    # -- overview ------------------------------------------------------------------------------
    def _overview_tab(self) -> QWidget:
        self.overview = QTextBrowser()
        self.overview.setObjectName("overview")
        self.overview.setAccessibleName("Facts summary")
        return self.overview

    def edit_facts(self, at: str | None = None) -> None:
        """The wizard on the case's facts; `at` a dotted facts path: opened at that
        field's page with the cursor in it (a fact a step waits for)."""
        if self.data is None or not self.edit_button.isEnabled():
            return
        screening = self.data.screening
        # The review page previews the screening as the case's is made.
        wizard = IntakeWizard(self.runner, self.actor, parent=self, mode="edit",
                              reference=self.reference, data=self.data.bundle.facts,
                              version=self.data.bundle.case.version,
                              include_proposed=bool(screening and screening.include_proposed))
        wizard.case_saved.connect(self._stored)
        self.wizard = wizard
        wizard.open()
        if at:
            wizard.go_to_fact(at)

    # -- screening -----------------------------------------------------------------------------
    def _screening_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.screening_info = QLabel()
        self.screening_info.setObjectName("screeningInfo")
        self.screening_info.setWordWrap(True)
        self.determinations = DeterminationsView()
        self.rescreen_button = QPushButton("Re-scree&n with today's rules")
        self.rescreen_button.setObjectName("rescreenButton")
        self.rescreen_button.clicked.connect(self.rescreen)
        # The stored screening's setting to start with; changed, the next re-screening
        # (and accepting it) uses the new one: the way to screen CN-US-CAPITAL, and to
        # open its track, after the case was created without it.
        self.include_proposed_box = QCheckBox("Incl&ude reported / proposed measures")
        self.include_proposed_box.setObjectName("rescreenIncludeProposed")
        self.include_proposed_box.setToolTip(
            "Re-screen with the measures reported or proposed but not yet in force too "
            "(CN-US-CAPITAL); accepting that screening keeps the setting for this case")
        self.include_proposed_box.toggled.connect(self._forget_rescreen)
        self.changes_label = QLabel()
        self.changes_label.setObjectName("rescreenChanges")
        self.changes_label.setWordWrap(True)
        self.changes_label.setTextFormat(Qt.TextFormat.RichText)
        self.accept_button = QPushButton("Accept the ne&w screening…")
        self.accept_button.setObjectName("acceptRescreenButton")
        self.accept_button.setVisible(False)
        self.accept_button.clicked.connect(self.accept_rescreen)
        # What the re-screening shown would store and open, asked before it is accepted.
        self.rescreen_question = ""
        self._rescreen_include = False  # the setting the re-screening shown used
        self.rescreen_confirm: ConfirmChange | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.rescreen_button)
        buttons.addWidget(self.include_proposed_box)
        buttons.addWidget(self.accept_button)
        buttons.addStretch(1)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.screening_info)
        # Re-screening and what it would change under the note that asks for it: below the
        # determinations (a page and a half of reasons) neither the button nor its result
        # was in sight of the note.
        inner_layout.addLayout(buttons)
        inner_layout.addWidget(self.changes_label)
        inner_layout.addWidget(self.determinations)
        inner_layout.addStretch(1)
        scroll = named_scroll(inner, "screeningScroll", "Screening")
        layout.addWidget(scroll)
        return page

    def _show_screening(self, screening: StoredScreening | None,
                        changed_since: Sequence[EventInfo] = (),
                        people: Mapping[str, str] | None = None) -> None:
        """`people`: user_names(), who screened and who last edited the facts in words
        ("Li Wei (li.wei)", as the header names the owner), not by login alone."""
        people = people or {}
        if screening is None:
            self.screening_info.setText("This case has not been screened yet.")
            self.determinations.set_determinations([])
        else:
            proposed = " including reported measures" if screening.include_proposed else ""
            stale = ""
            if changed_since:
                # Edited facts are not screened again by themselves: the reasons below
                # still quote the old values (a stake of 12.5 % after it was set to 15 %).
                last = max(changed_since, key=lambda e: e.occurred_at)
                fields = sorted({readable_paths(str(e.field)) for e in changed_since if e.field})
                stale = (f"<br><b>The facts have changed since</b> "
                         f"({html.escape(', '.join(fields))}; last by "
                         f"{html.escape(person_named(last.actor, people))}"
                         f" at {utc_text(last.occurred_at)}): "
                         "re-screen to see whether these determinations still hold.")
            by = screening.created_by
            self._screening_head = (
                f"Screened as of <b>{screening.as_of}</b> with rulebook "
                f"<b>{html.escape(screening.rulebook_version)}</b>{proposed}, by "
                f"{html.escape(person_named(by, people))}"
                f" at {utc_text(screening.created_at)}.")
            self.screening_info.setText(self._screening_head + stale)
            self.determinations.set_determinations(screening.result.determinations)
        self._facts_changed = bool(screening is not None and changed_since)
        with QSignalBlocker(self.include_proposed_box):
            self.include_proposed_box.setChecked(bool(screening and screening.include_proposed))
        self._forget_rescreen()

    def _forget_rescreen(self) -> None:
        """No re-screening shown to accept (a new one stored, or the setting changed)."""
        self.changes_label.setText("")
        self.changes_label.setVisible(False)  # no empty line between the buttons and the list
        self.accept_button.setVisible(False)
        self.rescreen_question = ""  # re-screen again to accept

    def rescreen(self) -> None:
        """Screen the stored facts with today's rules and show what would change."""
        if self.data is None:
            return
        stored = self.data.screening
        old = stored.result.outcomes() if stored else {}
        include = self.include_proposed_box.isChecked()
        setting_changed = include != bool(stored and stored.include_proposed)
        facts, data_dir = self.data.bundle.facts, self.data_dir
        # Regimes with a track still running; accepting opens one for any other that needs
        # action (a reopened case's tracks were withdrawn when it was closed).
        running = {t.regime for t in self.data.tracks if t.state != "withdrawn"}
        ended = {t.regime for t in self.data.tracks if t.state == "withdrawn"}

        def work(_progress: Any) -> ScreeningResult:
            # The data folder's rulebook (an installed update, else the shipped one): the
            # one accepting the re-screening applies (services.screening).
            return screen(stored_facts(facts), date.today(), include,
                          rulebook=rulebook_for(data_dir))

        def done(result: ScreeningResult) -> None:
            rows, changed = [], []
            for det in result.determinations:
                regime, outcome = det.regime, det.outcome
                before = old.get(regime)
                if before != outcome:
                    rows.append(f"<li><b>{html.escape(regime)}</b>: "
                                f"{badge_html(before) if before else 'not screened'} → "
                                f"{badge_html(outcome)}</li>")
                    changed.append(f"{regime} from "
                                   f"{humanise(before).lower() if before else 'not screened'}"
                                   f" to {humanise(outcome).lower()}")
            screened = {det.regime for det in result.determinations}
            for regime, before in old.items():  # CN-US-CAPITAL, the measures left out
                if regime not in screened:
                    rows.append(f"<li><b>{html.escape(regime)}</b>: {badge_html(before)} → "
                                "not screened</li>")
                    changed.append(f"{regime} from {humanise(before).lower()} to not screened")
            rulebook = result.rulebook
            new_tracks = [det.regime for det in result.determinations
                          if det.regime not in running
                          and wf.track_kind_for(det.regime, det.outcome) is not None]
            opens = ""
            if new_tracks:  # unchanged outcomes too: else a reopened case had no way back
                withdrawn = [r for r in new_tracks if r in ended]
                opens = (f"<p>Accepting it opens a new filing track for "
                         f"<b>{html.escape(', '.join(new_tracks))}</b>"
                         + ("" if not withdrawn else " beside the one withdrawn"
                            if len(withdrawn) == 1 else " beside those withdrawn") + ".</p>")
            self.rescreen_question = rescreen_question(
                self.reference, rulebook, result.as_of, changed, new_tracks,
                include_proposed=include if setting_changed else None)
            self._rescreen_include = include
            if rows:
                self.changes_label.setText(
                    f"<p>With rulebook <b>{html.escape(rulebook)}</b> as of today these "
                    f"determinations would change:</p><ul>{''.join(rows)}</ul>{opens}")
                self.accept_button.setVisible(True)
            elif opens or setting_changed:
                self.changes_label.setText(
                    f"<p>No determination would change with rulebook "
                    f"<b>{html.escape(rulebook)}</b> as of today.</p>{opens}")
                self.accept_button.setVisible(True)
            elif self._facts_changed:
                # The facts edited since the screening have been screened again: the note
                # asking for that has been answered, and accepting records it (the note
                # stayed, with nothing to accept to make it go).
                self.changes_label.setText(
                    f"<p>No determination would change with rulebook "
                    f"<b>{html.escape(rulebook)}</b> as of today for the facts as they are "
                    "now. Accept the new screening to record that they were screened "
                    "again.</p>")
                self.screening_info.setText(
                    self._screening_head + "<br>Re-screened with today's rules for the facts "
                    "as edited: no determination would change.")
                self.accept_button.setVisible(True)
            else:
                self.changes_label.setText(
                    f"Nothing would change with rulebook <b>{html.escape(rulebook)}</b> as of "
                    "today.")
                self.accept_button.setVisible(False)
                self.rescreen_question = ""  # nothing to accept
            self.changes_label.setVisible(True)

        self.tasks.run(work, done, lambda exc: show_error(self, "Could not re-screen", exc))

    def accept_rescreen(self) -> ConfirmChange | None:
        """Ask before storing the new screening: what it stores and opens, and why (the
        reason goes into the audit trail, as a track step's or a deactivation's does).
        Cancel or Escape changes nothing."""
        if self.data is None or not self.rescreen_question \
                or not self.accept_button.isEnabled():
            return None
        case_id = self.data.bundle.case.id
        dialog = ConfirmChange(self, title="Accept the new screening",
                               text=self.rescreen_question, action="&Accept",
                               object_name="acceptRescreenConfirm", reason=True)
        if self.rescreen_confirm is not None:  # the one asked before, answered by now
            self.rescreen_confirm.deleteLater()
        self.rescreen_confirm = dialog
        return dialog.ask(lambda reason: self._accept_rescreen(case_id, reason))

    def _accept_rescreen(self, case_id: int | None, reason: str) -> None:
        actor, include = self.actor, self._rescreen_include
        assert case_id is not None  # a stored case
        self.tasks.write(
            lambda s: screening_service.accept_rescreen(session=s, case_id=case_id, actor=actor,
                                                        reason=reason, include_proposed=include),
            self._stored,
            self._refused("Could not accept the new screening"))

    # -- tracks -----------------------------------------------------------------------------
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
        right_layout.addWidget(self.diagram, 2)
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
        # A track chosen while the tab was hidden (the case opened on Overview): its state
        # is brought into view once the tab shows, not left at the diagram's top row.
        self._state_view_pending = False
        self.track_details.shown.connect(
            lambda: QTimer.singleShot(0, self, self._bring_pending_state_into_view))
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
        self.edit_condition_dialog: EditConditionDialog | None = None
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
            for j, value in enumerate((condition_words(o.text), due, status)):
                item = QTableWidgetItem(value)
                item.setToolTip(status_tip if j == 2 else o.text if j == 0 else value)
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
        self.obligations_blocked.setStyleSheet(f"color: {secondary_text_colour()};")
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
        actor, seen, track = self.actor, dialog.obligation, self.current_track()
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
            if isinstance(exc, (ConflictError, PermissionDenied)):
                self.reload()

        if seen is not None:
            obligation_id = seen.id

            def store(s: Any) -> Any:
                return workflow_service.edit_condition(
                    session=s, obligation_id=obligation_id, actor=actor, expected=seen,
                    **values)
        elif track is not None:
            track_id, version = track.id, track.version

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
            if track.changed_after_approval:  # seen without selecting each track
                text += "\nfacts changed since the approval"
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
            self.track_state.setText("No filing tracks: no regime needs action on this case.")
            self.approval_note.setVisible(False)
            self.track_clock.setText("")
            self.obligations.setVisible(False)
            self.diagram.show_diagram(None, "")
            self._set_actions([])
            self.history.setRowCount(0)
            return
        self.track_list.setCurrentRow(min(max(selected, 0), len(tracks) - 1))
        self._track_selected(self.track_list.currentRow())

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
        self.approval_note.setStyleSheet(warning_style() if note else "")
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
            self._bring_state_into_view()
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

    def _bring_state_into_view(self) -> None:
        """The diagram's current box in view below the state line (which stays put): the
        details kept the previous track's scroll, and at 200 % the new track's highlighted
        state started below the window's foot (the diagram centres it sideways itself).
        From the top, so the clock line shows too when there is room for it."""
        area = self.track_details
        area.verticalScrollBar().setValue(0)
        area.horizontalScrollBar().setValue(0)
        diagram, content = self.diagram, area.widget()
        self._state_view_pending = not area.isVisible()
        if not area.isVisible() or diagram.current_rect is None or content is None:
            return
        # Any layout still pending first (the diagram hugs its drawing, the conditions
        # show or hide): the box's place is read from the new track's layout, not the last.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        box = diagram.mapFromScene(diagram.current_rect).boundingRect()
        box.moveTopLeft(diagram.viewport().mapTo(content, box.topLeft()))
        margin = 4  # its border in view too, not flush with the edge
        area.ensureVisible(box.center().x(), box.center().y(),
                           box.width() // 2 + margin, box.height() // 2 + margin)
        # Scrolled a little: from the diagram's top, not from halfway down the clock line
        # (its last line alone read as the start of the details).
        bar = area.verticalScrollBar()
        diagram_top = diagram.mapTo(content, QPoint(0, 0)).y()
        if 0 < bar.value() < diagram_top:
            bar.setValue(min(diagram_top, bar.maximum()))

    def _bring_pending_state_into_view(self) -> None:
        if self._state_view_pending and self.track_details.isVisible():
            self._bring_state_into_view()

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
            timed = track is not None and track.clock is not None and track.clock.days > 0
            does = step_effect(track.kind, track.state, name, timed) if track is not None else ""
            button.setToolTip(" ".join(filter(None, (does, action.label_zh))) if allowed
                              else (why or ""))
            button.setAccessibleDescription("" if allowed else (why or ""))
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

    def _focus_next_step(self) -> None:
        """On to the next step, or back to the tracks when none may be taken."""
        ready = [b for b in self.track_buttons.values() if b.isEnabled()]
        target = ready[0] if ready else self.track_list
        target.setFocus()
        show_keyboard_focus(target)  # Space would press it: it must be seen

    def ask_action(self, action: ActionView) -> ActionDialog:
        track = self.current_track()
        # The service's own list (an extension with no statutory length needs its days).
        required: dict[str, str] = dict(action.param_required)
        reason_asks = ""
        if track is not None:
            step = next((t for t in wf.workflow(track.kind).transitions
                         if t.name == action.name), None)
            for guard in step.guards if step else ():
                if guard.kind == "param":
                    required.update((v, guard.message or "required") for v in guard.values)
                if guard.kind == "reason":
                    reason_asks = guard.message
        dialog = ActionDialog(action, self, required, last_step(track), reason_asks=reason_asks)
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
            if isinstance(exc, ApprovalsError) and not isinstance(exc, AccountRevoked) \
                    and self.action_dialog is dialog:
                # Refused otherwise (a colleague moved the track meanwhile, a role taken
                # away, the database busy): said in the dialog again with what was typed
                # (a message box after it had gone lost the reason and the conditions);
                # the window shows the case as it is now, to try again or Cancel.
                dialog.open()
                dialog.problem_said(user_message(exc) + (
                    " The case window shows the track as it is now." if
                    isinstance(exc, ConflictError) else ""))
                if isinstance(exc, ConflictError) and pin is not None:
                    dialog.track_pin = (pin[0], None)  # told: OK again takes it as it is now
                self.reload()
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

    # -- timeline ------------------------------------------------------------------------------
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
        self.timeline_export_button = add_timeline_export(self)  # the events shown, as CSV
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
        copy_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.timeline,
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
        self.timeline_details.setPlaceholderText(
            "Select an event to read it in full here: what it did, who did it in which "
            "role, when, the reason, the old and new values and the event's hashes.")
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
        if self.documents_filter.isVisible():  # the Documents tab is shown
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
            details = event.details if isinstance(event.details, dict) else None
            return event_sentence(EventFacts(event.action, event.entity_id, event.field,
                                             old, new, details), condition=text or None)
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
            details = event.details if isinstance(event.details, dict) else {}
            return self._short(rescreen_text(old, new, details, outcomes_first=True))
        if event.action == "document.attached" and isinstance(new, dict) and new.get("file_name"):
            # What was attached, not "changed: allowed users, doc type, file name, …".
            kind = document_type_name(str(new["doc_type"])) if new.get("doc_type") else ""
            # Who may open it in words ("Alice Wong (alice) and bob"): the event keeps logins.
            restricted = f", {self._access_text(new)}" if new.get("restricted") else ""
            return self._short(str(new["file_name"]) + (f" ({kind})" if kind else "")
                               + restricted)
        if event.action == "document.withdrawn":
            # Which file, and what replaced it; not "changed: status, withdrawn at".
            details = event.details if isinstance(event.details, dict) else {}
            name = str(details.get("file_name") or f"document #{event.entity_id}")
            newer = new.get("superseded_by_file") if isinstance(new, dict) else None
            return self._short(f"in force → withdrawn: {name}"
                               + (f" (replaced by {newer})" if newer else ""))
        if event.action == "document.restriction_changed":
            # "open to every user → restricted to Alice Wong (alice) and bob", not
            # "changed: allowed users, restricted".
            return self._short(" → ".join(self._access_text(v) for v in (old, new)))
        if event.action == "document.type_changed":  # by name, not "org_chart → kyc"
            details = event.details if isinstance(event.details, dict) else {}
            return self._short(f"{details.get('file_name') or f'document #{event.entity_id}'}: "
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
            made.append("\x1f".join([*rows[row], event.action, self._timeline_sentence(row),
                                     event.reason]).casefold())
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
        terms = self.timeline_filter.text().casefold().split()
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
            fields += [("Old value", self._value(event.old_value)),
                       ("New value", self._value(event.new_value))]
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

    @staticmethod
    def _value(value: Any) -> str:
        """A stored value exactly (event_text.value_text); a record or list laid out one
        key a line, which a long one on one line is not read as."""
        if isinstance(value, dict | list) and value:
            return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
        return value_text(value)

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


    # -- documents ---------------------------------------------------------------------------
    def _documents_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.documents_problem = QLabel()
        self.documents_problem.setWordWrap(True)
        self.documents_empty = QLabel()
        self.documents_empty.setObjectName("documentsEmpty")
        self.documents_empty.setWordWrap(True)
        self.documents_empty.setVisible(False)
        self.documents = DocumentsTable(0, 7)
        self.documents.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        self.documents.setObjectName("documents")
        self.documents.setAccessibleName("Documents")
        self.documents.setHorizontalHeaderLabels(["File", "Type", "SHA-256", "Size",
                                                  "Attached", "Restricted", "Status"])
        self.documents.verticalHeader().setVisible(False)
        # One line a row, as the timeline: a withdrawn document's why wrapped to a second
        # line cut off mid-word, and every row was half as tall again, so a case with four
        # tracks' checklist below showed eight documents (its whole why is in the tooltip).
        self.documents.verticalHeader().setDefaultSectionSize(
            self.documents.fontMetrics().lineSpacing() + 8)
        self.documents.setWordWrap(False)
        self.documents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((260, 160, 150, 90, 260, 110)):
            self.documents.setColumnWidth(col, width)
        # Status (in force, or withdrawn by whom and why) beside the file's name: last, it
        # was off to the right behind a scroll bar. Moved on screen only (still column 6).
        self.documents.horizontalHeader().moveSection(6, 1)
        # And who may open it beside its type, where it is read with the file: last, it went
        # behind the scroll bar once Attached named people in words (the time cut short is
        # whole in that cell's tooltip). Column 5 still, on screen the fourth.
        self.documents.horizontalHeader().moveSection(6, 3)
        # Titles at the left: a long status's title, centred, was off the visible part.
        self.documents.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # A click on a title sorts by it (by type, by size, by date attached); until then
        # the documents are in the order they were attached.
        self.documents.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.documents.setSortingEnabled(True)
        # The document to select once the list is shown again: the one just attached, else
        # the one selected (a row number pointed elsewhere once the list was sorted).
        self._select_document_id: int | None = None
        # Files dragged in from the file manager are attached as if chosen with Attach
        # file… (several at once too), while it may be used.
        self.documents.accepting_files = lambda: self.attach_button.isEnabled()
        self.documents.files_dropped.connect(self.attach_documents)
        # Enter opens the selected document too (activated is also the double-click).
        self.documents.activated.connect(lambda _i: self.open_document())
        self.doc_type = type_list([], name="documentType")  # filled as the case loads
        self.doc_type.setToolTip(DOC_TYPE_TIP)
        # {key, name} of the types the Type lists offer (here, and Set type…'s).
        self.offered_types: list[tuple[str, str]] = []
        self.doc_restricted = QCheckBox("Restricted to me")
        self.doc_restricted.setObjectName("documentRestricted")
        self.doc_restricted.setToolTip(RESTRICTED_TIP)
        # Why the file is attached, for the audit trail (optional, as a step's reason is):
        # every change is an event with its reason, and an attachment had none.
        self.attach_reason = text_field(
            QLineEdit, "attachReason", "Reason for attaching",
            "optional: why these files are attached (recorded in the audit trail)")
        self.attach_reason.setToolTip(ATTACH_REASON_TIP)
        attach = QPushButton("Attac&h file…")
        attach.setObjectName("attachButton")
        attach.clicked.connect(self.attach_document)
        self.attach_button = attach
        open_button = QPushButton("Ope&n")
        open_button.setObjectName("openDocumentButton")
        open_button.clicked.connect(self.open_document)
        self.open_document_button = open_button
        # A copy out of the data folder, hash-checked and recorded (for an e-mail, a
        # regulator's portal): the service did it, but nothing on the tab offered it.
        self.export_document_button = QPushButton("E&xport…")  # Alt+X
        self.export_document_button.setObjectName("exportDocumentButton")
        self.export_document_button.clicked.connect(
            lambda _checked=False: self.export_document())
        # Asks first, with a reason for the audit trail (optional, as Who may open…'s).
        self.restrict_button = QPushButton("Restr&ict…")
        self.restrict_button.setObjectName("restrictDocumentButton")
        self.restrict_button.clicked.connect(lambda _checked=False: self.toggle_restriction())
        self.restriction_dialog: ConfirmChange | None = None
        self.access_button = QPushButton("&Who may open…")
        self.access_button.setObjectName("documentAccessButton")
        self.access_button.clicked.connect(self.edit_access)
        # Is this stored PDF the filing the case holds, still current? (Check a filing…)
        self.check_pdf_button = QPushButton("Chec&k PDF…")
        self.check_pdf_button.setObjectName("checkDocumentPdfButton")
        self.check_pdf_button.clicked.connect(lambda _checked=False: self.check_document_pdf())
        self.filing_check_dialog: FilingCheckDialog | None = None
        # Taking back a document attached by mistake: withdrawn (kept, with the reason), or
        # replaced by a new version. No Alt key is free in "Withdraw" on this tab: the
        # Delete key on the list opens it instead (said in its tooltip).
        self.withdraw_button = QPushButton("Withdraw…")
        self.withdraw_button.setObjectName("withdrawDocumentButton")
        self.withdraw_button.clicked.connect(lambda _checked=False: self.withdraw_document())
        self.new_version_button = QPushButton("Attach new &version…")  # Alt+V
        self.new_version_button.setObjectName("newVersionButton")
        self.new_version_button.clicked.connect(lambda _checked=False: self.attach_new_version())
        # A file dropped in first is classified afterwards (it could not be: withdrawing
        # and attaching it again was the only way, and left noise in the trail). No Alt
        # key is free in "Set type": F2 on the list, as for a name in a file manager.
        self.set_type_button = QPushButton("Set type…")
        self.set_type_button.setObjectName("setDocumentTypeButton")
        self.set_type_button.clicked.connect(lambda _checked=False: self.set_document_type())
        self.type_dialog: DocumentTypeDialog | None = None
        type_key = QShortcut(QKeySequence(Qt.Key.Key_F2), self.documents,
                             lambda: self.set_document_type())
        type_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        type_key.setWhatsThis("Set the type of the selected document…")
        self.show_withdrawn = QCheckBox("Show withdrawn")
        self.show_withdrawn.setObjectName("showWithdrawn")
        self.show_withdrawn.setToolTip(SHOW_WITHDRAWN_TIP)
        self.show_withdrawn.setChecked(True)
        self.show_withdrawn.toggled.connect(lambda _on: self._hide_withdrawn_rows())
        self.withdraw_dialog: WithdrawDocumentDialog | None = None
        self._attach_batch: AttachBatch | None = None  # files chosen at once, attaching
        withdraw_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.documents,
                                 lambda: self.withdraw_document())
        withdraw_key.setContext(Qt.ShortcutContext.WidgetShortcut)  # not a field's Delete
        withdraw_key.setWhatsThis("Withdraw the selected document…")
        self.documents.itemSelectionChanged.connect(self._update_document_buttons)
        # The same actions on the row itself (right click, or the keyboard's menu key).
        self.documents.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.documents.customContextMenuRequested.connect(self._document_menu)
        # From the keyboard, on the selected row: the context-menu event the Menu key made
        # placed the point in the table's frame, not its rows' (the header's height off),
        # so the menu came for the row below, or, on the last row, not at all.
        self._menu_keys = KeyboardMenu(self.documents, self.document_menu_here)
        # Attaching a new file on one row, what acts on the selected one on the next: all
        # on one row pushed Check PDF… and Withdraw… off the tab at 200 % (the tab scrolled
        # sideways and the type box shrank to "choos…").
        buttons = QHBoxLayout()
        type_label = QLabel("T&ype:")
        type_label.setBuddy(self.doc_type)  # Alt+Y
        buttons.addWidget(type_label)
        buttons.addWidget(self.doc_type, 1)
        buttons.addWidget(attach)
        # Both ways of attaching on this row (a new version replaces the selected one, as
        # its tooltip says): with Export… the selected document's row was too wide at 200 %.
        buttons.addWidget(self.new_version_button)
        # And what the selected file is, here by the Type box (the other row was too wide
        # at 200 % with it): its dialog names the file and offers the same types.
        buttons.addWidget(self.set_type_button)
        # The reason on a line of its own under them (the row above is full at 200 %), in
        # the Tab order before the buttons that use it (set once they share the page).
        why = QHBoxLayout()
        # How the file is kept, with why it is attached: beside the Type box the row was
        # too wide at 200 % once the box kept its whole "choose, or type any label".
        why.addWidget(self.doc_restricted)
        why_label = QLabel("Reason:")
        why_label.setBuddy(self.attach_reason)
        why.addWidget(why_label)
        why.addWidget(self.attach_reason, 1)
        versions = QHBoxLayout()
        versions.addWidget(open_button)
        versions.addWidget(self.export_document_button)
        versions.addWidget(self.restrict_button)
        versions.addWidget(self.access_button)
        versions.addWidget(self.check_pdf_button)
        versions.addWidget(self.withdraw_button)
        versions.addStretch(1)
        # What the list shows, above it (as a list's filter is), beside "No documents yet".
        # A case with hundreds of documents: the rows that hold every word typed (of the
        # name, type, who attached it, status…), as the Timeline's filter; Ctrl+F here.
        self.documents_filter = text_field(QLineEdit, "documentsFilter", "Filter documents",
                                           "file name, type, who attached… (Ctrl+F)")
        self.documents_filter.setClearButtonEnabled(True)
        self.documents_filter.textChanged.connect(lambda _text: self._hide_withdrawn_rows())
        self.documents_filter_label = QLabel("&Filter:")
        self.documents_filter_label.setBuddy(self.documents_filter)  # Alt+F
        self.documents_no_match = QLabel()
        self.documents_no_match.setObjectName("documentsNoMatch")
        self.documents_no_match.setVisible(False)
        above = QHBoxLayout()
        above.addWidget(self.documents_empty, 1)
        above.addWidget(self.documents_filter_label)
        above.addWidget(self.documents_filter, 1)
        above.addWidget(self.documents_no_match)
        above.addWidget(self.show_withdrawn, 0,
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.checklist = QLabel()
        self.checklist.setObjectName("requiredDocuments")
        self.checklist.setTextFormat(Qt.TextFormat.RichText)
        self.checklist.setWordWrap(True)
        # At the top of its pane, not centred in it with a blank line above (the pane is
        # taller than a short checklist when the list above is at its smallest).
        self.checklist.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Copying a large file takes a while: a bar and Cancel while it runs.
        self.attach_progress = ProgressPanel(page, what="attaching")
        self.attach_progress.setObjectName("attachProgress")
        self.attach_progress.setVisible(False)
        layout.addWidget(self.documents_problem)
        layout.addLayout(above)
        # The list and its actions above, the required documents below, the line between
        # them movable (ChecklistScroll: many tracks' lists squeezed the documents).
        listed = QWidget()
        listed_layout = QVBoxLayout(listed)
        listed_layout.setContentsMargins(0, 0, 0, 0)
        listed_layout.addWidget(self.documents, 1)
        listed_layout.addLayout(buttons)
        listed_layout.addLayout(why)
        listed_layout.addLayout(versions)
        # Why the buttons above are greyed out for the viewer's roles, in words a keyboard
        # user can read (a greyed-out button takes no focus; its tooltip was all).
        self.documents_blocked = blocked_note("documentsBlocked")
        listed_layout.addWidget(self.documents_blocked)
        listed_layout.addWidget(self.attach_progress)
        required = QWidget()
        required_layout = QVBoxLayout(required)
        required_layout.setContentsMargins(0, 0, 0, 0)
        required_layout.addWidget(QLabel("<b>Required documents</b>"))
        self.checklist_scroll = ChecklistScroll()
        self.checklist_scroll.setObjectName("requiredDocumentsScroll")
        self.checklist_scroll.setAccessibleName("Required documents")  # a Tab stop: arrows scroll
        self.checklist_scroll.setWidgetResizable(True)
        self.checklist_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.checklist_scroll.setWidget(self.checklist)
        required_layout.addWidget(self.checklist_scroll, 1)
        self.documents_split = RequiredDocumentsSplit()
        self.documents_split.setObjectName("documentsSplit")
        self.documents_split.addWidget(listed)
        self.documents_split.addWidget(required)
        self._keep_document_rows_in_sight(self.LEAST_DOCUMENT_ROWS)
        layout.addWidget(self.documents_split, 1)
        # What a new file is attached with, then Attach file…, then the other buttons of
        # its row (the reason and the check box sit on the line under them).
        for before, after in ((self.doc_type, self.doc_restricted),
                              (self.doc_restricted, self.attach_reason),
                              (self.attach_reason, attach), (attach, self.new_version_button),
                              (self.new_version_button, self.set_type_button),
                              (self.set_type_button, open_button)):
            QWidget.setTabOrder(before, after)
        return page

    # Five documents in sight at least: where the window is smaller (200 % on a laptop)
    # the tab scrolls, rather than the list shrinking to a row. An empty list keeps two:
    # five blank rows pushed the checklist out of sight at 150 %.
    LEAST_DOCUMENT_ROWS, LEAST_EMPTY_ROWS = 5, 2

    def _keep_document_rows_in_sight(self, rows: int) -> None:
        self.documents.setMinimumHeight(
            self.documents.horizontalHeader().sizeHint().height()
            + rows * self.documents.verticalHeader().defaultSectionSize()
            + self.documents.horizontalScrollBar().sizeHint().height()  # narrow: it shows
            + 2 * self.documents.frameWidth())

    def _show_documents(self, data: CaseData) -> None:
        self.documents_problem.setText(data.documents_problem)
        self.documents_problem.setVisible(bool(data.documents_problem))
        docs = data.documents
        self.documents_empty.setVisible(not docs and not data.documents_problem)
        self._keep_document_rows_in_sight(
            self.LEAST_DOCUMENT_ROWS if docs else self.LEAST_EMPTY_ROWS)
        keep = self._select_document_id or self._selected_document_id()
        self._select_document_id = None
        self.documents.setSortingEnabled(False)  # rows filled in place, sorted after
        self.documents.setRowCount(len(docs))
        names = {d.id: d.file_name for d in docs}
        people = data.actor_names  # who attached and withdrew, in words
        for i, doc in enumerate(docs):
            restricted, restricted_tip = restricted_cell(doc)
            cells = (doc.file_name, document_type_text(doc),
                     doc.sha256[:16] + "…", size_text(doc.size),
                     f"{person_named(doc.uploaded_by, people)}, "
                     f"{utc_text(doc.uploaded_at)}",
                     restricted, document_status(doc, names, people))
            for j, value in enumerate(cells):
                item = SortedCell(value)
                tips = []
                if j == 0:  # which document a row is, however the list is sorted
                    item.setData(Qt.ItemDataRole.UserRole, doc.id)
                    tips.append(doc.file_name)  # whole, where the column cuts it short
                if j == 2:
                    tips.append(doc.sha256)
                if j == 3:  # "48.6 KB" read at a glance; the exact count when it matters
                    tips.append(f"{doc.size:,} bytes")
                    item.setData(SORT_KEY, doc.size)
                if j == 4:
                    item.setData(SORT_KEY, doc.uploaded_at)
                    tips.append(value)  # a long full name whole, where the column cuts it
                if j == 5:  # everyone it is open to, and found by the filter under any name
                    tips.append(restricted_tip)
                    item.setData(FILTER_WORDS, " ".join(doc.allowed_people))
                if j == 1:  # whole, where the column cuts it short (200 %)
                    tips.append(value)
                if j == 1 and is_filing_kind(doc.doc_type) and not doc.is_rendering:
                    tips.append(NOT_THE_FINAL_TIP)
                if not doc.can_open:
                    tips.append(closed_to_you(doc, self.actor))
                if doc.withdrawn:  # greyed and struck through, the why in every cell's tip
                    tips.append(document_status(doc, names, people) + ". " + WITHDRAW_EXPLAINED)
                    item.setForeground(QBrush(QColor(secondary_text_colour())))
                    font = item.font()
                    font.setStrikeOut(j != 6)  # the status itself stays plain to read
                    item.setFont(font)
                if tips:
                    item.setToolTip("\n".join(tips))
                self.documents.setItem(i, j, item)
        self.documents.setSortingEnabled(True)  # sorts again by the title clicked, if any
        self._select_document_row(keep)
        self._hide_withdrawn_rows()
        self.documents.fit()  # the status and a long name give up room, whole in tips
        # A withdrawn document is no evidence: it ticks nothing (as the workflow's guards),
        # and a filing's line is ticked by its stored final only, not by a file attached
        # under the filing's type (evidence_type, as the guards count them).
        docs = [d for d in docs if not d.withdrawn]
        lines, wanted_types = [], []
        # A hint said once: a case with three Chinese tracks read "Generate filing… with
        # 'Final (stored with the case)' stores it" three times; later tracks point back.
        hinted: dict[str, str] = {}  # the hint → the regime it was said under
        for track in data.tracks:
            if track.state == "withdrawn":  # not applied for: its list read as owed
                lines.append(f"<p><b>{html.escape(track.regime)}</b> — withdrawn: needs no "
                             "documents</p>")
                continue
            filings = wf.workflow(track.kind).filing_documents
            # The filing, then what its final needs attached (the US notification's
            # organisation chart), then what a step waits for (the signed technology
            # export contract a licence needs): "attach a document of type org_chart"
            # is not a guess the officer should have to make.
            needed = [*filings, *(key for kind in filings
                                  for key in filing_service.required_documents(kind))]
            waiting = guarding_steps(track.kind)
            needed += [key for key in waiting if key not in needed]
            if not needed:
                continue
            counted = [d for d in docs if d.track_id in (None, track.id)]
            present = {evidence_type(d.doc_type, d.is_rendering) for d in counted}
            # By the name the Type list offers it under when attaching; a missing one says
            # where it comes from or what it holds up ("✘ missing: Chinese application" left
            # a new officer attaching a PDF of their own, or wondering what it blocked).
            items = []
            for key in needed:
                tick = ("✔ final stored" if key in filings else "✔ attached") if key in present \
                    else "✘ missing"
                said = []
                if key not in present and (hint := checklist_hint(key, filings, waiting)):
                    first = hinted.setdefault(hint, track.regime)
                    again = f"Generate filing…, as for {first}" if key in filings \
                        else f"as for {first} above"
                    said.append(hint if first == track.regime else html.escape(f" — {again}"))
                if key in filings and (note := document_filing_note(key, counted)):
                    said.append(f" — {note}")
                items.append(f"<li>{tick}: <b>{html.escape(document_type_name(key))}</b>"
                             f"{''.join(said)}</li>")
            # The list under its regime, no blank line between (a case with four tracks
            # spent a third of the tab on the gaps, squeezing the documents above).
            lines.append(f"<p style='margin-top: 6px; margin-bottom: 0px'>"
                         f"<b>{html.escape(track.regime)}</b></p><ul style='margin-top: 0px; "
                         f"margin-bottom: 0px'>{''.join(items)}</ul>")
            # The Type list offers what the tracks need, but for a filing its signed copy:
            # the filing's own type is its stored final, which only Generate filing… makes.
            for key in needed:
                offered = signed_copy_type(key) if key in filings else key
                if offered not in wanted_types:
                    wanted_types.append(offered)
        self.checklist.setText("".join(lines) or "No track of this case needs documents.")
        self.documents_split.fit()
        typed = self.doc_type.currentText()
        self.doc_type.clear()
        self.doc_type.addItem("", "")
        # What the tracks need, then the everyday papers (the authority's receipt); the
        # name shown, the key stored.
        self.offered_types = [
            (key, document_type_name(key))
            for key in [*wanted_types, *(k for k in EVERYDAY_TYPES if k not in wanted_types)]]
        for key, name in self.offered_types:
            self.doc_type.addItem(name, key)
        self.doc_type.setCurrentText(typed)
        self._update_document_buttons()

    def document_type(self) -> str:
        """The key of the type chosen from the list by its name, or the label typed."""
        return chosen_type(self.doc_type)

    def attach_document(self, path: str | None = None,
                        supersedes: DocumentInfo | None = None) -> None:
        """Attach a file (asked for when `path` is None); with `supersedes`, as the new
        version of that document: its type and track, and the old one withdrawn."""
        if self.data is None:
            return
        # A filing's own type is its stored final's: said under the Type box before a file
        # is chosen (the service refuses it too), not after copying it, as "doc_type: …".
        if supersedes is None and (problem := reserved_type_problem(self.document_type())):
            self.attach_progress.finish(problem)
            self.attach_progress.setVisible(True)
            self.doc_type.setFocus()
            self._bring_into_view(self.attach_progress)
            return
        if not path:  # ask, and come back with the files chosen (the type as set by then)
            ask_open_files(self, DOCUMENTS, title="Attach documents", data_dir=self.data_dir,
                           chosen=lambda chosen: self.attach_documents([str(p) for p in chosen]))
            return
        actor, data_dir, case_id = self.actor, self.data_dir, self.data.bundle.case.id
        doc_type, restricted = self.document_type(), self.doc_restricted.isChecked()
        reason = self.attach_reason.text().strip()
        batch = self._attach_batch if supersedes is None else None
        if batch is not None:  # as the form was when the files were chosen
            doc_type, restricted, reason = batch.doc_type, batch.restricted, batch.reason
        replaced = supersedes.id if supersedes is not None else None
        if supersedes is not None:  # the form's type and box are for a new document
            doc_type, restricted = supersedes.doc_type, supersedes.restricted
        typed_type = self.doc_type.currentText()
        source = path
        panel = self.attach_progress
        people = self.data.actor_names if self.data is not None else {}  # read at the load

        def work(s: Any, progress: Progress) -> tuple[int, str]:
            report, cancelled = service_callbacks(progress)
            doc = document_service.attach_document(
                s, actor=actor, data_dir=data_dir, case_id=case_id, source=source,
                doc_type=doc_type, restricted=restricted, progress=report, cancelled=cancelled,
                supersedes=replaced, reason=reason)
            # The same file twice is stored once but listed twice, silently: say so.
            return doc.id, same_file_note(doc, document_service.list_documents(
                s, actor=actor, case_id=case_id), people)

        def ended(text: str = "") -> None:
            panel.finish(text)
            panel.setVisible(bool(text))
            self._gate(self.attach_button, "document.attach", ATTACH_TIP)  # the roles as now
            self._update_document_buttons()

        def done(attached: tuple[int, str]) -> None:
            # Selected once listed: the file just attached is the one Set type…, Restrict
            # or Withdraw… is wanted for next.
            self._select_document_id, note = attached
            if batch is not None:
                batch.attached += 1
                batch.notes += [note] if note else []
                if self._attach_next():
                    return
                note = batch.summary()
            ended(note)
            if note:
                self._bring_into_view(panel)
            # The reason went with these files, not with the next ones (typed meanwhile: kept).
            if self.attach_reason.text().strip() == reason:
                self.attach_reason.clear()
            if replaced is not None:  # the type and box were not used: left as they were set
                self._stored()
                return
            # The next file starts with no type and unrestricted: a board resolution
            # attached after the organisation chart went in as a second "organisation
            # chart" (and restricted, had the chart been), ticking the checklist for it.
            if self.doc_type.currentText() == typed_type:
                self.doc_type.setCurrentIndex(0)
            if self.doc_restricted.isChecked() == restricted:
                self.doc_restricted.setChecked(False)
            self.reload()

        def failed(exc: BaseException) -> None:
            self._attach_batch = None  # Cancel, or a refusal, stops the rest
            if batch is not None:  # how far it got: those before this file are stored
                ended(batch.summary(Path(source).name, cancelled=is_cancelled(exc)))
                self._bring_into_view(panel)
                if not is_cancelled(exc):
                    self._refused(f"Could not attach {Path(source).name}")(exc)
                if batch.attached:
                    self.reload()
                return
            if is_cancelled(exc):
                ended(ATTACH_CANCELLED)
                return
            ended()
            self._refused("Could not attach the document")(exc)

        self.attach_button.setEnabled(False)  # one file at a time
        self.new_version_button.setEnabled(False)
        task = self.tasks.session_task(work, done, failed, panel.update_progress, write=True)
        panel.start(task, f"Attaching {Path(source).name}"
                    + (f" ({batch.attached + 1} of {batch.total})" if batch else "") + "…")
        self._bring_into_view(panel)

    def attach_documents(self, paths: Sequence[str]) -> None:
        """Attach the files chosen at once, one after another (each its own unit of work,
        its own event), all with the type and restriction the form had when they were
        chosen; the form is cleared after the last. Cancel, or a file refused, stops the
        rest, and says how many were attached."""
        if not paths:
            return
        if len(paths) == 1:
            self.attach_document(paths[0])
            return
        self._attach_batch = AttachBatch(list(paths[1:]), len(paths), self.document_type(),
                                         self.doc_restricted.isChecked(),
                                         self.attach_reason.text().strip())
        self.attach_document(paths[0])

    def _attach_next(self) -> bool:
        """Attach the batch's next file; False when there is none (the batch is over)."""
        batch = self._attach_batch
        if batch is None or not batch.waiting:
            self._attach_batch = None
            return False
        self.attach_document(batch.waiting.pop(0))
        return True

    def _bring_into_view(self, widget: QWidget) -> None:
        """Scroll the Documents page to `widget` once it is laid out: at 200 % the page
        scrolls, and the bar, Cancel and what the attach had to say were below the fold.
        Again after the next fill: the reload that follows an attach lays the list out
        anew, which could push the line under the buttons back below the fold."""
        self._in_view_after_fill = widget
        self._scroll_documents_to(widget)

    def _scroll_documents_to(self, widget: QWidget) -> None:
        area = self.findChild(QScrollArea, "documentsPage")
        if area is not None:
            QTimer.singleShot(0, lambda: area.ensureWidgetVisible(widget) if widget.isVisible()
                              else None)

    def open_document(self) -> None:
        doc = self.selected_document()
        if doc is None:
            return
        doc_id, actor, data_dir, name = doc.id, self.actor, self.data_dir, doc.file_name
        # A read-only copy under its own name: the stored file, edited and saved in its
        # program, would no longer match its SHA-256.
        self.tasks.read(
            lambda s: document_service.copy_to_open(s, actor=actor, data_dir=data_dir,
                                                    document_id=doc_id),
            lambda path: self._open_path(path, name),
            self._refused("Could not open the document"))

    def export_document(self, destination: str | None = None) -> None:
        """Save a copy of the selected document where the officer chooses (asked when
        `destination` is None): hash-checked, and recorded as exported."""
        doc = self.selected_document()
        if doc is None or not self.export_document_button.isEnabled():
            return
        if not destination:
            ask_save_file(self, DOCUMENTS, title=f"Export {doc.file_name}", name=doc.file_name,
                          data_dir=self.data_dir,
                          chosen=lambda chosen: self.export_document(str(chosen)))
            return
        doc_id, actor, data_dir, target = doc.id, self.actor, self.data_dir, destination
        panel = self.attach_progress

        def saved(path: Any) -> None:
            if not panel.running:  # the line under the buttons, unless a file is attaching
                panel.finish(f"Exported {doc.file_name} to {path}." + (
                    EXPORTED_RESTRICTED if doc.restricted else ""))
                panel.setVisible(True)
                self._bring_into_view(panel)
            self.reload()  # the export is an event on the case's timeline

        self.tasks.write(
            lambda s: document_service.export_document(s, actor=actor, data_dir=data_dir,
                                                       document_id=doc_id,
                                                       destination=target),
            saved, self._refused("Could not export the document"))

    def _open_path(self, path: Any, name: str) -> None:
        """Hand the file to its usual program; say so when there is none, rather than
        nothing happening."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return
        box = QMessageBox(QMessageBox.Icon.Information, "Could not open the document",
                          f"No program on this computer opens {name}.",
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("openDocumentFailed")
        box.setInformativeText(f"A read-only copy of it is here:\n{path}\n\nExport… saves "
                               "a copy where you choose.")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_failed_box = box
        box.open()

    def _selected_document_id(self) -> int | None:
        """The id of the document on the selected row, as the list shows it now."""
        row = self.documents.currentRow()
        item = self.documents.item(row, 0) if row >= 0 else None
        found = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return found if isinstance(found, int) else None

    def _select_document_row(self, document_id: int | None) -> None:
        """Select the row of `document_id`, wherever sorting put it; none when it is gone."""
        row = self.document_row(document_id) if document_id is not None else -1
        if row >= 0:
            self.documents.selectRow(row)
            return
        self.documents.clearSelection()
        self.documents.setCurrentCell(-1, -1)

    def selected_document(self) -> DocumentInfo | None:
        if self.data is None:
            return None
        wanted = self._selected_document_id()
        return next((d for d in self.data.documents if d.id == wanted), None)

    def document_row(self, document_id: int) -> int:
        """The row the document is shown on (-1 when it is not listed)."""
        return next((row for row in range(self.documents.rowCount())
                     if (item := self.documents.item(row, 0)) is not None
                     and item.data(Qt.ItemDataRole.UserRole) == document_id), -1)

    def _update_document_buttons(self) -> None:
        """Open, Restrict (or Lift restriction) and Who may open… act on the selected document: greyed out,
        with the reason, when there is none or the viewer may not (they did nothing)."""
        doc = self.selected_document()
        none = "Select a document first." if doc is None else ""
        why_open = refusal(self.actor, "document.open") or none or (
            "" if doc is None or doc.can_open
            else closed_to_you(doc, self.actor))
        why_restrict = refusal(self.actor, "document.restrict") or none or (
            "" if doc is None else restriction_refusal(doc, self.actor))
        # Named for what it will do to the selected document ("Restrict / lift" left the
        # officer to work out which); Alt+I either way.
        lift = doc is not None and doc.restricted
        self.restrict_button.setText("L&ift restriction…" if lift else "Restr&ict…")
        why_attach = refusal(self.actor, "document.attach") or none
        people = self.data.actor_names if self.data is not None else {}
        why_withdraw = why_attach or ("" if doc is None else withdraw_refusal(
            doc, self.actor, people)) or self._closed_case()
        why_version = why_attach or ("" if doc is None else new_version_refusal(
            doc, self.actor, people)) or self._closed_case()
        why_type = why_attach or (
            "" if doc is None else set_type_refusal(doc, self.actor)) or self._closed_case()
        # The roles' reasons only (what the selected file's own row shows, withdrawn or
        # restricted, is not repeated); none for a closed case, which its banner says.
        roles = [] if self._closed_case() else list(dict.fromkeys(filter(None, (
            refusal(self.actor, p) for p in ("document.attach", "document.restrict",
                                             "document.open")))))
        self.documents_blocked.setText("Not available to you: " + " ".join(roles)
                                       if roles else "")
        self.documents_blocked.setStyleSheet(f"color: {secondary_text_colour()};")
        self.documents_blocked.setVisible(bool(roles))
        for button, why, tooltip in (
                (self.withdraw_button, why_withdraw,
                 "Withdraw the selected document, with the reason (Delete in the list): it "
                 "stays stored and in the audit trail but no longer counts as evidence"),
                (self.new_version_button, why_version or (
                    "Wait for the file being attached." if self.attach_progress.running
                    else ""),
                 "Attach a corrected file in place of the selected document: same type, "
                 "and the old one is withdrawn if it is not yet (both recorded in the audit "
                 "trail)"),
                (self.set_type_button, why_type,
                 "Say what the selected document is (F2 in the list): the required documents "
                 "and the workflow's steps go by its type (recorded in the audit trail)"),
                (self.open_document_button, why_open,
                 "Open the selected document in its usual program"),
                (self.export_document_button, why_open,
                 "Save a copy of the selected document outside the data folder, checked "
                 "against its SHA-256 (recorded in the audit trail)"),
                (self.restrict_button, why_restrict,
                 "Let everyone open the selected document again (recorded in the audit trail)"
                 if lift else "Restrict the selected document to you (recorded in the audit "
                 "trail)"),
                (self.access_button, why_restrict,
                 "Choose who may open or export the selected document (recorded in the "
                 "audit trail)"),
                (self.check_pdf_button, why_open or (
                    "" if doc is not None and is_pdf(doc) else "Only a PDF can be checked."),
                 "Check whether the selected PDF is the filing the case holds, and whether it "
                 "is still current (as File → Check a filing…)")):
            set_available(button, why, tooltip)

    def _closed_case(self) -> str:
        """Why nothing of the case may change now (closed, or a discarded draft)."""
        case = self.data.bundle.case if self.data is not None else None
        if case is None or case.status not in READ_ONLY_STATUSES:
            return ""
        if case.status == "closed":
            return (f"Case {case.reference} is closed; reopen it first (Case → Reopen case… "
                    "in the main window).")
        return f"{case.reference} is a discarded intake draft; it cannot be changed."

    def _hide_withdrawn_rows(self) -> None:
        """Withdrawn rows shown or not, as the "Show withdrawn" box says; and only the
        rows holding every word of the filter (in any column), if one is typed."""
        withdrawn = {d.id for d in (self.data.documents if self.data is not None else [])
                     if d.withdrawn}
        show = self.show_withdrawn.isChecked()
        terms = self.documents_filter.text().casefold().split()
        table = self.documents
        hidden = 0
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            hide = not show and item is not None \
                and item.data(Qt.ItemDataRole.UserRole) in withdrawn
            if terms and not hide:
                said = " ".join(f"{cell.text()} {cell.data(FILTER_WORDS) or ''}"
                                for col in range(table.columnCount())
                                if (cell := table.item(row, col)) is not None).casefold()
                hide = not all(term in said for term in terms)
            table.setRowHidden(row, hide)
            hidden += hide
        listed = table.rowCount() > 0
        for part in (self.documents_filter_label, self.documents_filter):
            part.setVisible(listed)  # "No documents attached yet" says it all
        self.documents_no_match.setVisible(bool(terms) and listed and hidden == table.rowCount())
        self.documents_no_match.setText(f"No document matches “{self.documents_filter.text().strip()}”.")
        if (row := self.documents.currentRow()) >= 0 and self.documents.isRowHidden(row):
            self.documents.clearSelection()
            self.documents.setCurrentCell(-1, -1)
        self._update_document_buttons()

    def withdraw_document(self) -> WithdrawDocumentDialog | None:
        """Ask why, then withdraw the selected document (the dialog runs the service)."""
        doc = self.selected_document()
        if doc is None or not self.withdraw_button.isEnabled():
            return None
        dialog = WithdrawDocumentDialog(self.runner, self.actor, doc, self)
        dialog.withdrawn.connect(self._stored)
        self.withdraw_dialog = dialog
        dialog.open()
        return dialog

    def set_document_type(self) -> DocumentTypeDialog | None:
        """Ask for the selected document's type (the dialog runs the service)."""
        doc = self.selected_document()
        if doc is None or not self.set_type_button.isEnabled():
            return None
        dialog = DocumentTypeDialog(self.runner, self.actor, doc, self.offered_types, self)
        dialog.saved.connect(self._stored)
        self.type_dialog = dialog
        dialog.open()
        return dialog

    def attach_new_version(self, path: str | None = None) -> None:
        """Choose the corrected file; it is attached in place of the selected document."""
        doc = self.selected_document()
        if doc is None or not self.new_version_button.isEnabled():
            return
        if not path:
            ask_open_file(self, DOCUMENTS, title=f"New version of {doc.file_name}",
                          data_dir=self.data_dir,
                          chosen=lambda chosen: self.attach_new_version(str(chosen)))
            return
        self.attach_document(path, supersedes=doc)

    def _document_menu(self, pos: Any) -> QMenu | None:
        """Open, Check this PDF…, Restrict, Who may open…, Attach new version… and
        Withdraw… on the row clicked, each greyed out as its button is (with the reason as
        its tip)."""
        row = self.documents.rowAt(pos.y())
        if row < 0:
            return None
        self.documents.selectRow(row)
        menu = QMenu(self.documents)
        menu.setObjectName("documentMenu")
        menu.setToolTipsVisible(True)
        for text, button in (("&Open", self.open_document_button),
                             ("E&xport…", self.export_document_button),
                             ("&Check this PDF…", self.check_pdf_button),
                             (self.restrict_button.text(), self.restrict_button),
                             ("&Who may open…", self.access_button),
                             ("Set t&ype…", self.set_type_button),
                             ("Attach new &version…", self.new_version_button),
                             ("Wi&thdraw…", self.withdraw_button)):
            action = menu.addAction(text)
            action.setEnabled(button.isEnabled())
            action.setToolTip(button.toolTip())
            action.triggered.connect(button.click)
        self.document_menu = menu
        menu.popup(self.documents.viewport().mapToGlobal(pos))
        return menu

    def document_menu_here(self) -> QMenu | None:
        """The row's menu for the selected document, as the Menu key or Shift+F10 ask."""
        row = self.documents.currentRow()
        if row < 0 or self.documents.isRowHidden(row):
            return None
        return self._document_menu(
            self.documents.visualRect(self.documents.model().index(row, 0)).center())

    def check_document_pdf(self) -> FilingCheckDialog | None:
        """Check the selected stored PDF in the Check a filing dialog: its stored file is
        looked up as Open does (restricted documents only for those on them)."""
        doc = self.selected_document()
        if doc is None or not is_pdf(doc) or not self.check_pdf_button.isEnabled():
            return None
        if self.filing_check_dialog is None:
            self.filing_check_dialog = FilingCheckDialog(self.runner, lambda: self.actor,
                                                         self.data_dir, self)
        dialog = self.filing_check_dialog
        doc_id, actor, data_dir, name = doc.id, self.actor, self.data_dir, doc.file_name

        def found(path: Any) -> None:
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
            dialog.check_file(Path(path), name=name)

        self.tasks.read(
            lambda s: document_service.document_path(s, actor=actor, data_dir=data_dir,
                                                     document_id=doc_id),
            found, self._refused("Could not check the document"))
        return dialog

    def edit_access(self) -> DocumentAccessDialog | None:
        doc = self.selected_document()
        if doc is None or refusal(self.actor, "document.restrict") \
                or restriction_refusal(doc, self.actor):
            return None
        dialog = DocumentAccessDialog(self.runner, self.actor, doc, self)
        dialog.saved.connect(self._stored)
        self.access_dialog = dialog
        dialog.open()
        return dialog

    def toggle_restriction(self) -> ConfirmChange | None:
        """Restrict… (or Lift restriction…) the selected document: asked first, with a
        reason for the audit trail (optional). The event's reason was a fixed phrase
        ("restricted from the case view"), never the officer's why."""
        doc = self.selected_document()
        if doc is None or not self.restrict_button.isEnabled():
            return None
        restricted = not doc.restricted
        text = (f"Restrict {doc.file_name} to you: only you, and the people you name with "
                "Who may open…, may open or export it." if restricted else
                f"Lift the restriction on {doc.file_name}: everyone who may read the case "
                "may open and export it again.")
        dialog = ConfirmChange(self, title="Restrict the document" if restricted
                               else "Lift the restriction", text=text,
                               action="Restrict" if restricted else "Lift restriction",
                               object_name="restrictionConfirm", reason=True,
                               reason_required=False)
        dialog.message.setTextFormat(Qt.TextFormat.PlainText)  # a file name is not markup
        self.restriction_dialog = dialog
        return dialog.ask(lambda reason: self._set_restriction(doc.id, restricted, reason))

    def _set_restriction(self, document_id: int, restricted: bool, reason: str) -> None:
        actor = self.actor
        self.tasks.write(
            lambda s: document_service.set_restriction(
                s, actor=actor, document_id=document_id, restricted=restricted,
                reason=reason),
            lambda _d: self.reload(),
            self._refused("Could not change the restriction"))

    # -- review proposals -----------------------------------------------------------------------
    def show_proposals(self) -> ProposalsDialog:
        """The review engineer's per-field proposals view, filtered to this case."""
        dialog = ProposalsDialog(self.runner, self.actor, self.data_dir,
                                 reference=self.reference, parent=self)
        dialog.decided.connect(self._stored)
        self.proposals = dialog
        dialog.open()
        return dialog

    # -- comments -----------------------------------------------------------------------------
    # The box a comment is typed in: four lines high, two on a tab fewer than this many
    # lines high (200 % on a laptop screen), where four lines and the button's row under
    # them left about two comments in view.
    COMMENT_BOX_LINES, SHORT_COMMENT_BOX_LINES, SHORT_COMMENTS_TAB_LINES = 4, 2, 20

    def _comments_tab(self) -> QWidget:
        page = ResizedPage()
        page.resized.connect(self._fit_comment_box)
        layout = QVBoxLayout(page)
        self.comments = QTextBrowser()
        self.comments.setObjectName("comments")
        self.comments.setAccessibleName("Comments")
        self.comment_edit = text_field(QPlainTextEdit, "commentEdit", "New comment",
                                       "Write a comment… (Ctrl+Enter adds it)")
        self.comment_edit.setTabChangesFocus(True)
        # Said before one is written: there is no Edit or Delete to look for afterwards.
        self.comment_edit.setToolTip(COMMENTS_KEPT)
        self.comment_edit.setAccessibleDescription(COMMENTS_KEPT)
        self._set_comment_box_lines(self.COMMENT_BOX_LINES)
        add = QPushButton("Add comme&nt")
        add.setObjectName("addCommentButton")
        add.clicked.connect(self.add_comment)
        self.add_comment_button = add
        self.comment_edit.textChanged.connect(self._update_comment_button)
        QShortcut(QKeySequence("Ctrl+Return"), self.comment_edit, self.add_comment
                  ).setWhatsThis("Add the comment")
        # Oldest first, read down to the box the next one is typed in: shown at the end
        # (the newest), and kept there as it grows. A case with hundreds of comments
        # opened at the first, and the comment just added was out of sight at the bottom
        # (showing them again went back to the top). A place scrolled up to is kept.
        self._comments_at_end = True
        # A comment being stored: a second Ctrl+Enter meanwhile added it twice, and a
        # comment is never deleted.
        self._adding_comment = False
        bar = self.comments.verticalScrollBar()
        bar.actionTriggered.connect(lambda _action: self._note_comments_place())
        bar.sliderReleased.connect(self._note_comments_place)
        bar.rangeChanged.connect(lambda _low, _high: self._keep_comments_place())
        layout.addWidget(self.comments, 1)
        # The button beside the box, at its foot: a row of its own under it cost the
        # comments a line and a half.
        row = QHBoxLayout()
        row.addWidget(self.comment_edit, 1)
        row.addWidget(add, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row)
        return page

    def _set_comment_box_lines(self, lines: int) -> None:
        # Lines as the box lays them out (laid_out_line): by lineSpacing() (15 under GNOME's
        # Sans 10, lines of 16) a comment of four lines scrolled in the four-line box.
        self.comment_edit.setFixedHeight(laid_out_line(self.comment_edit.fontMetrics()) * lines
                                         + 12)

    def _fit_comment_box(self, height: int) -> None:
        line = self.comment_edit.fontMetrics().lineSpacing()
        short = height < line * self.SHORT_COMMENTS_TAB_LINES
        self._set_comment_box_lines(self.SHORT_COMMENT_BOX_LINES if short
                                    else self.COMMENT_BOX_LINES)

    def _note_comments_place(self) -> None:
        """Whether the officer, scrolling, left the comments at their end (the newest)."""
        bar = self.comments.verticalScrollBar()
        self._comments_at_end = bar.sliderPosition() >= bar.maximum()

    def _keep_comments_place(self) -> None:
        """At the end still when the comments grow or are laid out again (a reload, the
        tab first shown, a narrower window)."""
        if self._comments_at_end:
            # The text cursor there too: the view scrolls back to it when it is shown or
            # takes the focus (it was at the top after setHtml).
            self.comments.moveCursor(QTextCursor.MoveOperation.End)
            bar = self.comments.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _show_comments(self, bundle: CaseBundle, people: Mapping[str, str],
                       documents: Sequence[DocumentInfo] = ()) -> None:
        bar = self.comments.verticalScrollBar()
        kept = bar.value()  # setHtml goes back to the top
        if not bundle.comments:
            self.comments.setHtml(f"<p><i>No comments yet.</i> {COMMENTS_KEPT}</p>")
            return
        file_names = {d.id: d.file_name for d in documents}
        parts = []
        for c in bundle.comments:
            # By its name ("Unified Social Credit Code (Target company)"), as the timeline has it.
            where = (f" on <i>{html.escape(readable_paths(c.field_path))}</i>"
                     if c.field_path else "")
            if c.document_id is not None:
                # A reviewer's comment on a document of the pack: which one ("Page 3 is
                # missing" said nothing about which file). A document since deleted, or not
                # listed to this officer, by its number.
                named = file_names.get(c.document_id)
                where += (f" on the document <i>{html.escape(named)}</i>" if named
                          else f" on document #{c.document_id}")
            origin = " (from a review pack)" if c.origin != "local" else ""
            body = html.escape(c.body).replace("\n", "<br>")
            author = person_named(c.author, people)
            parts.append(f"<p><b>{html.escape(author)}</b>{where}{origin} · "
                         f"<small>{html.escape(comment_time(c.created_at))}</small><br>"
                         f"{body}</p>")
        self.comments.setHtml("".join(parts))
        if self._comments_at_end:
            self._keep_comments_place()
        else:
            bar.setValue(kept)
            # The text cursor at the place kept (see _keep_comments_place).
            self.comments.setTextCursor(self.comments.cursorForPosition(QPoint(0, 0)))

    def add_comment(self) -> None:
        body = self.comment_edit.toPlainText().strip()
        if not body or self._adding_comment:
            return
        actor, reference = self.actor, self.reference
        refused = self._refused("Could not add the comment")

        def stored() -> None:
            self._adding_comment = False
            self._update_comment_button()

        def done(_c: Any) -> None:
            self.comment_edit.clear()
            stored()
            self._comments_at_end = True  # the comment just added in sight, at the end
            self.reload()

        def failed(exc: BaseException) -> None:
            stored()  # the text stays in the box, to try again
            refused(exc)

        self._adding_comment = True
        self._update_comment_button()
        self.tasks.write(lambda s: add_comment(s, actor=actor, reference=reference, body=body),
                          done, failed)

    # -- filings -----------------------------------------------------------------------------
    def generate_filing(self) -> None:
        from approvals.ui.filing_preview import FilingDialog

        dialog = FilingDialog(self.runner, self.actor, self.reference, self)
        covered: dict[str, list[str]] = {}
        for each in self.data.tracks if self.data is not None else ():
            if each.state != "withdrawn":  # no longer applied for: not on the filing
                for kind in wf.workflow(each.kind).filing_documents:
                    covered.setdefault(kind, []).append(each.regime)
        dialog.set_tracks(covered)
        # From a track on the Tracks tab, its own filing (the US notification for the
        # US-OISP track), not the first in the list (the Chinese application).
        track = self.current_track() if self.tabs.currentWidget() is self.tracks_page else None
        filings = wf.workflow(track.kind).filing_documents if track is not None else ()
        index = dialog.kind.findData(filings[0]) if filings else -1
        if index >= 0:
            dialog.kind.setCurrentIndex(index)  # counts as chosen: kept once loaded
            # That track's own application (a CN-FISR goes to NDRC, a data export to CAC),
            # not every Chinese track's.
            one = dialog.track.findData(track.regime) if track is not None else -1
            if one >= 0:
                dialog.track.setCurrentIndex(one)
        self.preview = dialog
        dialog.open()

    def edit_particulars(self) -> Any:
        from approvals.ui.particulars import ParticularsEditor

        editor = ParticularsEditor(self.runner, self.actor, self.reference, self)
        editor.saved.connect(self._stored)  # the timeline shows the change
        self.particulars_editor = editor
        editor.open()
        return editor
