"""The case window's Documents tab (a mixin of CaseView); a document's words, refusals
and the checklist's widgets are in case_documents.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from approvals.domain import workflow as wf
from approvals.domain.document_types import (
    EVERYDAY_TYPES,
    document_type_name,
    evidence_type,
    guarding_steps,
    is_filing_kind,
    signed_copy_type,
    type_problem,
)
from approvals.domain.documents import size_text
from approvals.domain.errors import ConflictError
from approvals.domain.numbers import counted
from approvals.domain.typed_input import search_key
from approvals.domain.wording import shortened_name
from approvals.services import documents as document_service
from approvals.services import filings as filing_service
from approvals.services.audit_view import person_named
from approvals.services.case_lifecycle import READ_ONLY_STATUSES
from approvals.services.documents import DocumentInfo
from approvals.ui.case_data import CaseData
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
    open_twins_note,
    restricted_cell,
    restriction_refusal,
    same_file_note,
    set_type_refusal,
    withdraw_refusal,
)
from approvals.ui.case_layout import blocked_note
from approvals.ui.case_tab import CaseTab
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
from approvals.ui.errors import refusal
from approvals.ui.files import DOCUMENTS, ask_open_file, ask_open_files, ask_save_file
from approvals.ui.filing_check import FilingCheckDialog
from approvals.ui.progress import ATTACH_CANCELLED, ProgressPanel, is_cancelled, service_callbacks
from approvals.ui.widgets import (
    ConfirmChange,
    palette_styled,
    secondary_text_colour,
    set_available,
    standard_shortcut,
    text_field,
    utc_text,
)
from approvals.ui.workers import Progress

# Room each side of the line between the documents and their checklist (its grip).
SPLIT_GAP = 4


class DocumentsTab(CaseTab):
    """The Documents tab: the case's documents and the required-documents checklist;
    attach (one or several files, or a new version), open, export, check a PDF, set the
    type, restrict and withdraw."""

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
        withdraw_key = standard_shortcut(QKeySequence.StandardKey.Delete, self.documents,
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
        # A gap each side of the movable line: its grip sat against the buttons' bottom
        # edge and read as part of Withdraw….
        listed_layout.setContentsMargins(0, 0, 0, SPLIT_GAP)
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
        required_layout.setContentsMargins(0, SPLIT_GAP, 0, 0)
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
        # A filing's own type is its stored final's, and a type is a name (at most 100
        # characters): said under the Type box before a file is chosen (the service
        # refuses it too), not after copying it, as "doc_type: …".
        if supersedes is None and (problem := type_problem(self.document_type())):
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

        refused = self._refused("Could not export the document")

        def failed(exc: BaseException) -> None:
            # An earlier "Exported … to …" under the buttons read as this export's result.
            if not panel.running:
                panel.setVisible(False)
            refused(exc)

        self.tasks.write(
            lambda s: document_service.export_document(s, actor=actor, data_dir=data_dir,
                                                       document_id=doc_id,
                                                       destination=target),
            saved, failed)

    def _open_path(self, path: Any, name: str) -> None:
        """Hand the file to its usual program; say so when there is none, rather than
        nothing happening."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return
        box = QMessageBox(QMessageBox.Icon.Information, "Could not open the document",
                          f"No program on this computer opens {shortened_name(name)}.",
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
        palette_styled(self.documents_blocked, "secondary")
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
        terms = search_key(self.documents_filter.text()).split()
        table = self.documents
        hidden = 0
        left_out = 0  # withdrawn rows the filter would show: what Show withdrawn would list
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            is_withdrawn = item is not None and item.data(Qt.ItemDataRole.UserRole) in withdrawn
            matches = True
            if terms:
                said = search_key(" ".join(f"{cell.text()} {cell.data(FILTER_WORDS) or ''}"
                                           for col in range(table.columnCount())
                                           if (cell := table.item(row, col)) is not None))
                matches = all(term in said for term in terms)
            hide = not matches or (not show and is_withdrawn)
            left_out += matches and not show and is_withdrawn
            table.setRowHidden(row, hide)
            hidden += hide
        listed = table.rowCount() > 0
        for part in (self.documents_filter_label, self.documents_filter):
            part.setVisible(listed)  # "No documents attached yet" says it all
        # Every row hidden: why, rather than an empty list under the filter (the only
        # document withdrawn and Show withdrawn unticked said nothing at all).
        lines = [f"No document matches “{self.documents_filter.text().strip()}”."] if terms else []
        if left_out:
            lines.append(f"{counted(left_out, 'withdrawn document')} not listed: Show withdrawn "
                         f"lists {'it' if left_out == 1 else 'them'}.")
        self.documents_no_match.setVisible(listed and hidden == table.rowCount())
        self.documents_no_match.setText(" ".join(lines))
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
        name = shortened_name(doc.file_name)  # whole, a long name made the box screens wide
        text = (f"Restrict {name} to you: only you, and the people you name with "
                "Who may open…, may open or export it." if restricted else
                f"Lift the restriction on {name}: everyone who may read the case "
                "may open and export it again.")
        if restricted and self.data is not None:
            text += open_twins_note(doc, self.data.documents)
        dialog = ConfirmChange(self, title="Restrict the document" if restricted
                               else "Lift the restriction", text=text,
                               action="Restrict" if restricted else "Lift restriction",
                               object_name="restrictionConfirm", reason=True,
                               reason_required=False)
        dialog.message.setTextFormat(Qt.TextFormat.PlainText)  # a file name is not markup
        self.restriction_dialog = dialog
        # Who may open it as the question said it: a colleague's change meanwhile (a
        # restriction to several people) is refused, not replaced by "only you".
        seen = (doc.restricted, tuple(doc.allowed_users) if doc.restricted else ())
        return dialog.ask(lambda reason: self._set_restriction(doc.id, restricted, reason,
                                                               seen))

    def _set_restriction(self, document_id: int, restricted: bool, reason: str,
                         seen: tuple[bool, tuple[str, ...]] | None = None) -> None:
        actor = self.actor
        refused = self._refused("Could not change the restriction")

        def failed(exc: BaseException) -> None:
            refused(exc)
            if isinstance(exc, ConflictError):  # the tab shows it as it is now
                self.reload()

        self.tasks.write(
            lambda s: document_service.set_restriction(
                s, actor=actor, document_id=document_id, restricted=restricted,
                reason=reason, expected=seen),
            lambda _d: self.reload(), failed)
