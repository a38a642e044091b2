"""File → Check a filing…: is this PDF (or a paper copy) the filing the case holds, and is
it still current? The check (services.filing_check) runs off the GUI thread with a
progress line and a Cancel button, as other long work does (ui.progress); the verdict
shows as a coloured badge with the facts behind it, all of it copyable. It only reads, so
every signed-in user may use it."""

from __future__ import annotations

import html
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.errors import ApprovalsError, InputError, NotFound
from approvals.domain.filing_kinds import kind_choices, printed_title
from approvals.paths import DataDir
from approvals.services.filing_check import (
    MIN_PREFIX,
    FilingCheck,
    check_filing,
    check_paper_copy,
    clean_fingerprint,
    clean_generated_at,
    fingerprint_typed,
)
from approvals.store.audit import Actor
from approvals.ui.errors import user_message
from approvals.ui.files import FILINGS, ask_open_file
from approvals.ui.progress import ProgressPanel, is_cancelled, service_callbacks
from approvals.ui.widgets import (
    palette_styled,
    resize_to_screen,
    set_available,
    text_field,
)
from approvals.ui.workers import Progress, TaskRunner

GREEN, AMBER, RED = "#2e7d32", "#8a5300", "#b71c1c"


def badge(result: FilingCheck) -> tuple[str, str]:
    """(words, colour) of the verdict: green a match that is current, amber a match to
    look at again (no longer current, another file with the same content, or only a
    printed name changed since) and a filing of another app version (its content cannot be
    recomputed here), red none."""
    if result.verdict in ("identical", "stored_final"):
        stored = result.stored_final
        if stored is not None and not stored.same_bytes and result.source == "pdf":
            # Not "same content": the metadata claiming it survives any edit of the pages.
            return "Claims a stored final, bytes differ", AMBER
        if result.current:
            return "Stored final, current", GREEN
        if result.other_version and not result.changes:
            # Worded by another version, but nothing on the case changed: still the record.
            return "Stored final, case unchanged", GREEN
        return "Stored final, no longer current", AMBER
    if result.verdict == "current":
        if result.same_as_rendering is False:
            return "Claims current content, bytes differ", AMBER
        # Which rendering it is current as: a draft is no filed document.
        return ("Current draft" if result.current_as == "draft" else "Current, not stored"
                if result.current_as in ("final", "preview") else "Current"), GREEN
    if result.verdict == "other_version":
        # Not "altered": an upgrade rewords filings; whether the case moved on is the question.
        return ("Other app version, case changed" if result.changes
                else "Other app version, case unchanged"), AMBER
    if result.verdict == "changed" and result.names_changed_only:
        # Nothing on the case changed: a full name the filing prints did.
        return "Case unchanged, a name it prints changed", AMBER
    if result.verdict == "changed" and not result.changes:
        # A status report draft whose case is unchanged: only the audit head it prints moved.
        return "Case unchanged, audit trail moved on", AMBER
    return {"changed": "Not current", "not_from_case": "Not from this case",
            "no_match": "No match", "unknown_case": "Case not here"}.get(
        result.verdict, result.verdict), RED


def meaning(result: FilingCheck) -> str:
    """The headline under the badge: what the verdict means, without the badge's own words
    again ("Current: the content is …" under a Current badge reads as a stutter)."""
    words, _colour = badge(result)
    lead, sep, rest = result.headline.partition(": ")
    if sep and rest and words.casefold().startswith(lead.casefold()):
        return rest[:1].upper() + rest[1:]
    return result.headline


def badge_html(result: FilingCheck) -> str:
    words, colour = badge(result)
    return (f'<span style="background-color:{colour}; color:#ffffff; white-space:nowrap; '
            f'font-weight:bold;">&nbsp;{html.escape(words)}&nbsp;</span>')


class _Details(QPlainTextEdit):
    """The facts behind a verdict: asks for a few lines only, and takes the height left. (A
    plain text edit asks for 192 px, which made the dialog's body scroll even at 100 %.)"""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.fontMetrics().lineSpacing() * 4 + 2 * self.frameWidth())


