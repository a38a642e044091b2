"""The case view: one window per case, in tabs.

Overview (facts summary, Edit), Screening (determinations, re-screen preview, accept),
Tracks (state, workflow diagram, clock, the actions the transition table allows — each
disabled one says why), Timeline (audit events, filterable), Documents (attach, SHA-256,
required-documents checklist, open, restrict, who may open), Comments; "Proposed changes…"
shows the reviewers' per-field proposals for this case.

Everything is read in one worker task (`case_data.load_case_data`) and shown from its plain
result; every action is one service call through the TaskRunner, after which the view
reloads. The Overview is made with the window; each other tab's controls when the tab is
first shown, filled then from the last reading (each reading fills the tabs made so far).

This module holds the window itself: its header, the Overview, loading, roles and closing.
Each other tab is a mixin of `CaseView` in a module of its own (case_screening_tab,
case_tracks_tab, case_timeline_tab, case_documents_tab, case_comments_tab), with the state
they share declared in case_tab. Their words and small widgets are in case_documents,
case_tracks, case_steps and case_layout; the dialogs in case_dialogs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from approvals.domain import workflow as wf
from approvals.domain.audit import command_line_owner
from approvals.domain.dates import parse_date
from approvals.domain.errors import (
    InputError,
    PermissionDenied,
    Problem,
)
from approvals.domain.numbers import counted
from approvals.domain.permissions import PERMISSIONS, role_words
from approvals.domain.wording import DISTILLATION_FLAG, distillation_flag_sentence
from approvals.paths import DataDir
from approvals.services import workflow as workflow_service
from approvals.services.access import current_actor
from approvals.services.audit_view import person_named, person_text
from approvals.services.cases import case_status_words
from approvals.services.screening import StoredScreening
from approvals.services.workflow import FilingTrackView
from approvals.services.workspace import MAX_COMMENT, CaseStamp, case_stamp
from approvals.store.audit import Actor
from approvals.ui.case_comments_tab import COMMENTS_KEPT, CommentsTab
from approvals.ui.case_data import CaseData, load_case_data
from approvals.ui.case_dialogs import ActionDialog
from approvals.ui.case_documents import ATTACH_REASON_TIP, ATTACH_TIP, DOC_TYPE_TIP, RESTRICTED_TIP
from approvals.ui.case_documents_tab import DocumentsTab
from approvals.ui.case_layout import banner_style, empty_page, put_on_page, scrolled
from approvals.ui.case_lifecycle import CLOSED_BANNER_TIP, ending_banner
from approvals.ui.case_screening_tab import ScreeningTab
from approvals.ui.case_steps import COMPLETE_ACTION
from approvals.ui.case_timeline_tab import TimelineTab
from approvals.ui.case_tracks_tab import TracksTab
from approvals.ui.errors import refusal, show_error
from approvals.ui.help import install_context_help
from approvals.ui.review import ProposalsDialog
from approvals.ui.widgets import (
    ask_to_discard,
    humanise,
    overdue_colour,
    redraw_on_palette_change,
    resize_to_screen,
    second_key,
    secondary_text_colour,
    set_available,
    show_keyboard_focus,
    standard_shortcut,
    window_shortcuts,
)
from approvals.ui.wizard import IntakeWizard, facts_browser, facts_summary_html
from approvals.ui.workers import TaskRunner

PARTICULARS_TIP = ("Who signs and whom the authorities contact: the particulars the "
                   "filings print beyond the facts")


OWNER_NAME_CHARS = 32  # of a full name on the header's line; the whole in its tooltip


def owner_text(login: str, names: Mapping[str, str]) -> str:
    """The case owner on the header's line: "Li Wei (li.wei)", a name longer than
    OWNER_NAME_CHARS cut with "…" (the login kept whole: it is who the case records)."""
    name = names.get(login, "")
    if len(name) > OWNER_NAME_CHARS:
        name = name[:OWNER_NAME_CHARS - 1].rstrip() + "…"
    return person_text(login, name)


def header_status(status: str, tracks: Sequence[FilingTrackView],
                  screening: StoredScreening | None = None) -> str:
    """The status on the header's line, decided as the case list's Status column decides
    it (services.cases.case_status_words), so the two agree: the tracks as (regime, kind,
    state, the screening's outcome), the closed ones whose authority had refused them, and
    what the current screening found blocking that no track carries."""
    refused_then_closed = [t.kind for t in tracks if t.state == "closed"
                           and any(h.from_state == "prohibited" for h in t.history)]
    return case_status_words(status, [(t.regime, t.kind, t.state, t.outcome) for t in tracks],
                             refused_then_closed,
                             screening.result.binding_blocks() if screening else ())


FLAG_MODELS_SHOWN = 3  # the banner's models; the rest are counted, whole in its tooltip
FLAG_MODEL_CHARACTERS = 80


def flag_models(models: list[str]) -> str:
    """The US models the distillation banner names: the first few, each cut to a line's
    length, and how many more. With the wizard's 200 lines of 300 characters, the banner
    named them all and left the tabs below it a sliver at 125 %."""
    if not models:
        return "models not named"
    shown = [m if len(m) <= FLAG_MODEL_CHARACTERS else m[:FLAG_MODEL_CHARACTERS - 1] + "…"
             for m in models[:FLAG_MODELS_SHOWN]]
    more = len(models) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more (hover to see them all)" if more else "")


class CaseView(ScreeningTab, TracksTab, TimelineTab, DocumentsTab, CommentsTab):
    """One case's window: the header with its buttons, then the tabs (each built and
    filled by its mixin), all shown again from each reading of the case."""

    def __init__(self, runner: TaskRunner, actor: Actor, data_dir: DataDir, reference: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed window are dropped
        self.signed_in_actor = actor  # each load re-reads the roles starting from this one
        self.actor = actor
        self.data_dir = data_dir
        self.reference = reference
        self.data = None
        self.track_buttons = {}
        self._action_columns = 4  # how the step buttons are laid out now
        self.action_dialog = None
        self.edit_condition_dialog = None  # the Tracks tab's Edit condition… / Add another…
        self.wizard: IntakeWizard | None = None
        self.preview: Any = None
        self.particulars_editor: Any = None
        self.access_dialog = None
        self.proposals = None
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
        self._overview_held = False  # while a reading is shown: its text set once, after

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
        # The other tabs' controls are made, and filled from the case as last read, when
        # the tab is first shown (chosen, or asked for: show_track, Ctrl+F): most of
        # opening a case went on five tabs the officer had not looked at (see _make_tab).
        self.screening_page = empty_page()
        self.tabs.addTab(self.screening_page, "&Screening")
        self.tracks_page = empty_page()
        self.tabs.addTab(self.tracks_page, "&Tracks")
        # Scrolls too where the window is shorter than its list's least rows and the pane
        # (200 % on a laptop screen with the distillation flag shown above the tabs).
        self.timeline_page = scrolled(None, "timelinePage", QScrollArea())
        self.tabs.addTab(self.timeline_page, "Time&line")
        # Documents and Comments scroll when the window is smaller (200 % on a laptop
        # screen): their controls set a least size taller and wider than such a window.
        self.documents_page = scrolled(None, "documentsPage", QScrollArea())
        self.tabs.addTab(self.documents_page, "&Documents")
        self.comments_page = scrolled(None, "commentsPage", QScrollArea())
        self.tabs.addTab(self.comments_page, "&Comments")
        # Each page not made yet, with what makes its controls; in the tabs' order.
        self._unmade: dict[QWidget, Callable[[], QWidget]] = {
            self.screening_page: self._screening_tab, self.tracks_page: self._tracks_tab,
            self.timeline_page: self._timeline_tab, self.documents_page: self._documents_tab,
            self.comments_page: self._comments_tab}
        # Made tabs not shown when the case was last read: filled from it when shown.
        self._stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(lambda index: self._tab_shown(self.tabs.widget(index)))
        window_shortcuts(self, self.tabs)
        # As in the case list: Ctrl+F finds, here in the case's audit events.
        standard_shortcut(QKeySequence.StandardKey.Find, self, self.find_events
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

    # -- tabs made when first shown -------------------------------------------------------------
    def _made(self, page: QWidget) -> bool:
        """Whether the tab's controls have been made (it has been shown, or asked for)."""
        return page not in self._unmade

    def _make_tab(self, page: QWidget | None) -> None:
        """The controls of the tab `page`, made now if not yet: gated for the viewer's
        roles and filled from the case as last read, as if they had been there all along
        (each reading of the case fills only the tabs made; the rest wait for it)."""
        make = self._unmade.pop(page, None) if page is not None else None
        if page is None or make is None:
            return
        put_on_page(page, make())
        self._gate_page(page)
        if self.data is not None:
            self._fill_page(page, self.data)
        if self.focusWidget() is page:
            # Chosen while the keys were in another tab's page: the tabs gave them to the
            # page itself, finding no control in it yet; its first that takes Tab, as
            # they do for a page already made.
            widget = page.nextInFocusChain()
            while widget is not None and widget is not page:
                if page.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() \
                        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus \
                        and widget.focusProxy() is None:
                    widget.setFocus()
                    break
                widget = widget.nextInFocusChain()

    def _tab_shown(self, page: QWidget | None) -> None:
        """The tab `page` made if not yet, or filled from the last reading if one came
        while another tab was shown."""
        if page in self._stale:
            self._stale.discard(page)
            if self.data is not None:
                self._fill_page(page, self.data)
        self._make_tab(page)

    def make_every_tab(self) -> None:
        """Every tab's controls made now, shown or not (Help → Keyboard shortcuts reads the
        window's keys from its controls, those of the tabs not looked at yet too)."""
        for page in list(self._unmade):
            self._make_tab(page)

    def _gate_page(self, page: QWidget) -> None:
        """The tab's buttons that need a role (or an open case), as _apply_permissions."""
        if page is self.screening_page:
            self._gate(self.accept_button, "case.accept_rescreen",  # e.g. a reviewer may not
                       "Store the new screening and open the tracks it needs; asks why "
                       "(recorded in the audit trail)")
        elif page is self.documents_page:
            self._gate_attaching()
        elif page is self.comments_page:
            self._update_comment_button()

    def _fill_page(self, page: QWidget, data: CaseData) -> None:
        """The tab shown from one reading of the case."""
        bundle = data.bundle
        if page is self.screening_page:
            self._show_screening(data.screening, bundle.unscreened, data.actor_names,
                                 data.unverified_rules)
        elif page is self.tracks_page:
            self._show_tracks(data)
        elif page is self.timeline_page:
            self._show_timeline(bundle, data.tracks, data.actor_names)
        elif page is self.documents_page:
            self._show_documents(data)
            if (keep := self._in_view_after_fill) is not None:
                self._in_view_after_fill = None
                self._scroll_documents_to(keep)
        elif page is self.comments_page:
            self._show_comments(bundle, data.actor_names, data.documents)

    def _apply_permissions(self) -> None:
        """The buttons that need a role, as the viewer's current roles allow (those of the
        tabs made so far; the others' as they are made)."""
        self._gate(self.edit_button, "case.edit",
                   "Reopen the wizard; every change is recorded (Ctrl+E)")
        for page in (self.screening_page, self.documents_page):
            if self._made(page):
                self._gate_page(page)
        set_available(self.particulars_button, self._closed_case(), PARTICULARS_TIP)
        if self._made(self.comments_page):
            self._update_comment_button()
        self._say_header_blocked()

    def _gate_attaching(self) -> None:
        """The Documents tab's attaching controls and its buttons, as the roles allow."""
        if not self.attach_progress.running:  # not while a file is being attached
            self._gate(self.attach_button, "document.attach", ATTACH_TIP)
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
        if not self._overview_held and composed != self._overview_html:  # kept where it is scrolled to, if unchanged
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
        if self._made(self.comments_page) and self.comment_edit.toPlainText().strip():
            unsaved.append(
                f"the comment typed on the Comments tab of {self.reference} (Add comment)")
        # The editor is this window's child (also when opened from the filing preview): a
        # Quit or Sign out closed it with the window and dropped the particulars unasked.
        if any(editor.isVisible() and editor.is_dirty()
               for editor in self.findChildren(ParticularsEditor)):
            unsaved.append(f"the filing particulars being edited for {self.reference} "
                           "(Save in Filing particulars)")
        # Edit facts' changes went with a Quit or Sign out unasked (Escape in it asks).
        wizard = self.wizard
        if wizard is not None and wizard.isVisible() and wizard.has_unsaved_changes():
            unsaved.append(f"the changes to the facts of {self.reference} (Save changes in "
                           "Edit facts)")
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
        # The Overview's text is set once, when the header, the roles, the facts and the
        # completion have all been shown: each changes part of it, and setting the whole
        # summary again for each took half of showing a reading.
        self._overview_held = True
        try:
            self._show_case(data)
        finally:
            self._overview_held = False
        self._show_overview()
        # Only the tab in view is filled now; the others when they are shown: a large
        # case's Documents and Timeline, filled on every reading, held the window for a
        # third of a second each time whichever tab was in view.
        shown = self.tabs.currentWidget()
        for index in range(1, self.tabs.count()):  # the Overview's above
            if (page := self.tabs.widget(index)) is not None and self._made(page):
                if page is shown:
                    self._stale.discard(page)
                    self._fill_page(page, data)
                else:
                    self._stale.add(page)
        self.loaded.emit(self.reference)

    def _show_case(self, data: CaseData) -> None:
        """The reading's header, banners, roles, facts summary and completion."""
        self.data = data
        if data.actor is not None and data.actor != self.actor:
            self.actor = data.actor
            if self.preview is not None:  # an open Generate-a-filing dialog: "Final" too
                self.preview.set_actor(data.actor)
        self._apply_permissions()  # the roles, and whether the case is closed, as read now
        bundle = data.bundle
        ending = ending_banner(bundle.case.status, bundle.events, data.actor_names)
        self.ending_label.setText(f"<b>{html.escape(ending)}</b>")
        self.ending_label.setStyleSheet(banner_style(light=("#eceff1", "#263238"),
                                                     dark=("#424242", "#fff")))
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
        by_command = command_line_owner(bundle.case.owner)  # "cli:root" said in words
        self.header.setToolTip(f"Owner: {by_command or whole}" if by_command or whole != owner
                               else "")
        # Without a Chinese name the line starts with the investor, not a stray "·".
        subtitle = [str(target.get("name_zh") or ""),
                    f"investor {investor.get('name', '')}" if investor.get("name") else "",
                    # The case's own status with the case list's Status for it (one
                    # function decides both): "Open; least advanced: Internal review".
                    header_status(bundle.case.status, data.tracks, data.screening),
                    # Kept together where the line wraps (200 %): a name split over two lines
                    # read as two people.
                    f"owner {owner}".replace(" ", "\u00a0")]
        # Overdue said where the case opens, in the case list's red: only the Tracks tab
        # said so, where the list and the dashboard had it at once.
        # The conditions of a clearance too, as the list's deadline turns red for them.
        overdue = [counted(n, what) for n, what in (
            (sum(1 for t in data.tracks if t.overdue), "track"),
            (sum(1 for t in data.tracks for o in t.obligations
                 if o.status == "open" and o.overdue), "condition")) if n]
        late = (f" · <span style='color:{overdue_colour().name()}'>"
                f"{html.escape(' and '.join(overdue))} overdue</span>" if overdue else "")
        self.header.setText(
            f"<h2 style='margin:0'>{html.escape(self.reference)} — "
            f"{html.escape(str(target.get('name_en', '')))}</h2>"
            f"<span>{html.escape(' · '.join(p for p in subtitle if p))}{late}</span>"
        )
        self.setWindowTitle(f"Case {self.reference} — {target.get('name_en', '')}")
        self._arrange_header()  # the new title may fit beside the buttons, or no longer
        ai = target.get("ai") or {}
        if ai.get("trained_on_us_model_outputs"):
            named = [str(m) for m in ai.get("us_models_used") or []]
            # The filings' sentence (one source): "risk flag" said once, its source named.
            whole, _zh = distillation_flag_sentence(
                f"trained on outputs of US-origin models ({', '.join(named) or 'models not named'})",
                "")
            sentence, _zh = distillation_flag_sentence(
                f"trained on outputs of US-origin models ({flag_models(named)})", "")
            name = f"{DISTILLATION_FLAG[0]}:"
            self.flag_label.setText(
                f"<b>{name}</b>{html.escape(sentence.removeprefix(name))}")
            # Every model whole on hover, where the banner names the first few.
            self.flag_label.setToolTip(whole if whole != sentence else "")
            self.flag_label.setStyleSheet(banner_style(light=("#fff3e0", "#4e2600"),
                                                       dark=("#5d4037", "#fff")))
            self.flag_label.setVisible(True)
        else:
            self.flag_label.setVisible(False)
        # Facts the screening asked for and did not get are shown as "not stated", not left
        # out: an unknown list or figure is why a regime says Needs info.
        needed = {tuple(path.split(".")) for d in (data.screening.result.determinations
                                                   if data.screening else ()) for path in d.missing}
        self._facts_html = facts_summary_html(facts, needed)
        self._show_completion(data)

    def show_track(self, regime: str) -> None:
        """The Tracks tab at `regime`'s running track, with the keys in the track list (the
        deadlines dashboard opens a case at the track whose deadline was chosen); now, or
        once the case has been read."""
        self._wanted_regime = regime
        self.tabs.setCurrentWidget(self.tracks_page)  # made and filled, if not yet
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
        # The case and version the dialog was opened on: coming back to the window reloads
        # it, and a facts edit or a status change made meanwhile by someone else must be
        # refused as a conflict, not completed over unseen (the product's "nothing is
        # overwritten silently").
        if self.data is not None:
            case = self.data.bundle.case
            dialog.case_pin = (case.id, case.version)
        dialog.accepted.connect(lambda: self._complete(dialog))
        self.action_dialog = dialog
        dialog.open()
        return dialog

    def _complete(self, dialog: ActionDialog) -> None:
        if self.data is None:
            return
        actor, case, pin = self.actor, self.data.bundle.case, dialog.case_pin
        case_id = pin[0] if pin is not None else case.id
        version = pin[1] if pin is not None and pin[1] is not None else case.version
        reason, on = dialog.reason.text().strip(), dialog.params().get("on")

        def work(s: Any) -> None:
            completed_on = parse_date(on, "on") if on else None
            workflow_service.complete_case(session=s, case_id=case_id, actor=actor,
                                           expected_version=version, reason=reason,
                                           completed_on=completed_on)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, InputError) and self.action_dialog is dialog:
                # Open again at the date, with what was typed: not a message box after
                # the dialog had gone.
                dialog.open()
                # The service's refusal is of the date: said under the date field.
                dialog.say_problems(InputError([Problem("on", p.message) for p in exc.problems]))
                return
            if self.action_dialog is dialog and dialog.said_again(exc, shown="case"):
                self.reload()  # the case as it is now, to try again or Cancel
                return
            self._refused("Could not complete the case")(exc)

        self.tasks.write(work, self._stored, failed)

    # -- overview ------------------------------------------------------------------------------
    def _overview_tab(self) -> QWidget:
        self.overview = facts_browser("overview")
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
                              include_proposed=bool(screening and screening.include_proposed),
                              stored_outcomes={d.regime: d.outcome for d in (
                                  screening.result.determinations if screening else ())})
        wizard.case_saved.connect(self._stored)
        self.wizard = wizard
        wizard.open()
        if at:
            wizard.go_to_fact(at)

    # -- review proposals -----------------------------------------------------------------------
    def show_proposals(self) -> ProposalsDialog:
        """The review engineer's per-field proposals view, filtered to this case."""
        dialog = ProposalsDialog(self.runner, self.actor, self.data_dir,
                                 reference=self.reference, parent=self)
        dialog.decided.connect(self._stored)
        self.proposals = dialog
        dialog.open()
        return dialog

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
        dialog.recorded.connect(self._stored)  # a final in Documents, a print in Timeline
        self.preview = dialog
        dialog.open()

    def edit_particulars(self) -> Any:
        from approvals.ui.particulars import ParticularsEditor

        editor = ParticularsEditor(self.runner, self.actor, self.reference, self)
        editor.saved.connect(self._stored)  # the timeline shows the change
        self.particulars_editor = editor
        editor.open()
        return editor