class _PageHighTabs(QTabWidget):
    """Tabs as high as the page shown: a tab widget asks for its highest page's height, so
    the PDF page stood as high as the paper copy's four fields, and at 200 % the verdict
    under it was scrolled out of sight."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _i: self._refit())

    def _refit(self) -> None:
        # Laid out at once, not at the next turn of the event loop: the page shown is never
        # squeezed into the height of the page before it, not even for one paint.
        self.updateGeometry()
        for _round in range(3):  # the body, then the scroll area that sizes it
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def _fitted(self, size: QSize, of: Callable[[QWidget], QSize]) -> QSize:
        pages = [w for n in range(self.count()) if (w := self.widget(n)) is not None]
        page = self.currentWidget()
        if page is None or not pages:
            return size
        tallest = max(of(w).height() for w in pages)
        return QSize(size.width(), size.height() - tallest + of(page).height())

    def sizeHint(self) -> QSize:
        return self._fitted(super().sizeHint(), lambda w: w.sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._fitted(super().minimumSizeHint(), lambda w: w.minimumSizeHint())

    def hasHeightForWidth(self) -> bool:
        # Its own height for a width is its highest page's (a wrapped note on each page):
        # the body's layout takes the hint above instead, the page shown with its note.
        return False


class _FittedPage(QWidget):
    """A page as high as its fields need at its width: a widget's size hint counts a
    wrapped note as at a guessed narrow width, lines too many, and at 200 % the empty
    space beneath the paper copy's fields pushed Check out of sight."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > 0 and self.hasHeightForWidth():
            return QSize(hint.width(), self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: Any) -> None:
        wider = event.oldSize().width() != event.size().width()
        super().resizeEvent(event)
        if wider:
            self.updateGeometry()  # its notes take fewer or more lines


class FilingCheckDialog(QDialog):
    """Pick a PDF, or type what a paper copy's footer shows, and check it."""

    finished_check = Signal()  # a verdict or an error is shown

    def __init__(self, runner: TaskRunner, actor_of: Callable[[], Actor], data_dir: DataDir,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setObjectName("filingCheckDialog")
        self.setWindowTitle("Check a filing")
        self.tasks = runner.bound_to(self)
        self.actor_of = actor_of
        self.data_dir = data_dir
        self.check_result: FilingCheck | None = None
        self.file_dialog: Any = None
        # From a case's Documents tab: (the name shown in the field, the stored file checked).
        self._named: tuple[str, Path] | None = None

        intro = QLabel("Is this the filing the case holds, and is it still current? Choose "
                       "the PDF you were given, or type what a paper copy's footer shows.")
        intro.setWordWrap(True)

        # -- a PDF ------------------------------------------------------------------------
        self.path_edit = text_field(QLineEdit, "filingCheckPath", "PDF file",
                                    "the filing PDF to check")
        self.path_edit.returnPressed.connect(self.run_check)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setObjectName("filingCheckBrowse")
        self.browse_button.clicked.connect(self.browse)
        pdf_row = QHBoxLayout()
        pdf_row.addWidget(self.path_edit, 1)
        pdf_row.addWidget(self.browse_button)
        # As high as its fields at its width, as the paper copy's page: a plain widget's hint
        # counted the wrapped note at a guessed narrow width, two lines of blank beneath it.
        pdf_page = _FittedPage()
        pdf_form = QFormLayout(pdf_page)
        pdf_label = QLabel("PDF &file")
        pdf_label.setBuddy(self.path_edit)
        pdf_form.addRow(pdf_label, pdf_row)
        pdf_note = QLabel("Its fingerprint is read from the PDF's metadata, and its bytes are "
                          "compared with the finals stored with the case.")
        pdf_note.setWordWrap(True)
        pdf_form.addRow(pdf_note)

        # -- a paper copy -----------------------------------------------------------------
        self.reference_edit = text_field(QLineEdit, "filingCheckReference", "Case reference",
                                         "AP-2026-0001 (top left of each page)")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("filingCheckKind")
        self.kind_combo.setAccessibleName("Filing kind")
        for kind, name in kind_choices():
            self.kind_combo.addItem(name, kind)
        # What page 1 of the paper says at the top, so the kind is matched by what is read
        # there rather than guessed from the app's names for it.
        self.kind_note = QLabel()
        self.kind_note.setObjectName("filingCheckKindNote")
        self.kind_note.setWordWrap(True)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._show_kind_note())
        self._show_kind_note()
        self.fingerprint_edit = text_field(
            QLineEdit, "filingCheckFingerprint", "Fingerprint",
            f"at least the first {MIN_PREFIX} hex digits; spaces are ignored")
        self.generated_edit = text_field(
            QLineEdit, "filingCheckGenerated", "Generated",
            "optional: the footer's time, after Generated (Content as of on a final), e.g. "
            "2026-11-29 22:41:55 UTC, to list the changes since")
        for edit in (self.reference_edit, self.fingerprint_edit, self.generated_edit):
            edit.returnPressed.connect(self.run_check)
        # What is wrong with a footer value, beneath its field as it is typed (the same
        # checks as the service's): field -> (its check, the label that says why).
        self.typed_checks: dict[QLineEdit, tuple[Callable[[str], object], QLabel]] = {}
        for edit, check in ((self.fingerprint_edit, clean_fingerprint),
                            (self.generated_edit, clean_generated_at)):
            problem = QLabel()
            problem.setObjectName(f"{edit.objectName()}Problem")
            problem.setWordWrap(True)
            problem.setVisible(False)
            self.typed_checks[edit] = (check, problem)
            edit.textChanged.connect(lambda _t, e=edit: self._check_typed(e))
            edit.editingFinished.connect(lambda e=edit: self._check_typed(e, left=True))
        paper_page = _FittedPage()
        paper_form = QFormLayout(paper_page)
        for text, widget in (("Case &reference", self.reference_edit),
                             ("&Kind", self.kind_combo),
                             ("F&ingerprint", self.fingerprint_edit),
                             ("&Generated", self.generated_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            # The field with its note beneath it, in one cell: a wrapped label in a row of
            # its own was given two lines' height too many (most of the page at 200 %).
            notes: list[QWidget] = [self.kind_note] if widget is self.kind_combo else \
                [self.typed_checks[widget][1]] if isinstance(widget, QLineEdit) \
                and widget in self.typed_checks else []
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            for part in (widget, *notes):
                column.addWidget(part)
            paper_form.addRow(label, cell)

        self.source_tabs = _PageHighTabs()
        self.source_tabs.setObjectName("filingCheckSource")
        self.source_tabs.addTab(pdf_page, "&PDF file")
        self.source_tabs.addTab(paper_page, "Paper &copy")
        # As high as the shown page's fields need, no more: the height left goes to the
        # verdict's details.
        self.source_tabs.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.check_button = QPushButton("C&heck")
        self.check_button.setObjectName("filingCheckButton")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.run_check)

        # -- the verdict --------------------------------------------------------------------
        self.error_label = QLabel()
        self.error_label.setObjectName("filingCheckError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setVisible(False)
        self.badge_label = QLabel()
        self.badge_label.setObjectName("filingCheckBadge")
        self.badge_label.setTextFormat(Qt.TextFormat.RichText)
        self.headline_label = QLabel("Nothing checked yet.")
        self.headline_label.setObjectName("filingCheckHeadline")
        self.headline_label.setWordWrap(True)
        self.headline_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice_label = QLabel()
        self.advice_label.setObjectName("filingCheckAdvice")
        self.advice_label.setWordWrap(True)
        self.advice_label.setTextFormat(Qt.TextFormat.RichText)
        self.advice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice_label.setVisible(False)
        self.details = _Details()
        self.details.setObjectName("filingCheckDetails")
        self.details.setAccessibleName("What the check found")
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.copy_button = QPushButton("Cop&y result")
        self.copy_button.setObjectName("filingCheckCopy")
        set_available(self.copy_button, "Nothing has been checked yet.")
        self.copy_button.clicked.connect(self.copy_result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        if (close := buttons.button(QDialogButtonBox.StandardButton.Close)) is not None:
            close.setText("C&lose")  # Alt+L: Qt's own text has no key (Alt+C is Paper copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)

        check_row = QHBoxLayout()
        check_row.addStretch(1)
        check_row.addWidget(self.check_button)
        # While a check runs: what it is doing, and Cancel (a large case's filings are
        # rendered again to compare; the officer who picked the wrong file need not wait).
        self.progress_panel = ProgressPanel(self, what="check")
        self.progress_panel.setObjectName("filingCheckProgress")
        self.progress_panel.setVisible(False)
        # The badge on a line of its own: beside a wrapped headline, a row lays them out
        # before the text is known and squeezes one of them.
        verdict_row = QVBoxLayout()
        verdict_row.addWidget(self.badge_label, 0, Qt.AlignmentFlag.AlignLeft)
        verdict_row.addWidget(self.headline_label)
        verdict_row.addWidget(self.advice_label)
        # Everything above Copy and Close scrolls when the screen is too short for it (200 %
        # on a 1280×720 laptop: the dialog's foot fell off the screen's edge); where it fits
        # there is no scroll bar, and the details take the height left.
        body = QWidget()
        body.setObjectName("filingCheckBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(intro)
        body_layout.addWidget(self.source_tabs)
        body_layout.addLayout(check_row)
        body_layout.addWidget(self.progress_panel)
        body_layout.addWidget(self.error_label)
        body_layout.addLayout(verdict_row)
        body_layout.addWidget(self.details, 1)
        self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * 4)
        self.body_area = QScrollArea()
        self.body_area.setObjectName("filingCheckBodyArea")
        self.body_area.setWidget(body)
        self.body_area.setWidgetResizable(True)
        self.body_area.setFrameShape(QFrame.Shape.NoFrame)
        # No Tab stop of its own (Tab from Close landed on the whole body, unseen); Tab to
        # a field scrolls it into view all the same.
        self.body_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body_area, 1)
        layout.addWidget(buttons)
        # No larger than the screen: at 200 % on a laptop, Check and Close fell off its edge.
        resize_to_screen(self, 720, 560)
        # Typing starts in the PDF field (not on the tab bar, first in the Tab order).
        self.path_edit.setFocus()

    # -- input ----------------------------------------------------------------------------
    def browse(self) -> Any:
        self.file_dialog = ask_open_file(self, FILINGS, title="Check a filing PDF",
                                         data_dir=self.data_dir, chosen=self.check_file)
        return self.file_dialog

    def check_file(self, path: Path, name: str | None = None) -> None:
        """Check `path` (a file chosen in the dialog, or given by the case window: a stored
        document, named `name` as on the Documents tab rather than by its stored file)."""
        self.source_tabs.setCurrentIndex(0)
        # The field shows the document's name, not the stored file's path inside the data
        # folder; the check still reads the stored file (until another path is typed).
        self._named = (name, path) if name else None
        self.path_edit.setText(name or str(path))
        self.run_check()

    def run_check(self) -> None:
        if not self.check_button.isEnabled():
            return  # a check is running
        actor = self.actor_of()
        if self.source_tabs.currentIndex() == 0:
            text = self.path_edit.text().strip()
            if not text:
                self._show_error("PDF file: choose the PDF to check (Browse…), or type its "
                                 "path.")
                self.path_edit.setFocus()
                return
            if self._named is not None and self._named[0] == text:
                named, path = self._named
            else:
                path = Path(text)
                named = path.name

            what = f"Checking {named}…"

            def work(session: Any, progress: Progress) -> FilingCheck:
                report, cancelled = service_callbacks(progress)
                return check_filing(session, actor=actor, source=path, name=named,
                                    progress=report, cancelled=cancelled)
        else:
            reference, kind = self.reference_edit.text(), str(self.kind_combo.currentData())
            fingerprint, generated = self.fingerprint_edit.text(), self.generated_edit.text()

            what = "Checking the paper copy…"

            def work(session: Any, progress: Progress) -> FilingCheck:
                report, cancelled = service_callbacks(progress)
                return check_paper_copy(session, actor=actor, reference=reference, kind=kind,
                                        fingerprint=fingerprint, generated_at=generated or None,
                                        progress=report, cancelled=cancelled)
        set_available(self.check_button, "A check is running.")
        self.check_button.setText("Checking…")
        self.error_label.setVisible(False)
        task = self.tasks.session_task(work, self._show, self._failed,
                                       self.progress_panel.update_progress)
        self.progress_panel.start(task, what)
        self.progress_panel.cancel_button.setText("Ca&ncel check")
        self.progress_panel.cancel_button.setToolTip("Stop the check (Escape); it only reads, "
                                                     "so nothing is undone")
        self.body_area.ensureWidgetVisible(self.progress_panel, 0, 0)

    def _check_typed(self, edit: QLineEdit, *, left: bool = False) -> None:
        """Say beneath `edit` what is wrong with its value. While it is typed, only what
        more typing cannot mend (a letter that is no hex digit, too many digits) appears;
        the rest (too few digits, half a time) once the field is left or Check pressed. A
        message shown follows the typing, so it goes as soon as the value is right."""
        check, label = self.typed_checks[edit]
        text = edit.text()
        message = ""
        if text.strip():
            try:
                check(text)
            except InputError as exc:
                message = "; ".join(p.message for p in exc.problems)
        if message and not left and not label.isVisible() and self._may_grow(edit, text):
            message = ""
        palette_styled(label, "problem")
        label.setText(message)
        label.setVisible(bool(message))
        edit.setAccessibleDescription(message)

    def _may_grow(self, edit: QLineEdit, text: str) -> bool:
        """Whether `text` may still become right as more is typed: a fingerprint of hex
        digits short of MIN_PREFIX, any time not yet complete."""
        if edit is self.fingerprint_edit:
            digits = fingerprint_typed(text)
            return len(digits) < MIN_PREFIX and all(ch in string.hexdigits for ch in digits)
        return True

    # -- output ---------------------------------------------------------------------------
    @property
    def checking(self) -> bool:
        """Whether a check is running (Cancel is offered)."""
        return self.progress_panel.running

    def cancel_check(self) -> None:
        """Ask the running check to stop; it says so when it has (see _failed)."""
        self.progress_panel.cancel()

    def reject(self) -> None:
        # Escape while a check runs stops the check, as in a progress window; the dialog
        # stays to say so. Once nothing runs, Escape closes it.
        if self.checking:
            self.cancel_check()
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        # Close (or the window's close box) while a check runs: the check is stopped too,
        # not left to run on for a dialog nobody sees.
        if self.checking:
            self.cancel_check()
            QDialog.reject(self)  # closes (reject above only stops the check)
            event.accept()
            return
        super().closeEvent(event)

    def _done(self) -> None:
        self.progress_panel.finish()
        self.progress_panel.setVisible(False)
        set_available(self.check_button, "")
        self.check_button.setText("C&heck")
        self.finished_check.emit()

    def _show_error(self, message: str) -> None:
        palette_styled(self.error_label, "problem")
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def _failed(self, exc: BaseException) -> None:
        self.check_result = None
        if is_cancelled(exc):  # no error: the officer stopped it
            self.error_label.setVisible(False)
            self.badge_label.clear()
            self.badge_label.setAccessibleName("")
            self.headline_label.setText("Check cancelled: nothing was checked.")
            self.advice_label.clear()
            self.advice_label.setVisible(False)
            self.details.clear()
            set_available(self.copy_button, "Nothing has been checked yet.")
            self._done()
            return
        fields = self._fields()
        for edit in self.typed_checks:  # each field's own problem beneath it, too
            self._check_typed(edit, left=True)
        if isinstance(exc, InputError) and any(p.path in fields for p in exc.problems):
            # Each problem under the field's own label, and the first such field focused.
            self._show_error("\n".join(
                f"{fields[p.path][0]}: {p.message}" if p.path in fields else str(p)
                for p in exc.problems))
            fields[next(p.path for p in exc.problems if p.path in fields)][1].setFocus()
        elif isinstance(exc, NotFound) and fields:  # the typed reference names no case here
            self._show_error(f"Case reference: {user_message(exc)} Check the reference printed "
                             "at the top of each page; this data folder holds no such case.")
            self.reference_edit.setFocus()
        else:
            self._show_error(user_message(exc) if isinstance(exc, ApprovalsError)
                             else f"The check could not run: {user_message(exc)}")
        self.badge_label.clear()
        self.badge_label.setAccessibleName("")
        # Under the refusal in red: "Not checked." alone read as a verdict beside it.
        self.headline_label.setText("Not checked: what stopped it is said above.")
        self.advice_label.clear()
        self.advice_label.setVisible(False)
        self.details.clear()
        set_available(self.copy_button, "Nothing has been checked yet.")
        self._done()
        self.body_area.ensureWidgetVisible(self.error_label, 0, 0)

    def _fields(self) -> dict[str, tuple[str, QWidget]]:
        """The service's problem paths on the paper copy tab -> (label, field)."""
        if self.source_tabs.currentIndex() == 0:
            return {}
        return {"reference": ("Case reference", self.reference_edit),
                "kind": ("Kind", self.kind_combo),
                "fingerprint": ("Fingerprint", self.fingerprint_edit),
                "generated": ("Generated", self.generated_edit)}

    def _show(self, result: FilingCheck) -> None:
        self.check_result = result
        self.badge_label.setText(badge_html(result))
        words, _colour = badge(result)
        self.badge_label.setAccessibleName(f"Verdict: {words}")
        self.headline_label.setText(meaning(result))
        self.advice_label.setText(f"<b>What to do:</b> {html.escape(result.advice, quote=False)}")
        self.advice_label.setVisible(bool(result.advice))
        self.details.setPlainText("\n".join(result.facts))
        set_available(self.copy_button, "")
        self._done()
        self._show_verdict()

    def _show_verdict(self) -> None:
        """Scrolled into view (on a short screen the form above it fills the window)."""
        self.body_area.ensureWidgetVisible(self.details, 0, 0)
        self.body_area.ensureWidgetVisible(self.badge_label, 0, 0)

    def copy_result(self) -> None:
        if self.check_result is not None:
            # As the dialog shows it: the badge, what it means, the facts, what to do.
            result = self.check_result
            words, _colour = badge(result)
            QGuiApplication.clipboard().setText("\n".join(
                [f"{words}: {meaning(result)}", *result.facts, f"What to do: {result.advice}"]))

    def _show_kind_note(self) -> None:
        english, chinese = printed_title(str(self.kind_combo.currentData()))
        self.kind_note.setText(f"Page 1 is titled: {english}" + (f" · {chinese}" if chinese else ""))

    def verdict_colour(self) -> str:
        """The badge's colour (for tests and screenshots); "" before a check."""
        return badge(self.check_result)[1] if self.check_result is not None else ""


def add_filing_check_action(window: QMainWindow) -> QAction:
    """File → Check a filing… on the main window (which has `runner`, `actor`, `data_dir`
    and `file_menu`): one non-modal dialog, kept while the main window lives."""
    action = QAction("Check a &filing…", window)
    action.setObjectName("filingCheckAction")
    action.setStatusTip("Is a filing PDF or paper copy the one the case holds, and is it "
                        "still current?")

    def show() -> FilingCheckDialog:
        dialog: Any = getattr(window, "filing_check_dialog", None)
        if dialog is None:
            dialog = FilingCheckDialog(window.runner,  # type: ignore[attr-defined]
                                       lambda: window.actor,  # type: ignore[attr-defined]
                                       window.data_dir, window)  # type: ignore[attr-defined]
            window.filing_check_dialog = dialog  # type: ignore[attr-defined]
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    action.triggered.connect(lambda _checked=False: show())
    window.file_menu.addSeparator()  # type: ignore[attr-defined]
    window.file_menu.addAction(action)  # type: ignore[attr-defined]
    return action
